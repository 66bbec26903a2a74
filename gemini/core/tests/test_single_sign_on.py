"""Single sign-on with OpenID Connect, against a stub Microsoft Entra ID in this process.

The stub answers the token and key (JWKS) endpoints through `responses` (no network), with an
ID token signed RS256 by a key made here. Each test switches single sign-on on with the same
environment variables, read by the same helper, as a real deployment.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from jwt.algorithms import RSAAlgorithm

from gemini import settings as gemini_settings
from gemini.core.models import Membership, User

TENANT = "3f0b6a2c-8d4e-4b1a-9c7f-2e5d6a7b8c9d"
SECOND_TENANT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"  # the other council's
OTHER_TENANT = "11111111-2222-3333-4444-555555555555"
CLIENT_ID = "6e1b7c2a-0000-4000-8000-00000000c11d"
ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"
AUTHORIZE_URL = f"https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/authorize"
TOKEN_URL = f"https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/token"
JWKS_URL = f"https://login.microsoftonline.com/{TENANT}/discovery/v2.0/keys"
SHARED = "https://login.microsoftonline.com/organizations"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
IMPOSTOR_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "stub-key-1"


def _jwks() -> dict[str, Any]:
    jwk = RSAAlgorithm.to_jwk(KEY.public_key(), as_dict=True)
    return {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]}


def _switch_on(settings, monkeypatch, tenants: str) -> None:
    """Single sign-on on, configured through the environment as a deployment would be."""
    monkeypatch.setenv("GEMINI_OIDC_TENANT_ID", tenants)
    monkeypatch.setenv("GEMINI_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("GEMINI_OIDC_CLIENT_SECRET", "stub-client-secret")
    for name, value in gemini_settings.env_single_sign_on(enabled=True).items():
        setattr(settings, name, value)
    settings.GEMINI_OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "gemini.core.single_sign_on.SingleSignOnBackend",
    ]


@pytest.fixture
def entra(settings, monkeypatch):
    """One council's Entra tenant."""
    _switch_on(settings, monkeypatch, TENANT)


@pytest.fixture
def two_councils(settings, monkeypatch):
    """Both councils' tenants, through a multi-tenant app registration."""
    _switch_on(settings, monkeypatch, f"{TENANT}, {SECOND_TENANT}")


def _begin(client: Client, authorize_url: str = AUTHORIZE_URL) -> dict[str, str]:
    """Press "Sign in with Microsoft"; return the parameters sent to the provider."""
    response = client.get(reverse("core:oidc_start"))
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == authorize_url
    return {name: values[0] for name, values in parse_qs(location.query).items()}


def _claims(nonce: str, /, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": CLIENT_ID,
        "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
        "tid": TENANT,
        "email": "PMO@Gemini.test",
        "name": "Programme Manager",
        "nonce": nonce,
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
    }
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


def _finish(
    client: Client,
    state: str,
    claims: dict[str, Any],
    key: Any = KEY,
    token_status: int = 200,
    base: str = f"https://login.microsoftonline.com/{TENANT}",
) -> tuple[Any, list[Any]]:
    """The provider sends the browser back with a code; the stub answers Gemini's calls."""
    id_token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})
    with responses.RequestsMock(assert_all_requests_are_fired=False) as stub:
        stub.post(
            f"{base}/oauth2/v2.0/token",
            status=token_status,
            json={"id_token": id_token, "access_token": "stub-access", "token_type": "Bearer"},
        )
        stub.get(f"{base}/discovery/v2.0/keys", json=_jwks())
        response = client.get(reverse("core:oidc_callback"), {"code": "stub-code", "state": state})
        calls = list(stub.calls)
    return response, calls


def _signed_in_as(client: Client) -> str | None:
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id).email if user_id else None


@pytest.mark.django_db
def test_it_is_off_by_default(personas):
    from django.conf import settings

    assert settings.GEMINI_OIDC_ENABLED is False
    assert not any("single_sign_on" in backend for backend in settings.AUTHENTICATION_BACKENDS)
    client = Client()
    assert "Sign in with" not in client.get(reverse("core:login")).content.decode()
    assert client.get(reverse("core:oidc_start")).status_code == 404
    assert client.get(reverse("core:oidc_callback"), {"code": "c", "state": "s"}).status_code == 404


