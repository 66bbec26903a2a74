"""The migration app's import kinds: identities, permissions, devices, exclusions, migration-status
(docs/formats.md). Every file is checked whole; nothing is written unless every row
is valid."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gemini.core.access import Permission
from gemini.core.bulk_saving import bulk_upsert
from gemini.core.importing import Cells, Change, Column, Importer, Problem, register
from gemini.core.models import Organisation
from gemini.migration import models as m
from gemini.migration import services
from gemini.migration.engine import addresses, mailboxes

_domain = addresses.domain_of
# A tenant's export names each address many times (300,000 permissions among 100,000 people):
# each distinct address is checked once.
_address_problem = functools.lru_cache(maxsize=1 << 18)(addresses.address_problem)


def _address(cells: Cells, column: str, required: bool = True) -> str | None:
    """An address checked to Entra ID's rules (engine/addresses.py), in lower case: Entra ID and
    Exchange Online compare addresses without regard to case."""
    value = cells.text(column, required=required, max_length=254)
    if not value:
        return value
    problem = _address_problem(value)
    if problem:
        cells.problem(
            column,
            f"{value!r} is not an address Entra ID accepts: {problem} "
            "(e.g. jo.bloggs@example.org).",
        )
        return None
    return value.lower()


@dataclass(frozen=True)
class IdentityRow:
    upn: str
    council: str
    values: dict[str, Any]  # check_rows may renumber an address made by the first.last rule
    derived: bool = False  # the new address was made by the first.last rule
    mail_follows: bool = False  # targetMail was blank: it is the new UPN


@register
class IdentityImporter(Importer[IdentityRow]):
    kind = "identities"
    title = "Identities"
    description = (
        "Entra ID's \"Download users\" export (either header variant) with Gemini's columns: "
        "targetUserPrincipalName, targetMail, council, mailboxSizeGB, oneDriveSizeGB, vip; "
        "and from Exchange Online (Get-EXOMailbox): recipientType, ExchangeGuid, ArchiveGuid, "
        "LegacyExchangeDN, x500Addresses."
    )
    permission = Permission.MANAGE_MIGRATION
    columns = (
        Column("userPrincipalName", description="the address people sign in with today"),
        Column("displayName", required=False),
        Column("surname", required=False),
        Column("mail", required=False),
        Column("givenName", required=False),
        Column("objectId", required=False, description="older export"),
        Column("id", required=False, description="newer export (objectId renamed)"),
        Column("userType", required=False, description="Member or Guest"),
        Column("jobTitle", required=False),
        Column("department", required=False),
        Column("accountEnabled", required=False),
        Column(
            "targetUserPrincipalName",
            required=False,
            description="blank: first.last@ the new domain (migration settings)",
        ),
        Column("targetMail", required=False, description="blank: as targetUserPrincipalName"),
        Column("council", description="the organisation's code, such as CWAC"),
        Column("mailboxSizeGB", required=False),
        Column("oneDriveSizeGB", required=False),
        Column("vip", required=False, description="true or false"),
        Column(
            "recipientType",
            required=False,
            description=(
                "Exchange's RecipientTypeDetails: UserMailbox, SharedMailbox, RoomMailbox, "
                "EquipmentMailbox, MailUser, Guest (or GuestMailUser) or None; blank: not known "
                "(never put in a batch)"
            ),
        ),
        Column("ExchangeGuid", required=False, description="the source mailbox's GUID"),
        Column(
            "ArchiveGuid",
            required=False,
            description="the archive's GUID; blank or all zeros: no archive",
        ),
        Column("LegacyExchangeDN", required=False, description="/o=…/ou=…/cn=…"),
        Column(
            "x500Addresses",
            required=False,
            description="the mailbox's x500: proxy addresses, separated by semicolons",
        ),
    )
    # Exchange columns are written only when the file has them, so that a later Entra ID file
    # without them does not blank what an Exchange file gave.
    EXCHANGE_COLUMNS = (
        ("recipientType", "recipient_type"),
        ("ExchangeGuid", "exchange_guid"),
        ("ArchiveGuid", "archive_guid"),
        ("LegacyExchangeDN", "legacy_exchange_dn"),
        ("x500Addresses", "x500_addresses"),
    )

    def __init__(self) -> None:
        self.organisations = {o.code: o for o in Organisation.objects.all()}
        self.settings = services.current_settings()

    def clean_row(self, cells: Cells) -> IdentityRow | None:
        upn = _address(cells, "userPrincipalName")
        mail = _address(cells, "mail", required=False)
        council = cells.choice("council", {code: code for code in self.organisations})
        given = cells.text("givenName", required=False) or ""
        surname = cells.text("surname", required=False) or ""
        target_upn = _address(cells, "targetUserPrincipalName", required=False)
        target_mail = _address(cells, "targetMail", required=False)
        mailbox = cells.decimal("mailboxSizeGB", required=False, minimum=Decimal(0))
        onedrive = cells.decimal("oneDriveSizeGB", required=False, minimum=Decimal(0))
        vip = cells.boolean("vip", required=False)
        enabled = cells.boolean("accountEnabled", required=False)
        moves = (
            self.settings is not None
            and council is not None
            and self.organisations[council].pk == self.settings.moving_organisation_id
        )
        derived = False
        if target_upn == "" and moves and cells.raw("targetUserPrincipalName") == "":
            if self.settings and self.settings.target_domain and given and surname:
                target_upn = services.derived_address(given, surname, self.settings.target_domain)
                derived = True
                problem = addresses.address_problem(target_upn)
                if problem:
                    cells.problem(
                        "targetUserPrincipalName",
                        f"targetUserPrincipalName is empty and the rule first.last@new-domain "
                        f"makes {target_upn!r}, which Entra ID refuses ({problem}): give the "
                        "target address.",
                    )
                    target_upn = None
            else:
                cells.problem(
                    "targetUserPrincipalName",
                    "targetUserPrincipalName is empty and cannot be made from the rule "
                    "first.last@new-domain: give givenName and surname, or the target address.",
                )
        mail_follows = target_mail == ""
        if target_mail == "" and target_upn:
            target_mail = target_upn
        if upn and target_upn:
            sources = {_domain(upn)} | ({_domain(mail)} if mail else set())
            for column, target in (
                ("targetUserPrincipalName", target_upn),
                ("targetMail", target_mail),
            ):
                if target and _domain(target) in sources:
                    cells.problem(
                        column,
                        f"{target} is in the source domain {_domain(target)}; the two tenants "
                        "cannot share a domain, so the new address needs the new domain.",
                    )
        exchange = self._exchange_values(cells)
        if upn is None or council is None or cells.problems:
            return None
        return IdentityRow(
            upn,
            council,
            {
                **exchange,
                "display_name": cells.raw("displayName")[:200],
                "given_name": given[:100],
                "surname": surname[:100],
                "mail": mail or "",
                "object_id": (cells.raw("objectId") or cells.raw("id"))[:64],
                "user_type": cells.raw("userType")[:20] or "Member",
                "job_title": cells.raw("jobTitle")[:200],
                "department": cells.raw("department")[:200],
                "account_enabled": True if enabled is None else enabled,
                "target_user_principal_name": target_upn or "",
                "target_mail": target_mail or "",
                "mailbox_gb": mailbox or Decimal(0),
                "onedrive_gb": onedrive or Decimal(0),
                "vip": bool(vip),
            },
            derived,
            mail_follows,
        )

    def _exchange_values(self, cells: Cells) -> dict[str, str]:
        """The Exchange Online columns the file has, checked (engine/mailboxes.py)."""
        present = {column for column, _ in self.EXCHANGE_COLUMNS if column in cells.values}
        values: dict[str, str] = {}
        if "recipientType" in present:
            kind = cells.choice("recipientType", mailboxes.RECIPIENT_TYPE_NAMES, required=False)
            values["recipient_type"] = kind or ""
        for column, key in (("ExchangeGuid", "exchange_guid"), ("ArchiveGuid", "archive_guid")):
            if column not in present:
                continue
            guid = cells.text(column, required=False, max_length=38) or ""
            guid = guid.strip("{}")
            if guid and mailboxes.guid_problem(guid):
                cells.problem(column, f"{guid!r} is not valid: {mailboxes.guid_problem(guid)}.")
                continue
            guid = mailboxes.canonical_guid(guid) if guid else ""
            if guid == mailboxes.NIL_GUID:
                if column == "ExchangeGuid":
                    cells.problem(column, "ExchangeGuid is all zeros: give the mailbox's GUID.")
                    continue
                guid = ""  # Exchange's way of saying "no archive"
            values[key] = guid
        if "LegacyExchangeDN" in present:
            dn = cells.text("LegacyExchangeDN", required=False, max_length=500) or ""
            if dn and not mailboxes.LEGACY_DN.fullmatch(dn):
                cells.problem(
                    "LegacyExchangeDN",
                    f"{dn!r} is not a LegacyExchangeDN: write it as /o=Organisation/ou=Group/"
                    "cn=Recipients/cn=name.",
                )
            else:
                values["legacy_exchange_dn"] = dn
        if "x500Addresses" in present:
            found = mailboxes.split_x500(cells.raw("x500Addresses"))
            problems = [mailboxes.x500_problem(a) for a in found if mailboxes.x500_problem(a)]
            for problem in problems:
                cells.problem("x500Addresses", problem + ".")
            if not problems:
                values["x500_addresses"] = "\n".join(found)
        return values

    def check_rows(self, rows: Sequence[tuple[int, IdentityRow]]) -> list[Problem]:
        """One source address per row, and one person per new address.

        A new address (targetUserPrincipalName or targetMail) belongs to one person: it may not
        be held, as either, by anyone else in the file or already in Gemini (compared without
        regard to case, as Entra ID and Exchange Online compare them). A clash would send two
        people's mail and OneDrive to one account. An address made by the first.last rule that
        is taken gets the next free number (jo.bloggs2@…), in file order.
        """
        problems: list[Problem] = []
        seen: dict[str, int] = {}
        in_file = {row.upn for _, row in rows}
        # Who holds each new address once this file is saved: people not in the file keep theirs.
        holders: dict[str, str] = {}
        sources: set[str] = set()
        for upn, target_upn, target_mail in m.Identity.objects.values_list(
            "user_principal_name", "target_user_principal_name", "target_mail"
        ):
            sources.add(_domain(upn))
            if upn.lower() in in_file:
                continue
            for address in (target_upn, target_mail):
                if address:
                    holders.setdefault(address.lower(), f"{upn}, already in Gemini")
        sources |= {_domain(row.upn) for _, row in rows}
        sources |= {_domain(row.values["mail"]) for _, row in rows if row.values["mail"]}
        for number, row in rows:
            if row.upn in seen:
                problems.append(
                    Problem(
                        number, "userPrincipalName", f"{row.upn} is also on row {seen[row.upn]}."
                    )
                )
                continue
            seen[row.upn] = number
            if row.derived:
                self._free_derived_address(row, holders)
            target = row.values["target_user_principal_name"]
            if not target:
                continue
            mine = f"{row.upn}, row {number}"
            for column, key in (
                ("targetUserPrincipalName", "target_user_principal_name"),
                ("targetMail", "target_mail"),
            ):
                address = row.values[key]
                if not address:
                    continue
                holder = holders.setdefault(address, mine)
                if holder != mine:
                    problems.append(
                        Problem(
                            number,
                            column,
                            f"{address} is already the new address of {holder}; each new "
                            "address belongs to one person only.",
                        )
                    )
            if _domain(target) in sources:
                problems.append(
                    Problem(
                        number,
                        "targetUserPrincipalName",
                        f"{target} is in {_domain(target)}, a domain of the source tenant; the "
                        "two tenants cannot share a domain.",
                    )
                )
        problems.extend(self._one_mailbox_per_guid(rows))
        return problems

    @staticmethod
    def _one_mailbox_per_guid(rows: Sequence[tuple[int, IdentityRow]]) -> list[Problem]:
        """An ExchangeGuid names one mailbox: two identities with the same one would pre-stage
        two MailUsers for one mailbox, and the second move would fail."""
        in_file = {row.upn for _, row in rows}
        holders = {
            guid: f"{upn}, already in Gemini"
            for upn, guid in m.Identity.objects.exclude(exchange_guid="").values_list(
                "user_principal_name", "exchange_guid"
            )
            if upn.lower() not in in_file
        }
        problems: list[Problem] = []
        for number, row in rows:
            guid = row.values.get("exchange_guid")
            if not guid:
                continue
            holder = holders.setdefault(guid, f"{row.upn}, row {number}")
            if holder != f"{row.upn}, row {number}":
                problems.append(
                    Problem(
                        number,
                        "ExchangeGuid",
                        f"{guid} is already the ExchangeGuid of {holder}; each mailbox has its "
                        "own.",
                    )
                )
        return problems

    @staticmethod
    def _free_derived_address(row: IdentityRow, holders: dict[str, str]) -> None:
        """Give a row whose new address came from the first.last rule the first free one."""
        address = row.values["target_user_principal_name"]
        local, domain = address.split("@")
        number = 1
        while address in holders:
            number += 1
            address = f"{local}{number}@{domain}"
        row.values["target_user_principal_name"] = address
        if row.mail_follows:
            row.values["target_mail"] = address

    def save(self, rows: Sequence[IdentityRow]) -> Iterable[Change]:
        saved = bulk_upsert(
            m.Identity,
            ["user_principal_name"],
            [
                {
                    "user_principal_name": row.upn,
                    "organisation_id": self.organisations[row.council].pk,
                    **row.values,
                }
                for row in rows
            ],
            progress=self.writing,
        )
        for row, outcome in zip(rows, saved.outcomes, strict=True):
            yield Change(outcome, row.upn)


RIGHTS = {
    "Full Access": m.MailboxPermission.Right.FULL_ACCESS,
    "FullAccess": m.MailboxPermission.Right.FULL_ACCESS,
    "Send As": m.MailboxPermission.Right.SEND_AS,
    "SendAs": m.MailboxPermission.Right.SEND_AS,
    "SendOnBehalfTo": m.MailboxPermission.Right.SEND_ON_BEHALF,
    "Send on Behalf": m.MailboxPermission.Right.SEND_ON_BEHALF,
    "Calendar Folder": m.MailboxPermission.Right.CALENDAR_FOLDER,
    "None": m.MailboxPermission.Right.NONE,
}


@dataclass(frozen=True)
class PermissionRow:
    mailbox: str
    user: str
    right: str


@register
class PermissionImporter(Importer[PermissionRow]):
    kind = "permissions"
    title = "Mailbox permissions"
    description = (
        "Microsoft FastTrack's Mailbox,User,AccessRights file, or Gemini's own mailbox,user,right."
    )
    permission = Permission.MANAGE_MIGRATION
    columns = (
        Column("Mailbox", description="the mailbox's address (UPN or primary SMTP address)"),
        Column("User", description="who holds the right on it"),
        Column("AccessRights", required=False, description="FastTrack's file"),
        Column("right", required=False, description="Gemini's file"),
    )

    def clean_row(self, cells: Cells) -> PermissionRow | None:
        mailbox = _address(cells, "Mailbox")
        user = _address(cells, "User")
        column = "AccessRights" if "AccessRights" in cells.values else "right"
        if column not in cells.values:
            cells.problem("right", "The file needs an AccessRights column (or right).")
            return None
        right = cells.choice(column, RIGHTS)
        if mailbox is None or user is None or right is None:
            return None
        return PermissionRow(mailbox, user, str(right))

    def check_rows(self, rows: Sequence[tuple[int, PermissionRow]]) -> list[Problem]:
        known: dict[str, int] = {}
        for pk, upn, mail in m.Identity.objects.values_list("pk", "user_principal_name", "mail"):
            known[upn.lower()] = pk
            if mail:
                known.setdefault(mail.lower(), pk)
        self.known = known
        problems: list[Problem] = []
        seen: dict[tuple[str, str, str], int] = {}
        for number, row in rows:
            for column, address in (("Mailbox", row.mailbox), ("User", row.user)):
                if address not in known:
                    problems.append(
                        Problem(
                            number,
                            column,
                            f"{address} is not a known identity; import it in the identities "
                            "file first.",
                        )
                    )
            key = (row.mailbox, row.user, row.right)
            if key in seen:
                problems.append(Problem(number, "", f"The same permission is on row {seen[key]}."))
            seen.setdefault(key, number)
        return problems

    def save(self, rows: Sequence[PermissionRow]) -> Iterable[Change]:
        known = self.known
        saved = bulk_upsert(
            m.MailboxPermission,
            ["mailbox_id", "user_id", "right"],
            [
                {"mailbox_id": known[row.mailbox], "user_id": known[row.user], "right": row.right}
                for row in rows
            ],
            progress=self.writing,
        )
        for row, outcome in zip(rows, saved.outcomes, strict=True):
            yield Change(outcome, f"{row.user} {row.right} on {row.mailbox}")


@dataclass(frozen=True)
class DeviceRow:
    name: str
    values: dict[str, Any]
    primary_user: str


@register
class DeviceImporter(Importer[DeviceRow]):
    kind = "devices"
    title = "Devices"
    description = "Devices with their type, operating system, primary user and management state."
    permission = Permission.MANAGE_MIGRATION
    columns = (
        Column("device_name"),
        Column("type", description="laptop, desktop, tablet, phone…"),
        Column("operating_system"),
        Column("primary_user", required=False, description="the user's UPN; blank if shared"),
        Column("management_state", description="e.g. Intune, Co-managed, Configuration Manager"),
    )

    def clean_row(self, cells: Cells) -> DeviceRow | None:
        name = cells.text("device_name", max_length=100)
        device_type = cells.text("type", max_length=50)
        system = cells.text("operating_system", max_length=100)
        user = _address(cells, "primary_user", required=False)
        state = cells.text("management_state", max_length=50)
        if name is None or device_type is None or system is None or state is None:
            return None
        if user is None:
            return None
        return DeviceRow(
            name.upper(),
            {"device_type": device_type, "operating_system": system, "management_state": state},
            user,
        )

    def check_rows(self, rows: Sequence[tuple[int, DeviceRow]]) -> list[Problem]:
        self.users = dict(m.Identity.objects.values_list("user_principal_name", "pk"))
        problems: list[Problem] = []
        seen: dict[str, int] = {}
        for number, row in rows:
            if row.name in seen:
                problems.append(
                    Problem(number, "device_name", f"{row.name} is also on row {seen[row.name]}.")
                )
            seen.setdefault(row.name, number)
            if row.primary_user and row.primary_user not in self.users:
                problems.append(
                    Problem(
                        number,
                        "primary_user",
                        f"{row.primary_user} is not a known identity; import identities first.",
                    )
                )
        return problems

    def save(self, rows: Sequence[DeviceRow]) -> Iterable[Change]:
        users = self.users
        saved = bulk_upsert(
            m.Device,
            ["name"],
            [
                {
                    "name": row.name,
                    **row.values,
                    "primary_user_id": users.get(row.primary_user) if row.primary_user else None,
                }
                for row in rows
            ],
            progress=self.writing,
        )
        for row, outcome in zip(rows, saved.outcomes, strict=True):
            yield Change(outcome, row.name)


@register
class ExclusionImporter(Importer[str]):
    kind = "exclusions"
    title = "Exclusions"
    description = "Service accounts and groups to leave out of delegate grouping."
    permission = Permission.MANAGE_MIGRATION
    columns = (Column("userPrincipalName", description="the account's or group's address"),)

    def clean_row(self, cells: Cells) -> str | None:
        return _address(cells, "userPrincipalName")

    def check_rows(self, rows: Sequence[tuple[int, str]]) -> list[Problem]:
        seen: dict[str, int] = {}
        problems: list[Problem] = []
        for number, upn in rows:
            if upn in seen:
                problems.append(
                    Problem(number, "userPrincipalName", f"{upn} is also on row {seen[upn]}.")
                )
            seen.setdefault(upn, number)
        return problems

    def save(self, rows: Sequence[str]) -> Iterable[Change]:
        saved = bulk_upsert(
            m.Exclusion,
            ["user_principal_name"],
            [{"user_principal_name": upn} for upn in rows],
            progress=self.writing,
        )
        for upn, outcome in zip(rows, saved.outcomes, strict=True):
            yield Change(outcome, upn)


@dataclass(frozen=True)
class FreezeRow:
    start: dt.date
    end: dt.date
    reason: str


@register
class FreezeImporter(Importer[FreezeRow]):
    """The freeze calendar: days on which no cutover may be planned (docs/migration.md)."""

    kind = "freeze-dates"
    title = "Freeze calendar"
    description = (
        "Days when no cutover may happen (change freezes, elections, year end): a start, an "
        "end (blank: the same day) and why."
    )
    permission = Permission.MANAGE_MIGRATION
    columns = (
        Column("start", description="the first day, as 22/12/2025 or 2025-12-22"),
        Column("end", required=False, description="the last day (inclusive); blank: the start"),
        Column("reason", required=False, description="up to 200 characters"),
    )

    def clean_row(self, cells: Cells) -> FreezeRow | None:
        start = cells.date("start")
        end = cells.date("end", required=False)
        reason = cells.text("reason", required=False, max_length=200) or ""
        if start is None or cells.problems:
            return None
        end = end or start
        if end < start:
            cells.problem("end", f"The freeze ends ({end:%d/%m/%Y}) before it starts.")
            return None
        return FreezeRow(start, end, reason)

    def check_rows(self, rows: Sequence[tuple[int, FreezeRow]]) -> list[Problem]:
        seen: dict[tuple[dt.date, dt.date], int] = {}
        problems: list[Problem] = []
        for number, row in rows:
            key = (row.start, row.end)
            if key in seen:
                problems.append(Problem(number, "start", f"The same freeze is on row {seen[key]}."))
            seen.setdefault(key, number)
        return problems

    def save(self, rows: Sequence[FreezeRow]) -> Iterable[Change]:
        for row in rows:
            outcome = services.save_freeze(row.start, row.end, row.reason)
            yield Change(outcome, f"freeze {row.start:%d/%m/%Y} to {row.end:%d/%m/%Y}")


@dataclass(frozen=True)
class StatusRow:
    upn: str
    workload: str
    state: str
    problem: str
    note: str
    when: dt.datetime | None


def _moment(cells: Cells, column: str) -> dt.datetime | None:
    """A date and time as the Microsoft tools' reports write it: ISO 8601 (2024-06-03T09:15:00,
    with or without a zone) or UK (03/06/2024 09:15); a date alone means midnight, UK time.

    A time after now is refused: a report cannot have seen the future, and a state dated ahead
    would stop every real later report from being applied (issue 20, item 6). A US-style time
    with AM or PM (6/3/2024 9:15:00 AM) is refused too: its day and month cannot be told apart.
    """
    value = cells.text(column, required=False)
    if not value:
        return None
    if re.search(r"\b[AP]M\b", value, flags=re.IGNORECASE):
        cells.problem(
            column,
            f"{value!r} is written the US way (AM/PM), so its day and month cannot be told "
            "apart; export the report with UK or ISO dates (2024-06-03T09:15:00).",
        )
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        moment = None
        for pattern in ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y"):
            try:
                moment = dt.datetime.strptime(value, pattern)  # noqa: DTZ007 (made aware below)
                break
            except ValueError:
                continue
    if moment is None:
        cells.problem(
            column, f"{value!r} is not a date and time; write 2024-06-03T09:15 or 03/06/2024 09:15."
        )
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now():
        cells.problem(
            column,
            f"{value!r} is in the future; a report can only say what has already happened.",
        )
        return None
    return moment


def _choices(choices: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Accept a choice by its stored value (in_progress) or its label (In progress)."""
    accepted: dict[str, str] = {}
    for value, label in choices:
        accepted[label] = value
        accepted[value] = value
    return accepted


