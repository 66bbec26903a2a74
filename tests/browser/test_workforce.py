"""HR confirms a proposed restructure outcome in a real browser; a union rep sees no names."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-for-tests"


def _sign_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("h1:has-text('Dashboard')")


def test_hr_confirms_a_proposed_outcome_with_a_reason(demo, live_server, page, screenshots):
    from gemini.workforce.models import Decision, PersonOutcome

    item = PersonOutcome.objects.filter(decision=Decision.PENDING).order_by("pk")[0]
    ref, number = item.staff.employee_ref, item.run.number
    _sign_in(page, live_server, "hr@gemini.test")

    page.goto(f"{live_server.url}/workforce/runs/{number}/outcomes/")
    page.get_by_role("link", name=f"{ref} {item.staff.name}").click()
    page.wait_for_selector("h2:has-text('Why')")
    page.get_by_role("button", name="Confirm or override").click()
    page.get_by_label("Confirm the proposed outcome").check()
    page.get_by_label("Reason").fill("Agreed at the moderation panel with the union.")
    page.get_by_role("button", name="Save the decision").click()

    page.wait_for_selector(f"text=Your decision for {ref} has been saved.")
    assert "Confirmed" in page.locator(".govuk-summary-list").inner_text()
    page.screenshot(path=str(screenshots / "workforce-outcome-confirmed.png"), full_page=True)
    item.refresh_from_db()
    assert item.decision == Decision.CONFIRMED
    assert item.decided_by is not None
    assert item.decided_by.email == "hr@gemini.test"


def test_a_union_representative_sees_the_numbers_but_no_names(demo, live_server, page, screenshots):
    from gemini.workforce.models import MatchingRun, Staff

    run = MatchingRun.objects.order_by("number")[0]
    _sign_in(page, live_server, "union@gemini.test")
    page.goto(f"{live_server.url}/workforce/runs/{run.number}/")
    page.wait_for_selector("h2:has-text('Pools')")
    text = page.content()
    assert "At risk" in text
    assert all(name not in text for name in Staff.objects.values_list("name", flat=True))
    page.screenshot(path=str(screenshots / "workforce-run-union.png"), full_page=True)
