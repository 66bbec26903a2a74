"""The finance engine on plain data: allocation, forecast, income, agency, savings, scenarios."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemini.finance import engine

# --- years and quarters ------------------------------------------------------------------------


def test_it_reads_a_financial_year():
    assert engine.year_start("2024/25") == 2024
    assert engine.year_start("1999/00") == 1999
    assert engine.year_label(2025) == "2025/26"


@pytest.mark.parametrize(
    "text", ["2024/26", "2024-25", "24/25", "2024/2025", "", "0000/01", "9999/00", "1899/00"]
)
def test_it_rejects_a_financial_year_that_is_not_one(text):
    with pytest.raises(engine.FinanceError):
        engine.year_start(text)


def test_quarters_run_april_to_march():
    assert engine.quarter_end("2024/25", "FR1") == dt.date(2024, 6, 30)
    assert engine.quarter_end("2024/25", "FR3") == dt.date(2024, 12, 31)
    assert engine.quarter_end("2024/25", "Outturn") == dt.date(2025, 3, 31)
    assert engine.financial_year_of(dt.date(2025, 3, 31)) == "2024/25"
    assert engine.financial_year_of(dt.date(2025, 4, 1)) == "2025/26"
    assert engine.quarter_of(dt.date(2025, 2, 6)) == "Outturn"


def test_it_rejects_a_quarter_outside_the_financial_year():
    with pytest.raises(engine.FinanceError, match="FR4"):
        engine.quarter_index("FR4")


def test_working_days_leave_out_weekends_and_bank_holidays():
    # January to March 2025: 64 weekdays, less New Year's Day.
    assert (
        engine.working_days(dt.date(2025, 1, 1), dt.date(2025, 3, 31), [dt.date(2025, 1, 1)]) == 63
    )
    assert engine.working_days(dt.date(2025, 4, 1), dt.date(2025, 3, 31)) == 0


# --- allocation --------------------------------------------------------------------------------


def test_the_one_off_investment_splits_50_50():
    allocation = engine.allocate(
        Decimal("5100000"), {"CEC": Decimal(1), "CWAC": Decimal(1)}, "50:50"
    )
    assert allocation.by_party() == {"CEC": Decimal("2550000.00"), "CWAC": Decimal("2550000.00")}
    assert "50:50" in allocation.reasons[0]


def test_a_spare_penny_goes_to_the_largest_remainder_then_by_code():
    # £0.01 between two equal parties: the remainders tie, so CEC (A to Z) gets it.
    assert engine.allocate(Decimal("0.01"), {"CWAC": Decimal(1), "CEC": Decimal(1)}).by_party() == {
        "CEC": Decimal("0.01"),
        "CWAC": Decimal("0.00"),
    }
    # £1.00 in thirds: 33.33 each and one spare penny to the first code.
    thirds = engine.allocate(Decimal("1.00"), {"B": Decimal(1), "A": Decimal(1), "C": Decimal(1)})
    assert thirds.by_party() == {"A": Decimal("0.34"), "B": Decimal("0.33"), "C": Decimal("0.33")}
    assert "1 spare penny" in thirds.reasons[1]
    # £1.00 by 2:1: exact shares 66.67p and 33.33p; the larger remainder (0.67) gets the penny.
    assert engine.allocate(Decimal("1.00"), {"A": Decimal(1), "B": Decimal(2)}).by_party() == {
        "A": Decimal("0.33"),
        "B": Decimal("0.67"),
    }


def test_a_negative_total_is_divided_like_a_positive_one():
    positive = engine.allocate(
        Decimal("100.01"), {"CEC": Decimal(1), "CWAC": Decimal(1)}
    ).by_party()
    negative = engine.allocate(
        Decimal("-100.01"), {"CEC": Decimal(1), "CWAC": Decimal(1)}
    ).by_party()
    assert negative == {party: -amount for party, amount in positive.items()}


@pytest.mark.parametrize(
    "weights",
    [{}, {"CEC": Decimal(0), "CWAC": Decimal(0)}, {"CEC": Decimal(-1), "CWAC": Decimal(2)}],
)
def test_it_refuses_weights_that_cannot_divide_anything(weights):
    with pytest.raises(engine.FinanceError):
        engine.allocate(Decimal(100), weights)


money = st.decimals(min_value=Decimal("-100000000"), max_value=Decimal("100000000"), places=2)
weights = st.dictionaries(
    st.text(alphabet="ABCDEFGHIJ", min_size=1, max_size=4),
    st.decimals(min_value=Decimal(0), max_value=Decimal(100000), places=2),
    min_size=1,
    max_size=6,
).filter(lambda w: sum(w.values()) > 0)


@given(money, weights)
def test_shares_always_add_up_to_the_total_to_the_penny(total, weights):
    allocation = engine.allocate(total, weights)
    assert sum(share.amount for share in allocation.shares) == total
    assert all(
        share.amount == share.amount.quantize(Decimal("0.01")) for share in allocation.shares
    )


@given(money, weights)
def test_each_share_is_within_a_penny_of_its_exact_share(total, weights):
    allocation = engine.allocate(total, weights)
    weight_sum = sum(weights.values())
    for share in allocation.shares:
        exact = total * share.weight / weight_sum
        assert abs(share.amount - exact) < Decimal("0.01")
    assert sum(1 for share in allocation.shares if share.spare_penny) < len(weights)


@given(money, weights)
def test_allocation_does_not_depend_on_the_order_of_the_parties(total, weights):
    reversed_weights = dict(reversed(list(weights.items())))
    assert engine.allocate(total, weights) == engine.allocate(total, reversed_weights)


# --- budget and forecast -----------------------------------------------------------------------

PROFILE = (Decimal(100), Decimal(100), Decimal(100), Decimal(100))


def _line(
    name: str = "Staff",
    income: bool = False,
    actuals: dict[str, Decimal] | None = None,
    forecasts: dict[str, Decimal] | None = None,
) -> engine.BudgetLineInput:
    return engine.BudgetLineInput(
        name, "staff", income, Decimal(400), PROFILE, actuals or {}, forecasts or {}
    )


def test_the_forecast_is_actuals_to_date_plus_the_rest_of_the_profile():
    line = _line(actuals={"FR1": Decimal(90), "FR2": Decimal(150)})
    result = engine.forecast_line(line, "FR2")
    assert result.actual_to_date == Decimal("240.00")
    assert result.forecast == Decimal("440.00")
    assert result.variance == Decimal("40.00")
    assert result.rag == "Red"  # 40 is more than 5% of 400
    assert "remaining budget profile" in result.reasons[0]


def test_an_entered_forecast_wins_over_the_profile():
    line = _line(actuals={"FR1": Decimal(90)}, forecasts={"FR1": Decimal(405)})
    result = engine.forecast_line(line, "FR1")
    assert result.forecast == Decimal("405.00")
    assert result.rag == "Amber"
    assert "entered by finance" in result.reasons[0]


def test_income_short_of_budget_is_an_adverse_variance():
    line = _line("Project income", income=True, forecasts={"FR3": Decimal(350)})
    assert engine.forecast_line(line, "FR3").variance == Decimal("50.00")


def test_a_position_that_nets_to_nought_is_balanced():
    spend = _line(forecasts={"FR3": Decimal(380)})
    income = _line("Income", income=True, forecasts={"FR3": Decimal(380)})
    position = engine.review_position([spend, income], "FR3")
    assert position.variance == Decimal("0.00")
    assert position.rag == "Green"
    assert "net nil" in position.reasons[0]


# --- project income ----------------------------------------------------------------------------

PLAN = engine.IncomePlan(Decimal("3600000"), Decimal(57000))


def test_the_budgeted_hours_give_back_the_budgeted_income_exactly():
    assert PLAN.income_for(Decimal(57000)) == Decimal("3600000.00")
    assert PLAN.rate == Decimal("63.16")


def test_income_is_forecast_from_delivered_hours_and_commissioned_hours_still_to_come():
    hours = [
        engine.HoursInput("CEC", "FR1", Decimal(15000), Decimal(14000)),
        engine.HoursInput("CWAC", "FR1", Decimal(14000), Decimal(14000)),
        engine.HoursInput("CEC", "FR2", Decimal(15000), None),
        engine.HoursInput("CWAC", "FR2", Decimal(14000), None),
    ]
    result = engine.project_income(PLAN, hours)
    assert result.forecast_hours == Decimal(57000)
    assert result.forecast_income == Decimal("3600000.00")
    assert result.shortfall == Decimal("0.00")
    assert sum(p.forecast_income for p in result.by_party) == result.forecast_income
    assert [p.party for p in result.by_party] == ["CEC", "CWAC"]


def test_it_rejects_negative_hours():
    with pytest.raises(engine.FinanceError, match="negative"):
        engine.project_income(PLAN, [engine.HoursInput("CEC", "FR1", Decimal(-1), None)])


# --- agency ------------------------------------------------------------------------------------


def _point(month: dt.date, roles: int) -> engine.AgencyPoint:
    return engine.AgencyPoint(month, roles, Decimal(roles), Decimal(450), Decimal(roles * 450 * 21))


def test_the_agency_reduction_counts_from_the_start_of_the_financial_year():
    points = [
        _point(dt.date(2024, 3, 1), 40),  # the year before: not counted
        _point(dt.date(2024, 4, 1), 24),
        _point(dt.date(2024, 10, 1), 19),
        _point(dt.date(2025, 1, 1), 17),
    ]
    trend = engine.agency_trend(points, "2024/25")
    assert trend.reduction_percent == Decimal("29.2")
    assert trend.start is not None
    assert trend.start.roles == 24
    assert "29.2% reduction" in trend.reasons[0]


def test_no_agency_figures_is_no_reduction():
    assert engine.agency_trend([], "2024/25").reduction_percent == Decimal("0.0")


# --- savings -----------------------------------------------------------------------------------

TARGETS = {("CEC", "2025/26"): Decimal("1470000"), ("CWAC", "2025/26"): Decimal("1200000")}
ITEMS = (
    engine.SavingsItemInput("CEC", "contract_costs", Decimal("250000"), "2024/25", True),
    engine.SavingsItemInput("CEC", "workforce", Decimal("1220000"), "2025/26", False),
    engine.SavingsItemInput("CWAC", "contract_costs", Decimal("250000"), "2024/25", True),
    engine.SavingsItemInput("CWAC", "workforce", Decimal("950000"), "2025/26", False),
)


def test_savings_meet_the_target_in_year_3():
    rows = engine.savings_trajectory(TARGETS, ITEMS, ["2024/25", "2025/26"])
    year3 = {row.party: row for row in rows if row.year == "2025/26"}
    assert year3["CEC"].planned == Decimal("1470000.00")
    assert year3["CEC"].gap == 0
    assert year3["CWAC"].delivered == Decimal("250000.00")


def test_the_gap_is_measured_against_delivery_as_well_as_plans():
    # The case that broke: "Gap £0.00" for CEC while £250k of £1.47m was delivered.
    rows = engine.savings_trajectory(TARGETS, ITEMS, ["2025/26"])
    cec = next(row for row in rows if row.party == "CEC")
    assert cec.gap == 0
    assert cec.still_to_deliver == Decimal("1220000.00")


def test_a_delay_moves_only_savings_not_yet_delivered():
    rows = engine.savings_trajectory(TARGETS, ITEMS, ["2025/26"], delay_years=1)
    gaps = {row.party: row.gap for row in rows}
    assert gaps == {"CEC": Decimal("1220000.00"), "CWAC": Decimal("950000.00")}


# --- scenarios ---------------------------------------------------------------------------------

FACTS = engine.ScenarioFacts(
    "2024/25", PLAN, Decimal("5100000"), TARGETS, ITEMS, "2025/26", (dt.date(2025, 1, 1),)
)
BASE = engine.Drivers(
    project_hours=Decimal(57000),
    hourly_rate=None,
    agency_fte=Decimal(17),
    agency_day_rate=Decimal(450),
    mitigation_from=dt.date(2025, 1, 1),
    savings_delay_years=0,
    weights=(("CEC", Decimal(1)), ("CWAC", Decimal(1))),
)


def test_the_seed_scenario_says_how_many_agency_fte_close_the_gap():
    result = engine.evaluate_scenario(FACTS, replace(BASE, project_hours=Decimal(50000)))
    assert result.project_income == Decimal("3157894.74")
    assert result.shortfall == Decimal("442105.26")
    # 442,105.26 / (450 × 63) = 15.59…, rounded up to a tenth.
    assert result.agency_fte_reduction_needed == Decimal("15.6")
    assert "63 working days" in result.reasons[1]


def test_a_gap_bigger_than_the_agency_workforce_says_so():
    result = engine.evaluate_scenario(FACTS, replace(BASE, project_hours=Decimal(40000)))
    assert result.agency_fte_reduction_needed > BASE.agency_fte
    assert any("cannot close the gap" in reason for reason in result.reasons)


def test_no_working_days_left_means_no_agency_reduction_can_help():
    late = replace(BASE, project_hours=Decimal(50000), mitigation_from=dt.date(2025, 4, 1))
    result = engine.evaluate_scenario(FACTS, late)
    assert result.working_days == 0
    assert "cannot close it" in result.reasons[1]


@given(
    st.decimals(min_value=Decimal(0), max_value=Decimal(100000), places=1),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(2000), places=2),
)
def test_a_scenario_with_the_base_values_equals_the_base_case(hours, day_rate):
    base = replace(BASE, project_hours=hours, agency_day_rate=day_rate)
    # The same values, built afresh and with the parties listed the other way round.
    same = engine.Drivers(
        project_hours=Decimal(str(hours)),
        hourly_rate=None,
        agency_fte=Decimal(17),
        agency_day_rate=Decimal(str(day_rate)),
        mitigation_from=dt.date(2025, 1, 1),
        savings_delay_years=0,
        weights=tuple(reversed(base.weights)),
    )
    assert engine.evaluate_scenario(FACTS, same) == engine.evaluate_scenario(FACTS, base)


@given(st.decimals(min_value=Decimal(0), max_value=Decimal(57000), places=1))
def test_fewer_hours_never_need_a_smaller_agency_reduction(hours):
    fewer = engine.evaluate_scenario(FACTS, replace(BASE, project_hours=hours))
    more = engine.evaluate_scenario(FACTS, replace(BASE, project_hours=hours + 1000))
    assert fewer.agency_fte_reduction_needed >= more.agency_fte_reduction_needed
    assert fewer.shortfall + fewer.project_income >= PLAN.budget_income - Decimal("0.01")
