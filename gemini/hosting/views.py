"""Hosting pages: the estate, applications, the wave plan, the catalogue, Phase 2 projects."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.charts import chart_svg
from gemini.core.exports import Sheet, xlsx_response
from gemini.core.history import changes_for
from gemini.core.models import Organisation
from gemini.core.versioning import StaleEditError, offer_again
from gemini.hosting import access as hosting_access
from gemini.hosting import assessment, charts, figures, held_upload, price_list, services
from gemini.hosting.engine import pricing
from gemini.hosting.engine import sizing as sizing_engine
from gemini.hosting.engine.disposition import Disposition
from gemini.hosting.engine.grouping import Basis
from gemini.hosting.forms import ConfirmForm, ConfirmImportForm, GroupingForm, PlanForm, RvtoolsForm
from gemini.hosting.models import RvtoolsImport
from gemini.hosting.rvtools import RvtoolsError, read_export

SECTION = "hosting"


def _latest_import() -> RvtoolsImport | None:
    return RvtoolsImport.objects.select_related("imported_by").first()


@access.requires(Permission.VIEW_HOSTING)
def index(request: HttpRequest) -> HttpResponse:
    """The estate today (figures.estate) and the latest wave plan (figures.plan)."""
    day = timezone.localdate()
    estate = figures.estate(day, request.user)
    costs = figures.costs(day, request.user, estate.reach)
    if costs is None:  # not reached: today's costs are known
        raise ValueError("The estate's costs are given for today or later.")
    support = estate.support_by_label
    return render(
        request,
        "hosting/index.html",
        {
            "section": SECTION,
            "figures": estate.counts,
            "support": support,
            "support_chart": chart_svg(
                charts.support_chart, support, title="VMs by operating-system support status"
            ),
            "support_table": charts.support_table(support),
            "bills": costs.bills,
            "dispositions": sorted(
                (Disposition(value).label, n) for value, n in costs.dispositions.items()
            ),
            "applications": estate.applications,
            "latest": estate.latest_import,
            "findings": estate.latest_import.findings if estate.latest_import else 0,
            "plan": figures.plan(day, request.user, estate),
            "exit_date": estate.exit_date,
            "loose": estate.unassigned_vms,
            "may_manage": access.has_permission(request.user, Permission.MANAGE_HOSTING),
            "prices": costs.prices,
        },
    )


@access.requires(Permission.VIEW_HOSTING)
def vms(request: HttpRequest) -> HttpResponse:
    records = list(
        hosting_access.vms_for(request.user).filter(present=True).prefetch_related("applications")
    )
    today = timezone.localdate()
    prices = price_list.in_force()
    assessed = price_list.assess_vms(records, prices)
    latest = _latest_import()
    return render(
        request,
        "hosting/vms.html",
        {
            "section": SECTION,
            "rows": [
                (
                    vm,
                    assessment.support_of(vm, today),
                    assessed[vm.name].sizing,
                    assessment.readiness_of(vm, today),
                    assessed[vm.name].price,
                )
                for vm in records
            ],
            "prices": prices,
            "commitment": price_list.pricing_settings("").commitment,
            "today": today,
            "latest": latest,
            "findings": list(hosting_access.findings_for(request.user, latest)[:500])
            if latest
            else [],
            "figures": figures.vm_counts(today, request.user),
        },
    )


@access.requires(Permission.VIEW_HOSTING)
def applications(request: HttpRequest) -> HttpResponse:
    records = list(hosting_access.applications_for(request.user))
    result = assessment.assess()
    return render(
        request,
        "hosting/applications.html",
        {
            "section": SECTION,
            "rows": [result.applications[a.name] for a in records],
            "prices": result.prices,
        },
    )


@access.requires(Permission.VIEW_HOSTING)
def application(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(
        hosting_access.applications_for(request.user).select_related("confirmed_by"), pk=pk
    )
    result = assessment.assess()
    item = result.applications[record.name]
    today = timezone.localdate()
    vms = [
        (
            vm,
            assessment.support_of(vm, today),
            result.sizings.get(vm.name),
            assessment.readiness_of(vm, today),
        )
        for vm in record.vms.all()
        if vm.present
    ]
    dependencies = hosting_access.dependencies_for(request.user)
    return render(
        request,
        "hosting/application.html",
        {
            "section": SECTION,
            "application": record,
            "item": item,
            "vms": vms,
            "shares": list(record.shares.select_related("organisation")),
            "needs": list(dependencies.filter(source=record)),
            "needed_by": list(dependencies.filter(target=record)),
            "today": today,
            "prices": result.prices,
            "may_manage": access.has_permission(request.user, Permission.MANAGE_HOSTING),
            "history": changes_for(record)
            if access.has_permission(request.user, Permission.VIEW_HISTORY)
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_HOSTING)
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(hosting_access.applications_for(request.user), pk=pk)
    proposal = assessment.assess().applications[record.name].proposal
    proposed = proposal.disposition.value
    stale: StaleEditError | None = None
    if request.method == "POST":
        form = ConfirmForm(request.POST, proposed=proposed)
        if form.is_valid():
            try:
                services.confirm_disposition(
                    record,
                    form.cleaned_data["version"],
                    Disposition(form.cleaned_data["disposition"]),
                    form.cleaned_data["note"],
                    request.user,  # type: ignore[arg-type]
                )
            except StaleEditError as error:
                stale = error
                form = offer_again(
                    lambda data, saved: ConfirmForm(data, proposed=proposed), request.POST, error
                )
            else:
                messages.success(request, f"The disposition of {record.name} has been saved.")
                return redirect("hosting:application", pk=record.pk)
    else:
        form = ConfirmForm(
            initial={
                "version": record.version,
                "disposition": record.confirmed_disposition or proposed,
                "note": record.confirmation_note,
            },
            proposed=proposed,
        )
    return render(
        request,
        "hosting/confirm.html",
        {
            "section": SECTION,
            "application": record,
            "proposal": proposal,
            "form": form,
            "stale": stale,
        },
    )


@access.requires(Permission.VIEW_HOSTING)
def plan(request: HttpRequest) -> HttpResponse:
    """The latest wave plan (figures.plan) with the reader's application deadlines."""
    day = timezone.localdate()
    estate = figures.estate(day, request.user)
    visible = figures.plan(day, request.user, estate)
    chart = None
    if visible and visible.waves:
        chart = chart_svg(
            charts.wave_timeline,
            [(w["name"], w["start"], w["end"], w["vms"]) for w in visible.waves],
            visible.plan.exit_date,
            title="The migration waves on a timeline, with the data-centre exit date",
        )
    deadlines = list(
        hosting_access.applications_for(request.user)
        .filter(contract_end__isnull=False)
        .order_by("contract_end")
    )
    return render(
        request,
        "hosting/plan.html",
        {
            "section": SECTION,
            "visible": visible,
            "chart": chart,
            "deadlines": deadlines,
            "loose": estate.unassigned_vms,
            "may_manage": access.has_permission(request.user, Permission.MANAGE_HOSTING),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_HOSTING)
def make_plan(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.make_plan(
                request.user,  # type: ignore[arg-type]
                data["start"],
                data["exit_date"],
                data["wave_days"],
                data["max_vms_per_wave"],
                data["max_tb_per_wave"],
            )
            messages.success(request, "A new wave plan has been made.")
            return redirect("hosting:plan")
    else:
        form = PlanForm(
            initial={
                "start": timezone.localdate().strftime("%d/%m/%Y"),
                "exit_date": assessment.EXIT_DATE.strftime("%d/%m/%Y"),
                "wave_days": 28,
                "max_vms_per_wave": 40,
                "max_tb_per_wave": Decimal(20),
            }
        )
    return render(request, "hosting/make_plan.html", {"section": SECTION, "form": form})


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_HOSTING)
def import_rvtools(request: HttpRequest) -> HttpResponse:
    """Upload an export: a readable one is held and previewed; nothing is written yet."""
    if request.method == "POST":
        form = RvtoolsForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                read_export(data, upload.name)
            except RvtoolsError as error:
                form.add_error("file", str(error))
            else:
                held_upload.hold(request.session, data, upload.name)
                return redirect("hosting:import_preview")
    else:
        form = RvtoolsForm()
    return render(request, "hosting/import.html", {"section": SECTION, "form": form})


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_HOSTING)
def import_preview(request: HttpRequest) -> HttpResponse:
    """What the held export would change, and the button that imports it."""
    held = held_upload.held(request.session)
    if held is None:
        messages.info(request, "Upload the RVTools export again: no upload is waiting.")
        return redirect("hosting:import_rvtools")
    data, filename = held
    try:
        export = read_export(data, filename)
    except RvtoolsError as error:  # held only after being read, so only if the code changed
        held_upload.release(request.session)
        messages.info(request, str(error))
        return redirect("hosting:import_rvtools")
    check = services.check_rvtools(export, filename)
    if request.method == "POST":
        form = ConfirmImportForm(request.POST, must_allow=check.needs_confirmation)
        if form.is_valid():
            try:
                record = services.import_rvtools(
                    export,
                    filename,
                    request.user,  # type: ignore[arg-type]
                    allow_disappear=form.cleaned_data["allow_disappear"],
                )
            except services.ImportRefusedError as error:
                form = ConfirmImportForm(request.POST, must_allow=True)
                form.is_valid()
                form.add_error("allow_disappear", str(error))
            else:
                held_upload.release(request.session)
                return render(
                    request,
                    "hosting/import.html",
                    {
                        "section": SECTION,
                        "form": RvtoolsForm(),
                        "record": record,
                        "findings": list(record.findings.all()),
                    },
                )
    else:
        form = ConfirmImportForm(must_allow=check.needs_confirmation)
    return render(
        request,
        "hosting/import_preview.html",
        {"section": SECTION, "form": form, "check": check},
    )


