"""The programme app's rows of the URL × role table (gemini/testing/routes.py).

The API (`api:programme-…`) follows the same rules; signed out, it answers 401. Its writes
check the permission before reading the body, so a role without it gets 403 whatever it
sends. The table's client sends a POST as a form, not JSON: a role that passes the permission
check then gets 400, "Cannot parse request body" (tests/test_api.py sends the JSON). A PATCH
is sent as JSON (`Json`).
"""

from gemini.testing.routes import Json, Route, only

PMO = only(200, "pmo")
HIDDEN_FROM_PART_1 = only(404, "member", "union")


def cpc() -> int:
    from gemini.programme.models import GovernanceBody

    return GovernanceBody.objects.get(short_name="CPC").pk


def _pk(model_name: str, reference: str) -> int:
    from django.apps import apps

    model = apps.get_model("programme", model_name)
    return int(model.objects.get(reference=reference).pk)


def m06() -> int:
    return _pk("Milestone", "M06")


def m08() -> int:
    return _pk("Milestone", "M08")


def r04() -> int:
    return _pk("Risk", "R04")


def r08_exempt() -> int:
    """The demo's exempt risk (found by its confidentiality: test_no_leaks marks its text)."""
    from gemini.programme.models import Risk

    return int(Risk.objects.filter(confidentiality="exempt").order_by("pk")[0].pk)


def i01() -> int:
    return _pk("Issue", "I01")


def b1() -> int:
    return _pk("Benefit", "B1")


def b2() -> int:
    return _pk("Benefit", "B2")


def a01() -> int:
    return _pk("Assumption", "A01")


def cpc_r2() -> int:
    return _pk("Decision", "CPC/52/24-25 R2")


def service_desk() -> int:
    from gemini.programme.models import CatalogueService

    return CatalogueService.objects.get(slug="service-desk").pk


def cpc_meeting() -> int:
    """The meeting of 6 February 2025, which takes the exempt Appendix 1."""
    import datetime as dt

    from gemini.programme.models import Meeting

    return Meeting.objects.get(body__short_name="CPC", date=dt.date(2025, 2, 6)).pk


def public_paper() -> int:
    from gemini.programme.models import Paper

    return Paper.objects.get(reference="CPC/52/24-25").pk


def exempt_paper() -> int:
    from gemini.programme.models import Paper

    return Paper.objects.filter(confidentiality="exempt").order_by("pk")[0].pk


def public_agenda_item() -> int:
    from gemini.programme.models import AgendaItem

    return AgendaItem.objects.get(paper__reference="CPC/52/24-25").pk


def r04_version() -> int:
    from gemini.programme.models import Risk

    return Risk.objects.get(reference="R04").version


def i02() -> int:
    return _pk("Issue", "I02")


def i02_version() -> int:
    from gemini.programme.models import Issue

    return Issue.objects.get(reference="I02").version


def m01() -> int:
    return _pk("Milestone", "M01")


def phase_2_action() -> int:
    from gemini.programme.models import RiskAction

    return RiskAction.objects.filter(risk__reference="R04").order_by("pk")[0].pk


EXEMPT_DECISION = "CPC/52/24-25 X1"


def make_exempt_decision() -> None:
    """A Part 2 decision of the CPC meeting of 6 February 2025 (the demo has none), about the
    risk R04 and the issue I01."""
    import datetime as dt

    from gemini.programme.governance import services
    from gemini.programme.models import Issue, Meeting, Risk

    meeting = Meeting.objects.get(body__short_name="CPC", date=dt.date(2025, 2, 6))
    decision, _ = services.save_decision(
        meeting.body.programme,
        EXEMPT_DECISION,
        {
            "title": "Settlement terms agreed in private",
            "body": meeting.body,
            "meeting": meeting,
            "date": meeting.date,
            "confidentiality": "exempt",
            "exempt_paragraph": 4,
            "public_interest_reason": "Negotiations with the trade unions are under way.",
        },
    )
    services.link_decision(
        decision, [Risk.objects.get(reference="R04")], [Issue.objects.get(reference="I01")]
    )


SETUP = (make_exempt_decision,)


def exempt_decision() -> int:
    """Found by its Part 2 standing, not its reference: the leak tests mark every exempt text
    field, the reference included, after SETUP has made it."""
    from gemini.core.models import Confidentiality
    from gemini.programme.models import Decision

    return int(
        Decision._base_manager.get(
            confidentiality=Confidentiality.EXEMPT, meeting__body__short_name="CPC"
        ).pk
    )


