"""The programme's sections of the committee report (docs/reports.md, "Sections"): its figures
as they stood at the end of the report's date — status, milestones, benefits, savings profile,
risks, and the exempt records of Part 2 — and the renderers that write them.

Registered by `ProgrammeConfig.ready` (gemini.core.reporting.registry). The figures are plain
JSON-safe data (money as strings with pence, dates ISO) kept in the issued report's snapshot;
the renderers are pure.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Q

from gemini.core.asat import dated, is_live, recorded
from gemini.core.models import Confidentiality, Organisation
from gemini.core.reporting import formatting as f
from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import Builder, Chart, Content, Table
from gemini.programme import engine as programme_engine
from gemini.programme import services as programme_services
from gemini.programme.figures import status_as_at
from gemini.programme.models import (
    Benefit,
    BenefitMeasurement,
    BenefitProfile,
    Decision,
    Issue,
    Milestone,
    Paper,
    Programme,
    Risk,
    RiskBand,
    RiskMatrix,
    Workstream,
)

TOP_RISKS = 5


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


# ---------------------------------------------------------------- figures (Part 1)


def programme_figures(scope: r.Scope) -> dict[str, Any]:
    programme: Programme = scope.programme
    return {"name": programme.name, "scale": list(programme_services.scale_of(programme))}


def status(scope: r.Scope) -> dict[str, Any]:
    """Each workstream's latest status, the overall judgement and the rule's suggestion (from
    `programme.figures.status_as_at`), and the milestones as they stood at the end of the day."""
    programme: Programme = scope.programme
    as_at = scope.as_at
    snapshot = status_as_at(programme, as_at)
    workstream_slugs = {
        w.pk: w.slug for w in recorded(Workstream, as_at).filter(programme_id=programme.pk)
    }
    milestones = sorted(
        recorded(Milestone, as_at).filter(programme_id=programme.pk),
        key=lambda m: (m.baseline_date or dt.date.max, m.reference),
    )
    workstreams = []
    for workstream in snapshot.workstreams:
        latest = workstream.latest
        workstreams.append(
            {
                "slug": workstream.slug,
                "name": workstream.name,
                "rating": latest.rating if latest else None,
                "date": _day(latest.date) if latest else None,
                "narrative": latest.narrative if latest else "",
                "achievements": latest.achievements if latest else "",
                "next_steps": latest.next_steps if latest else "",
                "history": [[u.date.isoformat(), u.rating] for u in workstream.history],
            }
        )
    overall = snapshot.overall
    suggestion = snapshot.suggestion
    return {
        "workstreams": workstreams,
        "overall": (
            {
                "rating": overall.rating,
                "reason": overall.reason,
                "date": overall.date.isoformat(),
                "suggested": overall.suggested_rating,
                "rule": overall.suggestion_rule,
            }
            if overall
            else None
        ),
        "suggestion": {"rating": suggestion.rating, "rule": suggestion.rule},
        "milestones": [
            {
                "reference": m.reference,
                "title": m.title,
                "workstream": workstream_slugs.get(m.workstream_id) if m.workstream_id else None,
                "baseline": _day(m.baseline_date),
                "forecast": _day(m.forecast_date),
                "actual": _day(m.actual_date),
                "status": m.get_status_display(),
                "slippage_days": m.slippage_days,
            }
            for m in milestones
        ],
    }


def benefits(scope: r.Scope) -> list[dict[str, Any]]:
    """The benefits as recorded at the end of the day, each realised to its latest measurement
    dated on or before it."""
    programme: Programme = scope.programme
    as_at = scope.as_at
    measurements: dict[int, list[BenefitMeasurement]] = {}
    for measurement in dated(
        BenefitMeasurement.objects.filter(benefit__programme=programme), as_at
    ).order_by("date", "pk"):
        measurements.setdefault(measurement.benefit_id, []).append(measurement)
    rows = []
    for benefit in recorded(Benefit, as_at).filter(programme_id=programme.pk).order_by("reference"):
        own = measurements.get(benefit.pk, [])
        if benefit.quantitative:
            realised = programme_engine.percent_realised(
                benefit.baseline, benefit.target, own[-1].value if own else None
            ).percent
        else:
            realised = None
        rows.append(
            {
                "reference": benefit.reference,
                "title": benefit.title,
                "description": benefit.description,
                "kind": benefit.kind,
                "type": "Financial" if benefit.financial else "Non-financial",
                "percent_realised": None if realised is None else f"{realised}",
            }
        )
    return rows


def savings_profile(scope: r.Scope) -> dict[str, dict[str, str]]:
    """Financial benefits' planned savings by council code and financial year, as recorded at
    the end of the day (programme.services.savings_by_council, as at the day)."""
    programme: Programme = scope.programme
    as_at = scope.as_at
    if is_live(as_at):
        totals = programme_services.savings_by_council(programme)
    else:
        counted = {
            b.pk
            for b in recorded(Benefit, as_at).filter(
                programme_id=programme.pk, financial=True, kind=Benefit.Kind.BENEFIT
            )
        }
        codes = dict(Organisation.objects.values_list("pk", "code"))
        totals = {}
        for row in recorded(BenefitProfile, as_at).filter(benefit_id__in=counted):
            by_year = totals.setdefault(codes[row.organisation_id], {})
            by_year[row.financial_year] = by_year.get(row.financial_year, Decimal("0")) + row.amount
    return {
        code: {year: _money(amount) for year, amount in sorted(years.items())}
        for code, years in totals.items()
    }


def _matrix(programme: Programme, as_at: dt.date) -> tuple[programme_engine.Matrix, Any]:
    stored = recorded(RiskMatrix, as_at).filter(programme_id=programme.pk).first()
    if stored is None:
        return programme_engine.DEFAULT_MATRIX, None
    bands = list(recorded(RiskBand, as_at).filter(matrix_id=stored.pk).order_by("lowest"))
    return stored.as_engine(bands), stored


def _risk_row(
    risk: Risk, matrix: programme_engine.Matrix, workstreams: dict[int, str]
) -> dict[str, Any]:
    band = matrix.band(risk.current_score)
    return {
        "reference": risk.reference,
        "title": risk.title,
        "workstream": workstreams.get(risk.workstream_id, "") if risk.workstream_id else "",
        "cause": risk.cause,
        "event": risk.event,
        "effect": risk.effect,
        "owner": risk.owner,
        "likelihood": risk.current_likelihood,
        "impact": risk.current_impact,
        "score": risk.current_score,
        "band": band.name,
        "target_score": risk.target_score,
        "response": risk.get_response_display(),
        "status": risk.get_status_display(),
        "paragraph": risk.exempt_paragraph,
        "reason": risk.public_interest_reason,
    }


def _workstream_names(programme: Programme, as_at: dt.date) -> dict[int, str]:
    return {w.pk: w.name for w in recorded(Workstream, as_at).filter(programme_id=programme.pk)}


def risks(scope: r.Scope) -> dict[str, Any]:
    """The public open risks, the top few by current score and the heat map's counts."""
    programme: Programme = scope.programme
    as_at = scope.as_at
    matrix, stored = _matrix(programme, as_at)
    names = _workstream_names(programme, as_at)
    public_open = list(
        recorded(Risk, as_at).filter(
            programme_id=programme.pk,
            status=Risk.Status.OPEN,
            confidentiality=Confidentiality.PUBLIC,
        )
    )
    public_open.sort(key=lambda r: (-r.current_score, r.reference))
    counts = Counter((r.current_likelihood, r.current_impact) for r in public_open)
    return {
        "matrix": {
            "levels": matrix.levels,
            "bands": [[b.name, b.lowest, b.highest, b.colour] for b in matrix.bands],
            "likelihood_labels": list(stored.likelihood_labels) if stored else [],
            "impact_labels": list(stored.impact_labels) if stored else [],
            "appetite": stored.appetite if stored else None,
        },
        "open": len(public_open),
        "top": [_risk_row(r, matrix, names) for r in public_open[:TOP_RISKS]],
        "counts": [[likelihood, impact, n] for (likelihood, impact), n in sorted(counts.items())],
    }


