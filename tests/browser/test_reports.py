"""The programme manager previews the demo committee report, issues it and downloads it; a
councillor then sees its Part 1 only."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gemini.core.reporting.formatting import long_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-for-tests"


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("h1:has-text('Dashboard')")


def test_the_programme_manager_issues_the_report_and_a_member_reads_part_1(
    demo, live_server, browser, screenshots
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    _sign_in(page, live_server, "pmo@gemini.test")
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="ICT Shared Service – Hybrid Operating Model Update").click()
    # A draft shows the figures as they stand today (issue 18): never the meeting date.
    today = long_date(timezone.localdate())
    page.wait_for_selector(f"text=The programme status is Amber overall as at {today}.")
    assert page.locator(".gemini-report svg").count() >= 3
    page.screenshot(path=str(screenshots / "report-draft.png"), full_page=False)

    page.get_by_role("button", name="Issue the report").click()  # a link drawn as a button
    page.wait_for_selector("text=Issuing freezes the report as it is now")
    page.get_by_role("button", name="Issue the report").click()
    page.wait_for_selector("text=The report has been issued.")
    with page.expect_download() as download:
        page.get_by_role("link", name="Part 1 as PDF").click()
    assert download.value.suggested_filename == "CPC-52-24-25-part1.pdf"
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _sign_in(page, live_server, "member@gemini.test")
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="ICT Shared Service – Hybrid Operating Model Update").click()
    page.wait_for_selector("text=Part 1 as PDF")
    assert page.get_by_role("link", name="Part 2 (exempt appendix)").count() == 0
    assert page.get_by_role("link", name="Part 2 as PDF").count() == 0
    page.screenshot(path=str(screenshots / "report-member.png"), full_page=False)
    context.close()


def test_the_report_pages_have_no_serious_accessibility_violations(demo, live_server, browser):
    from gemini.reports.models import CommitteeReport
    from tests.browser.test_accessibility import _describe, _violations

    draft = CommitteeReport.objects.get()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _sign_in(page, live_server, "pmo@gemini.test")
    problems = {}
    for path in (
        "/reports/",
        "/reports/new/",
        f"/reports/{draft.pk}/",
        f"/reports/{draft.pk}/part-2/",
        f"/reports/{draft.pk}/edit/",
        f"/reports/{draft.pk}/issue/",
        f"/reports/{draft.pk}/compare/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        assert response.status == 200, path
        if found := _violations(page):
            problems[path] = _describe(found)
    context.close()
    assert not problems, problems