@access.requires(Permission.VIEW_HOSTING)
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "hosting/catalogue.html",
        _catalogue_context(request),
    )


def _catalogue_context(request: HttpRequest) -> dict[str, object]:
    """The price list in force, its sizes and disks, the settings, and the estate's cloud
    price a year under each commitment (the VMs the person may see)."""
    prices = price_list.in_force()
    records = list(hosting_access.vms_for(request.user).filter(present=True))
    assessed = price_list.assess_vms(records, prices)
    chosen = price_list.pricing_settings("")
    sizing = price_list.sizing_settings()
    return {
        "section": SECTION,
        "prices": prices,
        "sizes": sorted(
            price_list.catalogue(prices), key=lambda s: (s.family, s.vcpus, s.memory_gib)
        ),
        "disks": sorted(
            (tier.label, f"{tier.letter}{number}", pricing.DISK_SIZES_GIB[number], price)
            for (tier, number), price in prices.disks.items()
        ),
        "licence_bands": prices.licence_bands,
        "settings": chosen,
        "sizing": sizing,
        "hybrid_benefit": settings.GEMINI_HOSTING_HYBRID_BENEFIT,
        "totals": price_list.commitment_totals(records, assessed, prices),
        "vms": len(records),
    }


@access.requires(Permission.VIEW_HOSTING)
def projects(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "hosting/projects.html",
        {"section": SECTION, "projects": figures.projects(timezone.localdate())},
    )


