"""Single sign-on with OpenID Connect (mozilla-django-oidc), for Microsoft Entra ID.

Off unless GEMINI_OIDC_ENABLED (docs/configuration.md). When on, the sign-in page offers "Sign in
with Microsoft": the authorisation-code flow with PKCE, a nonce and a state, then the ID token's
RS256 signature is checked against the provider's published keys (JWKS), and so are its issuer,
audience (our client ID), expiry and — for Entra ID — the tenant (`tid`, one of those allowed,
matching the issuer).

The person is matched, ignoring case, to an existing Gemini account by the token's email address
(`email`, else `preferred_username`, else `upn`). Gemini never creates an account or gives a role:
a person with no account, or a switched-off one, is refused with a page that says why.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from gemini.core.models import User

logger = logging.getLogger("gemini.security")

EMAIL_CLAIMS = ("email", "preferred_username", "upn")
CLOCK_SKEW_SECONDS = 60
_REFUSAL = "gemini_single_sign_on_refusal"


def email_from(claims: dict[str, Any]) -> str | None:
    """The email address in the ID token's claims, in the order Entra ID sends them."""
    for name in EMAIL_CLAIMS:
        value = claims.get(name)
        if isinstance(value, str) and "@" in value.strip():
            return value.strip().lower()
    return None


def _refuse(request: HttpRequest, reason: str, email: str | None = None) -> None:
    setattr(request, _REFUSAL, (reason, email))
    logger.warning("Single sign-on refused (%s) for %s", reason, email or "an unknown person")


class SingleSignOnBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """mozilla-django-oidc's backend, stricter: every claim checked, no account ever made."""

    request: HttpRequest

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or not settings.GEMINI_OIDC_ENABLED:
            return None
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except SuspiciousOperation as error:
            _refuse(request, "unverified")
            logger.warning("Single sign-on: %s", error)
            return None
        except requests.RequestException as error:
            _refuse(request, "unreachable")
            logger.warning("Single sign-on: the provider did not answer: %s", error)
            return None
        return user

    def get_payload_data(self, token: bytes | str, key: Any) -> dict[str, Any]:
        """The ID token's claims, once its signature, issuer, audience and times are right."""
        try:
            payload: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.GEMINI_OIDC_ISSUERS,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["iss", "aud", "sub", "exp", "iat"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"The ID token was refused: {error}.") from error
        tenants = settings.GEMINI_OIDC_TENANTS
        if tenants:
            tenant = str(payload.get("tid", "")).lower()
            if tenant not in tenants or f"/{tenant}/" not in str(payload["iss"]).lower():
                raise SuspiciousOperation("The ID token is not from an allowed Entra tenant.")
        return payload

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """The claims of the verified ID token: no second call to the provider is needed."""
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if email_from(claims) is None:
            _refuse(self.request, "no-email")
            return False
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        return User.objects.filter(email__iexact=email_from(claims))

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        user: User | None = super().get_or_create_user(access_token, id_token, payload)
        email = email_from(payload)
        if user is None:
            _refuse(self.request, "no-account", email)
            return None
        if not user.is_active:
            _refuse(self.request, "switched-off", email)
            return None
        return user

    def create_user(self, claims: dict[str, Any]) -> User:
        raise SuspiciousOperation("Gemini never creates an account at single sign-on.")

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()


_REFUSALS: dict[str, tuple[str, list[str], int]] = {
    "no-account": (
        "You do not have a Gemini account",
        [
            "You signed in to {provider} as {email}, but no one with that email address has a "
            "Gemini account.",
            "Ask the programme office to give you access. Gemini never makes an account or "
            "gives a role by itself.",
        ],
        403,
    ),
    "switched-off": (
        "Your Gemini account has been switched off",
        [
            "You signed in to {provider} as {email}, but that Gemini account has been switched "
            "off.",
            "Ask the programme office if you need access again.",
        ],
        403,
    ),
    "no-email": (
        "Your sign-in did not include an email address",
        [
            "{provider} did not tell Gemini your email address, so Gemini cannot tell which "
            "account is yours.",
            "Ask your IT service desk to check Gemini's app registration, or sign in with your "
            "email address and password.",
        ],
        403,
    ),
    "cancelled": (
        "Sign-in with {provider} did not finish",
        [
            "{provider} did not sign you in, or the sign-in was cancelled.",
            "Go back to the sign-in page and try again.",
        ],
        403,
    ),
    "unreachable": (
        "Sorry, {provider} could not be reached",
        ["Gemini could not finish your sign-in with {provider}. Try again in a few minutes."],
        503,
    ),
    "unverified": (
        "Your sign-in could not be checked",
        [
            "Gemini could not confirm your sign-in with {provider}, so it has not signed you in.",
            "Go back to the sign-in page and try again. If it keeps happening, tell the "
            "programme office.",
        ],
        403,
    ),
}


def _refusal_page(request: HttpRequest) -> HttpResponse:
    reason, email = getattr(request, _REFUSAL, ("unverified", None))
    title, paragraphs, status = _REFUSALS[reason]
    words = {"provider": settings.GEMINI_OIDC_PROVIDER_NAME, "email": email or ""}
    return render(
        request,
        "core/error.html",
        {
            "title": title.format(**words),
            "paragraphs": [paragraph.format(**words) for paragraph in paragraphs],
            "sign_in_again": True,
        },
        status=status,
    )


class _CallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    def login_failure(self) -> HttpResponse:
        return _refusal_page(self.request)

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("error"):
            _refuse(request, "cancelled")
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation as error:  # a state that this browser never asked for
            logger.warning("Single sign-on: %s", error)
            _refuse(request, "unverified")
            return _refusal_page(request)
        return response


_start = OIDCAuthenticationRequestView.as_view()
_callback = _CallbackView.as_view()


def _require_enabled() -> None:
    if not settings.GEMINI_OIDC_ENABLED:
        raise Http404("Single sign-on is not switched on.")


@login_not_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the provider's sign-in page (with state, nonce and PKCE)."""
    _require_enabled()
    response: HttpResponse = _start(request)
    return response


@login_not_required
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the browser back here with a code; sign in, or say why not."""
    _require_enabled()
    response: HttpResponse = _callback(request)
    return response
