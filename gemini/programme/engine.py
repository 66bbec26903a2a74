"""The programme office's rules, as pure functions (no Django): status scales and the overall
status suggestion, risk scoring on a register's matrix, milestone slippage and dependencies,
benefits realised, and "what was the status on a given date".

Every result carries its reasons (the rule, the threshold, the numbers) so a page can show
why. Sources are in docs/programme.md (REFERENCE.md §1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gemini.core import rating

# Status scales, best first. Three-point RAG (council reports) or the five-point IPA Delivery
# Confidence Assessment; the scale is a per-programme setting.
RAG = rating.RAG
DCA = rating.DCA
SCALES: Mapping[str, tuple[str, ...]] = rating.SCALES


def severity(rating: str, scale: Sequence[str]) -> int:
    """The position of a rating on its scale: 0 is best."""
    try:
        return list(scale).index(rating)
    except ValueError:
        raise ValueError(f"{rating!r} is not on the scale {', '.join(scale)}.") from None


@dataclass(frozen=True)
class WorkstreamRating:
    workstream: str
    rating: str
    as_of: dt.date


@dataclass(frozen=True)
class Suggestion:
    rating: str
    rule: str
    reasons: tuple[str, ...]
    worst: tuple[str, ...]  # the workstreams that set the suggestion


def suggest_overall(ratings: Sequence[WorkstreamRating], scale: Sequence[str]) -> Suggestion:
    """The overall status the rule suggests: the worst latest workstream rating.

    Ties keep every workstream at the worst rating, in the order given.
    """
    rule = "Overall = the worst of the workstreams' latest ratings."
    if not ratings:
        return Suggestion("", rule, ("No workstream has a status yet.",), ())
    worst_level = max(severity(r.rating, scale) for r in ratings)
    worst = tuple(r.workstream for r in ratings if severity(r.rating, scale) == worst_level)
    rating = scale[worst_level]
    reasons = (
        *(f"{r.workstream}: {r.rating} (as of {r.as_of:%d/%m/%Y})" for r in ratings),
        f"Worst: {rating} ({', '.join(worst)}).",
    )
    return Suggestion(rating, rule, reasons, worst)


@dataclass(frozen=True)
class StatusFact:
    workstream: str
    date: dt.date
    rating: str


def status_as_at(updates: Iterable[StatusFact], when: dt.date) -> dict[str, StatusFact]:
    """Each workstream's latest status on or before `when` (history answers "as at")."""
    latest: dict[str, StatusFact] = {}
    for update in updates:
        if update.date > when:
            continue
        current = latest.get(update.workstream)
        if current is None or update.date >= current.date:
            latest[update.workstream] = update
    return latest


# ---------------------------------------------------------------- risk scoring


@dataclass(frozen=True)
class Band:
    name: str
    lowest: int
    highest: int
    colour: str


@dataclass(frozen=True)
class Matrix:
    """A register's scoring matrix: likelihood 1..levels × impact 1..levels, banded."""

    levels: int
    bands: tuple[Band, ...]

    def check(self) -> list[str]:
        """Problems with the bands: every possible score must land in exactly one band."""
        problems = []
        for score in possible_scores(self.levels):
            found = [band.name for band in self.bands if band.lowest <= score <= band.highest]
            if len(found) != 1:
                where = ", ".join(found) if found else "no band"
                problems.append(f"Score {score} is in {where}; it must be in exactly one band.")
        return problems

    def band(self, score: int) -> Band:
        for band in self.bands:
            if band.lowest <= score <= band.highest:
                return band
        raise ValueError(f"Score {score} is in no band of this matrix.")


DEFAULT_BANDS = (
    Band("Low", 1, 4, "#00703c"),
    Band("Medium", 5, 10, "#ffdd00"),
    Band("High", 11, 16, "#f47738"),
    Band("Very high", 17, 25, "#d4351c"),
)
DEFAULT_MATRIX = Matrix(5, DEFAULT_BANDS)


def possible_scores(levels: int) -> list[int]:
    return sorted({lik * imp for lik in range(1, levels + 1) for imp in range(1, levels + 1)})


@dataclass(frozen=True)
class Score:
    likelihood: int
    impact: int
    value: int
    band: str
    colour: str
    reason: str


def score(likelihood: int, impact: int, matrix: Matrix = DEFAULT_MATRIX) -> Score:
    for name, level in (("Likelihood", likelihood), ("Impact", impact)):
        if not 1 <= level <= matrix.levels:
            raise ValueError(f"{name} {level} is outside 1 to {matrix.levels}.")
    value = likelihood * impact
    band = matrix.band(value)
    return Score(
        likelihood,
        impact,
        value,
        band.name,
        band.colour,
        f"{likelihood} × {impact} = {value}: {band.name} ({band.lowest}–{band.highest}).",
    )


