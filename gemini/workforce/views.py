"""Workforce pages: structures, staff, posts, matching runs and their outcomes (with HR's
decisions), redundancy costs, organised groupings and the consultation pack.

Anonymised pages need VIEW_WORKFORCE; anything about a person needs VIEW_PERSONAL_DATA and
reads people through gemini/workforce/access.py, scoped by their employer.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.asat import today
from gemini.core.charts import chart_svg
from gemini.core.exports import Sheet, xlsx_response
from gemini.core.history import changes_for
from gemini.core.versioning import StaleEditError, offer_again
from gemini.workforce import access as workforce_access
from gemini.workforce import charts, figures, services
from gemini.workforce.engine.matching import OUTCOME_LABELS, OUTCOMES
from gemini.workforce.engine.terms import FLAG_LABELS
from gemini.workforce.forms import DecisionForm, GroupingForm, RunForm
from gemini.workforce.models import Decision, MatchingRun, PersonOutcome, Post, Staff
from gemini.workforce.pack import consultation_pack

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("export") == "xlsx"


@access.requires(Permission.VIEW_WORKFORCE)
def index(request: HttpRequest) -> HttpResponse:
    """Both councils' structures side by side: posts against today's staff, by team
    (figures.restructure), and the latest matching run's counts (figures.matching)."""
    structure = figures.restructure(today(), request.user)
    councils, teams = structure.councils, structure.teams
    rows = [(t.team, t.staff, [t.posts[c] for c in councils]) for t in teams]
    if _wants_xlsx(request):
        return xlsx_response(
            "workforce-structures.xlsx",
            [
                Sheet(
                    "Structures",
                    ("Council", "Service design", "Posts", "FTE", "Evaluated JDQs", "Draft JDQs"),
                    [
                        (d.council, d.name, d.places, d.fte, d.evaluated, d.draft)
                        for d in structure.designs
                    ],
                ),
                Sheet(
                    "By team",
                    ("Team", "Staff today", *(f"{c} posts" for c in councils)),
                    [(team, staff, *posts) for team, staff, posts in rows],
                ),
            ],
        )
    chart = ""
    if teams:
        chart = chart_svg(
            charts.structure_chart,
            [t.team for t in teams],
            [t.staff for t in teams],
            {c: [t.posts[c] for t in teams] for c in councils},
            title="Staff today and posts in each council's new design, by team",
        )
    latest = figures.matching(today(), request.user)
    return render(
        request,
        "workforce/index.html",
        {
            "section": "workforce",
            "designs": structure.designs,
            "councils": councils,
            "rows": rows,
            "staff_total": structure.staff,
            "post_total": structure.places,
            "chart": chart,
            "latest": latest.run if latest else None,
            "latest_summary": latest,
            "labels": OUTCOME_LABELS,
            "flag_labels": FLAG_LABELS,
            "may_see_people": workforce_access.may_see_people(request.user),
        },
    )


def _reach(request: HttpRequest) -> str:
    """Whose personal data the user sees, and why: said on every page that lists people, so an
    empty list explains itself."""
    return access.reach_in_words(request.user, Permission.VIEW_PERSONAL_DATA)


@access.requires(Permission.VIEW_PERSONAL_DATA)
def staff_list(request: HttpRequest) -> HttpResponse:
    staff = workforce_access.staff_for(request.user)
    if _wants_xlsx(request):
        return xlsx_response(
            "workforce-staff.xlsx",
            [
                Sheet(
                    "Staff",
                    (
                        "Employee ref",
                        "Name",
                        "Employer",
                        "Title",
                        "Team",
                        "Grade",
                        "FTE",
                        "Weekly pay",
                        "Annual salary",
                        "Date of birth",
                        "Continuous service from",
                        "Contract",
                        "Preference",
                        "LGPS",
                        "JD status",
                    ),
                    [
                        (
                            s.employee_ref,
                            s.name,
                            s.employer.code,
                            s.current_title,
                            s.team,
                            s.grade.grade,
                            s.fte,
                            s.weekly_pay,
                            s.annual_salary,
                            s.date_of_birth,
                            s.continuous_service_start,
                            s.get_contract_type_display(),
                            s.preference,
                            "Yes" if s.lgps_member else "No",
                            s.get_jd_status_display(),
                        )
                        for s in staff
                    ],
                )
            ],
        )
    return render(
        request,
        "workforce/staff.html",
        {"section": "workforce", "staff": list(staff), "reach": _reach(request)},
    )


