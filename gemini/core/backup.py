"""Backups: a consistent snapshot of the whole database to one file, and back.

- SQLite: the online backup API (`sqlite3.Connection.backup`), which copies a consistent
  snapshot even while the service is running.
- PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists`, with the
  connection details from DATABASE_URL (the password passed in the environment, never on the
  command line).

A backup is written to a new file beside the target, readable by its owner only (mode 0600),
and renamed over the target only when it is complete: a failed backup leaves no file and never
replaces an earlier good one. A lock held longer than `lock_timeout` seconds (another program
holding the database) stops a backup or restore with one sentence instead of waiting for ever;
a full disk says so in one sentence too (issue 13, item 6).

Used by `gemini backup FILE` and `gemini restore FILE` (docs/operations.md).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import OperationalError, connection

from gemini.core import busy

DISK_FULL_EXIT_CODE = 2


class BackupError(Exception):
    """A backup or restore could not be made; the message says why in plain words.

    `exit_code` is what the command exits with: 2 for a full disk, 1 otherwise.
    """

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class _LockTimeoutError(Exception):
    """The database stayed locked for longer than the lock timeout."""


def _busy_error(action: str, lock_timeout: float) -> BackupError:
    return BackupError(
        f"The database stayed locked by another program for {lock_timeout:g} seconds, so "
        f"nothing was {action}: try again when it has finished (an import, say), or give "
        "--lock-timeout more seconds."
    )


def _disk_full_error(what: str) -> BackupError:
    return BackupError(
        f"There is no space left on the disk for {what}: nothing was written; free some space "
        "and try again.",
        exit_code=DISK_FULL_EXIT_CODE,
    )


def _is_disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return True
    return isinstance(error, sqlite3.Error) and (
        getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
        or "database or disk is full" in str(error)
    )


@contextlib.contextmanager
def _new_file_for(target: Path) -> Iterator[Path]:
    """A new, empty file beside `target` (mode 0600) that becomes `target` only if the block
    ends without an error; otherwise it is removed and `target` is left as it was."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
        )
    except OSError as error:
        if _is_disk_full(error):
            raise _disk_full_error(str(target)) from error
        raise BackupError(f"Cannot write {target}: {error.strerror}.") from error
    os.close(descriptor)
    partial = Path(name)
    try:
        yield partial
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
    except BaseException as error:
        for leftover in (partial, Path(f"{partial}-journal")):
            leftover.unlink(missing_ok=True)
        if _is_disk_full(error):
            raise _disk_full_error(str(target)) from error
        if isinstance(error, OSError):
            raise BackupError(f"Cannot write {target}: {error.strerror}.") from error
        raise


@contextlib.contextmanager
def _live_sqlite(action: str, lock_timeout: float) -> Iterator[sqlite3.Connection]:
    """Django's SQLite connection, waiting at most `lock_timeout` seconds at each lock."""
    try:
        connection.ensure_connection()
    except OperationalError as error:
        if busy.is_busy(error):
            raise _busy_error(action, lock_timeout) from error
        raise
    live: sqlite3.Connection = connection.connection
    (waited,) = live.execute("PRAGMA busy_timeout").fetchone()
    live.execute(f"PRAGMA busy_timeout = {int(lock_timeout * 1000)}")
    try:
        yield live
    finally:
        live.execute(f"PRAGMA busy_timeout = {int(waited)}")


def _copy_sqlite(
    source: sqlite3.Connection, destination: sqlite3.Connection, lock_timeout: float
) -> None:
    """SQLite's online backup, giving up once the source or destination has stayed locked for
    `lock_timeout` seconds (Python's own loop would retry for ever)."""
    deadline = time.monotonic() + lock_timeout

    def give_up_when_locked_too_long(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and (
            time.monotonic() >= deadline
        ):
            raise _LockTimeoutError

    source.backup(destination, progress=give_up_when_locked_too_long, sleep=0.1)


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


def _run(
    command: list[str], env: dict[str, str], action: str, lock_timeout: float, written: str
) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed; install the PostgreSQL client tools.")
    # The server gives up waiting for a lock after lock_timeout (pg_dump's own
    # --lock-wait-timeout covers the locks it takes at the start).
    env = {**env, "PGOPTIONS": f"-c lock_timeout={int(lock_timeout * 1000)}"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        said = result.stderr.strip() or result.stdout.strip()
        if "No space left on device" in said:
            raise _disk_full_error(written)
        # pg_dump's --lock-wait-timeout cancels its LOCK TABLE with a statement timeout.
        if "lock timeout" in said or ("statement timeout" in said and "LOCK TABLE" in said):
            raise _busy_error(action, lock_timeout)
        raise BackupError(f"{tool} failed: {said}")


def backup(target: Path, lock_timeout: float) -> None:
    """Write a consistent snapshot of the configured database to `target` (mode 0600), replacing
    it only when the snapshot is complete; wait at most `lock_timeout` seconds for a lock."""
    vendor = _vendor()
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups of a {vendor} database are not supported.")
    with _new_file_for(target) as partial:
        if vendor == "sqlite":
            with _live_sqlite("backed up", lock_timeout) as live:
                destination = sqlite3.connect(partial)
                try:
                    _copy_sqlite(live, destination, lock_timeout)
                    # One self-contained file, whatever the live database's journal mode.
                    destination.execute("PRAGMA journal_mode=DELETE")
                except _LockTimeoutError:
                    raise _busy_error("backed up", lock_timeout) from None
                except sqlite3.Error as error:
                    if _is_disk_full(error):
                        raise
                    raise BackupError(f"The backup failed: {error}.") from error
                finally:
                    destination.close()
        else:
            settings = connection.settings_dict
            args, env = _pg_environment(settings)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    f"--lock-wait-timeout={int(lock_timeout * 1000)}",
                    *args,
                    "--file",
                    str(partial),
                    str(settings["NAME"]),
                ],
                env,
                "backed up",
                lock_timeout,
                str(target),
            )


def restore(source: Path, lock_timeout: float) -> None:
    """Replace everything in the configured database with the snapshot in `source`; wait at
    most `lock_timeout` seconds for a lock."""
    if not source.is_file():
        raise BackupError(f"There is no backup file {source}.")
    if _vendor() == "sqlite":
        try:
            backup_connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            backup_connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not a Gemini SQLite backup: {error}.") from error
        try:
            with _live_sqlite("restored", lock_timeout) as live:
                _copy_sqlite(backup_connection, live, lock_timeout)
        except _LockTimeoutError:
            raise _busy_error("restored", lock_timeout) from None
        except sqlite3.Error as error:
            if _is_disk_full(error):
                raise _disk_full_error("the database") from error
            raise
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
            "restored",
            lock_timeout,
            "the database",
        )
        return
    raise BackupError(f"Restoring a {_vendor()} database is not supported.")
