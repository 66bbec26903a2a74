"""The programme part of 'gemini demo', from the seed report (CPC/52/24-25, 6 February 2025):
the workstreams and governance, then each subject's registers (its data is in its own demo.py)."""

from __future__ import annotations

import datetime as dt

from gemini.core.demo import DemoContext
from gemini.core.models import ExemptParagraph, Organisation, User
from gemini.programme.benefits import demo as benefits_demo
from gemini.programme.catalogue import demo as catalogue_demo
from gemini.programme.governance import demo as governance_demo
from gemini.programme.governance import services as governance_services
from gemini.programme.models import GovernanceBody, Programme
from gemini.programme.risks import demo as risks_demo
from gemini.programme.status import demo as status_demo
from gemini.programme.status import services as status_services

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
    """Everything after the governance bodies, subject by subject: statuses and milestones,
    risks and issues, decisions, benefits, the catalogue."""
    for subject in (status_demo, risks_demo, governance_demo, benefits_demo, catalogue_demo):
        subject.load(programme, context)
