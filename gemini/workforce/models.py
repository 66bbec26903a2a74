"""The workforce restructure: grades, staff, the new service designs and their posts, moderated
duty matches, matching runs with their pools and outcomes (each confirmed or overridden by a
named person), and organised groupings for a TUPE/COSOP transfer (docs/workforce.md).

Staff are personal data: read them only through gemini/workforce/access.py, which scopes them
by their employer organisation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from gemini.core.models import Organisation, Versioned

ELI_DAYS_BEFORE_TRANSFER = 28  # TUPE 2006 reg 11


class Grade(models.Model):
    """A council's grade, with its ordinal rank (higher rank, higher grade) and spine points.

    Ranks are compared across councils, so both councils' grades share one ordinal scale.
    """

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grades")
    grade = models.CharField(max_length=40)
    rank = models.PositiveSmallIntegerField()
    min_spinal_point = models.PositiveSmallIntegerField()
    max_spinal_point = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["council__code", "rank", "grade"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["council", "grade"], name="workforce_grade_unique")
        ]

    def __str__(self) -> str:
        return f"{self.council.code} {self.grade}"

    def clean(self) -> None:
        if self.min_spinal_point > self.max_spinal_point:
            raise ValidationError("The lowest spinal point is above the highest.")


class ContractType(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    FIXED_TERM = "fixed_term", "Fixed term"
    AGENCY = "agency", "Agency"


class JdStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    SUMMARY = "summary", "Summary profile"
    MODERATED = "moderated", "Moderated"


class ProtectedLeave(models.TextChoices):
    NONE = "none", "None"
    PREGNANCY = "pregnancy", "Pregnancy"
    MATERNITY = "maternity", "Maternity leave"
    ADOPTION = "adoption", "Adoption leave"
    SHARED_PARENTAL = "shared_parental", "Shared parental leave"


class Staff(models.Model):
    # Personal data: never shown to a member or union representative (test_no_leaks plants a
    # marker in these fields and searches every page and API response they can open).
    PERSONAL_DATA_FIELDS: ClassVar = ("name", "current_title", "current_jd")

    employee_ref = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    employer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text="The organisation that employs the person (the shared service's staff: CEC).",
    )
    current_title = models.CharField(max_length=200)
    team = models.CharField(max_length=200)
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="staff")
    fte = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )
    weekly_pay = models.DecimalField(max_digits=9, decimal_places=2)
    annual_salary = models.DecimalField(max_digits=10, decimal_places=2)
    date_of_birth = models.DateField()
    continuous_service_start = models.DateField()
    contract_type = models.CharField(max_length=20, choices=ContractType.choices)
    preference = models.CharField(
        max_length=16, help_text="A council's code (a role there), either, or none."
    )
    lgps_member = models.BooleanField()
    current_jd = models.TextField()
    jd_status = models.CharField(max_length=20, choices=JdStatus.choices)
    protected_leave = models.CharField(
        max_length=20,
        choices=ProtectedLeave.choices,
        default=ProtectedLeave.NONE,
        help_text="Statutory redundancy priority (Protection from Redundancy (Pregnancy and "
        "Family Leave) Act 2023).",
    )
    protected_until = models.DateField(
        null=True, blank=True, help_text="The end of the protected period (blank: not known)."
    )
    strain_cost = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The LGPS pension strain cost from the fund's actuary (blank: not known).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["employee_ref"]
        verbose_name_plural = "staff"

    def __str__(self) -> str:
        return f"{self.employee_ref} {self.name}"

    def protected_on(self, when: dt.date) -> str:
        """The protected leave in force on a date ("" if none): until `protected_until`
        inclusive, or with no end date recorded."""
        if self.protected_leave == ProtectedLeave.NONE:
            return ""
        if self.protected_until is not None and self.protected_until < when:
            return ""
        return str(self.protected_leave)


class EqualityRecord(models.Model):
    """Equality monitoring for one person, held apart and shown only in aggregate."""

    staff = models.OneToOneField(Staff, on_delete=models.CASCADE, related_name="equality")
    sex = models.CharField(max_length=60, blank=True)
    ethnicity = models.CharField(max_length=100, blank=True)
    disability = models.CharField(max_length=60, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Equality record {self.pk}"


class ServiceDesign(models.Model):
    """A council's future structure (service design)."""

    council = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="service_designs"
    )
    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["council__code", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["council", "name"], name="workforce_design_unique")
        ]

    def __str__(self) -> str:
        return f"{self.council.code}: {self.name}"


class JdqStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    EVALUATED = "evaluated", "Evaluated"


class Post(models.Model):
    post_ref = models.CharField(max_length=40, unique=True)
    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="posts")
    structure = models.ForeignKey(ServiceDesign, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(max_length=200)
    team = models.CharField(max_length=200)
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="posts")
    fte = models.DecimalField(max_digits=4, decimal_places=2)
    count = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    jd = models.TextField()
    jdq_status = models.CharField(max_length=20, choices=JdqStatus.choices)
    jdq_score = models.PositiveIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["council__code", "team", "post_ref"]

    def __str__(self) -> str:
        return f"{self.post_ref} {self.title}"

    def clean(self) -> None:
        if self.grade_id and self.council_id and self.grade.council_id != self.council_id:
            raise ValidationError({"grade": "The grade belongs to another council."})
        if self.structure_id and self.council_id and self.structure.council_id != self.council_id:
            raise ValidationError({"structure": "The structure belongs to another council."})


