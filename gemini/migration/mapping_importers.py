"""The `groups` and `sites` import kinds (issue 20, item 4): the groups whose permissions move
with the data, and the SharePoint site inventory with each site's new address and the council
that owns it. Checked whole like every import; nothing is written unless every row is valid."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gemini.core.access import Permission
from gemini.core.importing import Cells, Change, Column, Importer, Problem, register
from gemini.core.models import Organisation
from gemini.migration import mappings
from gemini.migration import models as m
from gemini.migration.engine import mappings as shapes


@dataclass(frozen=True)
class GroupRow:
    source_name: str
    target_name: str
    source_object_id: str
    target_object_id: str
    group_type: str


def _name(cells: Cells, column: str) -> str | None:
    value = cells.text(column, max_length=256)
    if value and any(mark in value for mark in ',"'):
        cells.problem(column, f"{value!r} has a comma or a quotation mark; group names may not.")
        return None
    return value


def _object_id(cells: Cells, column: str) -> str | None:
    return cells.pattern(
        column,
        shapes.GUID.pattern,
        "an object ID is a GUID such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427 (Entra admin "
        "centre, the group's Overview).",
    )


@register
class GroupImporter(Importer[GroupRow]):
    kind = "groups"
    title = "Groups"
    description = (
        "Groups whose permissions move with the data: each group's name and object ID in the "
        "old tenant and in the new one, and its type. They become the Group rows of the "
        "OneDrive identity map and the group rows of the ShareGate mapping."
    )
    permission = Permission.MANAGE_MIGRATION
    columns = (
        Column("sourceGroupName", description="the group's name in the old tenant"),
        Column("targetGroupName", description="the group's name in the new tenant"),
        Column("sourceGroupObjectId", description="the group's object ID in the old tenant"),
        Column("targetGroupObjectId", description="the pre-created group's object ID"),
        Column("groupType", description="written as given into the identity map's 6th column"),
    )

    def clean_row(self, cells: Cells) -> GroupRow | None:
        source = _name(cells, "sourceGroupName")
        target = _name(cells, "targetGroupName")
        source_id = _object_id(cells, "sourceGroupObjectId")
        target_id = _object_id(cells, "targetGroupObjectId")
        group_type = cells.pattern(
            "groupType", r"[A-Za-z0-9 ]{1,50}", "letters, digits and spaces, at most 50."
        )
        if not (source and target and source_id and target_id and group_type):
            return None
        return GroupRow(source, target, source_id.lower(), target_id.lower(), group_type)

    def check_rows(self, rows: Sequence[tuple[int, GroupRow]]) -> list[Problem]:
        """Each group once, mapped one to one: a source name, target name or object ID may
        belong to one group only, in the file or already in Gemini (names compared without
        regard to case, as Entra ID compares them)."""
        in_file = {row.source_name.lower() for _, row in rows}
        holders: dict[tuple[str, str], str] = {}
        for group in m.MigrationGroup.objects.all():
            if group.source_name.lower() in in_file:
                continue  # re-imported: the file's row replaces it
            for column, value in self._keys(group):
                holders[(column, value)] = f"{group.source_name}, already in Gemini"
        problems: list[Problem] = []
        for number, row in rows:
            mine = f"row {number}"
            for column, value in self._keys(row):
                holder = holders.setdefault((column, value), mine)
                if holder != mine:
                    problems.append(
                        Problem(number, column, f"{value} is already used by {holder}.")
                    )
        return problems

    @staticmethod
    def _keys(group: GroupRow | m.MigrationGroup) -> list[tuple[str, str]]:
        return [
            ("sourceGroupName", group.source_name.lower()),
            ("targetGroupName", group.target_name.lower()),
            ("sourceGroupObjectId", group.source_object_id.lower()),
            ("targetGroupObjectId", group.target_object_id.lower()),
        ]

    def save(self, rows: Sequence[GroupRow]) -> Iterable[Change]:
        existing = {
            name.lower(): name
            for name in m.MigrationGroup.objects.values_list("source_name", flat=True)
        }
        for row in rows:
            source = existing.get(row.source_name.lower(), row.source_name)
            outcome = mappings.save_group(
                source,
                {
                    "target_name": row.target_name,
                    "source_object_id": row.source_object_id,
                    "target_object_id": row.target_object_id,
                    "group_type": row.group_type,
                },
            )
            yield Change(outcome, f"{row.source_name} to {row.target_name}")


@dataclass(frozen=True)
class SiteRow:
    source_url: str
    target_url: str
    council: str


def _site_url(cells: Cells, column: str) -> str | None:
    value = cells.text(column, max_length=400)
    if not value:
        return None
    problem = shapes.site_url_problem(value)
    if problem:
        cells.problem(column, f"{value!r} is not a SharePoint site address: {problem}.")
        return None
    return shapes.normal_site_url(value)


@register
class SiteImporter(Importer[SiteRow]):
    kind = "sites"
    title = "SharePoint sites"
    description = (
        "The SharePoint site inventory: each site's address now, its address in the new "
        "tenant, and the council that owns it. The moving council's sites make the site map "
        "for Start-SPOCrossTenantSiteContentMove."
    )
    permission = Permission.MANAGE_MIGRATION
    columns = (
        Column("sourceSiteUrl", description="such as https://ourcheshire.sharepoint.com/sites/hr"),
        Column("targetSiteUrl", description="such as https://cheshirewest.sharepoint.com/sites/hr"),
        Column("council", description="the owning organisation's code, such as CWAC"),
    )

    def __init__(self) -> None:
        self.organisations = {o.code: o for o in Organisation.objects.all()}

    def clean_row(self, cells: Cells) -> SiteRow | None:
        source = _site_url(cells, "sourceSiteUrl")
        target = _site_url(cells, "targetSiteUrl")
        council = cells.choice("council", {code: code for code in self.organisations})
        if source and target:
            source_host = source.split("/")[2]
            if source_host == target.split("/")[2]:
                cells.problem(
                    "targetSiteUrl",
                    f"{target} is in the same tenant as the site ({source_host}); a "
                    "cross-tenant move needs the new tenant's address.",
                )
        if not (source and target and council) or cells.problems:
            return None
        return SiteRow(source, target, council)

    def check_rows(self, rows: Sequence[tuple[int, SiteRow]]) -> list[Problem]:
        """One site per address: a source or target address belongs to one site, in the file
        or already in Gemini (compared without case or a trailing slash)."""
        in_file = {row.source_url for _, row in rows}
        holders: dict[tuple[str, str], str] = {}
        for source, target in m.SharePointSite.objects.values_list("source_url", "target_url"):
            if source in in_file:
                continue
            holders[("sourceSiteUrl", source)] = f"{source}, already in Gemini"
            holders[("targetSiteUrl", target)] = f"{source}, already in Gemini"
        problems: list[Problem] = []
        for number, row in rows:
            mine = f"row {number}"
            for column, value in (
                ("sourceSiteUrl", row.source_url),
                ("targetSiteUrl", row.target_url),
            ):
                holder = holders.setdefault((column, value), mine)
                if holder != mine:
                    problems.append(
                        Problem(number, column, f"{value} is already the address of {holder}.")
                    )
        return problems

    def save(self, rows: Sequence[SiteRow]) -> Iterable[Change]:
        for row in rows:
            outcome = mappings.save_site(
                row.source_url, self.organisations[row.council], row.target_url
            )
            yield Change(outcome, f"{row.source_url} to {row.target_url}")
