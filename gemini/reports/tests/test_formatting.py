"""Figures are written the way the seed report writes them (£2.67m, 57,000, over 3,000)."""

import datetime as dt
from decimal import Decimal

import pytest

from gemini.core.reporting import formatting as f


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        ("2670000.00", "£2.67m"),
        ("1200000.00", "£1.2m"),
        ("1470000.00", "£1.47m"),
        ("5100000.00", "£5.1m"),
        ("2550000.00", "£2.55m"),
        ("500000.00", "£0.5m"),
        ("3600000.00", "£3.6m"),
        ("100000", "£0.1m"),
        ("99999", "£99,999"),
        ("45000.50", "£45,001"),
        ("12345.49", "£12,345"),
        ("0", "£0"),
        ("-2670000", "-£2.67m"),
    ],
)
def test_it_writes_money_as_the_seed_does(amount, written):
    assert f.money(Decimal(amount)) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [(3061, "over 3,000"), (3000, "3,000"), (57000, "57,000"), (181, "over 100"), (7, "7")],
)
def test_it_writes_counts_over_a_round_number(value, written):
    assert f.over(value) == written


def test_it_writes_a_percentage_over_the_step_below():
    assert f.over_percent(Decimal("29.2")) == "over 25%"
    assert f.over_percent(Decimal("25")) == "25%"
    assert f.percent(Decimal("100.0")) == "100%"
    assert f.percent(None) == "not measured"


def test_it_writes_dates_in_uk_style():
    assert f.long_date(dt.date(2025, 2, 6)) == "6 February 2025"
    assert f.short_date("2025-02-06") == "06/02/2025"
    assert f.review_words("FR3") == "the third quarter (Financial Review 3)"


def test_it_joins_a_list_in_words():
    assert f.join(["a", "b", "c"]) == "a, b and c"
    assert f.join(["a"]) == "a"
    assert f.join([]) == ""


def test_it_never_writes_pence_in_a_table():
    assert f.pounds("253577.95") == "£253,578"
    assert f.pounds("-12.49") == "-£12"
    assert f.pounds("2670000") == "£2,670,000"


@pytest.mark.parametrize(
    ("value", "noun", "plural", "written"),
    [
        (1, "outcome", None, "1 outcome"),
        (2, "outcome", None, "2 outcomes"),
        (0, "risk", None, "0 risks"),
        (1, "person", "people", "1 person"),
        (3061, "person", "people", "3,061 people"),
        ("<5", "person", "people", "<5 people"),
    ],
)
def test_counts_agree_with_their_nouns(value, noun, plural, written):
    assert f.counted(value, noun, plural) == written
