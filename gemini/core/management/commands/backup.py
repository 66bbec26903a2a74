"""gemini backup FILE: a consistent snapshot of the whole database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gemini.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent snapshot of the whole database to FILE (see docs/operations.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--lock-timeout",
            type=float,
            default=settings.GEMINI_BACKUP_LOCK_TIMEOUT,
            metavar="SECONDS",
            help="Give up if the database stays locked this long "
            "(default GEMINI_BACKUP_LOCK_TIMEOUT, %(default)g).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["file"]
        try:
            backup(target, options["lock_timeout"])
        except BackupError as error:
            raise CommandError(str(error), returncode=error.exit_code) from error
        size = target.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(f"Backed up the database to {target} ({size:,} bytes).")
        )
