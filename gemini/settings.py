"""Gemini's one settings file, read from the environment.

Every variable is listed in docs/configuration.md. The helpers below reject a bad value loudly
at start-up (ImproperlyConfigured, which the `gemini` command prints as one sentence) rather
than let the service run half-configured.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no variable: True/False, 1/0, yes/no, on/off (any case). Anything else fails."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, not {raw!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list; blank items are dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """Read a whole number; anything else fails."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_fraction(name: str, default: float) -> float:
    """Read a fraction from 0 to 1 (0.1 is 10%); anything else fails."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = float(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number from 0 to 1, not {raw!r}.") from None
    if not 0 <= value <= 1:
        raise ImproperlyConfigured(f"{name} must be a number from 0 to 1, not {raw!r}.")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """Read one of a fixed set of words (any case); anything else fails."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().upper()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}.")
    return value


def env_date(name: str, default: dt.date) -> dt.date:
    """Read a date written YYYY-MM-DD; anything else fails."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a date written YYYY-MM-DD, not {raw!r}."
        ) from None


def env_secret_key(debug: bool) -> str:
    """SECRET_KEY is required outside debug, and must be long enough to be a secret."""
    value = os.environ.get("SECRET_KEY", "")
    if value:
        if not debug and len(value) < 50:
            raise ImproperlyConfigured(
                "SECRET_KEY must be at least 50 characters long (what Django's deployment "
                "checks ask for)."
            )
        return value
    if debug:
        return "django-insecure-gemini-development-only-never-use-in-production"
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it to a long random value, or set GEMINI_DEBUG=True "
        "for local development."
    )


def env_https_url(name: str, default: str | None = None) -> str | None:
    """Read an https:// address (an empty value counts as not set); anything else fails."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"https://[^\s/?#]+(/\S*)?", raw):
        raise ImproperlyConfigured(f"{name} must be an https:// address, not {raw!r}.")
    return raw


_TENANT_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ENTRA = "https://login.microsoftonline.com"


def env_single_sign_on(enabled: bool) -> dict[str, Any]:
    """The OpenID Connect settings for mozilla-django-oidc, read when single sign-on is on.

    For Microsoft Entra ID, GEMINI_OIDC_TENANT_ID (the directory's GUID) gives the issuer and
    every endpoint. Several tenants, separated by commas (each council has its own), use the
    "organizations" endpoints of a multi-tenant app registration, and only those tenants'
    tokens are accepted. Any address may also be given on its own (another provider, or a
    national cloud). The client ID and secret are always needed. Anything missing or malformed
    stops the start with one sentence; with single sign-on off nothing is read.
    """
    if not enabled:
        return {}
    tenants = [t.lower() for t in env_list("GEMINI_OIDC_TENANT_ID", [])]
    for tenant in tenants:
        if not _TENANT_ID.fullmatch(tenant):
            raise ImproperlyConfigured(
                "GEMINI_OIDC_TENANT_ID must be your Microsoft Entra directory (tenant) ID, a "
                "GUID such as 00000000-0000-0000-0000-000000000000 (several separated by "
                f"commas), not {tenant!r}: a shared endpoint such as 'common' or "
                "'organizations' would let in accounts from any organisation."
            )
    base = f"{_ENTRA}/{tenants[0] if len(tenants) == 1 else 'organizations'}"
    derived = (
        {
            "GEMINI_OIDC_AUTHORIZATION_ENDPOINT": f"{base}/oauth2/v2.0/authorize",
            "GEMINI_OIDC_TOKEN_ENDPOINT": f"{base}/oauth2/v2.0/token",
            "GEMINI_OIDC_JWKS_ENDPOINT": f"{base}/discovery/v2.0/keys",
        }
        if tenants
        else {}
    )
    urls = {
        name: env_https_url(name, derived.get(name))
        for name in (
            "GEMINI_OIDC_AUTHORIZATION_ENDPOINT",
            "GEMINI_OIDC_TOKEN_ENDPOINT",
            "GEMINI_OIDC_JWKS_ENDPOINT",
        )
    }
    issuer = env_https_url("GEMINI_OIDC_ISSUER")
    issuers = [issuer] if issuer else [f"{_ENTRA}/{tenant}/v2.0" for tenant in tenants]
    secrets = {
        name: os.environ.get(name, "").strip()
        for name in ("GEMINI_OIDC_CLIENT_ID", "GEMINI_OIDC_CLIENT_SECRET")
    }
    given = {**urls, "GEMINI_OIDC_ISSUER": issuers[0] if issuers else None, **secrets}
    missing = [name for name, value in given.items() if not value]
    if missing:
        raise ImproperlyConfigured(
            f"GEMINI_OIDC_ENABLED is on, but {', '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not set. Set GEMINI_OIDC_TENANT_ID, "
            "GEMINI_OIDC_CLIENT_ID and GEMINI_OIDC_CLIENT_SECRET for Microsoft Entra ID."
        )
    return {
        "GEMINI_OIDC_ISSUERS": issuers,
        "GEMINI_OIDC_TENANTS": tenants,
        "OIDC_RP_CLIENT_ID": secrets["GEMINI_OIDC_CLIENT_ID"],
        "OIDC_RP_CLIENT_SECRET": secrets["GEMINI_OIDC_CLIENT_SECRET"],
        "OIDC_OP_AUTHORIZATION_ENDPOINT": urls["GEMINI_OIDC_AUTHORIZATION_ENDPOINT"],
        "OIDC_OP_TOKEN_ENDPOINT": urls["GEMINI_OIDC_TOKEN_ENDPOINT"],
        "OIDC_OP_JWKS_ENDPOINT": urls["GEMINI_OIDC_JWKS_ENDPOINT"],
        # Not called: the claims come from the signed ID token (gemini.core.single_sign_on).
        "OIDC_OP_USER_ENDPOINT": "",
    }


