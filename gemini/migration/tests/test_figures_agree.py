"""gemini/migration/figures.py is the one read of the migration board's figures: the page shows
what the figures functions give.

`workload_figures`, `workload_trend` and `cutover_checklist` have no API route and no CLI
command yet (the API's /progress and the CLI's `plan` read the wave plan's progress, not these),
so the page is compared with the figure; the committee report's technical section reads
`cutover_checklist` as at its date (gemini/migration/report.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gemini.migration import figures, services

pytestmark = pytest.mark.django_db


def test_the_workload_figures_are_the_ones_the_page_shows(estate, client_for):
    plan = services.current_plan()
    assert plan is not None
    found = figures.workload_figures(plan)
    assert found

    page = client_for(estate["member"]).get(reverse("migration:index")).content.decode()
    table = page.split('id="workloads"', 1)[1].split("</table>", 1)[0]
    for workload in found:
        row = table.split(f"{workload.label} <span", 1)[1].split("</tr>", 1)[0]
        assert f'numeric">{workload.done:,}<' in row, (workload.label, row)
        assert f"data-failed>{workload.failed:,}<" in row, (workload.label, row)


def test_the_cutover_checklist_is_the_one_the_page_shows(estate, client_for):
    found = figures.cutover_checklist()
    assert found

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
