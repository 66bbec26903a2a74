"""Writes for the cut-over checklist: each council's steps that are not a person's move — DNS
(MX, Autodiscover), mail-flow coexistence (organisation relationship, free/busy), GAL sync,
licences, Intune and Autopilot re-enrolment — with a due date, an owner and a state.

One function per action, atomic, recorded by the history; the checklist page, the demo and
tests call them the same way. The read side is figures.cutover_checklist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gemini.core.models import Organisation
from gemini.core.versioning import StaleEditError, save_edit
from gemini.migration import models as m


def councils() -> list[Organisation]:
    """The organisations with a checklist: every council (the one that moves and the one that
    stays both have steps on their side of the cut-over)."""
    return list(Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("code"))


def task_problem(state: str, done_on: dt.date | None) -> dict[str, str]:
    """Why a step cannot be saved so (by field), or {}: Done needs the day it was done, and
    only Done has one."""
    if state == m.CutoverState.DONE and done_on is None:
        return {"done_on": "Enter the day it was done."}
    if state != m.CutoverState.DONE and done_on is not None:
        return {"done_on": "Only a step that is Done has a day it was done; clear it."}
    return {}


def save_task(
    organisation: Organisation, item: str, expected_version: int, changes: Mapping[str, Any]
) -> m.CutoverTask:
    """Set one step of a council's checklist (its due date, owner, state, day done, note) from
    the version the editor saw: 0 when the step was not recorded yet.

    Raises StaleEditError (nothing written) if someone saved it meanwhile, ValidationError if
    the state and the day done disagree.
    """
    with transaction.atomic():
        task = m.CutoverTask.objects.filter(organisation=organisation, item=item).first()
        current = {"state": task.state, "done_on": task.done_on} if task else {}
        merged = {"state": m.CutoverState.TO_DO, "done_on": None, **current, **changes}
        problems = task_problem(merged["state"], merged["done_on"])
        if problems:
            raise ValidationError(problems)
        if task is None:
            if expected_version != 0:
                none_yet = m.CutoverTask(organisation=organisation, item=item, version=0)
                raise StaleEditError(none_yet, expected_version)
            task = m.CutoverTask(organisation=organisation, item=item, **changes)
            task.full_clean()
            try:
                with transaction.atomic():
                    task.save()
            except IntegrityError:  # someone recorded it after we looked
                saved = m.CutoverTask.objects.get(organisation=organisation, item=item)
                raise StaleEditError(saved, 0) from None
            return task
        return save_edit(task, expected_version, changes)
