"""Optimistic locking: a second edit from the same version is refused and loses nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gemini.core.versioning import StaleEditError
from gemini.programme.models import Workstream
from gemini.programme.status import services as status_services


@pytest.mark.django_db
def test_two_edits_from_the_same_version_refuse_the_second(demo):
    first = Workstream.objects.get(slug="finance")
    second = Workstream.objects.get(slug="finance")
    start = first.version

    status_services.edit_workstream(first, start, {"lead_name": "First Editor"})
    with pytest.raises(StaleEditError) as refused:
        status_services.edit_workstream(second, start, {"lead_name": "Second Editor"})

    assert "changed by someone else after you opened it" in str(refused.value)
    assert Workstream.objects.get(pk=refused.value.current.pk).lead_name == "First Editor"
    stored = Workstream.objects.get(slug="finance")
    assert stored.lead_name == "First Editor"
    assert stored.version == start + 1


@pytest.mark.django_db
def test_the_edit_page_tells_the_second_editor_and_keeps_their_changes(demo, personas, client_for):
    client = client_for(personas["pmo"])
    url = reverse("programme:edit_workstream", args=["finance"])
    version = Workstream.objects.get(slug="finance").version
    form = {"name": "Finance", "purpose": "Money", "version": version}

    first = client.post(url, {**form, "lead_name": "First Editor"})
    second = client.post(url, {**form, "lead_name": "Second Editor"})

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "There is a problem" in page
    assert "changed by someone else after you opened it" in page
    assert 'value="Second Editor"' in page  # the editor's own entry, kept
    assert "First Editor" in page  # what is saved now, shown beside it
    assert Workstream.objects.get(slug="finance").lead_name == "First Editor"


@pytest.mark.django_db
def test_each_edit_is_in_the_history_with_who_made_it(demo, personas, client_for):
    client = client_for(personas["pmo"])
    version = Workstream.objects.get(slug="technical").version
    client.post(
        reverse("programme:edit_workstream", args=["technical"]),
        {
            "name": "Technical",
            "purpose": "Tenant move",
            "lead_name": "Ann Example",
            "version": version,
        },
    )

    page = client.get(reverse("programme:workstream", args=["technical"])).content.decode()

    assert "History" in page
    assert "pmo" in page  # the persona's name is its full name
    assert "→ Ann Example" in page  # the lead's name before (the demo's) → the new one