@register
class StatusImporter(Importer[StatusRow]):
    """A status report: each person's state per workload, from the migration tools' reports
    or a spreadsheet kept by the team (docs/formats.md)."""

    kind = "migration-status"
    title = "Migration status report"
    description = (
        "Each person's state for a workload (mail, OneDrive, Teams, SharePoint; account, "
        "device), as the migration tools report it."
    )
    permission = Permission.MANAGE_MIGRATION
    columns = (
        Column("userPrincipalName", description="the person's source address, as imported"),
        Column("workload", description="mail, onedrive, teams, sharepoint, account or device"),
        Column(
            "state",
            description="not started, scheduled, in progress, completed, failed, not applicable "
            "or rolled back",
        ),
        Column(
            "problem",
            required=False,
            description="hold, onedrive exists, path too long, apostrophe, warnings or other",
        ),
        Column("note", required=False, description="up to 500 characters"),
        Column(
            "updated_at", required=False, description="when the state was reached; blank means now"
        ),
    )

    def clean_row(self, cells: Cells) -> StatusRow | None:
        upn = _address(cells, "userPrincipalName")
        workload = cells.choice("workload", _choices(m.Workload.choices))
        state = cells.choice("state", _choices(m.State.choices))
        problems = _choices([(value, label) for value, label in m.Problem.choices if value])
        problem = cells.choice("problem", problems, required=False) or ""
        note = cells.text("note", required=False, max_length=500) or ""
        when = _moment(cells, "updated_at")
        if upn is None or workload is None or state is None:
            return None
        return StatusRow(upn, str(workload), str(state), str(problem), note, when)

    def check_rows(self, rows: Sequence[tuple[int, StatusRow]]) -> list[Problem]:
        known = set(
            m.Identity.objects.filter(
                user_principal_name__in={row.upn for _, row in rows}
            ).values_list("user_principal_name", flat=True)
        )
        problems = status_row_problems(rows, known)
        seen: dict[tuple[str, str], int] = {}
        for number, row in rows:
            if row.upn not in known:
                problems.append(
                    Problem(
                        number, "userPrincipalName", f"There is no identity {row.upn} in Gemini."
                    )
                )
            key = (row.upn, row.workload)
            if key in seen:
                problems.append(
                    Problem(
                        number, "workload", f"{row.upn} {row.workload} is also on row {seen[key]}."
                    )
                )
            seen.setdefault(key, number)
        return problems

    def save(self, rows: Sequence[StatusRow]) -> Iterable[Change]:
        yield from save_statuses(rows)


