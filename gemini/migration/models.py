"""The Microsoft 365 tenant-to-tenant move: the estate (identities, mailbox permissions,
devices, exclusions), the wave plans made from it, and each person's progress through both
phases.

Identities are people: their names and addresses are shown only to holders of
MANAGE_MIGRATION (the technical lead and the programme office). Everyone else with
VIEW_MIGRATION sees figures only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from gemini.core.models import Organisation, Versioned
from gemini.migration.engine.mailboxes import RecipientType
from gemini.migration.engine.planner import WEEKDAYS, Right


class MigrationSettings(Versioned):
    """The move's tenants, the rule for new addresses and the planner's limits (one record)."""

    moving_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The council whose people move to the new tenant.",
    )
    source_tenant_name = models.CharField(max_length=100, default="Our Cheshire")
    target_tenant_name = models.CharField(max_length=100, default="Cheshire West")
    source_tenant_id = models.CharField(
        "source tenant ID",
        max_length=36,
        help_text="The source tenant's ID (a GUID), written into the OneDrive identity map.",
    )
    target_domain = models.CharField(
        max_length=200,
        help_text="New addresses are first.last@ this domain when a file gives none.",
    )
    target_cross_tenant_host_url = models.URLField(
        "target cross-tenant host URL",
        max_length=200,
        blank=True,
        help_text=(
            "What Get-SPOCrossTenantHostUrl prints in the new tenant, such as "
            "https://cheshirewest-my.sharepoint.com/: written into the SharePoint site map."
        ),
    )
    max_users = models.PositiveIntegerField(
        "users per wave",
        default=2000,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
        help_text="At most 2,000: Microsoft's cap on mailboxes in one cross-tenant batch.",
    )
    max_gb = models.DecimalField(
        "data per wave (GB)",
        max_digits=12,
        decimal_places=2,
        default=Decimal(10_000),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    pilot_users = models.PositiveIntegerField("people in the pilot", default=25)
    start = models.DateField(
        "first submission", null=True, blank=True, help_text="When the first batch goes in."
    )
    submit_lead_days = models.PositiveIntegerField(
        "days between submission and cutover", default=14
    )
    wave_interval_working_days = models.PositiveIntegerField(
        "working days between cutovers", default=5, validators=[MinValueValidator(1)]
    )
    cutover_weekday = models.PositiveSmallIntegerField(
        "cutover day",
        null=True,
        blank=True,
        choices=list(enumerate(WEEKDAYS)),
        help_text="Cutovers only on this day of the week; blank: any working day.",
    )
    parallel_waves = models.PositiveIntegerField(
        "waves cutting over on one day",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="How many waves (of the same kind) may cut over on the same day.",
    )
    target_delivery_domain = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "The target tenant's delivery domain (as cheshirewest.onmicrosoft.com), given to "
            "New-MigrationBatch as -TargetDeliveryDomain."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "migration settings"

    def __str__(self) -> str:
        return f"{self.source_tenant_name} to {self.target_tenant_name}"


class Identity(models.Model):
    """A user or shared mailbox in the source tenant (from Entra ID's "Download users")."""

    # Personal data: never shown to a member or union representative (test_no_leaks plants a
    # marker in these fields and searches every page they can open).
    PERSONAL_DATA_FIELDS: ClassVar = (
        "user_principal_name",
        "display_name",
        "given_name",
        "surname",
        "mail",
        "job_title",
        "target_user_principal_name",
        "target_mail",
        "legacy_exchange_dn",
        "x500_addresses",
    )
    RECIPIENT_TYPES: ClassVar = [("", "Not known"), *[(t.value, t.value) for t in RecipientType]]

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="migration_identities"
    )
    user_principal_name = models.CharField(max_length=254, unique=True)
    display_name = models.CharField(max_length=200, blank=True)
    given_name = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100, blank=True)
    mail = models.CharField(max_length=254, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    user_type = models.CharField(max_length=20, default="Member")
    job_title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    account_enabled = models.BooleanField(default=True)
    target_user_principal_name = models.CharField(max_length=254, blank=True)
    target_mail = models.CharField(max_length=254, blank=True)
    mailbox_gb = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal(0))
    onedrive_gb = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal(0))
    vip = models.BooleanField("VIP", default=False)
    recipient_type = models.CharField(
        max_length=20,
        choices=RECIPIENT_TYPES,
        blank=True,
        default="",
        help_text="Exchange Online's RecipientTypeDetails; blank: not known (never batched).",
    )
    exchange_guid = models.CharField("ExchangeGuid", max_length=36, blank=True)
    archive_guid = models.CharField("ArchiveGuid", max_length=36, blank=True)
    legacy_exchange_dn = models.CharField("LegacyExchangeDN", max_length=500, blank=True)
    x500_addresses = models.TextField(
        "x500 addresses",
        blank=True,
        help_text="The source mailbox's x500: proxy addresses, one a line.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["user_principal_name"]
        verbose_name_plural = "identities"

    def __str__(self) -> str:
        return self.user_principal_name

    @property
    def gb(self) -> Decimal:
        return self.mailbox_gb + self.onedrive_gb


class MailboxPermission(models.Model):
    """`user` holds `right` on `mailbox` (FastTrack's Mailbox,User,AccessRights)."""

    class Right(models.TextChoices):
        FULL_ACCESS = Right.FULL_ACCESS.value, "Full Access"
        SEND_AS = Right.SEND_AS.value, "Send As"
        SEND_ON_BEHALF = Right.SEND_ON_BEHALF.value, "Send on Behalf"
        CALENDAR_FOLDER = Right.CALENDAR_FOLDER.value, "Calendar Folder"
        NONE = Right.NONE.value, "None"

    mailbox = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="rights")
    right = models.CharField(max_length=20, choices=Right.choices)
    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["mailbox", "user", "right"], name="migration_permission_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.right} on {self.mailbox_id}"


