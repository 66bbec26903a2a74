"""The programme API's benefit routes: benefits and their measurements."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Path, Router, Status

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.api_access import allowed
from gemini.programme import access as programme_access
from gemini.programme import schemas
from gemini.programme.api_common import money_text, programme_of_call
from gemini.programme.benefits import schemas as benefits_schemas
from gemini.programme.benefits import services
from gemini.programme.models import Benefit
from gemini.programme.records import CONFIRM_IN_THE_API

router = Router(tags=["programme"])


def _benefit_out(benefit: Benefit) -> benefits_schemas.ProgrammeBenefit:
    realisation = services.realisation(benefit)
    return benefits_schemas.ProgrammeBenefit(
        id=benefit.pk,
        reference=benefit.reference,
        title=benefit.title,
        description=benefit.description,
        kind=benefit.kind,
        category=benefit.category,
        financial=benefit.financial,
        cash_releasing=benefit.cash_releasing,
        quantitative=benefit.quantitative,
        owner_organisation=benefit.owner_organisation.code if benefit.owner_organisation else None,
        owner=benefit.owner,
        measure=benefit.measure,
        baseline=f"{benefit.baseline:.2f}",
        target=f"{benefit.target:.2f}",
        full_year_value=money_text(benefit.full_year_value),
        percent_realised=None if realisation.percent is None else f"{realisation.percent:.1f}",
        realised=realisation.reason,
        profile=[
            benefits_schemas.ProgrammeProfileRow(
                organisation=row.organisation.code,
                financial_year=row.financial_year,
                amount=f"{row.amount:.2f}",
            )
            for row in sorted(
                benefit.profile.all(), key=lambda r: (r.financial_year, r.organisation.code)
            )
        ],
        measurements=[
            benefits_schemas.ProgrammeMeasurement(date=m.date, value=f"{m.value:.2f}", note=m.note)
            for m in sorted(benefit.measurements.all(), key=lambda m: m.date)
        ],
        version=benefit.version,
    )


@router.get(
    "/benefits",
    response={200: list[benefits_schemas.ProgrammeBenefit], **schemas.READ_ERRORS},
    url_name="programme-benefits",
    summary="The benefits register with profile, measurements and % realised",
)
def benefits(request: HttpRequest) -> list[benefits_schemas.ProgrammeBenefit]:
    rows = programme_access.benefits_for(request.user).filter(programme=programme_of_call(request))
    return [_benefit_out(b) for b in rows]


@router.get(
    "/benefits/{benefit_id}",
    response={200: benefits_schemas.ProgrammeBenefit, **schemas.INPUT_ERRORS},
    url_name="programme-benefit",
    summary="One benefit",
)
def benefit(
    request: HttpRequest, benefit_id: Path[schemas.Id]
) -> benefits_schemas.ProgrammeBenefit:
    return _benefit_out(
        access.get_or_404(programme_access.benefits_for(request.user), pk=benefit_id)
    )


@router.post(
    "/benefits/{benefit_id}/measurements",
    response={201: benefits_schemas.ProgrammeMeasurement, **schemas.REPLACE_ERRORS},
    auth=allowed(Permission.MANAGE_PROGRAMME),
    url_name="programme-create-measurement",
    summary="Record a benefit's measured value on a date (the programme office)",
    description="A qualitative benefit has no measure (422). A measurement already recorded "
    'for that date is replaced if the caller saved it last, or with "replace": true; otherwise '
    "the save is refused (409), naming who recorded it and its value, and nothing is written.",
)
def create_measurement(
    request: HttpRequest,
    benefit_id: Path[schemas.Id],
    payload: benefits_schemas.ProgrammeMeasurementIn,
) -> Status[benefits_schemas.ProgrammeMeasurement]:
    record = access.get_or_404(programme_access.benefits_for(request.user), pk=benefit_id)
    try:
        value = Decimal(payload.value)
    except InvalidOperation:
        raise ValidationError({"value": "Enter the value as a number."}) from None
    measurement, _ = services.record_measurement(
        record,
        payload.date,
        value,
        payload.note,
        replace=payload.replace,
        confirm=CONFIRM_IN_THE_API,
        own_by=request.user,
    )
    return Status(
        201,
        benefits_schemas.ProgrammeMeasurement(
            date=measurement.date, value=f"{measurement.value:.2f}", note=measurement.note
        ),
    )
