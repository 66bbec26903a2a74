"""Read what every app holds for a committee report, as one JSON-safe snapshot.

The snapshot is plain data (money as strings with pence, dates ISO), so an issued report keeps
exactly what it showed and the document builder (`document.py`) needs no database. Each
domain's part is `None` when that app holds no data: the report then says so plainly and
still builds.

Part 1 and Part 2 are kept apart here: everything under `"part2"` is exempt (records marked
exempt, labour-relations detail) and only the Part 2 appendix reads it. No part holds a
person's name, pay or date of birth: staff are counted, never listed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.timezone import localdate

from gemini.core.asat import dated, end_of_day, is_live, recorded
from gemini.core.models import Confidentiality, Organisation
from gemini.programme import engine as programme_engine
from gemini.programme import services as programme_services
from gemini.programme.figures import status_as_at
from gemini.programme.models import (
    Benefit,
    BenefitMeasurement,
    BenefitProfile,
    Decision,
    Issue,
    Meeting,
    Milestone,
    Paper,
    Programme,
    Risk,
    RiskBand,
    RiskMatrix,
    Workstream,
)

SCHEMA = 1
TOP_RISKS = 5


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def council_name(organisation: Organisation) -> str:
    """ "Cheshire East" for "Cheshire East Council", as the seed writes the councils."""
    name = organisation.name
    return name[: -len(" Council")] if name.endswith(" Council") else name


def councils() -> dict[str, str]:
    return {
        o.code: council_name(o)
        for o in Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("name")
    }


# ---------------------------------------------------------------- programme


def _status(programme: Programme, as_at: dt.date) -> dict[str, Any]:
    """Each workstream's latest status, the overall judgement and the rule's suggestion (from
    `programme.figures.status_as_at`), and the milestones as they stood at the end of `as_at`."""
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


def _benefits(programme: Programme, as_at: dt.date) -> list[dict[str, Any]]:
    """The benefits as recorded at the end of `as_at`, each realised to its latest measurement
    dated on or before the day."""
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


def _savings_profile(programme: Programme, as_at: dt.date) -> dict[str, dict[str, str]]:
    """Financial benefits' planned savings by council code and financial year, as recorded at
    the end of `as_at` (programme.services.savings_by_council, as at the day)."""
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


def _risks(programme: Programme, as_at: dt.date) -> dict[str, Any]:
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


# ---------------------------------------------------------------- finance


FINANCE_MODELS = (
    "AgencySnapshot",
    "BudgetLine",
    "IncomePlan",
    "OneOffInvestment",
    "OneOffSpend",
    "QuarterFigure",
    "SavingsItem",
    "SavingsTarget",
)


def _finance_changed_after(as_at: dt.date) -> bool:
    """True when a finance record was created or changed after the end of `as_at`: the live
    finance figures may then differ from what was true that day (a consistency check)."""
    from gemini.finance import models as finance_models

    if is_live(as_at):
        return False
    after = end_of_day(as_at)
    return any(
        getattr(finance_models, name).history.filter(history_date__gt=after).exists()
        for name in FINANCE_MODELS
    )


def _finance(as_at: dt.date) -> dict[str, Any] | None:
    from gemini.finance import engine as finance_engine
    from gemini.finance import figures
    from gemini.finance.models import (
        AgencySnapshot,
        BudgetLine,
        IncomePlan,
        OneOffInvestment,
        OneOffSpend,
        SavingsItem,
        SavingsSource,
        SavingsTarget,
    )

    if not (
        BudgetLine.objects.exists()
        or SavingsTarget.objects.exists()
        or OneOffInvestment.objects.exists()
    ):
        return None
    position = figures.position()
    year = position.year
    plan = IncomePlan.objects.filter(financial_year=year).first()
    trend = figures.agency_trend(year)
    first_spend_year = (
        OneOffSpend.objects.order_by("financial_year")
        .values_list("financial_year", flat=True)
        .first()
    )
    year_number = None
    if first_spend_year and position.savings_year:
        year_number = (
            finance_engine.year_start(position.savings_year)
            - finance_engine.year_start(first_spend_year)
            + 1
        )
    contract = sum(
        (
            item.annual_amount
            for item in SavingsItem.objects.filter(source=SavingsSource.CONTRACT_COSTS)
        ),
        Decimal("0"),
    )
    trajectory = finance_engine.savings_trajectory(
        figures.savings_targets(), figures.savings_items(), figures.savings_years()
    )
    one_off = OneOffInvestment.objects.select_related("basis").first()
    return {
        "changed_after_as_at": _finance_changed_after(as_at),
        "year": year,
        "review": position.review,
        "as_of": position.as_of.isoformat(),
        "one_off_total": _money(position.one_off_total),
        "one_off_by_council": {k: _money(v) for k, v in position.one_off_by_council.items()},
        "one_off_basis": one_off.basis.name if one_off else "",
        "savings_year": position.savings_year,
        "savings_year_number": year_number,
        "savings_target_by_council": {
            k: _money(v) for k, v in position.savings_target_by_council.items()
        },
        "savings_delivered_by_council": {
            k: _money(v) for k, v in position.savings_delivered_by_council.items()
        },
        "contract_savings": _money(contract),
        "forecast_variance": _money(position.forecast_variance),
        "forecast_rag": position.forecast_rag,
        "project_income_budget": _money(position.project_income_budget),
        "project_income_forecast": _money(position.project_income_forecast),
        "planned_hours": f"{plan.planned_hours:.0f}" if plan else None,
        "agency_reduction_percent": f"{position.agency_reduction_percent}",
        "agency_start": trend.start.roles if trend.start else None,
        "agency_latest": trend.latest.roles if trend.latest else None,
        "agency_months": AgencySnapshot.objects.count(),
        "trajectory": [
            [row.party, row.year, _money(row.target), _money(row.planned), _money(row.delivered)]
            for row in trajectory
        ],
    }


# ---------------------------------------------------------------- migration


def _wave_progress(plan: Any, as_at: dt.date) -> list[tuple[str, int, int, int]]:
    """Per wave of `plan`: users, and how many had finished phase 1 and phase 2 by the end of
    `as_at` (migration.services.wave_progress for today; the audit history for a past day)."""
    from gemini.migration import models as migration_models
    from gemini.migration import services as migration_services

    if is_live(as_at):
        return [
            (r["wave"].name, r["users"], r["phase_1"], r["phase_2"])
            for r in migration_services.wave_progress(plan)
        ]
    waves = list(recorded(migration_models.Wave, as_at).filter(plan_id=plan.pk).order_by("number"))
    placed = recorded(migration_models.Placement, as_at).filter(
        plan_id=plan.pk, wave_id__isnull=False
    )
    wave_of = {p.identity_id: p.wave_id for p in placed}
    finished: dict[int, set[str]] = {}
    statuses = dated(
        recorded(migration_models.WorkloadStatus, as_at).filter(
            identity_id__in=wave_of, state__in=migration_models.DONE_STATES
        ),
        as_at,
        "updated_at",
    )
    for status in statuses:
        finished.setdefault(status.identity_id, set()).add(status.workload)
    rows = []
    for wave in waves:
        people = [i for i, w in wave_of.items() if w == wave.pk]
        phase_1 = sum(1 for i in people if set(migration_models.PHASE_1) <= finished.get(i, set()))
        phase_2 = sum(1 for i in people if set(migration_models.PHASE_2) <= finished.get(i, set()))
        rows.append((wave.name, len(people), phase_1, phase_2))
    return rows


def _migration(as_at: dt.date) -> dict[str, Any] | None:
    """The tenant migration's progress by the end of `as_at`: the latest plan made by then."""
    from gemini.migration import models as migration_models
    from gemini.migration import services as migration_services

    plan = (
        dated(migration_models.Plan.objects.all(), as_at, "created_at")
        .order_by("-created_at", "-pk")
        .first()
    )
    if plan is None:
        return None
    rows = _wave_progress(plan, as_at)
    settings = migration_services.current_settings()
    users = sum(r[1] for r in rows)
    phase_1 = sum(r[2] for r in rows)
    phase_2 = sum(r[3] for r in rows)
    return {
        "moving": council_name(settings.moving_organisation) if settings else "",
        "source_tenant": settings.source_tenant_name if settings else "",
        "target_tenant": settings.target_tenant_name if settings else "",
        "users": users,
        "devices": recorded(migration_models.Device, as_at).count(),
        "phase_1": phase_1,
        "phase_2": phase_2,
        "percent_complete": f"{(Decimal(phase_2) * 100 / users):.1f}" if users else None,
        "waves": [list(r) for r in rows],
    }


