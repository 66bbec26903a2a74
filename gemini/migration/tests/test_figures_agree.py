"""gemini/migration/figures.py is the one read of the migration board's figures: the page and
`gemini migration board` show what the figures functions give.

`progress` (people per wave and each phase finished) is compared on the page, in the API's
/progress and in `gemini migration board --json` for the same day, and a status recorded after
the day is not seen.

`workload_figures` and `cutover_checklist` have no API route (the API's /progress reads the
wave plan's progress per wave, not these), so the page and the CLI are compared with the
figure; `workload_trend` is drawn as a chart only, with no API or CLI read. Each of them, like
`progress`, sees nothing recorded after its day. The committee
report's technical section reads `cutover_checklist` as at its date
(gemini/migration/report.py)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from gemini.core.asat import today
from gemini.core.history import recorded_at
from gemini.migration import figures, services
from gemini.migration import models as m
from gemini.migration.tests.support import the_plan
from gemini.testing.api import api_json

pytestmark = pytest.mark.django_db


def _cli(*args: str) -> Any:
    out = io.StringIO()
    call_command("migration", "board", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def _api(user: Any, query: str = "") -> Any:
    return api_json(user, f"/migration/progress{query}")


def _rows(waves: list[dict[str, Any]]) -> list[tuple[str, int, int, int]]:
    return [(w["name"], w["users"], w["phase_1_done"], w["phase_2_done"]) for w in waves]


def _numbers(found: figures.Progress) -> list[tuple[str, int, int, int]]:
    return [(w.name, w.users, w.phase_1, w.phase_2) for w in found.waves]


def test_progress_is_the_same_on_the_page_in_the_api_and_in_the_cli(estate, client_for):
    found = figures.progress(today())
    assert found.users > 0
    assert found.phase_1 > 0  # the demo has people who finished phase 1

    api = _api(estate["member"])
    assert _rows(api["waves"]) == _numbers(found)
    assert (api["users"], api["phase_1_done"], api["phase_2_done"], api["devices"]) == (
        found.users,
        found.phase_1,
        found.phase_2,
        found.devices,
    )
    cli = _cli()["progress"]
    assert _rows(cli["waves"]) == _numbers(found)
    assert cli["users"] == found.users

    page = client_for(estate["member"]).get(reverse("migration:index")).content.decode()
    assert f'id="people-moving">{found.users:,}<' in page
    table = page.split('id="wave-progress"', 1)[1].split("</table>", 1)[0]
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in table.split("<tbody", 1)[1].split("</tr>")[:-1]
    ]
    assert [(r[0], int(r[2].replace(",", "")), int(r[3].replace(",", "")),
             int(r[4].replace(",", ""))) for r in rows] == _numbers(found)  # fmt: skip


DAY = dt.date(2025, 2, 6)
LATER = dt.datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def dated_estate(personas):
    """The small migration demo recorded on 20 January 2025, its plan made then."""
    from gemini.core.demo import DEMO_RECORDED_AT, DemoContext
    from gemini.migration.demo import load_migration

    with recorded_at(DEMO_RECORDED_AT):
        load_migration(DemoContext(password="unused-password-1", report=lambda _: None, small=True))
    m.Plan.objects.update(created_at=DEMO_RECORDED_AT)
    return personas


def test_a_status_recorded_after_the_day_is_not_seen(dated_estate):
    before = figures.progress(DAY)
    assert before.users > 0
    assert before.phase_2 > 0  # the demo's statuses are dated in 2024
    finished = next(
        p.identity
        for p in m.Placement.objects.filter(plan=the_plan(), wave__isnull=False)
        .select_related("identity")
        .order_by("identity_id")
        if m.WorkloadStatus.objects.filter(
            identity=p.identity,
            workload__in=m.PHASE_2,
            state__in=m.DONE_STATES,
            updated_at__lte=LATER - dt.timedelta(days=30),
        ).count()
        == len(m.PHASE_2)
    )
    with recorded_at(LATER):
        outcome = services.set_status(
            finished, m.Workload.DEVICE, m.State.ROLLED_BACK, "other", "Rolled back.", when=LATER
        )
    assert outcome == "updated"

    assert figures.progress(DAY) == before
    api = _api(dated_estate["member"], f"?as_at={DAY.isoformat()}")
    assert (api["users"], api["phase_2_done"]) == (before.users, before.phase_2)
    assert _cli("--as-at", DAY.isoformat())["progress"]["phase_2_done"] == before.phase_2
    after = figures.progress(LATER.date())
    assert after.phase_2 == before.phase_2 - 1
    assert figures.progress(today()).phase_2 == after.phase_2


def test_the_workload_figures_are_the_ones_the_page_shows(estate, client_for):
    found = figures.workload_figures(today())
    assert found

    cli = _cli()["workloads"]
    assert [(w["label"], w["people"], w["done"], w["failed"]) for w in cli] == [
        (w.label, w.people, w.done, w.failed) for w in found
    ]
    page = client_for(estate["member"]).get(reverse("migration:index")).content.decode()
    table = page.split('id="workloads"', 1)[1].split("</table>", 1)[0]
    for workload in found:
        row = table.split(f"{workload.label} <span", 1)[1].split("</tr>", 1)[0]
        assert f'numeric">{workload.done:,}<' in row, (workload.label, row)
        assert f"data-failed>{workload.failed:,}<" in row, (workload.label, row)


def test_the_cutover_checklist_is_the_one_the_page_shows(estate, client_for):
    found = figures.cutover_checklist()
    assert found

    cli = _cli()["cutover"]
    assert [(c["council"], c["done"]) for c in cli] == [(c.code, c.done) for c in found]
    assert [[s["state"] for s in c["steps"]] for c in cli] == [
        [s.state for s in c.steps] for c in found
    ]
    page = client_for(estate["member"]).get(reverse("migration:index")).content.decode()
    for council in found:
        assert (
            f"{council.name}: {council.done} of {len(council.steps)} steps done or not applicable"
            in page
        )
        table = page.split(f'id="cutover-{council.code.lower()}"', 1)[1].split("</table>", 1)[0]
        for step in council.steps:
            assert step.label in table
            row = table.split(step.label, 1)[1].split("</tr>", 1)[0]
            assert f">{step.state_label}<" in row


def test_the_board_prints_as_a_table_without_json(estate):
    out = io.StringIO()
    call_command("migration", "board", stdout=out)
    council = figures.cutover_checklist()[0]
    assert f"{council.name}: {council.done} of {len(council.steps)} cut-over steps" in (
        out.getvalue()
    )


def test_the_workload_figures_and_trend_do_not_see_a_status_recorded_after_the_day(
    dated_estate,
):
    figures_then = figures.workload_figures(DAY)
    trend_then = figures.workload_trend(DAY)
    assert figures_then
    assert trend_then is not None
    done = {f.workload: f.done for f in figures_then}
    assert done["device"] > 0
    placed = m.Placement.objects.filter(plan=the_plan(), wave__isnull=False).values("identity")
    finished = next(
        s.identity
        for s in m.WorkloadStatus.objects.filter(
            workload=m.Workload.DEVICE, state=m.State.COMPLETED, identity__in=placed
        )
        .select_related("identity")
        .order_by("pk")
    )
    with recorded_at(LATER):
        services.set_status(
            finished, m.Workload.DEVICE, m.State.ROLLED_BACK, "other", "Rolled back.", when=LATER
        )

    assert figures.workload_figures(DAY) == figures_then
    assert figures.workload_trend(DAY) == trend_then
    board = _cli("--as-at", DAY.isoformat())["workloads"]
    assert {w["workload"]: w["done"] for w in board} == done
    now = {f.workload: f for f in figures.workload_figures(today())}
    assert now["device"].done == done["device"] - 1
    assert now["device"].rolled_back == 1 + next(
        f.rolled_back for f in figures_then if f.workload == "device"
    )
    trend_now = figures.workload_trend(today())
    assert trend_now is not None
    assert trend_now.days[-1] == LATER.date()
    assert trend_then.days[-1] <= DAY


def test_no_plan_by_the_day_gives_no_workload_figures(dated_estate):
    before = dt.date(2024, 1, 1)
    assert figures.workload_figures(before) == []
    assert figures.workload_trend(before) is None
    assert _cli("--as-at", before.isoformat())["workloads"] == []
