"""Writes for benefits: benefits, their profiles and measurements; how far each is realised
and the savings by council. One function per action, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gemini.core.models import Organisation
from gemini.core.services import Outcome, upsert
from gemini.core.versioning import save_edit
from gemini.programme import engine
from gemini.programme.models import (
    Benefit,
    BenefitMeasurement,
    BenefitProfile,
    Programme,
)
from gemini.programme.records import (
    CONFIRM_ON_A_PAGE,
    checked_reference,
    only_fields,
    refuse_silent_replace,
)

BENEFIT_FIELDS = (
    "title",
    "description",
    "kind",
    "category",
    "financial",
    "cash_releasing",
    "quantitative",
    "owner_organisation",
    "owner",
    "measure",
    "baseline",
    "target",
    "full_year_value",
)


def save_benefit(
    programme: Programme, reference: str, values: Mapping[str, Any]
) -> tuple[Benefit, Outcome]:
    only_fields(values, BENEFIT_FIELDS)
    return upsert(Benefit, {"programme": programme, "reference": reference}, values)


def save_benefit_profile(
    benefit: Benefit, organisation: Organisation, financial_year: str, amount: Decimal
) -> tuple[BenefitProfile, Outcome]:
    return upsert(
        BenefitProfile,
        {"benefit": benefit, "organisation": organisation, "financial_year": financial_year},
        {"amount": amount},
    )


def record_measurement(
    benefit: Benefit,
    date: dt.date,
    value: Decimal,
    note: str = "",
    *,
    replace: bool = True,
    confirm: str = CONFIRM_ON_A_PAGE,
    own_by: Any = None,
) -> tuple[BenefitMeasurement, Outcome]:
    """A benefit's measured value on a date (one per date). With `replace=False` (the web form
    until the person confirms) a measurement already recorded for that date is never silently
    overwritten: `WouldReplaceError` names who recorded it (see `save_status_update`)."""
    if not benefit.quantitative:
        raise ValidationError(
            {"value": "This benefit is qualitative: it has no measure to record a value against."}
        )
    if not replace:
        existing = BenefitMeasurement.objects.filter(benefit=benefit, date=date).first()
        refuse_silent_replace(
            existing,
            f"A measurement of {benefit.reference}",
            shown=f"value {existing.value}" if existing else None,
            confirm=confirm,
            own_by=own_by,
        )
    return upsert(
        BenefitMeasurement, {"benefit": benefit, "date": date}, {"value": value, "note": note}
    )


def realisation(benefit: Benefit) -> engine.Realisation:
    """% realised from the latest measurement (measurements must be prefetched)."""
    measurements = list(benefit.measurements.all())
    latest = max(measurements, key=lambda m: m.date) if measurements else None
    if not benefit.quantitative:
        return engine.Realisation(None, "Qualitative: not measured as a number.")
    return engine.percent_realised(
        benefit.baseline, benefit.target, latest.value if latest else None
    )


def savings_by_council(programme: Programme) -> dict[str, dict[str, Decimal]]:
    """Financial benefits' profile summed by council code and financial year."""
    totals: dict[str, dict[str, Decimal]] = {}
    for code, year, amount in BenefitProfile.objects.filter(
        benefit__programme=programme,
        benefit__financial=True,
        benefit__kind=Benefit.Kind.BENEFIT,
    ).values_list("organisation__code", "financial_year", "amount"):
        by_year = totals.setdefault(code, {})
        by_year[year] = by_year.get(year, Decimal("0")) + amount
    return totals


def _check_benefit_class(values: Mapping[str, Any]) -> None:
    """Green Book classes: a financial benefit is counted in pounds, so it is quantitative; a
    cash-releasing benefit is a financial one."""
    errors = {}
    if values.get("financial") and not values.get("quantitative"):
        errors["quantitative"] = "A financial benefit is measured in pounds: make it quantitative."
    if values.get("cash_releasing") and not values.get("financial"):
        errors["cash_releasing"] = "A cash-releasing benefit is a financial benefit."
    if errors:
        raise ValidationError(errors)


def create_benefit(programme: Programme, reference: str, values: Mapping[str, Any]) -> Benefit:
    """A new entry in the benefits register (refused if the reference is taken)."""
    only_fields(values, BENEFIT_FIELDS)
    _check_benefit_class(values)
    reference = checked_reference(Benefit, programme, reference, "B")
    if Benefit.objects.filter(programme=programme, reference=reference).exists():
        raise ValidationError({"reference": f"There is already a benefit {reference}."})
    benefit, _ = save_benefit(programme, reference, values)
    return benefit


def edit_benefit(benefit: Benefit, expected_version: int, changes: Mapping[str, Any]) -> Benefit:
    only_fields(changes, BENEFIT_FIELDS)
    _check_benefit_class(
        {name: changes.get(name, getattr(benefit, name)) for name in BENEFIT_FIELDS}
    )
    return save_edit(benefit, expected_version, changes)


def check_financial_year(text: str) -> str | None:
    """The problem with a financial year written as "2025/26", or None if it is one."""
    if len(text) != 7 or text[4] != "/" or not (text[:4] + text[5:]).isdigit():
        return "Enter the financial year like 2025/26."
    start = int(text[:4])
    if (start + 1) % 100 != int(text[5:]):
        return f"A financial year runs April to March: {start}/{(start + 1) % 100:02d}."
    return None


def edit_benefit_profile(
    benefit: Benefit,
    expected_version: int,
    rows: Sequence[tuple[Organisation, str, Decimal]],
) -> Benefit:
    """Replace a benefit's profile (council, financial year, amount) as one edit of the benefit.

    Refused (nothing written) if two rows give the same council and year, a year is not a
    financial year, or someone saved the benefit since the editor opened it.
    """
    problems = []
    seen: set[tuple[int, str]] = set()
    for number, (organisation, year, _) in enumerate(rows, start=1):
        problem = check_financial_year(year)
        if problem:
            problems.append(f"Row {number}: {problem}")
        key = (organisation.pk, year)
        if key in seen:
            problems.append(f"Row {number}: {organisation.code} {year} is given twice.")
        seen.add(key)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        save_edit(benefit, expected_version, {})
        wanted = {(organisation.pk, year) for organisation, year, _ in rows}
        for row in list(benefit.profile.all()):
            if (row.organisation_id, row.financial_year) not in wanted:
                row.delete()
        for organisation, year, amount in rows:
            save_benefit_profile(benefit, organisation, year, amount)
    return benefit
