"""gemini finance position [--as-at YYYY-MM-DD] [--json] | scenario --project-hours H [--json]

`position`: the headline figures of the finance section of the committee report, as recorded
at the end of `--as-at` (default today; finance.figures.position).
`scenario`: the base case beside a what-if on project hours: income, shortfall and the agency
FTE reduction that would close it. JSON keys are a contract (docs/finance.md).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from gemini.core.asat import today
from gemini.finance import engine, figures


def _hours(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise CommandError(f"{text!r} is not a number of hours.") from None
    if not value.is_finite() or value < 0:
        raise CommandError(f"{text} hours: project hours must be nought or more.")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date; write it as YYYY-MM-DD.") from None


def _year(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        engine.year_start(text)
    except engine.FinanceError as error:
        raise CommandError(str(error)) from None
    return text


class Command(BaseCommand):
    help = "The finance position, and what-if scenarios on project hours."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        position = commands.add_parser("position", help="The headline finance figures.")
        position.add_argument("--json", action="store_true", help="Print JSON.")
        position.add_argument("--year", help="The financial year, such as 2024/25.")
        position.add_argument(
            "--as-at", type=_date, help="As recorded at the end of YYYY-MM-DD (default today)."
        )
        scenario = commands.add_parser(
            "scenario", help="The base case beside a scenario with different project hours."
        )
        scenario.add_argument("--project-hours", required=True, help="Hours delivered in the year.")
        scenario.add_argument("--json", action="store_true", help="Print JSON.")
        scenario.add_argument("--year", help="The financial year, such as 2024/25.")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=self.stdout, soft_wrap=True)  # type: ignore[arg-type]
        year = _year(options.get("year"))
        if options["subcommand"] == "position":
            self._position(console, year, options["as_at"] or today(), options["json"])
        else:
            self._scenario(console, year, _hours(options["project_hours"]), options["json"])

    def _position(self, console: Console, year: str | None, as_at: dt.date, as_json: bool) -> None:
        try:
            position = figures.position(year, as_at)
        except engine.FinanceError as error:
            raise CommandError(str(error)) from None
        if as_json:
            self.stdout.write(json.dumps(position.as_json(), indent=2))
            return
        table = Table("Figure", "Value", title=f"Finance position {position.year}, as of "
                      f"{position.as_of:%d/%m/%Y}")  # fmt: skip

        def split(values: dict[str, Decimal]) -> str:
            return ", ".join(f"{code} {engine.pounds(v)}" for code, v in values.items())

        table.add_row("One-off investment", engine.pounds(position.one_off_total))
        table.add_row("  by council", split(position.one_off_by_council))
        table.add_row(
            f"Savings target a year ({position.savings_year or '-'})",
            split(position.savings_target_by_council),
        )
        table.add_row("Savings delivered a year", split(position.savings_delivered_by_council))
        table.add_row(
            f"Forecast variance ({position.review or '-'})",
            f"{engine.pounds(position.forecast_variance)} {position.forecast_rag}",
        )
        table.add_row("Project income budget", engine.pounds(position.project_income_budget))
        table.add_row("Project income forecast", engine.pounds(position.project_income_forecast))
        table.add_row(
            "Agency roles down since the start of the year", f"{position.agency_reduction_percent}%"
        )
        console.print(table)

    def _scenario(self, console: Console, year: str | None, hours: Decimal, as_json: bool) -> None:
        year = year or figures.current_year()
        try:
            comparison = figures.compare(year, project_hours=hours)
        except figures.NoFiguresError as error:
            raise CommandError(str(error)) from None
        cases = {"base": comparison.base, "scenario": comparison.scenario}
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        name: {
                            "project_income": f"{result.project_income:.2f}",
                            "shortfall": f"{result.shortfall:.2f}",
                            "agency_fte_reduction_needed": (
                                f"{result.agency_fte_reduction_needed:.1f}"
                            ),
                        }
                        for name, result in cases.items()
                    },
                    indent=2,
                )
            )
            return
        table = Table("", "Base case", f"{hours:,} hours", title=f"Project hours scenario {year}")
        base, scenario = comparison.base, comparison.scenario
        table.add_row("Project hours", f"{comparison.base_drivers.project_hours:,}", f"{hours:,}")
        table.add_row(
            "Project income",
            engine.pounds(base.project_income),
            engine.pounds(scenario.project_income),
        )
        table.add_row("Shortfall", engine.pounds(base.shortfall), engine.pounds(scenario.shortfall))
        table.add_row(
            "Agency FTE reduction needed",
            str(base.agency_fte_reduction_needed),
            str(scenario.agency_fte_reduction_needed),
        )
        table.add_row(
            "at a day rate of",
            engine.pounds(base.agency_day_rate),
            engine.pounds(scenario.agency_day_rate),
        )
        table.add_row(
            "from", f"{base.mitigation_from:%d/%m/%Y}", f"{scenario.mitigation_from:%d/%m/%Y}"
        )
        console.print(table)
        for reason in scenario.reasons:
            console.print(f"- {reason}")
