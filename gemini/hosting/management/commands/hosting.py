"""`gemini hosting`: the data-centre exit from the command line (docs/hosting.md).

- `gemini hosting import-rvtools FILE [--dry-run] [--allow-disappear]`: check an RVTools
  export and print what it would change (VMs that appear, change and disappear; applications
  whose disposition would change), then take it in unless `--dry-run`. An import that would
  mark more than GEMINI_HOSTING_MAX_DISAPPEAR_SHARE of the estate disappeared is refused
  (exit 1, nothing written) unless `--allow-disappear`.
- `gemini hosting estate [--on|--as-at YYYY-MM-DD] [--json]`: the estate's figures as at that
  date (templates excluded; gemini/hosting/figures.py, `estate`), with the VMs' Azure readiness
  judged on it (default today).
- `gemini hosting waves [--as-at YYYY-MM-DD] [--json]`: the latest wave plan made by that date,
  as it stood then (gemini/hosting/figures.py, `plan`).
- `gemini hosting plan [--deadline YYYY-MM-DD] [--json]`: make and keep a wave plan, and say
  whether it meets the exit date and, if not, the capacity a wave (VMs, TB) or the wave length
  that would (`exit`); VMs in no application are planned one by one (`unassigned`).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from gemini.hosting import assessment, figures, services
from gemini.hosting.engine.readiness import Readiness as ReadinessCategory
from gemini.hosting.rvtools import RvtoolsError, read_export


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date: write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "The Phase 2 data-centre exit: import-rvtools, estate, plan."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        imports = subcommands.add_parser("import-rvtools", help="Import an RVTools export.")
        imports.add_argument("file", type=Path)
        imports.add_argument(
            "--dry-run", action="store_true", help="Print what would change; write nothing."
        )
        imports.add_argument(
            "--allow-disappear",
            action="store_true",
            help="Confirm that more than GEMINI_HOSTING_MAX_DISAPPEAR_SHARE of the estate "
            "may be marked disappeared.",
        )
        estate = subcommands.add_parser("estate", help="The estate's figures.")
        estate.add_argument(
            "--on",
            "--as-at",
            dest="on",
            help="The estate as recorded at the end of this date, its Azure readiness judged "
            "on it, YYYY-MM-DD (default today; a later date such as the exit date looks ahead "
            "at today's estate).",
        )
        estate.add_argument("--json", action="store_true", help="Print JSON.")
        plan = subcommands.add_parser("plan", help="Make and keep a wave plan.")
        plan.add_argument(
            "--deadline",
            help="The data-centre exit date, YYYY-MM-DD (default GEMINI_HOSTING_EXIT_DATE, "
            "2027-03-31).",
        )
        plan.add_argument("--json", action="store_true", help="Print JSON.")
        waves = subcommands.add_parser("waves", help="The latest wave plan made by a date.")
        waves.add_argument("--as-at", dest="as_at", help="YYYY-MM-DD (default today).")
        waves.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=self.stdout, soft_wrap=True)  # type: ignore[arg-type]
        subcommand = options["subcommand"]
        if subcommand == "import-rvtools":
            self._import(console, options["file"], options["dry_run"], options["allow_disappear"])
        elif subcommand == "estate":
            on = _date(options["on"]) if options["on"] else timezone.localdate()
            self._estate(console, on, options["json"])
        elif subcommand == "waves":
            as_at = _date(options["as_at"]) if options["as_at"] else timezone.localdate()
            self._waves(console, as_at, options["json"])
        else:
            deadline = _date(options["deadline"]) if options["deadline"] else assessment.EXIT_DATE
            self._plan(console, deadline, options["json"])

    def _import(self, console: Console, path: Path, dry_run: bool, allow: bool) -> None:
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(f"Reading {path.name}", total=2)
            try:
                export = read_export(path.read_bytes(), path.name)
            except RvtoolsError as error:
                raise CommandError(str(error)) from error
            progress.update(task, advance=1, description="Checking against the estate")
            check = services.check_rvtools(export, path.name)
            progress.update(task, advance=1)
        _print_check(console, check)
        if dry_run:
            console.print("Dry run: nothing was written.")
            return
        try:
            record = services.import_rvtools(export, path.name, allow_disappear=allow)
        except services.ImportRefusedError as error:
            raise CommandError(f"{error} Run again with --allow-disappear to confirm.") from None
        console.print(
            f"Imported {record.vms} VMs from {path.name} ({record.templates} templates skipped): "
            f"{len(record.appeared)} appeared, {record.updated} updated, "
            f"{len(record.disappeared)} disappeared."
        )

    def _estate(self, console: Console, on: dt.date, as_json: bool) -> None:
        """figures.estate as at `on`, for the system (every VM)."""
        found = figures.estate(on)
        latest = found.latest_import
        data = {
            "vms": found.counts.vms,
            "templates": latest.templates if latest else 0,
            "powered_on": found.counts.powered_on,
            "powered_off": found.counts.powered_off,
            "vcpus": found.counts.vcpus,
            "memory_mib": found.counts.memory_mib,
            "provisioned_mib": found.counts.provisioned_mib,
            "in_use_mib": found.counts.in_use_mib,
            "findings": latest.findings if latest else 0,
            "needs_data": found.counts.needs_data,
            "readiness": found.readiness,
        }
        if as_json:
            self.stdout.write(json.dumps(data, indent=2))
            return
        table = Table("Figure", "Value", title=f"The estate on {on:%d/%m/%Y} (templates excluded)")
        for key, value in data.items():
            if isinstance(value, dict):
                for category, count in value.items():
                    label = ReadinessCategory(category).label
                    table.add_row(f"Azure readiness on {on:%d/%m/%Y}: {label}", f"{count:,}")
            else:
                table.add_row(key.replace("_", " "), f"{value:,}")
        console.print(table)

    def _waves(self, console: Console, as_at: dt.date, as_json: bool) -> None:
        """figures.plan as at `as_at`, for the system (every application)."""
        found = figures.plan(as_at)
        if found is None:
            raise CommandError(f"No wave plan had been made by {as_at:%Y-%m-%d}.")
        data = {
            "made_at": found.plan.made_at.isoformat(),
            "exit_date": found.plan.exit_date.isoformat(),
            "out_of_date": found.out_of_date,
            "waves": [
                {
                    "name": w["name"],
                    "start": w["start"].isoformat(),
                    "end": w["end"].isoformat(),
                    "vms": w["vms"],
                    "applications": list(w["applications"]),
                }
                for w in found.waves
            ],
            "move_groups": [list(group) for group in found.move_groups],
            "findings": list(found.findings),
            "meets": found.exit["meets"] if found.exit else None,
        }
        if as_json:
            self.stdout.write(json.dumps(data, indent=2))
            return
        table = Table(
            "Wave",
            "Start",
            "End",
            "VMs",
            "Applications",
            title=f"Wave plan of {found.plan.made_at:%d/%m/%Y}",
        )
        for wave in found.waves:
            table.add_row(
                wave["name"],
                f"{wave['start']:%d/%m/%Y}",
                f"{wave['end']:%d/%m/%Y}",
                f"{wave['vms']:,}",
                f"{len(wave['applications']):,}",
            )
        console.print(table)
        console.print(f"{len(found.findings)} finding(s).")
        for finding in found.findings:
            console.print(f"  {finding['application']}: {finding['message']}")

    def _plan(self, console: Console, deadline: dt.date, as_json: bool) -> None:
        start = timezone.localdate()
        if deadline <= start:
            raise CommandError(f"The deadline {deadline:%Y-%m-%d} is not after today.")
        plan = services.make_plan(None, start, deadline)
        result = plan.result
        data = {
            "applications": result["applications"],
            "move_groups": result["move_groups"],
            "waves": [
                {
                    key: wave[key]
                    for key in ("name", "start", "end", "applications", "unassigned_vms", "vms")
                }
                for wave in result["waves"]
            ],
            "findings": result["findings"],
            "unassigned": result["unassigned"],
            "exit": result["exit"],
        }
        if as_json:
            self.stdout.write(json.dumps(data, indent=2))
            return
        table = Table("Wave", "Start", "End", "VMs", "Applications", title="Waves")
        for wave in data["waves"]:
            table.add_row(
                wave["name"],
                wave["start"],
                wave["end"],
                str(wave["vms"]),
                str(len(wave["applications"])),
            )
        console.print(table)
        console.print(
            f"{data['applications']} applications, {len(data['move_groups'])} move group(s) "
            f"from dependency cycles, {len(data['findings'])} finding(s)."
        )
        for finding in data["findings"]:
            console.print(f"  {finding['application']}: {finding['message']}")
        loose = data["unassigned"]
        if loose["vms"]:
            console.print(
                f"{loose['vms']:,} VMs are in no application: {loose['planned']:,} planned one "
                f"by one, {loose['retired']:,} powered off (proposed for retirement). Group them "
                "into applications on the page “VMs in no application”."
            )
        exit_figures = data["exit"]
        style = "green" if exit_figures["meets"] else "bold red"
        title = "Meets the exit date" if exit_figures["meets"] else "Misses the exit date"
        console.print(f"[{style}]{title}.[/{style}] " + " ".join(exit_figures["reasons"]))


def _print_check(console: Console, check: services.ImportCheck) -> None:
    """The same summary as the web preview."""
    console.print(
        f"{check.filename}: {check.vms} VMs ({check.templates} templates skipped); "
        f"{len(check.appeared)} would appear, {len(check.changed)} change, "
        f"{check.unchanged} stay the same, {len(check.disappeared)} disappear "
        f"({check.disappear_share:.0%} of the {check.present_before} in the estate)."
    )
    for title, names in (("Appear", check.appeared), ("Disappear", check.disappeared)):
        if names:
            console.print(f"{title}: {', '.join(names)}")
    for change in check.changed:
        console.print(f"Change {change.name}: {'; '.join(change.changes)}")
    for name, reason in check.needs_data:
        console.print(f"Needs data {name}: {reason}")
    for item in check.dispositions:
        stays = " (confirmed disposition stays)" if item.confirmed else ""
        console.print(
            f"Disposition of {item.application}: {item.before.label} → {item.after.label}{stays}"
        )
    if check.needs_confirmation:
        console.print(f"[bold red]{check.refusal}[/bold red]")
    if check.findings:
        table = Table("Sheet", "Row", "What", title=f"{len(check.findings)} finding(s)")
        for finding in check.findings:
            table.add_row(finding.sheet, str(finding.row or "-"), finding.what)
        console.print(table)
