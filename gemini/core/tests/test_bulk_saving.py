"""Saving in bulk (gemini.core.bulk_saving; docs/adr/0005-bulk-saving.md; issue 16.1): the same
outcomes, validation and audit history as saving row by row, in a few queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.models import HistoricalRecords

from gemini.core.bulk_saving import Columns, bulk_change, bulk_create, bulk_upsert
from gemini.core.history import recorded_at
from gemini.core.importing import importer_for, run_import
from gemini.core.models import User
from gemini.migration.models import Identity, MailboxPermission
from gemini.reports.models import CommitteeReport
from gemini.testing.personas import make_organisations


def _identity(upn: str, department: str = "ICT", mailbox: str = "1.50") -> dict[str, object]:
    return {
        "user_principal_name": upn,
        "organisation_id": make_organisations()["CWAC"].pk,
        "department": department,
        "mailbox_gb": Decimal(mailbox),
    }


@pytest.mark.django_db
def test_it_creates_updates_and_leaves_alone_with_one_history_entry_for_each_write():
    saved = bulk_upsert(
        Identity, ["user_principal_name"], [_identity("a@x.example"), _identity("b@x.example")]
    )
    assert saved.outcomes == ["created", "created"]

    again = bulk_upsert(
        Identity,
        ["user_principal_name"],
        [
            _identity("b@x.example", department="Finance"),
            _identity("a@x.example", mailbox="1.5"),  # the same number as 1.50
            _identity("c@x.example"),
        ],
    )

    assert again.outcomes == ["updated", "unchanged", "created"]
    assert again.pks[0] == saved.pks[1]
    b = Identity.objects.get(user_principal_name="b@x.example")
    assert b.department == "Finance"
    assert [h.history_type for h in b.history.order_by("history_id")] == ["+", "~"]
    assert [h.department for h in b.history.order_by("history_id")] == ["ICT", "Finance"]
    a = Identity.objects.get(user_principal_name="a@x.example")
    assert a.history.count() == 1
    c = Identity.objects.get(user_principal_name="c@x.example")
    assert c.history.get().history_type == "+"
    assert c.history.get().user_type == "Member"  # a field the rows do not set: its default


@pytest.mark.django_db
def test_it_finds_what_is_saved_in_one_query_whatever_the_number_of_rows():
    bulk_upsert(Identity, ["user_principal_name"], [_identity(f"p{i}@x.example") for i in range(5)])
    rows = [_identity(f"p{i}@x.example") for i in range(500)]
    with CaptureQueriesContext(connection) as queries:
        saved = bulk_upsert(Identity, ["user_principal_name"], rows)
    assert saved.count("created") == 495
    assert saved.count("unchanged") == 5
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 2  # the saved keys, then the new records' keys with their ids


@pytest.mark.django_db
def test_it_validates_every_field_as_full_clean_does_and_writes_nothing_when_one_fails():
    rows = [_identity("ok@x.example"), {**_identity("long@x.example"), "department": "x" * 201}]
    with pytest.raises(ValidationError) as raised:
        bulk_upsert(Identity, ["user_principal_name"], rows)
    assert "department" in raised.value.message_dict
    assert not Identity.objects.exists()


@pytest.mark.django_db
def test_it_refuses_two_rows_with_the_same_key():
    with pytest.raises(ValueError, match="Two rows"):
        bulk_upsert(
            Identity, ["user_principal_name"], [_identity("a@x.example"), _identity("a@x.example")]
        )


@pytest.mark.django_db
def test_it_refuses_a_model_with_its_own_save():
    with pytest.raises(TypeError, match="own save"):
        bulk_upsert(CommitteeReport, ["id"], [{"id": 1}])


@pytest.mark.django_db
def test_its_history_is_dated_by_recorded_at_and_signed_by_the_person_importing():
    user = User.objects.create_user("importer@example.org", "a-long-password-123")
    when = dt.datetime(2025, 1, 29, 9, 0, tzinfo=dt.UTC)
    with recorded_at(when):
        bulk_upsert(Identity, ["user_principal_name"], [_identity("a@x.example")], user=user)
    entry = Identity.objects.get().history.get()
    assert entry.history_date == when
    assert entry.history_user == user


@pytest.mark.django_db
def test_an_upload_records_the_signed_in_user_in_the_history():
    user = User.objects.create_user("officer@example.org", "a-long-password-123")

    class Request:
        pass

    request = Request()
    request.user = user  # type: ignore[attr-defined]
    HistoricalRecords.context.request = request
    try:
        make_organisations()
        data = b"userPrincipalName,council\nann@cwac.example,CWAC\n"
        assert run_import(importer_for("identities"), data, "identities.csv").written
    finally:
        del HistoricalRecords.context.request
    assert Identity.objects.get().history.get().history_user == user


@pytest.mark.django_db
def test_importing_the_same_permissions_twice_changes_nothing_the_second_time():
    make_organisations()
    people = b"userPrincipalName,council\nann@cwac.example,CWAC\nbob@cwac.example,CWAC\n"
    assert run_import(importer_for("identities"), people, "identities.csv").written
    rights = (
        b"Mailbox,User,AccessRights\n"
        b"ann@cwac.example,bob@cwac.example,FullAccess\n"
        b"bob@cwac.example,ann@cwac.example,SendAs\n"
    )

    first = run_import(importer_for("permissions"), rights, "permissions.csv")
    second = run_import(importer_for("permissions"), rights, "permissions.csv")

    assert (first.count("created"), second.count("unchanged")) == (2, 2)
    assert MailboxPermission.objects.count() == 2
    assert MailboxPermission.history.count() == 2


@pytest.mark.django_db
def test_a_dry_run_reports_the_writes_and_keeps_none():
    make_organisations()
    data = b"userPrincipalName,council\nann@cwac.example,CWAC\n"
    result = run_import(importer_for("identities"), data, "identities.csv", dry_run=True)
    assert result.count("created") == 1
    assert not Identity.objects.exists()
    assert not Identity.history.exists()


@pytest.mark.django_db
def test_the_import_reports_its_writing_progress():
    make_organisations()
    seen: list[tuple[str, int, int | None]] = []
    data = b"userPrincipalName,council\n" + b"".join(
        f"p{i}@cwac.example,CWAC\n".encode() for i in range(30)
    )
    run_import(
        importer_for("identities"),
        data,
        "identities.csv",
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    writing = [(done, total) for stage, done, total in seen if stage == "writing"]
    assert writing[-1] == (30, 30)
    assert [done for done, _ in writing] == sorted(done for done, _ in writing)


@pytest.mark.django_db
def test_it_finds_the_new_records_keys_below_a_primary_key_given_by_hand():
    Identity.objects.create(
        pk=1_000_000, organisation=make_organisations()["CWAC"], user_principal_name="z@x.example"
    )
    saved = bulk_upsert(Identity, ["user_principal_name"], [_identity("a@x.example")])
    assert saved.outcomes == ["created"]
    assert Identity.objects.get(pk=saved.pks[0]).user_principal_name == "a@x.example"
    assert Identity.objects.get(pk=saved.pks[0]).history.get().history_type == "+"


@pytest.mark.django_db
def test_bulk_change_sets_only_the_changed_columns_and_keeps_every_field_in_the_history():
    saved = bulk_upsert(
        Identity, ["user_principal_name"], [_identity("a@x.example"), _identity("b@x.example")]
    )
    user = User.objects.create_user("changer@example.org", "a-long-password-123")
    bulk_change(Identity, {saved.pks[0]: {"department": "Finance"}}, user=user)

    a = Identity.objects.get(pk=saved.pks[0])
    assert (a.department, a.mailbox_gb) == ("Finance", Decimal("1.50"))
    latest = a.history.order_by("-history_id").first()
    assert latest is not None
    assert (latest.history_type, latest.department, latest.mailbox_gb) == (
        "~",
        "Finance",
        Decimal("1.50"),
    )
    assert latest.user_principal_name == "a@x.example"
    assert latest.history_user == user
    assert Identity.objects.get(pk=saved.pks[1]).history.count() == 1


@pytest.mark.django_db
def test_bulk_change_refuses_a_value_its_field_refuses():
    saved = bulk_upsert(Identity, ["user_principal_name"], [_identity("a@x.example")])
    with pytest.raises(ValidationError) as raised:
        bulk_change(Identity, {saved.pks[0]: {"department": "x" * 201}})
    assert "department" in raised.value.message_dict
    assert Identity.objects.get(pk=saved.pks[0]).department == "ICT"


@pytest.mark.django_db
def test_history_dates_date_each_created_and_changed_record_by_its_own_time():
    first = dt.datetime(2025, 1, 6, 8, 0, tzinfo=dt.UTC)
    second = dt.datetime(2025, 2, 3, 17, 30, tzinfo=dt.UTC)
    columns: Columns = {
        "user_principal_name": ["a@x.example", "b@x.example"],
        "organisation_id": [make_organisations()["CWAC"].pk] * 2,
    }
    with recorded_at(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)):  # the rows' dates win over it
        a, b = bulk_create(
            Identity, ["user_principal_name"], columns, history_dates=[first, second]
        )
    assert Identity.objects.get(pk=a).history.get().history_date == first
    assert Identity.objects.get(pk=b).history.get().history_date == second

    later = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
    bulk_change(
        Identity,
        {a: {"department": "Finance"}, b: {"department": "Adults"}},
        history_dates={a: later, b: first},
    )
    dates = {
        (entry.user_principal_name, entry.history_type): entry.history_date
        for entry in Identity.history.all()
    }
    assert dates == {
        ("a@x.example", "+"): first,
        ("b@x.example", "+"): second,
        ("a@x.example", "~"): later,
        ("b@x.example", "~"): first,
    }


@pytest.mark.django_db
def test_without_history_dates_the_history_keeps_one_date_for_the_batch():
    when = dt.datetime(2025, 1, 29, 9, 0, tzinfo=dt.UTC)
    with recorded_at(when):
        pks = bulk_create(
            Identity,
            ["user_principal_name"],
            {
                "user_principal_name": ["a@x.example", "b@x.example"],
                "organisation_id": [make_organisations()["CWAC"].pk] * 2,
            },
        )
    assert {Identity.objects.get(pk=pk).history.get().history_date for pk in pks} == {when}


@pytest.mark.django_db
def test_history_dates_must_give_one_date_for_every_record():
    pks = bulk_create(
        Identity,
        ["user_principal_name"],
        {
            "user_principal_name": ["a@x.example", "b@x.example"],
            "organisation_id": [make_organisations()["CWAC"].pk] * 2,
        },
    )
    with pytest.raises(ValueError, match="every record"):
        bulk_change(
            Identity,
            {pk: {"department": "Finance"} for pk in pks},
            history_dates={pks[0]: dt.datetime(2025, 1, 1, tzinfo=dt.UTC)},
        )
    with pytest.raises(ValueError, match="history dates"):
        bulk_create(
            Identity,
            ["user_principal_name"],
            {
                "user_principal_name": ["c@x.example"],
                "organisation_id": [make_organisations()["CWAC"].pk],
            },
            history_dates=[],
        )
