"""The four import kinds: every bad row reported by row and column, nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from gemini.core.importing import ImportResult, importer_for, run_import
from gemini.testing.personas import make_organisations
from gemini.workforce.models import DutyMatch, Grade, Post, Staff

GRADES = b"""council,grade,rank,min_spinal_point,max_spinal_point
CEC,Grade 5,5,10,14
CEC,Grade 6,6,15,19
CWAC,Band C,5,10,14
"""
STAFF_HEADER = (
    "employee_ref,name,employer,current_title,team,grade,fte,weekly_pay,annual_salary,"
    "date_of_birth,continuous_service_start,contract_type,preference,lgps_member,current_jd,"
    "jd_status,sex,ethnicity,disability\n"
)
GOOD_STAFF = (
    "E1,Alex Example,CEC,Network Engineer,Networks,Grade 5,1,600.00,31285.00,1980-05-01,"
    "2010-01-04,permanent,CWAC,yes,configure routers and switches,confirmed,Female,Mixed,No\n"
    "E2,Sam Sample,CEC,Analyst,Service Desk,Grade 6,0.5,300.00,15642.50,12/03/1990,"
    "01/09/2015,fixed_term,either,no,reset passwords,summary,,,\n"
)
POSTS = b"""post_ref,council,structure,title,team,grade,fte,count,jd,jdq_status,jdq_score
CW-1,CWAC,CWaC design,Network Engineer,Networks,Band C,1,2,configure routers,evaluated,420
"""


@pytest.fixture
def grades(db):
    make_organisations()
    result = run_import(importer_for("grades"), GRADES, "grades.csv")
    assert result.ok, result.problems


def _problems(result: ImportResult) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in result.problems}


def test_a_good_staff_file_writes_every_person_with_equality_held_apart(grades):
    result = run_import(importer_for("staff"), (STAFF_HEADER + GOOD_STAFF).encode(), "s.csv")
    assert result.ok, result.problems
    assert result.count("created") == 2
    alex = Staff.objects.get(employee_ref="E1")
    assert alex.employer.code == "CEC"
    assert alex.grade.grade == "Grade 5"
    assert alex.equality.ethnicity == "Mixed"
    assert not hasattr(Staff.objects.get(employee_ref="E2"), "equality_id")


def test_a_dry_run_writes_nothing(grades):
    result = run_import(
        importer_for("staff"), (STAFF_HEADER + GOOD_STAFF).encode(), "s.csv", dry_run=True
    )
    assert result.ok
    assert result.count("created") == 2
    assert not Staff.objects.exists()


def test_it_reports_each_bad_staff_row_and_writes_nothing(grades):
    bad = (
        "E1,A,CEC,T,Team,Grade 99,1,600,31285,1980-05-01,2010-01-04,permanent,CEC,yes,jd,"
        "confirmed,,,\n"
        "E2,B,NOPE,T,Team,Grade 5,1,600,31285,1980-05-01,2010-01-04,permanent,CEC,yes,jd,"
        "confirmed,,,\n"
        "E3,C,CEC,T,Team,Grade 5,1,600,31285,2099-01-01,2010-01-04,permanent,CEC,yes,jd,"
        "confirmed,,,\n"
        "E3,D,CEC,T,Team,Grade 5,2,600,31285,1980-05-01,2010-01-04,contractor,maybe,yes,jd,"
        "confirmed,,,\n"
    )
    result = run_import(importer_for("staff"), (STAFF_HEADER + bad).encode(), "s.csv")
    assert not result.ok
    assert {(2, "grade"), (3, "employer"), (4, "date_of_birth")} <= _problems(result)
    assert {(5, "fte"), (5, "contract_type"), (5, "preference")} <= _problems(result)
    assert not Staff.objects.exists()


def test_it_rejects_duplicate_employee_refs(grades):
    rows = GOOD_STAFF.replace("E2,", "E1,")
    result = run_import(importer_for("staff"), (STAFF_HEADER + rows).encode(), "s.csv")
    assert (3, "employee_ref") in _problems(result)
    assert not Staff.objects.exists()


def test_posts_need_a_council_that_exists_and_its_own_grade(grades):
    bad = (
        POSTS + b"X-1,XYZ,D,T,Team,Band C,1,1,jd,draft,\nX-2,CWAC,D,T,Team,Grade 5,1,1,jd,draft,\n"
    )
    result = run_import(importer_for("posts"), bad, "posts.csv")
    assert {(3, "council"), (4, "grade")} <= _problems(result)
    assert not Post.objects.exists()
    good = run_import(importer_for("posts"), POSTS, "posts.csv")
    assert good.ok
    assert Post.objects.get().structure.name == "CWaC design"


def test_grades_with_an_unknown_council_or_points_the_wrong_way_round_are_refused(db):
    make_organisations()
    bad = GRADES + b"XYZ,G1,1,1,2\nCEC,G2,2,9,3\n"
    result = run_import(importer_for("grades"), bad, "grades.csv")
    assert {(5, "council"), (6, "max_spinal_point")} <= _problems(result)
    duplicate = run_import(importer_for("grades"), GRADES + b"CEC,Grade 5,5,10,14\n", "g.csv")
    assert (5, "grade") in _problems(duplicate)
    assert not Grade.objects.exists()


def test_duty_matches_outside_0_to_100_or_unknown_refs_are_refused(grades):
    run_import(importer_for("staff"), (STAFF_HEADER + GOOD_STAFF).encode(), "s.csv")
    run_import(importer_for("posts"), POSTS, "posts.csv")
    header = b"employee_ref,post_ref,duty_match,moderated_by,note\n"
    bad = header + b"E1,CW-1,101,HR,\nE9,CW-1,50,HR,\nE1,NOPE,50,HR,\nE2,CW-1,-1,HR,\n"
    result = run_import(importer_for("duty-matches"), bad, "m.csv")
    assert {(2, "duty_match"), (3, "employee_ref"), (4, "post_ref"), (5, "duty_match")} <= (
        _problems(result)
    )
    assert not DutyMatch.objects.exists()
    good = run_import(importer_for("duty-matches"), header + b"E1,CW-1,72.5,HR panel,ok\n", "m.csv")
    assert good.ok
    assert DutyMatch.objects.get().duty_match == 72.5


def test_a_person_under_16_at_their_service_start_is_a_problem_row(grades):
    # Issue 14, item 11: born 01/05/2000, service from 04/01/2010 (aged 9).
    young = GOOD_STAFF.replace("1980-05-01", "2000-05-01")
    result = run_import(importer_for("staff"), (STAFF_HEADER + young).encode(), "s.csv")
    assert not result.ok
    assert (2, "continuous_service_start") in _problems(result)
    assert any("no one under 16" in p.message for p in result.problems)
    assert not Staff.objects.exists()


PROTECTED_HEADER = STAFF_HEADER.replace(
    "disability\n", "disability,protected_leave,protected_until\n"
)


def test_protected_leave_and_its_end_are_imported_and_a_file_without_them_keeps_them(grades):
    rows = GOOD_STAFF.replace(",Female,Mixed,No\n", ",Female,Mixed,No,maternity,31/03/2026\n")
    rows = rows.replace("summary,,,\n", "summary,,,,\n")
    result = run_import(importer_for("staff"), (PROTECTED_HEADER + rows).encode(), "s.csv")
    assert result.ok, result.problems
    person = Staff.objects.get(employee_ref="E1")
    assert person.protected_leave == "maternity"
    assert person.protected_until == dt.date(2026, 3, 31)
    assert Staff.objects.get(employee_ref="E2").protected_leave == "none"

    # A later file without the columns never clears what was recorded.
    again = run_import(importer_for("staff"), (STAFF_HEADER + GOOD_STAFF).encode(), "s.csv")
    assert again.ok, again.problems
    person.refresh_from_db()
    assert person.protected_leave == "maternity"
    assert person.protected_until == dt.date(2026, 3, 31)


def test_an_unknown_kind_of_leave_or_an_end_without_a_kind_is_refused(grades):
    rows = GOOD_STAFF.replace(",Female,Mixed,No\n", ",Female,Mixed,No,sick,\n")
    rows = rows.replace("summary,,,\n", "summary,,,,none,01/01/2026\n")
    result = run_import(importer_for("staff"), (PROTECTED_HEADER + rows).encode(), "s.csv")
    assert not result.ok
    assert _problems(result) == {(2, "protected_leave"), (3, "protected_until")}
    assert not Staff.objects.exists()
