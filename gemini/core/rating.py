"""The rating scale, defined once: every status, RAG and delivery-confidence rating in Gemini.

Two scales are in use (../shared/REFERENCE.md, programme governance):

- the three-point RAG of council reports (Green, Amber, Red);
- the five-point Delivery Confidence Assessment of the Infrastructure and Projects Authority
  (Green, Amber/Green, Amber, Amber/Red, Red).

Best first. The models' choices, the API's schemas, the engines, the charts' colours and the
finance RAG all read from here. Pure: no Django import.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

Rating = Literal["Green", "Amber/Green", "Amber", "Amber/Red", "Red"]

RATINGS: tuple[str, ...] = get_args(Rating)
GREEN, AMBER_GREEN, AMBER, AMBER_RED, RED = RATINGS

RAG: tuple[str, ...] = (GREEN, AMBER, RED)
DCA: tuple[str, ...] = RATINGS
SCALES: Mapping[str, tuple[str, ...]] = {"rag": RAG, "dca": DCA}

# GOV.UK Design System colours (red, orange, green) with the two mixed points between them.
COLOURS: Mapping[str, str] = {
    RED: "#d4351c",
    AMBER_RED: "#e86f27",
    AMBER: "#f47738",
    AMBER_GREEN: "#a2c12f",
    GREEN: "#00703c",
}

CHOICES: list[tuple[str, str]] = [(rating, rating) for rating in RATINGS]

# The GOV.UK tag for each rating (Design System "Tag" colours).
TAG_CLASSES: Mapping[str, str] = {
    GREEN: "govuk-tag--green",
    AMBER_GREEN: "govuk-tag--yellow",
    AMBER: "govuk-tag--orange",
    AMBER_RED: "govuk-tag--pink",
    RED: "govuk-tag--red",
}
