"""The matching engine's terms: the outcome names and flags, and the frozen dataclasses that
go in and come out (`Person`, `Post`, `Policy`, `Outcome`, `Pool`, `MatchResult`).

Kept apart from `matching.py` (the rules) and `outcomes.py` (the reasons), which both use
them, so neither imports the other. Pure: no Django import.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

SLOT_IN = "slot_in"
MATCHED = "matched"
RING_FENCE = "ring_fence"
AT_RISK = "at_risk"
OUTCOMES = (SLOT_IN, MATCHED, RING_FENCE, AT_RISK)
OUTCOME_LABELS = {
    SLOT_IN: "Slot-in",
    MATCHED: "Matched without interview",
    RING_FENCE: "Competitive ring-fence",
    AT_RISK: "At risk",
}
PAY_PROTECTION = "pay_protection"
HOURS_CHANGE = "hours_change"
PROTECTED_PRIORITY = "protected_priority"
SUITABLE_ALTERNATIVE_OFFER = "suitable_alternative_offer"
JOB_SHARE = "job_share"
FLAGS = (PAY_PROTECTION, HOURS_CHANGE, PROTECTED_PRIORITY, SUITABLE_ALTERNATIVE_OFFER, JOB_SHARE)
FLAG_LABELS = {
    PAY_PROTECTION: "Pay protection",
    HOURS_CHANGE: "Hours change: needs agreement",
    PROTECTED_PRIORITY: "Statutory priority",
    SUITABLE_ALTERNATIVE_OFFER: "Suitable alternative offer",
    JOB_SHARE: "Job share: needs agreement",
}
PROTECTED_LEAVE = ("pregnancy", "maternity", "adoption", "shared_parental")
NO_PREFERENCE = frozenset({"", "either", "none"})


def shares_fit(places: int, post_fte: float, ftes: list[float], tolerance: float) -> bool:
    """Whether these people fit a post's places as job shares: at most two to a place, their
    FTE within the places' FTE plus the tolerance (docs/workforce.md, "Job shares")."""
    return len(ftes) <= 2 * places and sum(ftes) <= places * post_fte + tolerance + 1e-9


@dataclass(frozen=True)
class Person:
    ref: str
    grade_rank: int
    text: str
    preference: str = "none"  # a council code (e.g. "CWAC"), "either" or "none"
    grade: str = ""
    team: str = ""
    fte: float = 1.0
    protected_leave: str = ""  # one of PROTECTED_LEAVE while the protection lasts, else ""


@dataclass(frozen=True)
class Post:
    ref: str
    council: str
    grade_rank: int
    count: int
    text: str
    grade: str = ""
    title: str = ""
    team: str = ""
    fte: float = 1.0


@dataclass(frozen=True)
class Policy:
    """The matching policy: every threshold a setting with its default (docs/workforce.md)."""

    slot_in: float = 70.0  # duty match for a slot-in, at the same grade rank
    ring_fence: float = 50.0  # duty match for ring-fence eligibility
    grade_steps_up: int = 1  # ranks above one's own, only where nothing at own grade
    honour_preferences: bool = True
    pay_protection_months: int = 12  # the council's pay-protection period (not found: a setting)
    fte_tolerance: float = 0.1  # a move changing FTE by more than this needs agreement
    job_shares: bool = False  # part-time people may share one post's FTE (council policy)

    def __post_init__(self) -> None:
        if not 0 <= self.ring_fence <= self.slot_in <= 100:
            raise ValueError(
                "The thresholds must satisfy 0 ≤ ring-fence ≤ slot-in ≤ 100 "
                f"(ring-fence {self.ring_fence}, slot-in {self.slot_in})."
            )
        if self.grade_steps_up < 0:
            raise ValueError("The grade steps up cannot be negative.")
        if self.pay_protection_months < 0:
            raise ValueError("The pay-protection period cannot be negative.")
        if not 0 <= self.fte_tolerance < 1:
            raise ValueError("The FTE tolerance must be at least 0 and below 1.")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Alternative:
    post_ref: str
    council: str
    grade_rank: int
    duty_match: float
    source: str  # "moderated" or "computed"
    shared_terms: tuple[str, ...]


@dataclass(frozen=True)
class ContestedPost:
    """A post in a ring-fence (or offered as suitable alternative employment), with the
    number of its places in contention."""

    post_ref: str
    places: int


@dataclass(frozen=True)
class Outcome:
    employee_ref: str
    outcome: str
    post_ref: str | None  # None for a ring-fence: no post is named before the selection
    duty_match: float | None
    source: str | None
    shared_terms: tuple[str, ...]
    pool: int | None
    preference_honoured: bool | None
    reasons: tuple[str, ...]
    alternatives: tuple[Alternative, ...]
    flags: tuple[str, ...] = ()
    contested_posts: tuple[ContestedPost, ...] = ()
    offers: tuple[ContestedPost, ...] = ()  # suitable alternative employment (ERA s138)


@dataclass(frozen=True)
class Pool:
    number: int
    post_refs: tuple[str, ...]
    employee_refs: tuple[str, ...]
    places: int  # identical posts counted one by one
    claimants: int
    slot_ins: int
    outcome: str  # MATCHED (everyone placed without interview) or RING_FENCE

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


@dataclass(frozen=True)
class MatchResult:
    policy: Policy
    outcomes: tuple[Outcome, ...]
    pools: tuple[Pool, ...]
    score_resolution: int  # points of duty match the last tie-break distinguishes (1 = exact)

    def count(self, outcome: str) -> int:
        return sum(1 for item in self.outcomes if item.outcome == outcome)

    def allocated(self) -> dict[str, str]:
        return {o.employee_ref: o.post_ref for o in self.outcomes if o.post_ref is not None}
