"""Every page is usable on a phone (375 px wide): tables scroll inside themselves and the page
itself never scrolls sideways (issue 19, item 6).

The pages are not listed here: they are every page in the URL × role table (each app's
tests/routes.py) that the programme manager may open with a GET, so a page added to the service
is measured here without anyone remembering to add it. Files (downloads) are left out by name.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from gemini.testing.routes import all_routes, run_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-for-tests"
WIDTH = 375
ROLE = "pmo"  # the programme manager may open every section
# Routes that answer a GET with 200 but are not pages (their reason).
NOT_PAGES = {
    "core:health": "plain text for monitoring",
    "core:favicon": "the icon",
    "core:import_progress": "the status page's JSON, polled by its script",
    "migration:export": "a download",
    "workforce:run_pack": "a Word document",
}

# The element that sticks out furthest to the right, counting only what the page itself would
# scroll for (an element inside a box that scrolls or clips sideways is that box's business).
WIDEST = """limit => {
  const clipped = element => {
    // a box positioned absolutely escapes every box below the one it is positioned in
    const positioned = ["absolute", "fixed"].includes(getComputedStyle(element).position);
    let escapes = positioned ? (element.offsetParent || document.body) : null;
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (escapes) {
        if (up !== escapes) continue;
        escapes = null;
      }
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  let widest = null, right = limit + 1;
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right < right || clipped(element)) continue;
    widest = element;  // ties go to the later, so the innermost of nested boxes
    right = box.right;
  }
  if (widest === null) return "no single element (margins or a pseudo-element)";
  const name = widest.tagName.toLowerCase() + (widest.id ? "#" + widest.id : "")
    + [...widest.classList].map(c => "." + c).join("");
  const text = (widest.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60);
  return `${name} reaching ${Math.round(right)} px ("${text}")`;
}"""


def _pages() -> list[tuple[str, str]]:
    """(route name, path) for every page the programme manager may open."""
    pages = []
    for route in all_routes():
        if route.method != "get" or route.expected(ROLE) != 200:
            continue
        if route.name.split(":")[0] in ("api", "admin") or route.name in NOT_PAGES:
            continue
        path = reverse(route.name, args=route.resolved_args())
        if PurePosixPath(path).suffix:  # .xlsx, .docx, .pdf: files, not pages
            continue
        pages.append((route.name, f"{path}?{urlencode(route.data)}" if route.data else path))
    return pages


def test_no_page_scrolls_sideways_at_375_px(demo, live_server, browser, screenshots):
    run_setup()  # the records some rows need (an issued committee report)
    pages = _pages()
    context = browser.new_context(viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", f"{ROLE}@gemini.test")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("h1:has-text('Dashboard')")

    too_wide = {}
    for name, path in pages:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        assert response.status == 200, f"{name} {path}: {response.status}"
        assert response.headers["content-type"].startswith("text/html"), (
            f"{name} {path} is not a page: add it to NOT_PAGES"
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            too_wide[f"{name} {path}"] = f"{width} px wide: {page.evaluate(WIDEST, WIDTH)}"
    page.goto(f"{live_server.url}{reverse('programme:risks')}")
    page.screenshot(path=str(screenshots / "risks-375px.png"), full_page=False)
    context.close()

    assert len(pages) > 60, f"only {len(pages)} pages found in the URL × role table"
    assert not too_wide, "These pages scroll sideways at 375 px:\n" + "\n".join(
        f"{page}: {why}" for page, why in too_wide.items()
    )
