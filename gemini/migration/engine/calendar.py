"""UK working days: Monday to Friday, less England and Wales bank holidays.

Bank holidays come from the `holidays` package (`country_holidays("GB", subdiv="ENG")`), so a
new year's holidays arrive with a package update, never as constants here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> dict[dt.date, str]:
    """England and Wales bank holidays of one year, date → name."""
    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day: str(name) for day, name in found.items()}


def holiday_name(day: dt.date) -> str | None:
    return bank_holidays(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def why_not_working(day: dt.date) -> str:
    """Why a day is not a working day, in words ("" when it is one)."""
    name = holiday_name(day)
    if name:
        return f"{day:%d/%m/%Y} is a bank holiday ({name})"
    if day.weekday() >= 5:
        return f"{day:%d/%m/%Y} is a {day:%A}"
    return ""


def on_or_after(day: dt.date) -> tuple[dt.date, list[str]]:
    """The first working day on or after `day`, and the days skipped, with why."""
    skipped: list[str] = []
    while not is_working_day(day):
        skipped.append(why_not_working(day))
        day += ONE_DAY
    return day, skipped


def on_or_before(day: dt.date) -> tuple[dt.date, list[str]]:
    """The last working day on or before `day`, and the days skipped, with why."""
    skipped: list[str] = []
    while not is_working_day(day):
        skipped.append(why_not_working(day))
        day -= ONE_DAY
    return day, skipped


def add_working_days(day: dt.date, count: int) -> tuple[dt.date, list[str]]:
    """`count` working days after `day` (count ≥ 0), and the bank holidays passed over."""
    passed: list[str] = []
    while count > 0:
        day += ONE_DAY
        if is_working_day(day):
            count -= 1
        elif holiday_name(day):
            passed.append(why_not_working(day))
    return day, passed


SEARCH_DAYS = 3 * 366  # a freeze calendar that leaves no day free for this long is an error


def next_allowed(
    day: dt.date,
    freezes: Sequence[tuple[dt.date, dt.date, str]],
    weekday: int | None = None,
) -> tuple[dt.date, list[str]]:
    """The first working day on or after `day` outside every freeze (start, end, description;
    both days inclusive) and, if `weekday` is given (0 Monday … 4 Friday), on that weekday; and
    the bank holidays, weekends and freezes passed over, with why. Weekends are not listed when
    a weekday is fixed (the weekday says it all). Raises ValueError when no such day comes
    within three years."""
    skipped: list[str] = []
    noted: set[str] = set()
    first = day
    for _ in range(SEARCH_DAYS):
        freeze = next((f for f in freezes if f[0] <= day <= f[1]), None)
        if freeze is not None:
            if freeze[2] not in noted:
                noted.add(freeze[2])
                skipped.append(f"{freeze[2]}: no cutover then")
            day = freeze[1] + ONE_DAY
            continue
        if not is_working_day(day):
            if holiday_name(day) or weekday is None:
                skipped.append(why_not_working(day))
            day += ONE_DAY
            continue
        if weekday is not None and day.weekday() != weekday:
            day += ONE_DAY
            continue
        return day, skipped
    raise ValueError(
        f"No day from {first:%d/%m/%Y} for three years may take a cutover: check the freeze "
        "calendar and the cutover weekday."
    )
