"""The programme is always explicit (programme.chosen): two programmes in one database never
see each other's records, and with several and none named Gemini refuses rather than guess."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from gemini.core.models import Organisation
from gemini.programme import services
from gemini.programme.models import Programme, Workstream

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 2, 6)


@pytest.fixture
def second(demo: None) -> Programme:
    """A second programme for another pair of councils, with one workstream at Red."""
    sponsor = Organisation.objects.create(code="XSS", name="Another Shared Service", kind="council")
    programme = Programme.objects.create(
        name="Another programme", slug="another", sponsor=sponsor, status_scale="rag"
    )
    workstream = Workstream.objects.create(
        programme=programme, name="Only here", slug="only-here", order=1
    )
    services.save_status_update(workstream, DAY, "Red", "Another programme's news")
    return programme


def test_the_status_command_refuses_to_guess_between_two_programmes(second):
    with pytest.raises(CommandError, match="several programmes"):
        call_command("status", "--json")


def test_each_programme_sees_only_its_own_status(second):
    out = io.StringIO()
    call_command("status", "--json", "--programme", "another", "--date", "2025-02-06", stdout=out)
    report = json.loads(out.getvalue())
    assert [row["name"] for row in report["workstreams"]] == ["Only here"]

    demo_slug = Programme.objects.exclude(pk=second.pk).get().slug
    out = io.StringIO()
    call_command("status", "--json", "--programme", demo_slug, "--date", "2025-02-06", stdout=out)
    names = [row["name"] for row in json.loads(out.getvalue())["workstreams"]]
    assert "Only here" not in names
    assert len(names) >= 4


def test_a_page_names_its_programme_and_remembers_it(second, personas, client_for):
    client = client_for(personas["pmo"])

    refused = client.get(reverse("programme:status"))
    assert refused.status_code == 404
    assert "several programmes" in refused.content.decode()

    chosen = client.get(reverse("programme:status"), {"programme": "another"})
    assert chosen.status_code == 200
    assert "Only here" in chosen.content.decode()
    remembered = client.get(reverse("programme:dashboard"))
    assert remembered.status_code == 200
    assert "Only here" in remembered.content.decode()


def test_an_api_call_names_its_programme(second, personas):
    from gemini.programme.tests.test_api import Api

    api = Api(personas["pmo"])
    assert api.get("/status").status_code == 404
    body = api.get("/status?programme=another&date=2025-02-06").json()
    assert [row["workstream"] for row in body["workstreams"]] == ["Only here"]
