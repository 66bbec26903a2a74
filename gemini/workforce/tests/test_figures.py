"""gemini/workforce/figures.py is the one read of each workforce figure: the page, the API and
the CLI say the same thing on the same data and date, and nothing recorded after the day is
seen."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from gemini.core.asat import today
from gemini.core.history import recorded_at
from gemini.core.models import User
from gemini.testing.api import api_json
from gemini.workforce import figures, services
from gemini.workforce.engine.matching import OUTCOME_LABELS
from gemini.workforce.models import Decision, Outcome, Post

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 2, 6)  # the demo is recorded on 20 January 2025
LATER = dt.datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def _api(user: User, path: str) -> Any:
    return api_json(user, f"/workforce{path}")


def _cli(*args: str) -> Any:
    out = io.StringIO()
    call_command("workforce", "figures", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_restructure_is_the_same_on_the_page_in_the_api_and_in_the_cli(demo, personas, client_for):
    found = figures.restructure(today(), personas["pmo"])
    assert found.staff
    assert found.places
    assert found.designs

    page = client_for(personas["pmo"]).get(reverse("workforce:index")).content.decode()
    api = _api(personas["pmo"], "/structure")
    cli = _cli()

    assert f"{found.staff} staff today; {found.places} posts" in page
    assert (api["staff"], api["places"]) == (found.staff, found.places)
    assert (cli["staff"], cli["places"]) == (found.staff, found.places)
    expected = [(d.council, d.name, d.places, d.evaluated) for d in found.designs]
    assert [(d["council"], d["name"], d["places"], d["evaluated"]) for d in api["designs"]] == (
        expected
    )
    assert [(d["council"], d["name"], d["places"], d["evaluated"]) for d in cli["designs"]] == (
        expected
    )
    assert {t["team"]: t["staff"] for t in api["teams"]} == {t.team: t.staff for t in found.teams}


def test_a_matching_run_is_the_same_on_the_page_in_the_api_and_in_the_cli(
    demo, personas, client_for
):
    found = figures.matching(today(), personas["pmo"])
    assert found is not None
    number = found.run.number

    page = client_for(personas["pmo"]).get(reverse("workforce:run", args=[number])).content
    api = _api(personas["pmo"], f"/runs/{number}")
    cli = _cli("--run", str(number))["run"]

    assert api["counts"] == cli["counts"] == found.counts
    assert api["decided"] == cli["decided"] == found.decided
    assert api["timetable"]["proposed_redundancies"] == found.timetable.proposed_redundancies
    assert cli["proposed_redundancies"] == found.timetable.proposed_redundancies
    assert (
        Decimal(api["costs"]["statutory"]) == Decimal(cli["statutory"]) == (found.costs.statutory)
    )
    html = page.decode()
    assert f"{found.decided} of {found.run.staff_count} outcomes decided by HR" in html
    summary = html.split(">Summary</h2>", 1)[1].split("</dl>", 1)[0]
    for name, count in found.counts.items():
        row = summary.split(OUTCOME_LABELS[name], 1)[1].split("</div>", 1)[0]
        assert f'govuk-summary-list__value">{count}<' in row, (name, count, row)


def test_the_decision_queue_on_the_home_page_is_the_figure(demo, personas, client_for):
    """figures.decisions has no API route or CLI command: the home panel is its only reader
    (the matching run's counts, which it shares, are compared above)."""
    queue = figures.decisions(today(), personas["hr"])
    assert queue is not None
    assert queue.awaiting > 0
    page = client_for(personas["hr"]).get(reverse("core:dashboard")).content.decode()
    assert f"Matching run {queue.run}: {queue.people:,} people" in page
    assert f"{queue.decided:,} of {queue.people:,} decided by HR" in page
    assert f"{queue.awaiting:,} outcomes await your decision" in page


def test_redundancy_costs_are_the_same_on_the_page_and_in_the_api(demo, personas, client_for):
    """figures.redundancy is personal data: it has no CLI command."""
    run = figures.run_as_at(today())
    assert run is not None
    found = figures.redundancy(today(), personas["hr"], run.number)
    assert found is not None
    assert found.costs

    api = _api(personas["hr"], f"/runs/{run.number}/redundancy")
    page = client_for(personas["hr"]).get(reverse("workforce:run_redundancy", args=[run.number]))

    assert [c["employee_ref"] for c in api] == [c.outcome.staff.employee_ref for c in found.costs]
    assert sum(Decimal(c["statutory"]) for c in api) == found.totals.statutory
    assert f"£{found.totals.statutory:,.2f}" in page.content.decode()


# --- as at a date -----------------------------------------------------------------------------


def test_restructure_ignores_what_was_recorded_after_the_day(demo):
    before = figures.restructure(DAY)
    post = Post.objects.order_by("pk").first()
    assert post is not None
    with recorded_at(LATER):
        post.count += 3
        post.save()

    assert figures.restructure(DAY) == before
    assert figures.restructure(LATER.date()).places == before.places + 3


def test_matching_ignores_runs_and_decisions_recorded_after_the_day(demo, personas):
    before = figures.matching(DAY)
    assert before is not None
    pending = (
        before.run.outcomes.filter(decision=Decision.PENDING, proposed=Outcome.SLOT_IN)
        .select_related("staff")
        .first()
    )
    assert pending is not None
    with recorded_at(LATER):
        services.decide_outcome(
            pending,
            pending.version,
            personas["hr"],
            Decision.OVERRIDDEN,
            "Agreed at the appeal",
            Outcome.AT_RISK,
            None,
            accept_breaches=True,
        )
        services.run_matching(services.matching_policy())

    then = figures.matching(DAY)
    assert then is not None
    assert then.run.number == before.run.number
    assert (then.counts, then.decided) == (before.counts, before.decided)
    queue = figures.decisions(DAY)
    assert queue is not None
    assert (queue.run, queue.decided) == (before.run.number, before.decided)

    later = figures.matching(LATER.date(), None, before.run.number)
    assert later is not None
    assert later.decided == before.decided + 1
    assert later.counts[Outcome.AT_RISK] == before.counts[Outcome.AT_RISK] + 1
    newest = figures.matching(LATER.date())
    assert newest is not None
    assert newest.run.number > before.run.number
