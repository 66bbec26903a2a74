"""Imports of risks, issues, decisions, milestones and benefits: all or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gemini.core import importing
from gemini.programme.models import Benefit, Decision, Issue, Milestone, Risk

pytestmark = pytest.mark.django_db

RISK_HEADER = (
    "reference,title,workstream,inherent_likelihood,inherent_impact,current_likelihood,"
    "current_impact,target_likelihood,target_impact,response,review_date,confidentiality,"
    "exempt_paragraph,public_interest_reason\n"
)


def _run(kind: str, text: str, dry_run: bool = False, filename: str = "file.csv"):
    return importing.run_import(importing.importer_for(kind), text.encode(), filename, dry_run)


def test_a_good_risks_file_writes_and_scores(demo):
    result = _run(
        "risks",
        RISK_HEADER + "R20,Supplier fails,technical,4,4,3,4,2,2,Transfer,31/03/2025,,,\n"
        "R21,Pay claim,workforce,3,3,2,3,1,3,treat,,exempt,4,Negotiations under way\n",
    )
    assert result.ok, result.problems
    assert result.count("created") == 2
    risk = Risk.objects.get(reference="R20")
    assert risk.workstream is not None
    assert (risk.current_score, risk.response, risk.workstream.slug) == (
        12,
        "transfer",
        "technical",
    )
    assert risk.review_date == dt.date(2025, 3, 31)
    assert Risk.objects.get(reference="R21").exempt_paragraph == 4


def test_a_risks_file_with_bad_rows_reports_each_problem_and_writes_nothing(demo):
    before = Risk.objects.count()
    result = _run(
        "risks",
        RISK_HEADER
        + "R30,,technical,11,4,3,4,2,2,Ignore,someday,,,\n"
        + "R31,Unknown stream,nowhere,1,1,1,1,1,1,,,exempt,,\n"
        + "R32,Fine,technical,1,1,1,1,1,1,,,,,\n",
    )
    found = {(p.row, p.column) for p in result.problems}
    assert {
        (2, "title"),
        (2, "inherent_likelihood"),
        (2, "response"),
        (2, "review_date"),
        (3, "exempt_paragraph"),
        (3, "public_interest_reason"),
    } <= found
    assert not result.written
    assert Risk.objects.count() == before


def test_a_workstream_the_programme_does_not_have_is_reported(demo):
    result = _run("risks", RISK_HEADER + "R40,Fine,nowhere,1,1,1,1,1,1,,,,,\n")
    assert [(p.row, p.column) for p in result.problems] == [(2, "workstream")]


def test_a_dry_run_reports_the_changes_and_writes_nothing(demo):
    result = _run("risks", RISK_HEADER + "R01,Renamed,workforce,4,4,2,4,1,3,,,,,\n", dry_run=True)
    assert result.ok
    assert result.count("updated") == 1
    assert Risk.objects.get(reference="R01").title != "Renamed"


def test_issues_link_to_their_risk_and_body(demo):
    result = _run(
        "issues",
        "reference,title,priority,raised_date,resolved_date,escalated_to,risk\n"
        "I10,Hosting contract lapsed,critical,01/03/2025,,Programme Board,R04\n"
        "I11,Bad dates,high,01/03/2025,01/02/2025,Nobody,R99\n",
    )
    assert {(p.row, p.column) for p in result.problems} == {
        (3, "resolved_date"),
    }
    result = _run(
        "issues",
        "reference,title,priority,raised_date,escalated_to,risk\n"
        "I10,Hosting contract lapsed,critical,01/03/2025,Programme Board,R04\n"
        "I11,Other,high,01/03/2025,Nobody,R99\n",
    )
    assert {(p.row, p.column) for p in result.problems} == {(3, "escalated_to"), (3, "risk")}
    result = _run(
        "issues",
        "reference,title,priority,raised_date,escalated_to,risk\n"
        "I10,Hosting contract lapsed,critical,01/03/2025,Programme Board,R04\n",
    )
    assert result.ok
    issue = Issue.objects.get(reference="I10")
    assert issue.risk is not None
    assert issue.escalated_to is not None
    assert issue.risk.reference == "R04"
    assert issue.escalated_to.short_name == "Programme Board"


def test_decisions_name_a_body_and_a_meeting_it_held(demo):
    bad = _run(
        "decisions",
        "reference,title,body,date,meeting_date\nX1,Thing,CPC,06/02/2025,07/02/2025\n",
    )
    assert [(p.row, p.column) for p in bad.problems] == [(2, "meeting_date")]
    good = _run(
        "decisions",
        "reference,title,body,date,meeting_date,resolution\n"
        "CPC/52/24-25 R2,Formal consultation,CPC,06/02/2025,06/02/2025,Approved\n",
    )
    assert good.ok, good.problems
    decision = Decision.objects.get(reference="CPC/52/24-25 R2")
    assert decision.meeting is not None
    assert decision.resolution == "Approved"
    assert decision.meeting.date == dt.date(2025, 2, 6)


def test_milestones_set_predecessors_from_the_file_or_gemini(demo):
    result = _run(
        "milestones",
        "reference,title,workstream,baseline_date,forecast_date,predecessors\n"
        "M20,Go live,technical,2025-06-01,2025-07-01,M21 M09\n"
        "M21,Test,technical,2025-05-01,2025-05-01,\n"
        "M22,Loop,,2025-05-01,,M22\n"
        "M23,Dangling,,2025-05-01,,M99\n",
    )
    assert {(p.row, p.column) for p in result.problems} == {
        (4, "predecessors"),
        (5, "predecessors"),
    }
    result = _run(
        "milestones",
        "reference,title,workstream,baseline_date,forecast_date,predecessors\n"
        "M20,Go live,technical,2025-06-01,2025-07-01,M21 M09\n"
        "M21,Test,technical,2025-05-01,2025-05-01,\n",
    )
    assert result.ok, result.problems
    milestone = Milestone.objects.get(reference="M20")
    assert sorted(p.reference for p in milestone.predecessors.all()) == ["M09", "M21"]
    assert milestone.slippage_days == 30


def test_benefits_read_money_with_pence_and_refuse_fractions_of_a_penny(demo):
    bad = _run(
        "benefits",
        "reference,title,financial,baseline,target,owner_organisation\n"
        "B9,Saving,yes,0,£1.001,NOPE\n",
    )
    assert {(p.row, p.column) for p in bad.problems} == {(2, "target")}
    good = _run(
        "benefits",
        "reference,title,financial,kind,baseline,target,owner_organisation\n"
        'B9,Saving,yes,dis-benefit,0,"£1,000.50",CEC\n',
    )
    assert good.ok, good.problems
    benefit = Benefit.objects.get(reference="B9")
    assert benefit.target == Decimal("1000.50")
    assert benefit.kind == "dis_benefit"


def test_an_xlsx_risks_file_imports_like_csv(demo):
    from gemini.core.exports import Sheet, workbook_bytes

    data = workbook_bytes(
        [
            Sheet(
                "Risks",
                RISK_HEADER.strip().split(","),
                [
                    [
                        "R50",
                        "From Excel",
                        "technical",
                        2,
                        2,
                        2,
                        2,
                        1,
                        1,
                        "Tolerate",
                        dt.date(2025, 3, 31),
                        "",
                        "",
                        "",
                    ]
                ],
            )
        ]
    )
    result = importing.run_import(importing.importer_for("risks"), data, "risks.xlsx")
    assert result.ok, result.problems
    assert Risk.objects.get(reference="R50").review_date == dt.date(2025, 3, 31)


def test_the_risks_export_imports_back_unchanged(demo, personas, client_for):
    from django.urls import reverse

    export = client_for(personas["pmo"]).get(reverse("programme:risks"), {"export": "xlsx"})
    result = importing.run_import(importing.importer_for("risks"), export.content, "risks.xlsx")
    assert result.ok, result.problems
    assert result.count("unchanged") == Risk.objects.count()
