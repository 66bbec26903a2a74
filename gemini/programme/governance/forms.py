"""Forms for governance: bodies, meetings, agenda items, papers and decisions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from gemini.core.forms import GeminiModelForm
from gemini.core.models import Confidentiality, Organisation
from gemini.programme.fields import UKDateField, uk_dates
from gemini.programme.governance.services import DECISION_FIELDS
from gemini.programme.models import (
    AgendaItem,
    Decision,
    GovernanceBody,
    Issue,
    Meeting,
    Paper,
    Risk,
)


class GovernanceBodyForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = GovernanceBody
        fields = ("name", "short_name", "kind", "organisation", "role")
        labels = {
            "short_name": "Short name",
            "kind": "Kind of body",
            "organisation": "Council",
            "role": "What the body does for the programme",
        }
        help_texts = {"short_name": "Such as SSJC or CPC."}
        error_messages = {
            "name": {"required": "Enter the body's name"},
            "kind": {"required": "Choose the kind of body"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind=Organisation.Kind.COUNCIL
        )
        self.fields["organisation"].empty_label = "A joint body of both councils"  # type: ignore[attr-defined]


class MeetingForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    date = UKDateField(
        label="Date of the meeting",
        error_messages={
            "required": "Enter the date of the meeting",
            "invalid": "Enter a real date, such as 06/02/2025",
        },
    )

    class Meta:
        model = Meeting
        fields = ("date", "title")
        labels = {"title": "Title or main business"}
        help_texts = {"title": "Such as ICT Shared Service – Hybrid Operating Model Update."}


class AgendaItemForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AgendaItem
        fields = ("order", "title", "paper")
        labels = {"order": "Item number", "paper": "Paper taken with the item"}
        error_messages = {"title": {"required": "Enter the agenda item's title"}}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paper"].queryset = Paper.objects.filter(meeting=meeting)  # type: ignore[attr-defined]
        self.fields["paper"].empty_label = "No paper"  # type: ignore[attr-defined]
        self.fields["order"].required = False


class PaperForm(GeminiModelForm):
    """A paper: Part 1 (public) or Part 2 (exempt, with its Schedule 12A paragraph and the
    public-interest reasoning)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Paper
        fields = (
            "title",
            "reference",
            "summary",
            "confidentiality",
            "exempt_paragraph",
            "public_interest_reason",
        )
        labels = {
            "confidentiality": "Is the paper public?",
            "exempt_paragraph": "Schedule 12A paragraph (exempt papers only)",
            "public_interest_reason": "Why the public interest in keeping it private outweighs "
            "disclosure (exempt papers only)",
        }
        error_messages = {"title": {"required": "Enter the paper's title"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confidentiality"].widget = forms.RadioSelect(choices=Confidentiality.choices)
        self.fields[
            "exempt_paragraph"
        ].help_text = "Local Government Act 1972, Schedule 12A, Part 1."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("confidentiality") == Confidentiality.PUBLIC:
            # A public paper has no paragraph or reasoning, whatever was left in the form.
            data["exempt_paragraph"] = None
            data["public_interest_reason"] = ""
        return data


class DecisionForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reference = forms.CharField(max_length=60, help_text="Such as CPC/52/24-25 R2.")

    class Meta:
        model = Decision
        fields = DECISION_FIELDS
        error_messages = {
            "title": {"required": "Enter the decision's title"},
            "body": {"required": "Choose the body that made the decision"},
        }

    def __init__(
        self,
        *args: Any,
        bodies: QuerySet[GovernanceBody] | None = None,
        meetings: QuerySet[Meeting] | None = None,
        risks: QuerySet[Risk] | None = None,
        issues: QuerySet[Issue] | None = None,
        **kwargs: Any,
    ) -> None:
        """`bodies`, `meetings`, `risks` and `issues`: what the decision may name, the
        programme's only (programme.access.decision_links); none when not given."""
        super().__init__(*args, **kwargs)
        uk_dates(self, "date", required=True)
        self.fields["date"].label = "Date of the decision"
        self.fields["body"].queryset = (  # type: ignore[attr-defined]
            bodies if bodies is not None else GovernanceBody.objects.none()
        )
        self.fields["meeting"].queryset = (  # type: ignore[attr-defined]
            meetings.select_related("body") if meetings is not None else Meeting.objects.none()
        )
        self.fields["meeting"].help_text = "The meeting of that body where it was decided."
        self.fields["related_risks"] = forms.ModelMultipleChoiceField(
            queryset=risks if risks is not None else Risk.objects.none(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Risks it is about",
            initial=[r.pk for r in self.instance.risks.all()] if self.instance.pk else [],
        )
        self.fields["related_issues"] = forms.ModelMultipleChoiceField(
            queryset=issues if issues is not None else Issue.objects.none(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Issues it is about",
            initial=[i.pk for i in self.instance.issues.all()] if self.instance.pk else [],
        )
        if self.instance.pk:
            del self.fields["reference"]
        self.order_fields(["version", "reference"])
