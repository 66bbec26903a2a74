"""Settings read from the environment fail at start with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from gemini import settings

_TEST_ONLY = {"SECRET_KEY", "DATABASE_URL", "GEMINI_HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _gemini(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in _TEST_ONLY}
    return subprocess.run(
        [sys.executable, "-m", "gemini", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_missing_secret_key_outside_debug_stops_the_start_with_a_clear_message():
    result = _gemini({"GEMINI_DEBUG": "False"}, "check")

    assert result.returncode == 2
    assert "configuration error: SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_database_url_stops_the_start_with_a_clear_message():
    result = _gemini({"GEMINI_DEBUG": "True", "DATABASE_URL": "mysql//nowhere"}, "check")

    assert result.returncode == 2
    assert "DATABASE_URL 'mysql//nowhere' is not a SQLite or PostgreSQL URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_needs_no_secret_key():
    result = _gemini({"GEMINI_DEBUG": "True", "DATABASE_URL": "sqlite:///:memory:"}, "check")

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("raw", "value"), [("True", True), ("false", False), ("1", True), ("off", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, value):
    monkeypatch.setenv("GEMINI_X", raw)
    assert settings.env_bool("GEMINI_X") is value


def test_env_bool_rejects_anything_else(monkeypatch):
    monkeypatch.setenv("GEMINI_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="GEMINI_X must be True or False"):
        settings.env_bool("GEMINI_X")


def test_a_short_secret_key_is_refused_outside_debug(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="at least 50 characters"):
        settings.env_secret_key(debug=False)


def test_database_url_reads_postgres_and_sqlite(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://gemini:pw@db.example:5433/gemini")
    config = settings.env_database("sqlite:///:memory:", 20)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "gemini")

    monkeypatch.setenv("DATABASE_URL", "postgres://localhost:5432/")
    with pytest.raises(ImproperlyConfigured, match="names no database"):
        settings.env_database("sqlite:///:memory:", 20)


def test_sqlite_waits_for_the_lock_in_write_ahead_mode_and_takes_it_at_the_start(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'gemini.sqlite3'}")
    options = settings.env_database("sqlite:///:memory:", 7)["OPTIONS"]

    assert options["timeout"] == 7
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA journal_mode=WAL" in options["init_command"]

    monkeypatch.setenv("DATABASE_URL", "postgres://gemini:pw@db.example:5433/gemini")
    assert "transaction_mode" not in settings.env_database("sqlite:///:memory:", 7).get(
        "OPTIONS", {}
    )


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("GEMINI_IMPORT_MAX_BYTES", "lots")
    with pytest.raises(ImproperlyConfigured, match="must be a whole number"):
        settings.env_int("GEMINI_IMPORT_MAX_BYTES", 1)


@pytest.mark.parametrize("raw", ["ten", "1.5", "-0.1"])
def test_env_fraction_rejects_anything_but_a_number_from_0_to_1(monkeypatch, raw):
    monkeypatch.setenv("GEMINI_HOSTING_MAX_DISAPPEAR_SHARE", raw)
    with pytest.raises(ImproperlyConfigured, match="must be a number from 0 to 1"):
        settings.env_fraction("GEMINI_HOSTING_MAX_DISAPPEAR_SHARE", 0.1)


def test_env_fraction_reads_a_share(monkeypatch):
    monkeypatch.setenv("GEMINI_HOSTING_MAX_DISAPPEAR_SHARE", " 0.25 ")
    assert settings.env_fraction("GEMINI_HOSTING_MAX_DISAPPEAR_SHARE", 0.1) == 0.25


def test_the_deployment_checks_pass_with_production_settings():
    result = _gemini(
        {
            "GEMINI_DEBUG": "False",
            "SECRET_KEY": "x7$k2!vQ9@pL4#wR8^mN1&zT6*yB3(hJ5)cF0_dG-sA+eU=iO~" + "q" * 10,
            "ALLOWED_HOSTS": "gemini.example.org",
            "DATABASE_URL": "sqlite:///:memory:",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_quiet_import_minutes_must_be_at_least_one():
    result = _gemini({"GEMINI_DEBUG": "True", "GEMINI_IMPORT_QUIET_MINUTES": "0"}, "check")

    assert result.returncode == 2
    assert "GEMINI_IMPORT_QUIET_MINUTES must be at least 1." in result.stderr
    assert "Traceback" not in result.stderr
