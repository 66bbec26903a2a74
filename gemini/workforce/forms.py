"""Forms for the workforce pages (GOV.UK Design System wording in the error messages)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.db.models import QuerySet

from gemini.core.forms import GeminiForm
from gemini.core.models import Organisation
from gemini.workforce import services
from gemini.workforce.engine.matching import Policy
from gemini.workforce.engine.redundancy import DiscretionaryPolicy
from gemini.workforce.models import Decision, OrganisedGrouping, Outcome, Post, Staff
from gemini.workforce.services import DEFAULT_FIRST_DISMISSAL

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class RunForm(GeminiForm):
    label = forms.CharField(
        label="What is this run for?",
        max_length=200,
        required=False,
        help_text="For example, 'Proposed structure for consultation'.",
    )
    slot_in = forms.DecimalField(
        label="Duty match for a slot-in",
        min_value=0,
        max_value=100,
        initial=Policy.slot_in,
        help_text="0 to 100. At the same grade, and no more claimants than identical posts.",
        error_messages={"required": "Enter the duty match for a slot-in"},
    )
    ring_fence = forms.DecimalField(
        label="Duty match for ring-fence eligibility",
        min_value=0,
        max_value=100,
        initial=Policy.ring_fence,
        help_text="0 to 100, at most the slot-in figure.",
        error_messages={"required": "Enter the duty match for ring-fence eligibility"},
    )
    grade_steps_up = forms.IntegerField(
        label="Grades above one's own a person may be considered for",
        min_value=0,
        max_value=5,
        initial=Policy.grade_steps_up,
        help_text="Only where nothing reaches the ring-fence figure at their own grade.",
    )
    honour_preferences = forms.BooleanField(
        label="Honour preferences for a CEC or CWaC role where it costs no one a post",
        required=False,
        initial=True,
    )
    job_shares = forms.BooleanField(
        label="Let part-time people share a post (job shares)",
        required=False,
        help_text="Two to a place, within the post's hours; each share needs the sharers' "
        "agreement. The council's default is set by GEMINI_WORKFORCE_JOB_SHARES.",
    )
    first_dismissal_date = forms.DateField(
        label="Proposed date of the first dismissal",
        input_formats=DATE_FORMATS,
        initial=DEFAULT_FIRST_DISMISSAL.strftime("%d/%m/%Y"),
        help_text="For example, 30/06/2025. The relevant date for redundancy pay.",
        error_messages={
            "required": "Enter the proposed date of the first dismissal",
            "invalid": "Enter the date as 30/06/2025",
        },
    )
    multiplier = forms.DecimalField(
        label="Discretionary multiplier of the statutory weeks",
        min_value=1,
        max_value=10,
        initial=DiscretionaryPolicy.multiplier,
    )
    cap_weeks = forms.DecimalField(
        label="Discretionary cap in weeks",
        min_value=Decimal("0.5"),
        max_value=104,
        initial=DiscretionaryPolicy.cap_weeks,
    )
    actual_pay = forms.BooleanField(
        label="Use actual weekly pay (not the statutory cap) for the discretionary sum",
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["job_shares"].initial = settings.GEMINI_WORKFORCE_JOB_SHARES

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("slot_in") is not None
            and data.get("ring_fence") is not None
            and data["ring_fence"] > data["slot_in"]
        ):
            self.add_error(
                "ring_fence", "Enter a ring-fence figure no higher than the slot-in figure"
            )
        return data

    def policy(self) -> Policy:
        data = self.cleaned_data
        return services.matching_policy(
            slot_in=float(data["slot_in"]),
            ring_fence=float(data["ring_fence"]),
            grade_steps_up=data["grade_steps_up"],
            honour_preferences=data["honour_preferences"],
            job_shares=data["job_shares"],
        )

    def discretionary(self) -> DiscretionaryPolicy:
        data = self.cleaned_data
        return DiscretionaryPolicy(
            multiplier=data["multiplier"],
            cap_weeks=data["cap_weeks"],
            actual_pay=data["actual_pay"],
        )


def post_choices(posts: list[Post], taken: dict[int, int]) -> list[tuple[str, Any]]:
    """The posts an override can name, grouped by council and grade (highest grade first),
    each with its places left across the run's decisions."""
    groups: dict[tuple[str, int, str], list[tuple[str, str]]] = {}
    for post in sorted(posts, key=lambda p: (p.council.code, -p.grade.rank, p.post_ref)):
        left = post.count - taken.get(post.pk, 0)
        noun = "place" if post.count == 1 else "places"
        label = f"{post.post_ref} {post.title} ({max(left, 0)} of {post.count} {noun} left)"
        key = (post.council.code, -post.grade.rank, post.grade.grade)
        groups.setdefault(key, []).append((post.post_ref, label))
    return [(f"{council} – {grade}", options) for (council, _, grade), options in groups.items()]


