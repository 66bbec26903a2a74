"""Writes for the workforce app — one function per action, atomic, audited — and the use cases
that load from the database, call an engine and return or save its results.

Views, the `gemini workforce` command, the importers and the demo loader all call these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils import timezone

from gemini.core.history import bulk_create_with_history, recording_time
from gemini.core.models import Organisation, User
from gemini.core.services import Outcome as WriteOutcome
from gemini.core.services import upsert
from gemini.core.versioning import StaleEditError, save_edit
from gemini.workforce.engine import decisions, matching
from gemini.workforce.engine.consultation import Contest, Move, ProposedDismissals
from gemini.workforce.engine.consultation import proposed_dismissals as count_dismissals
from gemini.workforce.engine.redundancy import (
    DiscretionaryPay,
    DiscretionaryPolicy,
    StatutoryPay,
    completed_years,
    discretionary_redundancy_pay,
    lgps_strain_flag,
    service_years,
    statutory_notice_weeks,
    statutory_redundancy_pay_from_dates,
)
from gemini.workforce.models import (
    Decision,
    DutyMatch,
    EqualityRecord,
    Grade,
    JdqStatus,
    MatchingRun,
    OrganisedGrouping,
    Outcome,
    PersonOutcome,
    Pool,
    Post,
    ServiceDesign,
    Staff,
)

M = TypeVar("M", bound=Model)

# A run's settings besides the matching policy (docs/workforce.md lists each default).
DEFAULT_FIRST_DISMISSAL = dt.date(2025, 6, 30)
EQUALITY_MINIMUM = 5
FAVOURABLE = (Outcome.SLOT_IN.value, Outcome.MATCHED.value)
EQUALITY_CHARACTERISTICS = (
    "age band",
    "sex",
    "ethnicity",
    "disability",
    "pregnancy and maternity",
)


# --- reference data and staff -------------------------------------------------------------


def add_many(model: type[M], records: Sequence[M]) -> int:
    """Create many new records at once (a first load), validated and audited.

    Each record is checked field by field and by its `clean()`; foreign keys are given as
    objects already loaded, so they are not looked up again. Use `upsert` for later loads.
    """
    for record in records:
        foreign = [f.name for f in model._meta.concrete_fields if f.is_relation]
        record.clean_fields(exclude=foreign)
        record.clean()
    with transaction.atomic():
        bulk_create_with_history(list(records), model, batch_size=500)
    return len(records)


def save_grade(
    council: Organisation, grade: str, rank: int, min_point: int, max_point: int
) -> tuple[Grade, WriteOutcome]:
    return upsert(
        Grade,
        {"council": council, "grade": grade},
        {"rank": rank, "min_spinal_point": min_point, "max_spinal_point": max_point},
    )


def save_staff(employee_ref: str, values: dict[str, Any]) -> tuple[Staff, WriteOutcome]:
    """Create or update one person by employee ref (values: the Staff fields)."""
    return upsert(Staff, {"employee_ref": employee_ref}, values)


def save_strain_cost(staff: Staff, strain_cost: Decimal) -> tuple[Staff, WriteOutcome]:
    """Record the LGPS pension strain cost the fund's actuary gives for one person (LGPS
    Regulations 2013 reg 30(7))."""
    return upsert(Staff, {"pk": staff.pk}, {"strain_cost": strain_cost})


def save_equality(
    staff: Staff, sex: str, ethnicity: str, disability: str
) -> tuple[EqualityRecord, WriteOutcome]:
    return upsert(
        EqualityRecord,
        {"staff": staff},
        {"sex": sex, "ethnicity": ethnicity, "disability": disability},
    )


def save_service_design(council: Organisation, name: str) -> tuple[ServiceDesign, WriteOutcome]:
    return upsert(ServiceDesign, {"council": council, "name": name}, {})


def save_post(post_ref: str, values: dict[str, Any]) -> tuple[Post, WriteOutcome]:
    return upsert(Post, {"post_ref": post_ref}, values)


def save_duty_match(
    staff: Staff, post: Post, duty_match: Decimal, moderated_by: str, note: str
) -> tuple[DutyMatch, WriteOutcome]:
    return upsert(
        DutyMatch,
        {"staff": staff, "post": post},
        {"duty_match": duty_match, "moderated_by": moderated_by, "note": note},
    )


# --- matching ---------------------------------------------------------------------------


def matching_policy(**values: Any) -> matching.Policy:
    """A matching policy: the given thresholds, and the council's settings for pay protection,
    the FTE tolerance and job shares (docs/configuration.md, "Workforce")."""
    values.setdefault("pay_protection_months", settings.GEMINI_WORKFORCE_PAY_PROTECTION_MONTHS)
    values.setdefault("fte_tolerance", settings.GEMINI_WORKFORCE_FTE_TOLERANCE)
    values.setdefault("job_shares", settings.GEMINI_WORKFORCE_JOB_SHARES)
    return matching.Policy(**values)


def engine_inputs(
    staff: Iterable[Staff], posts: Iterable[Post], when: dt.date = DEFAULT_FIRST_DISMISSAL
) -> tuple[list[matching.Person], list[matching.Post], dict[tuple[str, str], float]]:
    """The engine's people (protected leave as in force on `when`), posts and moderated
    duty matches."""
    people = [
        matching.Person(
            ref=s.employee_ref,
            grade_rank=s.grade.rank,
            text=s.current_jd,
            preference=s.preference,
            grade=s.grade.grade,
            team=s.team,
            fte=float(s.fte),
            protected_leave=s.protected_on(when),
        )
        for s in staff
    ]
    places = [
        matching.Post(
            ref=p.post_ref,
            council=p.council.code,
            grade_rank=p.grade.rank,
            count=p.count,
            text=p.jd,
            grade=p.grade.grade,
            title=p.title,
            team=p.team,
            fte=float(p.fte),
        )
        for p in posts
    ]
    moderated = {
        (employee_ref, post_ref): float(score)
        for employee_ref, post_ref, score in DutyMatch.objects.values_list(
            "staff__employee_ref", "post__post_ref", "duty_match"
        )
    }
    return people, places, moderated


@dataclass(frozen=True)
class RunReadiness:
    """What a matching run needs that is not there: `missing` stops a run (each says what to
    do); `cautions` let it run but weaken what it proposes."""

    missing: tuple[str, ...]
    cautions: tuple[str, ...]


def run_readiness() -> RunReadiness:
    """Whether a matching run can be made now, and if not, what is missing (issue 19, item 7)."""
    missing = []
    if not Staff.objects.exists():
        missing.append(
            "The staff baseline is empty: import it (Imports, staff baseline) so the run "
            "has people to match"
        )
    if not Post.objects.exists():
        designs = ServiceDesign.objects.count()
        missing.append(
            "No future service design has a post"
            + (f" ({designs} designs are recorded, all empty)" if designs else "")
            + ": import each council's service design and its posts so the run has "
            "posts to match people to"
        )
    cautions = []
    without_jd = Staff.objects.filter(current_jd="").count()
    if without_jd:
        cautions.append(
            f"{without_jd} of the staff have no current job description, so their duty match "
            "cannot be measured and they cannot slot in"
        )
    posts_without_jd = Post.objects.filter(jd="").count()
    if posts_without_jd:
        cautions.append(
            f"{posts_without_jd} posts have no job description, so no one can be matched to "
            "them on duties"
        )
    draft = Post.objects.filter(jdq_status=JdqStatus.DRAFT).count()
    if draft:
        cautions.append(
            f"{draft} posts are not yet evaluated (JDQ draft): their grades, and so the "
            "ring-fences, may change"
        )
    return RunReadiness(tuple(missing), tuple(cautions))


def run_matching(
    policy: matching.Policy,
    user: User | None = None,
    first_dismissal_date: dt.date = DEFAULT_FIRST_DISMISSAL,
    discretionary: DiscretionaryPolicy | None = None,
    label: str = "",
) -> MatchingRun:
    """Run the engine over every member of staff and every post; save the run, its pools and
    each person's proposed outcome (all pending a decision)."""
    discretionary = discretionary or DiscretionaryPolicy()
    staff = list(Staff.objects.select_related("grade").order_by("employee_ref"))
    posts = list(Post.objects.select_related("grade", "council").order_by("post_ref"))
    people, places, moderated = engine_inputs(staff, posts, first_dismissal_date)
    result = matching.match(people, places, policy, moderated)
    with transaction.atomic():
        number = (MatchingRun.objects.aggregate(top=Max("number"))["top"] or 0) + 1
        run = MatchingRun(
            number=number,
            created_at=recording_time() or timezone.now(),
            created_by=user,
            label=label,
            policy={
                "matching": policy.as_dict(),
                "discretionary": discretionary.as_dict(),
                "first_dismissal_date": first_dismissal_date.isoformat(),
                "other_council_moves": settings.GEMINI_WORKFORCE_OTHER_COUNCIL_MOVES,
                "equality_minimum": EQUALITY_MINIMUM,
                "favourable_outcomes": list(FAVOURABLE),
                "score_resolution": result.score_resolution,
            },
            staff_count=len(staff),
            post_count=sum(p.count for p in posts),
            first_dismissal_date=first_dismissal_date,
        )
        run.full_clean()
        run.save()
        pools = {
            pool.number: Pool(
                run=run,
                number=pool.number,
                post_refs=list(pool.post_refs),
                places=pool.places,
                claimants=pool.claimants,
                slot_ins=pool.slot_ins,
                outcome=pool.outcome,
            )
            for pool in result.pools
        }
        Pool.objects.bulk_create(pools.values())
        staff_by_ref = {s.employee_ref: s for s in staff}
        post_by_ref = {p.post_ref: p for p in posts}
        rows = [
            PersonOutcome(
                run=run,
                staff=staff_by_ref[item.employee_ref],
                pool=pools.get(item.pool) if item.pool else None,
                proposed=item.outcome,
                proposed_post=post_by_ref[item.post_ref] if item.post_ref else None,
                duty_match=Decimal(str(item.duty_match)) if item.duty_match is not None else None,
                match_source=item.source or "",
                shared_terms=list(item.shared_terms),
                preference_honoured=item.preference_honoured,
                reasons=list(item.reasons),
                flags=list(item.flags),
                contested_posts=[
                    {"post_ref": c.post_ref, "places": c.places} for c in item.contested_posts
                ],
                offers=[{"post_ref": c.post_ref, "places": c.places} for c in item.offers],
                alternatives=[
                    {
                        "post_ref": alt.post_ref,
                        "title": post_by_ref[alt.post_ref].title,
                        "council": alt.council,
                        "grade_rank": alt.grade_rank,
                        "duty_match": alt.duty_match,
                        "source": alt.source,
                        "shared_terms": list(alt.shared_terms),
                    }
                    for alt in item.alternatives
                ],
            )
            for item in result.outcomes
        ]
        bulk_create_with_history(rows, PersonOutcome, batch_size=500)
    return run


