"""Figures written the way the seed report writes them: £2.67m, £0.5m, 57,000, over 3,000,
6 February 2025. Pure functions, no Django.

Money in a committee report is never in pence (issue 18, item 3): in sentences £m from
£100,000 and whole pounds below (`money`); in tables whole pounds, so a column still adds up
to the pound (`pounds`). Counts agree with their nouns ("1 outcome", "2 outcomes": `counted`).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

MILLION = Decimal(1_000_000)


def money(value: Decimal | str | int) -> str:
    """£2.67m for amounts of £100,000 or more (to at most two decimal places, trailing noughts
    dropped: £5.1m, £0.5m); below that, whole pounds with commas (£45,000; £12,346 for
    £12,345.67): never pence."""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount >= Decimal(100_000):
        millions = (amount / MILLION).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        text = f"{millions:f}".rstrip("0").rstrip(".")
        return f"{sign}£{text}m"
    return f"{sign}£{amount.quantize(Decimal(1), rounding=ROUND_HALF_UP):,.0f}"


def pounds(value: Decimal | str | int) -> str:
    """Whole pounds with commas, rounded half up: £2,670,000; £253,578 for £253,577.95
    (tables)."""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP):,.0f}"


def counted(value: int | str, noun: str, plural: str | None = None) -> str:
    """A count with its noun agreeing: "1 outcome", "2 outcomes", "1 person", "3 people";
    a count already hidden as "<5" (small-number suppression) takes the plural ("<5 people")."""
    number = count(value) if isinstance(value, int) else str(value)
    return f"{number} {noun if number == '1' else plural or noun + 's'}"


def council_name(name: str) -> str:
    """ "Cheshire East" for "Cheshire East Council", as the seed writes the councils."""
    return name[: -len(" Council")] if name.endswith(" Council") else name


def count(value: int | Decimal | str) -> str:
    """A whole number with commas: 57,000."""
    return f"{Decimal(value):,.0f}"


def step_for(value: Decimal) -> Decimal:
    """The round number a count is written "over": thousands from 1,000, hundreds from 100,
    tens below; for a percentage use `over_percent`."""
    if value >= 1000:
        return Decimal(1000)
    if value >= 100:
        return Decimal(100)
    return Decimal(10)


def over(value: int | Decimal) -> str:
    """ "over 3,000" for 3,061; the number itself when it is already round (3,000) or small."""
    number = Decimal(value)
    if number < 10:
        return count(number)
    step = step_for(number)
    floor = (number / step).to_integral_value(rounding=ROUND_DOWN) * step
    if floor == number:
        return count(number)
    return f"over {count(floor)}"


def over_percent(value: Decimal | str, step: int = 5) -> str:
    """ "over 25%" for 29.2%: down to the step below (the seed's "over a 25% reduction")."""
    number = Decimal(value)
    floor = (number / step).to_integral_value(rounding=ROUND_DOWN) * step
    if floor == number or floor <= 0:
        return percent(number)
    return f"over {floor:.0f}%"


def percent(value: Decimal | str | int | None) -> str:
    """100%, 29.2% (at most one decimal place)."""
    if value is None:
        return "not measured"
    number = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{number:f}".rstrip("0").rstrip(".")
    return f"{text}%"


def long_date(value: dt.date | str) -> str:
    """6 February 2025."""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day} {day:%B %Y}"


def short_date(value: dt.date | str | None) -> str:
    """06/02/2025 (tables)."""
    if value is None or value == "":
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%d/%m/%Y}"


def month(value: dt.date | str) -> str:
    """February 2025."""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%B %Y}"


QUARTER_WORDS = {"FR1": "first", "FR2": "second", "FR3": "third", "FR4": "fourth"}


def review_words(review: str | None) -> str:
    """FR3 → "the third quarter (Financial Review 3)"."""
    if not review:
        return "the start of the year"
    word = QUARTER_WORDS.get(review)
    if word is None:
        return review
    return f"the {word} quarter (Financial Review {review[2:]})"


def join(items: list[str]) -> str:
    """a, b and c."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"
