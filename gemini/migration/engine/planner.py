"""The wave planner: move groups from mailbox permissions, then waves under limits.

Rules (docs/migration.md gives their sources):

1. **Move groups.** Mailbox and calendar permissions do not work across tenants, so a mailbox
   and everyone holding Full Access, Send As, Send on Behalf or Calendar Folder rights on it
   move in the same batch. The groups are the connected components of the undirected
   mailbox–delegate graph (`scipy.sparse.csgraph.connected_components`), as Microsoft
   FastTrack's `Find-MailboxDelegates` does. Links to or from an account on the exclusion list
   are not followed (service accounts and broad groups would join everyone).
2. **Too big.** A group over a wave's limits (users or GB) cannot be placed: it is a finding,
   naming the hub accounts whose exclusion would split it, and its people are left unplaced.
3. **Waves**, in this order: a pilot of small independent groups drawn from every department
   in turn; then departments, largest first, each kept whole in the first wave with room when
   it fits within the limits, otherwise its groups spread by first fit; then the VIPs' groups
   together in their own named wave(s), once the process is proven.
4. **Dates.** The first cutover is the first UK working day at least `submit_lead_days` after
   the start (the first submission); each later wave `wave_interval_working_days` working days
   after the one before; each batch is submitted by the last working day at least
   `submit_lead_days` before its cutover. Weekends and England and Wales bank holidays are
   skipped.

Deterministic: people are ordered by UPN, ties broken by name; no randomness.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

from gemini.migration.engine import calendar


class Right(enum.StrEnum):
    """Mailbox rights, named as FastTrack's permissions file names them."""

    FULL_ACCESS = "Full Access"
    SEND_AS = "Send As"
    SEND_ON_BEHALF = "SendOnBehalfTo"
    CALENDAR_FOLDER = "Calendar Folder"
    NONE = "None"


MOVE_TOGETHER = frozenset(
    {Right.FULL_ACCESS, Right.SEND_AS, Right.SEND_ON_BEHALF, Right.CALENDAR_FOLDER}
)
NO_DEPARTMENT = "(no department)"
SERVICE_LIKE = re.compile(r"^(svc|service|srv|admin|noreply|no-reply|scan|app|sync)[._-]", re.I)


@dataclass(frozen=True)
class Mover:
    """A person (or shared mailbox) in the move."""

    upn: str
    department: str = ""
    gb: Decimal = Decimal(0)  # mailbox plus OneDrive
    vip: bool = False
    display_name: str = ""


@dataclass(frozen=True)
class MailboxPermission:
    mailbox: str
    user: str
    right: str


@dataclass(frozen=True)
class Limits:
    start: dt.date  # the first batch is submitted on or after this day
    max_users: int = 2000  # Microsoft's cap on mailboxes per cross-tenant batch
    max_gb: Decimal = Decimal(10_000)
    pilot_users: int = 25
    submit_lead_days: int = 14
    wave_interval_working_days: int = 5

    def __post_init__(self) -> None:
        if self.max_users < 1:
            raise ValueError("The users per wave must be at least 1.")
        if self.max_gb <= 0:
            raise ValueError("The data per wave must be more than 0 GB.")
        if self.pilot_users < 0 or self.submit_lead_days < 0:
            raise ValueError("The pilot size and submission lead time cannot be negative.")
        if self.wave_interval_working_days < 1:
            raise ValueError("Waves must be at least one working day apart.")


@dataclass(frozen=True)
class PlanInput:
    movers: Sequence[Mover]
    permissions: Sequence[MailboxPermission]
    limits: Limits
    exclusions: frozenset[str] = frozenset()
    staying: frozenset[str] = frozenset()  # known identities that stay in the source tenant


@dataclass(frozen=True)
class MoveGroup:
    number: int
    members: tuple[str, ...]
    department: str
    gb: Decimal
    links: int
    vip: bool

    @property
    def size(self) -> int:
        return len(self.members)

    def describe(self) -> str:
        if self.size == 1:
            return f"move group {self.number} (on their own: no delegate links to follow)"
        return (
            f"move group {self.number} ({self.size} people joined by {self.links} delegate "
            f"link(s) that must move together)"
        )


@dataclass(frozen=True)
class Wave:
    number: int
    name: str
    kind: str  # pilot, department or vip
    cutover: dt.date
    submit_by: dt.date
    users: tuple[str, ...]
    gb: Decimal
    reason: str


@dataclass(frozen=True)
class Placement:
    upn: str
    wave: str
    group: int
    reason: str


@dataclass(frozen=True)
class Finding:
    kind: str
    detail: str
    users: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    waves: tuple[Wave, ...]
    groups: tuple[MoveGroup, ...]
    placements: tuple[Placement, ...]
    findings: tuple[Finding, ...]
    unplaced: tuple[str, ...]
    limits: Limits


