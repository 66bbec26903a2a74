"""The programme part of 'gemini demo', from the seed report (CPC/52/24-25, 6 February 2025):
the workstreams and governance, then each subject's registers (its data is in its own demo.py)."""

from __future__ import annotations

import datetime as dt

from gemini.core.demo import DemoContext
from gemini.core.models import Confidentiality, ExemptParagraph, Organisation, User
from gemini.programme import engine
from gemini.programme.benefits import services as benefits_services
from gemini.programme.benefits.demo import benefit_rows
from gemini.programme.catalogue import services as catalogue_services
from gemini.programme.catalogue.demo import SERVICES
from gemini.programme.governance import services as governance_services
from gemini.programme.governance.demo import DECISIONS
from gemini.programme.models import Benefit, GovernanceBody, Issue, Milestone, Programme, Risk
from gemini.programme.models.catalogue import OperatingModel
from gemini.programme.risks import services as risks_services
from gemini.programme.risks.demo import ACTIONS, ASSUMPTIONS, RISKS
from gemini.programme.status import services as status_services
from gemini.programme.status.demo import MILESTONES, OVERALL, STATUS

D = dt.date


WORKSTREAMS = (
    (
        "technical",
        "Technical",
        "Design, build and transfer of users to a new Microsoft 365 tenancy for Cheshire West and "
        "Chester; Cheshire East stays in the existing tenant.",
    ),
    (
        "workforce",
        "Workforce",
        "The HR approach that moves ICT Shared Service staff into both councils' new service "
        "designs, with trade union and staff consultation.",
    ),
    (
        "finance",
        "Finance",
        "The money of the transition: the shared liability, the savings, project income and the "
        "shared service's budget.",
    ),
    (
        "phase-2",
        "Phase 2 – shared data centre and network",
        "Moving each council's hosting to cloud infrastructure and leaving the shared on-premises "
        "data centre and network model by 2027.",
    ),
)


BODIES = (
    (
        "Gemini Programme Board",
        "Programme Board",
        GovernanceBody.Kind.BOARD,
        None,
        "Runs the programme; approved the HR approach (February 2024) and the Phase 2 Programme "
        "Definition Document.",
    ),
    (
        "Business Design Authority",
        "BDA",
        GovernanceBody.Kind.DESIGN_AUTHORITY,
        None,
        "Reviews designs, including the Phase 2 Programme Brief and Preparation Plan.",
    ),
    (
        "Shared Services Joint Committee",
        "SSJC",
        GovernanceBody.Kind.JOINT_COMMITTEE,
        None,
        "Oversees the transition and the retained shared service.",
    ),
    (
        "Joint scrutiny task and finish group",
        "Scrutiny group",
        GovernanceBody.Kind.SCRUTINY,
        None,
        "Member oversight from both councils throughout the transition.",
    ),
    (
        "CEC Corporate Policy Committee",
        "CPC",
        GovernanceBody.Kind.COMMITTEE,
        "CEC",
        "Cheshire East's decision-making committee for the programme.",
    ),
    (
        "CWaC Cabinet",
        "Cabinet",
        GovernanceBody.Kind.CABINET,
        "CWAC",
        "Cheshire West and Chester's decision-making body for the programme.",
    ),
)


MEETINGS = (
    (
        "Shared Services Joint Committee",
        dt.date(2023, 1, 26),
        "Recommended that the councils proceed with a hybrid model for ICT",
    ),
    ("CWaC Cabinet", dt.date(2023, 2, 8), "Agreed the move to a hybrid model for ICT"),
    (
        "CEC Corporate Policy Committee",
        dt.date(2023, 2, 9),
        "Agreed the move to a hybrid model for ICT",
    ),
    # The seed gives the month only; the demo uses the month's last working day.
    ("Gemini Programme Board", dt.date(2024, 2, 29), "Approved the end-to-end HR approach"),
    (
        "Gemini Programme Board",
        dt.date(2025, 1, 31),
        "Approved the Phase 2 Programme Definition Document",
    ),
    (
        "CEC Corporate Policy Committee",
        dt.date(2025, 2, 6),
        "ICT Shared Service – Hybrid Operating Model Update",
    ),
)


