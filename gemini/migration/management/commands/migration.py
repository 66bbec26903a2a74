"""`gemini migration plan|export|board`: plan the waves, write the files the Microsoft tools
take, and print the migration board's figures.

gemini migration board [--as-at YYYY-MM-DD] [--json]
                                           (gemini/migration/figures.py: progress per wave as
                                           at the day; each workload's people, done and failed;
                                           each council's cut-over checklist as at the day; the
                                           same figures as the board's page)
gemini migration plan [--max-users N] [--max-gb G] [--start YYYY-MM-DD] [--json]
gemini migration export KIND --out DIR     (KIND: every kind of services.EXPORT_KINDS; --help
                                           lists them with what each file is)
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from gemini.core.asat import today
from gemini.migration import figures, mappings, schemas, services
from gemini.migration import models as m
from gemini.migration.views import EXPORT_TITLES


def _date(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date; write it as YYYY-MM-DD.") from None
    return day


def _gb(value: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CommandError(f"{value!r} is not a number of GB.") from None
    if not number.is_finite() or number <= 0:
        raise CommandError("--max-gb must be more than 0.")
    return number


def _users(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a whole number.") from None
    if not 1 <= number <= 2000:
        raise CommandError("--max-users must be from 1 to 2000 (Microsoft's cap per batch).")
    return number


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


class Command(BaseCommand):
    help = "Plan the Microsoft 365 migration's waves, or export the files for the Microsoft tools."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        plan = commands.add_parser("plan", help="Plan the waves from the imported estate.")
        plan.add_argument("--max-users", type=_users, help="Users per wave (default: settings).")
        plan.add_argument("--max-gb", type=_gb, help="GB per wave (default: settings).")
        plan.add_argument("--start", type=_date, help="First submission, YYYY-MM-DD.")
        plan.add_argument("--json", action="store_true", help="Print the plan as JSON.")
        export = commands.add_parser(
            "export",
            help="Write one kind of file from the plan.",
            description="Write one kind of file from the plan. Kinds: "
            + "; ".join(f"{kind}: {EXPORT_TITLES[kind]}" for kind in services.EXPORT_KINDS)
            + ".",
        )
        export.add_argument(
            "kind",
            choices=services.EXPORT_KINDS,
            help="What to write: " + ", ".join(services.EXPORT_KINDS) + ".",
        )
        export.add_argument("--out", type=Path, required=True, help="Folder to write into.")
        board = commands.add_parser(
            "board", help="Each workload's progress and each council's cut-over checklist."
        )
        board.add_argument("--json", action="store_true", help="Print JSON.")
        board.add_argument(
            "--as-at",
            type=_date,
            help="Progress and the checklist as recorded at the end of YYYY-MM-DD (default today).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "plan":
            self.plan(options)
        elif options["subcommand"] == "board":
            self.board(options["json"], options["as_at"] or today())
        else:
            self.export(options["kind"], options["out"])

    def board(self, as_json: bool, as_at: dt.date) -> None:
        """figures.progress, figures.workload_figures and figures.cutover_checklist, each as
        at the day."""
        progress = figures.progress(as_at)
        workloads = figures.workload_figures(as_at)
        checklists = figures.cutover_checklist(as_at)
        data = {
            # The API's /progress answer (the same schema), so the two cannot drift apart.
            "progress": schemas.progress_out(progress).model_dump(mode="json"),
            "workloads": [
                {
                    "workload": w.workload,
                    "label": w.label,
                    "phase": w.phase,
                    "people": w.people,
                    "done": w.done,
                    "failed": w.failed,
                    "rolled_back": w.rolled_back,
                    "problems": w.problems,
                }
                for w in workloads
            ],
            "cutover": [
                {
                    "council": c.code,
                    "done": c.done,
                    "steps": [
                        {"item": step.item, "state": step.state, "due": _iso(step.due)}
                        for step in c.steps
                    ],
                }
                for c in checklists
            ],
        }
        if as_json:
            self.stdout.write(json.dumps(data, indent=2))
            return
        console = Console(file=self.stdout, soft_wrap=True)  # type: ignore[arg-type]
        title = f"Progress as at {as_at:%d/%m/%Y}"
        waves = Table("Wave", "People", "Phase 1 done", "Phase 2 done", title=title)
        for wave in progress.waves:
            waves.add_row(wave.name, f"{wave.users:,}", f"{wave.phase_1:,}", f"{wave.phase_2:,}")
        console.print(waves)
        table = Table("Workload", "People", "Done", "Failed", "Rolled back", title="Workloads")
        for w in workloads:
            table.add_row(w.label, f"{w.people:,}", f"{w.done:,}", f"{w.failed:,}",
                          f"{w.rolled_back:,}")  # fmt: skip
        console.print(table)
        for c in checklists:
            console.print(
                f"{c.name}: {c.done} of {len(c.steps)} cut-over steps done or not applicable."
            )

    def plan(self, options: dict[str, Any]) -> None:
        record = services.current_settings()
        if record is None:
            raise CommandError(
                "The migration has no settings yet (tenants, new domain): run `gemini demo` or "
                "set them up in the web pages first."
            )
        if not m.Identity.objects.exists():
            raise CommandError("There are no identities: run `gemini import identities FILE`.")
        try:
            limits = services.limits_from(
                record,
                max_users=options["max_users"],
                max_gb=options["max_gb"],
                start=options["start"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        console = Console(file=self.stdout, soft_wrap=True)  # type: ignore[arg-type]
        if options["json"]:
            plan = services.run_plan(limits)
        else:
            with console.status("Planning the waves…"):
                plan = services.run_plan(limits)
        placements = (
            m.Placement.objects.filter(plan=plan, wave__isnull=False)
            .order_by("identity__user_principal_name")
            .values_list("wave_id", "identity__user_principal_name")
        )
        members: dict[int, list[str]] = {}
        for wave_id, upn in placements:
            members.setdefault(wave_id, []).append(upn)
        waves = list(plan.waves.order_by("number"))
        findings = list(plan.findings.order_by("pk"))
        if options["json"]:
            payload = {
                "identities": plan.identities,
                "move_groups": plan.move_groups,
                "waves": [
                    {
                        "name": wave.name,
                        "cutover": wave.cutover.isoformat(),
                        "submit_by": wave.submit_by.isoformat(),
                        "users": members.get(wave.pk, []),
                        "gb": float(wave.gb),
                    }
                    for wave in waves
                ],
                "findings": [{"kind": f.kind, "detail": f.detail} for f in findings],
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        table = Table("Wave", "Submit by", "Cutover", "Users", "GB", title="Waves")
        for wave in waves:
            table.add_row(
                wave.name,
                f"{wave.submit_by:%d/%m/%Y}",
                f"{wave.cutover:%d/%m/%Y}",
                f"{wave.users:,}",
                f"{wave.gb:,}",
            )
        console.print(table)
        console.print(
            f"{plan.identities:,} identities in {plan.move_groups:,} move groups; "
            f"{plan.unplaced:,} not placed; {plan.held_back:,} held back from every batch."
        )
        for finding in findings:
            console.print(f"[bold]{finding.kind}[/bold]: {finding.detail}")

    def export(self, kind: str, out: Path) -> None:
        plan = services.current_plan()
        if plan is None:
            raise CommandError("There is no plan yet: run `gemini migration plan` first.")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot make the folder {out}: {error.strerror}.") from error
        try:
            produced = services.export_files(kind, plan)
        except (mappings.ExportNotReadyError, services.ExportRefusedError) as error:
            raise CommandError(str(error)) from error
        for name, text in produced.items():
            path = out / name
            path.write_text(text, encoding="utf-8", newline="")
            self.stdout.write(f"Wrote {path}")