@pytest.mark.django_db
def test_when_on_the_sign_in_page_offers_sign_in_with_microsoft(entra, personas):
    page = Client().get(reverse("core:login")).content.decode()

    assert "Sign in with Microsoft" in page
    assert f'href="{reverse("core:oidc_start")}"' in page


@pytest.mark.django_db
def test_the_browser_is_sent_to_the_tenant_with_state_nonce_and_pkce(entra, personas):
    params = _begin(Client())

    assert params["client_id"] == CLIENT_ID
    assert params["response_type"] == "code"
    assert set(params["scope"].split()) >= {"openid", "email"}
    assert params["redirect_uri"] == "http://testserver/sign-in/oidc/callback/"
    assert params["code_challenge_method"] == "S256"
    assert len(params["state"]) >= 32
    assert len(params["nonce"]) >= 32


@pytest.mark.django_db
def test_a_person_with_an_account_is_signed_in_matched_by_email_ignoring_case(entra, personas):
    client = Client()
    session = client.session
    session["before"] = "sign-in"
    session.save()
    key_before = session.session_key
    params = _begin(client)

    response, calls = _finish(client, params["state"], _claims(params["nonce"]))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    assert _signed_in_as(client) == "pmo@gemini.test"
    assert client.session.session_key != key_before  # a new session key at sign-in
    token_request = parse_qs(calls[0].request.body)
    assert token_request["code"] == ["stub-code"]
    assert token_request["client_secret"] == ["stub-client-secret"]
    assert len(token_request["code_verifier"][0]) >= 43
    assert client.get(reverse("core:dashboard")).status_code == 200


@pytest.mark.django_db
def test_the_upn_is_used_when_the_tenant_sends_no_email(entra, personas):
    client = Client()
    params = _begin(client)

    claims = _claims(params["nonce"], email=None, preferred_username="hr@gemini.test")
    response, _ = _finish(client, params["state"], claims)

    assert response.status_code == 302
    assert _signed_in_as(client) == "hr@gemini.test"


@pytest.mark.django_db
def test_a_person_with_no_account_is_refused_and_nothing_is_created(entra, personas):
    users, memberships = User.objects.count(), Membership.objects.count()
    client = Client()
    params = _begin(client)

    claims = _claims(params["nonce"], email="newcomer@cheshireeast.gov.uk")
    response, _ = _finish(client, params["state"], claims)

    assert response.status_code == 403
    page = response.content.decode()
    assert "You do not have a Gemini account" in page
    assert "newcomer@cheshireeast.gov.uk" in page
    assert "Ask the programme office" in page
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)
    assert _signed_in_as(client) is None


@pytest.mark.django_db
def test_a_switched_off_account_is_refused(entra, personas):
    User.objects.filter(email="hr@gemini.test").update(is_active=False)
    client = Client()
    params = _begin(client)

    response, _ = _finish(client, params["state"], _claims(params["nonce"], email="hr@gemini.test"))

    assert response.status_code == 403
    assert "switched off" in response.content.decode()
    assert _signed_in_as(client) is None


@pytest.mark.django_db
def test_a_token_without_an_email_address_is_refused(entra, personas):
    client = Client()
    params = _begin(client)

    response, _ = _finish(client, params["state"], _claims(params["nonce"], email=None))

    assert response.status_code == 403
    assert "did not include an email address" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "signing_key"),
    [
        pytest.param({"aud": "someone-elses-app"}, KEY, id="another-audience"),
        pytest.param({"iss": "https://login.example.test/v2.0"}, KEY, id="another-issuer"),
        pytest.param({"tid": OTHER_TENANT}, KEY, id="another-tenant"),
        pytest.param({"exp": int(time.time()) - 3600}, KEY, id="expired"),
        pytest.param({"nonce": "not-the-nonce-we-sent"}, KEY, id="another-nonce"),
        pytest.param({"sub": None}, KEY, id="no-subject"),
        pytest.param({}, IMPOSTOR_KEY, id="signed-by-another-key"),
    ],
)
@pytest.mark.django_db
def test_a_token_that_fails_any_check_signs_no_one_in(entra, personas, change, signing_key):
    client = Client()
    params = _begin(client)

    claims = _claims(params["nonce"], **change)
    response, _ = _finish(client, params["state"], claims, key=signing_key)

    assert response.status_code == 403
    assert "Your sign-in could not be checked" in response.content.decode()
    assert _signed_in_as(client) is None


