"""No lost updates on the migration forms: two technical leads setting the same person's
status, or changing the migration settings, at once — the second save is refused with the
GOV.UK error and the first lead's change stays."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gemini.core.models import Membership, Organisation, Role, User
from gemini.migration import models as m
from gemini.migration.tests.support import a_person, the_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def leads(estate, client_for):
    second = User.objects.create_user("tech-two@gemini.test", "x-password-123")
    Membership.objects.create(
        user=second, organisation=Organisation.objects.get(code="ICTSS"), role=Role.TECHNICAL
    )
    return client_for(estate["tech"]), client_for(second)


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="(\d+)"', page)
    assert found, f"the form carries {name}"
    return found.group(1)


def _refused(response) -> str:
    assert response.status_code == 200
    page: str = response.content.decode()
    assert "govuk-error-summary" in page
    assert "There is a problem" in page
    assert "changed by someone else" in page
    return page


def test_the_second_of_two_status_updates_for_one_person_is_refused(leads):
    first, second = leads
    person = a_person()
    url = reverse("migration:identity", args=[person.pk])
    opened = [_hidden(c.get(url).content.decode(), "version_mail") for c in (first, second)]

    saved = first.post(
        url, {"workload": "mail", "state": "failed", "note": "First.", "version_mail": opened[0]}
    )
    refused = second.post(
        url,
        {"workload": "mail", "state": "completed", "note": "Second.", "version_mail": opened[1]},
    )

    assert saved.status_code == 302
    page = _refused(refused)
    assert "First." in page  # what is saved now, beside the second lead's entries
    status = m.WorkloadStatus.objects.get(identity=person, workload="mail")
    assert (status.state, status.note) == ("failed", "First.")


def test_the_second_of_two_edits_of_the_settings_is_refused(leads):
    first, second = leads
    record = the_settings()
    url = reverse("migration:settings")
    fields = {
        "source_tenant_name": record.source_tenant_name,
        "target_tenant_name": record.target_tenant_name,
        "source_tenant_id": record.source_tenant_id,
        "target_domain": record.target_domain,
        "max_users": record.max_users,
        "max_gb": record.max_gb,
        "pilot_users": record.pilot_users,
        "start": "",
        "submit_lead_days": record.submit_lead_days,
        "wave_interval_working_days": record.wave_interval_working_days,
        "parallel_waves": record.parallel_waves,
    }
    opened = [_hidden(c.get(url).content.decode(), "version") for c in (first, second)]

    saved = first.post(url, fields | {"pilot_users": 30, "version": opened[0]})
    refused = second.post(url, fields | {"pilot_users": 40, "version": opened[1]})

    assert saved.status_code == 302
    _refused(refused)
    record.refresh_from_db()
    assert record.pilot_users == 30
