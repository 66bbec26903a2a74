"""Statutory redundancy pay on the ready-reckoner edge cases, notice, pension flags."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