class DutyMatch(models.Model):
    """A moderated duty-match score: it replaces the computed one for that person and post."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="duty_matches")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="duty_matches")
    duty_match = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    moderated_by = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["staff__employee_ref", "post__post_ref"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["staff", "post"], name="workforce_duty_match_unique")
        ]

    def __str__(self) -> str:
        return f"{self.staff.employee_ref}–{self.post.post_ref}: {self.duty_match}"


class Outcome(models.TextChoices):
    SLOT_IN = "slot_in", "Slot-in"
    MATCHED = "matched", "Matched without interview"
    RING_FENCE = "ring_fence", "Competitive ring-fence"
    AT_RISK = "at_risk", "At risk"


class MatchingRun(models.Model):
    """One run of the matching engine, with the policy it used and who ran it."""

    number = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matching_runs",
    )
    label = models.CharField(max_length=200, blank=True)
    policy = models.JSONField(help_text="Every setting the run used (docs/workforce.md).")
    staff_count = models.PositiveIntegerField()
    post_count = models.PositiveIntegerField(help_text="Places: identical posts counted each.")
    first_dismissal_date = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-number"]

    def __str__(self) -> str:
        return f"Matching run {self.number}"


class Pool(models.Model):
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="pools")
    number = models.PositiveIntegerField()
    post_refs = models.JSONField()
    places = models.PositiveIntegerField()
    claimants = models.PositiveIntegerField()
    slot_ins = models.PositiveIntegerField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)

    class Meta:
        ordering: ClassVar = ["run", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["run", "number"], name="workforce_pool_unique")
        ]

    def __str__(self) -> str:
        return f"Pool {self.number}"


class Decision(models.TextChoices):
    PENDING = "pending", "Awaiting decision"
    CONFIRMED = "confirmed", "Confirmed"
    OVERRIDDEN = "overridden", "Overridden"


class PersonOutcome(Versioned):
    """The engine's proposal for one person, and the decision a named person made on it
    (UK GDPR Article 22: the engine proposes, a person decides)."""

    # What HR wrote about one person: personal data, like the staff record.
    PERSONAL_DATA_FIELDS: ClassVar = ("decision_reason",)

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="outcomes")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="outcomes")
    pool = models.ForeignKey(
        Pool, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes"
    )
    proposed = models.CharField(max_length=20, choices=Outcome.choices)
    proposed_post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    duty_match = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    match_source = models.CharField(max_length=20, blank=True)
    shared_terms = models.JSONField(default=list, blank=True)
    preference_honoured = models.BooleanField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    alternatives = models.JSONField(default=list, blank=True)
    flags = models.JSONField(default=list, blank=True)
    contested_posts = models.JSONField(
        default=list, blank=True, help_text="A ring-fence's posts: [{post_ref, places}]."
    )
    offers = models.JSONField(
        default=list, blank=True, help_text="Suitable alternative employment: [{post_ref, places}]."
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decided_outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    decided_post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workforce_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    policy_breaches = models.JSONField(
        default=list,
        blank=True,
        help_text="How an override departs from the run's policy, as shown to the person who "
        "decided and accepted by them (issue 14, item 6).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["run", "staff__employee_ref"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["run", "staff"], name="workforce_outcome_unique")
        ]

    def __str__(self) -> str:
        return f"{self.staff.employee_ref}: {self.get_proposed_display()}"

    @property
    def outcome(self) -> str:
        """The outcome in force: the decided one once decided, else the proposal."""
        return self.decided_outcome or self.proposed

    @property
    def post(self) -> Post | None:
        return self.decided_post if self.decision != Decision.PENDING else self.proposed_post

    def clean(self) -> None:
        if self.decision == Decision.PENDING:
            return
        if not self.decision_reason.strip():
            raise ValidationError({"decision_reason": "Give the reason for the decision."})
        if self.decided_by_id is None:
            raise ValidationError("A decision needs the person who made it.")
        if self.decided_outcome == Outcome.AT_RISK and self.decided_post_id:
            raise ValidationError({"decided_post": "An at-risk outcome has no post."})
        if self.decided_outcome in (Outcome.SLOT_IN, Outcome.MATCHED) and not self.decided_post_id:
            raise ValidationError({"decided_post": "Choose the post for this outcome."})


class OrganisedGrouping(models.Model):
    """An organised grouping of staff whose principal purpose is work that transfers (TUPE
    2006 reg 3(3)), moving to a council's roles; COSOP gives TUPE-equivalent treatment where a
    transfer between public authorities is excluded (reg 3(5))."""

    name = models.CharField(max_length=200, unique=True)
    destination = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="organised_groupings"
    )
    principal_purpose = models.TextField(help_text="The work that transfers.")
    transfer_date = models.DateField()
    note = models.TextField(blank=True, help_text="The TUPE or COSOP basis, and measures.")
    members = models.ManyToManyField(Staff, blank=True, related_name="organised_groupings")
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["transfer_date", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def eli_due(self) -> dt.date:
        """Employee liability information is due at least 28 days before the transfer."""
        return self.transfer_date - dt.timedelta(days=ELI_DAYS_BEFORE_TRANSFER)
