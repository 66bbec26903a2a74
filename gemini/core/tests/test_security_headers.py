"""Security headers on every page (docs/configuration.md)."""

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
