"""The demo's decisions, from the seed report."""

from __future__ import annotations

import datetime as dt

from gemini.core.demo import DemoContext
from gemini.programme.governance import services
from gemini.programme.models import Programme

D = dt.date


DECISIONS: tuple[tuple[str, str, str, D, str, str], ...] = (
    (
        "SSJC 26/01/2023",
        "Recommend a hybrid model for ICT",
        "Shared Services Joint Committee",
        D(2023, 1, 26),
        "That the constituent councils proceed with a hybrid model for ICT.",
        "Recommended to both councils.",
    ),
    (
        "CWaC Cabinet 08/02/2023",
        "Move to a hybrid model for ICT",
        "CWaC Cabinet",
        D(2023, 2, 8),
        "Agree the move to a new hybrid model for ICT services.",
        "Agreed.",
    ),
    (
        "CPC 09/02/2023",
        "Move to a hybrid model for ICT",
        "CEC Corporate Policy Committee",
        D(2023, 2, 9),
        "Agree the move to a new hybrid model for ICT services; the SSJC oversees the transition; "
        "a joint scrutiny task and finish group gives member oversight.",
        "Agreed; one-off investment of £5.1m (£2.55m per council) approved.",
    ),
    (
        "PB 29/02/2024",
        "End-to-end HR approach approved",
        "Gemini Programme Board",
        D(2024, 2, 29),
        "Approve the HR plan to transition ICTSS staff to the new service designs.",
        "Approved.",
    ),
    (
        "PB 31/01/2025",
        "Phase 2 Programme Definition Document approved",
        "Gemini Programme Board",
        D(2025, 1, 31),
        "Approve the Phase 2 Programme Definition Document.",
        "Approved.",
    ),
    (
        "CPC/52/24-25 R1",
        "Note the progress of the programme",
        "CEC Corporate Policy Committee",
        D(2025, 2, 6),
        "To note the progress made by the programme in delivering the new hybrid model for ICT.",
        "",
    ),
    (
        "CPC/52/24-25 R2",
        "Move into formal consultation",
        "CEC Corporate Policy Committee",
        D(2025, 2, 6),
        "To approve that the programme moves into formal consultation with trade unions and staff "
        "on the disaggregation process and proposed new structure for CEC.",
        "",
    ),
    (
        "CPC/52/24-25 R3",
        "Delegate implementation of the revised structure",
        "CEC Corporate Policy Committee",
        D(2025, 2, 6),
        "To delegate authority to Executive Director of Resources and S151 Officer to implement "
        "the revised structure following consultation.",
        "",
    ),
    (
        "CPC/52/24-25 R4",
        "Note the potential financial impact",
        "CEC Corporate Policy Committee",
        D(2025, 2, 6),
        "To note the potential financial impact of the new service designs and the existing "
        "commitment to a shared liability for all costs.",
        "",
    ),
)


def load(programme: Programme, context: DemoContext) -> None:
    """The decisions (the small demo keeps the latest five), each at its body's meeting."""
    bodies = {body.name: body for body in programme.bodies.all()}
    decisions = DECISIONS[-context.scaled(len(DECISIONS), 5) :]
    for reference, title, body_name, date, recommendations, resolution in decisions:
        body = bodies[body_name]
        _, outcome = services.save_decision(
            programme,
            reference,
            {
                "title": title,
                "body": body,
                "meeting": body.meetings.filter(date=date).first(),
                "date": date,
                "recommendations": recommendations,
                "resolution": resolution,
            },
        )
        context.record(outcome)
