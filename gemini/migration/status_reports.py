"""The migration tools' own status reports, imported as they come (issue 20, item 6):

- `mailbox-move-report`: the migration batch's users with their statistics, as
  `Get-MigrationUser | Get-MigrationUserStatistics | Export-Csv -NoTypeInformation` writes
  them (Exchange Online PowerShell) — the mail workload;
- `onedrive-move-report`: `Get-SPOCrossTenantUserContentMoveState … | Export-Csv
  -NoTypeInformation` (SharePoint Online Management Shell) — the OneDrive workload.

Microsoft's states are read into Gemini's by engine/tracking.py. Like every import, the file is
checked whole and nothing is written unless every row is valid; then each row goes through
`importers.save_statuses`, so a row older than the state already recorded is reported and
skipped, and a time in the future is refused (importers._moment).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from gemini.core.access import Permission
from gemini.core.importing import Cells, Change, Column, Importer, Problem, register
from gemini.migration import models as m
from gemini.migration.engine import tracking
from gemini.migration.importers import StatusRow, _moment, save_statuses


@dataclass(frozen=True)
class ReportRow:
    """A row before its person is found: `key` is an address or a OneDrive path."""

    key: str
    column: str
    state: str
    problem: str
    note: str
    when: dt.datetime | None


def _state(
    cells: Cells, column: str, table: dict[str, tuple[str, str, str]]
) -> tuple[str, str, str] | None:
    value = cells.text(column)
    if not value:
        return None
    found = table.get(tracking.state_key(value))
    if found is None:
        known = ", ".join(sorted({label.split(":")[0] for _, _, label in table.values()}))
        cells.problem(column, f"{value!r} is not a state Gemini knows here; known: {known}.")
    return found


def _note(*parts: str) -> str:
    return " ".join(part for part in parts if part)[:500]


def _latest(cells: Cells, columns: Sequence[str]) -> dt.datetime | None:
    """The latest of the times the row gives (None if none): the newest thing it knows."""
    moments = [moment for column in columns if (moment := _moment(cells, column))]
    return max(moments) if moments else None


class _ToolReport(Importer[ReportRow]):
    """A tool's report: rows found by address (or OneDrive path), one workload each."""

    workload: str
    permission = Permission.MANAGE_MIGRATION

    def lookup(self, rows: Sequence[tuple[int, ReportRow]]) -> dict[str, str]:
        raise NotImplementedError

    def check_rows(self, rows: Sequence[tuple[int, ReportRow]]) -> list[Problem]:
        self.upn_of = self.lookup(rows)
        problems: list[Problem] = []
        seen: dict[str, int] = {}
        for number, row in rows:
            upn = self.upn_of.get(row.key)
            if upn is None:
                problems.append(
                    Problem(number, row.column, f"No identity in Gemini matches {row.key}.")
                )
                continue
            if upn in seen:
                problems.append(Problem(number, row.column, f"{upn} is also on row {seen[upn]}."))
            seen.setdefault(upn, number)
        return problems

    def save(self, rows: Sequence[ReportRow]) -> Iterable[Change]:
        statuses = [
            StatusRow(
                self.upn_of[row.key],
                self.workload,
                row.state,
                row.problem,
                row.note,
                row.when,
            )
            for row in rows
        ]
        yield from save_statuses(statuses)


