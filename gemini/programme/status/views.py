"""The programme's settings pages: the risk register's matrix and the status scale."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.programme import engine, setting_services
from gemini.programme.form_pages import edit_page
from gemini.programme.models import Programme, RiskMatrix
from gemini.programme.setting_forms import BAND_ROWS_SPARE, RiskMatrixForm, StatusScaleForm
from gemini.programme.views import current_programme


def _matrix_initial(matrix: RiskMatrix | None) -> dict[str, Any]:
    bands = setting_services.bands_of(matrix)
    initial: dict[str, Any] = {
        "version": matrix.version if matrix else None,
        "levels": matrix.levels if matrix else engine.DEFAULT_MATRIX.levels,
        "appetite": matrix.appetite if matrix else None,
        "likelihood_labels": "\n".join(matrix.likelihood_labels) if matrix else "",
        "impact_labels": "\n".join(matrix.impact_labels) if matrix else "",
    }
    for number, band in enumerate(bands, start=1):
        initial.update(
            {
                f"band_name_{number}": band.name,
                f"band_lowest_{number}": band.lowest,
                f"band_highest_{number}": band.highest,
                f"band_colour_{number}": band.colour,
            }
        )
    return initial


def _matrix_saved(form: Any, current: RiskMatrix) -> list[tuple[str, str]]:
    rows = [("Levels", str(current.levels)), ("Appetite", str(current.appetite or "None"))]
    rows.extend(
        (band.name, f"{band.lowest}–{band.highest} ({band.colour})")
        for band in setting_services.bands_of(current)
    )
    return rows


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_risk_matrix(request: HttpRequest) -> HttpResponse:
    """Levels, labels, bands and appetite; every possible score must land in exactly one band."""
    programme = current_programme(request)
    matrix = RiskMatrix.objects.filter(programme=programme).first()
    rows = len(setting_services.bands_of(matrix)) + BAND_ROWS_SPARE

    def make_form(data: QueryDict | None, current: RiskMatrix | None) -> RiskMatrixForm:
        return RiskMatrixForm(data, initial=_matrix_initial(current), bands=rows)

    def save(form: RiskMatrixForm) -> RiskMatrix:
        data = form.cleaned_data
        return setting_services.edit_risk_matrix(
            programme,
            data["version"],
            data["levels"],
            data["bands"],
            data["appetite"],
            data["likelihood"],
            data["impact"],
        )

    return edit_page(
        request,
        make_form=make_form,
        record=matrix,
        save=save,
        title="Change the risk matrix",
        caption="Risk register",
        back=reverse("programme:risks"),
        template="programme/risk_matrix.html",
        intro="Score = likelihood × impact. Every score the matrix can give (with 5 levels: 1, "
        "2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20 and 25) must land in exactly one band. "
        "Clear a band's fields to remove it.",
        saved=_matrix_saved,
        message=lambda matrix: "The risk matrix has been saved.",
        context={"possible": engine.possible_scores(matrix.levels if matrix else 5)},
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_status_scale(request: HttpRequest) -> HttpResponse:
    """RAG or the five-point DCA; refused while a rating already given is not on the new scale."""
    programme = current_programme(request)
    changes = [setting_services.scale_change(programme, scale) for scale in sorted(engine.SCALES)]

    def make_form(data: QueryDict | None, current: Programme) -> StatusScaleForm:
        return StatusScaleForm(
            data, initial={"version": current.version, "status_scale": current.status_scale}
        )

    def save(form: StatusScaleForm) -> Programme:
        return setting_services.change_status_scale(
            programme, form.cleaned_data["version"], form.cleaned_data["status_scale"]
        )

    return edit_page(
        request,
        make_form=make_form,
        record=programme,
        save=save,
        title="Change the status scale",
        caption=programme.name,
        back=reverse("programme:status"),
        template="programme/status_scale.html",
        context={"changes": changes, "programme": programme},
        saved=lambda form, current: [("Status scale", current.get_status_scale_display())],
        message=lambda programme: (
            f"The programme now uses the {programme.get_status_scale_display()} scale."
        ),
    )
