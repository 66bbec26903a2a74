"""Redundancy pay, notice and pension flags (REFERENCE.md §2; docs/workforce.md).

- Statutory redundancy pay (ERA 1996 s155, s162, s227): 2 years' continuous employment at the
  relevant date; complete years counted back from it, at most the last 20; 1.5 weeks for each
  year aged 41 or over, 1 week for each year aged 22–40, 0.5 week below 22 — by the closed form
  in `statutory_weeks` when only an age and years are known. From dates
  (`statutory_redundancy_pay_from_dates`): continuous employment begins with the first day
  and ends with the relevant date, both counted (ERA s211(1)), and each year counted back is
  rated by the age the person was for the whole of it (s162(2)). A week's pay is capped by the
  limit in force at the relevant date (`WEEKLY_PAY_CAPS`, data: a new April is a new row); a
  relevant date a year or more after the last row's start is warned about.
- Local-government discretion (SI 2006/2914 regs 5–6): a multiplier of the statutory weeks,
  a cap in weeks (at most 104), actual or capped pay — `DiscretionaryPolicy`, a setting. The
  default is Cheshire East's 2012 voluntary-redundancy terms as published by its UNISON branch
  (1.8 ×, at most 50 weeks, actual pay): **unconfirmed**.
- Statutory minimum notice (ERA s86): 1 week after a month's service, 1 week per complete year
  from 2 years, at most 12.
- LGPS (Regulations 2013 reg 30(7)): a member made redundant at 55 or over (57 from 6 April
  2028) with 2+ years' membership takes an immediate unreduced pension; the employer pays the
  strain cost, which the fund's actuary gives (flagged here, never computed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


@dataclass(frozen=True)
class WeeklyPayCap:
    from_date: dt.date  # the cap applies to relevant dates on or after this
    weekly_cap: Decimal
    maximum: Decimal  # 30 weeks × the cap
    source: str


# Employment Rights (Increase of Limits) Orders (REFERENCE.md §2); check the 2026 row (SI 2026/310).
WEEKLY_PAY_CAPS: tuple[WeeklyPayCap, ...] = (
    WeeklyPayCap(
        dt.date(2023, 4, 6),
        Decimal("643"),
        Decimal("19290"),
        "Employment Rights (Increase of Limits) Order 2023",
    ),
    WeeklyPayCap(
        dt.date(2024, 4, 6),
        Decimal("700"),
        Decimal("21000"),
        "Employment Rights (Increase of Limits) Order 2024",
    ),
    WeeklyPayCap(
        dt.date(2025, 4, 6),
        Decimal("719"),
        Decimal("21570"),
        "Employment Rights (Increase of Limits) Order 2025",
    ),
    WeeklyPayCap(
        dt.date(2026, 4, 6), Decimal("751"), Decimal("22530"), "SI 2026/310 (to be checked)"
    ),
)


def weekly_pay_cap(relevant_date: dt.date) -> WeeklyPayCap:
    """The cap in force at the relevant date (the latest row starting on or before it)."""
    in_force = [cap for cap in WEEKLY_PAY_CAPS if cap.from_date <= relevant_date]
    if not in_force:
        first = WEEKLY_PAY_CAPS[0].from_date
        raise ValueError(
            f"There is no weekly pay cap in the table for {relevant_date:%d/%m/%Y}; the table "
            f"starts on {first:%d/%m/%Y}."
        )
    return max(in_force, key=lambda cap: cap.from_date)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


def statutory_weeks(age: int, years: int) -> Decimal:
    """Weeks of statutory redundancy pay for age A (completed years) and complete years of
    service (the closed form: N = min(years, 20); n1.5 = clamp(A − 41, 0, N);
    n1 = clamp(A − 22, 0, N) − n1.5; n0.5 = N − n1.5 − n1). Service under 2 years gives 0."""
    if age < 0 or years < 0:
        raise ValueError("Age and years of service cannot be negative.")
    if years < 2:
        return Decimal("0")
    n = min(years, 20)
    n15 = _clamp(age - 41, 0, n)
    n1 = _clamp(age - 22, 0, n) - n15
    n05 = n - n15 - n1
    return Decimal("1.5") * n15 + n1 + Decimal("0.5") * n05


@dataclass(frozen=True)
class StatutoryPay:
    eligible: bool
    weeks: Decimal
    weekly_pay_used: Decimal
    cap: Decimal
    amount: Decimal
    reasons: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def cap_warnings(relevant_date: dt.date) -> tuple[str, ...]:
    """A warning when the relevant date is a year or more after the last cap row began: a newer
    Increase of Limits Order is probably in force and missing from the table."""
    last = WEEKLY_PAY_CAPS[-1]
    if relevant_date < _add_years(last.from_date, 1):
        return ()
    return (
        f"The relevant date {relevant_date:%d/%m/%Y} is after the last weekly pay cap in the "
        f"table (£{last.weekly_cap:,.2f} from {last.from_date:%d/%m/%Y}, {last.source}); that "
        "cap was used. Check for a newer Employment Rights (Increase of Limits) Order.",
    )


def statutory_redundancy_pay(
    age: int, years: int, weekly_pay: Decimal, relevant_date: dt.date
) -> StatutoryPay:
    if weekly_pay < 0:
        raise ValueError("A week's pay cannot be negative.")
    cap = weekly_pay_cap(relevant_date)
    used = min(weekly_pay, cap.weekly_cap).quantize(PENNY)
    if years < 2:
        return StatutoryPay(
            eligible=False,
            weeks=Decimal("0"),
            weekly_pay_used=used,
            cap=cap.weekly_cap.quantize(PENNY),
            amount=Decimal("0.00"),
            reasons=(
                f"Not eligible: {years} complete year(s) of continuous service; 2 are needed "
                "(ERA 1996 s155).",
            ),
            warnings=cap_warnings(relevant_date),
        )
    weeks = statutory_weeks(age, years)
    return _eligible_pay(age, years, weeks, weekly_pay, cap, relevant_date)


def _eligible_pay(
    age: int,
    years: int,
    weeks: Decimal,
    weekly_pay: Decimal,
    cap: WeeklyPayCap,
    relevant_date: dt.date,
) -> StatutoryPay:
    used = min(weekly_pay, cap.weekly_cap).quantize(PENNY)
    amount = (weeks * used).quantize(PENNY, ROUND_HALF_UP)
    counted = min(years, 20)
    return StatutoryPay(
        eligible=True,
        weeks=weeks,
        weekly_pay_used=used,
        cap=cap.weekly_cap.quantize(PENNY),
        amount=amount,
        reasons=(
            f"Age {age}, {years} complete year(s); {counted} counted (at most the last 20).",
            f"{weeks} weeks by ERA 1996 s162 (1.5 weeks a year at 41+, 1 at 22–40, 0.5 below).",
            f"A week's pay £{weekly_pay:,.2f}, capped at £{cap.weekly_cap:,.2f} for relevant dates "
            f"from {cap.from_date:%d/%m/%Y} ({cap.source}): £{used:,.2f} used.",
        ),
        warnings=cap_warnings(relevant_date),
    )


def service_years(service_start: dt.date, relevant_date: dt.date) -> int:
    """Complete years of continuous employment: from the first day to the relevant date, both
    counted (ERA 1996 s211(1)): 01/07/2023 to 30/06/2025 is 2 complete years."""
    if relevant_date < service_start:
        raise ValueError(
            f"The relevant date {relevant_date:%d/%m/%Y} is before the start of continuous "
            f"employment ({service_start:%d/%m/%Y})."
        )
    return completed_years(service_start, relevant_date + dt.timedelta(days=1))


def weeks_by_year(date_of_birth: dt.date, years: int, relevant_date: dt.date) -> Decimal:
    """ERA s162(2), year by year: the last `years` (at most 20) complete years counted back from
    the relevant date, each rated by the age the person was for the whole of it (1.5 weeks if
    not below 41 throughout, else 1 if not below 22 throughout, else 0.5)."""
    weeks = Decimal("0")
    end = relevant_date + dt.timedelta(days=1)  # the day after the relevant date
    for back in range(1, min(years, 20) + 1):
        start = _add_years(end, -back)  # the first day of the year counted back
        age_throughout = completed_years(date_of_birth, start)
        if age_throughout >= 41:
            weeks += Decimal("1.5")
        elif age_throughout >= 22:
            weeks += 1
        else:
            weeks += Decimal("0.5")
    return weeks


def statutory_redundancy_pay_from_dates(
    date_of_birth: dt.date, service_start: dt.date, weekly_pay: Decimal, relevant_date: dt.date
) -> StatutoryPay:
    """Statutory redundancy pay from a person's dates (ERA 1996 s155, s162, s211(1), s227)."""
    if weekly_pay < 0:
        raise ValueError("A week's pay cannot be negative.")
    if date_of_birth >= service_start:
        raise ValueError(
            f"Continuous employment cannot start ({service_start:%d/%m/%Y}) before the date of "
            f"birth ({date_of_birth:%d/%m/%Y})."
        )
    years = service_years(service_start, relevant_date)
    age = completed_years(date_of_birth, relevant_date)
    if years < 2:
        return statutory_redundancy_pay(age, years, weekly_pay, relevant_date)
    weeks = weeks_by_year(date_of_birth, years, relevant_date)
    return _eligible_pay(
        age, years, weeks, weekly_pay, weekly_pay_cap(relevant_date), relevant_date
    )


