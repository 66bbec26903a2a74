"""`gemini backup` and `gemini restore` round-trip the demo, table by table; a backup is private,
never half-written, and a lock or a full disk ends it in one sentence (issue 13, item 6)."""

from __future__ import annotations

import errno
import io
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from gemini.core import backup as backup_module
from gemini.core.models import Organisation
from gemini.programme.models import Workstream


def _every_table() -> dict[str, list[dict[str, object]]]:
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
    }


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_table_exactly(demo_committed, tmp_path):
    before = _every_table()
    assert before["core.Organisation"]
    target = tmp_path / "gemini.backup"

    call_command("backup", str(target))
    Workstream.objects.all().delete()
    Organisation.objects.create(code="LATE", name="Added after the backup", kind="council")
    call_command("restore", str(target), "--yes")

    assert _every_table() == before


@pytest.mark.django_db
def test_restore_refuses_without_confirmation_and_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="add --yes"):
        call_command("restore", str(tmp_path / "x.backup"))
    with pytest.raises(CommandError, match="There is no backup file"):
        call_command("restore", str(tmp_path / "x.backup"), "--yes")


# ---- issue 13, item 6: private files, nothing half-written, a lock or a full disk in a sentence


@pytest.fixture
def ordinary_umask() -> Iterator[None]:
    """Files made as most accounts make them (world-readable), to show the backup is not."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def _fail_midway(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    """The copy (SQLite) or pg_dump (PostgreSQL) writes part of the backup, then fails."""

    def copy_then_fail(
        source: sqlite3.Connection, destination: sqlite3.Connection, lock_timeout: float
    ) -> None:
        destination.execute("CREATE TABLE half_written (x)")
        destination.commit()
        raise error

    def dump_then_fail(command: list[str], *args: object) -> None:
        Path(command[command.index("--file") + 1]).write_bytes(b"half written")
        raise error

    monkeypatch.setattr(backup_module, "_copy_sqlite", copy_then_fail)
    monkeypatch.setattr(backup_module, "_run", dump_then_fail)


@pytest.mark.django_db(transaction=True)  # a backup is made outside any transaction
@pytest.mark.usefixtures("ordinary_umask")
def test_a_backup_is_readable_by_its_owner_only_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "gemini.backup"

    call_command("backup", str(target), stdout=io.StringIO())

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.django_db(transaction=True)  # a backup is made outside any transaction
@pytest.mark.usefixtures("ordinary_umask")
def test_a_failed_backup_leaves_no_file_and_keeps_the_earlier_backup(tmp_path, monkeypatch):
    target = tmp_path / "gemini.backup"
    call_command("backup", str(target), stdout=io.StringIO())
    earlier = target.read_bytes()
    _fail_midway(monkeypatch, OSError(errno.EIO, "Input/output error"))

    with pytest.raises(CommandError, match=r"Cannot write .*: Input/output error") as refused:
        call_command("backup", str(target))

    assert refused.value.returncode == 1
    assert target.read_bytes() == earlier
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.django_db(transaction=True)  # a backup is made outside any transaction
@pytest.mark.parametrize(
    "full",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        sqlite3.OperationalError("database or disk is full"),
    ],
    ids=["ENOSPC", "SQLITE_FULL"],
)
def test_a_full_disk_is_one_sentence_and_exit_2(tmp_path, monkeypatch, full):
    if isinstance(full, sqlite3.Error) and connection.vendor != "sqlite":
        pytest.skip("SQLite's own disk-full error")
    _fail_midway(monkeypatch, full)

    with pytest.raises(CommandError) as refused:
        call_command("backup", str(tmp_path / "gemini.backup"))

    assert refused.value.returncode == 2
    assert str(refused.value) == (
        f"There is no space left on the disk for {tmp_path / 'gemini.backup'}: nothing was "
        "written; free some space and try again."
    )
    assert list(tmp_path.iterdir()) == []


def _gemini(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gemini", *args],
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "GEMINI_SQLITE_BUSY_TIMEOUT": "1",
        },
        capture_output=True,
        text=True,
        timeout=90,  # the bug was a backup that waited for ever
        check=False,
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's file lock")
def test_a_database_locked_by_another_program_stops_backup_and_restore_in_a_sentence(tmp_path):
    database = tmp_path / "gemini.sqlite3"
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE imported (x)")
    earlier = tmp_path / "earlier.backup"
    assert _gemini(database, "backup", str(earlier)).returncode == 0
    # A program that keeps the database to itself while it writes (as a long import did).
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO imported VALUES (1)")
    try:
        backed_up = _gemini(database, "backup", str(tmp_path / "new.backup"), "--lock-timeout", "1")
        restored = _gemini(database, "restore", str(earlier), "--yes", "--lock-timeout", "1")
    finally:
        holder.rollback()
        holder.close()

    for result, action in ((backed_up, "backed up"), (restored, "restored")):
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr.strip().splitlines() == [
            "CommandError: The database stayed locked by another program for 1 seconds, so "
            f"nothing was {action}: try again when it has finished (an import, say), or give "
            "--lock-timeout more seconds."
        ]
    assert sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name) == ["earlier.backup"]


def test_a_lock_taken_while_the_backup_runs_ends_it_at_the_lock_timeout(sqlite_file, tmp_path):
    connected, locked = threading.Event(), threading.Event()
    outcome: list[BaseException] = []

    def back_up() -> None:
        sqlite_file.use()
        connections["default"].ensure_connection()  # connected before the lock is taken
        connected.set()
        locked.wait(timeout=30)
        try:
            call_command("backup", str(tmp_path / "new.backup"), "--lock-timeout", "0.5")
        except BaseException as error:  # reported by the test's own thread
            outcome.append(error)
        finally:
            connections["default"].close()

    backing_up = threading.Thread(target=back_up, daemon=True)
    backing_up.start()
    connected.wait(timeout=30)
    holder = sqlite3.connect(sqlite_file.path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("DELETE FROM django_migrations")
    locked.set()
    try:
        backing_up.join(timeout=30)
    finally:
        holder.rollback()
        holder.close()

    assert not backing_up.is_alive(), "the backup waited for the lock for ever"
    assert len(outcome) == 1
    assert isinstance(outcome[0], CommandError)
    assert "stayed locked by another program for 0.5 seconds" in str(outcome[0])
    assert not (tmp_path / "new.backup").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's table locks")
@pytest.mark.django_db(transaction=True)
def test_a_table_locked_by_another_session_stops_pg_dump_in_a_sentence(tmp_path):
    import psycopg

    settings = connection.settings_dict
    holder = psycopg.connect(
        dbname=settings["NAME"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
    )
    holder.execute("LOCK TABLE core_organisation IN ACCESS EXCLUSIVE MODE")
    try:
        with pytest.raises(CommandError) as refused:
            call_command("backup", str(tmp_path / "new.backup"), "--lock-timeout", "1")
    finally:
        holder.rollback()
        holder.close()

    assert refused.value.returncode == 1
    assert str(refused.value).startswith(
        "The database stayed locked by another program for 1 seconds, so nothing was backed up"
    )
    assert list(tmp_path.iterdir()) == []
