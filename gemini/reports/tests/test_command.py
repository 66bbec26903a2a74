"""`gemini report committee --meeting YYYY-MM-DD --out DIR [--issue]` writes part1.docx,
part1.pdf, part2.docx and part2.pdf."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gemini.programme.governance import services as governance_services
from gemini.reports.models import CommitteeReport
from gemini.reports.tests.files import docx_text, flat, pdf_text

pytestmark = pytest.mark.django_db
FILES = {"part1.docx", "part1.pdf", "part2.docx", "part2.pdf"}


def _run(*args: str) -> str:
    out = StringIO()
    call_command("report", "committee", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_four_files_of_the_meetings_draft(draft, tmp_path):
    output = _run("--meeting", "2025-02-06", "--out", str(tmp_path / "cpc"))

    written = {path.name for path in (tmp_path / "cpc").iterdir()}
    assert written == FILES
    assert "draft report CPC/52/24-25" in output
    assert "Amber" in flat(pdf_text((tmp_path / "cpc" / "part1.pdf").read_bytes()))
    assert "NOT FOR PUBLICATION" in docx_text((tmp_path / "cpc" / "part2.docx").read_bytes())
    draft.refresh_from_db()
    assert not draft.is_issued


def test_with_issue_it_freezes_the_report_and_writes_the_issued_files(draft, tmp_path):
    output = _run("--meeting", "06/02/2025", "--out", str(tmp_path), "--issue")

    draft.refresh_from_db()
    assert draft.is_issued
    assert "Issued CPC/52/24-25" in output
    stored = {f.filename: f.sha256 for f in draft.files.all()}
    for name in FILES:
        assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == stored[name]
        assert stored[name] in output


def test_it_creates_a_draft_when_the_meeting_has_no_report(meeting, tmp_path):
    later, _ = governance_services.save_meeting(meeting.body, dt.date(2025, 6, 26), "Update")

    output = _run("--meeting", "2025-06-26", "--out", str(tmp_path))

    assert "Created a draft report" in output
    assert CommitteeReport.objects.filter(meeting=later, status="draft").count() == 1
    assert {path.name for path in tmp_path.iterdir()} == FILES


def test_it_says_clearly_when_there_is_no_such_meeting(meeting, tmp_path):
    with pytest.raises(CommandError, match="There is no meeting on 07/02/2025"):
        _run("--meeting", "2025-02-07", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="is not a date"):
        _run("--meeting", "February", "--out", str(tmp_path))


def test_it_asks_which_body_when_several_meet_that_day(meeting, tmp_path):
    board = meeting.body.programme.bodies.get(short_name="Programme Board")
    governance_services.save_meeting(board, dt.date(2025, 7, 1))
    governance_services.save_meeting(meeting.body, dt.date(2025, 7, 1))

    with pytest.raises(CommandError, match=r"Several bodies meet on 01/07/2025 \(CPC, Programme"):
        _run("--meeting", "2025-07-01", "--out", str(tmp_path))
    output = _run("--meeting", "2025-07-01", "--out", str(tmp_path), "--body", "CPC")
    assert "CPC 01/07/2025" in output


def test_it_refuses_to_issue_an_incomplete_draft_and_writes_nothing(meeting, tmp_path):
    governance_services.save_meeting(meeting.body, dt.date(2025, 6, 26), "Update")
    CommitteeReport.objects.filter(meeting=meeting).delete()

    with pytest.raises(CommandError, match="Give the report its reference"):
        _run("--meeting", "2025-06-26", "--out", str(tmp_path / "out"), "--issue")

    assert not list((tmp_path / "out").iterdir())
    assert not CommitteeReport.objects.filter(meeting__date=dt.date(2025, 6, 26)).exists()