# ---------------------------------------------------------------- workforce


def _workforce(as_at: dt.date) -> dict[str, Any] | None:
    """Staff and the new service designs' places, as recorded at the end of `as_at`. Places
    count identical posts each; JDQs are counted by post record (evaluated, draft) beside the
    number of post records, so the two are never mixed."""
    from gemini.workforce.models import Post, ServiceDesign, Staff

    staff = recorded(Staff, as_at).count()
    designs = list(recorded(ServiceDesign, as_at))
    if not staff and not designs:
        return None
    codes = dict(Organisation.objects.values_list("pk", "code"))
    tally: dict[int, list[int]] = {d.pk: [0, 0, 0, 0] for d in designs}
    for post in recorded(Post, as_at):
        row = tally.get(post.structure_id)
        if row is None:
            continue
        row[0] += post.count
        row[1] += post.jdq_status == "evaluated"
        row[2] += post.jdq_status == "draft"
        row[3] += 1
    ordered = sorted(designs, key=lambda d: (codes.get(d.council_id, ""), d.name))
    return {
        "staff": staff,
        "posts": sum(row[0] for row in tally.values()),
        "designs": [[codes.get(d.council_id, ""), d.name, *tally[d.pk]] for d in ordered],
    }


def _workforce_part2(as_at: dt.date) -> dict[str, Any] | None:
    """The latest matching run made on or before `as_at` (a run made later is not seen)."""
    from gemini.workforce import summary
    from gemini.workforce.engine.matching import OUTCOME_LABELS
    from gemini.workforce.models import MatchingRun

    run = dated(MatchingRun.objects.all(), as_at, "created_at").order_by("-number").first()
    if run is None:
        return None
    result = summary.run_summary(run)
    costs = result.costs
    return {
        "run": run.number,
        "run_date": localdate(run.created_at).isoformat(),
        "staff": run.staff_count,
        "posts": run.post_count,
        "outcomes": [[OUTCOME_LABELS[k], v] for k, v in result.counts.items()],
        "pools": len(result.pools),
        "decided": result.decided,
        "minimum": result.minimum,
        "costs": (
            {
                "people": costs.people,
                "statutory": _money(costs.statutory),
                "discretionary": _money(costs.discretionary),
                "pension_flags": costs.pension_flags,
            }
            if costs.shown
            else None
        ),
        "timetable": list(result.timetable.reasons),
        "first_dismissal": run.first_dismissal_date.isoformat(),
    }


