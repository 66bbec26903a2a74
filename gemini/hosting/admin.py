"""The Django admin for the hosting app: the Phase 2 projects' milestones kept up to date, and
the imported price lists (read there; a new list is imported with `gemini import azure-prices`)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gemini.hosting.models import (
    Application,
    ApplicationShare,
    Dependency,
    Milestone,
    PriceList,
    Project,
    VirtualMachine,
)


@admin.register(PriceList)
class PriceListAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("filename", "effective", "currency", "region", "imported_at", "imported_by")
    exclude = ("items",)


for model in (VirtualMachine, Application, ApplicationShare, Dependency, Project, Milestone):
    admin.site.register(model, SimpleHistoryAdmin)
