"""Benefit pages: the register, a benefit with its profile and measurements, add and edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.charts import chart_svg
from gemini.core.exports import Sheet, xlsx_response
from gemini.core.history import changes_for
from gemini.core.versioning import WouldReplaceError
from gemini.programme import access as programme_access
from gemini.programme import charts
from gemini.programme.benefits import services
from gemini.programme.benefits.forms import BenefitForm, BenefitProfileForm, MeasurementForm
from gemini.programme.fields import ask_to_replace
from gemini.programme.models import Benefit
from gemini.programme.pages import (
    apply_errors,
    current_programme,
    edit_page,
    form_page,
    form_values,
    form_version,
    today,
    versioned_initial,
    wants_export,
)


@access.requires(Permission.VIEW_PROGRAMME)
def benefits(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)
    rows = list(programme_access.benefits_for(request.user).filter(programme=programme))
    realised = [(b, services.realisation(b)) for b in rows]
    savings = services.savings_by_council(programme)
    if wants_export(request):
        return xlsx_response(
            "programme-benefits.xlsx",
            [
                Sheet(
                    "Benefits",
                    ["reference", *services.BENEFIT_FIELDS, "percent_realised"],
                    [
                        [
                            b.reference,
                            b.title,
                            b.description,
                            b.get_kind_display(),
                            b.category,
                            b.financial,
                            b.cash_releasing,
                            b.quantitative,
                            b.owner_organisation.code if b.owner_organisation else "",
                            b.owner,
                            b.measure,
                            b.baseline,
                            b.target,
                            b.full_year_value,
                            r.percent,
                        ]
                        for b, r in realised
                    ],
                ),
                Sheet(
                    "Profile",
                    ["reference", "organisation", "financial_year", "amount"],
                    [
                        [b.reference, p.organisation.code, p.financial_year, p.amount]
                        for b in rows
                        for p in b.profile.all()
                    ],
                ),
            ],
        )
    years = sorted({year for by_year in savings.values() for year in by_year})
    chart = chart_svg(
        charts.benefits_realised,
        [(b.reference, r.percent) for b, r in realised if b.quantitative],
        title="Benefits realised against target",
    )
    return render(
        request,
        "programme/benefits.html",
        {
            "section": "programme",
            "benefits": realised,
            "chart": chart,
            "years": years,
            "savings": sorted(savings.items()),
        },
    )


@access.requires(Permission.VIEW_PROGRAMME)
def benefit(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.benefits_for(request.user), pk=pk)
    return render(
        request,
        "programme/benefit.html",
        {
            "section": "programme",
            "benefit": record,
            "realisation": services.realisation(record),
            "measurements": sorted(record.measurements.all(), key=lambda m: m.date),
            "profile": list(record.profile.all()),
            "may_manage": access.has_permission(request.user, Permission.MANAGE_PROGRAMME),
            "history": changes_for(record)
            if access.has_permission(request.user, Permission.VIEW_HISTORY)
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_measurement(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.benefits_for(request.user), pk=pk)
    form = MeasurementForm(request.POST or None, initial={"date": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_measurement(
                record, data["date"], data["value"], data["note"], replace=data["replace"]
            )
        except ValidationError as error:
            apply_errors(form, error)
            if isinstance(error, WouldReplaceError):
                ask_to_replace(form)
        else:
            messages.success(request, "The measurement has been recorded.")
            return redirect("programme:benefit", pk=record.pk)
    return form_page(
        request,
        form,
        f"Record a measurement of {record.reference}",
        "Benefits register",
        reverse("programme:benefit", args=[record.pk]),
        intro=f"Measure: {record.measure or 'not set'}. Baseline {record.baseline}, "
        f"target {record.target}.",
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_benefit(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)

    def save(form: BenefitForm) -> Benefit:
        values = form_values(form, services.BENEFIT_FIELDS)
        return services.create_benefit(programme, form.cleaned_data["reference"], values)

    return edit_page(
        request,
        make_form=lambda data, record: BenefitForm(data),
        record=None,
        save=save,
        title="Add a benefit",
        caption="Benefits register",
        back=reverse("programme:benefits"),
        done=lambda benefit: reverse("programme:benefit", args=[benefit.pk]),
        intro="HM Treasury Green Book fields. Record a dis-benefit here too.",
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_benefit(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = access.get_or_404(programme_access.benefits_for(request.user), pk=pk)

    def save(form: BenefitForm) -> Benefit:
        values = form_values(form, services.BENEFIT_FIELDS)
        return services.edit_benefit(benefit, form_version(form), values)

    return edit_page(
        request,
        make_form=lambda data, record: BenefitForm(
            data, instance=record, initial=versioned_initial(record)
        ),
        record=benefit,
        save=save,
        title=f"Edit {benefit.reference}",
        caption="Benefits register",
        back=reverse("programme:benefit", args=[benefit.pk]),
    )


def _profile_rows(form: Any, current: Benefit) -> list[tuple[str, str]]:
    return [
        (f"{row.organisation.code} {row.financial_year}", f"£{row.amount:,.2f}")
        for row in current.profile.select_related("organisation")
    ] or [("Profile", "No rows")]


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_benefit_profile(request: HttpRequest, pk: int) -> HttpResponse:
    """The benefit's planned value by council and financial year, as rows."""
    benefit = access.get_or_404(programme_access.benefits_for(request.user), pk=pk)
    existing = sorted(benefit.profile.all(), key=lambda r: (r.financial_year, r.organisation.code))

    def make_form(data: QueryDict | None, record: Benefit) -> BenefitProfileForm:
        initial: dict[str, Any] = {"version": record.version}
        for number, row in enumerate(existing, start=1):
            initial.update(
                {
                    f"organisation_{number}": row.organisation_id,
                    f"year_{number}": row.financial_year,
                    f"amount_{number}": row.amount,
                }
            )
        return BenefitProfileForm(data, initial=initial, rows=len(existing) + 3)

    def save(form: BenefitProfileForm) -> Benefit:
        return services.edit_benefit_profile(
            benefit, form.cleaned_data["version"], form.cleaned_data["entries"]
        )

    return edit_page(
        request,
        make_form=make_form,
        record=benefit,
        save=save,
        title=f"Profile of {benefit.reference} by financial year",
        caption="Benefits register",
        back=reverse("programme:benefit", args=[benefit.pk]),
        template="programme/benefit_profile.html",
        message=lambda saved: f"The profile of {saved.reference} has been saved.",
        intro="The planned value in each financial year (April to March), for each council. "
        "Clear a row's council, year and amount to remove it; three blank rows are for new "
        "years.",
        saved=_profile_rows,
    )
