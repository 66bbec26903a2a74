"""The programme manager opens the dashboard and follows a heat-map cell to its risks."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-for-tests"


def test_the_dashboard_shows_the_status_and_the_heat_map_leads_to_a_cells_risks(
    demo, live_server, page, screenshots
):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "pmo@gemini.test")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("h1:has-text('Dashboard')")

    page.goto(f"{live_server.url}/programme/dashboard/?date=06/02/2025")
    page.wait_for_selector("h1:has-text('Programme dashboard')")
    assert "reflecting the risks and issues associated with the workforce and finance" in (
        page.content()
    )
    heat_map = page.locator("#heat-map svg")
    assert heat_map.count() == 1
    page.screenshot(path=str(screenshots / "programme-dashboard.png"), full_page=True)

    # The cell's number (drawn over the cell, linked the same) is the last link.
    page.locator("#heat-map a[*|href*='likelihood=3&impact=5']").last.click()
    page.wait_for_selector("text=Showing the open risks with current likelihood 3 and impact 5")
    assert page.get_by_role("link", name="R04 End-of-life hosting environment").is_visible()
    page.screenshot(path=str(screenshots / "programme-heat-map-cell.png"), full_page=True)


def test_the_programme_manager_marks_an_overdue_action_done_and_the_dashboard_drops_it(
    demo, live_server, page, screenshots
):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "pmo@gemini.test")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("h1:has-text('Dashboard')")
    action = "Migrate virtual machines off the end-of-life hosting environment"

    page.goto(f"{live_server.url}/programme/dashboard/")
    assert action in page.content()
    page.locator("li", has_text=action).get_by_role("link", name="R04").click()
    page.wait_for_selector("h1:has-text('End-of-life hosting environment')")
    page.get_by_role("link", name="Mark as done").click()
    page.wait_for_selector("h1:has-text('Mark the action as done')")
    page.fill("#id_completed_date-day", "28")
    page.fill("#id_completed_date-month", "2")
    page.fill("#id_completed_date-year", "2025")
    page.screenshot(path=str(screenshots / "programme-action-done.png"), full_page=True)
    page.get_by_role("button", name="Mark as done").click()
    page.wait_for_selector("text=The action was marked as done on 28/02/2025.")

    page.goto(f"{live_server.url}/programme/dashboard/")
    assert action not in page.content()
