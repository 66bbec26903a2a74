"""The technical lead plans the waves in a real browser; a councillor sees figures only."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-for-tests"
ADDRESS = re.compile(r"@(ourcheshire|cheshirewest|cheshireeast)\.example")


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("h1:has-text('Dashboard')")


def test_the_technical_lead_plans_waves_and_opens_a_person(demo, live_server, page, screenshots):
    _sign_in(page, live_server, "tech@gemini.test")
    page.goto(f"{live_server.url}/migration/plan/")
    page.fill("#id_max_users", "10")
    page.fill("#id_start-day", "21")
    page.fill("#id_start-month", "4")
    page.fill("#id_start-year", "2025")
    page.get_by_role("button", name="Plan the waves").click()

    page.wait_for_selector("text=The waves have been planned.")
    first_row = page.locator("table.govuk-table tbody tr").first
    assert "Pilot" in first_row.inner_text()
    assert "06/05/2025" in first_row.inner_text()  # 05/05/2025 is a bank holiday
    page.screenshot(path=str(screenshots / "migration-plan.png"), full_page=True)

    page.get_by_role("link", name="Wave 1", exact=True).first.click()
    page.wait_for_selector("h1:has-text('Wave 1')")
    page.locator("table.govuk-table tbody a").first.click()
    page.wait_for_selector("text=Why:")
    page.select_option("#id_workload", "device")
    page.select_option("#id_state", "failed")
    page.fill("#id_note", "Laptop not returned")
    page.get_by_role("button", name="Save status").click()
    page.wait_for_selector("text=The status has been saved.")
    assert "Laptop not returned" in page.content()
    page.screenshot(path=str(screenshots / "migration-identity.png"), full_page=True)


def test_a_councillor_sees_progress_without_names(demo, live_server, page, screenshots):
    _sign_in(page, live_server, "member@gemini.test")
    page.get_by_role("link", name="Migration").first.click()

    page.wait_for_selector("h1:has-text('Microsoft 365 migration')")
    assert page.locator("#phase-1").inner_text() == "100%"
    assert page.locator("#phase-2").inner_text() == "100%"
    assert not ADDRESS.search(page.content())
    page.screenshot(path=str(screenshots / "migration-progress.png"), full_page=True)
