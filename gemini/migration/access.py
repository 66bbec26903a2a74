"""Who sees what of the migration (built on gemini.core.access).

VIEW_MIGRATION (every role) shows progress figures only: counts per wave and phase, never a
name or an address. Identities are people, so they, their permissions, devices, statuses,
plans' placements and the export files need MANAGE_MIGRATION (the technical lead and the
programme office), scoped to the organisations it reaches.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gemini.core import access
from gemini.core.access import AnyUser, Permission
from gemini.migration import models as m


def identities_for(user: AnyUser) -> QuerySet[m.Identity]:
    return access.scoped(m.Identity.objects.all(), user, Permission.MANAGE_MIGRATION)


def devices_for(user: AnyUser) -> QuerySet[m.Device]:
    return m.Device.objects.filter(primary_user__in=identities_for(user)) | m.Device.objects.filter(
        primary_user__isnull=True
    )


def statuses_for(user: AnyUser) -> QuerySet[m.WorkloadStatus]:
    return m.WorkloadStatus.objects.filter(identity__in=identities_for(user))