@dataclass(frozen=True)
class RiskFlag:
    rule: str
    message: str


def risk_flags(
    current: int, target: int | None, appetite: int | None, inherent: int | None = None
) -> tuple[RiskFlag, ...]:
    """What needs attention about a risk's scores."""
    flags = []
    if target is not None and target > current:
        flags.append(
            RiskFlag(
                "target above current",
                f"The target score {target} is above the current score {current}: "
                "a target (residual) score should not exceed the current one.",
            )
        )
    if inherent is not None and current > inherent:
        flags.append(
            RiskFlag(
                "current above inherent",
                f"The current score {current} is above the inherent score {inherent}.",
            )
        )
    if appetite is not None and current > appetite:
        flags.append(
            RiskFlag(
                "above appetite",
                f"The current score {current} is above the register's appetite of {appetite}: "
                "escalate it.",
            )
        )
    return tuple(flags)


# ---------------------------------------------------------------- milestones


@dataclass(frozen=True)
class MilestoneFact:
    key: str
    baseline: dt.date | None
    forecast: dt.date | None
    actual: dt.date | None
    predecessors: tuple[str, ...] = ()


def slippage_days(
    baseline: dt.date | None, forecast: dt.date | None, actual: dt.date | None
) -> int | None:
    """Days later than baseline (actual if done, else forecast); negative is early."""
    if baseline is None:
        return None
    compared = actual or forecast
    if compared is None:
        return None
    return (compared - baseline).days


def is_late(milestone: MilestoneFact, today: dt.date) -> bool:
    """Slipped past its baseline, or due (forecast) in the past and not done."""
    slip = slippage_days(milestone.baseline, milestone.forecast, milestone.actual)
    if slip is not None and slip > 0:
        return True
    due = milestone.forecast or milestone.baseline
    return milestone.actual is None and due is not None and due < today


def dependency_flags(
    milestones: Sequence[MilestoneFact], today: dt.date
) -> dict[str, tuple[str, ...]]:
    """For each milestone, why a late predecessor puts it at risk (directly or down a chain).

    A predecessor that is late, or whose date is after its successor's, flags the successor;
    the flag passes on to that successor's own successors. Cycles are reported, not followed.
    """
    by_key = {m.key: m for m in milestones}
    flags: dict[str, list[str]] = {m.key: [] for m in milestones}
    order = sorted(by_key)

    def date_of(m: MilestoneFact) -> dt.date | None:
        return m.actual or m.forecast or m.baseline

    # Direct flags.
    for key in order:
        milestone = by_key[key]
        for pred_key in milestone.predecessors:
            pred = by_key.get(pred_key)
            if pred is None:
                continue
            if is_late(pred, today):
                flags[key].append(f"Predecessor {pred_key} is late.")
            elif (
                pred.actual is None
                and date_of(pred) is not None
                and date_of(milestone) is not None
                and date_of(pred) > date_of(milestone)  # type: ignore[operator]
            ):
                flags[key].append(
                    f"Predecessor {pred_key} is forecast for {date_of(pred):%d/%m/%Y}, after "
                    "this milestone."
                )
    # Pass flags down chains (breadth first, each milestone once per origin).
    successors: dict[str, list[str]] = {key: [] for key in by_key}
    for key in order:
        for pred_key in by_key[key].predecessors:
            if pred_key in successors:
                successors[pred_key].append(key)
    for origin in order:
        if not flags[origin] or not by_key[origin].predecessors:
            continue
        seen = {origin}
        queue = list(successors[origin])
        while queue:
            key = queue.pop(0)
            if key in seen:
                continue
            seen.add(key)
            message = f"Depends (through {origin}) on a late milestone."
            if message not in flags[key]:
                flags[key].append(message)
            queue.extend(successors[key])
    return {key: tuple(messages) for key, messages in flags.items() if messages}


# ---------------------------------------------------------------- benefits


@dataclass(frozen=True)
class Realisation:
    percent: Decimal | None
    reason: str


def percent_realised(baseline: Decimal, target: Decimal, value: Decimal | None) -> Realisation:
    """% realised = (value − baseline) / (target − baseline) × 100 (HM Treasury Green Book).

    No measurement, or a target equal to the baseline, gives no percentage (with the reason).
    """
    rule = "(value − baseline) / (target − baseline) × 100"
    if value is None:
        return Realisation(None, "Not measured yet: a benefit not measured cannot be claimed.")
    if target == baseline:
        return Realisation(
            None, f"The target equals the baseline ({baseline}), so {rule} is not defined."
        )
    percent = ((value - baseline) / (target - baseline) * 100).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return Realisation(
        percent, f"({value} − {baseline}) / ({target} − {baseline}) × 100 = {percent}%"
    )


def financial_year(day: dt.date) -> str:
    """The April–March financial year of a date, such as "2025/26"."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"
