"""gemini report committee --meeting YYYY-MM-DD --out DIR [--issue] [--body NAME]

Writes part1.docx, part1.pdf, part2.docx and part2.pdf of the report for that meeting into DIR:
the issued files if the report has been issued, otherwise a draft made now from the data
(creating the draft first if the meeting has no report). `--issue` issues the draft, freezing
it, before the files are written. When several bodies meet that day, `--body` (its name or
short name) says which.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Q
from rich.console import Console

from gemini.programme.models import Meeting
from gemini.reports import services
from gemini.reports.models import CommitteeReport


def _date(value: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date only)
        except ValueError:
            continue
    raise CommandError(f"{value!r} is not a date; write it as 2025-02-06 or 06/02/2025.")


def find_meeting(date: dt.date, body: str | None) -> Meeting:
    meetings = Meeting.objects.filter(date=date).select_related("body")
    if body:
        meetings = meetings.filter(Q(body__name__iexact=body) | Q(body__short_name__iexact=body))
    found = list(meetings)
    if not found:
        which = f" of {body}" if body else ""
        raise CommandError(
            f"There is no meeting{which} on {date:%d/%m/%Y}. Add it to its governance body "
            "first (Programme > Meetings)."
        )
    if len(found) > 1:
        with_reports = [m for m in found if m.reports.exists()]
        if len(with_reports) == 1:
            return with_reports[0]
        names = ", ".join(sorted(m.body.short_name or m.body.name for m in found))
        raise CommandError(
            f"Several bodies meet on {date:%d/%m/%Y} ({names}); say which with --body."
        )
    return found[0]


def report_for(meeting: Meeting) -> tuple[CommitteeReport, bool]:
    """The meeting's issued report, else its latest draft, else a new draft."""
    issued = meeting.reports.filter(status=CommitteeReport.Status.ISSUED).order_by("-issued_at")
    if issued.exists():
        return issued[0], False
    draft = meeting.reports.order_by("-created_at").first()
    if draft is not None:
        return draft, False
    return services.create_report(meeting, None), True


class Command(BaseCommand):
    help = "Write a committee report (Part 1 and Part 2, Word and PDF) for a meeting."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        committee = commands.add_parser(
            "committee", help="The programme update report for a committee meeting."
        )
        committee.add_argument("--meeting", required=True, help="The meeting date, 2025-02-06.")
        committee.add_argument("--out", required=True, help="The folder to write the files to.")
        committee.add_argument(
            "--issue", action="store_true", help="Issue (freeze) the draft before writing."
        )
        committee.add_argument("--body", help="The body, when several meet that day (CPC).")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=self.stdout, soft_wrap=True)  # type: ignore[arg-type]
        meeting = find_meeting(_date(options["meeting"]), options.get("body"))
        out = Path(options["out"])
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot write to {out}: {error.strerror}.") from None
        # A draft made here is kept only if the whole command succeeds.
        with transaction.atomic():
            report, created = report_for(meeting)
            if options["issue"] and not report.is_issued:
                try:
                    report = services.issue_report(report, None)
                except ValidationError as error:
                    raise CommandError(
                        "The report cannot be issued yet: " + " ".join(error.messages)
                    ) from None
                issued_now = True
            else:
                issued_now = False
        if created:
            console.print(f"Created a draft report for {meeting}.")
        if issued_now:
            console.print(f"Issued {report}.")
        elif options["issue"]:
            console.print(f"{report} was already issued on {report.issued_at:%d/%m/%Y}.")
        state = "issued" if report.is_issued else "draft"
        with console.status("Writing the report…"):
            written = []
            for part in services.PARTS:
                for fmt in services.FORMATS:
                    file = services.file_for(report, part, fmt)
                    path = out / file.filename
                    path.write_bytes(file.content)
                    written.append((path, file))
        for path, file in written:
            console.print(f"{path}  {len(file.content):,} bytes  sha256 {file.sha256}")
        console.print(f"The {state} report {report}: {len(written)} files in {out}.")