ROUTES = (
    Route("programme:overview"),
    Route("programme:dashboard"),
    Route("programme:status"),
    Route("programme:record_overall_status", default=403, statuses=PMO),
    Route("programme:workstream", ("technical",)),
    Route("programme:workstream", ("no-such-workstream",), default=404),
    Route(
        "programme:edit_workstream", ("technical",), default=403, statuses=only(200, "pmo", "lead")
    ),
    Route("programme:edit_workstream", ("finance",), default=403, statuses=PMO),
    Route(
        "programme:add_status_update",
        ("technical",),
        default=403,
        statuses=only(200, "pmo", "lead"),
    ),
    Route("programme:add_status_update", ("finance",), default=403, statuses=PMO),
    Route("programme:body", (cpc,)),
    Route("programme:body", (999_999,), default=404),
    Route("programme:forward_plan"),
    Route("programme:milestones"),
    Route("programme:add_milestone", default=403, statuses=only(200, "pmo", "lead")),
    Route("programme:edit_milestone", (m06,), default=403, statuses=only(200, "pmo", "lead")),
    Route("programme:edit_milestone", (m08,), default=403, statuses=PMO),
    Route("programme:risks"),
    Route("programme:risk", (r04,)),
    Route("programme:risk", (r08_exempt,), statuses=HIDDEN_FROM_PART_1),
    Route("programme:risk", (999_999,), default=404),
    Route("programme:add_risk", default=403, statuses=only(200, "pmo", "lead")),
    Route("programme:edit_risk", (r04,), default=403, statuses=PMO),
    Route("programme:add_risk_action", (r04,), default=403, statuses=PMO),
    Route("programme:raise_issue", (r04,), default=403, statuses=PMO),
    Route("programme:issues"),
    Route("programme:add_issue", default=403, statuses=PMO),
    Route("programme:edit_issue", (i01,), default=403, statuses=PMO),
    Route("programme:decisions"),
    Route("programme:decision", (cpc_r2,)),
    Route("programme:decision", (999_999,), default=404),
    Route("programme:decision", (exempt_decision,), statuses=HIDDEN_FROM_PART_1),
    Route("programme:add_decision", default=403, statuses=PMO),
    Route("programme:benefits"),
    Route("programme:benefit", (b1,)),
    Route("programme:add_measurement", (b1,), default=403, statuses=PMO),
    Route("programme:catalogue"),
    Route("programme:responsibility"),
    # Edit pages: the programme office (a lead marks actions done only in their own
    # workstreams: the demo has no Technical risk, so tests/test_edit_pages.py shows that).
    Route("programme:edit_status_scale", default=403, statuses=PMO),
    Route("programme:edit_risk_matrix", default=403, statuses=PMO),
    Route("programme:complete_risk_action", (phase_2_action,), default=403, statuses=PMO),
    Route(
        "programme:complete_risk_action",
        (999_999,),
        default=403,
        statuses=only(404, "pmo", "lead"),
    ),
    Route("programme:edit_decision", (cpc_r2,), default=403, statuses=PMO),
    Route("programme:edit_decision", (exempt_decision,), default=403, statuses=PMO),
    Route("programme:edit_decision", (999_999,), default=403, statuses=only(404, "pmo")),
    Route("programme:add_assumption", default=403, statuses=PMO),
    Route("programme:edit_assumption", (a01,), default=403, statuses=PMO),
    Route("programme:add_benefit", default=403, statuses=PMO),
    Route("programme:edit_benefit", (b2,), default=403, statuses=PMO),
    Route("programme:edit_benefit_profile", (b2,), default=403, statuses=PMO),
    Route("programme:add_service", default=403, statuses=PMO),
    Route("programme:edit_service", (service_desk,), default=403, statuses=PMO),
    Route("programme:add_body", default=403, statuses=PMO),
    Route("programme:edit_body", (cpc,), default=403, statuses=PMO),
    Route("programme:add_meeting", (cpc,), default=403, statuses=PMO),
    Route("programme:meeting", (cpc_meeting,)),
    Route("programme:meeting", (999_999,), default=404),
    Route("programme:edit_meeting", (cpc_meeting,), default=403, statuses=PMO),
    Route("programme:add_agenda_item", (cpc_meeting,), default=403, statuses=PMO),
    Route("programme:edit_agenda_item", (public_agenda_item,), default=403, statuses=PMO),
    Route("programme:add_paper", (cpc_meeting,), default=403, statuses=PMO),
    Route("programme:edit_paper", (public_paper,), default=403, statuses=PMO),
    Route("programme:edit_paper", (exempt_paper,), default=403, statuses=PMO),
    # The API: reads for everyone who may view the programme (less Part 2 for Part 1 roles).
    Route("api:programme-summary", anonymous=401),
    Route("api:programme-status", anonymous=401),
    Route("api:programme-overall-statuses", anonymous=401),
    Route("api:programme-status-updates", anonymous=401),
    Route("api:programme-workstreams", anonymous=401),
    Route("api:programme-workstream", ("technical",), anonymous=401),
    Route("api:programme-workstream", ("no-such-workstream",), default=404, anonymous=401),
    Route("api:programme-milestones", anonymous=401),
    Route("api:programme-milestone", (m01,), anonymous=401),
    Route("api:programme-milestone", (999_999,), default=404, anonymous=401),
    Route("api:programme-risk-matrix", anonymous=401),
    Route("api:programme-risks", anonymous=401),
    Route("api:programme-risk", (r04,), anonymous=401),
    Route("api:programme-risk", (r08_exempt,), statuses=HIDDEN_FROM_PART_1, anonymous=401),
    Route("api:programme-risk", (999_999,), default=404, anonymous=401),
    Route("api:programme-issues", anonymous=401),
    Route("api:programme-issue", (i01,), anonymous=401),
    Route("api:programme-issue", (999_999,), default=404, anonymous=401),
    Route("api:programme-decisions", anonymous=401),
    Route("api:programme-decision", (cpc_r2,), anonymous=401),
    Route("api:programme-decision", (999_999,), default=404, anonymous=401),
    Route("api:programme-decision", (exempt_decision,), statuses=HIDDEN_FROM_PART_1, anonymous=401),
    Route("api:programme-assumptions", anonymous=401),
    Route("api:programme-benefits", anonymous=401),
    Route("api:programme-benefit", (b2,), anonymous=401),
    Route("api:programme-benefit", (999_999,), default=404, anonymous=401),
    Route("api:programme-bodies", anonymous=401),
    Route("api:programme-body", (cpc,), anonymous=401),
    Route("api:programme-body", (999_999,), default=404, anonymous=401),
    Route("api:programme-meetings", anonymous=401),
    Route("api:programme-meeting", (cpc_meeting,), anonymous=401),
    Route("api:programme-meeting", (999_999,), default=404, anonymous=401),
    Route("api:programme-catalogue", anonymous=401),
    Route("api:programme-service", ("service-desk",), anonymous=401),
    Route("api:programme-service", ("no-such-service",), default=404, anonymous=401),
    # The API's writes: leads and the programme office (status, risks, actions), the
    # programme office alone (issues, measurements).
    Route(
        "api:programme-create-status-update",
        method="post",
        default=403,
        statuses=only(400, "pmo", "lead"),
        anonymous=401,
    ),
    Route(
        "api:programme-create-risk",
        method="post",
        default=403,
        statuses=only(400, "pmo", "lead"),
        anonymous=401,
    ),
    Route(
        "api:programme-update-risk",
        (r04,),
        method="patch",
        default=403,
        statuses=PMO,
        anonymous=401,
        data=Json(version=r04_version, owner="Phase 2 programme lead"),
    ),
    Route(
        "api:programme-update-risk",
        (r08_exempt,),
        method="patch",
        default=403,
        statuses=PMO,
        anonymous=401,
        data=Json(version=1, owner="Workforce lead"),
    ),
    Route(
        "api:programme-create-risk-action",
        (r04,),
        method="post",
        default=403,
        statuses=only(400, "pmo", "lead"),
        anonymous=401,
    ),
    Route(
        "api:programme-complete-risk-action",
        (phase_2_action,),
        method="post",
        default=403,
        statuses=only(400, "pmo", "lead"),
        anonymous=401,
    ),
    Route(
        "api:programme-create-issue",
        method="post",
        default=403,
        statuses=only(400, "pmo"),
        anonymous=401,
    ),
    Route(
        "api:programme-update-issue",
        (i02,),
        method="patch",
        default=403,
        statuses=PMO,
        anonymous=401,
        data=Json(version=i02_version, owner="Workforce workstream lead"),
    ),
    Route(
        "api:programme-create-measurement",
        (b1,),
        method="post",
        default=403,
        statuses=only(400, "pmo"),
        anonymous=401,
    ),
)
