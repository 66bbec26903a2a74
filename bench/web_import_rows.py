"""`python -m bench.web_import_rows [ROWS...]`: how many rows an import finishes in one web
request (GEMINI_WEB_IMPORT_MAX_ROWS, docs/configuration.md).

Times `importing.run_import` — what the upload page runs inside the request — for mailbox
permissions (a big kind, and the slowest per row: each row is an upsert) at several sizes, on
a fresh SQLite database file, among 2,000 identities imported first through the identities
importer. Prints seconds and rows per second for each size. Not part of `make bench`: it
writes a temporary database and takes a few minutes.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

IDENTITIES = 2_000
RIGHTS = ("FullAccess", "SendAs", "SendOnBehalfTo")


def _setup(database: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gemini.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-long-enough-for-django-0123456789"
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _identities() -> bytes:
    lines = ["userPrincipalName,givenName,surname,council"]
    lines += [f"person{i}@cwac.example,Person,Number{i},CWAC" for i in range(IDENTITIES)]
    return ("\n".join(lines) + "\n").encode()


def _permissions(rows: int, offset: int) -> bytes:
    lines = ["Mailbox,User,AccessRights"]
    for n in range(offset, offset + rows):
        mailbox, rest = divmod(n, IDENTITIES * len(RIGHTS))
        user, right = divmod(rest, len(RIGHTS))
        lines.append(
            f"person{mailbox % IDENTITIES}@cwac.example,person{user}@cwac.example,{RIGHTS[right]}"
        )
    return ("\n".join(lines) + "\n").encode()


def main(argv: list[str]) -> int:
    sizes = [int(arg) for arg in argv] or [5_000, 10_000, 20_000, 40_000]
    with tempfile.TemporaryDirectory() as folder:
        _setup(Path(folder) / "measure.sqlite3")
        from gemini.core import importing
        from gemini.testing.personas import make_organisations

        make_organisations()
        made = importing.run_import(
            importing.importer_for("identities"), _identities(), "identities.csv"
        )
        assert made.ok, made.problems[:3]
        offset = 0
        for rows in sizes:
            data = _permissions(rows, offset)
            offset += rows
            started = time.perf_counter()
            result = importing.run_import(
                importing.importer_for("permissions"), data, "permissions.csv"
            )
            seconds = time.perf_counter() - started
            assert result.ok, result.problems[:3]
            print(f"{rows:>7,} permission rows: {seconds:6.1f} s ({rows / seconds:,.0f} rows/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
