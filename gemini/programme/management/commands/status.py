"""gemini status [--json] [--date DATE]: the programme's overall status with its reason, and
each workstream's latest status."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from gemini.programme import chosen, figures
from gemini.programme.models import Programme


def _date(value: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date only)
        except ValueError:
            continue
    raise CommandError(f"{value!r} is not a date; write it as 2025-02-06 or 06/02/2025.")


def status_report(programme: Programme, when: dt.date) -> dict[str, Any]:
    """The status as it stood on `when` (programme.figures.status_as_at), with the JSON keys
    of the contract."""
    snapshot = figures.status_as_at(programme, when)
    overall = snapshot.overall
    if overall is not None:
        head: dict[str, Any] = {
            "overall": overall.rating,
            "reason": overall.reason,
            "as_of": overall.date.isoformat(),
        }
    else:
        head = {
            "overall": snapshot.suggestion.rating or None,
            "reason": f"No judgement recorded; suggested by the rule: {snapshot.suggestion.rule}",
            "as_of": None,
        }
    return {
        **head,
        "workstreams": [
            {
                "name": ws.name,
                "rag": ws.latest.rating if ws.latest else None,
                "as_of": ws.latest.date.isoformat() if ws.latest else None,
            }
            for ws in snapshot.workstreams
        ],
    }


class Command(BaseCommand):
    help = "Print the programme's overall status with its reason and each workstream's status."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument(
            "--programme",
            default=None,
            help="The programme's slug (needed only when Gemini holds more than one).",
        )
        parser.add_argument(
            "--date", help="The status as it stood on this date (default: today).", default=None
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            programme = chosen.programme_named(options["programme"])
        except chosen.ProgrammeNotChosenError as error:
            raise CommandError(f"{error} (run gemini demo, or give --programme SLUG)") from None
        when = _date(options["date"]) if options["date"] else timezone.localdate()
        report = status_report(programme, when)
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
            return
        console = Console(file=self.stdout, soft_wrap=True)  # type: ignore[arg-type]
        as_of = (
            dt.date.fromisoformat(report["as_of"]).strftime("%d/%m/%Y")
            if report["as_of"]
            else "not recorded"
        )
        console.print(
            f"[bold]{programme.name}[/bold]: {report['overall'] or 'no status'} (as of {as_of})"
        )
        console.print(report["reason"])
        table = Table("Workstream", "Status", "As of")
        for row in report["workstreams"]:
            table.add_row(
                row["name"],
                row["rag"] or "no status",
                dt.date.fromisoformat(row["as_of"]).strftime("%d/%m/%Y") if row["as_of"] else "-",
            )
        console.print(table)
