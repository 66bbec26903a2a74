"""Issue 20, item 4: Group rows in the OneDrive identity map, the SharePoint site map, and the
MigrationWiz and ShareGate mappings, each in its documented shape."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from gemini.core import importing
from gemini.migration import mappings, services
from gemini.migration import models as m
from gemini.migration.engine import mappings as shapes
from gemini.migration.tests.support import the_plan, the_settings

SOURCE_ID = "6c2b1f9e-4d1a-4b7e-9a55-2f0c8d3e7b41"
GROUP = shapes.GroupMap(
    "CWaC Housing",
    "Housing team",
    "11111111-2222-4333-8444-555555555555",
    "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
    "Unified",
)
PERSON = shapes.PersonMap(
    "jo.bloggs@ourcheshire.example",
    "jo.bloggs@ourcheshire.example",
    "jo.bloggs@cheshirewest.example",
    "jo.bloggs.mail@cheshirewest.example",
)


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def run(kind: str, text: str):
    return importing.run_import(importing.importer_for(kind), text.encode(), f"{kind}.csv")


# --- the shapes (pure) ---------------------------------------------------------------------


def test_a_group_row_has_microsofts_six_columns_and_no_header():
    text = shapes.onedrive_group_rows([GROUP], SOURCE_ID)
    assert text == (
        f"Group,{SOURCE_ID},11111111-2222-4333-8444-555555555555,"
        "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee,aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee,Unified\r\n"
    )  # GroupName holds the target group's object ID, as Microsoft's step 5 says


def test_the_site_map_carries_the_cmdlets_parameters_and_splits_at_4000():
    sites = [
        shapes.SiteMap(
            f"https://old.sharepoint.com/sites/s{n}", f"https://new.sharepoint.com/sites/s{n}"
        )
        for n in range(4001)
    ]
    files = shapes.site_map_files(sites, "https://new-my.sharepoint.com/")
    assert sorted(files) == ["site-map-1.csv", "site-map-2.csv"]
    first = rows(files["site-map-1.csv"])
    assert first[0] == ["SourceSiteUrl", "TargetSiteUrl", "TargetCrossTenantHostUrl"]
    assert len(first) == 4001  # header and 4,000 moves: Microsoft's most per batch
    assert first[1][2] == "https://new-my.sharepoint.com/"
    assert len(rows(files["site-map-2.csv"])) == 2


def test_migrationwiz_and_sharegate_files_have_the_vendors_headers():
    wiz = rows(shapes.migrationwiz_csv([PERSON]))
    assert wiz == [
        ["Source Email", "Destination Email"],
        ["jo.bloggs@ourcheshire.example", "jo.bloggs.mail@cheshirewest.example"],
    ]
    gate = rows(shapes.sharegate_csv([PERSON], [GROUP]))
    assert gate == [
        ["SourceValue", "DestinationValue"],
        ["jo.bloggs@ourcheshire.example", "jo.bloggs.mail@cheshirewest.example"],
        ["CWaC Housing", "Housing team"],
    ]


@pytest.mark.parametrize(
    "url",
    [
        "http://old.sharepoint.com/sites/hr",
        "https://old.sharepoint.com/sites/hr/Shared%20Documents",
        "https://old.sharepoint.com/sites/hr?web=1",
        "old.sharepoint.com/sites/hr",
    ],
)
def test_it_refuses_an_address_that_is_not_a_site(url):
    assert shapes.site_url_problem(url)


def test_it_accepts_a_site_a_team_site_and_the_root():
    for url in (
        "https://old.sharepoint.com/sites/hr",
        "https://old.sharepoint.com/teams/Finance/",
        "https://old.sharepoint.com/",
    ):
        assert shapes.site_url_problem(url) == ""


# --- the imports and the exports -------------------------------------------------------------

GROUPS = "sourceGroupName,targetGroupName,sourceGroupObjectId,targetGroupObjectId,groupType\n"


def test_the_onedrive_map_lists_imported_groups_after_the_people(estate):
    before = services.export_files("onedrive-map", the_plan())["onedrive-identity-map.csv"]
    result = run(
        "groups",
        GROUPS + "Planning Officers,Planning team,"
        "11111111-2222-4333-8444-555555555555,AAAAAAAA-bbbb-4ccc-8ddd-eeeeeeeeeeee,Security\n",
    )
    assert result.ok, result.problems
    after = rows(services.export_files("onedrive-map", the_plan())["onedrive-identity-map.csv"])
    assert after[0][0] == "User"
    group_rows = [row for row in after if row[0] == "Group"]
    assert [
        "Group",
        the_settings().source_tenant_id,
        "11111111-2222-4333-8444-555555555555",
        "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
        "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
        "Security",
    ] in group_rows
    assert len(after) == len(rows(before)) + 1
    assert all(len(row) == 6 for row in after)


def test_a_group_is_mapped_one_to_one(estate):
    taken = m.MigrationGroup.objects.order_by("pk").first()
    assert taken is not None
    result = run(
        "groups",
        GROUPS + f"Someone else,{taken.target_name.upper()},"
        "11111111-2222-4333-8444-555555555555,aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee,Unified\n"
        "Third,Third team,not-a-guid,aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee,Unified\n",
    )
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "targetGroupName"),  # already another group's name, whatever its case
        (3, "sourceGroupObjectId"),  # not a GUID
    ]
    assert not m.MigrationGroup.objects.filter(source_name="Someone else").exists()


SITES = "sourceSiteUrl,targetSiteUrl,council\n"


def test_the_site_map_holds_the_moving_councils_sites_with_the_host_url(estate):
    result = run(
        "sites",
        SITES + "https://ourcheshire.sharepoint.com/sites/Planning-Archive/,"
        "https://cheshirewest.sharepoint.com/sites/planning-archive,CWAC\n"
        "https://ourcheshire.sharepoint.com/sites/cec-estates,"
        "https://cheshireeast.sharepoint.com/sites/estates,CEC\n",
    )
    assert result.ok, result.problems
    table = rows(services.export_files("site-map", the_plan())["site-map.csv"])
    assert table[0] == ["SourceSiteUrl", "TargetSiteUrl", "TargetCrossTenantHostUrl"]
    assert [
        "https://ourcheshire.sharepoint.com/sites/planning-archive",
        "https://cheshirewest.sharepoint.com/sites/planning-archive",
        the_settings().target_cross_tenant_host_url,
    ] in table
    assert not any("cec-estates" in row[0] for row in table)  # CEC's sites stay


def test_a_site_import_refuses_a_same_tenant_target_and_a_taken_address(estate):
    taken = m.SharePointSite.objects.order_by("pk").first()
    assert taken is not None
    result = run(
        "sites",
        SITES + "https://ourcheshire.sharepoint.com/sites/a,"
        "https://ourcheshire.sharepoint.com/sites/b,CWAC\n"
        f"https://ourcheshire.sharepoint.com/sites/c,{taken.target_url.upper()},CWAC\n"
        "https://ourcheshire.sharepoint.com/sites/d,https://new.sharepoint.com/sites/d,NOPE\n",
    )
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "targetSiteUrl"),
        (3, "targetSiteUrl"),
        (4, "council"),
    ]


def test_the_site_map_needs_the_host_url(estate, tmp_path):
    record = the_settings()
    services.edit_settings(record, record.version, {"target_cross_tenant_host_url": ""})
    with pytest.raises(mappings.ExportNotReadyError, match="Get-SPOCrossTenantHostUrl"):
        services.export_files("site-map", the_plan())
    with pytest.raises(CommandError, match="Migration › Settings"):
        call_command("migration", "export", "site-map", "--out", str(tmp_path))


def test_the_vendor_exports_download_for_the_technical_lead(estate, client_for):
    client = client_for(estate["tech"])
    gate = client.get(reverse("migration:export", args=["sharegate"]))
    assert gate.status_code == 200
    table = rows(gate.content.decode())
    assert table[0] == ["SourceValue", "DestinationValue"]
    assert ["CWaC Housing", "Housing team"] in table
    wiz = client.get(reverse("migration:export", args=["migrationwiz"]))
    assert wiz.content.startswith(b"Source Email,Destination Email\r\n")


def test_export_help_lists_every_kind(capsys):
    with pytest.raises(SystemExit):
        call_command("migration", "export", "--help")
    shown = capsys.readouterr().out
    for kind in services.EXPORT_KINDS:
        assert f"{kind}:" in shown
    assert {"site-map", "migrationwiz", "sharegate", "tasks"} <= set(services.EXPORT_KINDS)
