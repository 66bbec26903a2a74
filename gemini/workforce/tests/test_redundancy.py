"""Statutory redundancy pay on the ready-reckoner edge cases, notice, pension flags."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from gemini.workforce.engine import redundancy
from gemini.workforce.engine.redundancy import (
    WEEKLY_PAY_CAPS,
    DiscretionaryPolicy,
    discretionary_redundancy_pay,
    lgps_strain_flag,
    statutory_notice_weeks,
    statutory_redundancy_pay,
    statutory_weeks,
    weekly_pay_cap,
)


def _brute_force_weeks(age: int, years: int) -> Decimal:
    """Count year by year backwards from the relevant date (ERA 1996 s162)."""
    if years < 2:
        return Decimal("0")
    weeks = Decimal("0")
    for back in range(min(years, 20)):
        age_during_year = age - back - 1  # the age held for the whole of that year
        if age_during_year >= 41:
            weeks += Decimal("1.5")
        elif age_during_year >= 22:
            weeks += 1
        else:
            weeks += Decimal("0.5")
    return weeks


def test_the_reference_worked_example_gives_8628_pounds():
    pay = statutory_redundancy_pay(45, 10, Decimal("800"), dt.date(2025, 6, 1))
    assert pay.weeks == 12
    assert pay.weekly_pay_used == Decimal("719.00")
    assert pay.amount == Decimal("8628.00")


def test_age_42_with_2_years_earns_more_than_age_41():
    # At 41 the last two years were spent aged 40 and 39: 1 week each.
    assert statutory_weeks(41, 2) == 2
    # At 42 one of them was a whole year aged 41: 1.5 + 1.
    assert statutory_weeks(42, 2) == Decimal("2.5")


def test_only_the_last_20_years_count():
    assert statutory_weeks(64, 40) == 30
    assert statutory_weeks(64, 20) == statutory_weeks(64, 25)


def test_under_2_years_is_not_eligible():
    pay = statutory_redundancy_pay(50, 1, Decimal("500"), dt.date(2025, 6, 1))
    assert not pay.eligible
    assert pay.amount == Decimal("0.00")


def test_young_years_earn_half_a_week():
    assert statutory_weeks(22, 4) == 2  # aged 21, 20, 19, 18: 0.5 each
    assert statutory_weeks(24, 4) == 3  # aged 23, 22 (1 each); 21, 20 (0.5 each)


def test_the_cap_changes_on_6_april():
    before = statutory_redundancy_pay(45, 10, Decimal("800"), dt.date(2025, 4, 5))
    on = statutory_redundancy_pay(45, 10, Decimal("800"), dt.date(2025, 4, 6))
    assert before.cap == Decimal("700.00")
    assert on.cap == Decimal("719.00")
    assert on.amount - before.amount == 12 * Decimal("19")


def test_every_row_of_the_cap_table_is_there():
    assert [(c.from_date, c.weekly_cap, c.maximum) for c in WEEKLY_PAY_CAPS] == [
        (dt.date(2023, 4, 6), Decimal(643), Decimal(19290)),
        (dt.date(2024, 4, 6), Decimal(700), Decimal(21000)),
        (dt.date(2025, 4, 6), Decimal(719), Decimal(21570)),
        (dt.date(2026, 4, 6), Decimal(751), Decimal(22530)),
    ]
    for cap in WEEKLY_PAY_CAPS:
        assert cap.maximum == 30 * cap.weekly_cap


def test_a_date_before_the_table_is_refused():
    with pytest.raises(ValueError, match="no weekly pay cap"):
        weekly_pay_cap(dt.date(2023, 4, 5))


@given(st.integers(16, 80), st.integers(0, 64))
def test_the_closed_form_matches_counting_year_by_year(age, years):
    years = min(years, age - 15)
    assert statutory_weeks(age, years) == _brute_force_weeks(age, years)


@given(st.integers(18, 80), st.integers(2, 60), st.decimals(0, 5000, places=2))
def test_statutory_pay_never_exceeds_the_maximum(age, years, pay):
    years = min(years, age - 16)
    result = statutory_redundancy_pay(age, max(years, 0), pay, dt.date(2025, 6, 1))
    assert result.amount <= Decimal("21570")


def test_the_discretionary_default_is_1_8_times_at_most_50_weeks_actual_pay_unconfirmed():
    policy = DiscretionaryPolicy()
    assert (policy.multiplier, policy.cap_weeks, policy.actual_pay) == (
        Decimal("1.8"),
        Decimal(50),
        True,
    )
    assert not policy.confirmed
    statutory = statutory_redundancy_pay(45, 10, Decimal("800"), dt.date(2025, 6, 1))
    lump = discretionary_redundancy_pay(statutory, Decimal("800"), policy)
    assert lump.weeks == Decimal("21.6")
    assert lump.amount == Decimal("17280.00")
    long = statutory_redundancy_pay(64, 30, Decimal("800"), dt.date(2025, 6, 1))
    assert discretionary_redundancy_pay(long, Decimal("800"), policy).weeks == 50


def test_notice_is_one_week_a_year_from_two_years_at_most_twelve():
    today = dt.date(2025, 6, 1)
    assert statutory_notice_weeks(dt.date(2025, 5, 15), today) == 0
    assert statutory_notice_weeks(dt.date(2025, 4, 1), today) == 1
    assert statutory_notice_weeks(dt.date(2020, 6, 1), today) == 5
    assert statutory_notice_weeks(dt.date(1990, 1, 1), today) == 12


def test_lgps_members_55_and_over_with_2_years_are_flagged_57_from_april_2028():
    assert lgps_strain_flag(True, 55, 2, dt.date(2025, 6, 1))
    assert not lgps_strain_flag(False, 60, 10, dt.date(2025, 6, 1))
    assert not lgps_strain_flag(True, 54, 10, dt.date(2025, 6, 1))
    assert not lgps_strain_flag(True, 56, 10, dt.date(2028, 4, 6))


# --- from dates (issue 14, item 9) ------------------------------------------------------------


def test_both_the_first_day_and_the_relevant_date_count_so_two_years_is_eligible():
    # ERA s211(1): 01/07/2023 to 30/06/2025, both counted, is 2 complete years.
    pay = redundancy.statutory_redundancy_pay_from_dates(
        dt.date(1980, 1, 15), dt.date(2023, 7, 1), Decimal("500"), dt.date(2025, 6, 30)
    )
    assert pay.eligible
    assert pay.weeks == Decimal("3")  # aged 43 and over for both years
    assert pay.amount == Decimal("1500.00")
    one_day_short = redundancy.statutory_redundancy_pay_from_dates(
        dt.date(1980, 1, 15), dt.date(2023, 7, 2), Decimal("500"), dt.date(2025, 6, 30)
    )
    assert not one_day_short.eligible


def test_each_year_counted_back_is_rated_by_the_age_held_for_the_whole_of_it():
    # Relevant date 30/06/2025; born 01/07/1983: 41 on 01/07/2024, the first day of the last
    # year counted back, so that year is at 1.5 weeks, the year before at 1 week.
    born = dt.date(1983, 7, 1)
    pay = redundancy.statutory_redundancy_pay_from_dates(
        born, dt.date(2020, 1, 1), Decimal("400"), dt.date(2025, 6, 30)
    )
    assert pay.weeks == Decimal("1.5") + 4 * Decimal("1")
    # Born a day later: 41 only during the last year, never for the whole of it.
    later = redundancy.statutory_redundancy_pay_from_dates(
        born + dt.timedelta(days=1), dt.date(2020, 1, 1), Decimal("400"), dt.date(2025, 6, 30)
    )
    assert later.weeks == Decimal("5")


def test_year_by_year_agrees_with_the_closed_form_away_from_birthdays():
    relevant = dt.date(2025, 3, 1)
    for born_year in range(1950, 2003, 3):
        born = dt.date(born_year, 9, 12)
        for years in (2, 5, 19, 20, 25):
            start = dt.date(relevant.year - years, 3, 2)  # exactly `years` complete years
            if start <= born:
                continue
            pay = redundancy.statutory_redundancy_pay_from_dates(
                born, start, Decimal("600"), relevant
            )
            age = redundancy.completed_years(born, relevant)
            assert pay.weeks == redundancy.statutory_weeks(age, years), (born, years)


def test_a_relevant_date_after_the_last_cap_row_is_a_warning_naming_the_cap_used():
    last = redundancy.WEEKLY_PAY_CAPS[-1]
    late = last.from_date.replace(year=last.from_date.year + 1) + dt.timedelta(days=30)
    pay = redundancy.statutory_redundancy_pay_from_dates(
        dt.date(1970, 1, 1), dt.date(2000, 1, 1), Decimal("900"), late
    )
    assert pay.cap == last.weekly_cap
    assert len(pay.warnings) == 1
    assert f"£{last.weekly_cap:,.2f}" in pay.warnings[0]
    assert "Increase of Limits" in pay.warnings[0]
    in_year = redundancy.statutory_redundancy_pay_from_dates(
        dt.date(1970, 1, 1), dt.date(2000, 1, 1), Decimal("900"), last.from_date
    )
    assert in_year.warnings == ()


def test_a_relevant_date_before_the_service_start_is_refused():
    with pytest.raises(ValueError, match="before the start of continuous employment"):
        redundancy.statutory_redundancy_pay_from_dates(
            dt.date(1970, 1, 1), dt.date(2025, 7, 1), Decimal("500"), dt.date(2025, 6, 30)
        )


def _cli(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("workforce", "redundancy-pay", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_cli_works_from_dates_with_the_same_json_keys():
    out, _ = _cli(
        "--date-of-birth",
        "1980-01-15",
        "--service-start",
        "2023-07-01",
        "--weekly-pay",
        "500",
        "--date",
        "2025-06-30",
        "--json",
    )
    data = json.loads(out)
    assert data["eligible"] is True
    assert data["weeks"] == 3.0
    assert data["amount"] == "1500.00"
    assert data["cap"] == "719.00"  # the 2025 order, from 06/04/2025
    assert data["warnings"] == []


def test_the_cli_refuses_pay_with_more_than_two_decimal_places_and_mixed_forms():
    with pytest.raises(CommandError, match="more than 2 decimal places"):
        _cli("--age", "45", "--years", "10", "--weekly-pay", "500.125", "--date", "2025-06-30")
    with pytest.raises(CommandError, match="either --date-of-birth"):
        _cli(
            "--age", "45", "--service-start", "2020-01-01", "--weekly-pay", "500",
            "--date", "2025-06-30",
        )  # fmt: skip