@pytest.mark.django_db
def test_a_state_this_browser_never_asked_for_is_refused(entra, personas):
    client = Client()
    params = _begin(client)

    response, calls = _finish(Client(), params["state"], _claims(params["nonce"]))
    assert response.status_code == 403
    assert calls == []  # no code was exchanged for a token

    _begin(client)
    response, calls = _finish(client, "a-state-never-issued", _claims(params["nonce"]))
    assert response.status_code == 403
    assert "could not be checked" in response.content.decode()
    assert calls == []


@pytest.mark.django_db
def test_a_state_works_once(entra, personas):
    client = Client()
    params = _begin(client)
    _finish(client, params["state"], _claims(params["nonce"]))
    client.post(reverse("core:logout"))

    response, _ = _finish(client, params["state"], _claims(params["nonce"]))

    assert response.status_code == 403
    assert _signed_in_as(client) is None


@pytest.mark.django_db
def test_a_cancelled_sign_in_says_so(entra, personas):
    client = Client()
    params = _begin(client)

    response = client.get(
        reverse("core:oidc_callback"),
        {"error": "access_denied", "error_description": "cancelled", "state": params["state"]},
    )

    assert response.status_code == 403
    assert "Sign-in with Microsoft did not finish" in response.content.decode()


@pytest.mark.django_db
def test_a_provider_that_fails_is_explained_not_a_crash(entra, personas):
    client = Client()
    params = _begin(client)

    response, _ = _finish(client, params["state"], _claims(params["nonce"]), token_status=500)

    assert response.status_code == 503
    assert "Microsoft could not be reached" in response.content.decode()


