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