def _size_name(sizing: sizing_engine.Sizing) -> str:
    return sizing.size.name if sizing.size else "None"


def _known(amount: Decimal | None) -> Decimal | str:
    """An amount for the workbook, or "Not known" (never a blank a sum would take as 0)."""
    return "Not known" if amount is None else amount


@access.requires(Permission.VIEW_HOSTING)
def export(request: HttpRequest) -> HttpResponse:
    """Everything the person may see of the estate and plan, as one workbook."""
    today = timezone.localdate()
    vm_records = list(
        hosting_access.vms_for(request.user).filter(present=True).prefetch_related("applications")
    )
    result = assessment.assess(today)
    prices = result.prices
    latest_import = _latest_import()
    records = list(hosting_access.applications_for(request.user))
    visible = figures.plan(today, request.user)
    stale = "No"
    if visible is not None and visible.out_of_date:
        stale = visible.out_of_date_because or "Yes"
    councils = hosting_access.councils_for(request.user)
    sheets = [
        Sheet(
            "VMs",
            [
                "VM",
                "Organisation",
                "Power state",
                "vCPUs",
                "Memory MiB",
                "Provisioned MiB",
                "In use MiB",
                "Cluster",
                "Host",
                "Operating system",
                "Support",
                "Azure readiness",
                "Readiness reasons",
                "Size",
                "Size fits",
                "Sizing basis",
                "Commitment",
                f"Monthly price {prices.currency}",
                f"Yearly price {prices.currency}",
                "Price complete",
                "Sizing and price reasons",
                "Applications",
            ],
            [
                (
                    vm.name,
                    vm.organisation.code,
                    vm.get_power_state_display(),
                    vm.cpus,
                    vm.memory_mib,
                    vm.provisioned_mib,
                    vm.in_use_mib,
                    vm.cluster,
                    vm.host,
                    vm.os_name,
                    assessment.support_of(vm, today).status.label,
                    (r := assessment.readiness_of(vm, today)).readiness.label,
                    r.reason,
                    _size_name((v := result.vms[vm.name]).sizing),
                    "Yes" if v.sizing.fits else "No: costed at the largest size",
                    v.sizing.basis_text,
                    v.price.commitment.label if v.price else "",
                    v.price.monthly if v.price else "Not known",
                    v.price.yearly if v.price else "Not known",
                    ("Yes" if v.price.complete else "No: a lower bound") if v.price else "No",
                    " ".join([*v.sizing.reasons, *(v.price.reasons if v.price else ())]),
                    "; ".join(a.name for a in vm.applications.all()),
                )
                for vm in vm_records
            ],
        ),
        Sheet(
            "Import findings",
            ["Export", "Sheet", "Row", "VM", "Finding"],
            [
                (
                    latest_import.filename if latest_import else "",
                    f.sheet,
                    f.row or None,
                    f.vm,
                    f.what,
                )
                for f in (
                    hosting_access.findings_for(request.user, latest_import)
                    if latest_import
                    else []
                )
            ],
        ),
        Sheet(
            "Applications",
            [
                "Application",
                "Owner",
                "Shared",
                "Criticality",
                "Contract end",
                "Proposed",
                "Rule",
                "Reasons",
                "Disposition",
                "Confirmed",
                "On-premises a year",
                "Cloud a year",
                "One-off migration",
            ],
            [
                (
                    a.name,
                    a.organisation.code,
                    "Yes" if a.shared else "No",
                    a.get_criticality_display(),
                    a.contract_end,
                    (i := result.applications[a.name]).proposal.disposition.label,
                    i.proposal.rule,
                    " ".join(i.proposal.reasons),
                    i.disposition.label,
                    "Yes" if i.confirmed else "No",
                    _known(i.cost.on_premises),
                    _known(i.cost.cloud),
                    i.cost.migration,
                )
                for a in records
            ],
        ),
        Sheet(
            "Dependencies",
            ["From", "To", "Kind"],
            [
                (d.source.name, d.target.name, d.get_kind_display())
                for d in hosting_access.dependencies_for(request.user)
            ],
        ),
        Sheet(
            "Bills",
            ["Council", "On-premises a year", "Cloud a year", "Saving a year", "One-off migration"],
            [
                (b.council, _known(b.on_premises), _known(b.cloud), _known(b.saving), b.migration)
                for c in councils
                if (b := result.bills.get(c))
            ],
        ),
        Sheet(
            "Waves",
            ["Wave", "Start", "End", "VMs", "Applications", "Plan out of date"],
            [
                (
                    w["name"],
                    w["start"],
                    w["end"],
                    w["vms"],
                    "; ".join(w["applications"]),
                    stale,
                )
                for w in (visible.waves if visible else ())
            ],
        ),
        Sheet(
            "Plan findings",
            ["Application", "Rule", "Finding"],
            [
                (f["application"], f["rule"], f["message"])
                for f in (visible.findings if visible else ())
            ],
        ),
        Sheet(
            "Cloud sizes",
            [
                "Size",
                "Family",
                "vCPUs",
                "Memory GiB",
                "Max data disks",
                "Pay as you go an hour (Linux)",
                "Currency",
                "Region",
                "Price date",
                "Price list",
                "Illustrative",
            ],
            [
                (
                    size.name,
                    size.family,
                    size.vcpus,
                    size.memory_gib,
                    size.max_disks,
                    size.price_per_hour,
                    size.currency,
                    size.region,
                    size.price_date,
                    prices.source,
                    "Yes" if prices.illustrative else "No",
                )
                for size in price_list.catalogue(prices)
            ],
        ),
    ]
    return xlsx_response(f"hosting-{today:%Y-%m-%d}.xlsx", sheets)