# ---------------------------------------------------------------- figures (Part 2)

EXEMPT = Q(confidentiality=Confidentiality.EXEMPT)


def exempt_risks(scope: r.Scope) -> list[dict[str, Any]]:
    programme: Programme = scope.programme
    matrix, _ = _matrix(programme, scope.as_at)
    names = _workstream_names(programme, scope.as_at)
    return [
        _risk_row(risk, matrix, names)
        for risk in recorded(Risk, scope.as_at)
        .filter(EXEMPT, programme_id=programme.pk)
        .exclude(status=Risk.Status.CLOSED)
        .order_by("reference")
    ]


def exempt_issues(scope: r.Scope) -> list[dict[str, Any]]:
    return [
        {
            "reference": i.reference,
            "title": i.title,
            "description": i.description,
            "priority": i.get_priority_display(),
            "resolution": i.resolution,
            "paragraph": i.exempt_paragraph,
            "reason": i.public_interest_reason,
        }
        for i in dated(
            recorded(Issue, scope.as_at).filter(EXEMPT, programme_id=scope.programme.pk),
            scope.as_at,
            "raised_date",
        ).order_by("reference")
    ]


def exempt_decisions(scope: r.Scope) -> list[dict[str, Any]]:
    return [
        {
            "reference": d.reference,
            "title": d.title,
            "date": d.date.isoformat(),
            "resolution": d.resolution,
            "paragraph": d.exempt_paragraph,
            "reason": d.public_interest_reason,
        }
        for d in dated(
            recorded(Decision, scope.as_at).filter(EXEMPT, programme_id=scope.programme.pk),
            scope.as_at,
        ).order_by("date")
    ]


