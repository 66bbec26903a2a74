"""programme.figures.status_as_at is the one read of the programme's status: the page, the API
and the CLI say the same thing for the same date, and nothing dated after the day is seen."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.models import User
from gemini.programme import figures
from gemini.programme.models import Programme, Workstream
from gemini.programme.status import services as status_services
from gemini.testing.api import api_json

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 2, 6)


def _cli(day: dt.date) -> dict[str, object]:
    out = io.StringIO()
    call_command("status", "--json", "--date", day.isoformat(), stdout=out)
    return dict(json.loads(out.getvalue()))


def _api(user: User, day: dt.date) -> dict[str, object]:
    return dict(api_json(user, f"/programme/status?date={day.isoformat()}"))


def test_it_gives_the_page_the_api_and_the_cli_the_same_status(demo, personas, client_for):
    programme = Programme.objects.get()
    snapshot = figures.status_as_at(programme, DAY, personas["pmo"])
    assert snapshot.overall is not None
    assert snapshot.workstreams

    cli = _cli(DAY)
    api = _api(personas["pmo"], DAY)
    page = client_for(personas["pmo"]).get(
        reverse("programme:status"), {"date": DAY.strftime("%d/%m/%Y")}
    )

    assert cli["overall"] == api["overall"]["rating"] == snapshot.overall.rating  # type: ignore[index]
    expected = {ws.name: ws.latest.rating for ws in snapshot.workstreams if ws.latest}
    assert {row["name"]: row["rag"] for row in cli["workstreams"]} == expected  # type: ignore[attr-defined]
    assert {row["workstream"]: row["rating"] for row in api["workstreams"]} == expected  # type: ignore[attr-defined]
    assert api["suggestion"]["rating"] == snapshot.suggestion.rating  # type: ignore[index]
    html = page.content.decode()
    judged = snapshot.overall.date
    assert f"(judged {judged.day} {judged:%B %Y})" in html
    table = html.split("as at", 1)[1]
    for name, rating in expected.items():
        row = table.split(f">{name}</a>", 1)[1].split("</tr>", 1)[0]
        assert f">{rating}<" in row, (name, rating, row)


def test_it_sees_nothing_dated_after_the_day(demo, personas):
    programme = Programme.objects.get()
    workstream = Workstream.objects.filter(programme=programme).order_by("order").first()
    assert workstream is not None
    before = figures.status_as_at(programme, DAY)
    status_services.save_status_update(workstream, DAY + dt.timedelta(days=1), "Red", "Later news")
    status_services.record_overall_status(programme, DAY + dt.timedelta(days=1), "Red", "Later")

    after = figures.status_as_at(programme, DAY)

    assert after == before
    later = figures.status_as_at(programme, DAY + dt.timedelta(days=1))
    assert later.overall is not None
    assert later.overall.rating == "Red"
    assert next(ws for ws in later.workstreams if ws.slug == workstream.slug).latest == (
        figures.StatusEntry(DAY + dt.timedelta(days=1), "Red", "Later news", "", "")
    )


def test_the_suggestion_reads_every_workstream_whoever_reads(demo, personas):
    programme = Programme.objects.get()
    everyone = figures.status_as_at(programme, DAY)
    readers = [p for p in personas.values() if access.has_permission(p, Permission.VIEW_PROGRAMME)]
    assert len(readers) >= 2
    for reader in readers:
        assert figures.status_as_at(programme, DAY, reader).suggestion == everyone.suggestion
