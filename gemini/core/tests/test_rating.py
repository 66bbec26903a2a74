"""The rating scale is defined once (gemini/core/rating.py): every other copy is derived."""

from __future__ import annotations

from decimal import Decimal
from typing import get_args

from gemini.core import charts, rating
from gemini.finance import engine as finance_engine
from gemini.programme import engine as programme_engine
from gemini.programme import schemas
from gemini.programme.models import OverallStatus, StatusUpdate


def test_the_two_scales_are_the_ipa_five_points_and_the_council_three_best_first():
    assert rating.DCA == ("Green", "Amber/Green", "Amber", "Amber/Red", "Red")
    assert rating.RAG == ("Green", "Amber", "Red")
    assert rating.SCALES == {"rag": rating.RAG, "dca": rating.DCA}


def test_the_models_schemas_and_engine_read_the_one_scale():
    for model in (StatusUpdate, OverallStatus):
        assert model._meta.get_field("rating").choices == rating.CHOICES
    assert get_args(schemas.Rating) == rating.RATINGS
    assert programme_engine.RAG is rating.RAG
    assert programme_engine.DCA is rating.DCA
    assert programme_engine.SCALES is rating.SCALES


def test_every_rating_has_a_colour_and_a_tag_and_nothing_else_does():
    assert charts.RAG_COLOURS is rating.COLOURS
    assert set(rating.COLOURS) == set(rating.RATINGS)
    assert set(rating.TAG_CLASSES) == set(rating.RATINGS)


def test_finance_rates_its_forecasts_on_the_council_scale():
    thresholds = finance_engine.RagThresholds(amber_percent=Decimal("5"))
    given = {
        finance_engine.rag_for(Decimal(variance), Decimal(100), thresholds)
        for variance in ("-3", "0", "3", "50")  # adverse is positive
    }
    assert given == set(rating.RAG)
