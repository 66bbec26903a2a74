"""Money rounded for reading (gemini.core.reading): the edges of each unit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gemini.core.reading import pounds_for_reading
from gemini.templating import environment


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("0", "£0"),
        ("0.40", "£0"),
        ("12.50", "£13"),
        ("999", "£999"),
        ("999.49", "£999"),
        ("999.50", "£1k"),
        ("1000", "£1k"),
        ("1499.99", "£1k"),
        ("450000", "£450k"),
        ("450000.49", "£450k"),
        ("999499.99", "£999k"),
        ("999999", "£1m"),
        ("1000000", "£1m"),
        ("1049999", "£1m"),
        ("1050000", "£1.1m"),
        ("1470000.00", "£1.5m"),
        ("5100000", "£5.1m"),
        ("12345678.90", "£12.3m"),
    ],
)
def test_it_rounds_each_amount_to_the_unit_its_size_reads_in(amount, shown):
    assert pounds_for_reading(Decimal(amount)) == shown


def test_it_keeps_the_sign_of_a_negative_amount():
    assert pounds_for_reading(Decimal("-20000")) == "\N{MINUS SIGN}£20k"
    assert pounds_for_reading(Decimal("-1049999")) == "\N{MINUS SIGN}£1m"
    assert pounds_for_reading(Decimal("-999")) == "\N{MINUS SIGN}£999"


def test_it_never_shows_minus_nought_for_a_negative_amount_that_rounds_to_nothing():
    assert pounds_for_reading(Decimal("-0.40")) == "£0"


def test_it_says_not_known_for_an_unknown_amount_never_nought():
    assert pounds_for_reading(None) == "Not known"
    assert pounds_for_reading(Decimal("NaN")) == "Not known"


def test_it_is_the_template_filter_of_the_same_name():
    template = environment().from_string("{{ amount | pounds_for_reading }}")
    assert template.render(amount=Decimal("450000.00")) == "£450k"
    assert template.render(amount=None) == "Not known"
