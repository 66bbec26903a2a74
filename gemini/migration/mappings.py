"""Groups and SharePoint sites, and the mapping files made from them and from the plan: the
`Group` rows of the OneDrive identity map, the SharePoint site map, MigrationWiz's bulk add and
ShareGate's user and group mapping (issue 20, item 4; shapes in engine/mappings.py).

Writes go through `save_group` and `save_site` (atomic, recorded by the history), called by the
`groups` and `sites` imports. Not imported by services' callers directly: services.export_files
hands the kinds of EXPORT_KINDS here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gemini.core.models import Organisation
from gemini.core.services import Outcome, upsert
from gemini.migration import models as m
from gemini.migration.engine import files
from gemini.migration.engine import mappings as shapes

EXPORT_KINDS = ("site-map", "migrationwiz", "sharegate")
EXPORT_TITLES = {
    "site-map": (
        "SharePoint site map for Start-SPOCrossTenantSiteContentMove "
        "(SourceSiteUrl,TargetSiteUrl,TargetCrossTenantHostUrl)"
    ),
    "migrationwiz": "MigrationWiz bulk add (Source Email,Destination Email)",
    "sharegate": "ShareGate user and group mapping (SourceValue,DestinationValue)",
}


class ExportNotReadyError(ValueError):
    """An export needs a setting or data that is not there yet; the message says which."""


def save_group(source_name: str, values: Mapping[str, Any]) -> Outcome:
    _, outcome = upsert(m.MigrationGroup, {"source_name": source_name}, values)
    return outcome


def save_site(source_url: str, owner: Organisation, target_url: str) -> Outcome:
    _, outcome = upsert(
        m.SharePointSite, {"source_url": source_url}, {"owner": owner, "target_url": target_url}
    )
    return outcome


def group_maps() -> list[shapes.GroupMap]:
    return [
        shapes.GroupMap(*row)
        for row in m.MigrationGroup.objects.values_list(
            "source_name", "target_name", "source_object_id", "target_object_id", "group_type"
        )
    ]


def onedrive_group_rows(source_tenant_id: str) -> str:
    """The OneDrive identity map's `Group` rows: every imported group, in every upload."""
    return shapes.onedrive_group_rows(group_maps(), source_tenant_id)


def site_map_files() -> dict[str, str]:
    """The moving council's sites, with the new tenant's cross-tenant host URL (a setting)."""
    record = m.MigrationSettings.objects.first()
    if record is None or not record.target_cross_tenant_host_url:
        raise ExportNotReadyError(
            "The site map needs the target tenant's cross-tenant host URL (what "
            "Get-SPOCrossTenantHostUrl prints there): set it in Migration › Settings."
        )
    sites = m.SharePointSite.objects.filter(owner_id=record.moving_organisation_id)
    if not sites.exists():
        raise ExportNotReadyError(
            "No SharePoint site of the moving council has been imported: import the site "
            "inventory (gemini import sites FILE) first."
        )
    return shapes.site_map_files(
        [shapes.SiteMap(s.source_url, s.target_url) for s in sites],
        record.target_cross_tenant_host_url,
    )


def _people(users: Sequence[files.MovedUser]) -> list[shapes.PersonMap]:
    return [
        shapes.PersonMap(u.source_upn, u.source_mail, u.target_upn, u.target_mail) for u in users
    ]


def export_files(kind: str, users: Sequence[files.MovedUser]) -> dict[str, str]:
    """The files of one mapping kind, file name → CSV text, for the people given (the plan's,
    cut to the reader's scope by the caller)."""
    if kind == "site-map":
        return site_map_files()
    if kind == "migrationwiz":
        return {"migrationwiz-bulk-add.csv": shapes.migrationwiz_csv(_people(users))}
    if kind == "sharegate":
        return {
            "sharegate-user-and-group-mapping.csv": shapes.sharegate_csv(
                _people(users), group_maps()
            )
        }
    raise ValueError(f"There is no mapping export {kind!r}.")