def exempt_papers(scope: r.Scope) -> list[dict[str, Any]]:
    return [
        {
            "title": p.title,
            "reference": p.reference,
            "paragraph": p.exempt_paragraph,
            "reason": p.public_interest_reason,
        }
        for p in recorded(Paper, scope.as_at).filter(EXEMPT, meeting_id=scope.meeting.pk)
    ]


# ---------------------------------------------------------------- renderers (pure)


def _overall_headline(b: Builder, content: Content, key: str) -> None:
    overall = content.data["status"]["overall"]
    if overall:
        b.para(
            f"The programme status is {overall['rating']} overall as at "
            f"{f.long_date(content.data['as_at'])}.",
            from_data=True,
        )


def _background(b: Builder, content: Content, key: str) -> None:
    data = content.data
    overall = data["status"]["overall"]
    if overall:
        reason = overall["reason"].strip()
        b.para(
            f"The overall status was last assessed on {f.long_date(overall['date'])}"
            + (f": {reason}" if reason else ".")
            + ("" if not reason or reason.endswith((".", "!", "?")) else "."),
            from_data=True,
        )
    else:
        b.para(
            f"No overall status had been recorded for the programme by "
            f"{f.long_date(data['as_at'])}.",
            from_data=True,
        )
    rated = [w for w in data["status"]["workstreams"] if w["rating"]]
    if rated:
        b.add(
            Table(
                ("Workstream", "Status", "As at"),
                tuple((w["name"], w["rating"], f.short_date(w["date"])) for w in rated),
                "Workstream status",
            )
        )
        b.add(Chart("rag_history", "Workstream status over time"))
    milestones = data["status"]["milestones"]
    if milestones:
        b.add(
            Table(
                ("Milestone", "Baseline", "Forecast or actual", "Status"),
                tuple(
                    (
                        m["title"],
                        f.short_date(m["baseline"]),
                        f.short_date(m["actual"] or m["forecast"] or m["baseline"]),
                        m["status"],
                    )
                    for m in milestones
                ),
                "Key milestones",
            )
        )


def _total(values: Mapping[str, str]) -> Decimal:
    return sum((Decimal(v) for v in values.values()), Decimal("0"))