class Device(models.Model):
    name = models.CharField(max_length=100, unique=True)
    device_type = models.CharField("type", max_length=50)
    operating_system = models.CharField(max_length=100)
    primary_user = models.ForeignKey(
        Identity, on_delete=models.SET_NULL, null=True, blank=True, related_name="devices"
    )
    management_state = models.CharField(max_length=50)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class Exclusion(models.Model):
    """A service account or group whose links are not followed when grouping delegates."""

    user_principal_name = models.CharField(max_length=254, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["user_principal_name"]

    def __str__(self) -> str:
        return self.user_principal_name


class FreezePeriod(models.Model):
    """Days on which no cutover may happen (a change freeze, an election, year end…)."""

    start = models.DateField()
    end = models.DateField()
    reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["start", "end"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["start", "end"], name="migration_freeze_once"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="migration_freeze_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"


class Plan(models.Model):
    """One run of the wave planner, with its parameters and who ran it."""

    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    max_users = models.PositiveIntegerField()
    max_gb = models.DecimalField(max_digits=12, decimal_places=2)
    pilot_users = models.PositiveIntegerField()
    start = models.DateField()
    submit_lead_days = models.PositiveIntegerField()
    wave_interval_working_days = models.PositiveIntegerField()
    cutover_weekday = models.PositiveSmallIntegerField(null=True, blank=True)
    parallel_waves = models.PositiveIntegerField(default=1)
    freeze = models.JSONField(default=list, blank=True)  # [[start, end, reason], …] as used
    identities = models.PositiveIntegerField()
    move_groups = models.PositiveIntegerField()
    unplaced = models.PositiveIntegerField()
    held_back = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Plan of {self.created_at:%d/%m/%Y %H:%M}"


class Wave(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=50)
    kind = models.CharField(max_length=20)
    cutover = models.DateField()
    submit_by = models.DateField()
    users = models.PositiveIntegerField()
    gb = models.DecimalField(max_digits=12, decimal_places=2)
    reason = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["plan", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "number"], name="migration_wave_number")
        ]

    def __str__(self) -> str:
        return self.name