# ---------------------------------------------------------------- hosting (Phase 2)


def _hosting(as_at: dt.date) -> dict[str, Any] | None:
    """The Phase 2 projects and their milestones as recorded at the end of `as_at`."""
    from gemini.hosting.models import Milestone as HostingMilestone
    from gemini.hosting.models import Project

    projects = list(recorded(Project, as_at).order_by("order", "name"))
    if not projects:
        return None
    milestones: dict[int, list[Any]] = {}
    for m in recorded(HostingMilestone, as_at).order_by("due", "pk"):
        milestones.setdefault(m.project_id, []).append(m)
    return {
        "projects": [
            {
                "name": p.name,
                "purpose": p.purpose,
                "contract_end": _day(p.contract_end),
                "milestones": [
                    [m.name, m.due.isoformat(), m.get_status_display()]
                    for m in milestones.get(p.pk, [])
                ],
            }
            for p in projects
        ],
    }


# ---------------------------------------------------------------- Part 2


def _part2(programme: Programme, meeting: Meeting, as_at: dt.date) -> dict[str, Any]:
    """The exempt records as they stood at the end of `as_at` (Part 2 only)."""
    exempt = Q(confidentiality=Confidentiality.EXEMPT)
    matrix, _ = _matrix(programme, as_at)
    names = _workstream_names(programme, as_at)
    return {
        "risks": [
            _risk_row(r, matrix, names)
            for r in recorded(Risk, as_at)
            .filter(exempt, programme_id=programme.pk)
            .exclude(status=Risk.Status.CLOSED)
            .order_by("reference")
        ],
        "issues": [
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
                recorded(Issue, as_at).filter(exempt, programme_id=programme.pk),
                as_at,
                "raised_date",
            ).order_by("reference")
        ],
        "decisions": [
            {
                "reference": d.reference,
                "title": d.title,
                "date": d.date.isoformat(),
                "resolution": d.resolution,
                "paragraph": d.exempt_paragraph,
                "reason": d.public_interest_reason,
            }
            for d in dated(
                recorded(Decision, as_at).filter(exempt, programme_id=programme.pk), as_at
            ).order_by("date")
        ],
        "papers": [
            {
                "title": p.title,
                "reference": p.reference,
                "paragraph": p.exempt_paragraph,
                "reason": p.public_interest_reason,
            }
            for p in recorded(Paper, as_at).filter(exempt, meeting_id=meeting.pk)
        ],
        "workforce": _workforce_part2(as_at),
    }


def gather(meeting: Meeting, as_at: dt.date) -> dict[str, Any]:
    """Everything the report for `meeting` shows, as it stood at the end of `as_at` (the
    report's data-as-at date, or the day it is issued): nothing recorded after it is read
    (core.asat). The finance headline is read live (finance.figures.position takes no date
    yet): `finance_recorded_after` says when finance records changed after the day."""
    programme = meeting.body.programme
    return {
        "schema": SCHEMA,
        "as_at": as_at.isoformat(),
        "programme": {
            "name": programme.name,
            "scale": list(programme_services.scale_of(programme)),
        },
        "councils": councils(),
        "status": _status(programme, as_at),
        "benefits": _benefits(programme, as_at),
        "savings_profile": _savings_profile(programme, as_at),
        "risks": _risks(programme, as_at),
        "finance": _finance(as_at),
        "migration": _migration(as_at),
        "workforce": _workforce(as_at),
        "hosting": _hosting(as_at),
        "part2": _part2(programme, meeting, as_at),
    }