@dataclass
class _Bin:
    kind: str
    users: int = 0
    gb: Decimal = Decimal(0)
    groups: list[MoveGroup] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, group: MoveGroup) -> None:
        self.groups.append(group)
        self.users += group.size
        self.gb += group.gb


def _plural(count: int, word: str) -> str:
    many = "people" if word == "person" else f"{word}s"
    return f"{count:,} {word}" if count == 1 else f"{count:,} {many}"


def _graph(
    request: PlanInput, index: dict[str, int]
) -> tuple[csr_matrix, list[Finding], np.ndarray, np.ndarray]:
    """The undirected mailbox–delegate graph over the movers, and findings about dropped links."""
    rows: list[int] = []
    cols: list[int] = []
    staying_links: list[MailboxPermission] = []
    excluded_links: Counter[str] = Counter()
    exclusions = request.exclusions
    for permission in request.permissions:
        if permission.right not in MOVE_TOGETHER:
            continue
        if permission.mailbox in exclusions or permission.user in exclusions:
            for upn in (permission.mailbox, permission.user):
                if upn in exclusions:
                    excluded_links[upn] += 1
            continue
        a = index.get(permission.mailbox)
        b = index.get(permission.user)
        if a is None or b is None:
            if (a is None) != (b is None):
                staying_links.append(permission)
            continue
        if a != b:
            rows.append(a)
            cols.append(b)
    size = len(index)
    row_array = np.asarray(rows, dtype=np.int64)
    col_array = np.asarray(cols, dtype=np.int64)
    graph = coo_matrix(
        (np.ones(len(rows), dtype=np.int8), (row_array, col_array)), shape=(size, size)
    ).tocsr()
    findings: list[Finding] = []
    if staying_links:
        examples = "; ".join(
            f"{p.user} has {p.right} on {p.mailbox}"
            for p in sorted(staying_links, key=lambda p: (p.mailbox, p.user, p.right))[:5]
        )
        users = sorted({p.mailbox for p in staying_links} | {p.user for p in staying_links})
        findings.append(
            Finding(
                "delegate-stays",
                f"{_plural(len(staying_links), 'permission')} link someone who moves with "
                f"someone who stays in the source tenant; they stop working at the move and "
                f"must be replaced (e.g. {examples}).",
                tuple(u for u in users if u in index),
            )
        )
    if excluded_links:
        listed = ", ".join(
            f"{upn} ({_plural(count, 'link')})"
            for upn, count in sorted(excluded_links.items(), key=lambda i: (-i[1], i[0]))[:5]
        )
        findings.append(
            Finding(
                "excluded",
                f"Links of {_plural(len(excluded_links), 'excluded account')} were not followed "
                f"when grouping: {listed}. Re-grant their rights after the move.",
                tuple(sorted(upn for upn in excluded_links if upn in index)),
            )
        )
    return graph, findings, row_array, col_array


def _groups(
    request: PlanInput, movers: list[Mover], graph: csr_matrix, rows: np.ndarray
) -> list[MoveGroup]:
    count, labels = connected_components(graph, directed=False)
    # Number the groups by their first member in UPN order (scipy already does; make it sure).
    first = np.full(count, len(movers), dtype=np.int64)
    np.minimum.at(first, labels, np.arange(len(movers)))
    renumber = np.empty(count, dtype=np.int64)
    renumber[np.argsort(first, kind="stable")] = np.arange(count)
    labels = renumber[labels]
    links = np.bincount(labels[rows], minlength=count) if len(rows) else np.zeros(count, int)
    order = np.argsort(labels, kind="stable")
    bounds = np.cumsum(np.bincount(labels, minlength=count))
    groups: list[MoveGroup] = []
    start = 0
    for number in range(count):
        end = int(bounds[number])
        members = [movers[i] for i in order[start:end]]
        start = end
        if len(members) == 1:
            only = members[0]
            department = only.department or NO_DEPARTMENT
            gb = only.gb
            vip = only.vip
        else:
            tally = Counter(m.department or NO_DEPARTMENT for m in members)
            department = min(tally, key=lambda d: (-tally[d], d))
            gb = sum((m.gb for m in members), Decimal(0))
            vip = any(m.vip for m in members)
        groups.append(
            MoveGroup(
                number + 1,
                tuple(m.upn for m in members),
                department,
                gb,
                int(links[number]),
                vip,
            )
        )
    return groups


