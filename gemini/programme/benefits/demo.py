"""The demo's benefits, from the seed report's benefits table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gemini.core.demo import DemoContext
from gemini.core.models import Organisation
from gemini.programme.benefits import services
from gemini.programme.models import Benefit, Programme

D = dt.date


NON_FINANCIAL = "Non-financial"


def benefit_rows() -> tuple[dict[str, Any], ...]:
    zero = Decimal("0")
    return (
        {
            "reference": "B1",
            "title": "Increased flexibility, agility and sovereignty for each Council",
            "description": "Councils will have separate tenancies and greater "
            "flexibility to put in place the capabilities that will benefit their individual "
            "service needs and can flex the ICT model to their council's and community's needs.",
            "category": NON_FINANCIAL,
            "quantitative": True,
            "measure": "% of CWaC users and devices in the Cheshire West tenant",
            "baseline": zero,
            "target": Decimal("100"),
            "measured": (D(2025, 1, 31), Decimal("100")),
        },
        {
            "reference": "B2",
            "title": "Reduced overall cost of ICT Service",
            "description": "Reduce the overall cost model (defined at 2021/22) by £2.67m by "
            "year 3 (2025/26): £1.2m Cheshire West and Chester, £1.47m Cheshire East.",
            "category": "Financial",
            "financial": True,
            "cash_releasing": True,
            "quantitative": True,
            "measure": "Annual reduction against the 2021/22 cost model (£)",
            "baseline": zero,
            "target": Decimal("2670000.00"),
            "full_year_value": Decimal("2670000.00"),
            "profile": (
                ("CWAC", "2025/26", Decimal("1200000.00")),
                ("CEC", "2025/26", Decimal("1470000.00")),
            ),
        },
        {
            "reference": "B3",
            "title": "Productivity",
            "description": "A greater ICT presence "
            "working directly with services on how technology adds value to their business "
            "processes, supporting training and adoption.",
            "category": NON_FINANCIAL,
            "quantitative": False,
        },
        {
            "reference": "B4",
            "title": "Managing demand",
            "description": "Key capabilities and "
            "user self-service through each council's own networks (Bright Sparks and Tech "
            "Champs) to manage the demands on ICT.",
            "category": NON_FINANCIAL,
            "quantitative": False,
        },
        {
            "reference": "B5",
            "title": "User benefits",
            "description": "Fewer hand-offs, clearer "
            "accountability and understanding of who is responsible for what, and quicker "
            "resolution of issues and requests.",
            "category": NON_FINANCIAL,
            "quantitative": False,
        },
        {
            "reference": "B6",
            "title": "Simplification",
            "description": "Accelerate plans to "
            "rationalise the number of applications and decommission redundant legacy "
            "applications.",
            "category": "Not stated in the seed",
            "quantitative": False,
        },
        {
            "reference": "B7",
            "title": "ICT employee benefits",
            "description": "Wellbeing at the "
            "centre of staff development; stability, removing complexity and uncertainty in role "
            "and structure; modern technology attracts ICT talent.",
            "category": NON_FINANCIAL,
            "quantitative": False,
        },
    )


def load(programme: Programme, context: DemoContext) -> None:
    """The benefits, their profiles by council and year, and their measurements."""
    organisations = {o.code: o for o in Organisation.objects.all()}
    for entry in benefit_rows():
        values = {
            key: value
            for key, value in entry.items()
            if key not in {"reference", "measured", "profile"}
        }
        values.setdefault("kind", Benefit.Kind.BENEFIT)
        values.setdefault("owner_organisation", None)
        values.setdefault("owner", "Director of Digital")
        benefit, outcome = services.save_benefit(programme, entry["reference"], values)
        context.record(outcome)
        for code, year, amount in entry.get("profile", ()):
            _, outcome = services.save_benefit_profile(benefit, organisations[code], year, amount)
            context.record(outcome)
        if "measured" in entry:
            date, value = entry["measured"]
            _, outcome = services.record_measurement(benefit, date, value)
            context.record(outcome)
