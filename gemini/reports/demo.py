"""The reports part of `gemini demo`: the Corporate Policy Committee report of 6 February 2025
(CPC/52/24-25), as the seed report is.

The narrative below is the seed's own prose with the facts and figures taken out: Gemini writes
those from the demo data (overall status and reason, the migration figures, posts and staff,
agency roles, the forecast, project income and hours, the one-off investment, the savings, the
contract saving, the benefits table, the top risks). Officers are named by their role, not
their name, so the demo holds no one's personal data. The report is issued on 29 January 2025
(five clear days before the meeting, s100B), so its snapshot and files are frozen. The small
demo (the test suite's) leaves it a draft, because issuing draws four documents; tests that
need an issued report issue it (`issue_demo_report`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gemini.core.demo import DemoContext
from gemini.core.models import User
from gemini.programme.models import Meeting
from gemini.reports import services
from gemini.reports.models import CommitteeReport

MEETING = ("CPC", dt.date(2025, 2, 6))
ISSUED = dt.datetime(2025, 1, 29, 12, 0, tzinfo=dt.UTC)

HEADER: dict[str, Any] = {
    "title": "ICT Shared Service – Hybrid Operating Model Update",
    "report_of": "Interim Executive Director of Resources",
    "reference": "CPC/52/24-25",
    "wards": "All",
    "purpose": CommitteeReport.Purpose.DECISION,
    "contact_name": "Director of Digital",
    "contact_details": "ictss.programme@example.com, 01632 960123",  # fictional
    "background_papers": "\n".join(
        (
            "Previous reports to the Corporate Policy Committee",
            "Agenda for Corporate Policy Committee on Thursday, 9th February 2023, 10.00 am",
            "Agenda for Corporate Policy Committee on Thursday, 6th October 2022, 10.00 am",
            "Previous reports to the Shared Services Joint Committee",
        )
    ),
    "part2_title": "Appendix 1: PART 2 LEGAL IMPLICATIONS FOR GEMINI CPC REPORT",
}

RECOMMENDATIONS = (
    "To note the progress made by the programme in delivering the new hybrid model for ICT.",
    "To approve that the programme moves into formal consultation with trade unions and staff "
    "on the disaggregation process and proposed new structure for CEC.",
    "To delegate authority to Executive Director of Resources and S151 Officer to implement the "
    "revised structure following consultation.",
    "To note the potential financial impact of the new service designs and the existing "
    "commitment to a shared liability for all costs.",
)

CORPORATE_PLAN = (
    "The new hybrid model for ICT Shared Services contributes to Aim 1 An open and enabling "
    "organisation particularly 1.3 Support for a sustainable financial future for the council, "
    "through service development, improvement and transformation strategic aims and objectives "
    "in the Council's Corporate Plan 2021-25. As a technology enabler, it also underpins a wide "
    "range of Corporate Plan initiatives. Digital technologies and artificial intelligence "
    "provide opportunities and drivers for change."
)

NARRATIVE = {
    "purpose": (
        "The purpose of this report is to update the Committee on progress with the "
        "mobilisation and designs for a new hybrid model for ICT Shared Services and to seek "
        "approval for the programme to proceed into formal trade union and staff consultation."
        f"\n\n{CORPORATE_PLAN}\n\n"
        "A new Cheshire East Plan for 2025 to 2029 to provide our residents, partners and the "
        "organisation with clarity of purpose and strategic direction aligned to a new "
        "operating model and MTFS has been developed and is on the agenda for this Committee."
    ),
    "executive_summary": (
        "The new hybrid model for ICT Shared Services (ICTSS) involves retaining a shared "
        "network and data centre, and the separation of other ICT technical and resourced "
        "functions that are currently shared.\n\n"
        "Approval was given at the February 2023 CPC meeting for the existing Shared Services "
        "Joint Committee (SSJC) to oversee progress with the transition alongside their current "
        "responsibilities through regular reports and agenda items. The SSJC will also play a "
        "key role, going forward, to oversee the delivery of retained shared service.\n\n"
        "A new Shared Services Agreement and Memorandum of Understanding (MOU) is currently "
        "being drafted to ensure delivery and performance.\n\n"
        "Strong Member oversight is provided through a joint Cheshire East/Cheshire West and "
        "Chester scrutiny task and finish group throughout the transition and delivery of the "
        "new hybrid model for ICTSS programme (known as the Gemini Programme).\n\n"
        "Both councils developed independent service designs tailored to their specific "
        "business requirements, aiming to have the required capabilities in place by April "
        "2025, instead of a 'two hop' approach that would have created more uncertainty and "
        "disruption for staff. A restructure process will be required prior to or at the same "
        "time as the disaggregation of staff to CWaC, which requires CPC approval due to the "
        "number of posts affected.\n\n"
        "Continuous informal engagement with Trade Union (TU) colleagues and staff has been "
        "maintained, with formal consultation planned for February 2025. The development and "
        "evaluation of Job Description Questionnaires (JDQs) have been completed."
    ),
    "background": (
        "Following comprehensive joint work by both organisations, on 26th January 2023 Shared "
        "Services Joint Committee recommended that their constituent councils proceed with a "
        "hybrid model for ICT. The recommendation was agreed at Cheshire East Council's "
        "Corporate Policy Committee on 9th February 2023, and Cheshire West and Chester Cabinet "
        "on 8th February 2023.\n\n"
        "This new model involves separating much of the ICT Shared Service and retaining a "
        "smaller shared service to support hosting, security, and networks. With a hybrid model "
        "there is a greater chance of the two councils fully aligning their ICT functions, "
        "while still securing economies of scale for shared infrastructure.\n\n"
        "As with all complex programmes, the effective management of risks and issues is "
        "vital. Over the summer months, delays relating to the prerequisites for commencing "
        "formal consultation and recruiting dedicated financial support impacted progress. "
        "Through established and effective governance, these issues are now resolved, and "
        "additional resources are in place to mitigate any further delays."
    ),
    "benefits": "Below outlines the benefits associated with the delivery of the Gemini Programme.",
    "workstream:technical": (
        "The focus of this workstream is the design, build and transfer of users to a new "
        "technical environment for Microsoft Office 365 for Cheshire West and Chester, known as "
        "a tenancy. Cheshire East will continue with their current tenancy, adopting the modern "
        "design principles in the current environment, which significantly reduced the "
        "business impact on Cheshire East users and the cost.\n\n"
        "Phase one of the migration transferred users' data; users were assigned a new email "
        "address, and emails will be automatically redirected from the previous address to the "
        "new one for the foreseeable future. Phase two migrated the users' network account and "
        "their device environment. This two-phased approach was recommended by the specialist "
        "technical partner and helped to reduce disruption to users.\n\n"
        "This was a visible change for most users in CWaC, so a comprehensive communications "
        "plan was in place, including a website, regular team briefings and Digital Pioneers "
        "across CWaC services.\n\n"
        "The tidy up of the CEC environment and modernisation work has commenced, and the final "
        "domain migration is complete."
    ),
    "workstream:workforce": (
        "Both councils have by agreement developed independent service designs, aimed at "
        "delivering capabilities that meet both current and future needs. There are material "
        "differences between the existing shared service structure and the new service "
        "designs.\n\n"
        "The Workforce workstream has taken a Human Resource (HR) approach to enable the "
        "transition of ICTSS staff to both councils' proposed service designs, as well as the "
        "recommended end-to-end HR approach which was approved by the Programme Board in "
        "February 2024, to achieve a service design that is resilient and fit for purpose "
        "whilst limiting the exposure and risk of redundancy.\n\n"
        "Informal engagement with Trade Union colleagues and staff has continued in the "
        "reporting period and will continue up to the launch of formal consultation. The "
        "programme team continue to review the HR transition plan to prevent any further "
        "slippage against the programme phase 1 end date.\n\n"
        "The completed JDQs for the CEC Service Design were evaluated by both NW Employers and "
        "internal HR procedures. Staff confirmed the accuracy of their existing Job Description "
        "or completed a concise summary job profile, moderated by service managers and the CEC "
        "Business Lead, so that all staff have a confirmed JD for matching to future roles and "
        "can be placed into organised groupings for a TUPE transfer of disaggregated staff to "
        "CWaC.\n\n"
        "Following CEC Organisational Change Policy and Procedure and the Restructuring "
        "toolkit, initial preparations have commenced to identify staff who may be slotted in "
        "to a new or existing role, or to a competitive role, or identified as potentially at "
        "risk of redundancy. CWaC undertook a similar process to identify organised groupings "
        "of staff, so that they can express their preference for either a CEC or CWaC role.\n\n"
        "Please see further information in the Part 2: Legal Implications Report, in "
        "appendix 1."
    ),
    "workstream:finance": (
        "The programme's finance workstream lead left the programme in March 2024, leaving a "
        "crucial gap in financial management which was flagged to the Board and added to the "
        "issue log. In August 2024, the programme worked with the CWaC finance team to secure "
        "an agency member of staff, who is now in place.\n\n"
        "An in-year pressure on income is being mitigated by a significant reduction in third "
        "party contract costs plus lower than budgeted staffing expenditure due to vacancies. "
        "Should the level of commissioned hours reduce, steps will be taken to mitigate this "
        "position with a reduction in Agency staff."
    ),
    "workstream:phase-2": (
        "A joint review concluded that an on-premises data centre is no longer the optimum "
        "hosting platform that both councils should invest in, and that a shared network, as "
        "currently delivered, is not a long-term viable model.\n\n"
        "It was therefore recommended that each council should move away from the shared model "
        "by 2027 (or sooner) and migrate application hosting to a cloud 'infrastructure as a "
        "service' model, and that each council should pursue their own, more flexible model "
        "for networks provision.\n\n"
        "The cloud hosting and infrastructure simplification programme preparation work has "
        "now been completed. A Programme Brief and Preparation Plan for Phase 2 have been "
        "reviewed by the Business Design Authority and the Phase 2 Programme Definition "
        "Document has been approved at Gemini Programme Board."
    ),
    "consultation": (
        "There has been full consultation and engagement with members, unions, staff, Senior "
        "managers in both Councils and Schools on the move to a hybrid model and approach to "
        "the reconfiguration of the service.\n\n"
        "External assurance has been undertaken at each stage of the process with Infotech and "
        "Gartner. A service review and assessment was performed by Inner Circle as part of the "
        "Transformation Programme Digital Workstream."
    ),
    "reasons": (
        "(a) Recommendation 1: the Committee oversees the programme for the Council, so it is "
        "asked to note the progress made since the hybrid model was agreed in February 2023.\n"
        "(b) Recommendation 2: the new service designs and the prerequisites for consultation "
        "are in place, and a restructure that affects this number of posts needs the "
        "Committee's approval before formal consultation with the trade unions and staff "
        "begins.\n"
        "(c) Recommendation 3: the structure may change in consultation; the delegation lets "
        "the revised structure be implemented without a further report, keeping to the April "
        "2025 timetable.\n"
        "(d) Recommendation 4: the new service designs change each council's costs, and both "
        "councils remain committed to sharing the liability for all costs of the shared "
        "service.\n\n"
        "A range of alternative models including enhancing the shared service, moving to a "
        "managed service, outsourcing ICT, a full separation, and a hybrid model were "
        "considered. The enhanced model and hybrid model were taken forward for further "
        "consideration as the other options would not deliver the benefits, represent value "
        "for money or align with the councils' priorities and deliverability."
    ),
    "other_options": (
        "The improved 'as is' option would not destabilise the current model but would not "
        "introduce sufficient improvements to give the Councils greater freedoms to deliver "
        "against their strategies, recognising that the two Councils have different local "
        "priorities, policies, and requirements.\n\n"
        "The Hybrid option builds on the improved 'as is' approach, retains the value of the "
        "shared network management and data centre in the medium term, and creates two "
        "separate IT and Digital functions, one for each Council, where this makes sense, with "
        "a staged and pragmatic approach to implementation to minimise or negate service "
        "disruption."
    ),
    "finance_implications": (
        "The one-off costs will be shared 50:50 across the two councils and have been "
        "prudently assessed, including soft market testing with Microsoft gold partners and "
        "reference calls with other local authorities.\n\n"
        "Most of the savings would be achieved through workforce changes, particularly "
        "reduction in the use of contractors and removing vacant posts. Each council will make "
        "different choices on their organisational structures and ICT configuration so may "
        "secure more savings than these projected benefits."
    ),
    "policy": (
        "The hybrid model follows the principles of the councils' ICT Strategy. It will be "
        "reviewed against the new Cheshire East Plan for 2025 to 2029 once the plan is adopted."
    ),
    "legal": (
        "Formal consultation with the recognised trade unions and staff follows section 188 of "
        "the Trade Union and Labour Relations (Consolidation) Act 1992 (TULRCA): where 100 or "
        "more redundancies are proposed at one establishment within 90 days, consultation "
        "begins at least 45 days before the first dismissal, and the Secretary of State is "
        "notified on form HR1.\n\n"
        "Staff who move to Cheshire West and Chester as an organised grouping transfer under "
        "the Transfer of Undertakings (Protection of Employment) Regulations 2006 (TUPE), or "
        "under the Cabinet Office Statement of Practice on Staff Transfers in the Public Sector "
        "(COSOP) where TUPE does not apply, keeping their terms and conditions of employment.\n\n"
        "Recommendation 3 delegates authority to the Executive Director of Resources and the "
        "S151 Officer to implement the revised structure after consultation; the Committee may "
        "make that delegation under the Council's Constitution, and the officers will act "
        "within the Council's Organisational Change Policy and Procedure."
    ),
    "equality": (
        "The recruitment and selection process will be open, fair and inclusive, ensuring "
        "objective recruitment decisions are made.\n\n"
        "An Equality Impact Assessment was conducted as part of the preparation for the "
        "restructure consultation.\n\n"
        "Consultation will be aligned to CEC HR policies and procedures and during the "
        "consultation staff will have the opportunity to feed into the process on any matters "
        "or concerns."
    ),
    "human_resources": (
        "All staff working in the current shared service (ICTSS) arrangement are employed by "
        "Cheshire East Council. Staff and Trade Unions have been briefed throughout, and full "
        "consultation with staff needs to follow. Key aspects of the approach include:\n"
        "(a) Fully engaging with the workforce on the model.\n"
        "(b) Fully consulting with the representative trade unions.\n"
        "(c) Putting in place arrangements for a fair disaggregation of staff.\n"
        "(d) Enhancing opportunities for growth and development within the workforce.\n"
        "(e) Exploring measures that enhance retention and recruitment.\n"
        "(f) Minimising as far as possible any uncertainty throughout the transition.\n"
        "(g) Reducing the use of agency staff in non-specialist areas.\n"
        "(h) Where possible, avoiding redundancies."
    ),
    "risk_management": (
        "Like any major project, the transition will not be without challenges, but key risks "
        "have been identified and mitigations planned. Members are asked to note that the risk "
        "of doing nothing will mean more complexity, additional ongoing costs, and a less "
        "responsive model."
    ),
    "rural": (
        "The fundamental principles proposed in the ICT Strategy ensure that inclusion is at "
        "the heart of all proposals including our rural communities."
    ),
    "children": (
        "ICT Services continues to work with the Children's Services Transformation Board and "
        "Schools to determine ICT requirements for inclusion in the updated ICT Strategy."
    ),
    "public_health": (
        "ICT Services continues to work with the Adults, Health, and Integration Departmental "
        "Management Team and with Health and Social Care colleagues to determine ICT "
        "requirements for inclusion in the updated ICT Strategy."
    ),
    "climate": (
        'One of the principles of the ICT Strategy is to "ensure ICT governance and '
        'architectural practices are sustainable for the future." By adopting Cloud first '
        "technology, it influences carbon reduction across the ICT estate."
    ),
}

PART_2 = {
    "part2_legal": (
        "Illustrative text for the demo: this appendix would hold the Monitoring "
        "Officer's legal advice on the "
        "restructure and the disaggregation of staff to Cheshire West and Chester, including "
        "the application of TUPE or COSOP to organised groupings and the suitable alternative "
        "employment position under the Redundancy Payments (Continuity of Employment in Local "
        "Government, etc.) (Modification) Order 1999. The seed report's appendix is not "
        "public, so this demo text is illustrative."
    ),
    "part2_workforce": (
        "The proposed outcomes below are to be consulted on with the trade unions and the "
        "staff affected."
    ),
}


def demo_meeting() -> Meeting | None:
    short, date = MEETING
    return Meeting.objects.filter(body__short_name=short, date=date).first()


def issue_demo_report() -> CommitteeReport | None:
    """Issue the demo report (if it is still a draft), as of 29 January 2025."""
    meeting = demo_meeting()
    report = meeting.reports.order_by("pk").first() if meeting else None
    if report is None or report.is_issued:
        return report
    pmo = User.objects.filter(email="pmo@gemini.test").first()
    return services.issue_report(report, pmo, ISSUED)


def load_reports(context: DemoContext) -> None:
    """The 6 February 2025 CPC report (issued, except in the small demo); loading again
    changes nothing."""
    meeting = demo_meeting()
    if meeting is None or CommitteeReport.objects.filter(meeting=meeting).exists():
        context.record("unchanged")
        return
    pmo = User.objects.filter(email="pmo@gemini.test").first()
    report = services.create_report(meeting, pmo, **HEADER)
    for key, text in NARRATIVE.items():
        services.set_section(report, key, text)
    for key, text in PART_2.items():
        services.set_section(report, key, text)
    services.set_recommendations(report, RECOMMENDATIONS)
    if not context.small:
        issue_demo_report()
    context.record("created")
