"""`gemini workforce match|redundancy-pay|figures`: the matching engine, the redundancy
calculator, and the restructure's figures.

gemini workforce figures [--as-at YYYY-MM-DD] [--run N] [--json]
gemini workforce match [--slot-in 70] [--ring-fence 50] [--job-shares|--no-job-shares] [--json]
gemini workforce redundancy-pay --age A --years Y --weekly-pay P --date YYYY-MM-DD [--json]
gemini workforce redundancy-pay --date-of-birth D --service-start D --weekly-pay P --date D [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from gemini.core.asat import today
from gemini.workforce import figures, services
from gemini.workforce.engine.matching import OUTCOME_LABELS, OUTCOMES, Policy
from gemini.workforce.engine.redundancy import (
    StatutoryPay,
    statutory_redundancy_pay,
    statutory_redundancy_pay_from_dates,
)
from gemini.workforce.models import Staff


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").replace("£", ""))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number.") from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(f"{text!r} is not a number.")
    return value


def _pay(text: str) -> Decimal:
    """A week's pay in pounds and pence: more than 2 decimal places is refused."""
    value = _decimal(text)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise argparse.ArgumentTypeError(
            f"{text!r} has more than 2 decimal places; give a week's pay in pounds and pence."
        )
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Run the restructure matching engine, or work out statutory redundancy pay."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        match = commands.add_parser(
            "match", help="Match every member of staff to the posts and save a proposed run."
        )
        match.add_argument("--slot-in", type=float, default=Policy.slot_in, dest="slot_in")
        match.add_argument("--ring-fence", type=float, default=Policy.ring_fence, dest="ring_fence")
        match.add_argument(
            "--job-shares",
            action=argparse.BooleanOptionalAction,
            default=None,
            dest="job_shares",
            help="Let part-time people share a post's FTE (default: GEMINI_WORKFORCE_JOB_SHARES).",
        )
        match.add_argument("--json", action="store_true", dest="as_json")
        pay = commands.add_parser("redundancy-pay", help="Statutory redundancy pay (ERA s162).")
        pay.add_argument("--age", type=int, help="Age in complete years at the date.")
        pay.add_argument("--years", type=int, help="Complete years of continuous service.")
        pay.add_argument(
            "--date-of-birth", type=_date, dest="date_of_birth", help="Instead of --age."
        )
        pay.add_argument(
            "--service-start",
            type=_date,
            dest="service_start",
            help="The first day of continuous employment (instead of --years).",
        )
        pay.add_argument("--weekly-pay", type=_pay, required=True, dest="weekly_pay")
        pay.add_argument("--date", type=_date, required=True, help="The relevant date.")
        pay.add_argument("--json", action="store_true", dest="as_json")
        read = commands.add_parser(
            "figures",
            help="Staff, the new service designs and a matching run's counts, as at a date.",
        )
        read.add_argument("--as-at", type=_date, dest="as_at", help="YYYY-MM-DD (default today).")
        read.add_argument(
            "--run", type=int, dest="run", help="The run's number (default the latest by then)."
        )
        read.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "match":
            self._match(options)
        elif options["subcommand"] == "figures":
            self._figures(options)
        else:
            self._redundancy_pay(options)

    def _figures(self, options: dict[str, Any]) -> None:
        """figures.restructure and figures.matching as at the day: counts and totals only."""
        as_at = options["as_at"] or today()
        structure = figures.restructure(as_at)
        found = figures.matching(as_at, None, options["run"])
        if options["run"] is not None and found is None:
            raise CommandError(f"There is no matching run {options['run']} made by {as_at}.")
        data: dict[str, Any] = {
            "as_at": as_at.isoformat(),
            "staff": structure.staff,
            "places": structure.places,
            "designs": [
                {
                    "council": d.council,
                    "name": d.name,
                    "places": d.places,
                    "fte": float(d.fte),
                    "evaluated": d.evaluated,
                    "draft": d.draft,
                }
                for d in structure.designs
            ],
            "run": None,
        }
        if found is not None:
            data["run"] = {
                "number": found.run.number,
                "counts": found.counts,
                "decided": found.decided,
                "pools": len(found.pools),
                "proposed_redundancies": found.timetable.proposed_redundancies,
                "statutory": _money(found.costs.statutory),
                "discretionary": _money(found.costs.discretionary),
            }
        if options["as_json"]:
            self.stdout.write(json.dumps(data, indent=2))
            return
        out = Console(file=self.stdout)  # type: ignore[arg-type]
        table = Table(title=f"The restructure as at {as_at:%d/%m/%Y}")
        table.add_column("Council")
        table.add_column("Service design")
        table.add_column("Posts", justify="right")
        table.add_column("Evaluated JDQs", justify="right")
        for d in structure.designs:
            table.add_row(d.council, d.name, f"{d.places:,}", f"{d.evaluated:,}")
        out.print(table)
        out.print(f"{structure.staff:,} staff; {structure.places:,} posts.")
        if found is None:
            out.print("No matching run had been made by then.")
            return
        runs = Table(title=f"Matching run {found.run.number}: outcomes in force")
        runs.add_column("Outcome")
        runs.add_column("People", justify="right")
        for name in OUTCOMES:
            runs.add_row(OUTCOME_LABELS[name], f"{found.counts[name]:,}")
        out.print(runs)
        out.print(
            f"{found.decided:,} decided by HR; {len(found.pools):,} pools; "
            f"{found.timetable.proposed_redundancies:,} proposed redundancies; statutory "
            f"£{found.costs.statutory:,.2f}, discretionary £{found.costs.discretionary:,.2f}."
        )

    def _match(self, options: dict[str, Any]) -> None:
        try:
            chosen = {} if options["job_shares"] is None else {"job_shares": options["job_shares"]}
            policy = services.matching_policy(
                slot_in=options["slot_in"], ring_fence=options["ring_fence"], **chosen
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        if not Staff.objects.exists():
            raise CommandError("There are no staff to match; import staff (gemini import staff).")
        console = Console(stderr=True, quiet=options["as_json"])
        with console.status("Matching staff to posts…"):
            run = services.run_matching(policy)
        outcomes = list(run.outcomes.select_related("staff", "proposed_post"))
        counts = {name: sum(1 for o in outcomes if o.proposed == name) for name in OUTCOMES}
        if options["as_json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "run": run.number,
                        "policy": run.policy,
                        "staff": run.staff_count,
                        "posts": run.post_count,
                        **counts,
                        "pools": run.pools.count(),
                        "outcomes": [
                            {
                                "employee_ref": o.staff.employee_ref,
                                "outcome": o.proposed,
                                "post_ref": o.proposed_post.post_ref if o.proposed_post else None,
                                "reasons": o.reasons,
                                "flags": list(o.flags),
                                "contested_posts": list(o.contested_posts),
                            }
                            for o in outcomes
                        ],
                    },
                    indent=2,
                )
            )
            return
        out = Console()
        table = Table(
            title=f"Matching run {run.number}: {run.staff_count} staff, {run.post_count} posts"
        )
        table.add_column("Outcome")
        table.add_column("People", justify="right")
        for name in OUTCOMES:
            table.add_row(OUTCOME_LABELS[name], str(counts[name]))
        out.print(table)
        out.print(
            f"{run.pools.count()} pools. Slot-in at {policy.slot_in:g}, ring-fence at "
            f"{policy.ring_fence:g}. Each outcome awaits an HR decision in Gemini."
        )

    def _redundancy_pay(self, options: dict[str, Any]) -> None:
        by_dates = (options["date_of_birth"], options["service_start"])
        by_numbers = (options["age"], options["years"])
        if all(v is not None for v in by_dates) and all(v is None for v in by_numbers):
            pay = self._pay_from_dates(options)
        elif all(v is not None for v in by_numbers) and all(v is None for v in by_dates):
            pay = self._pay_from_numbers(options)
        else:
            raise CommandError(
                "Give either --date-of-birth and --service-start, or --age and --years."
            )
        for warning in pay.warnings:
            self.stderr.write(f"Warning: {warning}")
        if options["as_json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "eligible": pay.eligible,
                        "weeks": float(pay.weeks),
                        "weekly_pay_used": _money(pay.weekly_pay_used),
                        "cap": _money(pay.cap),
                        "amount": _money(pay.amount),
                        "warnings": list(pay.warnings),
                    },
                    indent=2,
                )
            )
            return
        out = Console()
        table = Table(title="Statutory redundancy pay")
        table.add_column("")
        table.add_column("", justify="right")
        table.add_row("Eligible", "yes" if pay.eligible else "no")
        table.add_row("Weeks", f"{pay.weeks}")
        table.add_row("Week's pay used", f"£{pay.weekly_pay_used:,.2f}")
        table.add_row("Weekly cap", f"£{pay.cap:,.2f}")
        table.add_row("Amount", f"£{pay.amount:,.2f}")
        out.print(table)
        for reason in pay.reasons:
            out.print(f"- {reason}")

    def _pay_from_numbers(self, options: dict[str, Any]) -> StatutoryPay:
        if options["age"] < 0 or options["years"] < 0 or options["weekly_pay"] < 0:
            raise CommandError("Age, years and weekly pay cannot be negative.")
        if options["years"] > options["age"]:
            raise CommandError(
                f"{options['years']} years of service is not possible at age {options['age']}."
            )
        try:
            return statutory_redundancy_pay(
                options["age"], options["years"], options["weekly_pay"], options["date"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from None

    def _pay_from_dates(self, options: dict[str, Any]) -> StatutoryPay:
        if options["weekly_pay"] < 0:
            raise CommandError("A week's pay cannot be negative.")
        try:
            return statutory_redundancy_pay_from_dates(
                options["date_of_birth"],
                options["service_start"],
                options["weekly_pay"],
                options["date"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
