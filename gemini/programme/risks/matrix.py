"""The risk matrix's settings: checking and changing its levels, labels and bands."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from gemini.core.versioning import save_edit
from gemini.programme import engine
from gemini.programme.models import (
    Programme,
    Risk,
    RiskBand,
    RiskMatrix,
)
from gemini.programme.risks.services import save_risk_matrix

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


MIN_LEVELS, MAX_LEVELS = 2, 10


def check_matrix(
    programme: Programme,
    levels: int,
    bands: Sequence[engine.Band],
    appetite: int | None,
    likelihood_labels: Sequence[str],
    impact_labels: Sequence[str],
) -> dict[str, list[str]]:
    """Every problem with a proposed matrix, by the form field it concerns."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if not MIN_LEVELS <= levels <= MAX_LEVELS:
        add("levels", f"Enter a number of levels from {MIN_LEVELS} to {MAX_LEVELS}.")
        return problems
    for name, labels in (
        ("likelihood_labels", likelihood_labels),
        ("impact_labels", impact_labels),
    ):
        if labels and len(labels) != levels:
            add(name, f"Give one label per level ({levels}), one a line, or none.")
    if appetite is not None and not 1 <= appetite <= levels * levels:
        add("appetite", f"Enter an appetite from 1 to {levels * levels}, or leave it blank.")
    names = [band.name for band in bands]
    for band in bands:
        if not band.name.strip():
            add("bands", "Give every band a name.")
        if not COLOUR.match(band.colour):
            add("bands", f"Give the colour of {band.name or 'each band'} like #d4351c.")
        if band.lowest > band.highest:
            add("bands", f"The lowest score of {band.name} is above its highest.")
    if len(set(names)) != len(names):
        add("bands", "Give each band a different name.")
    if not bands:
        add("bands", "Give at least one band.")
    problems_with_scores = engine.Matrix(levels, tuple(bands)).check()
    for message in problems_with_scores:
        add("bands", message)
    highest = Risk.objects.filter(programme=programme).aggregate(
        *(Max(name) for name in Risk.LEVEL_FIELDS)
    )
    used = max((value for value in highest.values() if value is not None), default=0)
    if used > levels:
        over = sorted(
            {
                risk.reference
                for risk in Risk.objects.filter(programme=programme)
                if any(getattr(risk, name) > levels for name in Risk.LEVEL_FIELDS)
            }
        )
        add(
            "levels",
            f"{', '.join(over)} use level {used}, above {levels}: lower those risks' "
            f"likelihood and impact first, or keep {used} levels.",
        )
    return problems


def edit_risk_matrix(
    programme: Programme,
    expected_version: int | None,
    levels: int,
    bands: Sequence[engine.Band],
    appetite: int | None = None,
    likelihood_labels: Sequence[str] = (),
    impact_labels: Sequence[str] = (),
) -> RiskMatrix:
    """Change the register's matrix: levels, labels, bands (name, scores, colour), appetite.

    Refused (ValidationError, nothing written) unless every possible score lands in exactly one
    band and no risk uses a level above the new count; StaleEditError if someone saved the
    matrix since `expected_version`. A programme with no matrix yet gets one.
    """
    problems = check_matrix(programme, levels, bands, appetite, likelihood_labels, impact_labels)
    if problems:
        raise ValidationError(problems)
    matrix = RiskMatrix.objects.filter(programme=programme).first()
    with transaction.atomic():
        if matrix is not None:
            save_edit(
                matrix,
                expected_version or 0,
                {
                    "levels": levels,
                    "appetite": appetite,
                    "likelihood_labels": list(likelihood_labels),
                    "impact_labels": list(impact_labels),
                },
            )
        matrix, _ = save_risk_matrix(
            programme, levels, bands, appetite, likelihood_labels, impact_labels
        )
    return matrix


def bands_of(matrix: RiskMatrix | None) -> list[engine.Band]:
    if matrix is None:
        return list(engine.DEFAULT_BANDS)
    return [
        engine.Band(b.name, b.lowest, b.highest, b.colour)
        for b in RiskBand.objects.filter(matrix=matrix).order_by("lowest")
    ]
