"""The demo's risks, their actions and the assumptions, from the seed report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gemini.core.demo import DemoContext
from gemini.core.models import Confidentiality, ExemptParagraph
from gemini.programme import engine
from gemini.programme.models import Issue, Programme, Risk
from gemini.programme.risks import services

D = dt.date


# (reference, title, workstream, cause, event, effect, category, owner,
#  inherent, current, target (likelihood, impact), response, review, status, exempt paragraph)
RISKS: tuple[tuple[Any, ...], ...] = (
    (
        "R01",
        "Workforce slippage on job description questionnaires",
        "workforce",
        "Historic issues with CEC job descriptions and JDQ evaluation in both councils",
        "JDQ development and evaluation slips",
        "formal consultation and the April 2025 capability date slip",
        "Workforce",
        "Workforce workstream lead",
        (4, 4),
        (2, 4),
        (1, 3),
        Risk.Status.OPEN,
        None,
    ),
    (
        "R02",
        "No finance workstream lead",
        "finance",
        "The finance workstream lead leaves and recruitment is protracted",
        "the programme has no dedicated financial management",
        "costs and savings are not tracked and decisions are delayed",
        "Finance",
        "Section 151 Officer",
        (3, 4),
        (3, 4),
        (1, 3),
        Risk.Status.OCCURRED,
        None,
    ),
    (
        "R03",
        "Reliance on £3.6m project income",
        "finance",
        "The balanced forecast assumes £3.6m project income from 57,000 commissioned hours",
        "fewer hours are commissioned",
        "an in-year budget pressure for the shared service",
        "Finance",
        "Finance workstream lead",
        (4, 4),
        (3, 4),
        (2, 3),
        Risk.Status.OPEN,
        None,
    ),
    (
        "R04",
        "End-of-life hosting environment",
        "phase-2",
        "The on-premises hosting environment reaches end of life with contract end dates",
        "virtual machines are not migrated before the contracts end",
        "unsupported hosting and service outages",
        "Technical",
        "Phase 2 lead",
        (4, 5),
        (3, 5),
        (2, 3),
        Risk.Status.OPEN,
        None,
    ),
    (
        "R05",
        "VPN contract end date",
        "phase-2",
        "The VPN contract has a fixed end date",
        "the replacement VPN is not in place in time",
        "remote working is disrupted",
        "Technical",
        "Phase 2 lead",
        (4, 4),
        (3, 4),
        (1, 4),
        Risk.Status.OPEN,
        None,
    ),
    (
        "R06",
        "Staff uncertainty and retention",
        "workforce",
        "A long period of change to roles and structures",
        "staff leave or morale falls",
        "loss of skills and risk to service delivery",
        "Workforce",
        "Workforce workstream lead",
        (4, 4),
        (3, 4),
        (2, 3),
        Risk.Status.OPEN,
        None,
    ),
    (
        "R07",
        "Delays to consultation prerequisites",
        "workforce",
        "Consultation needs confirmed job descriptions, evaluated JDQs and organised groupings",
        "a prerequisite is not ready",
        "formal consultation starts late",
        "Workforce",
        "Workforce workstream lead",
        (4, 4),
        (2, 3),
        (1, 3),
        Risk.Status.OPEN,
        None,
    ),
    (
        "R08",
        "Dispute with trade unions over the restructure",
        "workforce",
        "Material changes to roles in the new service designs",
        "negotiations with the trade unions fail",
        "a dispute delays the restructure",
        "Workforce",
        "Executive Director of Resources",
        (3, 4),
        (2, 4),
        (1, 4),
        Risk.Status.OPEN,
        ExemptParagraph.LABOUR_RELATIONS,
    ),
)


# (risk, description, owner, due, completed)
ACTIONS = (
    (
        "R01",
        "Moderate summary job profiles with service managers",
        "CEC Business Lead",
        D(2024, 12, 20),
        D(2024, 12, 20),
    ),
    (
        "R03",
        "Reduce agency staff if commissioned hours fall",
        "Finance workstream lead",
        D(2025, 3, 31),
        None,
    ),
    (
        "R04",
        "Migrate virtual machines off the end-of-life hosting environment",
        "Phase 2 lead",
        D(2025, 12, 31),
        None,
    ),
    ("R05", "Procure and deploy the replacement VPN", "Phase 2 lead", D(2025, 6, 30), None),
    ("R06", "Agree retention measures with HR", "Workforce workstream lead", D(2025, 1, 31), None),
)


ASSUMPTIONS = (
    (
        "A01",
        "57,000 project hours are commissioned and delivered this year (£3.6m income).",
        "finance",
        False,
    ),
    (
        "A02",
        "There are more jobs in the new service designs of both councils than staff.",
        "workforce",
        True,
    ),
    (
        "A03",
        "The one-off investment of £5.1m is shared 50:50 between the councils.",
        "finance",
        True,
    ),
)


def load(programme: Programme, context: DemoContext) -> None:
    """The risk matrix, the risks and their actions, the issues and the assumptions."""
    workstreams = {ws.slug: ws for ws in programme.workstreams.all()}
    _, outcome = services.save_risk_matrix(
        programme,
        5,
        engine.DEFAULT_BANDS,
        appetite=12,
        likelihood_labels=("Rare", "Unlikely", "Possible", "Likely", "Almost certain"),
        impact_labels=("Negligible", "Minor", "Moderate", "Major", "Severe"),
    )
    context.record(outcome)

    risks: dict[str, Risk] = {}
    for row in RISKS:
        (
            reference,
            title,
            slug,
            cause,
            event,
            effect,
            category,
            owner,
            inherent,
            current,
            target,
            status,
            paragraph,
        ) = row
        risks[reference], outcome = services.save_risk(
            programme,
            reference,
            {
                "title": title,
                "workstream": workstreams[slug],
                "cause": cause,
                "event": event,
                "effect": effect,
                "category": category,
                "owner": owner,
                "inherent_likelihood": inherent[0],
                "inherent_impact": inherent[1],
                "current_likelihood": current[0],
                "current_impact": current[1],
                "target_likelihood": target[0],
                "target_impact": target[1],
                "review_date": D(2025, 3, 31),
                "status": status,
                "confidentiality": Confidentiality.EXEMPT if paragraph else Confidentiality.PUBLIC,
                "exempt_paragraph": paragraph,
                "public_interest_reason": (
                    "Information on negotiations with trade unions about the restructure; "
                    "disclosure during negotiations would prejudice them."
                    if paragraph
                    else ""
                ),
            },
        )
        context.record(outcome)
    for reference, description, owner, due, completed in ACTIONS:
        _, outcome = services.save_risk_action(risks[reference], description, owner, due, completed)
        context.record(outcome)

    board = programme.bodies.get(short_name="Programme Board")
    for reference, values in (
        (
            "I01",
            {
                "title": "Finance workstream lead vacancy",
                "description": "The finance workstream lead left the programme in March 2024, "
                "leaving a crucial gap in financial management; recruitment was protracted and "
                "temporary support from the CWaC finance team was not available.",
                "workstream": workstreams["finance"],
                "priority": Issue.Priority.HIGH,
                "owner": "Section 151 Officer",
                "raised_date": D(2024, 3, 28),
                "resolved_date": D(2024, 8, 30),
                "resolution": "An agency member of staff was secured with the CWaC finance team "
                "in August 2024 and has started work on the programme.",
                "escalated_to": board,
                "risk": risks["R02"],
            },
        ),
        (
            "I02",
            {
                "title": "Delays to the prerequisites for formal consultation",
                "description": "Dependencies on JDQ development and evaluation in both councils "
                "and historic CEC job description issues delayed formal consultation.",
                "workstream": workstreams["workforce"],
                "priority": Issue.Priority.HIGH,
                "owner": "Workforce workstream lead",
                "raised_date": D(2024, 6, 28),
                "resolved_date": D(2025, 1, 31),
                "resolution": "JDQs completed and evaluated; summary job profiles confirmed; "
                "additional resources in place to prevent further slippage.",
                "escalated_to": board,
            },
        ),
    ):
        _, outcome = services.save_issue(programme, reference, values)
        context.record(outcome)

    for reference, description, slug, validated in ASSUMPTIONS:
        _, outcome = services.save_assumption(
            programme, reference, description, "", workstreams[slug], validated
        )
        context.record(outcome)