class PostFullError(Exception):
    """A decision would put more people into a post than it has places (nothing written)."""

    def __init__(self, post: Post, holders: list[decisions.Holder]) -> None:
        super().__init__(decisions.post_full_message(post.post_ref, post.count, holders))
        self.post = post
        self.holders = holders


class PolicyBreachError(ValidationError):
    """An override that breaks the run's policy, not yet accepted by the person deciding."""

    def __init__(self, breaches: list[str]) -> None:
        super().__init__(
            "This override departs from the run's policy: "
            + " ".join(breaches)
            + " Confirm that you decide it anyway, with your reason."
        )
        self.breaches = breaches


def holders(
    post: Post, run: MatchingRun, excluding: PersonOutcome | None = None
) -> list[decisions.Holder]:
    """Who the run's decisions (confirmed or overridden) put into the post."""
    taken = (
        PersonOutcome.objects.filter(
            run=run, decided_post=post, decided_outcome__in=decisions.TAKES_A_PLACE
        )
        .exclude(decision=Decision.PENDING)
        .select_related("staff")
        .order_by("staff__employee_ref")
    )
    if excluding is not None:
        taken = taken.exclude(pk=excluding.pk)
    return [
        decisions.Holder(
            o.staff.employee_ref, o.staff.name, o.get_decision_display().lower(), float(o.staff.fte)
        )
        for o in taken
    ]


