"""Tracking: Microsoft's migration states read into Gemini's, and progress over time.

Pure: no Django. The state values are Gemini's (models.State): not_started, scheduled,
in_progress, completed, failed, not_applicable, rolled_back.

Mailbox moves (Exchange Online's migration users: `Get-MigrationUser`,
`Get-MigrationUserStatistics`; the MigrationUserStatus enumeration on Microsoft Learn) and
Microsoft Graph's per-workload states (REFERENCE.md §3) map as `MAILBOX_STATES` says;
OneDrive cross-tenant moves (`Get-SPOCrossTenantUserContentMoveState`; Microsoft Learn,
"Cross-tenant OneDrive migration, Step 6", Migration States) as `ONEDRIVE_STATES` says.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

# Microsoft's state (compared without case, spaces or underscores) → (Gemini's state, problem,
# what it means). A Synced mailbox has had its first copy and waits for completion.
MAILBOX_STATES: dict[str, tuple[str, str, str]] = {
    "queued": ("scheduled", "", "Queued"),
    "starting": ("scheduled", "", "Starting"),
    "validating": ("scheduled", "", "Validating"),
    "provisioning": ("scheduled", "", "Provisioning"),
    "provisionupdating": ("scheduled", "", "Provisioning (updating)"),
    "syncing": ("in_progress", "", "Syncing"),
    "incrementalsyncing": ("in_progress", "", "Incremental sync"),
    "synced": ("in_progress", "", "Synced: ready to complete"),
    "incrementalsynced": ("in_progress", "", "Incremental sync done: ready to complete"),
    "completionsynced": ("in_progress", "", "Completion synced"),
    "completing": ("in_progress", "", "Completing"),
    "completed": ("completed", "", "Completed"),
    "completedwithwarning": ("completed", "warnings", "Completed with warnings"),
    "completedwithwarnings": ("completed", "warnings", "Completed with warnings"),
    "failed": ("failed", "", "Failed"),
    "incrementalfailed": ("failed", "", "Incremental sync failed"),
    "completionfailed": ("failed", "", "Completion failed"),
    "corrupted": ("failed", "", "Corrupted"),
    "stopped": ("failed", "other", "Stopped by an administrator: resume or remove it"),
    "incrementalstopped": ("failed", "other", "Stopped by an administrator: resume or remove it"),
    # Microsoft Graph's per-workload states (cross-tenant migration jobs).
    "notstarted": ("not_started", "", "Not started"),
    "valid": ("scheduled", "", "Validated"),
    "invalid": ("failed", "", "Validation failed"),
    "error": ("failed", "", "Error"),
    "inprogress": ("in_progress", "", "In progress"),
    "finalizing": ("in_progress", "", "Finalising"),
    "cancelled": ("failed", "other", "Cancelled"),
}

ONEDRIVE_STATES: dict[str, tuple[str, str, str]] = {
    "notstarted": ("not_started", "", "NotStarted"),
    "scheduled": ("scheduled", "", "Scheduled"),
    "readytotrigger": ("scheduled", "", "ReadytoTrigger: pre-flight, starts shortly"),
    "inprogress": ("in_progress", "", "InProgress"),
    "success": ("completed", "", "Success"),
    "rescheduled": ("scheduled", "", "Rescheduled: requeued for another pass"),
    "failed": ("failed", "", "Failed"),
    "stopped": ("not_started", "", "Stopped: cancelled while queued"),
}

# Words in a tool's error text → Gemini's problem (the first that matches).
PROBLEM_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bhold\b|litigation|ediscovery", "hold"),
    (r"already exists|conflict", "onedrive_exists"),
    (r"too long|path length|400 characters", "path_too_long"),
    (r"apostrophe", "apostrophe"),
)


def state_key(value: str) -> str:
    """A state as the tables hold it: lower case, without spaces, hyphens or underscores."""
    return re.sub(r"[\s_\-]+", "", value.strip().lower())


def problem_from_error(text: str) -> str:
    """Gemini's problem for a tool's error message ("" when none is recognised)."""
    lowered = text.lower()
    for pattern, problem in PROBLEM_WORDS:
        if re.search(pattern, lowered):
            return problem
    return ""


def onedrive_site_path(upn: str) -> str:
    """The path of a person's OneDrive, as SharePoint makes it from the UPN: /personal/ and
    the address with every character that is not a letter or digit made an underscore."""
    return "/personal/" + re.sub(r"[^a-z0-9]", "_", upn.lower())


@dataclass(frozen=True)
class Step:
    """One recorded state of one person's workload, at a time."""

    person: int
    workload: str
    state: str
    at: dt.datetime


@dataclass(frozen=True)
class TrendPoint:
    day: dt.date
    done: dict[str, int]  # workload → people finished (completed or not applicable)
    failed: int  # people with any workload failed or rolled back at the end of the day


def trend(
    steps: Iterable[Step],
    days: Sequence[dt.date],
    done_states: frozenset[str],
    failed_states: frozenset[str],
    workloads: Sequence[str],
    day_of: Callable[[dt.datetime], dt.date] | None = None,
) -> list[TrendPoint]:
    """For each day in `days` (ascending), how many people had each workload finished, and how
    many had a failure open, at the end of the day. `steps` may come in any order; a later
    step of the same workload replaces an earlier one; ties keep the order given. `day_of`
    gives the day a moment falls on (default: its own date; pass the service's time zone's)."""
    day_of = day_of or _own_date
    ordered = sorted(steps, key=lambda s: s.at)
    current: dict[tuple[int, str], str] = {}
    points: list[TrendPoint] = []
    index = 0
    for day in days:
        while index < len(ordered) and day_of(ordered[index].at) <= day:
            step = ordered[index]
            current[(step.person, step.workload)] = step.state
            index += 1
        done = dict.fromkeys(workloads, 0)
        failing: set[int] = set()
        for (person, workload), state in current.items():
            if state in done_states and workload in done:
                done[workload] += 1
            if state in failed_states:
                failing.add(person)
        points.append(TrendPoint(day, done, len(failing)))
    return points


def _own_date(moment: dt.datetime) -> dt.date:
    return moment.date()


def sample_days(first: dt.date, last: dt.date, points: int = 26) -> list[dt.date]:
    """Up to `points` evenly spaced days from `first` to `last`, both included, ascending."""
    if last <= first:
        return [first]
    span = (last - first).days
    step = max(1, -(-span // (points - 1)))
    days = [first + dt.timedelta(days=offset) for offset in range(0, span, step)]
    return [*days, last]
