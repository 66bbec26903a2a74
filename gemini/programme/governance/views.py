"""Governance pages: a body and its meetings, the forward plan, a meeting; add and edit bodies,
meetings, agenda items and papers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.exports import Sheet, xlsx_response
from gemini.core.history import changes_for
from gemini.programme import access as programme_access
from gemini.programme.governance import services
from gemini.programme.governance.forms import (
    AgendaItemForm,
    GovernanceBodyForm,
    MeetingForm,
    PaperForm,
)
from gemini.programme.models import (
    AgendaItem,
    GovernanceBody,
    Meeting,
    Paper,
)
from gemini.programme.pages import (
    current_programme,
    edit_page,
    form_values,
    form_version,
    history_for,
    today,
    wants_export,
)


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_body(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)

    def save(form: GovernanceBodyForm) -> GovernanceBody:
        return services.create_body(programme, form_values(form, services.BODY_FIELDS))

    return edit_page(
        request,
        make_form=lambda data, record: GovernanceBodyForm(data),
        record=None,
        save=save,
        title="Add a governance body",
        caption="Governance",
        back=reverse("programme:overview"),
        done=lambda body: reverse("programme:body", args=[body.pk]),
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_body(request: HttpRequest, pk: int) -> HttpResponse:
    body = access.get_or_404(programme_access.bodies_for(request.user), pk=pk)

    def save(form: GovernanceBodyForm) -> GovernanceBody:
        return services.edit_body(body, form_version(form), form_values(form, services.BODY_FIELDS))

    return edit_page(
        request,
        make_form=lambda data, record: GovernanceBodyForm(
            data, instance=record, initial={"version": record.version}
        ),
        record=body,
        save=save,
        title=f"Edit {body.name}",
        caption="Governance",
        back=reverse("programme:body", args=[body.pk]),
    )


@access.requires(Permission.VIEW_PROGRAMME)
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting: its agenda, the papers the user may read, and the decisions made there."""
    record = access.get_or_404(programme_access.meetings_for(request.user), pk=pk)
    return render(
        request,
        "programme/meeting.html",
        {
            "section": "programme",
            "meeting": record,
            "agenda": list(
                programme_access.agenda_items_for(request.user)
                .filter(meeting=record)
                .order_by("order", "title")
            ),
            "papers": list(programme_access.papers_for(request.user).filter(meeting=record)),
            "decisions": list(
                programme_access.decisions_for(request.user)
                .filter(meeting=record)
                .order_by("reference")
            ),
            "may_manage": access.has_permission(request.user, Permission.MANAGE_PROGRAMME),
            "history": history_for(request, record),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    body = access.get_or_404(programme_access.bodies_for(request.user), pk=pk)

    def save(form: MeetingForm) -> Meeting:
        return services.create_meeting(body, form_values(form, services.MEETING_FIELDS))

    return edit_page(
        request,
        make_form=lambda data, record: MeetingForm(data),
        record=None,
        save=save,
        title=f"Add a meeting of the {body.short_name or body.name}",
        caption=body.name,
        back=reverse("programme:body", args=[body.pk]),
        done=lambda saved: reverse("programme:meeting", args=[saved.pk]),
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.meetings_for(request.user), pk=pk)

    def save(form: MeetingForm) -> Meeting:
        return services.edit_meeting(
            record, form_version(form), form_values(form, services.MEETING_FIELDS)
        )

    return edit_page(
        request,
        make_form=lambda data, current: MeetingForm(
            data, instance=current, initial={"version": current.version}
        ),
        record=record,
        save=save,
        title=f"Edit the meeting of {record.date:%d/%m/%Y}",
        caption=record.body.name,
        back=reverse("programme:meeting", args=[record.pk]),
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_agenda_item(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.meetings_for(request.user), pk=pk)
    following = (
        record.agenda_items.order_by("-order").values_list("order", flat=True).first()
    ) or 0

    def make_form(data: QueryDict | None, current: Any) -> AgendaItemForm:
        return AgendaItemForm(data, meeting=record, initial={"order": following + 1})

    def save(form: AgendaItemForm) -> AgendaItem:
        return services.create_agenda_item(record, form_values(form, services.AGENDA_ITEM_FIELDS))

    return edit_page(
        request,
        make_form=make_form,
        record=None,
        save=save,
        title="Add an agenda item",
        caption=f"{record.body.name}, {record.date:%d/%m/%Y}",
        back=reverse("programme:meeting", args=[record.pk]),
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_agenda_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_or_404(programme_access.agenda_items_for(request.user), pk=pk)

    def save(form: AgendaItemForm) -> AgendaItem:
        return services.edit_agenda_item(
            item, form_version(form), form_values(form, services.AGENDA_ITEM_FIELDS)
        )

    return edit_page(
        request,
        make_form=lambda data, current: AgendaItemForm(
            data, instance=current, meeting=item.meeting, initial={"version": current.version}
        ),
        record=item,
        save=save,
        title="Edit the agenda item",
        caption=f"{item.meeting.body.name}, {item.meeting.date:%d/%m/%Y}",
        back=reverse("programme:meeting", args=[item.meeting_id]),
    )


PAPER_INTRO = (
    "A paper is public (Part 1) unless it contains exempt information under Schedule 12A to "
    "the Local Government Act 1972. An exempt (Part 2) paper names its paragraph and records "
    "why the public interest in keeping it private outweighs the public interest in "
    "disclosing it; members and union representatives never see it."
)


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_paper(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.meetings_for(request.user), pk=pk)

    def save(form: PaperForm) -> Paper:
        return services.create_paper(record, form_values(form, services.PAPER_FIELDS))

    return edit_page(
        request,
        make_form=lambda data, current: PaperForm(data),
        record=None,
        save=save,
        title="Add a paper",
        caption=f"{record.body.name}, {record.date:%d/%m/%Y}",
        back=reverse("programme:meeting", args=[record.pk]),
        intro=PAPER_INTRO,
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_paper(request: HttpRequest, pk: int) -> HttpResponse:
    paper = access.get_or_404(programme_access.papers_for(request.user), pk=pk)

    def save(form: PaperForm) -> Paper:
        return services.edit_paper(
            paper, form_version(form), form_values(form, services.PAPER_FIELDS)
        )

    return edit_page(
        request,
        make_form=lambda data, current: PaperForm(
            data, instance=current, initial={"version": current.version}
        ),
        record=paper,
        save=save,
        title=f"Edit {paper.title}",
        caption=f"{paper.meeting.body.name}, {paper.meeting.date:%d/%m/%Y}",
        back=reverse("programme:meeting", args=[paper.meeting_id]),
        intro=PAPER_INTRO,
    )


@access.requires(Permission.VIEW_PROGRAMME)
def body(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.bodies_for(request.user), pk=pk)
    meetings = Meeting.objects.filter(body=record).order_by("-date")
    papers = programme_access.papers_for(request.user).filter(meeting__body=record)
    by_meeting: dict[int, list[object]] = {}
    for paper in papers:
        by_meeting.setdefault(paper.meeting_id, []).append(paper)
    visible_papers = {paper.pk for paper in papers}
    agenda: dict[int, list[AgendaItem]] = {}
    for item in AgendaItem.objects.filter(meeting__body=record).order_by("order"):
        if item.paper_id is None or item.paper_id in visible_papers:
            agenda.setdefault(item.meeting_id, []).append(item)
    decisions: dict[int, list[object]] = {}
    for decision in programme_access.decisions_for(request.user).filter(body=record):
        decisions.setdefault(decision.meeting_id or 0, []).append(decision)
    return render(
        request,
        "programme/body.html",
        {
            "section": "programme",
            "body": record,
            "meetings": [
                (
                    meeting,
                    by_meeting.get(meeting.pk, []),
                    agenda.get(meeting.pk, []),
                    decisions.get(meeting.pk, []),
                )
                for meeting in meetings
            ],
            "history": changes_for(record)
            if access.has_permission(request.user, Permission.VIEW_HISTORY)
            else None,
        },
    )


@access.requires(Permission.VIEW_PROGRAMME)
def forward_plan(request: HttpRequest) -> HttpResponse:
    """Meetings to come (and, below, those held), with their agenda items."""
    programme = current_programme(request)
    when = today()
    bodies = programme_access.bodies_for(request.user).filter(programme=programme)
    meetings = list(Meeting.objects.filter(body__in=bodies).select_related("body").order_by("date"))
    visible_papers = set(programme_access.papers_for(request.user).values_list("pk", flat=True))
    agenda: dict[int, list[AgendaItem]] = {}
    for item in AgendaItem.objects.filter(meeting__in=meetings).order_by("order"):
        if item.paper_id is None or item.paper_id in visible_papers:
            agenda.setdefault(item.meeting_id, []).append(item)
    if wants_export(request):
        return xlsx_response(
            "programme-meetings.xlsx",
            [
                Sheet(
                    "Meetings",
                    ["Date", "Body", "Title", "Agenda"],
                    [
                        [
                            m.date,
                            m.body.name,
                            m.title,
                            "; ".join(i.title for i in agenda.get(m.pk, [])),
                        ]
                        for m in meetings
                    ],
                )
            ],
        )
    return render(
        request,
        "programme/forward_plan.html",
        {
            "section": "programme",
            "upcoming": [(m, agenda.get(m.pk, [])) for m in meetings if m.date >= when],
            "held": [(m, agenda.get(m.pk, [])) for m in reversed(meetings) if m.date < when],
        },
    )
