"""Figures rounded for reading (dashboards and summaries): £5.1m, £450k, £950.

Exact pence stay in tables people export; a person glancing at a dashboard reads the size
(GOV.UK style: "£5.1m", "£450k"; the Government Digital Service's style guide, "Money").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MILLION = Decimal(1_000_000)
THOUSAND = Decimal(1_000)


def _trim(value: Decimal, places: str) -> str:
    text = f"{value.quantize(Decimal(places), rounding=ROUND_HALF_UP):,}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def pounds_for_reading(value: Decimal) -> str:
    """£5.1m, £450k, £950; negative amounts keep their sign (−£1.2m)."""
    sign = "−" if value < 0 else ""
    size = abs(value)
    if size >= MILLION:
        return f"{sign}£{_trim(size / MILLION, '0.1')}m"
    if size >= THOUSAND * 10:
        return f"{sign}£{_trim(size / THOUSAND, '1')}k"
    return f"{sign}£{_trim(size, '1')}"
