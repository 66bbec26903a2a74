"""The Django admin for the hosting app: where the cloud size catalogue's illustrative prices
are edited (dated), and the Phase 2 projects' milestones kept up to date."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gemini.hosting.models import (
    Application,
    ApplicationShare,
    CloudSize,
    Dependency,
    Milestone,
    Project,
    VirtualMachine,
)


@admin.register(CloudSize)
class CloudSizeAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = (
        "name",
        "vcpus",
        "memory_gib",
        "max_disks",
        "price_per_hour",
        "currency",
        "region",
        "price_date",
        "illustrative",
    )


for model in (VirtualMachine, Application, ApplicationShare, Dependency, Project, Milestone):
    admin.site.register(model, SimpleHistoryAdmin)
