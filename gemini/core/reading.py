"""Money rounded for reading (dashboards, home panels, summaries): £5.1m, £450k, £950.

One function, `pounds_for_reading`, and the same as the `pounds_for_reading` template filter
(gemini.templating). A person glancing at a dashboard reads the size, not the pence (GOV.UK
style guide, "Money": "£5.1m", "£450k"). Exact pence stay where people take the numbers away:
tables that are exported and the exports themselves (gemini.finance.engine.pounds, the
download's own cells). The committee report keeps the seed report's own wording, £2.67m to two
decimal places from £100,000 (gemini.core.reporting.formatting.money, issue 18), because an
issued report must give back the seed's figures as printed.

Pure: no Django import.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MILLION = Decimal(1_000_000)
THOUSAND = Decimal(1_000)
NOT_KNOWN = "Not known"
MINUS = "\N{MINUS SIGN}"


def _places(value: Decimal, exponent: str) -> Decimal:
    return value.quantize(Decimal(exponent), rounding=ROUND_HALF_UP)


def pounds_for_reading(value: Decimal | None) -> str:
    """An amount of money rounded for reading. The rules, applied to the size of the amount
    after rounding half up (so an amount never shows as 1,000 of a smaller unit):

    - £1m and above: millions to one decimal place, a trailing ".0" dropped
      (£5,100,000 → £5.1m; £1,049,999 → £1m; £999,999 → £1m, since it rounds to £1,000k);
    - £1k and above: whole thousands (£1,000 → £1k; £450,000 → £450k; £999.50 → £1k);
    - below that: whole pounds (£999; £12.50 → £13; £0.40 → £0).

    A negative amount keeps its sign, written with a minus sign (−£20k): a variance below
    budget or a gap already closed is a real figure, never shown as £0. An amount that is not
    known (None) reads "Not known", never £0.
    """
    if value is None:
        return NOT_KNOWN
    amount = Decimal(value)
    if not amount.is_finite():
        return NOT_KNOWN
    size = abs(amount)
    pounds = _places(size, "1")
    thousands = _places(size / THOUSAND, "1")
    millions = _places(size / MILLION, "0.1")
    if size >= MILLION or thousands >= THOUSAND:
        text = f"£{millions:,}m".replace(".0m", "m")
    elif pounds >= THOUSAND:
        text = f"£{thousands:,}k"
    else:
        text = f"£{pounds:,}"
    return f"{MINUS}{text}" if amount < 0 and text != "£0" else text
