"""Addresses as Microsoft Entra ID and Exchange Online accept them (pure; no Django).

Sources (docs/migration.md, "Addresses"):

- Microsoft Learn, "'Invalid user name' when you try to create a user name that contains a
  special character in Microsoft 365" (office/troubleshoot/office-suite-issues/
  username-contains-special-character): the user name may hold only A–Z, a–z, 0–9 and
  ``' . - _ ! # ^ ~``; no ``@`` but the one before the domain; no period immediately before the
  ``@``; at most 64 characters before the ``@``, 48 after, 113 in all; no accented letters.
- RFC 5322 §3.2.3 (dot-atom): a local part neither starts nor ends with a period and has no
  two periods together (Exchange Online refuses such SMTP addresses).
- RFC 1035 §2.3.1 and RFC 1123 §2.1 (host names): the domain is labels of letters, digits and
  hyphens, 1–63 characters each, neither starting nor ending with a hyphen; at least two
  labels; the last (top-level) label is not all digits.
"""

from __future__ import annotations

import re

LOCAL_CHARACTERS = re.compile(r"[A-Za-z0-9'.\-_!#^~]+")
LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
MAX_LOCAL = 64
MAX_DOMAIN = 48
MAX_TOTAL = 113


def address_problem(address: str) -> str:
    """Why `address` is not an address Entra ID and Exchange Online accept ("" if it is one)."""
    if address.count("@") != 1:
        return "it must have exactly one @, between the user name and the domain"
    local, domain = address.split("@")
    if not local:
        return "it has nothing before the @"
    if not address.isascii():
        odd = "".join(sorted({c for c in address if not c.isascii()}))
        return (
            f"it has {odd!r}: Entra ID accepts no accented or other non-ASCII letters "
            "in a user name or address"
        )
    bad = sorted(set(re.sub(LOCAL_CHARACTERS, "", local)))
    if bad:
        listed = " ".join(bad)
        return (
            f"the user name has {listed}; Entra ID allows only letters, digits and "
            "' . - _ ! # ^ ~ before the @"
        )
    if local.startswith("."):
        return "the user name starts with a period"
    if local.endswith("."):
        return "the user name ends with a period (a period cannot come just before the @)"
    if ".." in local:
        return "the user name has two periods together"
    if len(local) > MAX_LOCAL:
        return f"the user name is {len(local)} characters long; at most {MAX_LOCAL}"
    if len(domain) > MAX_DOMAIN:
        return f"the domain is {len(domain)} characters long; at most {MAX_DOMAIN}"
    if len(address) > MAX_TOTAL:
        return f"it is {len(address)} characters long; at most {MAX_TOTAL}"
    labels = domain.split(".")
    if len(labels) < 2:
        return f"the domain {domain!r} needs at least two parts, such as example.org"
    for label in labels:
        if not LABEL.fullmatch(label):
            return (
                f"the domain part {label!r} is not valid: each part of a domain is 1 to 63 "
                "letters, digits or hyphens, and does not start or end with a hyphen"
            )
    if labels[-1].isdigit():
        return f"the domain {domain!r} ends in a number; a top-level domain is not all digits"
    return ""


def domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower()
