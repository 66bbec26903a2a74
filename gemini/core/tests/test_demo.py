"""`gemini demo`: the seed's programme, loaded repeatably."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from gemini.core.models import Membership, Organisation, User
from gemini.programme.models import GovernanceBody, Paper, Programme, Workstream


def _counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "workstreams": Workstream.objects.count(),
        "bodies": GovernanceBody.objects.count(),
        "history": Workstream.history.count()
        + Organisation.history.count()
        + Paper.history.count(),
    }


@pytest.mark.django_db
def test_the_demo_loads_the_seeds_organisations_programme_and_governance(capsys):
    call_command("demo")

    assert set(Organisation.objects.values_list("code", flat=True)) == {"CEC", "CWAC", "ICTSS"}
    assert Organisation.objects.get(code="ICTSS").hosted_by == Organisation.objects.get(code="CEC")
    programme = Programme.objects.get()
    assert programme.name == "Gemini"
    assert list(programme.workstreams.values_list("name", flat=True)) == [
        "Technical",
        "Workforce",
        "Finance",
        "Phase 2 – shared data centre and network",
    ]
    assert set(programme.bodies.values_list("name", flat=True)) == {
        "Gemini Programme Board",
        "Business Design Authority",
        "Shared Services Joint Committee",
        "Joint scrutiny task and finish group",
        "CEC Corporate Policy Committee",
        "CWaC Cabinet",
    }
    appendix = Paper.objects.get(confidentiality="exempt")
    assert appendix.exempt_paragraph == 5
    output = capsys.readouterr().out
    for email in (
        "pmo@gemini.test",
        "hr@gemini.test",
        "hr-cwac@gemini.test",
        "finance@gemini.test",
        "tech@gemini.test",
        "member@gemini.test",
        "union@gemini.test",
        "lead@gemini.test",
    ):
        assert email in output
        assert User.objects.get(email=email).check_password("demo-password-for-tests")


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing():
    call_command("demo")
    before = _counts()
    call_command("demo")
    assert _counts() == before


@pytest.mark.django_db(transaction=True)  # flush runs outside a transaction, as by hand
def test_reset_starts_clean():
    call_command("demo")
    Organisation.objects.create(code="XTRA", name="Extra", kind="council")

    call_command("demo", "--reset")

    assert not Organisation.objects.filter(code="XTRA").exists()
    assert Organisation.objects.count() == 3


@pytest.mark.django_db
def test_the_demo_needs_a_password(monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.delenv("GEMINI_DEMO_PASSWORD")
    with pytest.raises(CommandError, match="Set GEMINI_DEMO_PASSWORD"):
        call_command("demo")


@pytest.mark.django_db
def test_the_demo_refuses_a_weak_password_with_a_message(monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setenv("GEMINI_DEMO_PASSWORD", "123456789012")
    with pytest.raises(CommandError, match="GEMINI_DEMO_PASSWORD is not accepted"):
        call_command("demo")
    assert not User.objects.exists()
