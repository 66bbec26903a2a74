"""`gemini workforce match|redundancy-pay`: the matching engine and the redundancy calculator.

gemini workforce match [--slot-in 70] [--ring-fence 50] [--json]
gemini workforce redundancy-pay --age A --years Y --weekly-pay P --date YYYY-MM-DD [--json]
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

from gemini.workforce import services
from gemini.workforce.engine.matching import OUTCOME_LABELS, OUTCOMES, Policy
from gemini.workforce.engine.redundancy import statutory_redundancy_pay
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
        match.add_argument("--json", action="store_true", dest="as_json")
        pay = commands.add_parser("redundancy-pay", help="Statutory redundancy pay (ERA s162).")
        pay.add_argument("--age", type=int, required=True)
        pay.add_argument("--years", type=int, required=True)
        pay.add_argument("--weekly-pay", type=_decimal, required=True, dest="weekly_pay")
        pay.add_argument("--date", type=_date, required=True)
        pay.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "match":
            self._match(options)
        else:
            self._redundancy_pay(options)

    def _match(self, options: dict[str, Any]) -> None:
        try:
            policy = services.matching_policy(
                slot_in=options["slot_in"], ring_fence=options["ring_fence"]
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
        if options["age"] < 0 or options["years"] < 0 or options["weekly_pay"] < 0:
            raise CommandError("Age, years and weekly pay cannot be negative.")
        if options["years"] > options["age"]:
            raise CommandError(
                f"{options['years']} years of service is not possible at age {options['age']}."
            )
        try:
            pay = statutory_redundancy_pay(
                options["age"], options["years"], options["weekly_pay"], options["date"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        if options["as_json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "eligible": pay.eligible,
                        "weeks": float(pay.weeks),
                        "weekly_pay_used": _money(pay.weekly_pay_used),
                        "cap": _money(pay.cap),
                        "amount": _money(pay.amount),
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