@access.requires(Permission.VIEW_WORKFORCE)
def post_list(request: HttpRequest) -> HttpResponse:
    posts = workforce_access.posts_for(request.user)
    if _wants_xlsx(request):
        return xlsx_response(
            "workforce-posts.xlsx",
            [
                Sheet(
                    "Posts",
                    (
                        "Post ref",
                        "Council",
                        "Structure",
                        "Title",
                        "Team",
                        "Grade",
                        "Rank",
                        "FTE",
                        "Count",
                        "JDQ status",
                        "JDQ score",
                    ),
                    [
                        (
                            p.post_ref,
                            p.council.code,
                            p.structure.name,
                            p.title,
                            p.team,
                            p.grade.grade,
                            p.grade.rank,
                            p.fte,
                            p.count,
                            p.get_jdq_status_display(),
                            p.jdq_score,
                        )
                        for p in posts
                    ],
                )
            ],
        )
    return render(request, "workforce/posts.html", {"section": "workforce", "posts": list(posts)})


@access.requires(Permission.VIEW_WORKFORCE)
def run_list(request: HttpRequest) -> HttpResponse:
    runs = list(workforce_access.runs_for(request.user))
    if _wants_xlsx(request):
        return xlsx_response(
            "workforce-runs.xlsx",
            [
                Sheet(
                    "Matching runs",
                    ("Run", "Label", "Run at", "Staff", "Posts", "First dismissal", "Policy"),
                    [
                        (
                            r.number,
                            r.label,
                            r.created_at,
                            r.staff_count,
                            r.post_count,
                            r.first_dismissal_date,
                            str(r.policy["matching"]),
                        )
                        for r in runs
                    ],
                )
            ],
        )
    return render(request, "workforce/runs.html", {"section": "workforce", "runs": runs})


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_WORKFORCE)
def new_run(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST or None)
    readiness = services.run_readiness()
    if request.method == "POST" and form.is_valid():
        for missing in readiness.missing:
            form.add_error(None, f"A matching run cannot be made yet. {missing}")
        if not readiness.missing:
            run = services.run_matching(
                form.policy(),
                user=request.user,  # type: ignore[arg-type]
                first_dismissal_date=form.cleaned_data["first_dismissal_date"],
                discretionary=form.discretionary(),
                label=form.cleaned_data["label"],
            )
            messages.success(
                request, f"Matching run {run.number} is saved. Each outcome awaits a decision."
            )
            return redirect("workforce:run", number=run.number)
    return render(
        request,
        "workforce/run_new.html",
        {"section": "workforce", "form": form, "readiness": readiness},
    )


def _matching(request: HttpRequest, number: int) -> figures.MatchingFigures:
    """Run `number`'s figures as at today, or 404."""
    summary = figures.matching(today(), request.user, number)
    if summary is None:
        raise Http404(f"There is no matching run {number}.")
    return summary


@access.requires(Permission.VIEW_WORKFORCE)
def run(request: HttpRequest, number: int) -> HttpResponse:
    summary = _matching(request, number)
    record = summary.run
    return render(
        request,
        "workforce/run.html",
        {
            "section": "workforce",
            "run": record,
            "summary": summary,
            "labels": OUTCOME_LABELS,
            "flag_labels": FLAG_LABELS,
            "outcomes": OUTCOMES,
            "chart": chart_svg(
                charts.outcomes_chart,
                summary.counts,
                OUTCOME_LABELS,
                title=f"Proposed outcomes of matching run {record.number}",
            ),
            "may_see_people": workforce_access.may_see_people(request.user),
        },
    )


@access.requires(Permission.VIEW_WORKFORCE)
def run_pack(request: HttpRequest, number: int) -> HttpResponse:
    summary = _matching(request, number)
    record = summary.run
    response = HttpResponse(consultation_pack(summary), content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="consultation-pack-run-{record.number}.docx"'
    )
    return response


DECISION_FILTERS = {
    "pending": "Awaiting decision",
    "confirmed": "Confirmed",
    "overridden": "Overridden",
}


