"""Backups: a consistent snapshot of the whole database to one file, and back.

- SQLite: the online backup API (`sqlite3.Connection.backup`), which copies a consistent
  snapshot even while the service is running.
- PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists`, with the
  connection details from DATABASE_URL (the password passed in the environment, never on the
  command line).

Used by `gemini backup FILE` and `gemini restore FILE` (docs/operations.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection


class BackupError(Exception):
    """A backup or restore could not be made; the message says why in plain words."""


def _vendor() -> str:
    return str(connection.vendor)


def _pg_environment(settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed; install the PostgreSQL client tools.")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip() or result.stdout.strip()}")


def backup(target: Path) -> None:
    """Write a consistent snapshot of the configured database to `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if _vendor() == "sqlite":
        connection.ensure_connection()
        source: sqlite3.Connection = connection.connection
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
        return
    if _vendor() == "postgresql":
        settings = connection.settings_dict
        args, env = _pg_environment(settings)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                *args,
                "--file",
                str(target),
                str(settings["NAME"]),
            ],
            env,
        )
        return
    raise BackupError(f"Backups of a {_vendor()} database are not supported.")


def restore(source: Path) -> None:
    """Replace everything in the configured database with the snapshot in `source`."""
    if not source.is_file():
        raise BackupError(f"There is no backup file {source}.")
    if _vendor() == "sqlite":
        try:
            backup_connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            backup_connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not a Gemini SQLite backup: {error}.") from error
        try:
            connection.ensure_connection()
            backup_connection.backup(connection.connection)
        finally:
            backup_connection.close()
        return
    if _vendor() == "postgresql":
        settings = connection.settings_dict
        args, env = _pg_environment(settings)
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                "--dbname",
                str(settings["NAME"]),
                str(source),
            ],
            env,
        )
        return
    raise BackupError(f"Restoring a {_vendor()} database is not supported.")