@dataclass(frozen=True)
class DiscretionaryPolicy:
    """A council's discretionary compensation policy (SI 2006/2914): a setting."""

    multiplier: Decimal = Decimal("1.8")
    cap_weeks: Decimal = Decimal("50")
    actual_pay: bool = True  # reg 5: actual week's pay instead of the statutory cap
    confirmed: bool = False
    source: str = (
        "Cheshire East Council voluntary-redundancy terms, 2012, as published by its UNISON "
        "branch; current status not confirmed"
    )

    def __post_init__(self) -> None:
        if self.multiplier < 1:
            raise ValueError("The multiplier cannot be below 1 (the statutory weeks).")
        if not 0 < self.cap_weeks <= 104:
            raise ValueError("The cap in weeks must be above 0 and at most 104 (reg 6).")

    def as_dict(self) -> dict[str, object]:
        values = asdict(self)
        values["multiplier"] = str(self.multiplier)
        values["cap_weeks"] = str(self.cap_weeks)
        return values


@dataclass(frozen=True)
class DiscretionaryPay:
    weeks: Decimal
    weekly_pay_used: Decimal
    amount: Decimal  # the whole lump sum, statutory pay included
    above_statutory: Decimal
    reasons: tuple[str, ...]


def discretionary_redundancy_pay(
    statutory: StatutoryPay, weekly_pay: Decimal, policy: DiscretionaryPolicy
) -> DiscretionaryPay:
    if not statutory.eligible:
        return DiscretionaryPay(
            Decimal("0"),
            Decimal("0.00"),
            Decimal("0.00"),
            Decimal("0.00"),
            ("No discretionary payment: not eligible for statutory redundancy pay.",),
        )
    weeks = min(statutory.weeks * policy.multiplier, policy.cap_weeks)
    used = (weekly_pay if policy.actual_pay else statutory.weekly_pay_used).quantize(PENNY)
    amount = max((weeks * used).quantize(PENNY, ROUND_HALF_UP), statutory.amount)
    status = "confirmed" if policy.confirmed else "UNCONFIRMED"
    return DiscretionaryPay(
        weeks=weeks,
        weekly_pay_used=used,
        amount=amount,
        above_statutory=amount - statutory.amount,
        reasons=(
            f"{policy.multiplier} × {statutory.weeks} statutory weeks, at most "
            f"{policy.cap_weeks}: {weeks} weeks at £{used:,.2f} "
            f"({'actual' if policy.actual_pay else 'capped'} pay).",
            f"Policy: {policy.source} ({status}).",
        ),
    )