@require_http_methods(["GET", "POST"])
@access.requires(Permission.VIEW_HOSTING)
def grouping(request: HttpRequest) -> HttpResponse:
    """VMs in no application, a proposed grouping on the basis chosen, and (for a manager)
    accepting groups as applications."""
    chosen = request.POST.get("basis") or request.GET.get("basis") or Basis.FOLDER.value
    basis = Basis(chosen) if chosen in Basis.__members__.values() else Basis.FOLDER
    loose = assessment.loose_estate(hosting_access.vms_for(request.user))
    proposal = assessment.grouping_of(loose.vms, basis)
    by_key = {group.key: group for group in proposal.groups}
    may_manage = access.has_permission(request.user, Permission.MANAGE_HOSTING)
    organisations = [
        (o.code, o.name)
        for o in access.organisations_for(request.user, Permission.MANAGE_HOSTING).order_by("code")
    ]
    choices = [(group.key, group.name) for group in proposal.groups]
    form = GroupingForm(initial={"basis": basis.value}, groups=choices, organisations=organisations)
    if request.method == "POST":
        access.require(request.user, Permission.MANAGE_HOSTING)
        form = GroupingForm(request.POST, groups=choices, organisations=organisations)
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = services.accept_grouping(
                    [by_key[key] for key in data["groups"]],
                    basis,
                    Organisation.objects.get(code=data["organisation"]),
                    data["criticality"],
                    request.user,  # type: ignore[arg-type]
                )
            except services.GroupingRefusedError as error:
                form.add_error("groups", str(error))
            else:
                messages.success(
                    request,
                    f"{len(made)} application{'s' if len(made) != 1 else ''} made from VMs in "
                    f"no application: {', '.join(a.name for a in made)}. Make a new wave plan "
                    "to plan them as applications.",
                )
                return redirect(f"{reverse('hosting:grouping')}?basis={basis.value}")
    return render(
        request,
        "hosting/grouping.html",
        {
            "section": SECTION,
            "loose": loose,
            "proposal": proposal,
            "bases": list(Basis),
            "form": form,
            "may_manage": may_manage,
        },
    )
