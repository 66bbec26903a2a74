"""gemini restore FILE: replace the whole database with a backup."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gemini.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace everything in the database with the backup in FILE. Asks first at a terminal; "
        "elsewhere needs --yes."
    )

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
        parser.add_argument("--yes", action="store_true", help="Do not ask; replace the data.")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError("Restoring replaces all data: add --yes to confirm.")
            answer = input(f"Replace ALL data in the database with {source}? Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            restore(source, options["lock_timeout"])
        except BackupError as error:
            raise CommandError(str(error), returncode=error.exit_code) from error
        self.stdout.write(self.style.SUCCESS(f"Restored the database from {source}."))
