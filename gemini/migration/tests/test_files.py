"""The exact shapes of the files the Microsoft tools take."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from gemini.migration import models as m
from gemini.migration import services
from gemini.migration.engine import files
from gemini.migration.tests.support import the_plan


def user(n: int, group: int = 1, size: int = 1) -> files.MovedUser:
    return files.MovedUser(
        source_upn=f"p{n}@ourcheshire.example",
        source_mail=f"p{n}@ourcheshire.example",
        target_upn=f"p{n}@cheshirewest.example",
        target_mail=f"p{n}.mail@cheshirewest.example",
        user_type="Member",
        wave="Wave 1",
        cutover=dt.date(2025, 5, 6),
        submit_by=dt.date(2025, 4, 22),
        group=group,
        group_size=size,
        mailbox_gb=Decimal("1.5"),
        reason="because",
    )


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_a_batch_file_has_exactly_the_emailaddress_header_and_target_addresses():
    text = files.batch_csv([user(2), user(1)])
    assert text == (
        "EmailAddress\r\np1.mail@cheshirewest.example\r\np2.mail@cheshirewest.example\r\n"
    )


def test_the_onedrive_map_has_six_columns_no_header_and_everyone():
    text = files.onedrive_map_csv([user(1), user(2)], "tenant-guid")
    assert rows(text) == [
        [
            "User",
            "tenant-guid",
            "p1@ourcheshire.example",
            "p1@cheshirewest.example",
            "p1.mail@cheshirewest.example",
            "Member",
        ],
        [
            "User",
            "tenant-guid",
            "p2@ourcheshire.example",
            "p2@cheshirewest.example",
            "p2.mail@cheshirewest.example",
            "Member",
        ],
    ]


def test_the_redirect_map_goes_from_old_to_new_address():
    assert rows(files.redirect_map_csv([user(1)])) == [
        ["old_address", "new_address"],
        ["p1@ourcheshire.example", "p1.mail@cheshirewest.example"],
    ]


def test_fasttrack_batches_put_loners_in_the_no_dependencies_batch():
    text = files.fasttrack_batches_csv(
        [user(1, group=4, size=2), user(2, group=4, size=2), user(3, 9)]
    )
    assert rows(text) == [
        ["Batch", "User"],
        ["BATCH-4", "p1@ourcheshire.example"],
        ["BATCH-4", "p2@ourcheshire.example"],
        ["BATCH-NoDependencies", "p3@ourcheshire.example"],
    ]


def test_the_fasttrack_schedule_has_its_seven_columns_and_us_dates():
    table = rows(files.fasttrack_schedule_csv([user(1)]))
    assert table[0] == [
        "Migration Date(MM/dd/yyyy)",
        "Migration Window",
        "Migration Group",
        "PrimarySMTPAddress",
        "SuggestedBatch",
        "MailboxSize(MB)",
        "Notes",
    ]
    assert table[1][0] == "05/06/2025"
    assert table[1][3:6] == ["p1@ourcheshire.example", "BATCH-NoDependencies", "1536"]


def test_post_move_tasks_regrant_send_on_behalf_and_rebuild_profiles():
    tasks = files.post_move_tasks(
        [user(1), user(2)], [files.SendOnBehalf("p1@ourcheshire.example", "p2@ourcheshire.example")]
    )
    mine = [t for t in tasks if t[0] == "p1@ourcheshire.example"]
    assert [t[3] for t in mine] == [
        "Re-grant Send on Behalf",
        "Rebuild Outlook profile",
        "Recreate Teams meetings",
    ]
    assert "p2.mail@cheshirewest.example" in mine[0][4]


def test_the_demo_exports_list_everyone_placed(estate):
    plan = the_plan()
    placed = m.Placement.objects.filter(plan=plan, wave__isnull=False).count()
    batches = services.export_files("batches", plan)
    assert sum(len(rows(text)) - 1 for text in batches.values()) == placed
    assert all(rows(text)[0] == ["EmailAddress"] for text in batches.values())
    (onedrive,) = services.export_files("onedrive-map", plan).values()
    assert [r[0] for r in rows(onedrive)] == ["User"] * placed + ["Group"] * (
        m.MigrationGroup.objects.count()
    )
    assert {len(r) for r in rows(onedrive)} == {6}
    (tasks,) = services.export_files("tasks", plan).values()
    assert "Re-grant Send on Behalf" in tasks
