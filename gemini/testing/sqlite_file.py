"""The empty test database copied to a real SQLite file, for tests of SQLite's file locking.

The suite's own SQLite database is in memory, which has no file locks and no write-ahead log.
`sqlite_file(tmp_path)` copies it (migrated, empty) to a file and points the calling thread's
default connection at the file until the block ends; other threads call `use()` to do the same.
The `sqlite_file` fixture (conftest.py) wraps it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import connection, connections


class FileDatabase:
    """A SQLite file with Gemini's connection options, each of which `options` may override
    (`timeout`, the busy timeout in seconds, say)."""

    def __init__(self, path: Path, **options: Any) -> None:
        self.path = path
        settings = connection.settings_dict
        self.settings = {
            **settings,
            "NAME": str(path),
            "OPTIONS": {**settings["OPTIONS"], **options},
        }

    def use(self) -> None:
        """Point this thread's default connection at the file (closing its old one first)."""
        connections["default"].close()
        connections["default"] = type(connections["default"])(self.settings, "default")


@contextlib.contextmanager
def sqlite_file(folder: Path) -> Iterator[FileDatabase]:
    connection.ensure_connection()
    path = folder / "gemini.sqlite3"
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    in_memory = connections["default"]
    database = FileDatabase(path)
    connections["default"] = type(in_memory)(database.settings, "default")
    try:
        yield database
    finally:
        connections["default"].close()
        connections["default"] = in_memory
