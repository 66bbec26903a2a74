"""The reports app's rows of the URL × role table (gemini/testing/routes.py).

SETUP issues the demo report (the small demo leaves it a draft) and makes a draft for a later
meeting of the same committee, so both kinds of report have rows.
"""

import datetime as dt

from gemini.testing.routes import Route, only

OFFICERS = ("pmo", "lead", "hr", "hr_cwac", "finance", "tech")
PART_1_ONLY = only(404, "member", "union")
PMO = only(200, "pmo")
NEXT_MEETING = dt.date(2025, 6, 26)


def issued() -> int:
    from gemini.reports.models import CommitteeReport

    return int(CommitteeReport.objects.get(status="issued", reference="CPC/52/24-25").pk)


def draft() -> int:
    from gemini.reports.models import CommitteeReport

    return int(CommitteeReport.objects.get(status="draft", meeting__date=NEXT_MEETING).pk)


def make_reports() -> None:
    from gemini.programme.governance import services as governance_services
    from gemini.programme.models import GovernanceBody
    from gemini.reports import services
    from gemini.reports.demo import issue_demo_report

    issue_demo_report()
    cpc = GovernanceBody.objects.get(short_name="CPC")
    meeting, _ = governance_services.save_meeting(cpc, NEXT_MEETING, "Gemini update")
    if not meeting.reports.exists():
        services.create_report(meeting, None, reference="CPC/10/25-26")


SETUP = (make_reports,)

ROUTES = (
    Route("reports:index"),
    Route("reports:create", default=403, statuses=PMO),
    Route("reports:report", (issued,)),
    Route("reports:report", (draft,), statuses=PART_1_ONLY),
    Route("reports:report", (999_999,), default=404),
    Route("reports:part_2", (issued,), statuses=PART_1_ONLY),
    Route("reports:part_2", (draft,), statuses=PART_1_ONLY),
    Route("reports:edit", (draft,), default=403, statuses=PMO),
    Route("reports:edit", (issued,), default=403, statuses=only(302, "pmo")),
    Route("reports:issue", (draft,), default=403, statuses=PMO),
    Route("reports:issue", (issued,), default=403, statuses=only(302, "pmo")),
    Route("reports:compare", (draft,), default=403, statuses=dict.fromkeys(OFFICERS, 200)),
    Route("reports:compare", (issued,), default=403, statuses=dict.fromkeys(OFFICERS, 200)),
    Route(
        "reports:delete",
        (draft,),
        method="post",
        default=403,
        statuses=only(302, "pmo"),
    ),
    Route("reports:download", (issued, 1, "pdf")),
    Route("reports:download", (issued, 1, "docx")),
    Route("reports:download", (issued, 2, "pdf"), statuses=PART_1_ONLY),
    Route("reports:download", (issued, 2, "docx"), statuses=PART_1_ONLY),
    Route("reports:download", (issued, 3, "pdf"), default=404),
    Route("reports:download", (issued, 1, "odt"), default=404),
    Route("reports:download", (draft, 2, "docx"), statuses=PART_1_ONLY),
    # The API (read only); signed-out requests get 401 in JSON.
    Route("api:reports_list", anonymous=401),
    Route("api:reports_detail", (issued,), anonymous=401),
    Route("api:reports_detail", (draft,), anonymous=401, statuses=PART_1_ONLY),
    Route("api:reports_file", (issued, "part1.pdf"), anonymous=401),
    Route("api:reports_file", (issued, "part2.docx"), anonymous=401, statuses=PART_1_ONLY),
    Route("api:reports_file", (draft, "part1.docx"), anonymous=401, statuses=PART_1_ONLY),
)
