"""The programme rules on plain data: scales, scoring, bands, slippage, benefits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemini.programme import engine
from gemini.programme.engine import Band, Matrix, MilestoneFact, StatusFact, WorkstreamRating

D = dt.date


def test_the_possible_scores_of_a_five_by_five_matrix_are_the_fourteen_products():
    assert engine.possible_scores(5) == [1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25]


@pytest.mark.parametrize("score", engine.possible_scores(5))
def test_every_possible_score_lands_in_exactly_one_default_band(score):
    bands = [b for b in engine.DEFAULT_BANDS if b.lowest <= score <= b.highest]
    assert len(bands) == 1


@pytest.mark.parametrize(
    ("likelihood", "impact", "band"),
    [
        (1, 4, "Low"),
        (2, 2, "Low"),
        (1, 5, "Medium"),
        (2, 5, "Medium"),
        (3, 4, "High"),
        (4, 4, "High"),
        (4, 5, "Very high"),
        (5, 5, "Very high"),
    ],
)
def test_band_edges_follow_the_four_band_split(likelihood, impact, band):
    assert engine.score(likelihood, impact).band == band


def test_a_score_carries_its_arithmetic_and_band_as_the_reason():
    result = engine.score(3, 4)
    assert result.value == 12
    assert result.reason == "3 × 4 = 12: High (11–16)."


def test_it_rejects_a_level_outside_the_matrix():
    with pytest.raises(ValueError, match="outside 1 to 5"):
        engine.score(6, 1)


def test_a_matrix_with_a_gap_or_an_overlap_is_reported():
    gap = Matrix(5, (Band("Low", 1, 4, "#fff"), Band("High", 6, 25, "#000")))
    overlap = Matrix(5, (Band("Low", 1, 5, "#fff"), Band("High", 5, 25, "#000")))
    assert gap.check() == ["Score 5 is in no band; it must be in exactly one band."]
    assert overlap.check() == ["Score 5 is in Low, High; it must be in exactly one band."]
    assert engine.DEFAULT_MATRIX.check() == []


@given(st.lists(st.integers(min_value=2, max_value=24), unique=True, max_size=5))
def test_contiguous_bands_from_any_cut_points_place_every_score_once(cuts):
    edges = [0, *sorted(cuts), 25]
    bands = tuple(Band(f"B{i}", edges[i] + 1, edges[i + 1], "#000") for i in range(len(edges) - 1))
    matrix = Matrix(5, bands)
    assert matrix.check() == []
    for score in engine.possible_scores(5):
        assert matrix.band(score).lowest <= score <= matrix.band(score).highest


def test_the_suggestion_is_the_worst_workstream_with_the_rule_shown():
    ratings = [
        WorkstreamRating("Technical", "Green", D(2025, 1, 31)),
        WorkstreamRating("Workforce", "Amber", D(2025, 1, 31)),
        WorkstreamRating("Finance", "Amber", D(2025, 1, 31)),
    ]
    suggestion = engine.suggest_overall(ratings, engine.RAG)
    assert suggestion.rating == "Amber"
    assert suggestion.worst == ("Workforce", "Finance")
    assert "worst" in suggestion.rule
    assert suggestion.reasons[-1] == "Worst: Amber (Workforce, Finance)."


def test_the_suggestion_works_on_the_five_point_scale():
    ratings = [
        WorkstreamRating("A", "Amber/Green", D(2025, 1, 1)),
        WorkstreamRating("B", "Green", D(2025, 1, 1)),
    ]
    assert engine.suggest_overall(ratings, engine.DCA).rating == "Amber/Green"


def test_no_workstream_status_gives_no_suggestion():
    assert engine.suggest_overall([], engine.RAG).rating == ""


@given(st.lists(st.sampled_from(engine.DCA), min_size=1, max_size=8))
def test_the_suggestion_is_never_better_than_any_workstream(ratings):
    rows = [WorkstreamRating(str(i), r, D(2025, 1, 1)) for i, r in enumerate(ratings)]
    suggestion = engine.suggest_overall(rows, engine.DCA)
    assert all(
        engine.severity(suggestion.rating, engine.DCA) >= engine.severity(r, engine.DCA)
        for r in ratings
    )


def test_the_status_as_at_a_past_date_ignores_later_updates():
    updates = [
        StatusFact("finance", D(2024, 4, 30), "Amber"),
        StatusFact("finance", D(2024, 1, 31), "Green"),
        StatusFact("finance", D(2025, 3, 31), "Green"),
        StatusFact("technical", D(2025, 3, 1), "Green"),
    ]
    as_at = engine.status_as_at(updates, D(2025, 2, 6))
    assert as_at["finance"].rating == "Amber"
    assert "technical" not in as_at


def test_slippage_is_measured_from_baseline_to_actual_or_forecast():
    assert engine.slippage_days(D(2024, 9, 30), D(2025, 2, 28), None) == 151
    assert engine.slippage_days(D(2024, 9, 30), D(2025, 2, 28), D(2024, 9, 29)) == -1
    assert engine.slippage_days(None, D(2025, 2, 28), None) is None


def test_a_late_predecessor_flags_its_successors_down_the_chain():
    milestones = [
        MilestoneFact("consultation", D(2024, 9, 30), D(2025, 2, 28), None),
        MilestoneFact("capabilities", D(2025, 4, 1), D(2025, 4, 1), None, ("consultation",)),
        MilestoneFact("go-live", D(2025, 6, 1), D(2025, 6, 1), None, ("capabilities",)),
        MilestoneFact("other", D(2025, 6, 1), D(2025, 6, 1), None),
    ]
    flags = engine.dependency_flags(milestones, today=D(2025, 2, 6))
    assert flags["capabilities"] == ("Predecessor consultation is late.",)
    assert flags["go-live"] == ("Depends (through capabilities) on a late milestone.",)
    assert "other" not in flags
    assert "consultation" not in flags


def test_a_dependency_cycle_is_not_followed_forever():
    milestones = [
        MilestoneFact("a", D(2024, 1, 1), D(2024, 3, 1), None, ("b",)),
        MilestoneFact("b", D(2024, 1, 1), D(2024, 3, 1), None, ("a",)),
    ]
    assert set(engine.dependency_flags(milestones, today=D(2025, 1, 1))) == {"a", "b"}


def test_percent_realised_follows_the_green_book_formula():
    result = engine.percent_realised(Decimal("0"), Decimal("2670000"), Decimal("1335000"))
    assert result.percent == Decimal("50.0")
    assert "× 100 = 50.0%" in result.reason


def test_percent_realised_with_target_equal_to_baseline_does_not_divide_by_zero():
    result = engine.percent_realised(Decimal("10"), Decimal("10"), Decimal("12"))
    assert result.percent is None
    assert "target equals the baseline" in result.reason


def test_a_benefit_not_measured_cannot_be_claimed():
    assert engine.percent_realised(Decimal("0"), Decimal("1"), None).percent is None


def test_a_dis_benefit_below_baseline_can_be_negative():
    assert engine.percent_realised(Decimal("100"), Decimal("50"), Decimal("75")).percent == 50


def test_risk_flags_catch_a_target_above_current_and_scores_above_appetite():
    flags = engine.risk_flags(current=12, target=15, appetite=10, inherent=9)
    assert [f.rule for f in flags] == [
        "target above current",
        "current above inherent",
        "above appetite",
    ]
    assert engine.risk_flags(current=12, target=6, appetite=12, inherent=16) == ()


@pytest.mark.parametrize(
    ("day", "year"),
    [(D(2025, 3, 31), "2024/25"), (D(2025, 4, 1), "2025/26"), (D(2099, 12, 1), "2099/00")],
)
def test_financial_years_run_april_to_march(day, year):
    assert engine.financial_year(day) == year