def _queue(
    request: HttpRequest, record: MatchingRun, params: QueryDict
) -> tuple[QuerySet[PersonOutcome], dict[str, str]]:
    """The run's outcomes the user may see, narrowed by the queue's filters: `q` (a name or
    employee ref), `decision` (pending, confirmed, overridden) and `outcome` (proposed)."""
    outcomes = workforce_access.outcomes_for(request.user, record)
    chosen = {
        "q": params.get("q", "").strip()[:100],
        "decision": params.get("decision", ""),
        "outcome": params.get("outcome", ""),
    }
    if chosen["q"]:
        outcomes = outcomes.filter(
            Q(staff__name__icontains=chosen["q"]) | Q(staff__employee_ref__icontains=chosen["q"])
        )
    if chosen["decision"] in DECISION_FILTERS:
        outcomes = outcomes.filter(decision=chosen["decision"])
    else:
        chosen["decision"] = ""
    if chosen["outcome"] in OUTCOMES:
        outcomes = outcomes.filter(proposed=chosen["outcome"])
    else:
        chosen["outcome"] = ""
    return outcomes.order_by("staff__employee_ref"), chosen


def _query(chosen: dict[str, str]) -> str:
    """The queue's filters as a query string (empty ones left out)."""
    return urlencode({k: v for k, v in chosen.items() if v})


def _queue_page(
    request: HttpRequest,
    record: MatchingRun,
    params: QueryDict,
    errors: Sequence[dict[str, str]] = (),
    picked: Sequence[str] = (),
    reason: str = "",
) -> HttpResponse:
    """The queue page: the filtered outcomes, with a tick box on each one the user decides."""
    outcomes, chosen = _queue(request, record, params)
    decidable: set[int] = set()
    if access.has_permission(request.user, Permission.DECIDE_WORKFORCE):
        decidable = set(
            workforce_access.outcomes_to_decide(request.user, record)
            .filter(decision=Decision.PENDING)
            .values_list("pk", flat=True)
        )
    return render(
        request,
        "workforce/outcomes.html",
        {
            "section": "workforce",
            "run": record,
            "outcomes": list(outcomes),
            "chosen": chosen,
            "query": _query(chosen),
            "decisions": DECISION_FILTERS,
            "labels": OUTCOME_LABELS,
            "flag_labels": FLAG_LABELS,
            "decidable": decidable,
            "errors": list(errors),
            "picked": set(picked),
            "reason": reason,
            "reach": _reach(request),
        },
        status=400 if errors else 200,
    )


@access.requires(Permission.VIEW_PERSONAL_DATA)
def run_outcomes(request: HttpRequest, number: int) -> HttpResponse:
    """Each person's outcome, and HR's decision queue: search, filter, confirm several."""
    record = access.get_or_404(workforce_access.runs_for(request.user), number=number)
    if _wants_xlsx(request):
        outcomes, _ = _queue(request, record, request.GET)
        return _outcomes_workbook(record, list(outcomes))
    return _queue_page(request, record, request.GET)


@require_http_methods(["POST"])
@access.requires(Permission.DECIDE_WORKFORCE)
def confirm_selected(request: HttpRequest, number: int) -> HttpResponse:
    """Confirm the ticked proposals with one reason (recorded on each person's decision): all
    or none."""
    record = access.get_or_404(workforce_access.runs_for(request.user), number=number)
    reason = request.POST.get("reason", "").strip()
    picked: dict[str, int] = {}
    for value in request.POST.getlist("confirm"):
        ref, _, version = value.rpartition(":")
        if ref and version.isdigit():
            picked[ref] = int(version)
    errors: list[dict[str, str]] = []
    if not picked:
        errors.append({"text": "Select the people whose proposals you confirm", "href": "#confirm"})
    if not reason:
        errors.append({"text": "Enter the reason for your decisions", "href": "#reason"})
    items = list(
        workforce_access.outcomes_to_decide(request.user, record).filter(
            staff__employee_ref__in=list(picked)
        )
    )
    if picked and len(items) != len(picked):
        errors.append(
            {"text": "Some of the people selected are not yours to decide", "href": "#confirm"}
        )
    if not errors:
        refusals = services.confirm_many(
            [(item, picked[item.staff.employee_ref]) for item in items],
            request.user,  # type: ignore[arg-type]
            reason,
        )
        if not refusals:
            messages.success(
                request,
                f"{len(items)} proposal{'s' if len(items) != 1 else ''} confirmed, each with "
                "your reason and name.",
            )
            _, chosen = _queue(request, record, request.POST)
            query = _query(chosen)
            url = reverse("workforce:run_outcomes", args=[number])
            return redirect(f"{url}?{query}" if query else url)
        errors.extend(
            {"text": f"{r.employee_ref}: {r.message} Nothing was saved.", "href": "#confirm"}
            for r in refusals
        )
    return _queue_page(request, record, request.POST, errors, list(picked), reason)


