"""Governance pages: add and edit bodies, their meetings, agenda items and papers; one
meeting's page. Papers are Part 1 (public) or Part 2 (exempt, Schedule 12A): an exempt paper,
and an agenda item that takes one, never reach a member or union representative.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.programme import access as programme_access
from gemini.programme import governance_services
from gemini.programme.form_pages import edit_page, history_for
from gemini.programme.governance_forms import (
    AgendaItemForm,
    GovernanceBodyForm,
    MeetingForm,
    PaperForm,
)
from gemini.programme.models import AgendaItem, GovernanceBody, Meeting, Paper
from gemini.programme.views import current_programme


def _values(form: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in names}


def _version(form: Any) -> int:
    return int(form.cleaned_data.get("version") or 0)


# ---------------------------------------------------------------- bodies


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_body(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)

    def save(form: GovernanceBodyForm) -> GovernanceBody:
        return governance_services.create_body(
            programme, _values(form, governance_services.BODY_FIELDS)
        )

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
        return governance_services.edit_body(
            body, _version(form), _values(form, governance_services.BODY_FIELDS)
        )

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


# ---------------------------------------------------------------- meetings


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
        return governance_services.create_meeting(
            body, _values(form, governance_services.MEETING_FIELDS)
        )

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
        return governance_services.edit_meeting(
            record, _version(form), _values(form, governance_services.MEETING_FIELDS)
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


# ---------------------------------------------------------------- agenda items


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
        return governance_services.create_agenda_item(
            record, _values(form, governance_services.AGENDA_ITEM_FIELDS)
        )

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
        return governance_services.edit_agenda_item(
            item, _version(form), _values(form, governance_services.AGENDA_ITEM_FIELDS)
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


# ---------------------------------------------------------------- papers

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
        return governance_services.create_paper(
            record, _values(form, governance_services.PAPER_FIELDS)
        )

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
        return governance_services.edit_paper(
            paper, _version(form), _values(form, governance_services.PAPER_FIELDS)
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
