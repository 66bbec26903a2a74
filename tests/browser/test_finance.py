"""A finance officer reads the position and saves a scenario with a real browser."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-for-tests"


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("h1:has-text('Dashboard')")


def test_a_finance_officer_compares_fewer_project_hours_with_the_base_case(
    demo, live_server, page, screenshots
):
    _sign_in(page, live_server, "finance@gemini.test")
    page.goto(f"{live_server.url}/finance/")

    position = page.locator(".govuk-summary-list").inner_text()
    assert "£5.1m: CEC £2.6m, CWAC £2.6m" in position  # rounded for reading
    assert "Nil (balanced)" in position
    assert "£1m still to deliver" in position  # CEC's savings gap against delivery
    assert page.locator("svg.gemini-chart").count() == 4
    # Each chart's figures as a table, opened from its details summary.
    page.get_by_text(
        "Net budget and actual by quarter, and the forecast variance: the figures"
    ).click()
    assert "£80k" in page.locator("details[open] table").inner_text()
    page.screenshot(path=str(screenshots / "finance-dashboard.png"), full_page=True)

    page.get_by_role("link", name="Scenarios").first.click()
    page.get_by_role("link", name="New scenario").click()
    page.fill("#id_name", "Hours at 54,000")
    page.fill("#id_project_hours", "54000")
    page.get_by_role("button", name="Save and compare").click()

    page.wait_for_selector("h1:has-text('Hours at 54,000')")
    effect = page.locator("table").nth(1).inner_text()
    assert "£189,473.68" in effect  # 3,000 hours short at £3.6m / 57,000
    page.screenshot(path=str(screenshots / "finance-scenario.png"), full_page=True)


def test_a_councillor_reads_the_figures_but_cannot_enter_them(demo, live_server, page):
    _sign_in(page, live_server, "member@gemini.test")
    page.goto(f"{live_server.url}/finance/budget/")
    assert "Forecast outturn at FR3" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Record a quarter's figures").count() == 0
    response = page.goto(f"{live_server.url}/finance/budget/record/")
    assert response is not None
    assert response.status == 403
