"""Organisations, people and their roles, and the two mixins every domain record uses.

- `Organisation`: a council or the shared service. Data, not constants: another pair of
  councils uses Gemini by loading its own organisations.
- `User` signs in with an email address; `Membership` gives a user a role in an organisation.
  What a role may do and see is decided in one place: gemini/core/access.py.
- `Confidential`: a record is public (Part 1) or exempt under a paragraph of Schedule 12A to the
  Local Government Act 1972 with the public-interest reasoning (REFERENCE.md §1).
- `Versioned`: a version number for optimistic locking (gemini/core/versioning.py).
- `ImportRun`: one file taken in through the upload page, run in the background, with its
  state and its result; `ImportUpload` holds the file's bytes until the run is over
  (gemini/core/import_runs.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        SHARED_SERVICE = "shared_service", "Shared service"

    code = models.CharField(
        max_length=16,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z][A-Z0-9]{1,15}$",
                "Use 2 to 16 capital letters or digits, starting with a letter, such as CEC.",
            )
        ],
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    hosted_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosts",
        help_text="For a shared service: the council that hosts it and employs its staff.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        """Sign-in matches the email address whatever its case (PMO@… is pmo@…)."""
        return self.get(email__iexact=username)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)
    sessions_ended_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the person last signed out everywhere: every older session ended then.",
    )
    # Who changed a person's name, status or admin rights; never the password hash.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering: ClassVar = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    # Django keeps a hash of these in each session and ends any session whose hash no longer
    # matches. Django's own hash covers the password (a new password ends every session); this
    # one also covers `sessions_ended_at`, so "Sign out everywhere" ends every session too.
    def get_session_auth_hash(self) -> str:
        return self._session_hash(settings.SECRET_KEY)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)

    def _session_hash(self, secret: str | bytes) -> str:
        value = self.password
        if self.sessions_ended_at is not None:
            value += "|" + self.sessions_ended_at.isoformat()
        return salted_hmac(_SESSION_HASH_SALT, value, secret=secret, algorithm="sha256").hexdigest()


_SESSION_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"


class Role(models.TextChoices):
    PROGRAMME_MANAGER = "programme_manager", "Programme manager"
    WORKSTREAM_LEAD = "workstream_lead", "Workstream lead"
    HR = "hr", "HR"
    FINANCE = "finance", "Finance"
    TECHNICAL = "technical", "Technical lead"
    MEMBER = "member", "Member (scrutiny)"
    UNION_REPRESENTATIVE = "union_representative", "Trade union representative"


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["user__email", "organisation__code", "role"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="core_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.email}: {self.get_role_display()} at {self.organisation.code}"


class Confidentiality(models.TextChoices):
    PUBLIC = "public", "Public (Part 1)"
    EXEMPT = "exempt", "Exempt (Part 2)"


class ExemptParagraph(models.IntegerChoices):
    """Local Government Act 1972, Schedule 12A, Part 1 (REFERENCE.md §1)."""

    INDIVIDUAL = 1, "1. Information relating to any individual"
    IDENTITY = 2, "2. Information likely to reveal the identity of an individual"
    FINANCIAL = (
        3,
        (
            "3. Information relating to the financial or business affairs of any particular person "
            "(including the authority)"
        ),
    )
    LABOUR_RELATIONS = (
        4,
        (
            "4. Information relating to consultations or negotiations in connection with labour "
            "relations matters"
        ),
    )
    LEGAL_PRIVILEGE = (
        5,
        (
            "5. Information in respect of which a claim to legal professional privilege could be "
            "maintained"
        ),
    )
    NOTICE = (
        6,
        (
            "6. Information revealing that the authority proposes to give a notice, order or "
            "direction under an enactment"
        ),
    )
    CRIME = 7, "7. Information relating to the prevention, investigation or prosecution of crime"


class Confidential(models.Model):
    """A record that is public (Part 1) or exempt (Part 2) with its Schedule 12A paragraph.

    Exempt information is exempt only while the public interest in keeping it private
    outweighs the public interest in disclosure, so the reasoning is recorded with it.
    Read these records through `access.visible(queryset, user)`: a member or union
    representative never receives an exempt one.
    """

    confidentiality = models.CharField(
        max_length=10, choices=Confidentiality.choices, default=Confidentiality.PUBLIC
    )
    exempt_paragraph = models.PositiveSmallIntegerField(
        choices=ExemptParagraph.choices, null=True, blank=True
    )
    public_interest_reason = models.TextField(blank=True)

    class Meta:
        abstract = True
        # SQL's NULL makes `NULL >= 1` unknown, and a CHECK passes on unknown: hence isnull.
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(
                    Q(confidentiality="public", exempt_paragraph__isnull=True)
                    | Q(
                        confidentiality="exempt",
                        exempt_paragraph__isnull=False,
                        exempt_paragraph__gte=1,
                        exempt_paragraph__lte=7,
                    )
                ),
                name="%(app_label)s_%(class)s_exempt_has_paragraph",
            )
        ]

    @property
    def is_exempt(self) -> bool:
        return self.confidentiality == Confidentiality.EXEMPT

    def clean(self) -> None:
        super().clean()
        if self.is_exempt:
            errors = {}
            if self.exempt_paragraph is None:
                errors["exempt_paragraph"] = "Choose the Schedule 12A paragraph that applies."
            if not self.public_interest_reason.strip():
                errors["public_interest_reason"] = (
                    "Say why the public interest in keeping this private outweighs the "
                    "public interest in disclosing it."
                )
            if errors:
                raise ValidationError(errors)
        elif self.exempt_paragraph is not None:
            raise ValidationError(
                {"exempt_paragraph": "A public (Part 1) record has no exempt paragraph."}
            )


class Versioned(models.Model):
    """A version number that rises by one on every edit (optimistic locking)."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class ImportRun(models.Model):
    """One file handed to the background importer from the upload page: who, what, when, how
    far it has gone and, once over, what it changed or every problem it found."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        REFUSED = "refused", "Refused: the file has problems"
        FAILED = "failed", "Failed: an error in Gemini"

    kind = models.CharField(max_length=64)
    # The permission the kind needs when the run was asked for: who besides the person who
    # started it may see it (gemini.core.access.import_runs_for).
    permission = models.CharField(max_length=64)
    filename = models.CharField(max_length=255)
    # For a kind about one programme, the slug of the programme the file goes into (chosen on
    # the upload page: gemini.programme.chosen); blank for other kinds.
    programme = models.SlugField(max_length=64, blank=True, default="")
    dry_run = models.BooleanField(default=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_runs",
    )
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    # How far it has gone: the stage ("reading", "checking", "writing"), and for reading the
    # rows done of the file's total. Writing is one all-or-nothing transaction, so its count
    # cannot be seen from outside it.
    stage = models.CharField(max_length=16, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # When the worker last reported on the run (its start, each saved stage or count): a run
    # not heard from for GEMINI_IMPORT_QUIET_MINUTES is flagged (gemini.core.import_runs.quiet).
    heard_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # [[row, column, message], ...]
    changes = models.JSONField(default=list, blank=True)  # [[outcome, description], ...]
    ignored_columns = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True, help_text="For a failed run: what went wrong.")

    class Meta:
        ordering: ClassVar = ["-queued_at", "-pk"]
        indexes: ClassVar = [models.Index(fields=["started_by", "state"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename} ({self.queued_at:%d/%m/%Y %H:%M})"

    @property
    def over(self) -> bool:
        return self.state in {self.State.FINISHED, self.State.REFUSED, self.State.FAILED}


class ImportUpload(models.Model):
    """The uploaded file of a run that is waiting or running: kept in the database (never
    where the web server serves files, and reachable by a worker on another machine), and
    deleted as soon as the run is over."""

    run = models.OneToOneField(
        ImportRun, on_delete=models.CASCADE, primary_key=True, related_name="upload"
    )
    content = models.BinaryField()

    def __str__(self) -> str:
        return f"The file of {self.run}"
