"""Which identities go in a cross-tenant mailbox batch, and the pre-staging values they need.

Rules (docs/migration.md gives their sources):

- **Recipient type** is Exchange Online's `RecipientTypeDetails` (Get-EXORecipient): a
  `UserMailbox`, `SharedMailbox`, `RoomMailbox` or `EquipmentMailbox` has a mailbox to move; a
  `MailUser` has none here (its mail lives elsewhere); a `Guest` (`GuestMailUser`, or a
  `#EXT#` address, or Entra's userType Guest) belongs to another organisation and is invited
  again in the new tenant, never moved; `None` is an account without a mailbox. Blank means the
  type is not known, and an unknown type is never treated as a mailbox.
- **A batch holds** only mailboxes of an enabled account, or of the shared kinds (shared, room
  and equipment mailboxes, whose accounts are disabled by design). A disabled person's
  mailbox (a leaver's) is held back: convert it to a shared mailbox first, or leave it behind.
- **Pre-staging** (Microsoft Learn, "Cross-tenant mailbox migration", *Prepare target user
  objects for migration*): the target MailUser carries the source mailbox's ExchangeGuid, its
  ArchiveGuid when it has an archive, its LegacyExchangeDN as an `x500:` proxy address and
  every `x500:` address of the source mailbox. Exchange writes an ArchiveGuid of all zeros for
  a mailbox without an archive: that is read as "no archive".
"""

from __future__ import annotations

import enum
import re
import uuid


class RecipientType(enum.StrEnum):
    USER_MAILBOX = "UserMailbox"
    SHARED_MAILBOX = "SharedMailbox"
    ROOM_MAILBOX = "RoomMailbox"
    EQUIPMENT_MAILBOX = "EquipmentMailbox"
    MAIL_USER = "MailUser"
    GUEST = "Guest"
    NONE = "None"


UNKNOWN = ""  # the recipient type was not given
SHARED_KINDS = frozenset(
    {RecipientType.SHARED_MAILBOX, RecipientType.ROOM_MAILBOX, RecipientType.EQUIPMENT_MAILBOX}
)
MAILBOXES = SHARED_KINDS | {RecipientType.USER_MAILBOX}

# What an import accepts for each type: the seven names, and the RecipientTypeDetails values
# Exchange writes for the same things.
RECIPIENT_TYPE_NAMES: dict[str, str] = {
    **{kind.value: kind.value for kind in RecipientType},
    "GuestMailUser": RecipientType.GUEST.value,
}

NIL_GUID = "00000000-0000-0000-0000-000000000000"
# /o=Organisation[/ou=Group…]/cn=…[/cn=…]: the X.500 form Exchange uses for LegacyExchangeDN.
_DN = r"/o=[^/]+(?:/ou=[^/]+)*(?:/cn=[^/]+)+"
LEGACY_DN = re.compile(_DN, re.IGNORECASE)
X500 = re.compile(r"x500:" + _DN, re.IGNORECASE)


def is_guest(upn: str, user_type: str, recipient_type: str) -> bool:
    return (
        recipient_type == RecipientType.GUEST
        or user_type.strip().lower() == "guest"
        or "#ext#" in upn.lower()
    )


def batch_problem(upn: str, recipient_type: str, enabled: bool, user_type: str = "Member") -> str:
    """Why this identity is not in a mailbox batch ("" when it belongs in one)."""
    if is_guest(upn, user_type, recipient_type):
        return (
            "a guest from another organisation (userType Guest or an #EXT# address): guests are "
            "invited again in the new tenant, not moved"
        )
    if recipient_type == UNKNOWN:
        return (
            "recipient type not known: import recipientType (Exchange's RecipientTypeDetails) "
            "to put it in a batch"
        )
    if recipient_type == RecipientType.MAIL_USER:
        return "a mail user: it has no mailbox in the source tenant to move"
    if recipient_type == RecipientType.NONE:
        return "no mailbox (recipient type None)"
    if recipient_type == RecipientType.USER_MAILBOX and not enabled:
        return (
            "a disabled account's mailbox: convert it to a shared mailbox to move it, or leave "
            "it behind"
        )
    if recipient_type not in MAILBOXES:
        return f"recipient type {recipient_type!r} is not a mailbox Gemini moves"
    return ""


def guid_problem(value: str) -> str:
    """Why `value` is not a GUID as Exchange writes one ("" when it is)."""
    try:
        uuid.UUID(value)
    except ValueError:
        return "it is not a GUID (32 hexadecimal digits, as 1ec059c7-8396-4d0b-af4e-d6bd4c12a8d8)"
    return ""


def canonical_guid(value: str) -> str:
    return str(uuid.UUID(value))


def split_x500(value: str) -> list[str]:
    """x500 addresses written one after another, separated by semicolons (or '|', or new
    lines), as an export joins a multi-valued attribute."""
    return [part.strip() for part in re.split(r"[;|\n]", value) if part.strip()]


def x500_problem(address: str) -> str:
    if not X500.fullmatch(address):
        return (
            f"{address!r} is not an x500 address: write it as x500:/o=Organisation/ou=Group/"
            "cn=Recipients/cn=name"
        )
    return ""
