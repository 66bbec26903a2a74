"""Security headers on pages, API answers and downloads (docs/security.md)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_with_a_script_nonce(personas, client_for):
    response = client_for(personas["pmo"]).get(reverse("core:dashboard"))

    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce, policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert f'<script nonce="{nonce.group(1)}">' in response.content.decode()


@pytest.mark.django_db
def test_pages_refuse_framing_sniffing_and_leaky_referrers():
    response = Client().get(reverse("core:login"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_with_https_on_plain_http_is_redirected_and_hsts_is_sent(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000

    assert Client().get(reverse("core:login")).status_code == 301
    secure = Client().get(reverse("core:login"), secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


def _assert_hardened(response) -> None:
    """The headers every answer carries, whatever made it."""
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def _assert_not_cached(response) -> None:
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache


@pytest.mark.django_db
def test_a_signed_in_page_is_hardened_and_never_cached(personas, client_for):
    response = client_for(personas["hr"]).get(reverse("core:dashboard"))

    assert response.status_code == 200
    _assert_hardened(response)
    _assert_not_cached(response)


@pytest.mark.django_db
def test_an_api_answer_is_hardened_and_never_cached(personas):
    from gemini.api.services import create_token

    _, token = create_token(personas["pmo"], "Headers")
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    _assert_hardened(response)
    _assert_not_cached(response)
    refused = Client().get("/api/v1/me")
    assert refused.status_code == 401
    _assert_hardened(refused)


@pytest.mark.django_db
def test_an_excel_download_is_hardened_and_never_cached(demo, personas, client_for):
    response = client_for(personas["pmo"]).get(reverse("programme:milestones"), {"export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    _assert_hardened(response)
    _assert_not_cached(response)


@pytest.mark.django_db
def test_with_https_on_the_api_and_downloads_send_hsts_too(settings, demo, personas):
    from gemini.api.services import create_token

    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    _, token = create_token(personas["pmo"], "Headers")
    client = Client()
    client.force_login(personas["pmo"])

    api = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}", secure=True)
    download = client.get(reverse("programme:milestones"), {"export": "xlsx"}, secure=True)

    for response in (api, download):
        assert response.status_code == 200
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert Client().get(reverse("core:health")).status_code == 200  # probes may use HTTP