def completed_years(start: dt.date, end: dt.date) -> int:
    """Whole years from `start` to `end` (a birthday or anniversary counts on its day)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def statutory_notice_weeks(service_start: dt.date, notice_date: dt.date) -> int:
    """ERA s86: 1 week after a month's service; 1 a complete year from 2 years; at most 12."""
    years = completed_years(service_start, notice_date)
    if years >= 2:
        return min(years, 12)
    one_month = _add_months(service_start, 1)
    return 1 if notice_date >= one_month else 0


def _add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(f"Cannot add {months} month(s) to {day}.")


LGPS_AGE_CHANGE = dt.date(2028, 4, 6)


def lgps_strain_flag(
    lgps_member: bool, age: int, membership_years: int, relevant_date: dt.date
) -> str | None:
    """Why a pension strain cost arises (reg 30(7)), or None."""
    minimum = 57 if relevant_date >= LGPS_AGE_CHANGE else 55
    if lgps_member and age >= minimum and membership_years >= 2:
        return (
            f"LGPS member aged {age} (≥ {minimum}) with {membership_years} years: immediate "
            "unreduced pension; the employer pays the strain cost (from the fund's actuary)."
        )
    return None


def surplus_cost_range(pools: Iterable[tuple[int, Sequence[Decimal]]]) -> tuple[Decimal, Decimal]:
    """The least and the most that the people a ring-fence leaves without a post may cost:
    for each pool, (its surplus, each ring-fenced person's cost), the sum of the `surplus`
    cheapest and the sum of the `surplus` dearest (issue 14, item 8)."""
    low = high = Decimal("0.00")
    for surplus, costs in pools:
        if surplus <= 0:
            continue
        ordered = sorted(costs)
        low += sum(ordered[:surplus], Decimal("0.00"))
        high += sum(ordered[-surplus:], Decimal("0.00"))
    return low, high
