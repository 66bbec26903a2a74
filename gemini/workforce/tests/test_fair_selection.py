"""Grade, hours, statutory priority and job shares in the matching engine (issue 14, items 2–5;
docs/workforce.md, "Matching"; REFERENCE.md §2)."""

from __future__ import annotations

from gemini.workforce.engine.matching import (
    AT_RISK,
    HOURS_CHANGE,
    JOB_SHARE,
    MATCHED,
    PAY_PROTECTION,
    PROTECTED_PRIORITY,
    RING_FENCE,
    SLOT_IN,
    SUITABLE_ALTERNATIVE_OFFER,
    ContestedPost,
    MatchResult,
    Outcome,
    Person,
    Policy,
    Post,
    match,
)


def person(ref: str, rank: int = 5, fte: float = 1.0, leave: str = "") -> Person:
    return Person(ref=ref, grade_rank=rank, text="", fte=fte, protected_leave=leave)


def post(ref: str, rank: int = 5, count: int = 1, fte: float = 1.0) -> Post:
    return Post(ref=ref, council="CEC", grade_rank=rank, count=count, text="", fte=fte)


def by_ref(result: MatchResult) -> dict[str, Outcome]:
    return {o.employee_ref: o for o in result.outcomes}


# --- grade rules (item 2) ---------------------------------------------------------------


def test_a_post_above_ones_grade_is_competitive_even_for_a_sole_candidate():
    found = by_ref(
        match([person("E1", rank=5)], [post("UP", rank=6)], moderated={("E1", "UP"): 95})
    )
    assert (found["E1"].outcome, found["E1"].post_ref) == (RING_FENCE, None)
    assert found["E1"].contested_posts == (ContestedPost("UP", 1),)


def test_one_grade_below_is_matched_with_pay_protection_for_the_set_period():
    policy = Policy(pay_protection_months=18)
    found = by_ref(match([person("E1", rank=6)], [post("P1", rank=5)], policy, {("E1", "P1"): 90}))
    assert (found["E1"].outcome, found["E1"].post_ref) == (MATCHED, "P1")
    assert PAY_PROTECTION in found["E1"].flags
    assert any("18 months" in reason for reason in found["E1"].reasons)


def test_two_grades_below_is_at_risk_with_the_post_offered_as_suitable_alternative():
    found = by_ref(
        match([person("E1", rank=7)], [post("LOW", rank=5)], moderated={("E1", "LOW"): 90})
    )
    item = found["E1"]
    assert (item.outcome, item.post_ref) == (AT_RISK, None)
    assert SUITABLE_ALTERNATIVE_OFFER in item.flags
    assert item.offers == (ContestedPost("LOW", 1),)
    assert any("s138" in reason for reason in item.reasons)


# --- hours (item 3) ---------------------------------------------------------------------


def test_a_change_of_hours_beyond_the_tolerance_keeps_the_outcome_and_is_flagged():
    scores = {("PT", "P1"): 90}
    found = by_ref(match([person("PT", fte=0.6)], [post("P1", fte=1.0)], moderated=scores))
    assert (found["PT"].outcome, found["PT"].post_ref) == (SLOT_IN, "P1")
    assert HOURS_CHANGE in found["PT"].flags
    assert any("needs the person's agreement" in reason for reason in found["PT"].reasons)


def test_a_change_within_the_tolerance_is_not_flagged():
    found = by_ref(
        match([person("E1", fte=0.95)], [post("P1", fte=1.0)], moderated={("E1", "P1"): 90})
    )
    assert HOURS_CHANGE not in found["E1"].flags
    wider = by_ref(
        match(
            [person("E1", fte=0.8)],
            [post("P1", fte=1.0)],
            Policy(fte_tolerance=0.25),
            {("E1", "P1"): 90},
        )
    )
    assert HOURS_CHANGE not in wider["E1"].flags


def _two_half_timers_one_post(policy: Policy) -> MatchResult:
    scores = {("A", "P1"): 80, ("B", "P1"): 60}
    return match([person("A", fte=0.5), person("B", fte=0.5)], [post("P1")], policy, scores)