def load_programme(context: DemoContext) -> None:
    ictss = Organisation.objects.get(code="ICTSS")
    programme, outcome = status_services.save_programme(
        "Gemini",
        "gemini",
        ictss,
        "The new hybrid model for ICT Shared Services: a shared network, data centre, hosting "
        "and security, and one ICT function for each council for everything else.",
    )
    context.record(outcome)
    # The demo's workstream lead (core.demo) leads Technical: recorded by name as well as
    # given the right to update it, so the workstream page names its lead.
    lead = User.objects.get(email="lead@gemini.test")
    lead_names = {"technical": str(lead)}
    for order, (slug, name, purpose) in enumerate(WORKSTREAMS, start=1):
        _, outcome = status_services.save_workstream(
            programme, slug, name, order, purpose, lead_names.get(slug, "")
        )
        context.record(outcome)
    technical = programme.workstreams.get(slug="technical")
    if not technical.leads.filter(pk=lead.pk).exists():
        status_services.add_workstream_lead(technical, lead)
        context.record("updated")
    for order, (name, short, kind, code, role) in enumerate(BODIES, start=1):
        organisation = Organisation.objects.get(code=code) if code else None
        _, outcome = governance_services.save_body(
            programme, name, short, kind, order, organisation, role
        )
        context.record(outcome)
    for body_name, date, title in MEETINGS:
        body = programme.bodies.get(name=body_name)
        _, outcome = governance_services.save_meeting(body, date, title)
        context.record(outcome)
    cpc = programme.bodies.get(name="CEC Corporate Policy Committee").meetings.get(
        date=dt.date(2025, 2, 6)
    )
    _, outcome = governance_services.save_paper(
        cpc,
        "ICT Shared Service – Hybrid Operating Model Update",
        "CPC/52/24-25",
        "Progress with the hybrid model; approval to move into formal consultation with trade "
        "unions and staff.",
    )
    context.record(outcome)
    appendix, outcome = governance_services.save_paper(
        cpc,
        "Appendix 1: Part 2 legal implications for Gemini CPC report",
        "CPC/52/24-25 App 1",
        "Legal implications of the proposals (exempt: not for publication).",
        exempt_paragraph=ExemptParagraph.LEGAL_PRIVILEGE,
        public_interest_reason=(
            "Legal advice to the Council on the proposals; the public interest in maintaining "
            "legal professional privilege outweighs the public interest in disclosure."
        ),
    )
    context.record(outcome)
    paper = cpc.papers.get(reference="CPC/52/24-25")
    for order, (title, item_paper) in enumerate(
        (
            ("ICT Shared Service – Hybrid Operating Model Update (CPC/52/24-25)", paper),
            ("Appendix 1: Part 2 legal implications (exempt, paragraph 5)", appendix),
        ),
        start=1,
    ):
        _, outcome = governance_services.save_agenda_item(cpc, order, title, item_paper)
        context.record(outcome)
    load_registers(programme, context)


def load_registers(programme: Programme, context: DemoContext) -> None:
    """Everything after the governance bodies: statuses, registers, benefits, catalogue."""
    workstreams = {ws.slug: ws for ws in programme.workstreams.all()}
    # The small demo (tests) keeps every category but less history and fewer services.
    status_rows = [row for row in STATUS if not context.small or row[1] >= D(2024, 10, 31)]
    for slug, date, rating, narrative, achievements, next_steps in status_rows:
        _, outcome = status_services.save_status_update(
            workstreams[slug], date, rating, narrative, achievements, next_steps
        )
        context.record(outcome)
    for date, rating, reason in OVERALL:
        _, outcome = status_services.record_overall_status(programme, date, rating, reason)
        context.record(outcome)

    _, outcome = risks_services.save_risk_matrix(
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
        milestones[reference], outcome = status_services.save_milestone(
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
        risks[reference], outcome = risks_services.save_risk(
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
        _, outcome = risks_services.save_risk_action(
            risks[reference], description, owner, due, completed
        )
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
        _, outcome = risks_services.save_issue(programme, reference, values)
        context.record(outcome)

    bodies = {body.name: body for body in programme.bodies.all()}
    decisions = DECISIONS[-context.scaled(len(DECISIONS), 5) :]
    for reference, title, body_name, date, recommendations, resolution in decisions:
        body = bodies[body_name]
        _, outcome = governance_services.save_decision(
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
        _, outcome = risks_services.save_assumption(
            programme, reference, description, "", workstreams[slug], validated
        )
        context.record(outcome)

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
        benefit, outcome = benefits_services.save_benefit(programme, entry["reference"], values)
        context.record(outcome)
        for code, year, amount in entry.get("profile", ()):
            _, outcome = benefits_services.save_benefit_profile(
                benefit, organisations[code], year, amount
            )
            context.record(outcome)
        if "measured" in entry:
            date, value = entry["measured"]
            _, outcome = benefits_services.record_measurement(benefit, date, value)
            context.record(outcome)

    councils = [o for o in organisations.values() if o.kind == Organisation.Kind.COUNCIL]
    for order, row in enumerate(SERVICES[: context.scaled(len(SERVICES), 5)], start=1):
        slug, name, model, sole, provider, split, current, target, change = row
        service, outcome = catalogue_services.save_service(
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
            _, outcome = catalogue_services.save_service_owner(
                service,
                council,
                f"{council.code} Director of Digital" if shared else f"{council.code} Head of ICT",
                "ICT Shared Service desk" if shared else f"{council.code} ICT service desk",
                provider if shared else f"{council.code} ICT",
            )
            context.record(outcome)