def places_taken(run: MatchingRun) -> dict[int, int]:
    """Each post's places taken by the run's decisions, by post id."""
    rows = (
        PersonOutcome.objects.filter(run=run, decided_outcome__in=decisions.TAKES_A_PLACE)
        .exclude(decision=Decision.PENDING)
        .exclude(decided_post=None)
        .values_list("decided_post_id", flat=True)
    )
    taken: dict[int, int] = {}
    for post_id in rows:
        taken[post_id] = taken.get(post_id, 0) + 1
    return taken


def known_duty_match(record: PersonOutcome, post: Post) -> float | None:
    """The duty match between the person and a post as the run knew it (its proposal or an
    alternative), else a moderated one; None when not known."""
    if record.proposed_post_id == post.pk and record.duty_match is not None:
        return float(record.duty_match)
    for alternative in record.alternatives:
        if (
            alternative.get("post_ref") == post.post_ref
            and alternative.get("duty_match") is not None
        ):
            return float(alternative["duty_match"])
    moderated = DutyMatch.objects.filter(staff=record.staff, post=post).first()
    return float(moderated.duty_match) if moderated else None


def override_breaches(record: PersonOutcome, outcome: str, post: Post | None) -> list[str]:
    """How overriding `record` to `outcome` (and `post`) departs from the run's policy."""
    policy = record.run.policy.get("matching", {})
    return decisions.policy_breaches(
        outcome,
        record.staff.grade.rank,
        post.grade.rank if post is not None else None,
        known_duty_match(record, post) if post is not None else None,
        float(policy.get("slot_in", matching.Policy.slot_in)),
        float(policy.get("ring_fence", matching.Policy.ring_fence)),
    )


