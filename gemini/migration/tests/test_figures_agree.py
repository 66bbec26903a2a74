"""gemini/migration/figures.py is the one read of the migration board's figures: the page and
`gemini migration board` show what the figures functions give.

`workload_figures` and `cutover_checklist` have no API route (the API's /progress reads the
wave plan's progress per wave, not these), so the page and the CLI are compared with the
figure; `workload_trend` is drawn as a chart only, with no API or CLI read. The committee
report's technical section reads `cutover_checklist` as at its date
(gemini/migration/report.py)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from gemini.migration import figures, services

pytestmark = pytest.mark.django_db


def _cli() -> Any:
    out = io.StringIO()
    call_command("migration", "board", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_workload_figures_are_the_ones_the_page_shows(estate, client_for):
    plan = services.current_plan()
    assert plan is not None
    found = figures.workload_figures(plan)
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
