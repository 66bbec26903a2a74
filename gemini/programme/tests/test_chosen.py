"""The programme is always explicit (programme.chosen): two programmes in one database never
see each other's records, and with several and none named Gemini refuses rather than guess."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
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


def test_each_programme_sees_only_its_own_risks_on_the_page_and_in_the_api(second, personas):
    from gemini.programme.tests.test_api import Api

    levels = {
        f"{when}_{axis}": 3
        for when in ("inherent", "current", "target")
        for axis in ("likelihood", "impact")
    }
    services.create_risk(second, "R1", {"title": "Only in the other programme", **levels})
    demo_programme = Programme.objects.exclude(pk=second.pk).get()
    demo_titles = set(demo_programme.risks.values_list("title", flat=True))
    assert demo_titles  # the demo programme has risks of its own

    client = Client()
    client.force_login(personas["pmo"])
    other_page = client.get(reverse("programme:risks"), {"programme": "another"}).content.decode()
    demo_page = client.get(reverse("programme:risks"), {"programme": demo_programme.slug})
    assert "Only in the other programme" in other_page
    assert not any(title in other_page for title in demo_titles)
    assert "Only in the other programme" not in demo_page.content.decode()

    api = Api(personas["pmo"])
    other = api.get("/risks?programme=another").json()
    demo = api.get(f"/risks?programme={demo_programme.slug}").json()
    assert [row["title"] for row in other] == ["Only in the other programme"]
    assert "Only in the other programme" not in {row["title"] for row in demo}
    assert {row["title"] for row in demo} <= demo_titles
