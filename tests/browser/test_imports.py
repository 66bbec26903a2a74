"""An upload in a real browser (issue 16, item 5): the file waits for the background worker on
its status page, which follows it by itself (a script asking for its state) and shows the
result once the worker has run it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from gemini.core.models import Organisation
from gemini.testing.personas import PASSWORD
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILE = b"code,name,kind\nAAA,Alpha Council,council\nBBB,Beta Council,council\n"


def test_an_upload_waits_for_the_worker_and_its_page_shows_the_result(
    personas, live_server, page, screenshots, settings
):
    # The database backend, so the import waits for a worker, which this test then runs.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", "pmo@gemini.test")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("h1:has-text('Dashboard')")

    page.goto(f"{live_server.url}/imports/")
    page.select_option("#id_kind", "organisations")
    page.set_input_files(
        "#id_file", files=[{"name": "councils.csv", "mimeType": "text/csv", "buffer": FILE}]
    )
    page.get_by_role("button", name="Check and import").click()

    page.wait_for_selector("h1:has-text('councils.csv')")
    assert "Waiting to start" in page.inner_text("main")
    assert page.locator("progress").is_visible()
    page.screenshot(path=str(screenshots / "import-waiting.png"), full_page=True)
    assert _violations(page) == []  # axe: no serious or critical WCAG 2.2 AA violation
    assert not Organisation.objects.filter(code="AAA").exists()

    # `gemini db_worker`, in this process: every waiting task, then stop. The page is not
    # reloaded here: its own script notices that the import is over.
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    page.wait_for_selector("h1.govuk-panel__title:has-text('Import complete')", timeout=10_000)
    text = page.inner_text("main")
    assert "2 rows: 2 created, 0 updated, 0 unchanged" in text
    assert "Created: Alpha Council (AAA)" in text
    assert "Finished" in text
    assert page.locator("progress").count() == 0
    page.screenshot(path=str(screenshots / "import-finished.png"), full_page=True)
    assert _violations(page) == []
