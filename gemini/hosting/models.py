"""The Phase 2 estate: VMs (from RVTools), applications, dependencies, the cloud price list,
the wave plans made from them, and the Phase 2 projects (docs/hosting.md).

Each record belongs to an organisation so that each council sees its own estate and bill
(`gemini.hosting.access`): an application to its owner (CEC, CWAC, or the shared service for a
shared application) and to the councils that share its cost (`ApplicationShare`); a VM to the
organisation whose estate it is (the shared service until an application import links it to a
council's applications).
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from gemini.core.models import Organisation, Versioned
from gemini.hosting.engine.disposition import Disposition


def _fraction(help_text: str = "") -> models.DecimalField[Decimal | None, Decimal | None]:
    """A share from 0 to 1 (0.2 is 20%), not always known."""
    return models.DecimalField(
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text=help_text,
    )


class PowerState(models.TextChoices):
    ON = "poweredOn", "Powered on"
    OFF = "poweredOff", "Powered off"
    SUSPENDED = "suspended", "Suspended"
    UNKNOWN = "unknown", "Not known"


class VirtualMachine(models.Model):
    name = models.CharField(max_length=200, unique=True)
    vm_id = models.CharField("VM ID", max_length=100, blank=True, db_index=True)
    vm_uuid = models.CharField("VM UUID", max_length=100, blank=True, db_index=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="virtual_machines"
    )
    power_state = models.CharField(max_length=20, choices=PowerState.choices)
    powered_off_since = models.DateField(
        null=True, blank=True, help_text="The first import that found it powered off."
    )
    cpus = models.PositiveIntegerField("vCPUs")
    memory_mib = models.PositiveIntegerField("memory (MiB)")
    nics = models.PositiveIntegerField(null=True, blank=True)
    disks = models.PositiveIntegerField(null=True, blank=True)
    provisioned_mib = models.PositiveBigIntegerField(null=True, blank=True)
    in_use_mib = models.PositiveBigIntegerField(null=True, blank=True)
    datacenter = models.CharField(max_length=200, blank=True)
    cluster = models.CharField(max_length=200, blank=True)
    host = models.CharField(max_length=200, blank=True)
    folder = models.CharField(max_length=300, blank=True)
    os_config = models.CharField("OS (configuration file)", max_length=200, blank=True)
    os_tools = models.CharField("OS (VMware Tools)", max_length=200, blank=True)
    firmware = models.CharField(max_length=20, blank=True)
    annotation = models.TextField(blank=True)
    ip_addresses = models.CharField(max_length=500, blank=True)
    cpu_utilisation = _fraction("CPU use at the sizing percentile, as a fraction (0.2 is 20%).")
    memory_utilisation = _fraction()
    utilisation_percentile = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The percentile the utilisation is at (95 for P95)."
    )
    utilisation_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="The days of performance data it was measured over."
    )
    utilisation_source = models.CharField(
        max_length=100, blank=True, help_text="Where the utilisation came from (the import kind)."
    )
    rvtools_cpu_usage = _fraction(
        "CPU use in the RVTools export (one reading when it was taken), a fraction."
    )
    rvtools_memory_usage = _fraction(
        "Active memory over configured memory in the RVTools export (vMemory)."
    )
    disk_sizes_mib = models.JSONField(
        default=list, blank=True, help_text="Each disk's capacity in MiB (RVTools vDisk)."
    )
    annual_on_premises_cost = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    present = models.BooleanField(
        default=True, help_text="In the latest RVTools export (false: it has disappeared)."
    )
    needs_data = models.TextField(
        blank=True,
        help_text="Why the latest export leaves its data incomplete (no CPUs, memory or power "
        "state in any sheet); empty when complete. It blocks the wave plan until resolved.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = "virtual machine"

    def __str__(self) -> str:
        return self.name

    @property
    def os_name(self) -> str:
        return self.os_tools or self.os_config


class RvtoolsImport(models.Model):
    """One RVTools export taken in, with what it changed and what it found wrong."""

    filename = models.CharField(max_length=255)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    vms = models.PositiveIntegerField(default=0)
    templates = models.PositiveIntegerField(default=0)
    appeared = models.JSONField(default=list)
    disappeared = models.JSONField(default=list)
    updated = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.imported_at:%d/%m/%Y %H:%M})"


class ImportFinding(models.Model):
    rvtools_import = models.ForeignKey(
        RvtoolsImport, on_delete=models.CASCADE, related_name="findings"
    )
    sheet = models.CharField(max_length=40)
    row = models.PositiveIntegerField()
    what = models.TextField()
    vm = models.CharField(max_length=200, blank=True, help_text="The VM it is about, if any.")

    class Meta:
        ordering: ClassVar = ["pk"]

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row}: {self.what}"


class Criticality(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Application(Versioned):
    # A named officer: never shown to a member or union representative (test_no_leaks).
    PERSONAL_DATA_FIELDS: ClassVar = ("business_owner",)

    name = models.CharField(max_length=200, unique=True)
    product = models.CharField(
        max_length=200,
        blank=True,
        help_text="What the system is (such as Civica Revenues); the same product at both "
        "councils is a candidate to rationalise.",
    )
    category = models.CharField(max_length=100, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="applications",
        help_text="The owning council, or the shared service for a shared application.",
    )
    criticality = models.CharField(max_length=10, choices=Criticality.choices)
    business_owner = models.CharField(max_length=200, blank=True)
    supplier = models.CharField(max_length=200, blank=True)
    contract_end = models.DateField(null=True, blank=True)
    users = models.PositiveIntegerField(null=True, blank=True)
    saas_alternative = models.CharField("SaaS alternative", max_length=200, blank=True)
    migration_cost = models.DecimalField(
        "one-off migration cost", max_digits=12, decimal_places=2, default=Decimal(0)
    )
    vms = models.ManyToManyField(VirtualMachine, blank=True, related_name="applications")
    confirmed_disposition = models.CharField(
        max_length=12, choices=[(d.value, d.label) for d in Disposition], blank=True
    )
    confirmation_note = models.TextField(blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def shared(self) -> bool:
        return self.organisation.kind == Organisation.Kind.SHARED_SERVICE


class ApplicationShare(models.Model):
    """The allocation rule: each council's fraction of an application's cost."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="application_shares"
    )
    fraction = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["application", "organisation__code"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["application", "organisation"], name="hosting_share_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} pays {self.fraction:.0%} of {self.application}"


class Dependency(models.Model):
    class Kind(models.TextChoices):
        DATA = "data", "Data feed"
        INTEGRATION = "integration", "Integration (API)"
        AUTHENTICATION = "authentication", "Authentication"
        DATABASE = "database", "Shared database"
        INFRASTRUCTURE = "infrastructure", "Infrastructure"
        NETWORK = "network", "Network (observed)"

    source = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="needs")
    target = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="needed_by")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["source__name", "target__name"]
        verbose_name_plural = "dependencies"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["source", "target"], name="hosting_dependency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class PriceList(models.Model):
    """A cloud price list imported from a file in the Azure Retail Prices API's shape. The
    latest is in force; with none, the bundled illustrative list is (docs/hosting.md)."""

    filename = models.CharField(max_length=255)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    effective = models.DateField(help_text="The latest effectiveStartDate of its prices.")
    currency = models.CharField(max_length=3)
    region = models.CharField(max_length=60)
    items = models.JSONField(
        default=list, help_text="The items used, by the API's field names (text values)."
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.effective:%d/%m/%Y}, {self.region})"


class WavePlan(models.Model):
    """A wave plan as made: its parameters, who made it, and its result."""

    made_at = models.DateTimeField(auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    start = models.DateField()
    exit_date = models.DateField()
    wave_days = models.PositiveIntegerField()
    max_vms_per_wave = models.PositiveIntegerField()
    max_tb_per_wave = models.DecimalField(max_digits=8, decimal_places=2)
    result = models.JSONField(default=dict)
    out_of_date_since = models.DateTimeField(
        null=True, blank=True, help_text="When the estate changed after the plan was made."
    )
    out_of_date_because = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"Wave plan of {self.made_at:%d/%m/%Y %H:%M}"


class Project(models.Model):
    """A Phase 2 project held here until the programme app holds projects."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    purpose = models.TextField(blank=True)
    contract_end = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(max_length=200)
    due = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["project", "due", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["project", "name"], name="hosting_milestone_unique")
        ]

    def __str__(self) -> str:
        return self.name
