"""s188 periods, HR1 dates, protective awards; the four-fifths screen with suppression."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gemini.workforce.engine.consultation import (
    Contest,
    Move,
    consultation_timetable,
    proposed_dismissals,
)
from gemini.workforce.engine.equality import impact
from gemini.workforce.engine.redundancy import surplus_cost_range


def test_fewer_than_20_is_individual_consultation_only():
    timetable = consultation_timetable(19, dt.date(2025, 6, 30))
    assert not timetable.collective
    assert timetable.latest_hr1 is None


def test_20_to_99_needs_30_days_and_100_needs_45():
    assert consultation_timetable(20, dt.date(2025, 6, 30)).latest_hr1 == dt.date(2025, 5, 31)
    timetable = consultation_timetable(100, dt.date(2025, 6, 30))
    assert timetable.minimum_days == 45
    assert timetable.latest_hr1 == dt.date(2025, 5, 16)


def test_the_protective_award_doubles_for_dismissals_from_6_april_2026():
    pays = [Decimal("700")] * 20
    before = consultation_timetable(20, dt.date(2026, 4, 5), pays)
    after = consultation_timetable(20, dt.date(2026, 4, 6), pays)
    assert (before.protective_award_days, after.protective_award_days) == (90, 180)
    assert before.protective_award_exposure == Decimal("180000.00")
    assert after.protective_award_exposure == 2 * before.protective_award_exposure


def test_a_group_below_four_fifths_of_the_best_rate_is_flagged():
    records = [("A", True)] * 10 + [("B", True)] * 7 + [("B", False)] * 3
    rows = {row.group: row for row in impact("sex", records)}
    assert not rows["A"].flagged
    assert rows["B"].flagged  # 0.7 < 0.8 × 1.0


def test_small_groups_are_suppressed_and_left_out_of_the_comparison():
    records = [("A", True)] * 5 + [("A", False)] * 5 + [("C", True)] * 4
    rows = {row.group: row for row in impact("sex", records, minimum=5)}
    assert rows["C"].suppressed
    assert rows["C"].rate is None
    assert rows["C"].people is None
    assert not rows["A"].flagged  # C (100%) is not the benchmark: it is hidden


def test_a_hidden_group_cannot_be_worked_out_by_subtracting_the_shown_groups_from_the_total():
    # Groups of 3, 6 and 20 with the total, 29, shown: showing the 6 and the 20 would give 3.
    records = [("A", True)] * 3 + [("B", True)] * 4 + [("B", False)] * 2 + [("C", False)] * 20
    rows = {row.group: row for row in impact("ethnicity", records, minimum=5)}
    assert rows["A"].suppressed
    assert not rows["A"].secondary
    assert rows["B"].suppressed
    assert rows["B"].secondary
    assert rows["B"].people is None
    assert rows["B"].favourable is None
    assert rows["C"].people == 20
    shown = sum(r.people or 0 for r in rows.values())
    assert 29 - shown not in (3, 6)  # neither hidden group can be derived


def test_the_best_rate_is_taken_only_over_the_groups_still_shown():
    # B (67%) is hidden to protect A, so C (50%) is the best shown and is not flagged.
    records = (
        [("A", True)] * 3
        + [("B", True)] * 4
        + [("B", False)] * 2
        + [("C", True)] * 10
        + [("C", False)] * 10
    )
    rows = {row.group: row for row in impact("sex", records, minimum=5)}
    assert rows["C"].ratio_to_best == 1.0
    assert not rows["C"].flagged


def test_two_hidden_groups_need_no_secondary_suppression():
    records = [("A", True)] * 3 + [("B", True)] * 4 + [("C", True)] * 20
    rows = {row.group: row for row in impact("sex", records, minimum=5)}
    assert [g for g, r in rows.items() if r.suppressed] == ["A", "B"]
    assert not any(r.secondary for r in rows.values())


def test_the_s188_count_is_at_risk_plus_ring_fence_surplus_plus_moves_by_dismissal():
    contests = [
        # Pool 1: 4 people for the union of two posts with 1 and 1 places: 2 will lose.
        Contest("P1", "1", (("CEC-1", 1),)),
        Contest("P2", "1", (("CEC-1", 1), ("CWAC-2", 1))),
        Contest("P3", "1", (("CWAC-2", 1),)),
        Contest("P4", "1", (("CEC-1", 1),)),
        # Pool 2: 1 person for a post above their grade with 1 place: no surplus.
        Contest("P5", "2", (("CEC-9", 1),)),
    ]
    moves = [
        Move("M1", "CEC", "CWAC", transfer=False),
        Move("M2", "CEC", "CWAC", transfer=True),  # with an organised grouping
        Move("M3", "CEC", "CEC", transfer=False),  # stays with the employer
    ]
    result = proposed_dismissals(["R1", "R2"], contests, moves)
    assert (result.at_risk, result.ring_fence_surplus, result.other_council_moves) == (2, 2, 1)
    assert result.total == 5
    assert result.moves == ("M1",)
    assert [(p.pool, p.places, p.surplus) for p in result.pools] == [("1", 2, 2)]
    assert "5 proposed dismissals: 2 at risk, 2 more than the places" in result.reasons[0]
    assert any("pool 1: 4 people for 2 places, so 2 will not get one" in r for r in result.reasons)


def test_moves_read_as_transfers_are_not_counted():
    moves = [Move("M1", "CEC", "CWAC", transfer=False)]
    result = proposed_dismissals([], [], moves, moves_are_dismissals=False)
    assert result.total == 0
    assert "read as transfers (setting), so not counted" in result.reasons[-1]


def test_the_timetable_says_how_the_number_is_made_up_and_warns_of_a_past_date():
    made_up = proposed_dismissals(["R"] * 29, [], [Move("M", "CEC", "CWAC", False)] * 129)
    timetable = consultation_timetable(
        made_up.total, dt.date(2025, 6, 30), made_up=made_up.reasons, today=dt.date(2025, 7, 1)
    )
    assert timetable.minimum_days == 45
    assert timetable.reasons[1].startswith("158 proposed dismissals: 29 at risk")
    assert timetable.warnings == (
        "The first dismissal date 30/06/2025 is in the past: the consultation dates below "
        "cannot be met.",
    )
    on_the_day = consultation_timetable(20, dt.date(2025, 6, 30), today=dt.date(2025, 6, 30))
    assert on_the_day.warnings == ()


def test_the_surplus_costs_range_from_the_cheapest_to_the_dearest_in_each_pool():
    costs = [Decimal("100"), Decimal("400"), Decimal("200"), Decimal("300")]
    assert surplus_cost_range([(2, costs), (0, [Decimal("999")])]) == (
        Decimal("300"),
        Decimal("700"),
    )