class Placement(models.Model):
    """Where the plan put one identity, and why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="placements")
    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="placements")
    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, null=True, blank=True, related_name="placements"
    )
    move_group = models.PositiveIntegerField()
    group_size = models.PositiveIntegerField()
    reason = models.TextField()
    held_back = models.BooleanField(default=False)  # in no mailbox batch (see the reason)
    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "identity"], name="migration_placement_once")
        ]

    def __str__(self) -> str:
        return f"{self.identity_id} in {self.wave_id}"


class Finding(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=40)
    detail = models.TextField()
    users = models.JSONField(default=list)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.kind


class Workload(models.TextChoices):
    MAIL = "mail", "Mail"
    ONEDRIVE = "onedrive", "OneDrive"
    TEAMS = "teams", "Teams"
    SHAREPOINT = "sharepoint", "SharePoint"
    ACCOUNT = "account", "Account"
    DEVICE = "device", "Device"


PHASE_1 = (Workload.MAIL, Workload.ONEDRIVE, Workload.TEAMS, Workload.SHAREPOINT)
PHASE_2 = (Workload.ACCOUNT, Workload.DEVICE)


class State(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    SCHEDULED = "scheduled", "Scheduled"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"
    NOT_APPLICABLE = "not_applicable", "Not applicable"
    ROLLED_BACK = "rolled_back", "Rolled back"


# A workload in one of these states counts as finished for its phase: Not applicable lets a
# person with no device (a shared mailbox, a room) finish phase 2 (issue 20, item 6).
DONE_STATES = (State.COMPLETED, State.NOT_APPLICABLE)
# States the exceptions page lists, with any status that names a problem.
EXCEPTION_STATES = (State.FAILED, State.ROLLED_BACK)


class Problem(models.TextChoices):
    NONE = "", "None"
    HOLD = "hold", "Blocked by a hold"
    ONEDRIVE_EXISTS = "onedrive_exists", "OneDrive already exists"
    PATH_TOO_LONG = "path_too_long", "Path too long"
    APOSTROPHE = "apostrophe", "Name with an apostrophe"
    WARNINGS = "warnings", "Completed with warnings"
    OTHER = "other", "Other"


class WorkloadStatus(Versioned):
    """One person's state for one workload, as of `updated_at`; the history keeps every step.

    Versioned: the identity page and the API change a status only from the version the editor
    saw (version 0 meaning "no status yet"); the status import raises it too.
    """

    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="statuses")
    workload = models.CharField(max_length=20, choices=Workload.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.NOT_STARTED)
    problem = models.CharField(max_length=20, choices=Problem.choices, blank=True, default="")
    note = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["identity", "workload"]
        verbose_name_plural = "workload statuses"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["identity", "workload"], name="migration_status_once")
        ]

    def __str__(self) -> str:
        return f"{self.identity_id} {self.workload}: {self.state}"


class MigrationGroup(models.Model):
    """A group whose permissions move with the data: one `Group` row of the cross-tenant
    OneDrive identity map, and one row of the ShareGate user and group mapping."""

    source_name = models.CharField("source group name", max_length=256, unique=True)
    target_name = models.CharField("target group name", max_length=256, unique=True)
    source_object_id = models.CharField("source group object ID", max_length=36, unique=True)
    target_object_id = models.CharField("target group object ID", max_length=36, unique=True)
    group_type = models.CharField(max_length=50)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["source_name"]

    def __str__(self) -> str:
        return f"{self.source_name} to {self.target_name}"


class SharePointSite(models.Model):
    """A SharePoint site in the source tenant, where it goes, and the council that owns it.

    Only the moving council's sites go into the site map (Start-SPOCrossTenantSiteContentMove).
    """

    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="migration_sites"
    )
    source_url = models.CharField("source site URL", max_length=400, unique=True)
    target_url = models.CharField("target site URL", max_length=400, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["source_url"]
        verbose_name = "SharePoint site"

    def __str__(self) -> str:
        return self.source_url


class CutoverItem(models.TextChoices):
    """The steps of a council's cut-over that are not a person's move (docs/migration.md)."""

    DNS_MX = "dns_mx", "DNS: MX record to the new tenant"
    AUTODISCOVER = "autodiscover", "DNS: Autodiscover record"
    ORGANISATION_RELATIONSHIP = (
        "organisation_relationship",
        "Mail-flow coexistence: organisation relationship",
    )
    FREE_BUSY = "free_busy", "Mail-flow coexistence: free/busy between tenants"
    GAL_SYNC = "gal_sync", "Global address list (GAL) sync"
    LICENCES = "licences", "Licences in the new tenant"
    INTUNE_AUTOPILOT = "intune_autopilot", "Intune and Autopilot re-enrolment of devices"


class CutoverState(models.TextChoices):
    TO_DO = "to_do", "To do"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class CutoverTask(Versioned):
    """One step of one council's cut-over checklist, with its date and owner."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cutover_tasks"
    )
    item = models.CharField(max_length=40, choices=CutoverItem.choices)
    due = models.DateField("due date", null=True, blank=True)
    owner = models.CharField(
        max_length=200, blank=True, help_text="A role or team, such as CWaC network team."
    )
    state = models.CharField(max_length=20, choices=CutoverState.choices, default="to_do")
    done_on = models.DateField("done on", null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["organisation", "item"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organisation", "item"], name="migration_cutover_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.item}"
