"""The demo's registers, from the seed report (CPC/52/24-25, 6 February 2025): status history,
milestones, risks and issues, decisions, assumptions, benefits and the operating-model
catalogue. Where the seed gives a month but no day, the month's last working day is used;
scores are plausible, not from the seed (it says only that the register is "fully scored").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gemini.core.demo import DemoContext
from gemini.core.models import Confidentiality, ExemptParagraph, Organisation
from gemini.programme import engine, services
from gemini.programme.catalogue import CostAllocation, OperatingModel
from gemini.programme.models import Benefit, Issue, Milestone, Programme, Risk

D = dt.date

OVERALL_REASON = (
    "Amber overall, reflecting the risks and issues associated with the workforce and finance "
    "workstreams: they caused a delay and affected time and resources. Both are now being "
    "managed effectively and the programme remains within programme tolerance."
)

# (workstream slug, date, rating, narrative, achievements, next steps)
STATUS = (
    (
        "technical",
        D(2024, 4, 30),
        "Green",
        "Tenant design and build complete as planned.",
        "Cheshire West tenant created.",
        "Phase 1 migration (data).",
    ),
    ("technical", D(2024, 7, 31), "Green", "Phase 1 migration of data under way.", "", ""),
    ("technical", D(2024, 10, 31), "Green", "Phase 2 migration of accounts and devices.", "", ""),
    (
        "technical",
        D(2025, 1, 31),
        "Green",
        "New Cheshire West tenant created; over 3,000 users and devices migrated, 100% complete. "
        "CEC tidy-up and modernisation under way; final domain migration complete.",
        "Migration of 3,000+ users and devices complete.",
        "Modernise the CEC environment.",
    ),
    (
        "workforce",
        D(2024, 4, 30),
        "Green",
        "HR plan approved by Programme Board (February 2024).",
        "",
        "",
    ),
    (
        "workforce",
        D(2024, 7, 31),
        "Amber",
        "Delays to the prerequisites for formal consultation (JDQ development and evaluation).",
        "",
        "",
    ),
    ("workforce", D(2024, 10, 31), "Amber", "JDQ evaluation continuing in both councils.", "", ""),
    (
        "workforce",
        D(2025, 1, 31),
        "Amber",
        "JDQs developed and evaluated; formal consultation planned for February 2025 after the "
        "JDQ delays.",
        "JDQs evaluated (NW Employers and internal HR); summary job profiles moderated.",
        "Launch formal consultation with trade unions and staff (February 2025).",
    ),
    (
        "finance",
        D(2024, 4, 30),
        "Amber",
        "The finance workstream lead left in March 2024; recruitment under way.",
        "",
        "",
    ),
    ("finance", D(2024, 7, 31), "Amber", "Finance lead post still vacant.", "", ""),
    (
        "finance",
        D(2024, 10, 31),
        "Amber",
        "Agency finance support in place since August 2024 (with the CWaC finance team).",
        "",
        "",
    ),
    (
        "finance",
        D(2025, 1, 31),
        "Amber",
        "Balanced (net nil) forecast at quarter 3, reliant on £3.6m project income from 57,000 "
        "commissioned hours; agency roles down over 25% this financial year.",
        "Agency roles reduced by over 25%.",
        "Watch commissioned hours; cut agency staff if they fall.",
    ),
    (
        "phase-2",
        D(2024, 10, 31),
        "Green",
        "Review concluded: leave the shared data centre and network model by 2027.",
        "",
        "",
    ),
    (
        "phase-2",
        D(2025, 1, 31),
        "Green",
        "Preparation work complete: Programme Brief and Preparation Plan reviewed by the BDA; "
        "Programme Definition Document approved by Programme Board.",
        "Mobilisation projects started: VM migration off end-of-life hosting, VPN replacement, "
        "Security Operations Centre, zero trust.",
        "Business case through decision-making bodies.",
    ),
)

OVERALL = (
    (D(2024, 4, 30), "Amber", "Finance workstream lead vacancy (issue I01)."),
    (D(2024, 10, 31), "Amber", "Workforce consultation prerequisites delayed; finance lead gap."),
    (D(2025, 2, 6), "Amber", OVERALL_REASON),
)

# (reference, title, workstream, baseline, forecast, actual, predecessors)
MILESTONES: tuple[tuple[str, str, str | None, D, D | None, D | None, tuple[str, ...]], ...] = (
    ("M01", "SSJC recommends the hybrid model", None, D(2023, 1, 26), None, D(2023, 1, 26), ()),
    (
        "M02",
        "CWaC Cabinet agrees the hybrid model",
        None,
        D(2023, 2, 8),
        None,
        D(2023, 2, 8),
        ("M01",),
    ),
    ("M03", "CPC agrees the hybrid model", None, D(2023, 2, 9), None, D(2023, 2, 9), ("M01",)),
    ("M04", "Mobilisation workshop", None, D(2023, 2, 28), None, D(2023, 2, 28), ("M02", "M03")),
    (
        "M05",
        "HR plan approved by Programme Board",
        "workforce",
        D(2024, 2, 29),
        None,
        D(2024, 2, 29),
        ("M04",),
    ),
    (
        "M06",
        "Tenant migration phase 1 (data) complete",
        "technical",
        D(2024, 6, 28),
        None,
        D(2024, 6, 28),
        ("M04",),
    ),
    (
        "M07",
        "Tenant migration phase 2 (accounts and devices) complete",
        "technical",
        D(2024, 11, 29),
        None,
        D(2024, 11, 29),
        ("M06",),
    ),
    (
        "M08",
        "Formal consultation with trade unions and staff begins",
        "workforce",
        D(2024, 9, 30),
        D(2025, 2, 28),
        None,
        ("M05",),
    ),
    (
        "M09",
        "Required capabilities in place in both councils",
        None,
        D(2025, 4, 1),
        D(2025, 4, 1),
        None,
        ("M08",),
    ),
    (
        "M10",
        "Exit from the shared data centre and network model",
        "phase-2",
        D(2027, 3, 31),
        D(2027, 3, 31),
        None,
        (),
    ),
)

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

NON_FINANCIAL = "Non-financial"


def _benefits() -> tuple[dict[str, Any], ...]:
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


def load_registers(programme: Programme, context: DemoContext) -> None:
    """Everything after the governance bodies: statuses, registers, benefits, catalogue."""
    workstreams = {ws.slug: ws for ws in programme.workstreams.all()}
    # The small demo (tests) keeps every category but less history and fewer services.
    status_rows = [row for row in STATUS if not context.small or row[1] >= D(2024, 10, 31)]
    for slug, date, rating, narrative, achievements, next_steps in status_rows:
        _, outcome = services.save_status_update(
            workstreams[slug], date, rating, narrative, achievements, next_steps
        )
        context.record(outcome)
    for date, rating, reason in OVERALL:
        _, outcome = services.record_overall_status(programme, date, rating, reason)
        context.record(outcome)

    _, outcome = services.save_risk_matrix(
        programme,
        5,
        engine.DEFAULT_BANDS,
        appetite=12,
        likelihood_labels=("Rare", "Unlikely", "Possible", "Likely", "Almost certain"),
        impact_labels=("Negligible", "Minor", "Moderate", "Major", "Severe"),
    )
    context.record(outcome)

    def _milestone_status(baseline: D, forecast: D | None, actual: D | None) -> str:
        """Complete once done; at risk when the forecast is over a month past the baseline
        (as a report's check before issue reads it); else on track."""
        if actual:
            return Milestone.Status.COMPLETE
        if forecast and baseline and (forecast - baseline).days > 30:
            return Milestone.Status.AT_RISK
        return Milestone.Status.ON_TRACK

    milestones: dict[str, Milestone] = {}
    for reference, title, ws_slug, baseline, forecast, actual, predecessors in MILESTONES:
        milestones[reference], outcome = services.save_milestone(
            programme,
            reference,
            {
                "title": title,
                "workstream": workstreams[ws_slug] if ws_slug else None,
                "baseline_date": baseline,
                "forecast_date": forecast,
                "actual_date": actual,
                "status": _milestone_status(baseline, forecast, actual),
            },
            predecessors=[milestones[p] for p in predecessors],
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
    for reference, description, slug, validated in ASSUMPTIONS:
        _, outcome = services.save_assumption(
            programme, reference, description, "", workstreams[slug], validated
        )
        context.record(outcome)

    organisations = {o.code: o for o in Organisation.objects.all()}
    for entry in _benefits():
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
