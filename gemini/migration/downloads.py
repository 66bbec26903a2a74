"""Migration downloads: the Excel exports of each list page and the files for the Microsoft
tools, each checked like the page it belongs to."""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.asat import today
from gemini.core.exports import Sheet, xlsx_response
from gemini.migration import access as migration_access
from gemini.migration import figures, mappings, services
from gemini.migration import models as m
from gemini.migration.views import (
    EXPORT_TITLES,
    exception_lists,
    identity_search,
    wave_placements,
)


@access.requires(Permission.VIEW_MIGRATION)
def progress_xlsx(request: HttpRequest) -> HttpResponse:
    rows = figures.progress(today(), request.user).waves
    return xlsx_response(
        "migration-progress.xlsx",
        [
            Sheet(
                "Progress by wave",
                ["Wave", "Cutover", "People", "Phase 1 complete", "Phase 2 complete"],
                [[r.name, r.cutover, r.users, r.phase_1, r.phase_2] for r in rows],
            )
        ],
    )


@access.requires(Permission.MANAGE_MIGRATION)
def plan_xlsx(request: HttpRequest) -> HttpResponse:
    current = services.current_plan()
    if current is None:
        raise Http404("No plan has been made yet.")
    placements = (
        m.Placement.objects.filter(
            plan=current, identity__in=migration_access.identities_for(request.user)
        )
        .select_related("identity", "wave")
        .order_by("wave__number", "identity__user_principal_name")
    )
    return xlsx_response(
        "migration-plan.xlsx",
        [
            Sheet(
                "Waves",
                ["Wave", "Cutover", "Submit by", "People", "GB", "Reason"],
                [
                    [w.name, w.cutover, w.submit_by, w.users, w.gb, w.reason]
                    for w in current.waves.order_by("number")
                ],
            ),
            Sheet(
                "Placements",
                ["userPrincipalName", "Department", "Wave", "Move group", "Reason"],
                [
                    [
                        p.identity.user_principal_name,
                        p.identity.department,
                        p.wave.name if p.wave else "Not placed",
                        p.move_group,
                        p.reason,
                    ]
                    for p in placements
                ],
            ),
            Sheet(
                "Findings", ["Kind", "Detail"], [[f.kind, f.detail] for f in current.findings.all()]
            ),
        ],
    )


@access.requires(Permission.MANAGE_MIGRATION)
def wave_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(m.Wave.objects.all(), pk=pk)
    rows = []
    for placement in wave_placements(request, record):
        states = {s.workload: s.get_state_display() for s in placement.identity.statuses.all()}
        rows.append(
            [
                placement.identity.user_principal_name,
                placement.identity.target_mail,
                placement.identity.department,
                placement.move_group,
                *[states.get(w.value, "Not started") for w in m.Workload],
                placement.reason,
            ]
        )
    return xlsx_response(
        f"migration-{record.name.lower().replace(' ', '-')}.xlsx",
        [
            Sheet(
                record.name,
                [
                    "userPrincipalName",
                    "New address",
                    "Department",
                    "Move group",
                    *[w.label for w in m.Workload],
                    "Reason",
                ],
                rows,
            )
        ],
    )


@access.requires(Permission.MANAGE_MIGRATION)
def identities_xlsx(request: HttpRequest) -> HttpResponse:
    found, _ = identity_search(request)
    return xlsx_response(
        "migration-identities.xlsx",
        [
            Sheet(
                "Identities",
                [
                    "userPrincipalName",
                    "displayName",
                    "department",
                    "council",
                    "targetUserPrincipalName",
                    "targetMail",
                    "mailboxSizeGB",
                    "oneDriveSizeGB",
                    "vip",
                    "accountEnabled",
                    "userType",
                    "recipientType",
                    "ExchangeGuid",
                    "ArchiveGuid",
                    "LegacyExchangeDN",
                    "x500Addresses",
                ],
                [
                    [
                        i.user_principal_name,
                        i.display_name,
                        i.department,
                        i.organisation.code,
                        i.target_user_principal_name,
                        i.target_mail,
                        i.mailbox_gb,
                        i.onedrive_gb,
                        i.vip,
                        i.account_enabled,
                        i.user_type,
                        i.recipient_type,
                        i.exchange_guid,
                        i.archive_guid,
                        i.legacy_exchange_dn,
                        ";".join(i.x500_addresses.splitlines()),
                    ]
                    for i in found
                ],
            )
        ],
    )


@access.requires(Permission.MANAGE_MIGRATION)
def devices_xlsx(request: HttpRequest) -> HttpResponse:
    found = (
        migration_access.devices_for(request.user).select_related("primary_user").order_by("name")
    )
    return xlsx_response(
        "migration-devices.xlsx",
        [
            Sheet(
                "Devices",
                ["device_name", "type", "operating_system", "primary_user", "management_state"],
                [
                    [
                        d.name,
                        d.device_type,
                        d.operating_system,
                        d.primary_user.user_principal_name if d.primary_user else "",
                        d.management_state,
                    ]
                    for d in found
                ],
            )
        ],
    )


@access.requires(Permission.MANAGE_MIGRATION)
def exceptions_xlsx(request: HttpRequest) -> HttpResponse:
    open_now, met = exception_lists(request)
    headings = ["userPrincipalName", "Workload", "State", "Problem", "Note", "When"]
    return xlsx_response(
        "migration-exceptions.xlsx",
        [
            Sheet(
                "Open",
                headings,
                [
                    [
                        s.identity.user_principal_name,
                        s.get_workload_display(),
                        s.get_state_display(),
                        s.get_problem_display(),
                        s.note,
                        s.updated_at,
                    ]
                    for s in open_now
                ],
            ),
            Sheet(
                "Met so far",
                headings,
                [
                    [
                        s.identity.user_principal_name,
                        s.get_workload_display(),
                        s.get_state_display(),
                        s.get_problem_display(),
                        s.note,
                        s.history_date,
                    ]
                    for s in met
                ],
            ),
        ],
    )


@access.requires(Permission.MANAGE_MIGRATION)
def export(request: HttpRequest, kind: str) -> HttpResponse:
    current = services.current_plan()
    if kind not in EXPORT_TITLES or current is None:
        raise Http404("There is no such export, or no plan yet.")
    try:
        produced = services.export_files(
            kind, current, migration_access.identities_for(request.user)
        )
    except (mappings.ExportNotReadyError, services.ExportRefusedError) as error:
        messages.error(request, str(error))
        return redirect("migration:exports")
    if len(produced) == 1:
        ((name, text),) = produced.items()
        response = HttpResponse(text.encode(), content_type="text/csv; charset=utf-8")
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file_name, text in produced.items():
                archive.writestr(file_name, text)
        name = f"{kind}.zip"
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