@register
class MailboxMoveReport(_ToolReport):
    kind = "mailbox-move-report"
    title = "Mailbox move report (Get-MigrationUser / Get-MigrationUserStatistics)"
    description = (
        "The migration batch's users with their status, exported from Exchange Online "
        "PowerShell with Export-Csv -NoTypeInformation: sets the mail workload."
    )
    workload = m.Workload.MAIL
    columns = (
        Column("Identity", description="the mailbox's address in the batch (new or old)"),
        Column("Status", description="Queued, Syncing, Synced, Completed, Failed, …"),
        Column("BatchId", required=False),
        Column("LastSyncTime", required=False, description="Get-MigrationUser"),
        Column("LastSuccessfulSyncTime", required=False, description="Get-MigrationUser"),
        Column(
            "LastSuccessfulSyncTimestamp",
            required=False,
            description="Get-MigrationUserStatistics; the latest of the three is used",
        ),
        Column("Error", required=False, description="Get-MigrationUserStatistics"),
        Column("ErrorSummary", required=False, description="Get-MigrationUser"),
    )

    def clean_row(self, cells: Cells) -> ReportRow | None:
        address = cells.text("Identity", max_length=254)
        found = _state(cells, "Status", tracking.MAILBOX_STATES)
        when = _latest(
            cells, ("LastSyncTime", "LastSuccessfulSyncTime", "LastSuccessfulSyncTimestamp")
        )
        error = _note(cells.raw("Error"), cells.raw("ErrorSummary"))
        if not address or found is None or cells.problems:
            return None
        state, problem, meaning = found
        if state == m.State.FAILED and not problem:
            problem = tracking.problem_from_error(error) or "other"
        batch = cells.raw("BatchId")
        note = _note(f"{meaning}." if meaning else "", f"Batch {batch}." if batch else "", error)
        return ReportRow(address.lower(), "Identity", state, problem, note, when)

    def lookup(self, rows: Sequence[tuple[int, ReportRow]]) -> dict[str, str]:
        """A batch names each mailbox by its new address; an old one is accepted too."""
        wanted = {row.key for _, row in rows}
        found: dict[str, str] = {}
        for upn, mail, target_upn, target_mail in m.Identity.objects.values_list(
            "user_principal_name", "mail", "target_user_principal_name", "target_mail"
        ):
            for address in (target_mail, target_upn, upn, mail):
                if address and address.lower() in wanted:
                    found.setdefault(address.lower(), upn)
        return found


@register
class OneDriveMoveReport(_ToolReport):
    kind = "onedrive-move-report"
    title = "OneDrive move report (Get-SPOCrossTenantUserContentMoveState)"
    description = (
        "The cross-tenant OneDrive moves' states, exported from the SharePoint Online "
        "Management Shell with Export-Csv -NoTypeInformation: sets the OneDrive workload."
    )
    workload = m.Workload.ONEDRIVE
    columns = (
        Column("MoveState", description="NotStarted, Scheduled, InProgress, Success, Failed, …"),
        Column(
            "SourceUserPrincipalName",
            required=False,
            description="the person's old address; or give SourceSiteUrl",
        ),
        Column(
            "SourceSiteUrl", required=False, description="the old OneDrive's address (…/personal/…)"
        ),
        Column("TimeStamp", required=False, description="when the state was reached"),
        Column("ErrorMessage", required=False),
    )

    def clean_row(self, cells: Cells) -> ReportRow | None:
        found = _state(cells, "MoveState", tracking.ONEDRIVE_STATES)
        when = _moment(cells, "TimeStamp")
        upn = cells.text("SourceUserPrincipalName", required=False, max_length=254)
        site = cells.text("SourceSiteUrl", required=False, max_length=400)
        key, column = "", "SourceUserPrincipalName"
        if upn:
            key = upn.lower()
        elif site:
            path = urlsplit(site).path.rstrip("/").lower()
            if not path.startswith("/personal/"):
                cells.problem(
                    "SourceSiteUrl", f"{site!r} is not a OneDrive address (…/personal/NAME)."
                )
            key, column = path, "SourceSiteUrl"
        else:
            cells.problem(
                "SourceUserPrincipalName",
                "Give the person's SourceUserPrincipalName or their OneDrive's SourceSiteUrl.",
            )
        error = cells.raw("ErrorMessage")
        if found is None or cells.problems:
            return None
        state, problem, meaning = found
        if state == m.State.FAILED and not problem:
            problem = tracking.problem_from_error(error) or "other"
        return ReportRow(key, column, state, problem, _note(f"{meaning}.", error), when)

    def lookup(self, rows: Sequence[tuple[int, ReportRow]]) -> dict[str, str]:
        """By old address, or by the OneDrive path SharePoint makes from it."""
        wanted = {row.key for _, row in rows}
        found: dict[str, str] = {}
        for upn in m.Identity.objects.values_list("user_principal_name", flat=True):
            for key in (upn.lower(), tracking.onedrive_site_path(upn)):
                if key in wanted:
                    found.setdefault(key, upn)
        return found
