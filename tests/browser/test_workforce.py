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


def test_hr_walks_the_decision_queue(demo, live_server, page, screenshots):
    """Search, filter to those awaiting, confirm two with one reason, then decide one person
    and go straight on to the next (issue 14, item 7)."""
    from gemini.workforce.models import Decision, Outcome, PersonOutcome
    from tests.browser.test_accessibility import _describe, _violations

    waiting = list(
        PersonOutcome.objects.filter(decision=Decision.PENDING)
        .exclude(proposed__in=(Outcome.SLOT_IN, Outcome.MATCHED))
        .select_related("staff", "run")
        .order_by("staff__employee_ref")[:3]
    )
    number = waiting[0].run.number
    _sign_in(page, live_server, "hr@gemini.test")
    page.goto(f"{live_server.url}/workforce/runs/{number}/outcomes/")

    page.get_by_label("Decision").select_option("pending")
    page.get_by_label("Name or employee ref").fill(waiting[0].staff.employee_ref)
    page.get_by_role("button", name="Show").click()
    page.wait_for_selector("text=1 person shown.")
    page.get_by_role("link", name="Clear the filters").click()

    page.get_by_label("Decision").select_option("pending")
    page.get_by_role("button", name="Show").click()
    for item in waiting[:2]:
        page.get_by_label(f"Confirm the proposal for {item.staff.employee_ref}").check()
    page.get_by_label("Confirm the selected proposals").fill("Agreed at the panel.")
    assert not (found := _violations(page)), _describe(found)
    page.screenshot(path=str(screenshots / "workforce-queue.png"), full_page=False)
    page.get_by_role("button", name="Confirm the selected proposals").click()
    page.wait_for_selector("text=2 proposals confirmed")
    assert page.get_by_label("Decision").input_value() == "pending"  # the filter is kept

    third = waiting[2]
    fourth = (
        PersonOutcome.objects.filter(
            run__number=number,
            decision=Decision.PENDING,
            staff__employee_ref__gt=third.staff.employee_ref,
        )
        .order_by("staff__employee_ref")
        .values_list("staff__employee_ref", flat=True)[0]
    )
    page.goto(
        f"{live_server.url}/workforce/runs/{number}/outcomes/{third.staff.employee_ref}/decide/"
    )
    page.get_by_label("Confirm the proposed outcome").check()
    page.get_by_label("Reason").fill("As proposed.")
    assert not (found := _violations(page)), _describe(found)
    page.get_by_role("button", name="Save and decide the next").click()
    page.wait_for_selector(f"h1:has-text('Decide the outcome for {fourth}')")

    for item in waiting[:3]:
        item.refresh_from_db()
        assert item.decision == Decision.CONFIRMED
    assert waiting[0].decision_reason == "Agreed at the panel."
