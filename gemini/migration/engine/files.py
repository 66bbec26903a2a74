"""The files the Microsoft tools take, in their exact shapes (REFERENCE.md §3, docs/formats.md).

Pure functions from plain rows to CSV text. Files use the comma, CRLF line ends (as Excel and
the Microsoft tools write them) and UTF-8 without a byte-order mark.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

BATCH_HEADER = ("EmailAddress",)
REDIRECT_HEADER = ("old_address", "new_address")
FASTTRACK_BATCHES_HEADER = ("Batch", "User")
FASTTRACK_SCHEDULE_HEADER = (
    "Migration Date(MM/dd/yyyy)",
    "Migration Window",
    "Migration Group",
    "PrimarySMTPAddress",
    "SuggestedBatch",
    "MailboxSize(MB)",
    "Notes",
)
TASKS_HEADER = ("userPrincipalName", "targetUserPrincipalName", "wave", "task", "detail")
# The target MailUser's attributes, named as Exchange Online names them (New-MailUser,
# Set-MailUser), then the source recipient type and the wave for the team's own use.
PRE_STAGING_HEADER = (
    "DisplayName",
    "Alias",
    "UserPrincipalName",
    "PrimarySmtpAddress",
    "ExternalEmailAddress",
    "ExchangeGuid",
    "ArchiveGuid",
    "EmailAddresses",
    "SourceRecipientType",
    "Wave",
)
PRE_STAGING_MISSING_HEADER = ("userPrincipalName", "targetMail", "wave", "missing")
HELD_BACK_HEADER = ("userPrincipalName", "recipientType", "accountEnabled", "userType", "reason")
NO_DEPENDENCIES = "BATCH-NoDependencies"


@dataclass(frozen=True)
class MovedUser:
    """One person as the export files need them."""

    source_upn: str
    source_mail: str
    target_upn: str
    target_mail: str
    user_type: str  # Member or Guest
    wave: str
    cutover: dt.date
    submit_by: dt.date
    group: int
    group_size: int
    mailbox_gb: Decimal
    reason: str
    display_name: str = ""
    recipient_type: str = ""
    exchange_guid: str = ""
    archive_guid: str = ""
    legacy_exchange_dn: str = ""
    x500: tuple[str, ...] = ()


def _csv(rows: Iterable[Sequence[object]], header: Sequence[str] | None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def batch_csv(users: Iterable[MovedUser]) -> str:
    """A cross-tenant mailbox batch: header exactly `EmailAddress`, target addresses."""
    return _csv(([u.target_mail] for u in sorted(users, key=lambda u: u.target_mail)), BATCH_HEADER)


def batch_filename(wave: str) -> str:
    return "batch-" + wave.lower().replace(" ", "-") + ".csv"


def onedrive_map_csv(users: Iterable[MovedUser], source_tenant_id: str) -> str:
    """The cross-tenant OneDrive identity map: 6 columns, no header, everyone in every upload."""
    return _csv(
        (
            ["User", source_tenant_id, u.source_upn, u.target_upn, u.target_mail, u.user_type]
            for u in sorted(users, key=lambda u: u.source_upn)
        ),
        None,
    )


def redirect_map_csv(users: Iterable[MovedUser]) -> str:
    """Old address → new address, one row per person (mail and, if different, UPN)."""
    rows: list[tuple[str, str]] = []
    for user in sorted(users, key=lambda u: u.source_upn):
        rows.append((user.source_mail or user.source_upn, user.target_mail))
        if user.source_mail and user.source_upn.lower() != user.source_mail.lower():
            rows.append((user.source_upn, user.target_mail))
    return _csv(rows, REDIRECT_HEADER)


def fasttrack_batch_name(user: MovedUser) -> str:
    return NO_DEPENDENCIES if user.group_size == 1 else f"BATCH-{user.group}"


def fasttrack_batches_csv(users: Iterable[MovedUser]) -> str:
    """FastTrack's `Batch,User`: one batch per move group, loners in BATCH-NoDependencies."""
    ordered = sorted(
        users,
        key=lambda u: (u.group_size == 1, u.group, u.source_mail or u.source_upn),
    )
    return _csv(
        ([fasttrack_batch_name(u), u.source_mail or u.source_upn] for u in ordered),
        FASTTRACK_BATCHES_HEADER,
    )


def fasttrack_schedule_csv(users: Iterable[MovedUser]) -> str:
    """FastTrack's schedule: one row per mailbox with its wave's date and suggested batch."""
    ordered = sorted(users, key=lambda u: (u.cutover, u.wave, u.source_upn))
    return _csv(
        (
            [
                f"{u.cutover:%m/%d/%Y}",
                f"sync from {u.submit_by:%m/%d/%Y}, cutover {u.cutover:%m/%d/%Y}",
                u.wave,
                u.source_mail or u.source_upn,
                fasttrack_batch_name(u),
                int((u.mailbox_gb * 1024).to_integral_value()),
                u.reason,
            ]
            for u in ordered
        ),
        FASTTRACK_SCHEDULE_HEADER,
    )