def _outcomes_workbook(record: MatchingRun, items: Sequence[PersonOutcome]) -> HttpResponse:
    costs = services.redundancy_costs(record, items)
    return xlsx_response(
        f"matching-run-{record.number}-outcomes.xlsx",
        [
            Sheet(
                "Outcomes",
                (
                    "Employee ref",
                    "Name",
                    "Team",
                    "Grade",
                    "Proposed outcome",
                    "Proposed post",
                    "Duty match",
                    "Decision",
                    "Outcome in force",
                    "Post in force",
                    "Decided by",
                    "Reason",
                    "Engine's reasons",
                ),
                [
                    (
                        o.staff.employee_ref,
                        o.staff.name,
                        o.staff.team,
                        o.staff.grade.grade,
                        o.get_proposed_display(),
                        o.proposed_post.post_ref if o.proposed_post else "",
                        o.duty_match,
                        o.get_decision_display(),
                        OUTCOME_LABELS[o.outcome],
                        o.post.post_ref if o.post else "",
                        str(o.decided_by) if o.decided_by else "",
                        o.decision_reason,
                        " ".join(o.reasons),
                    )
                    for o in items
                ],
            ),
            Sheet(
                "Redundancy",
                (
                    "Employee ref",
                    "Name",
                    "Age",
                    "Years",
                    "Statutory weeks",
                    "Week's pay used",
                    "Statutory pay",
                    "Discretionary weeks",
                    "Discretionary pay",
                    "Notice weeks",
                    "Pension strain",
                    "Pension strain cost",
                ),
                [
                    (
                        c.outcome.staff.employee_ref,
                        c.outcome.staff.name,
                        c.age,
                        c.years,
                        c.statutory.weeks,
                        c.statutory.weekly_pay_used,
                        c.statutory.amount,
                        c.discretionary.weeks,
                        c.discretionary.amount,
                        c.notice_weeks,
                        c.pension_flag or "",
                        _strain_cell(c),
                    )
                    for c in costs
                ],
            ),
        ],
    )


def _strain_cell(cost: services.PersonCost) -> Decimal | str:
    """The strain cost as known, "not known" where a strain arises but the fund's actuary has
    given none (never £0), blank where no strain arises."""
    if cost.strain_cost is not None:
        return cost.strain_cost
    return "not known" if cost.pension_flag else ""


@access.requires(Permission.VIEW_PERSONAL_DATA)
def run_redundancy(request: HttpRequest, number: int) -> HttpResponse:
    record = access.get_or_404(workforce_access.runs_for(request.user), number=number)
    if _wants_xlsx(request):
        return _outcomes_workbook(record, list(workforce_access.outcomes_for(request.user, record)))
    found = figures.redundancy(today(), request.user, number)
    if found is None:
        raise Http404(f"There is no matching run {number}.")
    return render(
        request,
        "workforce/redundancy.html",
        {
            "section": "workforce",
            "run": record,
            "costs": found.costs,
            "statutory": found.totals.statutory,
            "discretionary": found.totals.discretionary,
            "totals": found.totals,
            "strain": found.strain,
            "policy": services.discretionary_policy(record),
            "reach": _reach(request),
        },
    )


@access.requires(Permission.VIEW_PERSONAL_DATA)
def outcome(request: HttpRequest, number: int, ref: str) -> HttpResponse:
    record = access.get_or_404(workforce_access.runs_for(request.user), number=number)
    visible = workforce_access.outcomes_for(request.user, record)
    item = access.get_or_404(visible, staff__employee_ref=ref)
    refs = visible.order_by("staff__employee_ref").values_list("staff__employee_ref", flat=True)
    previous = refs.filter(staff__employee_ref__lt=ref).last()
    following = refs.filter(staff__employee_ref__gt=ref).first()
    return render(
        request,
        "workforce/outcome.html",
        {
            "section": "workforce",
            "run": record,
            "item": item,
            "previous": previous,
            "following": following,
            "labels": OUTCOME_LABELS,
            "flag_labels": FLAG_LABELS,
            "may_decide": access.has_permission(request.user, Permission.DECIDE_WORKFORCE)
            and workforce_access.outcomes_to_decide(request.user, record)
            .filter(pk=item.pk)
            .exists(),
            "history": changes_for(item)
            if access.has_permission(request.user, Permission.VIEW_HISTORY)
            else None,
        },
    )


