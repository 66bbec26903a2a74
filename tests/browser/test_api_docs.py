"""The API's documentation page works in a browser under Gemini's Content Security Policy."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_page_shows_the_operations(live_server, page):
    page.goto(f"{live_server.url}/api/v1/docs")

    page.locator(".opblock-summary-path", has_text="/api/v1/organisations").first.wait_for()
    assert page.locator(".opblock").count() >= 2
