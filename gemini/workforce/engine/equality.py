"""Equality impact (Equality Act 2010 s149): favourable-outcome rates by group.

A group whose rate is below four fifths of the best group's rate is flagged (the four-fifths
screen). A group smaller than `minimum` is suppressed — its figures are not shown and it takes
no part in the comparison — so no one can be identified.

Suppression cannot be undone by subtraction (issue 14, item 10): the groups of a
characteristic add up to everyone in the run, whose number is shown, so where exactly one group
of a characteristic is hidden, the smallest group still shown is hidden too (secondary
suppression, `secondary`) and takes no part in the comparison either.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class GroupRate:
    characteristic: str
    group: str
    people: int | None  # None when suppressed
    favourable: int | None
    rate: float | None
    ratio_to_best: float | None
    flagged: bool
    suppressed: bool
    # Hidden although not small, so that a smaller hidden group cannot be worked out by
    # subtracting the shown groups from the total.
    secondary: bool = False


def impact(
    characteristic: str,
    records: Iterable[tuple[str, bool]],
    minimum: int = 5,
    threshold: Fraction = Fraction(4, 5),
) -> list[GroupRate]:
    """Rates for (group, favourable?) records of one characteristic, groups sorted by name."""
    totals: dict[str, list[int]] = {}
    for group, favourable in records:
        counts = totals.setdefault(group or "Not stated", [0, 0])
        counts[0] += 1
        counts[1] += int(favourable)
    shown = {g: c for g, c in totals.items() if c[0] >= minimum}
    secondary = ""
    if len(totals) - len(shown) == 1 and shown:
        secondary = min(shown, key=lambda g: (shown[g][0], g))
        del shown[secondary]
    best = max((Fraction(c[1], c[0]) for c in shown.values()), default=Fraction(0))
    rows: list[GroupRate] = []
    for group in sorted(totals):
        people, good = totals[group]
        if group not in shown:
            rows.append(
                GroupRate(
                    characteristic,
                    group,
                    None,
                    None,
                    None,
                    None,
                    False,
                    True,
                    secondary=group == secondary,
                )
            )
            continue
        rate = Fraction(good, people)
        ratio = rate / best if best else Fraction(1)
        rows.append(
            GroupRate(
                characteristic,
                group,
                people,
                good,
                round(float(rate), 3),
                round(float(ratio), 3),
                bool(best) and bool(ratio < threshold),
                False,
            )
        )
    return rows


def impact_table(
    characteristics: Sequence[str],
    people: Iterable[tuple[dict[str, str], bool]],
    minimum: int = 5,
) -> list[GroupRate]:
    """Rows for each characteristic from (their groups, favourable?) per person."""
    listed = list(people)
    rows: list[GroupRate] = []
    for name in characteristics:
        rows.extend(impact(name, ((groups.get(name, ""), fav) for groups, fav in listed), minimum))
    return rows
