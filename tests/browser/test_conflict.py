"""Two people edit one risk at once (issue 13, item 5): the second save is refused, the page
shows the risk as saved in the database beside the second person's entries, and the second
person can then save theirs over it on purpose."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gemini.core.models import User
from gemini.programme.models import Risk
from gemini.programme.status import services as status_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-for-tests"


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("h1:has-text('Dashboard')")


def test_the_second_of_two_people_sees_what_is_saved_and_can_save_again(
    demo, live_server, browser, page, screenshots
):
    risk = Risk.objects.get(reference="R03")
    lead = User.objects.get(email="lead@gemini.test")
    status_services.add_workstream_lead(risk.workstream, lead)
    url = f"{live_server.url}{reverse('programme:edit_risk', args=[risk.pk])}"
    elsewhere = browser.new_context(viewport={"width": 1280, "height": 900})
    other = elsewhere.new_page()
    _sign_in(page, live_server, "pmo@gemini.test")
    _sign_in(other, live_server, "lead@gemini.test")
    page.goto(url)
    other.goto(url)  # both open R03 at the same version

    page.fill("#id_title", "TitleFromA")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_selector("text=R03 TitleFromA has been saved.")
    other.fill("#id_title", "TitleFromB")
    other.get_by_role("button", name="Save", exact=True).click()

    summary = other.locator(".govuk-error-summary")
    summary.wait_for()
    assert "changed by someone else after you opened it" in summary.inner_text()
    saved_now = other.locator(".govuk-summary-list")
    assert "What is saved now (version 2)" in other.content()
    assert "TitleFromA" in saved_now.inner_text()
    assert "TitleFromB" not in saved_now.inner_text()
    assert other.input_value("#id_title") == "TitleFromB"  # nothing B typed is lost
    other.screenshot(path=str(screenshots / "programme-edit-conflict.png"), full_page=True)

    other.get_by_role("button", name="Save over the newer version").click()

    other.wait_for_selector("text=R03 TitleFromB has been saved.")
    risk.refresh_from_db()
    assert (risk.title, risk.version) == ("TitleFromB", 3)
    elsewhere.close()