def decide_outcome(
    record: PersonOutcome,
    expected_version: int,
    user: User,
    decision: str,
    reason: str,
    outcome: str = "",
    post: Post | None = None,
    accept_breaches: bool = False,
) -> PersonOutcome:
    """Confirm the proposal, or override it with another outcome (and post), with a reason.

    Refused, writing nothing (issue 14, item 6; docs/workforce.md, "HR decisions"):
    a post on an at-risk outcome (ValidationError); a decision that would put more people into
    a post than its places across the run's decisions (PostFullError, naming who holds it);
    an override that breaks the run's policy unless `accept_breaches` (PolicyBreachError).
    Raises StaleEditError if someone else decided after the form was opened.
    """
    if decision == Decision.CONFIRMED:
        outcome, post = record.proposed, record.proposed_post
    if outcome == Outcome.AT_RISK and post is not None:
        raise ValidationError(
            {"decided_post": "An at-risk outcome has no post: choose no post, or another outcome."}
        )
    breaches = override_breaches(record, outcome, post) if decision == Decision.OVERRIDDEN else []
    if breaches and not accept_breaches:
        raise PolicyBreachError(breaches)
    changes = {
        "decision": decision,
        "decided_outcome": outcome,
        "decided_post": post,
        "decision_reason": reason.strip(),
        "decided_by": user,
        "decided_at": timezone.now(),
        "policy_breaches": breaches,
    }
    with transaction.atomic():
        if post is not None and outcome in decisions.TAKES_A_PLACE:
            # One decision into a post at a time: the second waits, then sees the first.
            locked = Post.objects.select_for_update().get(pk=post.pk)
            held = holders(locked, record.run, excluding=record)
            policy = record.run.policy.get("matching", {})
            if not decisions.has_room(
                locked.count,
                float(locked.fte),
                held,
                float(record.staff.fte),
                bool(policy.get("job_shares", False)),
                float(policy.get("fte_tolerance", 0.0)),
            ):
                raise PostFullError(locked, held)
        return save_edit(record, expected_version, changes)