def _next_awaiting(request: HttpRequest, record: MatchingRun, ref: str) -> str | None:
    """The next person (by employee ref, wrapping round) awaiting a decision the user makes."""
    awaiting = (
        workforce_access.outcomes_to_decide(request.user, record)
        .filter(decision=Decision.PENDING)
        .order_by("staff__employee_ref")
        .values_list("staff__employee_ref", flat=True)
    )
    return (
        awaiting.filter(staff__employee_ref__gt=ref).first()
        or awaiting.exclude(staff__employee_ref=ref).first()
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.DECIDE_WORKFORCE)
def decide(request: HttpRequest, number: int, ref: str) -> HttpResponse:
    record = access.get_or_404(workforce_access.runs_for(request.user), number=number)
    item = workforce_access.outcome_to_decide(request.user, record, ref)
    posts = Post.objects.select_related("council", "grade").order_by("post_ref")
    taken = services.places_taken(record)
    stale: StaleEditError | None = None
    breaches: list[str] = []
    if request.method == "POST":
        form = DecisionForm(request.POST, posts=posts, taken=taken)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.decide_outcome(
                    item,
                    data["version"],
                    request.user,  # type: ignore[arg-type]
                    data["decision"],
                    data["reason"],
                    data.get("outcome") or "",
                    data.get("post"),
                    accept_breaches=bool(data.get("accept_breaches")),
                )
            except StaleEditError as error:
                stale = error
                form = offer_again(
                    lambda data, saved: DecisionForm(data, posts=posts, taken=taken),
                    request.POST,
                    error,
                )
            except services.PolicyBreachError as error:
                breaches = error.breaches
                form.add_error(
                    "accept_breaches",
                    "Confirm that you decide this override although it departs from the policy",
                )
            except services.PostFullError as error:
                form.add_error("post" if data["decision"] == "overridden" else None, str(error))
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                messages.success(request, f"Your decision for {ref} has been saved.")
                if request.POST.get("then") == "next":
                    following = _next_awaiting(request, record, ref)
                    if following is not None:
                        return redirect("workforce:decide", number=number, ref=following)
                    messages.info(request, "No one else you decide for is awaiting a decision.")
                    return redirect("workforce:run_outcomes", number=number)
                return redirect("workforce:outcome", number=number, ref=ref)
    else:
        form = DecisionForm(
            posts=posts,
            taken=taken,
            initial={
                "version": item.version,
                "post": item.proposed_post.post_ref if item.proposed_post else None,
            },
        )
    return render(
        request,
        "workforce/decide.html",
        {
            "section": "workforce",
            "run": record,
            "item": item,
            "form": form,
            "stale": stale,
            "breaches": breaches,
            "labels": OUTCOME_LABELS,
            "flag_labels": FLAG_LABELS,
        },
    )


@access.requires(Permission.VIEW_WORKFORCE)
def grouping_list(request: HttpRequest) -> HttpResponse:
    groupings = list(workforce_access.groupings_for(request.user).prefetch_related("members"))
    if _wants_xlsx(request):
        return xlsx_response(
            "organised-groupings.xlsx",
            [
                Sheet(
                    "Organised groupings",
                    (
                        "Name",
                        "Moving to",
                        "Principal purpose",
                        "Transfer date",
                        "ELI due",
                        "People",
                    ),
                    [
                        (
                            g.name,
                            g.destination.code,
                            g.principal_purpose,
                            g.transfer_date,
                            g.eli_due,
                            len(g.members.all()),
                        )
                        for g in groupings
                    ],
                )
            ],
        )
    return render(
        request, "workforce/groupings.html", {"section": "workforce", "groupings": groupings}
    )


@access.requires(Permission.VIEW_WORKFORCE)
def grouping(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(workforce_access.groupings_for(request.user), pk=pk)
    people = None
    if workforce_access.may_see_people(request.user):
        people = list(workforce_access.staff_for(request.user).filter(organised_groupings=record))
    return render(
        request,
        "workforce/grouping.html",
        {
            "section": "workforce",
            "grouping": record,
            "people": people,
            "count": record.members.count(),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_WORKFORCE)
def new_grouping(request: HttpRequest) -> HttpResponse:
    staff = access.scoped(
        Staff.objects.order_by("team", "employee_ref"),
        request.user,
        Permission.VIEW_PERSONAL_DATA,
        via="employer",
    )
    form = GroupingForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.create_grouping(
                data["name"],
                data["destination"],
                data["principal_purpose"],
                data["transfer_date"],
                data["note"],
                list(data["members"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The organised grouping {record.name} has been saved.")
            return redirect("workforce:grouping", pk=record.pk)
    return render(request, "workforce/grouping_new.html", {"section": "workforce", "form": form})
