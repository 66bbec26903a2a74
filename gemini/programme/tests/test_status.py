"""Status: the seed's status on 6 February 2025, history "as at", the judgement, the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from gemini.programme.models import OverallStatus, Programme, Workstream
from gemini.programme.status import services as status_services

D = dt.date
pytestmark = pytest.mark.django_db


def _status_json(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("status", "--json", *args, stdout=out)
    report: dict[str, Any] = json.loads(out.getvalue())
    return report


def test_the_demo_status_on_6_february_2025_matches_the_seed(demo):
    report = _status_json("--date", "2025-02-06")

    assert set(report) == {"overall", "reason", "as_of", "workstreams"}
    assert report["overall"] == "Amber"
    assert (
        "reflecting the risks and issues associated with the workforce and finance"
        in (report["reason"])
    )
    assert report["as_of"] == "2025-02-06"
    rags = {row["name"]: row["rag"] for row in report["workstreams"]}
    assert rags == {
        "Technical": "Green",
        "Workforce": "Amber",
        "Finance": "Amber",
        "Phase 2 – shared data centre and network": "Green",
    }
    assert all(set(row) == {"name", "rag", "as_of"} for row in report["workstreams"])


def test_the_seed_judgement_agrees_with_the_suggested_roll_up(demo):
    overall = OverallStatus.objects.get(date=D(2025, 2, 6))
    assert overall.suggested_rating == "Amber"
    assert not overall.differs


def test_the_status_as_at_an_earlier_date_is_what_was_reported_then(demo):
    programme = Programme.objects.get()
    finance = Workstream.objects.get(slug="finance")
    status_services.save_status_update(finance, D(2025, 3, 31), "Green", "Recovered.")

    then = _status_json("--date", "2025-02-06")
    now = _status_json("--date", "2025-04-01")

    assert {r["name"]: r["rag"] for r in then["workstreams"]}["Finance"] == "Amber"
    assert {r["name"]: r["rag"] for r in now["workstreams"]}["Finance"] == "Green"
    assert status_services.suggest_overall(programme, D(2025, 2, 6)).rating == "Amber"


def test_a_judgement_that_differs_from_the_suggestion_is_recorded_as_such(demo):
    programme = Programme.objects.get()
    record, _ = status_services.record_overall_status(
        programme, D(2025, 2, 7), "Green", "The board judges the issues resolved."
    )
    assert record.suggested_rating == "Amber"
    assert record.differs


def test_it_refuses_a_rating_off_the_programmes_scale_and_a_judgement_without_reason(demo):
    programme = Programme.objects.get()
    with pytest.raises(ValidationError):
        status_services.record_overall_status(programme, D(2025, 2, 7), "Amber/Green", "Because.")
    with pytest.raises(ValidationError):
        status_services.record_overall_status(programme, D(2025, 2, 7), "Amber", " ")


def test_the_five_point_scale_is_a_programme_setting(demo):
    programme = Programme.objects.get()
    programme.status_scale = "dca"
    programme.save()
    workstream = Workstream.objects.get(slug="technical")
    update, _ = status_services.save_status_update(workstream, D(2025, 3, 1), "Amber/Green")
    assert update.rating == "Amber/Green"


def test_the_status_command_prints_a_table_and_explains_a_bad_date(demo):
    out = io.StringIO()
    call_command("status", "--date", "06/02/2025", stdout=out)
    assert "Amber" in out.getvalue()
    assert "Technical" in out.getvalue()
    with pytest.raises(CommandError, match="is not a date"):
        call_command("status", "--date", "yesterday")


def test_the_status_command_says_when_there_is_no_programme():
    with pytest.raises(CommandError, match="no programme"):
        call_command("status")


def test_the_status_page_answers_as_at_a_past_date(demo, personas, client_for):
    page = client_for(personas["member"]).get(reverse("programme:status"), {"date": "01/05/2024"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "As at 1 May 2024" in body
    assert "Finance workstream lead vacancy (issue I01)." in body


def test_a_lead_updates_their_workstream_status_but_not_anothers(demo, personas, client_for):
    client = client_for(personas["lead"])
    data = {"date": "28/02/2025", "rating": "Amber", "narrative": "Slipping."}
    assert (
        client.post(reverse("programme:add_status_update", args=["technical"]), data).status_code
        == 302
    )
    assert (
        Workstream.objects.get(slug="technical")
        .status_updates.filter(date=D(2025, 2, 28), rating="Amber")
        .exists()
    )
    assert (
        client.post(reverse("programme:add_status_update", args=["finance"]), data).status_code
        == 403
    )


def test_the_status_form_reports_a_missing_rating_in_the_error_summary(demo, personas, client_for):
    page = client_for(personas["pmo"]).post(
        reverse("programme:add_status_update", args=["technical"]), {"date": "28/02/2025"}
    )
    assert "There is a problem" in page.content.decode()
    assert "Select the workstream" in page.content.decode()


def test_the_programme_manager_records_the_overall_judgement(demo, personas, client_for):
    response = client_for(personas["pmo"]).post(
        reverse("programme:record_overall_status"),
        {"date": "07/02/2025", "rating": "Red", "reason": "Consultation blocked."},
    )
    assert response.status_code == 302
    record = OverallStatus.objects.get(date=D(2025, 2, 7))
    assert (record.rating, record.suggested_rating, record.differs) == ("Red", "Amber", True)


def test_a_second_status_for_the_same_day_names_whose_it_would_replace_and_asks(
    demo, personas, client_for
):
    url = reverse("programme:add_status_update", args=["technical"])
    lead, pmo = client_for(personas["lead"]), client_for(personas["pmo"])
    assert lead.post(url, {"date": "28/02/2025", "rating": "Green"}).status_code == 302

    asked = pmo.post(url, {"date": "28/02/2025", "rating": "Red"})

    page = asked.content.decode()
    assert asked.status_code == 200
    assert "There is a problem" in page
    assert "already recorded by" in page
    assert str(personas["lead"]) in page
    assert 'type="checkbox"' in page
    update = Workstream.objects.get(slug="technical").status_updates.get(date=D(2025, 2, 28))
    assert update.rating == "Green"  # nothing replaced yet

    confirmed = pmo.post(url, {"date": "28/02/2025", "rating": "Red", "replace": "on"})

    assert confirmed.status_code == 302
    update.refresh_from_db()
    assert update.rating == "Red"


def test_a_second_overall_status_for_the_same_day_is_not_saved_over_silently(
    demo, personas, client_for
):
    url = reverse("programme:record_overall_status")
    pmo = client_for(personas["pmo"])
    data = {"date": "06/02/2025", "rating": "Red", "reason": "Worse"}

    asked = pmo.post(url, data)

    assert asked.status_code == 200
    assert "already recorded by" in asked.content.decode()
    programme = Programme.objects.get()
    assert OverallStatus.objects.get(programme=programme, date=D(2025, 2, 6)).rating == "Amber"
    assert pmo.post(url, {**data, "replace": "on"}).status_code == 302
    assert OverallStatus.objects.get(programme=programme, date=D(2025, 2, 6)).rating == "Red"


def test_a_second_measurement_for_the_same_day_names_whose_it_would_replace_and_asks(
    demo, personas, client_for
):
    from gemini.programme.models import Benefit

    benefit = Benefit.objects.filter(measurements__isnull=False).distinct().first()
    assert benefit is not None
    first = benefit.measurements.order_by("date").first()
    assert first is not None
    url = reverse("programme:add_measurement", args=[benefit.pk])
    pmo = client_for(personas["pmo"])
    data = {"date": f"{first.date:%d/%m/%Y}", "value": "999"}

    asked = pmo.post(url, data)

    page = asked.content.decode()
    assert asked.status_code == 200
    assert "already recorded by" in page
    assert f"value {first.value}" in page
    assert 'type="checkbox"' in page
    first.refresh_from_db()
    assert first.value != 999  # nothing replaced yet
    assert pmo.post(url, {**data, "replace": "on"}).status_code == 302
    first.refresh_from_db()
    assert first.value == 999
