"""Forms for the programme's settings: the risk matrix and the status scale."""

from __future__ import annotations

import contextlib
from typing import Any

from django import forms

from gemini.core.forms import GeminiForm
from gemini.programme import engine
from gemini.programme.models import StatusScale

BAND_ROWS_SPARE = 2


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class RiskMatrixForm(GeminiForm):
    """Levels, labels, appetite and bands (name, lowest and highest score, colour)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    bands_count = forms.IntegerField(widget=forms.HiddenInput)
    levels = forms.IntegerField(
        label="Levels of likelihood and impact",
        help_text="5 gives scores 1 to 25.",
        min_value=2,
        max_value=10,
        error_messages={
            "required": "Enter the number of levels",
            "invalid": "Enter the number of levels as a whole number, such as 5",
            "min_value": "Enter a number of levels from 2 to 10",
            "max_value": "Enter a number of levels from 2 to 10",
        },
    )
    likelihood_labels = forms.CharField(
        label="Likelihood labels",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="One a line, lowest first, one per level (or none).",
    )
    impact_labels = forms.CharField(
        label="Impact labels",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="One a line, lowest first, one per level (or none).",
    )
    appetite = forms.IntegerField(
        label="Risk appetite",
        required=False,
        min_value=1,
        help_text="Current scores above this need escalation. Leave blank for none.",
        error_messages={
            "invalid": "Enter the appetite as a whole number, such as 12",
            "min_value": "Enter an appetite of 1 or more",
        },
    )

    def __init__(self, *args: Any, bands: int = 4, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            with contextlib.suppress(TypeError, ValueError):
                bands = int(self.data.get("bands_count", bands))
        self.band_count = max(1, min(bands, 12))
        self.initial.setdefault("bands_count", self.band_count)
        for number in range(1, self.band_count + 1):
            self.fields[f"band_name_{number}"] = forms.CharField(
                label=f"Band {number}: name", required=False, max_length=40
            )
            self.fields[f"band_lowest_{number}"] = forms.IntegerField(
                label=f"Band {number}: lowest score",
                required=False,
                min_value=1,
                error_messages={"invalid": f"Band {number}: enter the lowest score as a number"},
            )
            self.fields[f"band_highest_{number}"] = forms.IntegerField(
                label=f"Band {number}: highest score",
                required=False,
                min_value=1,
                error_messages={"invalid": f"Band {number}: enter the highest score as a number"},
            )
            self.fields[f"band_colour_{number}"] = forms.CharField(
                label=f"Band {number}: colour",
                required=False,
                max_length=7,
                help_text="Such as #d4351c",
            )

    def band_fields(self) -> list[tuple[forms.BoundField, ...]]:
        return [
            tuple(self[f"band_{part}_{n}"] for part in ("name", "lowest", "highest", "colour"))
            for n in range(1, self.band_count + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        bands = []
        for number in range(1, self.band_count + 1):
            name = (data.get(f"band_name_{number}") or "").strip()
            lowest = data.get(f"band_lowest_{number}")
            highest = data.get(f"band_highest_{number}")
            colour = (data.get(f"band_colour_{number}") or "").strip()
            if not (name or lowest or highest or colour):
                continue
            missing = [
                label
                for label, value in (
                    ("name", name),
                    ("lowest score", lowest),
                    ("highest score", highest),
                    ("colour", colour),
                )
                if not value
            ]
            if missing:
                self.add_error(
                    f"band_name_{number}", f"Band {number}: enter its {' and '.join(missing)}"
                )
                continue
            bands.append(engine.Band(name, int(lowest), int(highest), colour))  # type: ignore[arg-type]
        data["bands"] = bands
        data["likelihood"] = _lines(data.get("likelihood_labels") or "")
        data["impact"] = _lines(data.get("impact_labels") or "")
        return data


class StatusScaleForm(GeminiForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status_scale = forms.ChoiceField(
        label="Status scale",
        choices=StatusScale.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status scale"},
    )