@dataclass(frozen=True)
class SendOnBehalf:
    mailbox: str  # source UPN of the mailbox owner
    delegate: str  # source UPN of the delegate


def post_move_tasks(
    users: Iterable[MovedUser], send_on_behalf: Iterable[SendOnBehalf]
) -> list[tuple[str, str, str, str, str]]:
    """Each person's tasks after their move: Send on Behalf does not move and is re-granted;
    Outlook profiles are rebuilt; Teams meeting links are recreated."""
    by_upn = {u.source_upn: u for u in users}
    grants: dict[str, list[str]] = {}
    for link in send_on_behalf:
        delegate = by_upn.get(link.delegate)
        grants.setdefault(link.mailbox, []).append(
            delegate.target_mail if delegate else link.delegate
        )
    rows: list[tuple[str, str, str, str, str]] = []
    for upn in sorted(by_upn):
        user = by_upn[upn]
        rows.extend(
            (
                upn,
                user.target_upn,
                user.wave,
                "Re-grant Send on Behalf",
                f"Give {delegate_address} Send on Behalf of {user.target_mail} again: "
                "it does not move across tenants.",
            )
            for delegate_address in sorted(grants.get(upn, []))
        )
        rows.append(
            (
                upn,
                user.target_upn,
                user.wave,
                "Rebuild Outlook profile",
                f"Sign in to Outlook as {user.target_upn}; the old profile points at the old "
                "tenant.",
            )
        )
        rows.append(
            (
                upn,
                user.target_upn,
                user.wave,
                "Recreate Teams meetings",
                "Meetings you organise keep links to the old tenant: send them again from the "
                "new account.",
            )
        )
    return rows


def tasks_csv(rows: Iterable[Sequence[str]]) -> str:
    return _csv(rows, TASKS_HEADER)


def _alias(address: str) -> str:
    return address.split("@")[0]


def pre_staging_rows(
    users: Iterable[MovedUser], delivery_domain: str
) -> tuple[list[list[str]], list[list[str]]]:
    """The target MailUsers to create before the batches run, and those that cannot be made
    yet for want of a value (Microsoft Learn, "Cross-tenant mailbox migration": the target
    MailUser needs the source mailbox's ExchangeGuid, its ArchiveGuid if it has an archive, its
    LegacyExchangeDN as an x500 proxy address and all its x500 addresses; its
    ExternalEmailAddress points at the source mailbox; it has an address in the target
    delivery domain)."""
    ready: list[list[str]] = []
    missing: list[list[str]] = []
    for user in sorted(users, key=lambda u: u.target_mail):
        lacking = [
            name
            for name, value in (
                ("ExchangeGuid", user.exchange_guid),
                ("LegacyExchangeDN", user.legacy_exchange_dn),
                ("targetMail", user.target_mail),
            )
            if not value
        ]
        if lacking:
            missing.append([user.source_upn, user.target_mail, user.wave, ", ".join(lacking)])
            continue
        alias = _alias(user.target_mail)
        proxies = [f"SMTP:{user.target_mail}"]
        routing = f"{alias}@{delivery_domain}"
        if routing.lower() != user.target_mail.lower():
            proxies.append(f"smtp:{routing}")
        proxies.append(f"X500:{user.legacy_exchange_dn}")
        seen = {p.lower() for p in proxies}
        for address in user.x500:
            if address.lower() not in seen:
                seen.add(address.lower())
                proxies.append(address)
        ready.append(
            [
                user.display_name or alias,
                alias,
                user.target_upn,
                user.target_mail,
                user.source_mail or user.source_upn,
                user.exchange_guid,
                user.archive_guid,
                ";".join(proxies),
                user.recipient_type,
                user.wave,
            ]
        )
    return ready, missing


def pre_staging_csv(rows: Iterable[Sequence[str]]) -> str:
    return _csv(rows, PRE_STAGING_HEADER)


def pre_staging_missing_csv(rows: Iterable[Sequence[str]]) -> str:
    return _csv(rows, PRE_STAGING_MISSING_HEADER)


@dataclass(frozen=True)
class HeldBackUser:
    upn: str
    recipient_type: str
    enabled: bool
    user_type: str
    reason: str


def held_back_csv(users: Iterable[HeldBackUser]) -> str:
    """Everyone kept out of the mailbox batches, with why (recipientType blank: not known)."""
    return _csv(
        (
            [u.upn, u.recipient_type, "true" if u.enabled else "false", u.user_type, u.reason]
            for u in sorted(users, key=lambda u: u.upn)
        ),
        HELD_BACK_HEADER,
    )