@pytest.mark.django_db
def test_password_sign_in_still_works_when_single_sign_on_is_on(entra, personas):
    from gemini.testing.personas import PASSWORD

    client = Client()
    response = client.post(
        reverse("core:login"), {"username": "member@gemini.test", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert _signed_in_as(client) == "member@gemini.test"


@pytest.mark.django_db
def test_with_both_councils_a_person_from_either_tenant_signs_in(two_councils, personas):
    client = Client()
    params = _begin(client, f"{SHARED}/oauth2/v2.0/authorize")

    claims = _claims(
        params["nonce"],
        iss=f"https://login.microsoftonline.com/{SECOND_TENANT}/v2.0",
        tid=SECOND_TENANT,
        email="hr-cwac@gemini.test",
    )
    response, _ = _finish(client, params["state"], claims, base=SHARED)

    assert response.status_code == 302
    assert _signed_in_as(client) == "hr-cwac@gemini.test"


@pytest.mark.parametrize(
    ("issuer_tenant", "tid"),
    [
        pytest.param(OTHER_TENANT, OTHER_TENANT, id="a-third-tenant"),
        pytest.param(TENANT, SECOND_TENANT, id="issuer-and-tenant-disagree"),
    ],
)
@pytest.mark.django_db
def test_with_both_councils_no_other_tenant_gets_in(two_councils, personas, issuer_tenant, tid):
    client = Client()
    params = _begin(client, f"{SHARED}/oauth2/v2.0/authorize")

    claims = _claims(
        params["nonce"], iss=f"https://login.microsoftonline.com/{issuer_tenant}/v2.0", tid=tid
    )
    response, _ = _finish(client, params["state"], claims, base=SHARED)

    assert response.status_code == 403
    assert _signed_in_as(client) is None


# ---------------------------------------------------------------- the settings


def test_entra_endpoints_come_from_the_tenant(monkeypatch):
    monkeypatch.setenv("GEMINI_OIDC_TENANT_ID", TENANT.upper())
    monkeypatch.setenv("GEMINI_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("GEMINI_OIDC_CLIENT_SECRET", "secret")

    values = gemini_settings.env_single_sign_on(enabled=True)

    assert values["GEMINI_OIDC_ISSUERS"] == [ISSUER]
    assert values["GEMINI_OIDC_TENANTS"] == [TENANT]
    assert values["OIDC_OP_AUTHORIZATION_ENDPOINT"] == AUTHORIZE_URL
    assert values["OIDC_OP_TOKEN_ENDPOINT"] == TOKEN_URL
    assert values["OIDC_OP_JWKS_ENDPOINT"] == JWKS_URL
    assert values["OIDC_RP_CLIENT_ID"] == CLIENT_ID


def test_another_provider_can_be_given_by_its_endpoints(monkeypatch):
    for name in ("ISSUER", "AUTHORIZATION_ENDPOINT", "TOKEN_ENDPOINT", "JWKS_ENDPOINT"):
        monkeypatch.setenv(f"GEMINI_OIDC_{name}", f"https://id.example.org/{name.lower()}")
    monkeypatch.setenv("GEMINI_OIDC_CLIENT_ID", "gemini")
    monkeypatch.setenv("GEMINI_OIDC_CLIENT_SECRET", "secret")

    values = gemini_settings.env_single_sign_on(enabled=True)

    assert values["GEMINI_OIDC_TENANTS"] == []
    assert values["GEMINI_OIDC_ISSUERS"] == ["https://id.example.org/issuer"]
    assert values["OIDC_OP_TOKEN_ENDPOINT"] == "https://id.example.org/token_endpoint"


def test_two_councils_tenants_use_the_shared_endpoints_and_accept_only_their_issuers(
    monkeypatch,
):
    monkeypatch.setenv("GEMINI_OIDC_TENANT_ID", f"{TENANT},{SECOND_TENANT}")
    monkeypatch.setenv("GEMINI_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("GEMINI_OIDC_CLIENT_SECRET", "secret")

    values = gemini_settings.env_single_sign_on(enabled=True)

    assert values["GEMINI_OIDC_TENANTS"] == [TENANT, SECOND_TENANT]
    assert values["GEMINI_OIDC_ISSUERS"] == [
        ISSUER,
        f"https://login.microsoftonline.com/{SECOND_TENANT}/v2.0",
    ]
    assert values["OIDC_OP_AUTHORIZATION_ENDPOINT"] == f"{SHARED}/oauth2/v2.0/authorize"
    assert values["OIDC_OP_JWKS_ENDPOINT"] == f"{SHARED}/discovery/v2.0/keys"


@pytest.mark.parametrize(
    "tenant", ["common", "organizations", "consumers", "contoso", f"{TENANT},common"]
)
def test_a_shared_or_misspelt_tenant_is_refused(monkeypatch, tenant):
    monkeypatch.setenv("GEMINI_OIDC_TENANT_ID", tenant)

    with pytest.raises(ImproperlyConfigured, match="must be your Microsoft Entra directory"):
        gemini_settings.env_single_sign_on(enabled=True)


def test_a_missing_client_secret_stops_the_start_naming_it(monkeypatch):
    monkeypatch.setenv("GEMINI_OIDC_TENANT_ID", TENANT)
    monkeypatch.setenv("GEMINI_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.delenv("GEMINI_OIDC_CLIENT_SECRET", raising=False)

    with pytest.raises(ImproperlyConfigured, match="GEMINI_OIDC_CLIENT_SECRET is not set"):
        gemini_settings.env_single_sign_on(enabled=True)


def test_a_plain_http_endpoint_is_refused(monkeypatch):
    monkeypatch.setenv("GEMINI_OIDC_TENANT_ID", TENANT)
    monkeypatch.setenv("GEMINI_OIDC_TOKEN_ENDPOINT", "http://login.example.org/token")

    with pytest.raises(ImproperlyConfigured, match="must be an https:// address"):
        gemini_settings.env_single_sign_on(enabled=True)


def test_nothing_is_read_when_it_is_off(monkeypatch):
    monkeypatch.setenv("GEMINI_OIDC_TENANT_ID", "common")

    assert gemini_settings.env_single_sign_on(enabled=False) == {}
