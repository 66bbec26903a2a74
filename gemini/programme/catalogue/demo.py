"""The demo's operating-model catalogue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gemini.core.demo import DemoContext
from gemini.core.models import Organisation
from gemini.programme.catalogue import services
from gemini.programme.models import Programme
from gemini.programme.models.catalogue import CostAllocation, OperatingModel

D = dt.date


# (slug, name, model, sole council, provider, cost split, current, target, change date)
SERVICES: tuple[tuple[Any, ...], ...] = (
    (
        "network",
        "Network",
        OperatingModel.SHARED,
        None,
        "ICT Shared Service",
        CostAllocation.EQUAL,
        "Shared network",
        "Each council its own, more flexible network",
        D(2027, 3, 31),
    ),
    (
        "data-centre",
        "Data centre and hosting",
        OperatingModel.SHARED,
        None,
        "ICT Shared Service",
        CostAllocation.EQUAL,
        "Shared on-premises data centre",
        "Each council on cloud infrastructure as a service",
        D(2027, 3, 31),
    ),
    (
        "security",
        "Security operations",
        OperatingModel.SHARED,
        None,
        "ICT Shared Service",
        CostAllocation.EQUAL,
        "Shared security",
        "Security Operations Centre and zero trust",
        None,
    ),
    (
        "m365",
        "Microsoft 365 tenancy",
        OperatingModel.SEPARATE,
        None,
        "Each council",
        CostAllocation.NONE,
        "One shared 'Our Cheshire' tenant",
        "CEC in the existing tenant; CWaC in the new 'Cheshire West' tenant",
        D(2024, 11, 29),
    ),
    (
        "service-desk",
        "Service desk",
        OperatingModel.SEPARATE,
        None,
        "Each council",
        CostAllocation.NONE,
        "Shared service desk",
        "One per council",
        D(2025, 4, 1),
    ),
    (
        "devices",
        "End-user devices",
        OperatingModel.SEPARATE,
        None,
        "Each council",
        CostAllocation.NONE,
        "Shared",
        "One per council",
        D(2025, 4, 1),
    ),
    (
        "applications",
        "Application support",
        OperatingModel.SEPARATE,
        None,
        "Each council",
        CostAllocation.NONE,
        "Shared",
        "One per council",
        D(2025, 4, 1),
    ),
    (
        "digital",
        "Digital and development",
        OperatingModel.SEPARATE,
        None,
        "Each council",
        CostAllocation.NONE,
        "Shared",
        "One per council",
        D(2025, 4, 1),
    ),
    (
        "projects",
        "Project delivery",
        OperatingModel.SEPARATE,
        None,
        "Each council",
        CostAllocation.NONE,
        "Shared (commissioned hours)",
        "One per council",
        D(2025, 4, 1),
    ),
)


def load(programme: Programme, context: DemoContext) -> None:
    """The operating-model catalogue and each service's owner in each council."""
    organisations = {o.code: o for o in Organisation.objects.all()}
    councils = [o for o in organisations.values() if o.kind == Organisation.Kind.COUNCIL]
    for order, row in enumerate(SERVICES[: context.scaled(len(SERVICES), 5)], start=1):
        slug, name, model, sole, provider, split, current, target, change = row
        service, outcome = services.save_service(
            programme,
            slug,
            {
                "name": name,
                "order": order,
                "model": model,
                "sole_organisation": organisations[sole] if sole else None,
                "provider": provider,
                "cost_allocation": split,
                "current_state": current,
                "target_state": target,
                "change_date": change,
            },
        )
        context.record(outcome)
        for council in councils:
            shared = model == OperatingModel.SHARED
            _, outcome = services.save_service_owner(
                service,
                council,
                f"{council.code} Director of Digital" if shared else f"{council.code} Head of ICT",
                "ICT Shared Service desk" if shared else f"{council.code} ICT service desk",
                provider if shared else f"{council.code} ICT",
            )
            context.record(outcome)
