"""The committee report's benefits parts: the benefits table and the savings profile."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from gemini.core.asat import dated, is_live, recorded
from gemini.core.models import Organisation
from gemini.core.reporting import formatting as f
from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import Builder, Content, Table
from gemini.programme import engine as programme_engine
from gemini.programme.benefits import services
from gemini.programme.models import (
    Benefit,
    BenefitMeasurement,
    BenefitProfile,
    Programme,
)
from gemini.programme.report_parts import money_for_report


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
    the end of the day (programme.benefits.services.savings_by_council, as at the day)."""
    programme: Programme = scope.programme
    as_at = scope.as_at
    if is_live(as_at):
        totals = services.savings_by_council(programme)
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
        code: {year: money_for_report(amount) for year, amount in sorted(years.items())}
        for code, years in totals.items()
    }


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


def register() -> None:
    """The benefits figures and the benefits section."""
    r.register_figures(r.Figures("benefits", benefits))
    r.register_figures(r.Figures("savings_profile", savings_profile))
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
