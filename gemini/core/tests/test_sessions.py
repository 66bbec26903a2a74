"""Sessions and passwords: cookie flags, lifetime, a new key at sign-in, sign out everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gemini.api.services import create_token
from gemini.core.models import User
from gemini.testing.personas import PASSWORD

EIGHT_HOURS = 8 * 60 * 60


def _sign_in(client: Client, email: str) -> None:
    response = client.post(reverse("core:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]


def _signed_in(client: Client) -> bool:
    return client.get(reverse("core:dashboard")).status_code == 200


@pytest.mark.django_db
def test_signing_in_gives_a_new_session_key(personas):
    client = Client()
    session = client.session
    session["visited"] = "sign-in page"
    session.save()
    before = session.session_key

    _sign_in(client, "pmo@gemini.test")

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before
    assert not Session.objects.filter(session_key=before).exists()


@pytest.mark.django_db
def test_the_session_cookie_is_http_only_same_site_and_lasts_eight_hours(personas):
    client = Client()
    client.post(reverse("core:login"), {"username": "pmo@gemini.test", "password": PASSWORD})

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == EIGHT_HOURS
    assert client.session.get_expiry_age() == EIGHT_HOURS
    assert client.cookies[settings.CSRF_COOKIE_NAME]["httponly"] is True


def test_outside_a_closed_test_set_up_cookies_go_only_over_https():
    """The suite runs with GEMINI_HTTPS off; production's value is on (the deployment check
    test, test_the_deployment_checks_pass_with_production_settings, proves it end to end)."""
    from gemini import settings as gemini_settings

    assert gemini_settings.SESSION_COOKIE_SECURE == gemini_settings.GEMINI_HTTPS
    assert gemini_settings.CSRF_COOKIE_SECURE == gemini_settings.GEMINI_HTTPS


@pytest.mark.django_db
def test_a_session_older_than_its_lifetime_is_signed_out(personas):
    client = Client()
    _sign_in(client, "pmo@gemini.test")

    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    assert not _signed_in(client)


@pytest.mark.django_db
def test_signing_out_everywhere_ends_every_session_of_that_person_only(personas):
    laptop, phone, colleague = Client(), Client(), Client()
    _sign_in(laptop, "pmo@gemini.test")
    _sign_in(phone, "pmo@gemini.test")
    _sign_in(colleague, "hr@gemini.test")
    assert _signed_in(phone)

    response = laptop.post(reverse("core:sign_out_everywhere"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("core:login")
    assert "signed out of Gemini on every browser and device" in response.content.decode()
    assert not _signed_in(laptop)
    assert not _signed_in(phone)
    assert phone.get("/api/v1/me").status_code == 401  # the API's session sign-in too
    assert _signed_in(colleague)
    _sign_in(phone, "pmo@gemini.test")  # signing in again works at once
    assert _signed_in(phone)


@pytest.mark.django_db
def test_signing_out_everywhere_is_recorded_and_leaves_api_tokens_alone(personas):
    _, token = create_token(personas["pmo"], "Power BI")
    client = Client()
    _sign_in(client, "pmo@gemini.test")

    client.post(reverse("core:sign_out_everywhere"))

    pmo = User.objects.get(email="pmo@gemini.test")
    assert pmo.sessions_ended_at is not None
    assert pmo.history.first().sessions_ended_at == pmo.sessions_ended_at
    api = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200


@pytest.mark.django_db
def test_signing_out_everywhere_needs_a_post_with_the_security_token(personas):
    client = Client(enforce_csrf_checks=True)
    _sign_in_with_token(client)

    assert client.get(reverse("core:sign_out_everywhere")).status_code == 405
    assert client.post(reverse("core:sign_out_everywhere")).status_code == 403
    assert _signed_in(client)


def _sign_in_with_token(client: Client) -> None:
    client.get(reverse("core:login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("core:login"),
        {"username": "pmo@gemini.test", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_account_page_shows_the_persons_own_roles_and_the_sign_out_everywhere_button(
    personas, client_for
):
    page = client_for(personas["hr_cwac"]).get(reverse("core:account")).content.decode()

    assert "hr-cwac@gemini.test" in page
    assert "HR at CWAC" in page
    assert "pmo@gemini.test" not in page
    assert "Sign out everywhere" in page
    assert reverse("api_tokens:list") in page


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Short1!", "password_too_short"),
        ("password1234", "password_too_common"),
        ("739201846573920", "password_entirely_numeric"),
        ("pmo@gemini.test", "password_too_similar"),
    ],
)
@pytest.mark.django_db
def test_a_weak_password_is_refused_by_every_rule(personas, password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, personas["pmo"])

    assert code in {error.code for error in refused.value.error_list}


@pytest.mark.django_db
def test_a_long_uncommon_password_is_accepted(personas):
    validate_password("correct horse battery staple Crewe", personas["pmo"])


def test_a_persons_history_never_holds_their_password_hash():
    recorded = {field.name for field in User.history.model._meta.get_fields()}

    assert "password" not in recorded
    assert {"email", "is_active", "is_staff", "sessions_ended_at"} <= recorded