def _benefits(b: Builder, content: Content, key: str) -> None:
    data = content.data
    rows = data["benefits"]
    if not rows:
        b.para("No benefits have been recorded for the programme yet.", from_data=True)
    else:
        b.add(
            Table(
                ("Benefit", "Expected Benefit Outcome", "Benefit Type"),
                tuple(
                    (r["title"], r["description"], r["type"])
                    for r in rows
                    if r["kind"] == "benefit"
                ),
                "Benefits of the programme",
            )
        )
        dis = [r for r in rows if r["kind"] != "benefit"]
        if dis:
            b.para(
                "Dis-benefits recorded: " + "; ".join(r["title"] for r in dis) + ".",
                from_data=True,
            )
    profile = data["savings_profile"]
    if data.get("finance") is None and profile:
        # With no finance records, the benefits' own savings profile gives the target.
        year = max(y for years in profile.values() for y in years)
        targets = {code: years.get(year, "0") for code, years in profile.items()}
        total = _total(targets)
        if total > 0:
            names = data["councils"]
            parts = [
                f"{f.money(targets[code])} {names.get(code, code)}"
                for code in targets
                if code in names
            ]
            b.para(
                f"The benefits plan savings of {f.money(total)} a year by {year} for both "
                f"councils: {f.join(parts)}.",
                from_data=True,
            )


def _workstream_status(b: Builder, content: Content, key: str) -> None:
    slug = key.removeprefix("workstream:")
    workstream = next((w for w in content.data["status"]["workstreams"] if w["slug"] == slug), None)
    if workstream is None or not workstream["rating"]:
        b.para("No status has been reported for this workstream yet.", from_data=True)
        return
    b.para(
        f"Status: {workstream['rating']} (as at {f.long_date(workstream['date'])})."
        + (f" {workstream['narrative']}" if workstream["narrative"] else ""),
        from_data=True,
    )


def next_milestones(data: Mapping[str, Any], workstream: str | None = None) -> list[str]:
    as_at = data["as_at"]
    rows = [
        m
        for m in data["status"]["milestones"]
        if not m["actual"]
        and (workstream is None or m["workstream"] == workstream)
        and (m["forecast"] or m["baseline"])
    ]
    rows.sort(key=lambda m: m["forecast"] or m["baseline"])
    out = []
    for m in rows[:3]:
        due = m["forecast"] or m["baseline"]
        late = m["slippage_days"]
        text = f"{m['title']}: {'forecast' if m['forecast'] else 'planned'} {f.month(due)}"
        if late and late > 0:
            text += (
                f" ({f.counted(late, 'day')} after the baseline of {f.short_date(m['baseline'])})"
            )
        if due < as_at:
            text += ", overdue"
        out.append(text)
    return out


def _workstream_milestones(b: Builder, content: Content, key: str) -> None:
    upcoming = next_milestones(content.data, key.removeprefix("workstream:"))
    if upcoming:
        b.para("Next milestones:", from_data=True)
        b.bullets(upcoming, from_data=True)


def _risks(b: Builder, content: Content, key: str) -> None:
    data = content.data["risks"]
    if not data["open"]:
        b.para("There are no open risks on the programme's register.", from_data=True)
        return
    shown = min(len(data["top"]), data["open"])
    b.para(
        f"The programme's register has {f.counted(data['open'], 'open risk')}, each scored "
        f"for likelihood and impact; "
        + (
            f"the {f.counted(shown, 'risk')} with the highest current scores are below."
            if shown > 1
            else "it is below."
        ),
        from_data=True,
    )
    b.add(
        Table(
            ("Ref", "Risk", "Current score", "Band", "Response", "Owner"),
            tuple(
                (
                    row["reference"],
                    row["title"],
                    f"{row['score']} ({row['likelihood']} × {row['impact']})",
                    row["band"],
                    row["response"],
                    row["owner"],
                )
                for row in data["top"]
            ),
            "Top risks by current score (likelihood × impact)",
        )
    )
    b.add(Chart("heat_map", "Open risks by likelihood and impact"))


