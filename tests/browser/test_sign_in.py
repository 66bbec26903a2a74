"""A person signs in with a real browser and reaches the dashboard."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-for-tests"


def _sign_in(page, live_server, email, password):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()


def test_the_programme_manager_signs_in_and_reaches_the_dashboard(
    demo, live_server, page, screenshots
):
    _sign_in(page, live_server, "pmo@gemini.test", PASSWORD)

    page.wait_for_selector("h1:has-text('Dashboard')")
    assert page.title() == "Dashboard – Gemini"
    assert page.locator(".govuk-service-navigation__list").inner_text().count("Workforce") == 1
    assert page.get_by_role(
        "link", name="Phase 2 – shared data centre and network", exact=True
    ).is_visible()
    path = screenshots / "dashboard.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


def test_a_wrong_password_shows_the_error_summary(demo, live_server, page, screenshots):
    _sign_in(page, live_server, "pmo@gemini.test", "not-the-password")

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "There is a problem" in summary.inner_text()
    assert "Enter a correct email address and password." in summary.inner_text()
    page.screenshot(path=str(screenshots / "sign-in-error.png"))


def test_signing_out_returns_to_sign_in(demo, live_server, page):
    _sign_in(page, live_server, "member@gemini.test", PASSWORD)
    page.wait_for_selector("h1:has-text('Dashboard')")

    page.get_by_role("button", name="Sign out").click()

    page.wait_for_selector("h1:has-text('Sign in to Gemini')")
    page.goto(f"{live_server.url}/programme/")
    assert "/sign-in/" in page.url


def test_signing_out_everywhere_ends_the_session_in_another_browser(
    demo, live_server, browser, page
):
    _sign_in(page, live_server, "hr@gemini.test", PASSWORD)
    page.wait_for_selector("h1:has-text('Dashboard')")
    elsewhere = browser.new_context()
    other = elsewhere.new_page()
    _sign_in(other, live_server, "hr@gemini.test", PASSWORD)
    other.wait_for_selector("h1:has-text('Dashboard')")

    page.get_by_role("link", name="Your account").click()
    page.get_by_role("button", name="Sign out everywhere").click()

    page.wait_for_selector("h1:has-text('Sign in to Gemini')")
    assert "signed out of Gemini on every browser and device" in page.content()
    other.goto(f"{live_server.url}/workforce/")
    assert "/sign-in/" in other.url
    elsewhere.close()