def _too_big(group: MoveGroup, graph: csr_matrix, index: dict[str, int], limits: Limits) -> Finding:
    """A group over the limits, with the hub accounts whose exclusion would split it."""
    nodes = np.asarray([index[upn] for upn in group.members], dtype=np.int64)
    sub = graph[nodes][:, nodes]
    sub = ((sub + sub.T) > 0).astype(np.int8).tocsr()
    degree = np.asarray(sub.sum(axis=1)).ravel()
    ranked = sorted(
        range(len(nodes)),
        key=lambda i: (
            not SERVICE_LIKE.match(group.members[i]),
            -int(degree[i]),
            group.members[i],
        ),
    )[:3]
    pieces, largest, chosen = 1, len(nodes), ranked[:1]
    for count in range(1, len(ranked) + 1):  # the fewest hubs whose exclusion is enough
        chosen = ranked[:count]
        keep = np.ones(len(nodes), dtype=bool)
        keep[chosen] = False
        pieces, labels = connected_components(sub[keep][:, keep], directed=False)
        largest = int(np.bincount(labels).max()) if len(labels) else 0
        if largest <= limits.max_users:
            break
    ranked = chosen
    hubs = ", ".join(
        f"{group.members[i]} (linked to {_plural(int(degree[i]), 'person')}"
        f"{', service-like' if SERVICE_LIKE.match(group.members[i]) else ''})"
        for i in ranked
    )
    over = []
    if group.size > limits.max_users:
        over.append(f"{group.size:,} users, over the {limits.max_users:,} limit")
    if group.gb > limits.max_gb:
        over.append(f"{group.gb:,} GB, over the {limits.max_gb:,} GB limit")
    return Finding(
        "group-too-big",
        f"Move group {group.number} has {' and '.join(over)}, so it cannot be placed. "
        f"Its weakest links are through {hubs}. Excluding them would split it into "
        f"{_plural(pieces, 'group')}, the largest {_plural(largest, 'person')}: add them to "
        f"the exclusions (their rights are re-granted after the move) and plan again.",
        group.members,
    )


def _first_fit(
    bins: list[_Bin], users: int, gb: Decimal, limits: Limits, kind: str, start: int = 0
) -> _Bin:
    """The first wave from `start` with room for `users` and `gb`, or a new one at the end."""
    for candidate in bins[start:]:
        if candidate.users + users <= limits.max_users and candidate.gb + gb <= limits.max_gb:
            return candidate
    bins.append(_Bin(kind))
    return bins[-1]


def _pilot(groups: list[MoveGroup], limits: Limits) -> tuple[_Bin, set[int]]:
    """Small independent groups, taken from each department in turn, up to the pilot size."""
    pilot = _Bin("pilot")
    chosen: set[int] = set()
    if limits.pilot_users == 0:
        return pilot, chosen
    by_department: dict[str, list[MoveGroup]] = {}
    for group in sorted(groups, key=lambda g: (g.size, g.members[0])):
        by_department.setdefault(group.department, []).append(group)
    cap = min(limits.pilot_users, limits.max_users)
    queues = [by_department[d] for d in sorted(by_department)]
    added = True
    while added:
        added = False
        for queue in queues:
            while queue and not (
                pilot.users + queue[0].size <= cap and pilot.gb + queue[0].gb <= limits.max_gb
            ):
                queue.pop(0)  # too big for what is left of the pilot
            if queue:
                group = queue.pop(0)
                pilot.add(group)
                chosen.add(group.number)
                added = True
            if pilot.users >= cap:
                return pilot, chosen
    return pilot, chosen


