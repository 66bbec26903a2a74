"""Issue 14, items 8, 10 and 4 on the demo: the s188 count is every proposed dismissal, the
cost totals carry the ring-fence surplus as a range, pension strain costs come from the
actuary (never £0), a past first dismissal date is warned about, equality suppression cannot
be undone by subtraction, and pregnancy and maternity joins the equality table."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gemini.api.services import create_token
from gemini.core.asat import today
from gemini.core.importing import ImportResult, importer_for, run_import
from gemini.core.models import User
from gemini.workforce import figures, services
from gemini.workforce.models import (
    MatchingRun,
    OrganisedGrouping,
    Outcome,
    PersonOutcome,
    ProtectedLeave,
    Staff,
)

MONEY = re.compile(r"^\d+\.\d{2}$")


def _run() -> MatchingRun:
    return MatchingRun.objects.order_by("number")[0]


def run_summary(run: MatchingRun) -> figures.MatchingFigures:
    """The run's figures as at today (figures.matching)."""
    found = figures.matching(today(), None, run.number)
    assert found is not None
    return found


def _api(user: User) -> Client:
    _, token = create_token(user, "Test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _problems(result: ImportResult) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in result.problems}


# --- item 8: the s188 count ------------------------------------------------------------------


def test_the_demos_s188_count_is_at_risk_plus_ring_fence_surplus_plus_moves(demo_for_module, db):
    # The small demo: 10 at risk; pool 3 has 2 people ring-fenced for 1 place; 6 people are
    # placed in CWaC posts, 3 of them with an organised grouping moving to CWaC.
    summary = run_summary(_run())
    dismissals = summary.dismissals
    assert dismissals is not None
    assert (dismissals.at_risk, dismissals.ring_fence_surplus, dismissals.other_council_moves) == (
        10,
        1,
        3,
    )
    assert summary.timetable.proposed_redundancies == 14
    assert summary.timetable.reasons[1] == (
        "14 proposed dismissals: 10 at risk, 1 more than the places in ring-fences, 3 moves to "
        "the other council by dismissal and re-engagement (TULRCA s188, s195)."
    )
    assert "pool 3: 2 people for 1 place, so 1 will not get one" in summary.timetable.reasons[3]


def test_a_member_of_a_grouping_moving_to_that_council_is_a_transfer_not_a_dismissal(
    demo_for_module, db
):
    for grouping in OrganisedGrouping.objects.all():
        grouping.members.clear()
    dismissals = run_summary(_run()).dismissals
    assert dismissals is not None
    assert dismissals.other_council_moves == 6
    assert dismissals.total == 17


def test_moves_read_as_transfers_by_the_setting_are_not_counted(demo_for_module, db, settings):
    run = _run()
    policy = {k: v for k, v in run.policy.items() if k != "other_council_moves"}
    MatchingRun.objects.filter(pk=run.pk).update(policy=policy)
    settings.GEMINI_WORKFORCE_OTHER_COUNCIL_MOVES = "transfer"
    summary = run_summary(_run())
    assert summary.timetable.proposed_redundancies == 11
    assert "read as transfers (setting), so not counted" in summary.timetable.reasons[-1]


def test_a_run_records_how_it_reads_moves_to_the_other_council(demo_for_module, db, settings):
    settings.GEMINI_WORKFORCE_OTHER_COUNCIL_MOVES = "transfer"
    run = services.run_matching(services.matching_policy())
    assert run.policy["other_council_moves"] == "transfer"
    settings.GEMINI_WORKFORCE_OTHER_COUNCIL_MOVES = "dismissal"
    assert not services.moves_are_dismissals(run)  # the run keeps the reading it was made with


def test_the_api_timetable_gives_the_parts_of_the_count(demo_for_module, db, personas):
    run = _run()
    body = _api(personas["union"]).get(f"/api/v1/workforce/runs/{run.number}").json()
    timetable = body["timetable"]
    assert (
        timetable["proposed_redundancies"],
        timetable["at_risk"],
        timetable["ring_fence_surplus"],
        timetable["other_council_moves"],
    ) == (14, 10, 1, 3)


# --- item 8: the cost range ------------------------------------------------------------------


def _surplus_costs() -> list[services.PersonCost]:
    ring_fenced = PersonOutcome.objects.filter(run=_run(), proposed=Outcome.RING_FENCE)
    return services.costs_of(_run(), ring_fenced.select_related("staff", "pool"))


def test_the_cost_range_adds_the_cheapest_and_the_dearest_ring_fenced_person(demo_for_module, db):
    costs = run_summary(_run()).costs
    pool = _surplus_costs()  # pool 3's two people; one of them will not get the place
    assert len(pool) == 2
    statutory = sorted(c.statutory.amount for c in pool)
    discretionary = sorted(c.discretionary.amount for c in pool)
    assert costs.ring_fence_surplus == 1
    assert costs.statutory_low == costs.statutory + statutory[0]
    assert costs.statutory_high == costs.statutory + statutory[1]
    assert costs.discretionary_low == costs.discretionary + discretionary[0]
    assert costs.discretionary_high == costs.discretionary + discretionary[1]


def test_the_range_is_hidden_from_members_when_the_surplus_is_fewer_than_the_minimum(
    demo_for_module, db, personas
):
    # A surplus of 1: the range less the total would be one person's pay.
    url = f"/api/v1/workforce/runs/{_run().number}"
    member = _api(personas["member"]).get(url).json()["costs"]
    hr = _api(personas["hr"]).get(url).json()["costs"]
    assert member["shown"] is True
    assert MONEY.match(member["statutory"])
    assert member["ring_fence_surplus"] == 1
    assert member["statutory_low"] is None
    assert member["discretionary_high"] is None
    assert all(
        MONEY.match(hr[key])
        for key in ("statutory_low", "statutory_high", "discretionary_low", "discretionary_high")
    )
    assert Decimal(hr["statutory_low"]) <= Decimal(hr["statutory_high"])
    page = client_page(personas["member"], "workforce:run")
    assert "the surplus is fewer than 5 people" in page


def test_the_run_and_redundancy_pages_show_the_range_to_hr(demo_for_module, db, personas):
    costs = run_summary(_run()).costs
    expected = f"Statutory £{costs.statutory_low:,.2f} to £{costs.statutory_high:,.2f}"
    assert expected in client_page(personas["hr"], "workforce:run")
    assert expected in client_page(personas["hr"], "workforce:run_redundancy")


def client_page(user: User, name: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse(name, args=[_run().number]))
    assert response.status_code == 200
    return response.content.decode()


# --- item 8: pension strain costs from the actuary ------------------------------------------


def test_it_imports_strain_costs_checking_every_row_first(demo_for_module, db):
    bad = (
        b"employee_ref,strain_cost\n"
        b"ICT0001,12000.50\n"
        b"NOBODY,100\n"
        b"ICT0002,-5\n"
        b"ICT0003,10.123\n"
        b"ICT0001,1\n"
    )
    result = run_import(importer_for("strain-costs"), bad, "strain.csv")
    assert _problems(result) == {
        (3, "employee_ref"),
        (4, "strain_cost"),
        (5, "strain_cost"),
        (6, "employee_ref"),
    }
    assert not Staff.objects.exclude(strain_cost=None).exists()

    good = 'employee_ref,strain_cost\nICT0001,"£12,000.50"\nICT0002,0\n'.encode()
    result = run_import(importer_for("strain-costs"), good, "strain.csv")
    assert result.ok, result.problems
    assert Staff.objects.get(employee_ref="ICT0001").strain_cost == Decimal("12000.50")
    assert Staff.objects.get(employee_ref="ICT0002").strain_cost == Decimal("0.00")


def _make_strain_cases() -> tuple[Staff, Staff]:
    """Two people at risk made LGPS members aged 60: one with the actuary's figure, one
    without."""
    at_risk = list(
        Staff.objects.filter(outcomes__run=_run(), outcomes__proposed=Outcome.AT_RISK).order_by(
            "employee_ref"
        )[:2]
    )
    when = _run().first_dismissal_date
    for person in at_risk:
        person.date_of_birth = when.replace(year=when.year - 60)
        person.continuous_service_start = when.replace(year=when.year - 10)
        person.lgps_member = True
        person.save()
    services.save_strain_cost(at_risk[0], Decimal("45678.90"))
    return at_risk[0], at_risk[1]


def test_the_redundancy_page_shows_a_strain_cost_not_known_never_as_nought(
    demo_for_module, db, personas
):
    known, unknown = _make_strain_cases()
    page = client_page(personas["hr"], "workforce:run_redundancy")
    row = page[page.index(unknown.employee_ref) :]
    row = row[: row.index("</tr>")]
    assert row.rstrip().endswith("not known</td>")  # the strain cost cell, not £0.00
    row = page[page.index(known.employee_ref) :]
    assert row[: row.index("</tr>")].rstrip().endswith("£45,678.90</td>")
    assert "£45,678.90 for 1 person; not known for 1" in page


def test_the_redundancy_export_says_not_known_for_a_missing_strain_cost(
    demo_for_module, db, personas
):
    known, unknown = _make_strain_cases()
    client = Client()
    client.force_login(personas["hr"])
    url = reverse("workforce:run_redundancy", args=[_run().number]) + "?export=xlsx"
    sheet = load_workbook(io.BytesIO(client.get(url).content))["Redundancy"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Pension strain cost")
    by_ref = {row[0]: row[column] for row in rows[1:]}
    assert Decimal(str(by_ref[known.employee_ref])) == Decimal("45678.90")
    assert by_ref[unknown.employee_ref] == "not known"


def test_the_api_gives_the_strain_cost_or_null(demo_for_module, db, personas):
    known, unknown = _make_strain_cases()
    rows = _api(personas["hr"]).get(f"/api/v1/workforce/runs/{_run().number}/redundancy").json()
    by_ref = {row["employee_ref"]: row["strain_cost"] for row in rows}
    assert by_ref[known.employee_ref] == "45678.90"
    assert by_ref[unknown.employee_ref] is None


# --- item 8: a first dismissal date in the past ----------------------------------------------


@pytest.mark.parametrize(
    ("first_dismissal", "warned"), [("30/06/2024", True), ("30/06/2099", False)]
)
def test_a_first_dismissal_date_in_the_past_is_warned_about_and_the_run_is_still_made(
    first_dismissal, warned, demo_for_module, db, personas
):
    client = Client()
    client.force_login(personas["hr"])
    response = client.post(
        reverse("workforce:new_run"),
        {
            "label": "Dated",
            "slot_in": "70",
            "ring_fence": "50",
            "grade_steps_up": "1",
            "first_dismissal_date": first_dismissal,
            "multiplier": "1.8",
            "cap_weeks": "50",
        },
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Matching run 2 is saved" in text
    message = (
        f"The first dismissal date {first_dismissal} is in the past: the consultation dates "
        "below cannot be met"
    )
    assert (message in text) is warned
    assert ("govuk-warning-text" in text and message in text) is warned


# --- item 10 and item 4: equality ------------------------------------------------------------


def test_the_run_page_hides_a_second_group_so_a_small_one_cannot_be_worked_out(
    demo_for_module, db, personas
):
    # The small demo's age bands: 30 to 49 (18), 50 and over (fewer than 12), under 30 (fewer
    # than 5): showing "50 and over" would give the under-30s by subtraction from 30.
    rows = {
        (r.characteristic, r.group): r
        for r in run_summary(_run()).equality
        if r.characteristic == "age band"
    }
    assert rows[("age band", "Under 30")].suppressed
    assert rows[("age band", "50 and over")].secondary
    page = client_page(personas["union"], "workforce:run")
    assert "hidden so that a smaller group cannot be worked out" in page


def _protect(count: int, leave: str) -> None:
    for person in Staff.objects.order_by("employee_ref")[:count]:
        person.protected_leave = leave
        person.protected_until = None
        person.save()


def test_pregnancy_and_maternity_joins_the_equality_table(demo_for_module, db):
    _protect(3, ProtectedLeave.MATERNITY)
    pregnant = Staff.objects.order_by("employee_ref")[3:6]
    for person in pregnant:
        person.protected_leave = ProtectedLeave.PREGNANCY
        person.protected_until = dt.date(2099, 1, 1)
        person.save()
    rows = {
        r.group: r
        for r in run_summary(_run()).equality
        if r.characteristic == "pregnancy and maternity"
    }
    assert rows["Pregnant or on maternity leave"].people == 6
    assert rows["Neither"].people == 24


def test_one_person_on_maternity_leave_is_hidden_and_so_is_everyone_else(demo_for_module, db):
    _protect(1, ProtectedLeave.MATERNITY)
    rows = {
        r.group: r
        for r in run_summary(_run()).equality
        if r.characteristic == "pregnancy and maternity"
    }
    assert rows["Pregnant or on maternity leave"].suppressed
    assert rows["Neither"].secondary  # 30 − "Neither" would give the one person


def test_adoption_leave_is_not_pregnancy_or_maternity(demo_for_module, db):
    _protect(6, ProtectedLeave.ADOPTION)
    groups = {
        r.group
        for r in run_summary(_run()).equality
        if r.characteristic == "pregnancy and maternity"
    }
    assert groups == {"Neither"}
