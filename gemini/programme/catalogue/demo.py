"""The demo's operating-model catalogue."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
