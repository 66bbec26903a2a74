"""The sign-in lockout counts every spelling of an email address as one account (issue 13, 1)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gemini.core.signin import axes_username, normalise_email
from gemini.testing.personas import PASSWORD

# The case that broke it: five wrong passwords for finance@gemini.test locked it, and
# FINANCE@gemini.test with the right password then signed in.
VARIANTS = [
    "FINANCE@gemini.test",
    " finance@gemini.test ",
    "Finance@Gemini.Test",
    "finance@GEMINI.TEST\t",
    "fInAnCe@gemini.test",
]


def _sign_in(client: Client, email: str, password: str) -> int:
    response = client.post(reverse("core:login"), {"username": email, "password": password})
    return int(response.status_code)


def test_it_normalises_an_email_to_one_spelling():
    assert {normalise_email(v) for v in VARIANTS} == {"finance@gemini.test"}
    assert axes_username(None, {"username": "  PMO@Gemini.test "}) == "pmo@gemini.test"


@pytest.mark.django_db
def test_it_locks_every_spelling_after_wrong_passwords_in_any_spelling(personas):
    client = Client()
    # Five wrong passwords, each in a different spelling: the fifth reaches the limit.
    answers = [_sign_in(client, email, "wrong") for email in VARIANTS]
    assert answers == [200, 200, 200, 200, 429]

    for email in ["finance@gemini.test", *VARIANTS]:
        assert _sign_in(client, email, PASSWORD) == 429, email


@pytest.mark.django_db
def test_it_locks_variants_when_the_real_spelling_failed(personas):
    client = Client()
    for _ in range(5):
        _sign_in(client, "finance@gemini.test", "wrong")

    for email in VARIANTS:
        assert _sign_in(client, email, PASSWORD) == 429, email


@pytest.mark.django_db
def test_it_never_clears_the_lock_with_a_success_in_another_spelling(personas):
    client = Client()
    for _ in range(5):
        _sign_in(client, "finance@gemini.test", "wrong")

    assert _sign_in(Client(), "FINANCE@gemini.test", PASSWORD) == 429
    assert _sign_in(Client(), " Finance@gemini.test", PASSWORD) == 429
    assert _sign_in(client, "finance@gemini.test", PASSWORD) == 429  # still locked


@pytest.mark.django_db
def test_it_signs_in_with_any_spelling_when_not_locked(personas):
    assert _sign_in(Client(), " FINANCE@Gemini.test ", PASSWORD) == 302
    assert _sign_in(Client(), "hr@gemini.test", PASSWORD) == 302
