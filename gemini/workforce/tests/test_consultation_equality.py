"""s188 periods, HR1 dates, protective awards; the four-fifths screen with suppression."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gemini.workforce.engine.consultation import consultation_timetable
from gemini.workforce.engine.equality import impact


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