_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")


def env_database(default: str, sqlite_busy_timeout: int) -> dict[str, Any]:
    """Parse DATABASE_URL (SQLite or PostgreSQL); a malformed or unsupported URL fails clearly.

    SQLite is opened for several people at once (issue 13, item 2): write-ahead logging, so that
    readers never wait for a writer and a writer never waits for readers; every transaction
    takes the write lock when it begins (`BEGIN IMMEDIATE`), so that two transactions that
    read and then write wait their turn instead of failing at once; and a writer waits up to
    `sqlite_busy_timeout` seconds for the lock. A lock still held after that answers 503
    (gemini.core.middleware.DatabaseBusyMiddleware).
    """
    url = os.environ.get("DATABASE_URL", default).strip()
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in _DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL {url!r} is not a SQLite or PostgreSQL URL; use "
            "sqlite:///path/to/file.sqlite3 or postgres://user:password@host:port/name."
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL {url!r} cannot be read: {str(error).rstrip('.')}."
        ) from error
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL {url!r} names no database.")
    if scheme == "sqlite":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            **config.get("OPTIONS", {}),
            "timeout": sqlite_busy_timeout,
            "transaction_mode": "IMMEDIATE",
            "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"),
        }
        if config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    return config


DEBUG = env_bool("GEMINI_DEBUG")
SECRET_KEY = env_secret_key(DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Seconds a SQLite writer waits for another's write to finish before the request answers 503
# "try again" (docs/operations.md: more than one writer at a time wants PostgreSQL).
GEMINI_SQLITE_BUSY_TIMEOUT = env_int("GEMINI_SQLITE_BUSY_TIMEOUT", 20)
if GEMINI_SQLITE_BUSY_TIMEOUT < 0:
    raise ImproperlyConfigured("GEMINI_SQLITE_BUSY_TIMEOUT cannot be negative.")
# Seconds `gemini backup` and `gemini restore` wait for a database lock before giving up with
# one sentence (issue 13, item 6); --lock-timeout overrides it for one run.
GEMINI_BACKUP_LOCK_TIMEOUT = env_int("GEMINI_BACKUP_LOCK_TIMEOUT", 60)
if GEMINI_BACKUP_LOCK_TIMEOUT < 1:
    raise ImproperlyConfigured("GEMINI_BACKUP_LOCK_TIMEOUT must be at least 1 second.")
DATABASES = {
    "default": env_database(
        f"sqlite:///{BASE_DIR / 'var' / 'gemini.sqlite3'}", GEMINI_SQLITE_BUSY_TIMEOUT
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# GEMINI_DEMO_PASSWORD, the password `gemini demo` gives the demo users, is read by that
# command only, so that a server never holds it.
GEMINI_SERVICE_NAME = os.environ.get("GEMINI_SERVICE_NAME", "Gemini")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "gemini.core",
    "gemini.programme",
    "gemini.workforce",
    "gemini.finance",
    "gemini.migration",
    "gemini.hosting",
    "gemini.reports",
    "gemini.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gemini.core.middleware.SecurityHeadersMiddleware",
    "gemini.core.middleware.DatabaseBusyMiddleware",  # a lock beyond the busy timeout: 503
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "gemini.core.middleware.RequestSizeMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

# Sign-in throttling (django-axes): after GEMINI_LOGIN_FAILURE_LIMIT failed attempts for one
# email address from one IP address, sign-in is refused for GEMINI_LOGIN_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("GEMINI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("GEMINI_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form field that holds the email address
# Every spelling of an email shares one lockout: trimmed and lower-cased (gemini.core.signin).
AXES_USERNAME_CALLABLE = "gemini.core.signin.axes_username"
AXES_LOCKOUT_CALLABLE = "gemini.core.views.locked_out"
AXES_VERBOSE = False

# Single sign-on with OpenID Connect (mozilla-django-oidc), off unless GEMINI_OIDC_ENABLED:
# "Sign in with Microsoft" on the sign-in page. A person is matched by email address to an
# account that already exists; no account or role is ever created (docs/security.md).
GEMINI_OIDC_ENABLED = env_bool("GEMINI_OIDC_ENABLED")
GEMINI_OIDC_PROVIDER_NAME = os.environ.get("GEMINI_OIDC_PROVIDER_NAME", "").strip() or "Microsoft"
GEMINI_OIDC_ISSUERS: list[str] = []  # these two and OIDC_RP_*, OIDC_OP_*: env_single_sign_on
GEMINI_OIDC_TENANTS: list[str] = []
globals().update(env_single_sign_on(GEMINI_OIDC_ENABLED))
if GEMINI_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("gemini.core.single_sign_on.SingleSignOnBackend")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10  # seconds to wait for the provider's token and key endpoints
OIDC_AUTHENTICATION_CALLBACK_URL = "core:oidc_callback"

ROOT_URLCONF = "gemini.urls"
WSGI_APPLICATION = "gemini.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:login"

TEMPLATES = [
    {
        # Pages: Jinja2 with the GOV.UK macros (docs/adr/0001-jinja2-for-pages.md).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "gemini.templating.environment",
            "autoescape": True,
        },
    },
    {
        # The Django admin only.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "gemini" / "static"]
# WhiteNoise serves the built styles straight from the app folders too, so a server started
# without `gemini collectstatic` still has them.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CSRF_FAILURE_VIEW = "gemini.core.views.csrf_failure"
# HTTPS: on by default outside debug. Behind a proxy that ends TLS, set GEMINI_BEHIND_PROXY so
# that Django trusts its X-Forwarded-Proto header.
GEMINI_HTTPS = env_bool("GEMINI_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = GEMINI_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]  # a load balancer may probe over plain HTTP
SECURE_HSTS_SECONDS = env_int("GEMINI_HSTS_SECONDS", 31_536_000) if GEMINI_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = GEMINI_HTTPS
if env_bool("GEMINI_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Submitting a domain to the browsers' HSTS preload list is the domain owner's decision, not
# the application's: the deployment check that asks for it is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Content Security Policy (django-csp): scripts only from Gemini itself or carrying the page's
# nonce; nothing may frame Gemini. Styles allow inline attributes because the charts are inline
# SVG drawn by matplotlib, which styles its shapes with style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}
# Sessions: a signed-in session lasts 8 hours from sign-in, in a cookie that scripts cannot
# read, sent only over HTTPS (outside a closed test set-up) and not on cross-site requests.
# Django gives a new session key at every sign-in; "Sign out everywhere" on the account page
# ends every session a person has (gemini.core.models.User.get_session_auth_hash).
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = GEMINI_HTTPS
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = GEMINI_HTTPS
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features Gemini never uses are switched off for its pages and anything they load
# (gemini.core.middleware.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

# Finance: a budget line's variance is Amber when adverse by up to this percentage of its
# budget and Red beyond it (no published source gives a threshold: docs/finance.md).
GEMINI_FINANCE_AMBER_PERCENT = env_int("GEMINI_FINANCE_AMBER_PERCENT", 5)

# An RVTools import that would mark more than this share of the estate disappeared is refused
# unless confirmed (docs/hosting.md).
GEMINI_HOSTING_MAX_DISAPPEAR_SHARE = env_fraction("GEMINI_HOSTING_MAX_DISAPPEAR_SHARE", 0.10)

# Cloud prices and sizing (docs/hosting.md "Pricing" and "Sizing"). The organisations (codes)
# whose VMs use Azure Hybrid Benefit for Windows Server: the others pay the licence by the hour.
GEMINI_HOSTING_HYBRID_BENEFIT = env_list("GEMINI_HOSTING_HYBRID_BENEFIT", [])
# The commitment the costs use: pay as you go, a 1- or 3-year reserved instance or savings plan.
GEMINI_HOSTING_COMMITMENT = env_choice(
    "GEMINI_HOSTING_COMMITMENT",
    "PAYG",
    (
        "PAYG",
        "RESERVED_1_YEAR",
        "RESERVED_3_YEARS",
        "SAVINGS_PLAN_1_YEAR",
        "SAVINGS_PLAN_3_YEARS",
    ),
)
# The managed-disk tier each disk is priced in, and whether disks are sized from provisioned
# storage or from storage in use.
GEMINI_HOSTING_DISK_TIER = env_choice(
    "GEMINI_HOSTING_DISK_TIER", "STANDARD_SSD", ("STANDARD_HDD", "STANDARD_SSD", "PREMIUM_SSD")
)
GEMINI_HOSTING_DISK_SIZING = env_choice(
    "GEMINI_HOSTING_DISK_SIZING", "PROVISIONED", ("PROVISIONED", "IN_USE")
)
# B-series (burstable) sizes are offered only when allowed.
GEMINI_HOSTING_ALLOW_BURSTABLE = env_bool("GEMINI_HOSTING_ALLOW_BURSTABLE", False)
# Size on the usage RVTools records (one reading when the export was made) when no
# performance data has been imported for a VM.
GEMINI_HOSTING_USE_RVTOOLS_USAGE = env_bool("GEMINI_HOSTING_USE_RVTOOLS_USAGE", True)

# The data-centre exit date: the default deadline of every wave plan, and the date support and
# readiness look ahead to (docs/hosting.md; the seed report: "by 2027").
GEMINI_HOSTING_EXIT_DATE = env_date("GEMINI_HOSTING_EXIT_DATE", dt.date(2027, 3, 31))

# Uploads for the importer: files up to this many bytes are accepted.
GEMINI_IMPORT_MAX_BYTES = env_int("GEMINI_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
if GEMINI_IMPORT_MAX_BYTES < 1024:
    raise ImproperlyConfigured("GEMINI_IMPORT_MAX_BYTES must be at least 1024 (one kilobyte).")

# ---- Imports and background tasks (docs/formats.md, docs/operations.md) ----
# The most rows one imported file may have, blank ones included; a larger file is refused in
# plain words before it is checked (issue 16: a large tenant's permissions export is above
# 300,000 rows).
GEMINI_IMPORT_MAX_ROWS = env_int("GEMINI_IMPORT_MAX_ROWS", 1_000_000)
if GEMINI_IMPORT_MAX_ROWS < 1:
    raise ImproperlyConfigured("GEMINI_IMPORT_MAX_ROWS must be at least 1.")

# The most rows the upload page takes from one file: a larger file is refused with the
# `gemini import` command that imports it (issue 13, item 4). The upload page imports in the
# background (issue 16, item 5), so by default it takes as many rows as the command.
# At most GEMINI_IMPORT_MAX_ROWS.
GEMINI_WEB_IMPORT_MAX_ROWS = env_int("GEMINI_WEB_IMPORT_MAX_ROWS", GEMINI_IMPORT_MAX_ROWS)
if not 1 <= GEMINI_WEB_IMPORT_MAX_ROWS <= GEMINI_IMPORT_MAX_ROWS:
    raise ImproperlyConfigured(
        "GEMINI_WEB_IMPORT_MAX_ROWS must be at least 1 and at most GEMINI_IMPORT_MAX_ROWS "
        f"({GEMINI_IMPORT_MAX_ROWS:,})."
    )

# Minutes after which an upload-page import that has not been heard from (waiting to start, or
# running with no report from the worker) is flagged on its status page and the home page: the
# worker may have stopped (docs/operations.md). Reading reports twice a second; the writing
# transaction of a 1,000,000-row file takes under a minute on the development machine.
GEMINI_IMPORT_QUIET_MINUTES = env_int("GEMINI_IMPORT_QUIET_MINUTES", 15)
if GEMINI_IMPORT_QUIET_MINUTES < 1:
    raise ImproperlyConfigured("GEMINI_IMPORT_QUIET_MINUTES must be at least 1.")

# Background tasks (django-tasks): DATABASE keeps each task in the database until a worker
# (`gemini db_worker`, started by `make run`; docs/operations.md) runs it; IMMEDIATE runs it
# at once, inside the web request that asked for it (the test suite's choice).
GEMINI_TASKS_BACKEND = env_choice("GEMINI_TASKS_BACKEND", "DATABASE", ("DATABASE", "IMMEDIATE"))
TASKS = {
    "default": {
        "BACKEND": {
            "DATABASE": "django_tasks_db.DatabaseBackend",
            "IMMEDIATE": "django_tasks.backends.immediate.ImmediateBackend",
        }[GEMINI_TASKS_BACKEND],
        "QUEUES": ["default"],
    }
}

# ---- Programme (docs/programme.md) ----
# A workstream's status update is due this many days after its last one (monthly reporting
# to the programme board: the seed report's governance section); the home page lists those due.
GEMINI_STATUS_UPDATE_DUE_DAYS = env_int("GEMINI_STATUS_UPDATE_DUE_DAYS", 31)


# ---- Workforce (docs/workforce.md) ----
# Months of pay protection for a move one grade below (council policy; not found in public
# material, REFERENCE.md §2, so a setting).
GEMINI_WORKFORCE_PAY_PROTECTION_MONTHS = env_int("GEMINI_WORKFORCE_PAY_PROTECTION_MONTHS", 12)
if GEMINI_WORKFORCE_PAY_PROTECTION_MONTHS < 0:
    raise ImproperlyConfigured("GEMINI_WORKFORCE_PAY_PROTECTION_MONTHS cannot be negative.")
# A move that changes contracted hours by more than this FTE needs the person's agreement.
_fte_tolerance = os.environ.get("GEMINI_WORKFORCE_FTE_TOLERANCE", "0.1").strip()
if not re.fullmatch(r"0(\.\d{1,2})?", _fte_tolerance):
    raise ImproperlyConfigured(
        f"GEMINI_WORKFORCE_FTE_TOLERANCE must be an FTE from 0 to 0.99, not {_fte_tolerance!r}."
    )
GEMINI_WORKFORCE_FTE_TOLERANCE = float(_fte_tolerance)
# Job shares: part-time people may share one post's FTE, two to a place (council job-share
# policy; off by default: the engine then gives each place to one person).
GEMINI_WORKFORCE_JOB_SHARES = env_bool("GEMINI_WORKFORCE_JOB_SHARES", False)
# A move to a post of the other council outside a transferring organised grouping: "dismissal"
# (dismissal and re-engagement, counted for TULRCA s188: the cautious reading of s195) or
# "transfer" (not counted).
GEMINI_WORKFORCE_OTHER_COUNCIL_MOVES = env_choice(
    "GEMINI_WORKFORCE_OTHER_COUNCIL_MOVES", "DISMISSAL", ("DISMISSAL", "TRANSFER")
).lower()


# ---- Migration (docs/migration.md) ----


# ---- Hosting (docs/hosting.md) ----


# ---- Committee reports (docs/reports.md) ----
# Before issue, a milestone shown "On track" whose forecast is more than this many days after
# its baseline is a failed check (issue 18: the programme's tolerance; not found in the seed
# report, so a setting).
GEMINI_REPORTS_MILESTONE_TOLERANCE_DAYS = env_int("GEMINI_REPORTS_MILESTONE_TOLERANCE_DAYS", 30)
if GEMINI_REPORTS_MILESTONE_TOLERANCE_DAYS < 0:
    raise ImproperlyConfigured("GEMINI_REPORTS_MILESTONE_TOLERANCE_DAYS cannot be negative.")


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "GEMINI_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        ),
    },
    # WeasyPrint and fontTools narrate every PDF they make at INFO: only their warnings.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
