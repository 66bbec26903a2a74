"""The demo's statuses and milestones, from the seed report."""

from __future__ import annotations

import datetime as dt

from gemini.core.demo import DemoContext
from gemini.programme.models import Milestone, Programme
from gemini.programme.status import services

D = dt.date


OVERALL_REASON = (
    "Amber overall, reflecting the risks and issues associated with the workforce and finance "
    "workstreams: they caused a delay and affected time and resources. Both are now being "
    "managed effectively and the programme remains within programme tolerance."
)


# (workstream slug, date, rating, narrative, achievements, next steps)
STATUS = (
    (
        "technical",
        D(2024, 4, 30),
        "Green",
        "Tenant design and build complete as planned.",
        "Cheshire West tenant created.",
        "Phase 1 migration (data).",
    ),
    ("technical", D(2024, 7, 31), "Green", "Phase 1 migration of data under way.", "", ""),
    ("technical", D(2024, 10, 31), "Green", "Phase 2 migration of accounts and devices.", "", ""),
    (
        "technical",
        D(2025, 1, 31),
        "Green",
        "New Cheshire West tenant created; over 3,000 users and devices migrated, 100% complete. "
        "CEC tidy-up and modernisation under way; final domain migration complete.",
        "Migration of 3,000+ users and devices complete.",
        "Modernise the CEC environment.",
    ),
    (
        "workforce",
        D(2024, 4, 30),
        "Green",
        "HR plan approved by Programme Board (February 2024).",
        "",
        "",
    ),
    (
        "workforce",
        D(2024, 7, 31),
        "Amber",
        "Delays to the prerequisites for formal consultation (JDQ development and evaluation).",
        "",
        "",
    ),
    ("workforce", D(2024, 10, 31), "Amber", "JDQ evaluation continuing in both councils.", "", ""),
    (
        "workforce",
        D(2025, 1, 31),
        "Amber",
        "JDQs developed and evaluated; formal consultation planned for February 2025 after the "
        "JDQ delays.",
        "JDQs evaluated (NW Employers and internal HR); summary job profiles moderated.",
        "Launch formal consultation with trade unions and staff (February 2025).",
    ),
    (
        "finance",
        D(2024, 4, 30),
        "Amber",
        "The finance workstream lead left in March 2024; recruitment under way.",
        "",
        "",
    ),
    ("finance", D(2024, 7, 31), "Amber", "Finance lead post still vacant.", "", ""),
    (
        "finance",
        D(2024, 10, 31),
        "Amber",
        "Agency finance support in place since August 2024 (with the CWaC finance team).",
        "",
        "",
    ),
    (
        "finance",
        D(2025, 1, 31),
        "Amber",
        "Balanced (net nil) forecast at quarter 3, reliant on £3.6m project income from 57,000 "
        "commissioned hours; agency roles down over 25% this financial year.",
        "Agency roles reduced by over 25%.",
        "Watch commissioned hours; cut agency staff if they fall.",
    ),
    (
        "phase-2",
        D(2024, 10, 31),
        "Green",
        "Review concluded: leave the shared data centre and network model by 2027.",
        "",
        "",
    ),
    (
        "phase-2",
        D(2025, 1, 31),
        "Green",
        "Preparation work complete: Programme Brief and Preparation Plan reviewed by the BDA; "
        "Programme Definition Document approved by Programme Board.",
        "Mobilisation projects started: VM migration off end-of-life hosting, VPN replacement, "
        "Security Operations Centre, zero trust.",
        "Business case through decision-making bodies.",
    ),
)


OVERALL = (
    (D(2024, 4, 30), "Amber", "Finance workstream lead vacancy (issue I01)."),
    (D(2024, 10, 31), "Amber", "Workforce consultation prerequisites delayed; finance lead gap."),
    (D(2025, 2, 6), "Amber", OVERALL_REASON),
)


# (reference, title, workstream, baseline, forecast, actual, predecessors)
MILESTONES: tuple[tuple[str, str, str | None, D, D | None, D | None, tuple[str, ...]], ...] = (
    ("M01", "SSJC recommends the hybrid model", None, D(2023, 1, 26), None, D(2023, 1, 26), ()),
    (
        "M02",
        "CWaC Cabinet agrees the hybrid model",
        None,
        D(2023, 2, 8),
        None,
        D(2023, 2, 8),
        ("M01",),
    ),
    ("M03", "CPC agrees the hybrid model", None, D(2023, 2, 9), None, D(2023, 2, 9), ("M01",)),
    ("M04", "Mobilisation workshop", None, D(2023, 2, 28), None, D(2023, 2, 28), ("M02", "M03")),
    (
        "M05",
        "HR plan approved by Programme Board",
        "workforce",
        D(2024, 2, 29),
        None,
        D(2024, 2, 29),
        ("M04",),
    ),
    (
        "M06",
        "Tenant migration phase 1 (data) complete",
        "technical",
        D(2024, 6, 28),
        None,
        D(2024, 6, 28),
        ("M04",),
    ),
    (
        "M07",
        "Tenant migration phase 2 (accounts and devices) complete",
        "technical",
        D(2024, 11, 29),
        None,
        D(2024, 11, 29),
        ("M06",),
    ),
    (
        "M08",
        "Formal consultation with trade unions and staff begins",
        "workforce",
        D(2024, 9, 30),
        D(2025, 2, 28),
        None,
        ("M05",),
    ),
    (
        "M09",
        "Required capabilities in place in both councils",
        None,
        D(2025, 4, 1),
        D(2025, 4, 1),
        None,
        ("M08",),
    ),
    (
        "M10",
        "Exit from the shared data centre and network model",
        "phase-2",
        D(2027, 3, 31),
        D(2027, 3, 31),
        None,
        (),
    ),
)


def load(programme: Programme, context: DemoContext) -> None:
    """The statuses, the overall status and the milestones (the small demo keeps the
    latest statuses only)."""
    workstreams = {ws.slug: ws for ws in programme.workstreams.all()}
    # The small demo (tests) keeps every category but less history and fewer services.
    status_rows = [row for row in STATUS if not context.small or row[1] >= D(2024, 10, 31)]
    for slug, date, rating, narrative, achievements, next_steps in status_rows:
        _, outcome = services.save_status_update(
            workstreams[slug], date, rating, narrative, achievements, next_steps
        )
        context.record(outcome)
    for date, rating, reason in OVERALL:
        _, outcome = services.record_overall_status(programme, date, rating, reason)
        context.record(outcome)

    def _milestone_status(baseline: D, forecast: D | None, actual: D | None) -> str:
        """Complete once done; at risk when the forecast is over a month past the baseline
        (as a report's check before issue reads it); else on track."""
        if actual:
            return Milestone.Status.COMPLETE
        if forecast and baseline and (forecast - baseline).days > 30:
            return Milestone.Status.AT_RISK
        return Milestone.Status.ON_TRACK

    milestones: dict[str, Milestone] = {}
    for reference, title, ws_slug, baseline, forecast, actual, predecessors in MILESTONES:
        milestones[reference], outcome = services.save_milestone(
            programme,
            reference,
            {
                "title": title,
                "workstream": workstreams[ws_slug] if ws_slug else None,
                "baseline_date": baseline,
                "forecast_date": forecast,
                "actual_date": actual,
                "status": _milestone_status(baseline, forecast, actual),
            },
            predecessors=[milestones[p] for p in predecessors],
        )
        context.record(outcome)
