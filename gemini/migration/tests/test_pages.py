"""The pages: progress for everyone, people's details only for the technical lead and PMO."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from gemini.migration import models as m
from gemini.migration.tests.support import a_person, the_plan, the_settings

ADDRESS = re.compile(rb"[\w.'-]+@(ourcheshire|cheshirewest|cheshireeast)\.example")


@pytest.mark.parametrize("persona", ["member", "union", "hr", "finance", "lead"])
def test_read_only_roles_see_figures_but_no_names_or_addresses(estate, client_for, persona):
    client = client_for(estate[persona])
    page = client.get(reverse("migration:index"))
    assert page.status_code == 200
    assert b"Phase 1 complete" in page.content
    assert not ADDRESS.search(page.content)
    names = m.Identity.objects.exclude(given_name="").values_list("display_name", flat=True)
    assert not any(name.encode() in page.content for name in names)
    workbook = client.get(reverse("migration:progress_xlsx"))
    assert workbook.status_code == 200
    assert not ADDRESS.search(workbook.content)
    for name in ("identities", "plan", "exceptions", "exports", "devices"):
        assert client.get(reverse(f"migration:{name}")).status_code == 403
    assert client.get(reverse("migration:export", args=["redirect-map"])).status_code == 403


def test_the_progress_page_shows_both_phases_complete(estate, client_for):
    page = client_for(estate["member"]).get(reverse("migration:index"))
    text = page.content.decode()
    assert 'id="phase-1">100%' in text
    assert 'id="phase-2">100%' in text


def test_the_technical_lead_finds_a_person_and_records_a_status(estate, client_for):
    client = client_for(estate["tech"])
    person = a_person()
    listing = client.get(reverse("migration:identities"), {"q": person.user_principal_name})
    assert person.user_principal_name.encode() in listing.content
    url = reverse("migration:identity", args=[person.pk])
    shown = re.search(r'name="version_device"[^>]*value="(\d+)"', client.get(url).text)
    assert shown, "the form carries the version of each status it shows"
    response = client.post(
        url,
        {
            "workload": "device",
            "state": "failed",
            "problem": "other",
            "note": "Lost laptop",
            "version_device": shown.group(1),
        },
    )
    assert response.status_code == 302
    status = m.WorkloadStatus.objects.get(identity=person, workload="device")
    assert (status.state, status.note) == ("failed", "Lost laptop")
    page = client.get(url)
    assert b"Lost laptop" in page.content
    assert b"Why:" in page.content
    exceptions = client.get(reverse("migration:exceptions"))
    assert person.user_principal_name.encode() in exceptions.content


def test_an_invalid_status_shows_the_error_summary(estate, client_for):
    person = a_person()
    page = client_for(estate["tech"]).post(
        reverse("migration:identity", args=[person.pk]), {"workload": "fax", "state": "done"}
    )
    assert page.status_code == 200
    assert b"govuk-error-summary" in page.content


def test_planning_from_the_page_stores_a_new_plan(estate, client_for):
    before = m.Plan.objects.count()
    response = client_for(estate["tech"]).post(
        reverse("migration:plan"),
        {
            "max_users": "10",
            "max_gb": "400",
            "pilot_users": "3",
            "start": "02/06/2025",
            "submit_lead_days": "14",
            "wave_interval_working_days": "5",
        },
    )
    assert response.status_code == 302
    assert m.Plan.objects.count() == before + 1
    plan = the_plan()
    assert plan.created_by == estate["tech"]
    assert plan.max_users == 10
    assert all(w.users <= 10 for w in plan.waves.all())


def test_settings_are_saved_over_the_version_opened(estate, client_for):
    record = the_settings()
    client = client_for(estate["tech"])
    data = {
        "version": record.version,
        "source_tenant_name": "Our Cheshire",
        "target_tenant_name": "Cheshire West",
        "source_tenant_id": record.source_tenant_id,
        "target_domain": "cheshirewest.example",
        "max_users": "300",
        "max_gb": "9000",
        "pilot_users": "10",
        "start": "03/06/2024",
        "submit_lead_days": "14",
        "wave_interval_working_days": "5",
        "parallel_waves": "1",
    }
    assert client.post(reverse("migration:settings"), data).status_code == 302
    record.refresh_from_db()
    assert record.max_users == 300
    assert record.start == dt.date(2024, 6, 3)
    stale = client.post(reverse("migration:settings"), data)
    assert stale.status_code == 200
    assert b"changed by someone else" in stale.content


def test_exports_download_as_csv_or_zip(estate, client_for):
    client = client_for(estate["tech"])
    redirect_map = client.get(reverse("migration:export", args=["redirect-map"]))
    assert redirect_map["Content-Type"].startswith("text/csv")
    assert redirect_map.content.startswith(b"old_address,new_address\r\n")
    batches = client.get(reverse("migration:export", args=["batches"]))
    assert batches["Content-Type"] == "application/zip"


@pytest.mark.parametrize(
    "name",
    ["migration:identities", "migration:devices", "migration:exceptions", "migration:plan"],
)
def test_list_pages_make_a_fixed_number_of_queries(
    estate, client_for, django_assert_max_num_queries, name
):
    client = client_for(estate["tech"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse(name)).status_code == 200


def test_a_wave_page_makes_a_fixed_number_of_queries(
    estate, client_for, django_assert_max_num_queries
):
    wave = the_plan().waves.order_by("number")[0]
    client = client_for(estate["pmo"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("migration:wave", args=[wave.pk]))
    assert page.status_code == 200


def test_a_technical_lead_at_one_council_reaches_only_its_people(estate, client_for):
    from gemini.core.models import Membership, Organisation, Role, User

    user = User.objects.create_user("tech-cec@gemini.test", "persona-password-123")
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(code="CEC"), role=Role.TECHNICAL
    )
    client = client_for(user)
    listing = client.get(reverse("migration:identities"))
    assert b"cheshireeast.example" in listing.content
    assert b"@ourcheshire.example" not in listing.content
    cwac_person = a_person("CWAC")
    assert client.get(reverse("migration:identity", args=[cwac_person.pk])).status_code == 404
    redirect_map = client.get(reverse("migration:export", args=["redirect-map"]))
    assert redirect_map.content == b"old_address,new_address\r\n"
