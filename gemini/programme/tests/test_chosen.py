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
from gemini.programme.models import Programme, Workstream
from gemini.programme.risks import services as risks_services
from gemini.programme.status import services as status_services

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
    status_services.save_status_update(workstream, DAY, "Red", "Another programme's news")
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
    risks_services.create_risk(second, "R1", {"title": "Only in the other programme", **levels})
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


RISKS_FILE = (
    "reference,title,workstream,inherent_likelihood,inherent_impact,current_likelihood,"
    "current_impact,target_likelihood,target_impact\n"
    "R77,Imported into one programme only,{workstream},3,3,2,2,1,1\n"
)


def _risks_file(tmp_path, workstream: str = "only-here"):
    path = tmp_path / "risks.csv"
    path.write_text(RISKS_FILE.format(workstream=workstream))
    return path


def test_the_import_command_refuses_to_guess_between_two_programmes_and_lists_them(
    second, tmp_path
):
    demo_slug = Programme.objects.exclude(pk=second.pk).get().slug
    with pytest.raises(CommandError) as refused:
        call_command("import", "risks", str(_risks_file(tmp_path)))
    message = str(refused.value)
    assert "several programmes" in message
    assert "another" in message
    assert demo_slug in message
    assert "--programme" in message
    assert not second.risks.exists()


def test_an_import_into_one_programme_is_not_seen_by_the_other(second, personas, tmp_path):
    from gemini.programme.tests.test_api import Api

    call_command(
        "import",
        "risks",
        str(_risks_file(tmp_path)),
        "--programme",
        "another",
        stdout=io.StringIO(),
    )
    assert list(second.risks.values_list("reference", "title")) == [
        ("R77", "Imported into one programme only")
    ]
    demo_programme = Programme.objects.exclude(pk=second.pk).get()
    assert not demo_programme.risks.filter(title="Imported into one programme only").exists()

    client = Client()
    client.force_login(personas["pmo"])
    demo_page = client.get(reverse("programme:risks"), {"programme": demo_programme.slug})
    assert "Imported into one programme only" not in demo_page.content.decode()
    demo_api = Api(personas["pmo"]).get(f"/risks?programme={demo_programme.slug}").json()
    assert "Imported into one programme only" not in {row["title"] for row in demo_api}


def test_the_import_command_checks_rows_against_the_programme_it_names(second, tmp_path):
    # only-here is a workstream of the other programme, not of the demo's
    demo_slug = Programme.objects.exclude(pk=second.pk).get().slug
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import",
            "risks",
            str(_risks_file(tmp_path)),
            "--programme",
            demo_slug,
            stdout=io.StringIO(),
        )
    assert not Programme.objects.get(slug=demo_slug).risks.filter(reference="R77").exists()


def test_the_import_command_refuses_an_unknown_programme_and_a_kind_not_about_one(second, tmp_path):
    with pytest.raises(CommandError, match="There is no programme 'nowhere'"):
        call_command("import", "risks", str(_risks_file(tmp_path)), "--programme", "nowhere")
    organisations = tmp_path / "organisations.csv"
    organisations.write_text("code,name,kind\nXYZ,Somewhere,council\n")
    with pytest.raises(CommandError, match="not about a programme"):
        call_command("import", "organisations", str(organisations), "--programme", "another")


def test_the_upload_page_imports_into_the_programme_the_page_has_chosen(
    second, personas, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(personas["pmo"])
    content = RISKS_FILE.format(workstream="only-here").encode()

    refused = client.post(
        reverse("core:import"),
        {"kind": "risks", "file": SimpleUploadedFile("risks.csv", content)},
    )
    assert refused.status_code == 404
    assert "several programmes" in refused.content.decode()
    assert not second.risks.exists()

    response = client.post(
        reverse("core:import") + "?programme=another",
        {"kind": "risks", "file": SimpleUploadedFile("risks.csv", content)},
    )
    assert response.status_code == 302  # to the import's status page (run in the background)
    status = client.get(response["Location"]).content.decode()
    assert "Into the programme" in status
    assert "another" in status
    assert list(second.risks.values_list("reference", flat=True)) == ["R77"]
    demo_programme = Programme.objects.exclude(pk=second.pk).get()
    assert not demo_programme.risks.filter(reference="R77").exists()
