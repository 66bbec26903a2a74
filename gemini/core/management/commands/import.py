"""gemini import KIND FILE [--dry-run] [--programme SLUG]: load a CSV or XLSX file through the
importer framework."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress, TaskID
from rich.table import Table

from gemini.core import importing

SHOWN = 50  # changes listed one by one after an import


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file. Every row is checked first; nothing is written unless every "
        "row is valid. --dry-run shows what would change and writes nothing. A kind about a "
        "programme (risks, issues, ...) imports into the one --programme names."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="What the file holds, e.g. organisations.")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument(
            "--programme",
            metavar="SLUG",
            help="The programme a kind about a programme imports into (needed only when "
            "Gemini holds more than one).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        named: str | None = options["programme"]
        try:
            importer = importing.importer_for(options["kind"], programme=named)
        except LookupError as error:
            raise CommandError(str(error)) from error
        if named and not importer.about_programme:
            raise CommandError(
                f"{importer.title} are not about a programme: leave out --programme."
            )
        try:
            importer.ready()
        except LookupError as error:
            hint = "" if named else " Name it with --programme SLUG."
            raise CommandError(f"{error}{hint}") from error
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        console = Console(file=self.stdout, soft_wrap=True)  # type: ignore[arg-type]
        with Progress(console=console, transient=True) as progress:
            result = importing.run_import(
                importer,
                path.read_bytes(),
                path.name,
                dry_run=options["dry_run"],
                progress=_Stages(progress, path.name),
            )
        if result.ignored_columns:
            console.print(f"Ignored columns: {', '.join(result.ignored_columns)}")
        if not result.ok:
            table = Table("Row", "Column", "Problem", title=f"{len(result.problems)} problem(s)")
            for problem in result.problems:
                table.add_row(str(problem.row or "file"), problem.column or "-", problem.message)
            console.print(table)
            raise CommandError(
                f"Nothing was imported: {path.name} has {len(result.problems)} problem(s)."
            )
        verb = "Would import" if result.dry_run else "Imported"
        console.print(
            f"{verb} {result.rows_read} row(s) of {importer.title.lower()}: "
            f"{result.count('created')} created, {result.count('updated')} updated, "
            f"{result.count('unchanged')} unchanged."
        )
        written = [change for change in result.changes if change.outcome != "unchanged"]
        for change in written[:SHOWN]:  # a 300,000-row file: the first ones, then the count
            console.print(f"  {change.outcome}: {change.description}")
        if len(written) > SHOWN:
            console.print(f"  … and {len(written) - SHOWN:,} more.")
        if result.dry_run:
            console.print("Dry run: nothing was written.")


class _Stages:
    """A progress bar for each stage of an import: reading (and checking each row), checking
    across rows, writing (importing.Progress)."""

    LABELS: ClassVar[dict[str, str]] = {
        "reading": "Reading and checking {name}",
        "checking": "Checking across rows",
        "writing": "Writing",
    }

    def __init__(self, progress: Progress, name: str) -> None:
        self.progress = progress
        self.name = name
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage not in self.tasks:
            label = self.LABELS.get(stage, stage).format(name=self.name)
            self.tasks[stage] = self.progress.add_task(label, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)