def _records_exemptions(kind: str) -> r.Exemptions:
    def exemptions(content: Content) -> list[tuple[int, str]]:
        return [
            (int(row["paragraph"]), row["reason"])
            for row in content.data["part2"].get(kind, [])
            if row["paragraph"]
        ]

    return exemptions


def _exempt_risks(b: Builder, content: Content, key: str) -> None:
    for risk in content.data["part2"]["risks"]:
        b.para(
            f"{risk['reference']} {risk['title']} (paragraph {risk['paragraph']}): because of "
            f"{risk['cause'] or '…'}, there is a risk that {risk['event'] or '…'}, which would "
            f"lead to {risk['effect'] or '…'}. Current score {risk['score']} ({risk['band']}), "
            f"target {risk['target_score']}; response {risk['response']}; owner "
            f"{risk['owner']}.",
            from_data=True,
        )


def _exempt_issues(b: Builder, content: Content, key: str) -> None:
    for issue in content.data["part2"]["issues"]:
        resolution = f" Resolution: {issue['resolution']}" if issue["resolution"] else ""
        b.para(
            f"{issue['reference']} {issue['title']} ({issue['priority']} priority, paragraph "
            f"{issue['paragraph']}). {issue['description']}{resolution}",
            from_data=True,
        )


def _exempt_decisions(b: Builder, content: Content, key: str) -> None:
    for decision in content.data["part2"]["decisions"]:
        b.para(
            f"{decision['reference']} {decision['title']} ({f.short_date(decision['date'])}, "
            f"paragraph {decision['paragraph']}). {decision['resolution']}",
            from_data=True,
        )


# ---------------------------------------------------------------- registration


def register() -> None:
    for key, read in (
        ("programme", programme_figures),
        ("status", status),
        ("benefits", benefits),
        ("savings_profile", savings_profile),
        ("risks", risks),
    ):
        r.register_figures(r.Figures(key, read))
    for key, read in (
        ("risks", exempt_risks),
        ("issues", exempt_issues),
        ("decisions", exempt_decisions),
        ("papers", exempt_papers),
    ):
        r.register_figures(r.Figures(key, read, part=2))
    r.contribute(r.Contribution("executive_summary", _overall_headline, ("status",), order=10))
    r.register_section(
        r.Section(
            "background",
            "Background",
            40,
            figures=("status",),
            render=_background,
            narrative_first=True,
            hint="The decisions so far and the programme's history. Gemini adds when the "
            "overall status was last assessed and why, the workstreams' status and the key "
            "milestones.",
        )
    )
    r.register_section(
        r.Section(
            "benefits",
            "Benefits",
            50,
            figures=("benefits", "savings_profile"),
            render=_benefits,
            narrative_first=True,
            hint="An introduction to the benefits. Gemini adds the benefits table and the "
            "savings delivered.",
        )
    )
    r.register_section(r.Section(r.WORKSTREAMS, "Workstreams", 60, narrative=False))
    r.contribute(r.Contribution(r.EVERY_WORKSTREAM, _workstream_status, ("status",), order=0))
    r.contribute(r.Contribution(r.EVERY_WORKSTREAM, _workstream_milestones, ("status",), order=90))
    r.register_section(
        r.Section(
            "risk_management",
            "Risk Management",
            150,
            figures=("risks",),
            render=_risks,
            group="Implications and Comments",
            narrative_first=True,
            hint="Gemini adds the top risks and the heat map (public risks only).",
        )
    )
    for key, title, order, kind, render in (
        ("part2_risks", "Exempt risks", 40, "risks", _exempt_risks),
        ("part2_issues", "Exempt issues", 50, "issues", _exempt_issues),
        ("part2_decisions", "Exempt decisions", 60, "decisions", _exempt_decisions),
    ):
        r.register_section(
            r.Section(
                key,
                title,
                order,
                part=2,
                figures=(kind,),
                render=render,
                narrative=False,
                exemptions=_records_exemptions(kind),
            )
        )