@dataclass(frozen=True)
class Refusal:
    employee_ref: str
    message: str


def confirm_many(
    chosen: Sequence[tuple[PersonOutcome, int]], user: User, reason: str
) -> list[Refusal]:
    """Confirm several proposals with one reason, recorded on each person's decision; all or
    none: if any is refused (decided meanwhile, a full post), nothing is saved and each
    refusal is returned."""
    refusals: list[Refusal] = []
    with transaction.atomic():
        for item, version in chosen:
            try:
                with transaction.atomic():
                    decide_outcome(item, version, user, Decision.CONFIRMED, reason)
            except (StaleEditError, PostFullError, ValidationError) as error:
                message = (
                    " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                )
                refusals.append(Refusal(item.staff.employee_ref, message))
        if refusals:
            transaction.set_rollback(True)
    return refusals


# --- groupings ----------------------------------------------------------------------------


def save_grouping(
    name: str,
    destination: Organisation,
    principal_purpose: str,
    transfer_date: dt.date,
    note: str,
    members: Sequence[Staff],
) -> tuple[OrganisedGrouping, WriteOutcome]:
    with transaction.atomic():
        grouping, outcome = upsert(
            OrganisedGrouping,
            {"name": name},
            {
                "destination": destination,
                "principal_purpose": principal_purpose,
                "transfer_date": transfer_date,
                "note": note,
            },
        )
        current = set(grouping.members.values_list("pk", flat=True))
        wanted = {m.pk for m in members}
        if current != wanted:
            grouping.members.set(members)
            if outcome == "unchanged":
                outcome = "updated"
    return grouping, outcome


def create_grouping(
    name: str,
    destination: Organisation,
    principal_purpose: str,
    transfer_date: dt.date,
    note: str,
    members: Sequence[Staff],
) -> OrganisedGrouping:
    """A new organised grouping (the "New grouping" form). Raises ValidationError, writing
    nothing, if one of that name exists, even one saved a moment ago by someone else: the form
    never replaces another officer's grouping."""
    taken = ValidationError({"name": "An organised grouping with that name already exists"})
    with transaction.atomic():
        if OrganisedGrouping.objects.filter(name=name).exists():
            raise taken
        try:
            with transaction.atomic():
                grouping, _ = save_grouping(
                    name, destination, principal_purpose, transfer_date, note, members
                )
        except (IntegrityError, ValidationError):  # created meanwhile
            raise taken from None
    return grouping


# --- figures derived from a run --------------------------------------------------------------


@dataclass(frozen=True)
class PersonCost:
    outcome: PersonOutcome
    age: int
    years: int
    statutory: StatutoryPay
    discretionary: DiscretionaryPay
    notice_weeks: int
    pension_flag: str | None

    @property
    def strain_cost(self) -> Decimal | None:
        """The pension strain cost from the fund's actuary; None when not known."""
        return self.outcome.staff.strain_cost


def discretionary_policy(run: MatchingRun) -> DiscretionaryPolicy:
    values = run.policy["discretionary"]
    return DiscretionaryPolicy(
        multiplier=Decimal(values["multiplier"]),
        cap_weeks=Decimal(values["cap_weeks"]),
        actual_pay=bool(values["actual_pay"]),
        confirmed=bool(values["confirmed"]),
        source=str(values["source"]),
    )


def costs_of(run: MatchingRun, outcomes: Iterable[PersonOutcome]) -> list[PersonCost]:
    """Statutory and discretionary pay, notice and pension flags for each of `outcomes`,
    whatever its outcome, were the person dismissed at the run's first dismissal date (the
    relevant date)."""
    policy = discretionary_policy(run)
    when = run.first_dismissal_date
    costs: list[PersonCost] = []
    for item in outcomes:
        staff = item.staff
        age = completed_years(staff.date_of_birth, when)
        years = service_years(staff.continuous_service_start, when)
        statutory = statutory_redundancy_pay_from_dates(
            staff.date_of_birth, staff.continuous_service_start, staff.weekly_pay, when
        )
        costs.append(
            PersonCost(
                outcome=item,
                age=age,
                years=years,
                statutory=statutory,
                discretionary=discretionary_redundancy_pay(statutory, staff.weekly_pay, policy),
                notice_weeks=statutory_notice_weeks(staff.continuous_service_start, when),
                pension_flag=lgps_strain_flag(staff.lgps_member, age, years, when),
            )
        )
    return costs


def redundancy_costs(run: MatchingRun, outcomes: Iterable[PersonOutcome]) -> list[PersonCost]:
    """`costs_of` everyone whose outcome in force is at risk."""
    return costs_of(run, (o for o in outcomes if o.outcome == Outcome.AT_RISK))


def pool_key(item: PersonOutcome) -> str:
    """The pool a ring-fenced person competes in, as `proposed_dismissals` groups them."""
    return str(item.pool.number) if item.pool is not None else f"none ({item.staff.employee_ref})"


def moves_are_dismissals(run: MatchingRun) -> bool:
    """The run's reading of a move to the other council outside an organised grouping: the
    setting when the run was made (GEMINI_WORKFORCE_OTHER_COUNCIL_MOVES for older runs)."""
    reading = run.policy.get("other_council_moves", settings.GEMINI_WORKFORCE_OTHER_COUNCIL_MOVES)
    return str(reading) != "transfer"


def proposed_dismissals(run: MatchingRun, outcomes: Sequence[PersonOutcome]) -> ProposedDismissals:
    """The dismissals proposed by the outcomes in force of `outcomes` (TULRCA s188, s195;
    issue 14, item 8): at risk, each pool's ring-fence surplus, and moves to a post of the
    other council other than with an organised grouping moving there."""
    codes = dict(Organisation.objects.values_list("pk", "code"))
    transfers = set(
        OrganisedGrouping.objects.filter(members__isnull=False).values_list(
            "members", "destination_id"
        )
    )
    at_risk = [o.staff.employee_ref for o in outcomes if o.outcome == Outcome.AT_RISK]
    contests = []
    moves = []
    for item in outcomes:
        post = item.post
        if item.outcome == Outcome.RING_FENCE:
            posts = tuple((str(c["post_ref"]), int(c["places"])) for c in item.contested_posts)
            if not posts and post is not None:
                posts = ((post.post_ref, post.count),)
            contests.append(Contest(item.staff.employee_ref, pool_key(item), posts))
        elif (
            item.outcome in (Outcome.SLOT_IN, Outcome.MATCHED)
            and post is not None
            and post.council_id != item.staff.employer_id
        ):
            moves.append(
                Move(
                    item.staff.employee_ref,
                    codes[item.staff.employer_id],
                    codes[post.council_id],
                    transfer=(item.staff_id, post.council_id) in transfers,
                )
            )
    return count_dismissals(at_risk, contests, moves, moves_are_dismissals(run))


def age_band(date_of_birth: dt.date, when: dt.date) -> str:
    age = completed_years(date_of_birth, when)
    if age < 30:
        return "Under 30"
    if age < 50:
        return "30 to 49"
    return "50 and over"
