"""No lost updates on the hosting forms: two officers confirming the same application's
disposition at once — the second save is refused with the GOV.UK error and the first
officer's decision stays."""

from __future__ import annotations

import re

from django.urls import reverse

from gemini.core.models import Membership, Organisation, Role, User
from gemini.hosting.models import Application


def test_the_second_of_two_confirmations_of_one_application_is_refused(
    demo_for_module, db, personas, client_for
):
    second = User.objects.create_user("pmo-two@gemini.test", "x-password-123")
    Membership.objects.create(
        user=second,
        organisation=Organisation.objects.get(code="ICTSS"),
        role=Role.PROGRAMME_MANAGER,
    )
    app = Application.objects.get(name="CEC Revenues and Benefits")
    url = reverse("hosting:confirm", args=[app.pk])
    first, other = client_for(personas["tech"]), client_for(second)
    opened = []
    for officer in (first, other):
        found = re.search(r'name="version"[^>]*value="(\d+)"', officer.get(url).content.decode())
        assert found, "the form carries the version it was opened at"
        opened.append(found.group(1))

    saved = first.post(
        url, {"version": opened[0], "disposition": "refactor", "note": "Cloud-native rewrite."}
    )
    refused = other.post(url, {"version": opened[1], "disposition": "retire", "note": "Mine."})

    assert saved.status_code == 302
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "govuk-error-summary" in page
    assert "There is a problem" in page
    assert "changed by someone else" in page
    app.refresh_from_db()
    assert (app.confirmed_disposition, app.confirmation_note, app.confirmed_by) == (
        "refactor",
        "Cloud-native rewrite.",
        personas["tech"],
    )
