"""The workforce app's rows of the URL × role table (gemini/testing/routes.py).

Anonymised pages (structures, posts, runs, pools, the consultation pack, groupings) are open to
everyone with VIEW_WORKFORCE, members and union representatives included. Pages about people
need VIEW_PERSONAL_DATA (programme manager, HR) and are scoped by employer: HR at CWaC holds
the permission but reaches no CEC-employed staff, so a person's page is "not found" for them.
Deciding an outcome is for HR only: the programme manager sees but may not decide.

The API (`api:workforce-…`) follows the same rules; signed out, it answers 401.
"""

from __future__ import annotations

from gemini.testing.routes import Json, Route, only

PERSONAL = only(200, "pmo", "hr", "hr_cwac")
MANAGE = only(200, "pmo", "hr", "hr_cwac")


def run_number() -> int:
    from gemini.workforce.models import MatchingRun

    return MatchingRun.objects.order_by("number").values_list("number", flat=True)[0]


def employee_ref() -> str:
    from gemini.workforce.models import Staff

    return Staff.objects.order_by("employee_ref").values_list("employee_ref", flat=True)[0]


def pending_ref() -> str:
    """A person whose outcome in the first run awaits a decision."""
    from gemini.workforce.models import PersonOutcome

    return (
        PersonOutcome.objects.filter(run__number=run_number(), decision="pending")
        .order_by("staff__employee_ref")
        .values_list("staff__employee_ref", flat=True)[0]
    )


def pending_version() -> int:
    from gemini.workforce.models import PersonOutcome

    return PersonOutcome.objects.get(
        run__number=run_number(), staff__employee_ref=pending_ref()
    ).version


def grouping_pk() -> int:
    from gemini.workforce.models import OrganisedGrouping

    return OrganisedGrouping.objects.order_by("pk").values_list("pk", flat=True)[0]


ROUTES = (
    Route("workforce:index"),
    Route("workforce:staff", default=403, statuses=PERSONAL),
    Route("workforce:posts"),
    Route("workforce:runs"),
    Route("workforce:new_run", default=403, statuses=MANAGE),
    Route("workforce:run", (run_number,)),
    Route("workforce:run", (999_999,), default=404),
    Route("workforce:run_pack", (run_number,)),
    Route("workforce:run_outcomes", (run_number,), default=403, statuses=PERSONAL),
    Route("workforce:run_redundancy", (run_number,), default=403, statuses=PERSONAL),
    Route(
        "workforce:outcome",
        (run_number, employee_ref),
        default=403,
        statuses={"pmo": 200, "hr": 200, "hr_cwac": 404},
    ),
    Route(
        "workforce:decide",
        (run_number, employee_ref),
        default=403,
        statuses={"hr": 200, "hr_cwac": 404},
    ),
    # Confirming several at once: HR only; an empty selection is refused with the reasons.
    Route(
        "workforce:confirm_selected",
        (run_number,),
        method="post",
        default=403,
        statuses={"hr": 400, "hr_cwac": 400},
    ),
    Route("workforce:groupings"),
    Route("workforce:grouping", (grouping_pk,)),
    Route("workforce:new_grouping", default=403, statuses=MANAGE),
    # The API: anonymised figures for every role; people for VIEW_PERSONAL_DATA, in scope.
    Route("api:workforce-structure", anonymous=401),
    Route("api:workforce-posts", anonymous=401),
    Route("api:workforce-runs", anonymous=401),
    Route("api:workforce-run", (run_number,), anonymous=401),
    Route("api:workforce-run", (999_999,), default=404, anonymous=401),
    Route("api:workforce-groupings", anonymous=401),
    Route("api:workforce-grouping", (grouping_pk,), anonymous=401),
    Route("api:workforce-grouping", (999_999,), default=404, anonymous=401),
    Route("api:workforce-staff", default=403, statuses=PERSONAL, anonymous=401),
    Route(
        "api:workforce-staff-member",
        (employee_ref,),
        default=403,
        statuses={"pmo": 200, "hr": 200, "hr_cwac": 404},
        anonymous=401,
    ),
    Route("api:workforce-outcomes", (run_number,), default=403, statuses=PERSONAL, anonymous=401),
    Route(
        "api:workforce-outcome",
        (run_number, employee_ref),
        default=403,
        statuses={"pmo": 200, "hr": 200, "hr_cwac": 404},
        anonymous=401,
    ),
    Route("api:workforce-redundancy", (run_number,), default=403, statuses=PERSONAL, anonymous=401),
    Route(
        "api:workforce-decide",
        (run_number, pending_ref),
        method="put",
        default=403,
        statuses={"hr": 200, "hr_cwac": 404},
        anonymous=401,
        data=Json(decision="confirmed", reason="Agreed at panel.", version=pending_version),
    ),
)
