"""The home page per role, in the browser: each of the eight demo roles lands on what needs
them, with counts that link to the work (issue 19, item 1). Screenshots of each role's home are
kept in var/screenshots (docs/images holds the published ones)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-for-tests"
# role's email: (text each must see, text each must not)
HOMES = {
    "pmo": (("Since the committee last met", "Hosting exit", "risk reviews overdue"), ()),
    "lead": (("Technical (yours)",), ("Hosting exit", "await your decision")),
    "hr": (("await your decision",), ("Hosting exit",)),
    "tech": (("Hosting exit", "Microsoft 365 migration"), ("await your decision",)),
    "member": (("Amber overall", "Committee reports"), ("Needs you", "Hosting exit")),
    "union": (("Amber overall", "decided by HR"), ("Needs you", "Hosting exit")),
    "finance": (("savings delivered",), ("Hosting exit", "await your decision")),
    "hr-cwac": (("No outcome awaits your decision",), ("Hosting exit", "await your decision")),
}


def test_each_role_lands_on_what_needs_them(demo, live_server, browser, screenshots):
    for role, (present, absent) in HOMES.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        page.fill("#id_username", f"{role}@gemini.test")
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_selector("h1:has-text('Dashboard')")
        text = page.inner_text("main")
        page.screenshot(path=str(screenshots / f"home-{role}.png"), full_page=True)
        for wanted in present:
            assert wanted in text, f"{role}: {wanted!r} missing"
        for unwanted in absent:
            assert unwanted not in text, f"{role}: {unwanted!r} shown"
        context.close()


def test_a_home_page_count_leads_to_the_work(demo, live_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "hr@gemini.test")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("h1:has-text('Dashboard')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("link", name="await your decision").click()

    page.wait_for_url("**/outcomes/?decision=pending")
    context.close()
