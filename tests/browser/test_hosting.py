"""The technical lead takes Phase 2 from the estate to a confirmed disposition and a wave plan."""

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


def test_the_technical_lead_confirms_a_disposition_and_makes_a_wave_plan(
    demo, live_server, page, screenshots
):
    _sign_in(page, live_server, "tech@gemini.test")
    page.get_by_role("link", name="Hosting").click()
    page.wait_for_selector("h1:has-text('Data-centre exit')")
    assert "illustrative prices" in page.content()
    page.screenshot(path=str(screenshots / "hosting-overview.png"), full_page=True)

    page.get_by_role("link", name="Applications", exact=True).click()
    page.get_by_role("link", name="CWAC Legacy Land Charges").click()
    page.wait_for_selector("h1:has-text('CWAC Legacy Land Charges')")
    assert "powered off" in page.content()
    page.get_by_role("link", name="Confirm or override the disposition").click()
    page.get_by_label("Retain").check()
    page.get_by_role("button", name="Save the disposition").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter why you override the proposed disposition" in summary.inner_text()
    page.get_by_label("Reason (required when you override the proposal)").fill(
        "Statutory records must stay until they are archived."
    )
    page.get_by_role("button", name="Save the disposition").click()
    page.wait_for_selector("text=has been saved")

    page.goto(f"{live_server.url}/hosting/plan/new/")
    page.fill("#id_start-day", "1")
    page.fill("#id_start-month", "4")
    page.fill("#id_start-year", "2025")
    page.fill("#id_max_vms_per_wave", "6")
    page.get_by_role("button", name="Make the plan").click()
    page.wait_for_selector("text=A new wave plan has been made")
    content = page.content()
    assert "Wave 1" in content
    assert "Move together" in content
    assert "CWAC Legacy Land Charges is to be retained" in content
    page.screenshot(path=str(screenshots / "hosting-plan.png"), full_page=True)


def test_a_councillor_cannot_open_the_estate(demo, live_server, page):
    _sign_in(page, live_server, "member@gemini.test")
    assert page.get_by_role("link", name="Hosting").count() == 0
    page.goto(f"{live_server.url}/hosting/vms/")
    assert "You do not have permission" in page.content()


def test_the_technical_lead_checks_an_rvtools_import_before_confirming_it(
    demo, live_server, page, screenshots, tmp_path, settings
):
    from gemini.hosting.models import VirtualMachine
    from gemini.hosting.tests.files import export, vm

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    kept = list(VirtualMachine.objects.filter(present=True).order_by("name")[:3])
    gone = VirtualMachine.objects.filter(present=True).exclude(pk__in=[v.pk for v in kept])
    path = tmp_path / "RVTools.xlsx"
    path.write_bytes(export([vm(v.name, uuid=v.vm_uuid) for v in kept]))

    _sign_in(page, live_server, "tech@gemini.test")
    page.goto(f"{live_server.url}/hosting/import/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Check the export").click()
    page.wait_for_selector("h1:has-text('Check the import')")
    content = page.content()
    assert "Nothing has been written yet" in content
    assert "VMs that would disappear" in content
    assert gone.first().name in content
    page.screenshot(path=str(screenshots / "hosting-import-preview.png"), full_page=True)

    page.get_by_role("button", name="Confirm the import").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Confirm that these VMs have gone" in summary.inner_text()
    assert VirtualMachine.objects.filter(present=True).count() > 3

    page.get_by_label("Yes, these VMs have gone: mark them disappeared").check()
    page.get_by_role("button", name="Confirm the import").click()
    page.wait_for_selector("text=RVTools export imported")
    assert VirtualMachine.objects.filter(present=True).count() == 3