def test_job_shares_are_off_by_default_so_two_part_timers_compete():
    found = by_ref(_two_half_timers_one_post(Policy()))
    for ref in ("A", "B"):
        assert (found[ref].outcome, found[ref].post_ref) == (RING_FENCE, None)
        assert JOB_SHARE not in found[ref].flags


def test_with_job_shares_two_part_timers_share_one_posts_fte_without_interview():
    result = _two_half_timers_one_post(Policy(job_shares=True))
    found = by_ref(result)
    for ref, partner in (("A", "B"), ("B", "A")):
        assert (found[ref].outcome, found[ref].post_ref) == (MATCHED, "P1")
        assert JOB_SHARE in found[ref].flags
        assert HOURS_CHANGE not in found[ref].flags  # each keeps their own hours
        assert any(f"with {partner} (0.50 FTE)" in r for r in found[ref].reasons)
    assert result.pools[0].outcome == MATCHED


def test_a_job_share_never_settles_a_competition_that_not_everyone_fits():
    # Three half-timers for one full-time post: two would fit, so a share would choose
    # between people: the selection stands.
    scores = {("A", "P1"): 80, ("B", "P1"): 70, ("C", "P1"): 60}
    people = [person("A", fte=0.5), person("B", fte=0.5), person("C", fte=0.5)]
    found = by_ref(match(people, [post("P1")], Policy(job_shares=True), scores))
    assert {o.outcome for o in found.values()} == {RING_FENCE}
    # A full-timer competing for the post also keeps it a competition.
    mixed = by_ref(
        match(
            [person("A", fte=0.5), person("F", fte=1.0)],
            [post("P1")],
            Policy(job_shares=True),
            {("A", "P1"): 80, ("F", "P1"): 60},
        )
    )
    assert {o.outcome for o in mixed.values()} == {RING_FENCE}


def test_a_job_share_respects_the_posts_fte():
    scores = {("A", "P1"): 80, ("B", "P1"): 60}
    people = [person("A", fte=0.6), person("B", fte=0.6)]
    found = by_ref(match(people, [post("P1")], Policy(job_shares=True), scores))
    assert {o.outcome for o in found.values()} == {RING_FENCE}  # 1.2 FTE in a 1.0 post


# --- statutory priority (item 4) --------------------------------------------------------


def test_a_person_on_maternity_leave_is_placed_ahead_of_a_higher_scoring_colleague():
    scores = {("M", "P1"): 55, ("H", "P1"): 95}
    found = by_ref(
        match([person("M", leave="maternity"), person("H")], [post("P1")], moderated=scores)
    )
    assert (found["M"].outcome, found["M"].post_ref) == (MATCHED, "P1")
    assert PROTECTED_PRIORITY in found["M"].flags
    assert any("Protection from Redundancy" in reason for reason in found["M"].reasons)
    assert found["H"].outcome == AT_RISK


def test_others_compete_for_what_the_protected_person_leaves():
    scores = {("M", "P1"): 60, ("A", "P1"): 80, ("B", "P1"): 80}
    found = by_ref(
        match(
            [person("M", leave="adoption"), person("A"), person("B")],
            [post("P1", count=2)],
            moderated=scores,
        )
    )
    assert (found["M"].outcome, found["M"].post_ref) == (MATCHED, "P1")
    for ref in ("A", "B"):
        assert (found[ref].outcome, found[ref].post_ref) == (RING_FENCE, None)
        assert found[ref].contested_posts == (ContestedPost("P1", 1),)


# --- reasons to one decimal (item 5) ----------------------------------------------------


def test_reasons_show_the_duty_match_to_one_decimal():
    not_slot_in = by_ref(match([person("E1")], [post("P1")], moderated={("E1", "P1"): 69.9}))
    assert not_slot_in["E1"].outcome == MATCHED
    text = " ".join(not_slot_in["E1"].reasons)
    assert "duty match 69.9 (moderated)" in text
    assert "duty match 70" not in text
    below = by_ref(match([person("E1")], [post("P1")], moderated={("E1", "P1"): 49.9}))
    assert below["E1"].outcome == AT_RISK
    text = " ".join(below["E1"].reasons)
    assert "ring-fence duty match of 50.0" in text
    assert "49.9" in text
