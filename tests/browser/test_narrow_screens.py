"""Every main page is usable on a phone (375 px wide): tables scroll inside themselves and the
page itself never scrolls sideways."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-for-tests"
PAGES = (
    "/",
    "/programme/",
    "/programme/dashboard/",
    "/programme/status/",
    "/programme/risks/",
    "/programme/milestones/",
    "/programme/issues/",
    "/programme/risks/add/",
    "/workforce/",
    "/finance/",
    "/finance/budget/",
    "/migration/",
    "/hosting/",
    "/reports/",
)


def test_no_main_page_scrolls_sideways_at_375_px(demo, live_server, browser, screenshots):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "pmo@gemini.test")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("h1:has-text('Dashboard')")
    too_wide = {}
    for path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            too_wide[path] = width
    page.goto(f"{live_server.url}/programme/risks/")
    page.screenshot(path=str(screenshots / "risks-375px.png"), full_page=False)
    context.close()
    assert not too_wide, f"These pages scroll sideways at 375 px: {too_wide}"
