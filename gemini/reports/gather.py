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

from gemini.core.models import Confidentiality, Organisation
from gemini.programme import engine as programme_engine
from gemini.programme import services as programme_services
from gemini.programme.models import (
    Decision,
    Issue,
    Meeting,
    Milestone,
    OverallStatus,
    Paper,
    Programme,
    Risk,
    RiskMatrix,
    StatusUpdate,
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
    updates = list(
        StatusUpdate.objects.filter(workstream__programme=programme, date__lte=as_at).order_by(
            "date"
        )
    )
    milestones = list(
        Milestone.objects.filter(programme=programme)
        .select_related("workstream")
        .order_by("baseline_date", "reference")
    )
    workstreams = []
    for workstream in programme.workstreams.all():
        own = [u for u in updates if u.workstream_id == workstream.pk]
        latest = own[-1] if own else None
        workstreams.append(
            {
                "slug": workstream.slug,
                "name": workstream.name,
                "rating": latest.rating if latest else None,
                "date": _day(latest.date) if latest else None,
                "narrative": latest.narrative if latest else "",
                "achievements": latest.achievements if latest else "",
                "next_steps": latest.next_steps if latest else "",
                "history": [[u.date.isoformat(), u.rating] for u in own],
            }
        )
    overall = (
        OverallStatus.objects.filter(programme=programme, date__lte=as_at).order_by("-date").first()
    )
    suggestion = programme_services.suggest_overall(programme, as_at)
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
                "workstream": m.workstream.slug if m.workstream else None,
                "baseline": _day(m.baseline_date),
                "forecast": _day(m.forecast_date),
                "actual": _day(m.actual_date),
                "status": m.get_status_display(),
                "slippage_days": m.slippage_days,
            }
            for m in milestones
        ],
    }


def _benefits(programme: Programme) -> list[dict[str, Any]]:
    rows = []
    for benefit in programme.benefits.prefetch_related("measurements").order_by("reference"):
        realised = programme_services.realisation(benefit)
        rows.append(
            {
                "reference": benefit.reference,
                "title": benefit.title,
                "description": benefit.description,
                "kind": benefit.kind,
                "type": "Financial" if benefit.financial else "Non-financial",
                "percent_realised": None if realised.percent is None else f"{realised.percent}",
            }
        )
    return rows


def _risk_row(risk: Risk, matrix: programme_engine.Matrix) -> dict[str, Any]:
    band = matrix.band(risk.current_score)
    return {
        "reference": risk.reference,
        "title": risk.title,
        "workstream": risk.workstream.name if risk.workstream else "",
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


def _risks(programme: Programme) -> dict[str, Any]:
    matrix = programme_services.matrix_for(programme)
    stored = RiskMatrix.objects.filter(programme=programme).first()
    public_open = list(
        Risk.objects.filter(
            programme=programme, status=Risk.Status.OPEN, confidentiality=Confidentiality.PUBLIC
        ).select_related("workstream")
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
        "top": [_risk_row(r, matrix) for r in public_open[:TOP_RISKS]],
        "counts": [[likelihood, impact, n] for (likelihood, impact), n in sorted(counts.items())],
    }


# ---------------------------------------------------------------- finance


def _finance() -> dict[str, Any] | None:
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


def _migration() -> dict[str, Any] | None:
    from gemini.migration import models as migration_models
    from gemini.migration import services as migration_services

    plan = migration_services.current_plan()
    if plan is None:
        return None
    rows = migration_services.wave_progress(plan)
    settings = migration_services.current_settings()
    users = sum(r["users"] for r in rows)
    phase_1 = sum(r["phase_1"] for r in rows)
    phase_2 = sum(r["phase_2"] for r in rows)
    return {
        "moving": council_name(settings.moving_organisation) if settings else "",
        "source_tenant": settings.source_tenant_name if settings else "",
        "target_tenant": settings.target_tenant_name if settings else "",
        "users": users,
        "devices": migration_models.Device.objects.count(),
        "phase_1": phase_1,
        "phase_2": phase_2,
        "percent_complete": f"{(Decimal(phase_2) * 100 / users):.1f}" if users else None,
        "waves": [[r["wave"].name, r["users"], r["phase_1"], r["phase_2"]] for r in rows],
    }


# ---------------------------------------------------------------- workforce


def _workforce() -> dict[str, Any] | None:
    from gemini.workforce import summary
    from gemini.workforce.models import ServiceDesign, Staff

    staff = Staff.objects.count()
    if not staff and not ServiceDesign.objects.exists():
        return None
    designs = summary.designs()
    posts = sum(d.places for d in designs)
    return {
        "staff": staff,
        "posts": posts,
        "designs": [[d.council, d.name, d.places, d.evaluated, d.draft] for d in designs],
    }


def _workforce_part2() -> dict[str, Any] | None:
    from gemini.workforce import summary
    from gemini.workforce.engine.matching import OUTCOME_LABELS
    from gemini.workforce.models import MatchingRun

    run = MatchingRun.objects.order_by("-number").first()
    if run is None:
        return None
    result = summary.run_summary(run)
    costs = result.costs
    return {
        "run": run.number,
        "run_date": run.created_at.date().isoformat(),
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


def _hosting() -> dict[str, Any] | None:
    from gemini.hosting.models import Project

    projects = list(Project.objects.prefetch_related("milestones"))
    if not projects:
        return None
    return {
        "projects": [
            {
                "name": p.name,
                "purpose": p.purpose,
                "contract_end": _day(p.contract_end),
                "milestones": [
                    [m.name, m.due.isoformat(), m.get_status_display()] for m in p.milestones.all()
                ],
            }
            for p in projects
        ],
    }


# ---------------------------------------------------------------- Part 2


def _part2(programme: Programme, meeting: Meeting) -> dict[str, Any]:
    exempt = Q(confidentiality=Confidentiality.EXEMPT)
    matrix = programme_services.matrix_for(programme)
    return {
        "risks": [
            _risk_row(r, matrix)
            for r in Risk.objects.filter(exempt, programme=programme)
            .exclude(status=Risk.Status.CLOSED)
            .select_related("workstream")
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
            for i in Issue.objects.filter(exempt, programme=programme).order_by("reference")
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
            for d in Decision.objects.filter(exempt, programme=programme).order_by("date")
        ],
        "papers": [
            {
                "title": p.title,
                "reference": p.reference,
                "paragraph": p.exempt_paragraph,
                "reason": p.public_interest_reason,
            }
            for p in Paper.objects.filter(exempt, meeting=meeting)
        ],
        "workforce": _workforce_part2(),
    }


def gather(meeting: Meeting, as_at: dt.date) -> dict[str, Any]:
    """Everything the report for `meeting` shows, with the status as at `as_at`."""
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
        "benefits": _benefits(programme),
        "savings_profile": {
            code: {year: _money(amount) for year, amount in sorted(years.items())}
            for code, years in programme_services.savings_by_council(programme).items()
        },
        "risks": _risks(programme),
        "finance": _finance(),
        "migration": _migration(),
        "workforce": _workforce(),
        "hosting": _hosting(),
        "part2": _part2(programme, meeting),
    }