def status_row_problems(rows: Sequence[tuple[int, StatusRow]], known: set[str]) -> list[Problem]:
    """A device move marked Not applicable for someone who has a device
    (services.status_problem)."""
    claimed = {row.upn for _, row in rows if row.workload == m.Workload.DEVICE}
    with_devices = set(
        m.Device.objects.filter(primary_user__user_principal_name__in=claimed & known)
        .values_list("primary_user__user_principal_name", flat=True)
        .distinct()
    )
    return [
        Problem(
            number,
            "state",
            f"{row.upn} is the primary user of a device, so the device move is not "
            "'Not applicable'.",
        )
        for number, row in rows
        if row.workload == m.Workload.DEVICE
        and row.state == m.State.NOT_APPLICABLE
        and row.upn in with_devices
    ]


def save_statuses(rows: Sequence[StatusRow]) -> Iterable[Change]:
    """Record each row's state, all rows at once (services.set_statuses); a row older than the
    state recorded is reported and skipped, never applied over newer progress. Every row's
    person exists (the kind's `check_rows`); only their primary keys are read."""
    wanted = {row.upn for row in rows}
    identity_pk = dict(
        m.Identity.objects.filter(user_principal_name__in=wanted).values_list(
            "user_principal_name", "pk"
        )
        if len(wanted) <= 900
        else m.Identity.objects.values_list("user_principal_name", "pk")
    )
    now = timezone.now()
    changes = [
        services.StatusChange(
            identity_pk[row.upn],
            row.workload,
            row.state,
            row.problem,
            row.note,
            row.when or now,
        )
        for row in rows
    ]
    states = dict(m.State.choices)
    for row, change, saved in zip(rows, changes, services.set_statuses(changes), strict=True):
        label = states[row.state]
        if saved.outcome == "skipped" and saved.recorded_at is not None:
            yield Change(
                "skipped",
                f"{row.upn}: {row.workload} {label} at "
                f"{timezone.localtime(change.when):%d/%m/%Y %H:%M} is older than the "
                f"{states.get(saved.recorded_state, saved.recorded_state)} recorded at "
                f"{timezone.localtime(saved.recorded_at):%d/%m/%Y %H:%M}; not applied.",
            )
        else:
            yield Change(saved.outcome, f"{row.upn}: {row.workload} {label}")
