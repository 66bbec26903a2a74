"""Migration pages: progress for everyone; the estate, plans, tracking and exports for the
technical lead and the programme office (MANAGE_MIGRATION)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.asat import today
from gemini.core.charts import chart_svg
from gemini.core.history import changes_for
from gemini.core.versioning import StaleEditError, offer_again, saved_values
from gemini.migration import access as migration_access
from gemini.migration import charts, figures, mappings, services
from gemini.migration import models as m
from gemini.migration.engine.planner import WEEKDAYS
from gemini.migration.forms import FreezeForm, PlanForm, SettingsForm, StatusForm

PAGE_SIZE = 100
FINDING_LABELS = {
    "group-too-big": "Move group over the limits",
    "delegate-stays": "Rights shared with people who stay",
    "excluded": "Excluded accounts",
    "apostrophe": "Names with an apostrophe",
    "held-back": "Held back from every batch",
    "delegate-held-back": "Rights shared with people held back",
}
HELD_BACK_SHOWN = 200
SECTION = "migration"


@access.requires(Permission.VIEW_MIGRATION)
def index(request: HttpRequest) -> HttpResponse:
    plan = services.current_plan()
    day = today()
    found = figures.progress(day, request.user)
    rows = found.waves
    chart = (
        chart_svg(
            charts.progress_by_wave,
            [r.name for r in rows],
            [r.users for r in rows],
            [r.phase_1 for r in rows],
            [r.phase_2 for r in rows],
            title="People per wave and how many have finished each phase",
        )
        if rows
        else ""
    )
    trend = figures.workload_trend(day)
    trend_chart = (
        chart_svg(
            charts.workload_trend,
            trend.days,
            trend.people,
            trend.done,
            trend.failing,
            title="Share of people who have finished each workload, and failures open, over time",
        )
        if trend
        else ""
    )
    return render(
        request,
        "migration/index.html",
        {
            "section": SECTION,
            "settings": services.current_settings(),
            "workloads": figures.workload_figures(day),
            "trend": trend,
            "trend_chart": trend_chart,
            "trend_table": charts.workload_table(
                trend.days, trend.people, trend.done, trend.failing
            )
            if trend
            else None,
            "checklists": figures.cutover_checklist(day),
            "plan": plan,
            "rows": rows,
            "users": found.users,
            "phase_1": found.phase_1,
            "phase_2": found.phase_2,
            "devices": found.devices,
            "chart": chart,
            "may_manage": access.has_permission(request.user, Permission.MANAGE_MIGRATION),
        },
    )


def _plan_form(record: m.MigrationSettings | None, data: Any = None) -> PlanForm:
    initial = {}
    if record is not None:
        initial = {
            "max_users": record.max_users,
            "max_gb": record.max_gb,
            "pilot_users": record.pilot_users,
            "start": record.start.strftime("%d/%m/%Y") if record.start else "",
            "submit_lead_days": record.submit_lead_days,
            "wave_interval_working_days": record.wave_interval_working_days,
        }
    return PlanForm(data, initial=initial)


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_MIGRATION)
def plan(request: HttpRequest) -> HttpResponse:
    record = services.current_settings()
    if request.method == "POST":
        form = _plan_form(record, request.POST)
        if record is None:
            form.add_error(None, "Set up the migration's tenants and new domain first.")
        elif form.is_valid():
            limits = services.limits_from(record, **form.cleaned_data)
            services.run_plan(limits, by=request.user)  # type: ignore[arg-type]
            messages.success(request, "The waves have been planned.")
            return redirect("migration:plan")
    else:
        form = _plan_form(record)
    current = services.current_plan()
    waves = list(current.waves.order_by("number")) if current else []
    chart = ""
    if current and waves:
        chart = chart_svg(
            charts.data_by_wave,
            [w.name for w in waves],
            [float(w.gb) for w in waves],
            float(current.max_gb),
            title="Data per wave against the limit",
        )
    held = (
        services.held_back(current, migration_access.identities_for(request.user))
        if current
        else []
    )
    groups = (
        m.Placement.objects.filter(plan=current, group_size__gt=1)
        .values("move_group", "group_size", "wave__name")
        .distinct()
        .order_by("-group_size", "move_group")[:10]
        if current
        else []
    )
    return render(
        request,
        "migration/plan.html",
        {
            "section": SECTION,
            "form": form,
            "plan": current,
            "waves": waves,
            "findings": list(current.findings.order_by("pk")) if current else [],
            "finding_labels": FINDING_LABELS,
            "groups": list(groups),
            "chart": chart,
            "held_back": held[:HELD_BACK_SHOWN],
            "held_back_total": len(held),
            "weekdays": WEEKDAYS,
        },
    )


def wave_placements(request: HttpRequest, wave: m.Wave) -> Any:
    return (
        m.Placement.objects.filter(
            wave=wave, identity__in=migration_access.identities_for(request.user)
        )
        .select_related("identity")
        .prefetch_related(
            Prefetch("identity__statuses", queryset=m.WorkloadStatus.objects.order_by("workload"))
        )
        .order_by("identity__user_principal_name")
    )


@access.requires(Permission.MANAGE_MIGRATION)
def wave(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(m.Wave.objects.select_related("plan"), pk=pk)
    page = Paginator(wave_placements(request, record), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "migration/wave.html",
        {"section": SECTION, "wave": record, "page": page, "workloads": m.Workload},
    )


def identity_search(request: HttpRequest) -> tuple[Any, str]:
    query = request.GET.get("q", "").strip()
    identities = migration_access.identities_for(request.user).select_related("organisation")
    if query:
        identities = identities.filter(
            Q(user_principal_name__icontains=query)
            | Q(display_name__icontains=query)
            | Q(department__icontains=query)
        )
    return identities, query


@access.requires(Permission.MANAGE_MIGRATION)
def identities(request: HttpRequest) -> HttpResponse:
    found, query = identity_search(request)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "migration/identities.html",
        {"section": SECTION, "page": page, "query": query, "total": found.count()},
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_MIGRATION)
def identity(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(
        migration_access.identities_for(request.user).select_related("organisation"), pk=pk
    )
    versions = dict(record.statuses.values_list("workload", "version"))
    stale: StaleEditError | None = None
    if request.method == "POST":
        form = StatusForm(request.POST, versions=versions)
        if form.is_valid() and (
            problem := services.status_problem(
                record, form.cleaned_data["workload"], form.cleaned_data["state"]
            )
        ):
            form.add_error("state", problem)
        if form.is_valid():
            try:
                services.update_status(
                    record,
                    form.cleaned_data["workload"],
                    form.expected_version(),
                    form.cleaned_data["state"],
                    form.cleaned_data["problem"] or "",
                    form.cleaned_data["note"],
                )
            except StaleEditError as error:
                stale = error
                form = offer_again(
                    lambda data, saved: StatusForm(data, versions=versions),
                    request.POST,
                    error,
                    version_field=f"version_{form.cleaned_data['workload']}",
                )
            else:
                messages.success(request, "The status has been saved.")
                return redirect("migration:identity", pk=record.pk)
    else:
        form = StatusForm(versions=versions)
    current = services.current_plan()
    placement = (
        m.Placement.objects.filter(plan=current, identity=record).select_related("wave").first()
        if current
        else None
    )
    statuses = list(record.statuses.order_by("workload"))
    history = m.WorkloadStatus.history.filter(identity_id=record.pk).order_by(
        "-history_date", "-history_id"
    )
    return render(
        request,
        "migration/identity.html",
        {
            "section": SECTION,
            "identity": record,
            "placement": placement,
            "statuses": statuses,
            "status_history": list(history[:60]),
            "grants": list(
                record.grants.select_related("user").order_by("user__user_principal_name")
            ),
            "rights": list(
                record.rights.select_related("mailbox").order_by("mailbox__user_principal_name")
            ),
            "devices": list(record.devices.all()),
            "form": form,
            "stale": stale,
            "history": changes_for(record),
        },
    )


@access.requires(Permission.MANAGE_MIGRATION)
def devices(request: HttpRequest) -> HttpResponse:
    found = (
        migration_access.devices_for(request.user).select_related("primary_user").order_by("name")
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "migration/devices.html", {"section": SECTION, "page": page})


def exception_lists(request: HttpRequest) -> tuple[list[m.WorkloadStatus], list[Any]]:
    visible = migration_access.identities_for(request.user)
    open_now = list(
        migration_access.statuses_for(request.user)
        .filter(Q(state__in=m.EXCEPTION_STATES) | ~Q(problem=""))
        .select_related("identity")
        .order_by("-updated_at", "identity__user_principal_name", "workload")
    )
    met = list(
        m.WorkloadStatus.history.filter(identity__in=visible)
        .filter(Q(state__in=m.EXCEPTION_STATES) | ~Q(problem=""))
        .select_related("identity")
        .order_by("-history_date", "-history_id")[:200]
    )
    return open_now, met


@access.requires(Permission.MANAGE_MIGRATION)
def exceptions(request: HttpRequest) -> HttpResponse:
    open_now, met = exception_lists(request)
    return render(
        request,
        "migration/exceptions.html",
        {"section": SECTION, "open_now": open_now, "met": met},
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_MIGRATION)
def settings(request: HttpRequest) -> HttpResponse:
    record = services.current_settings()
    if record is None:
        raise Http404("The migration has not been set up; load the demo or create its settings.")
    stale: StaleEditError | None = None
    if request.method == "POST":
        form = SettingsForm(request.POST, instance=record)
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in SettingsForm.Meta.fields}
            try:
                services.edit_settings(record, form.cleaned_data["version"], changes)
            except StaleEditError as error:
                stale = error
                form = offer_again(
                    lambda data, saved: SettingsForm(data, instance=saved), request.POST, error
                )
            else:
                messages.success(request, "The migration settings have been saved.")
                return redirect("migration:settings")
    else:
        form = SettingsForm(instance=record, initial={"version": record.version})
    return render(
        request,
        "migration/settings.html",
        {
            "section": SECTION,
            "form": form,
            "record": record,
            "stale": stale,
            "saved": saved_values(form, stale.current) if stale else None,
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_MIGRATION)
def freeze(request: HttpRequest) -> HttpResponse:
    """The freeze calendar: days when no cutover may be planned; add one here or import many
    (`freeze-dates`)."""
    if request.method == "POST":
        form = FreezeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.save_freeze(data["start"], data["end"] or data["start"], data["reason"])
            messages.success(request, "The freeze has been added. Plan again to apply it.")
            return redirect("migration:freeze")
    else:
        form = FreezeForm()
    return render(
        request,
        "migration/freeze.html",
        {
            "section": SECTION,
            "form": form,
            "periods": list(m.FreezePeriod.objects.order_by("start", "end")),
            "settings": services.current_settings(),
            "weekdays": WEEKDAYS,
        },
    )


@require_http_methods(["POST"])
@access.requires(Permission.MANAGE_MIGRATION)
def freeze_remove(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(m.FreezePeriod.objects.all(), pk=pk)
    services.remove_freeze(record)
    messages.success(request, f"The freeze of {record} has been removed. Plan again to apply it.")
    return redirect("migration:freeze")


EXPORT_TITLES = {
    "batches": "Cross-tenant mailbox batches (one EmailAddress CSV per wave)",
    "onedrive-map": "OneDrive identity map (6 columns, no header, everyone)",
    "redirect-map": "Redirect map (old address to new address)",
    "fasttrack": "FastTrack batches (Batch,User) and schedule",
    "tasks": "Post-move task list for each person",
    **mappings.EXPORT_TITLES,
    "pre-staging": "Target MailUser pre-staging file and the TargetDeliveryDomain value",
    "held-back": "Identities held back from every batch, with the reason",
}


@access.requires(Permission.MANAGE_MIGRATION)
def exports(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "migration/exports.html",
        {
            "section": SECTION,
            "plan": services.current_plan(),
            "kinds": EXPORT_TITLES,
            "settings": services.current_settings(),
        },
    )
