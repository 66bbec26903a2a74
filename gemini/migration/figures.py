"""The migration's read side (docs/architecture.md, "The read side"): progress per wave,
figures per workload with their failures, progress over time, and each council's cut-over
checklist. Figures only, no names: every role with VIEW_MIGRATION sees them.

- `progress(as_at, reader)`: people per wave of the latest plan made by `as_at` and how many had
  finished each phase by then, with the devices. The one read of it: the migration page and its
  Excel export, `/api/v1/migration/progress` (`?as_at=`), `gemini migration board`, the home
  panel and the committee report's migration figures.
- `workload_figures(as_at)`, `workload_trend(as_at)`: the board's figures per workload and
  over time, for the latest plan made by `as_at`, from the statuses recorded by then.
- `cutover_checklist(as_at)`: the page, the CLI and the report's technical section.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.asat import dated, end_of_day, recorded, today
from gemini.core.models import Organisation
from gemini.migration import models as m
from gemini.migration.engine import tracking


@dataclass(frozen=True)
class WaveProgress:
    """One wave: its people, and how many had finished phase 1 (all four data workloads) and
    phase 2 (account and device) by the end of the day (each completed or not applicable)."""

    id: int  # the wave's record (its page, for those who may manage the move)
    number: int
    name: str
    kind: str
    submit_by: dt.date
    cutover: dt.date
    users: int
    phase_1: int
    phase_2: int


@dataclass(frozen=True)
class Progress:
    """The migration's progress at the end of `as_at`: the latest plan made by then (None if
    there was none, and then no waves) and the devices recorded then."""

    as_at: dt.date
    planned_at: dt.datetime | None
    waves: tuple[WaveProgress, ...]
    devices: int

    @property
    def users(self) -> int:
        return sum(w.users for w in self.waves)

    @property
    def phase_1(self) -> int:
        return sum(w.phase_1 for w in self.waves)

    @property
    def phase_2(self) -> int:
        return sum(w.phase_2 for w in self.waves)

    @property
    def percent_complete(self) -> Decimal | None:
        """Phase 2 finished as a share of the people placed (None with nobody placed)."""
        return Decimal(self.phase_2) * 100 / self.users if self.users else None


def plan_as_at(as_at: dt.date) -> m.Plan | None:
    """The latest wave plan made on or before `as_at` (as it stood then)."""
    plans = dated(recorded(m.Plan, as_at), as_at, "created_at")
    return plans.order_by("-created_at", "-pk").first()


def progress(as_at: dt.date, reader: Any = None) -> Progress:
    """People per wave and how many had finished each phase by the end of `as_at`.

    Read as at the day (core.asat): the plan is the latest made by then, its waves and
    placements as they stood then, and a workload status counts as it was recorded by the end
    of the day and only if its own `updated_at` falls by then (a status import may date a step
    later than it was entered). Counts only, no names: the reader needs VIEW_MIGRATION, which
    every role holds, and sees the whole move (gemini/migration/access.py); `reader` None is
    the system (the CLI and the committee report).
    """
    if reader is not None:
        access.require(reader, Permission.VIEW_MIGRATION)
    devices = recorded(m.Device, as_at).count()
    plan = plan_as_at(as_at)
    if plan is None:
        return Progress(as_at, None, (), devices)
    waves = list(recorded(m.Wave, as_at).filter(plan_id=plan.pk).order_by("number"))
    wave_of = {
        p.identity_id: p.wave_id
        for p in recorded(m.Placement, as_at).filter(plan_id=plan.pk, wave_id__isnull=False)
    }
    finished: dict[int, set[str]] = {}
    for status in _statuses_by(as_at).filter(state__in=m.DONE_STATES):
        if status.identity_id in wave_of:
            finished.setdefault(status.identity_id, set()).add(status.workload)
    phase_1, phase_2 = set(m.PHASE_1), set(m.PHASE_2)
    people: dict[int, list[int]] = {}
    for identity, wave_id in wave_of.items():
        if wave_id is not None:
            people.setdefault(wave_id, []).append(identity)
    rows = []
    for wave in waves:
        placed = people.get(wave.pk, [])
        rows.append(
            WaveProgress(
                id=wave.pk,
                number=wave.number,
                name=wave.name,
                kind=wave.kind,
                submit_by=wave.submit_by,
                cutover=wave.cutover,
                users=len(placed),
                phase_1=sum(1 for i in placed if phase_1 <= finished.get(i, set())),
                phase_2=sum(1 for i in placed if phase_2 <= finished.get(i, set())),
            )
        )
    return Progress(as_at, plan.created_at, tuple(rows), devices)


@dataclass(frozen=True)
class WorkloadFigure:
    workload: str
    label: str
    phase: int
    people: int  # everyone the plan placed
    states: dict[str, int]  # state → people in it now; a status never recorded is Not started
    done: int  # completed or not applicable
    failed: int
    rolled_back: int
    problems: int  # statuses that name a problem (a hold, a path too long, …), in any state


def _placed(plan: m.Plan, as_at: dt.date) -> list[int]:
    """The people the plan had placed in a wave at the end of `as_at`."""
    return list(
        recorded(m.Placement, as_at)
        .filter(plan_id=plan.pk, wave_id__isnull=False)
        .values_list("identity_id", flat=True)
    )


def _statuses_by(as_at: dt.date) -> Any:
    """The workload statuses as they stood at the end of `as_at`, each counted only if its own
    time falls by then (as `progress` counts them)."""
    return dated(recorded(m.WorkloadStatus, as_at), as_at, "updated_at")


def workload_figures(as_at: dt.date) -> list[WorkloadFigure]:
    """For each of the six workloads, how many of the people placed by the latest plan made by
    `as_at` were in each state at the end of that day, with the failures and problems. A
    status not recorded by then counts as Not started; no plan by then gives no figures."""
    plan = plan_as_at(as_at)
    if plan is None:
        return []
    people = _placed(plan, as_at)
    counts: dict[str, dict[str, int]] = {w.value: {} for w in m.Workload}
    problems: dict[str, int] = dict.fromkeys(counts, 0)
    rows = (
        _statuses_by(as_at)
        .filter(identity_id__in=people)
        .order_by()
        .values("workload", "state")
        .annotate(n=Count("pk"), with_problem=Count("pk", filter=~Q(problem="")))
    )
    for row in rows:
        counts[row["workload"]][row["state"]] = row["n"]
        problems[row["workload"]] += row["with_problem"]
    figures = []
    for workload in m.Workload:
        states = {state.value: counts[workload.value].get(state.value, 0) for state in m.State}
        states[m.State.NOT_STARTED] += len(people) - sum(counts[workload.value].values())
        figures.append(
            WorkloadFigure(
                workload=workload.value,
                label=workload.label,
                phase=1 if workload in m.PHASE_1 else 2,
                people=len(people),
                states=states,
                done=sum(states[s] for s in m.DONE_STATES),
                failed=states[m.State.FAILED],
                rolled_back=states[m.State.ROLLED_BACK],
                problems=problems[workload.value],
            )
        )
    return figures


@dataclass(frozen=True)
class Trend:
    days: list[dt.date]
    people: int
    done: dict[str, list[int]]  # workload label → people finished at the end of each day
    failing: list[int]  # people with a workload failed or rolled back at the end of each day


def workload_trend(as_at: dt.date, points: int = 26) -> Trend | None:
    """Progress over time from the statuses' history, up to the end of `as_at`: at up to
    `points` days from the first recorded step to the last recorded by then, how many people
    placed by the latest plan made by `as_at` had finished each workload and how many had a
    failure open. None when there was no plan or nothing had been recorded by then."""
    plan = plan_as_at(as_at)
    if plan is None:
        return None
    people = _placed(plan, as_at)
    steps = [
        tracking.Step(identity, workload, state, at)
        for identity, workload, state, at in m.WorkloadStatus.history.filter(
            identity_id__in=people, history_date__lte=end_of_day(as_at)
        )
        .exclude(history_type="-")
        .order_by("history_date", "history_id")
        .values_list("identity_id", "workload", "state", "history_date")
    ]
    if not steps:
        return None

    def day_of(moment: dt.datetime) -> dt.date:
        return timezone.localtime(moment).date()

    days = tracking.sample_days(day_of(steps[0].at), day_of(steps[-1].at), points)
    series = tracking.trend(
        steps,
        days,
        frozenset(s.value for s in m.DONE_STATES),
        frozenset(s.value for s in m.EXCEPTION_STATES),
        [w.value for w in m.Workload],
        day_of,
    )
    return Trend(
        days=days,
        people=len(people),
        done={w.label: [p.done[w.value] for p in series] for w in m.Workload},
        failing=[p.failed for p in series],
    )


@dataclass(frozen=True)
class CutoverStep:
    item: str
    label: str
    due: dt.date | None
    owner: str
    state: str  # a CutoverState value, or "" when the step has not been recorded
    state_label: str
    done_on: dt.date | None
    note: str


@dataclass(frozen=True)
class CouncilChecklist:
    code: str
    name: str
    steps: list[CutoverStep]

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.state in ("done", "not_applicable"))


def cutover_checklist(as_at: dt.date | None = None) -> list[CouncilChecklist]:
    """Each council's cut-over checklist as it stood at the end of `as_at` (today if not
    given), the steps in the checklist's order. A step not recorded yet is shown as such."""
    as_at = as_at or today()
    tasks = {(t.organisation_id, t.item): t for t in recorded(m.CutoverTask, as_at)}
    result = []
    for council in Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("code"):
        steps = []
        for item in m.CutoverItem:
            task = tasks.get((council.pk, item.value))
            if task is None:
                steps.append(
                    CutoverStep(item.value, item.label, None, "", "", "Not recorded", None, "")
                )
                continue
            steps.append(
                CutoverStep(
                    item.value,
                    item.label,
                    task.due,
                    task.owner,
                    task.state,
                    m.CutoverState(task.state).label,
                    task.done_on,
                    task.note,
                )
            )
        result.append(CouncilChecklist(council.code, council.name, steps))
    return result
