"""Mapping files for the move's other tools, in their documented shapes (docs/migration.md,
"Mappings"). Pure functions from plain rows to CSV text, written like engine/files.py: comma,
CRLF line ends, UTF-8 without a byte-order mark.

- Group rows of the cross-tenant OneDrive identity map (Microsoft Learn, "Cross-tenant
  OneDrive migration, Step 5: Identity mapping"): no header; `Group`, SourceTenantCompanyID,
  SourceGroupObjectID, TargetGroupObjectID, GroupName, GroupType. Microsoft's page says to
  put the target group's object ID in GroupName, so that column holds it.
- The SharePoint site map: one row per site with the parameters of
  `Start-SPOCrossTenantSiteContentMove` as its header (`SourceSiteUrl`, `TargetSiteUrl`,
  `TargetCrossTenantHostUrl`; Microsoft Learn, "Cross-tenant SharePoint migration, Step 6"),
  at most 4,000 rows to a file: Microsoft queues at most 4,000 moves in a batch.
- MigrationWiz bulk add (BitTitan help, "How do I import mailboxes into the system without
  entering them one at a time?"): `Source Email,Destination Email`, the two columns it
  requires; login names and passwords are not needed with administrative credentials.
- ShareGate user and group mapping (ShareGate help, "Create a user mapping from a CSV file"):
  `SourceValue,DestinationValue`, email addresses for people (ShareGate's advice) and names
  for groups; ShareGate's `Set-UserAndGroupMapping` turns it into a .sgum file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

SITE_MAP_HEADER = ("SourceSiteUrl", "TargetSiteUrl", "TargetCrossTenantHostUrl")
MIGRATIONWIZ_HEADER = ("Source Email", "Destination Email")
SHAREGATE_HEADER = ("SourceValue", "DestinationValue")
SITE_MOVES_PER_BATCH = 4000
GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@dataclass(frozen=True)
class GroupMap:
    source_name: str
    target_name: str
    source_object_id: str
    target_object_id: str
    group_type: str


@dataclass(frozen=True)
class SiteMap:
    source_url: str
    target_url: str


@dataclass(frozen=True)
class PersonMap:
    """One person's old and new addresses."""

    source_upn: str
    source_mail: str
    target_upn: str
    target_mail: str

    @property
    def source_email(self) -> str:
        return self.source_mail or self.source_upn

    @property
    def target_email(self) -> str:
        return self.target_mail or self.target_upn


def _csv(rows: Iterable[Sequence[object]], header: Sequence[str] | None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def onedrive_group_rows(groups: Iterable[GroupMap], source_tenant_id: str) -> str:
    """The `Group` rows of the OneDrive identity map (no header), by source group name."""
    return _csv(
        (
            [
                "Group",
                source_tenant_id,
                g.source_object_id,
                g.target_object_id,
                g.target_object_id,  # GroupName: "use the same ID as the TargetGroupObjectId"
                g.group_type,
            ]
            for g in sorted(groups, key=lambda g: g.source_name.lower())
        ),
        None,
    )


def site_map_files(sites: Iterable[SiteMap], target_host_url: str) -> dict[str, str]:
    """The site map, file name → CSV text: `site-map.csv`, or `site-map-1.csv`, `-2`, … when
    there are more than 4,000 sites."""
    ordered = sorted(sites, key=lambda s: s.source_url.lower())
    chunks = [
        ordered[start : start + SITE_MOVES_PER_BATCH]
        for start in range(0, len(ordered), SITE_MOVES_PER_BATCH)
    ] or [[]]
    files: dict[str, str] = {}
    for number, chunk in enumerate(chunks, start=1):
        name = "site-map.csv" if len(chunks) == 1 else f"site-map-{number}.csv"
        files[name] = _csv(
            ([s.source_url, s.target_url, target_host_url] for s in chunk), SITE_MAP_HEADER
        )
    return files


def migrationwiz_csv(people: Iterable[PersonMap]) -> str:
    """MigrationWiz's bulk add: each mailbox's primary SMTP address, old and new."""
    return _csv(
        ([p.source_email, p.target_email] for p in sorted(people, key=lambda p: p.source_email)),
        MIGRATIONWIZ_HEADER,
    )


def sharegate_csv(people: Iterable[PersonMap], groups: Iterable[GroupMap]) -> str:
    """ShareGate's user and group mapping: people by email, then groups by name."""
    rows = [[p.source_email, p.target_email] for p in sorted(people, key=lambda p: p.source_email)]
    rows += [
        [g.source_name, g.target_name] for g in sorted(groups, key=lambda g: g.source_name.lower())
    ]
    return _csv(rows, SHAREGATE_HEADER)


def site_url_problem(url: str) -> str:
    """Why `url` is not the full address of a SharePoint Online site ("" if it is): https, a
    host name, and a path under /sites/ or /teams/ (or the root site, "/")."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return "it must be a full https:// address, such as https://tenant.sharepoint.com/sites/hr"
    if parts.query or parts.fragment or "," in url or " " in url:
        return "it must be the site's address alone, without ?, #, commas or spaces"
    path = parts.path.rstrip("/")
    if path and not re.fullmatch(r"/(sites|teams)/[^/]+", path, flags=re.IGNORECASE):
        return "the path must be /sites/NAME or /teams/NAME (a site collection), or nothing"
    return ""


def normal_site_url(url: str) -> str:
    """A site address compared without regard to case or a trailing slash, as SharePoint
    does."""
    return url.rstrip("/").lower()