class DecisionForm(GeminiForm):
    # The override's outcome and post are asked only of someone who overrides (core.forms).
    reveals: ClassVar = {"decision": {Decision.OVERRIDDEN.value: ("outcome", "post")}}
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            (Decision.CONFIRMED.value, "Confirm the proposed outcome"),
            (Decision.OVERRIDDEN.value, "Override it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you confirm or override the outcome"},
    )
    outcome = forms.ChoiceField(
        label="Outcome (if you override)",
        choices=[("", "Choose an outcome"), *Outcome.choices],
        required=False,
    )
    post = forms.ChoiceField(
        label="Post (if you override)",
        help_text="Grouped by council and grade; places left count the run's decisions.",
        required=False,
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea,
        help_text="Recorded with your name (UK GDPR Article 22: a person decides).",
        error_messages={"required": "Enter the reason for your decision"},
    )
    accept_breaches = forms.BooleanField(
        label="I have read how this override departs from the policy and I decide it anyway",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        posts: QuerySet[Post],
        taken: dict[int, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.posts = {p.post_ref: p for p in posts}
        self.fields["post"].choices = [  # type: ignore[attr-defined]
            ("", "No post"),
            *post_choices(list(self.posts.values()), taken or {}),
        ]

    def clean_post(self) -> Post | None:
        ref = self.cleaned_data.get("post") or ""
        return self.posts.get(ref) if ref else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") != Decision.OVERRIDDEN:
            return data
        outcome = data.get("outcome")
        if not outcome:
            self.add_error("outcome", "Select the outcome you decide on")
        elif outcome == Outcome.AT_RISK and data.get("post"):
            self.add_error("post", "Choose no post for an at-risk outcome")
        elif outcome in (Outcome.SLOT_IN, Outcome.MATCHED) and not data.get("post"):
            self.add_error("post", "Select the post for this outcome")
        return data


class GroupingForm(GeminiForm):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the grouping's name"})
    destination = forms.ModelChoiceField(
        label="Moving to",
        queryset=Organisation.objects.filter(kind="council"),
        to_field_name="code",
        empty_label=None,
    )
    principal_purpose = forms.CharField(
        label="Principal purpose (the work that transfers)",
        widget=forms.Textarea,
        error_messages={"required": "Enter the work that transfers"},
    )
    transfer_date = forms.DateField(
        label="Transfer date",
        input_formats=DATE_FORMATS,
        help_text="For example, 01/04/2025. Employee liability information is due 28 days before.",
        error_messages={
            "required": "Enter the transfer date",
            "invalid": "Enter the date as 01/04/2025",
        },
    )
    note = forms.CharField(
        label="TUPE or COSOP note",
        widget=forms.Textarea,
        required=False,
    )
    members = forms.ModelMultipleChoiceField(
        queryset=Staff.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        to_field_name="employee_ref",
    )

    def __init__(self, *args: Any, staff: QuerySet[Staff], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        field.queryset = staff  # type: ignore[attr-defined]
        field.label_from_instance = _member_label  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        """A new grouping only: saving one under an existing name would replace another
        officer's grouping unseen (a lost update)."""
        name: str = self.cleaned_data["name"].strip()
        if OrganisedGrouping.objects.filter(name=name).exists():
            raise forms.ValidationError("An organised grouping with that name already exists")
        return name


def _member_label(staff: Staff) -> str:
    return f"{staff.employee_ref} {staff.name} – {staff.current_title}"
