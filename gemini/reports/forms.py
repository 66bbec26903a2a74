"""Forms for committee reports, drawn with the GOV.UK macros (gemini.core.govuk_forms)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet

from gemini.core.forms import GeminiForm, GeminiModelForm
from gemini.core.models import ExemptParagraph
from gemini.programme.fields import UKDateField
from gemini.programme.models import Meeting
from gemini.reports import sections as s
from gemini.reports.models import CommitteeReport
from gemini.reports.services import HEADER_FIELDS


class MeetingChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        meeting: Meeting = obj
        title = f" – {meeting.title}" if meeting.title else ""
        return f"{meeting.body.name}, {meeting.date.day} {meeting.date:%B %Y}{title}"


class CreateReportForm(GeminiForm):
    meeting = MeetingChoice(
        queryset=Meeting.objects.none(),
        label="Meeting",
        help_text="The narrative is copied from the last report to the same body, if there is one.",
        error_messages={"required": "Select the meeting the report is for"},
    )
    reference = forms.CharField(
        label="Report reference",
        required=False,
        max_length=60,
        help_text="Such as CPC/52/24-25. You can add it later, before the report is issued.",
    )

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]


class ReportForm(GeminiModelForm):
    """The report's header, every section's narrative, the Part 2 sections and the
    recommendations, on one page, saved together under optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    recommendations = forms.CharField(
        label="Recommendations",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One recommendation per line; they are numbered in this order.",
    )

    class Meta:
        model = CommitteeReport
        fields = HEADER_FIELDS
        widgets = {
            "purpose": forms.RadioSelect,
            "background_papers": forms.Textarea(attrs={"rows": 4}),
            "changes_appendix": forms.CheckboxInput,
        }
        error_messages = {
            "title": {"required": "Enter the report's title"},
        }

    def __init__(
        self,
        *args: Any,
        workstreams: Sequence[tuple[str, str]] = (),
        narrative: dict[str, str] | None = None,
        part2: dict[str, dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["data_as_at"] = UKDateField(
            label="Data as at (optional)",
            required=False,
            help_text="Leave blank to report the status and figures as at the day the report "
            "is issued. A date you give here is shown on the cover; it cannot be after the "
            "issue date. For example, 29/01/2025",
        )
        narrative = narrative or {}
        part2 = part2 or {}
        self.narrative_sections = s.narrative_sections(list(workstreams))
        self.part2_sections = s.part_2_narrative_sections()
        for section in self.narrative_sections:
            self.fields[f"section__{section.key}"] = forms.CharField(
                label=section.title,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=section.hint,
                initial=narrative.get(section.key, ""),
            )
        paragraphs = [(str(value), label) for value, label in ExemptParagraph.choices]
        for section in self.part2_sections:
            stored = part2.get(section.key, {})
            self.fields[f"part2__{section.key}"] = forms.CharField(
                label=section.title,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=section.hint,
                initial=stored.get("text", ""),
            )
            self.fields[f"part2__{section.key}__paragraph"] = forms.TypedChoiceField(
                label=f"{section.title}: Schedule 12A paragraph",
                choices=paragraphs,
                coerce=int,
                initial=str(stored.get("paragraph") or section.paragraph or ""),
            )
            self.fields[f"part2__{section.key}__reason"] = forms.CharField(
                label=f"{section.title}: public interest reason",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Why keeping this private outweighs the public interest in disclosure.",
                initial=stored.get("reason") or section.reason,
            )

    def header_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in HEADER_FIELDS}

    def narrative_values(self) -> dict[str, str]:
        return {
            section.key: self.cleaned_data[f"section__{section.key}"]
            for section in self.narrative_sections
        }

    def part2_values(self) -> dict[str, dict[str, Any]]:
        return {
            section.key: {
                "text": self.cleaned_data[f"part2__{section.key}"],
                "paragraph": self.cleaned_data[f"part2__{section.key}__paragraph"],
                "reason": self.cleaned_data[f"part2__{section.key}__reason"],
            }
            for section in self.part2_sections
        }

    def recommendation_values(self) -> list[str]:
        text: str = self.cleaned_data["recommendations"]
        return [line.strip() for line in text.splitlines() if line.strip()]

    def header_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in HEADER_FIELDS]

    def section_fields(self) -> list[forms.BoundField]:
        return [self[f"section__{section.key}"] for section in self.narrative_sections]

    def part2_fields(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (
                self[f"part2__{section.key}"],
                self[f"part2__{section.key}__paragraph"],
                self[f"part2__{section.key}__reason"],
            )
            for section in self.part2_sections
        ]