def plan_waves(request: PlanInput) -> Plan:
    """Group, check and place every mover; date the waves."""
    limits = request.limits
    movers = sorted(request.movers, key=lambda m: m.upn)
    index = {mover.upn: position for position, mover in enumerate(movers)}
    if len(index) != len(movers):
        raise ValueError("A mover appears more than once.")
    graph, findings, rows, _ = _graph(request, index)
    groups = _groups(request, movers, graph, rows)
    reasons: dict[int, str] = {}
    placeable: list[MoveGroup] = []
    unplaced: list[str] = []
    for group in groups:
        if group.size > limits.max_users or group.gb > limits.max_gb:
            findings.append(_too_big(group, graph, index, limits))
            unplaced.extend(group.members)
        else:
            placeable.append(group)

    vip_groups = [g for g in placeable if g.vip]
    ordinary = [g for g in placeable if not g.vip]
    pilot, in_pilot = _pilot(ordinary, limits)
    for group in pilot.groups:
        reasons[group.number] = (
            f"pilot: a small independent group from {group.department}, chosen in turn from "
            f"each department up to the pilot size of {limits.pilot_users:,}"
        )

    blocks: dict[str, list[MoveGroup]] = {}
    for group in ordinary:
        if group.number not in in_pilot:
            blocks.setdefault(group.department, []).append(group)
    ranked_blocks = sorted(
        blocks.items(), key=lambda item: (-sum(g.size for g in item[1]), item[0])
    )
    bins: list[_Bin] = []
    open_from = 0
    for department, members in ranked_blocks:
        users = sum(g.size for g in members)
        gb = sum((g.gb for g in members), Decimal(0))
        if users <= limits.max_users and gb <= limits.max_gb:
            target = _first_fit(bins, users, gb, limits, "department")
            for group in members:
                target.add(group)
                reasons[group.number] = (
                    f"{department} kept together ({_plural(users, 'user')}, {gb:,} GB): "
                    f"placed whole in the first wave with room"
                )
            continue
        for group in sorted(members, key=lambda g: (-g.size, g.members[0])):
            while open_from < len(bins) and bins[open_from].users >= limits.max_users:
                open_from += 1
            _first_fit(bins, group.size, group.gb, limits, "department", open_from).add(group)
            reasons[group.number] = (
                f"{department} is too big for one wave ({_plural(users, 'user')}, {gb:,} GB "
                f"against limits of {limits.max_users:,} users and {limits.max_gb:,} GB), so "
                f"its move groups are spread: this one went to the first wave with room"
            )

    vip_bins: list[_Bin] = []
    for group in sorted(vip_groups, key=lambda g: (-g.size, g.members[0])):
        _first_fit(vip_bins, group.size, group.gb, limits, "vip").add(group)
        reasons[group.number] = (
            "VIPs move together in their own wave, after the pilot and the department waves "
            "have proven the process; everyone in a VIP's move group comes with them"
        )

    ordered: list[tuple[str, _Bin]] = []
    if pilot.groups:
        ordered.append(("Pilot", pilot))
    ordered += [(f"Wave {n}", b) for n, b in enumerate(bins, start=1)]
    ordered += [
        ("VIP" if len(vip_bins) == 1 else f"VIP {n}", b) for n, b in enumerate(vip_bins, start=1)
    ]
    waves, placements = _date(ordered, reasons, limits)
    findings.extend(_name_findings(movers, set(unplaced)))
    return Plan(
        tuple(waves),
        tuple(groups),
        tuple(placements),
        tuple(findings),
        tuple(sorted(unplaced)),
        limits,
    )


def _date(
    ordered: list[tuple[str, _Bin]], reasons: dict[int, str], limits: Limits
) -> tuple[list[Wave], list[Placement]]:
    waves: list[Wave] = []
    placements: list[Placement] = []
    earliest = limits.start + dt.timedelta(days=limits.submit_lead_days)
    cutover, skipped = calendar.on_or_after(earliest)
    for number, (name, content) in enumerate(ordered, start=1):
        if number > 1:
            cutover, skipped = calendar.add_working_days(cutover, limits.wave_interval_working_days)
            timing = (
                f"cutover {limits.wave_interval_working_days} working days after the wave before"
            )
        else:
            timing = (
                f"first cutover: the first working day at least {limits.submit_lead_days} days "
                f"after the start, {limits.start:%d/%m/%Y}"
            )
        submit_by, skipped_back = calendar.on_or_before(
            cutover - dt.timedelta(days=limits.submit_lead_days)
        )
        notes = [timing]
        if skipped:
            notes.append("skipping " + "; ".join(skipped))
        notes.append(
            f"batch submitted by {submit_by:%d/%m/%Y}, at least {limits.submit_lead_days} days "
            f"before cutover"
            + (f" (moved back: {'; '.join(skipped_back)})" if skipped_back else "")
        )
        users = tuple(sorted(upn for group in content.groups for upn in group.members))
        kind_reason = {
            "pilot": "the pilot goes first, to prove the process on a few independent people",
            "department": "departments kept together where the limits allow",
            "vip": "VIPs together in a named wave",
        }[content.kind]
        waves.append(
            Wave(
                number,
                name,
                content.kind,
                cutover,
                submit_by,
                users,
                content.gb,
                f"{kind_reason}; {_plural(len(users), 'user')}, {content.gb:,} GB; "
                + "; ".join(notes),
            )
        )
        placements.extend(
            Placement(upn, name, group.number, f"{group.describe()}: {reasons[group.number]}")
            for group in content.groups
            for upn in group.members
        )
    placements.sort(key=lambda p: p.upn)
    return waves, placements


def _name_findings(movers: Iterable[Mover], unplaced: set[str]) -> list[Finding]:
    """Names that the OneDrive move is known to fail on."""
    apostrophes = tuple(
        m.upn for m in movers if ("'" in m.upn or "'" in m.display_name) and m.upn not in unplaced
    )
    if not apostrophes:
        return []
    return [
        Finding(
            "apostrophe",
            f"{_plural(len(apostrophes), 'person')} "
            f"{'has' if len(apostrophes) == 1 else 'have'} an apostrophe in their name or "
            "address; cross-tenant OneDrive moves fail on these, so move their files by hand "
            "or rename first.",
            apostrophes,
        )
    ]
