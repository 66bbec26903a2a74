"""The wave planner: move groups from mailbox permissions, then waves under limits.

Rules (docs/migration.md gives their sources):

0. **Who is in a batch.** Only mailboxes of an enabled account or of the shared kinds (shared,
   room, equipment); guests, mail users, accounts without a mailbox, disabled people's
   mailboxes and identities of unknown recipient type are held back, each with its reason
   (`mailboxes.batch_problem`).
1. **Move groups.** Mailbox and calendar permissions do not work across tenants, so a mailbox
   and everyone holding Full Access, Send As, Send on Behalf or Calendar Folder rights on it
   move in the same batch. The groups are the connected components of the undirected
   mailbox–delegate graph (`scipy.sparse.csgraph.connected_components`), as Microsoft
   FastTrack's `Find-MailboxDelegates` does. Links to or from an account on the exclusion list
   are not followed (service accounts and broad groups would join everyone).
2. **Too big.** A group over a wave's limits (users or GB) cannot be placed: it is a finding
   saying whether excluding its most-linked accounts would help and naming the smallest cut
   found (`cuts`), and its people are left unplaced.
3. **Waves**, in this order: a pilot of small independent groups drawn from every department
   in turn; then departments, largest first, each kept whole in the first wave with room when
   it fits within the limits, otherwise its groups spread by first fit; then the VIPs' groups
   together in their own named wave(s), once the process is proven; last, the excluded hubs
   (accounts with rights on many mailboxes), once every mailbox they serve has moved. A hub is
   never in the pilot.
4. **Dates.** A cutover falls on a UK working day outside every freeze period and, if a
   cutover weekday is set, on that weekday. The first is the first such day at least
   `submit_lead_days` after the start (the first submission); each later one at least
   `wave_interval_working_days` working days after the one before. Up to `parallel_waves`
   waves of the same kind share a cutover day; the pilot and the hubs go alone. Each batch is
   submitted by the last working day at least `submit_lead_days` before its cutover.

Deterministic: people are ordered by UPN, ties broken by name; no randomness.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import repeat
from typing import NamedTuple

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

from gemini.migration.engine import calendar, cuts, mailboxes


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


class Mover(NamedTuple):
    """A person (or shared mailbox) in the move (a named tuple: a tenant has 100,000)."""

    upn: str
    department: str = ""
    gb: Decimal = Decimal(0)  # mailbox plus OneDrive
    vip: bool = False
    display_name: str = ""
    recipient_type: str = mailboxes.RecipientType.USER_MAILBOX
    enabled: bool = True
    user_type: str = "Member"


class MailboxPermission(NamedTuple):
    """`user` holds `right` on `mailbox` (a named tuple: a tenant has 300,000)."""

    mailbox: str
    user: str
    right: str


@dataclass(frozen=True)
class FreezePeriod:
    """Days (both inclusive) on which no cutover may happen, and why."""

    start: dt.date
    end: dt.date
    reason: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A freeze period cannot end before it starts.")

    def describe(self) -> str:
        days = (
            f"{self.start:%d/%m/%Y}"
            if self.start == self.end
            else f"{self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"
        )
        return f"the change freeze of {days}" + (f" ({self.reason})" if self.reason else "")


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


@dataclass(frozen=True)
class Limits:
    start: dt.date  # the first batch is submitted on or after this day
    max_users: int = 2000  # Microsoft's cap on mailboxes per cross-tenant batch
    max_gb: Decimal = Decimal(10_000)
    pilot_users: int = 25
    submit_lead_days: int = 14
    wave_interval_working_days: int = 5
    freeze: tuple[FreezePeriod, ...] = ()
    cutover_weekday: int | None = None  # 0 Monday … 4 Friday; None: any working day
    parallel_waves: int = 1  # waves of one kind that may share a cutover day

    def __post_init__(self) -> None:
        if self.cutover_weekday is not None and not 0 <= self.cutover_weekday <= 4:
            raise ValueError("The cutover weekday must be a working day, Monday to Friday.")
        if self.parallel_waves < 1:
            raise ValueError("At least one wave must be able to cut over on a day.")
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


class Placement(NamedTuple):
    """Where one person goes and why (a named tuple: a large plan makes 100,000 of them)."""

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
class HeldBack:
    """An identity kept out of every mailbox batch, and why."""

    upn: str
    reason: str


@dataclass(frozen=True)
class Plan:
    waves: tuple[Wave, ...]
    groups: tuple[MoveGroup, ...]
    placements: tuple[Placement, ...]
    findings: tuple[Finding, ...]
    unplaced: tuple[str, ...]
    limits: Limits
    held_back: tuple[HeldBack, ...] = ()


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
    many = {"person": "people", "identity": "identities"}.get(word, f"{word}s")
    return f"{count:,} {word}" if count == 1 else f"{count:,} {many}"


def _graph(
    request: PlanInput, index: dict[str, int], held: Mapping[str, str]
) -> tuple[csr_matrix, list[Finding], np.ndarray, np.ndarray, Counter[str]]:
    """The undirected mailbox–delegate graph over the movers, findings about dropped links,
    and how many links each excluded account had."""
    exclusions = request.exclusions
    permissions = [p for p in request.permissions if p.right in MOVE_TOGETHER]
    mailbox_names = [p.mailbox for p in permissions]
    user_names = [p.user for p in permissions]
    count = len(permissions)
    # Look every address up at C speed (map over bound methods), then work on arrays.
    a = np.fromiter(map(index.get, mailbox_names, repeat(-1)), dtype=np.int64, count=count)
    b = np.fromiter(map(index.get, user_names, repeat(-1)), dtype=np.int64, count=count)
    excluded_at = np.asarray([index[u] for u in exclusions if u in index], dtype=np.int64)
    excluded = np.isin(a, excluded_at) | np.isin(b, excluded_at)
    outside = [u for u in exclusions if u not in index]  # excluded groups and the like
    if outside:
        for position in np.flatnonzero((a < 0) | (b < 0)).tolist():
            excluded[position] = (
                mailbox_names[position] in outside or user_names[position] in outside
            )
    excluded_links: Counter[str] = Counter()
    for position in np.flatnonzero(excluded).tolist():
        for upn in (mailbox_names[position], user_names[position]):
            if upn in exclusions:
                excluded_links[upn] += 1
    staying_links: list[MailboxPermission] = []
    held_links: list[MailboxPermission] = []
    for position in np.flatnonzero(~excluded & ((a < 0) != (b < 0))).tolist():
        permission = permissions[position]
        missing = permission.mailbox if a[position] < 0 else permission.user
        (held_links if missing in held else staying_links).append(permission)
    keep = ~excluded & (a >= 0) & (b >= 0) & (a != b)
    row_array = a[keep]
    col_array = b[keep]
    size = len(index)
    graph = coo_matrix(
        (np.ones(len(row_array), dtype=np.int8), (row_array, col_array)), shape=(size, size)
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
                f"{_plural(len(staying_links), 'permission')} "
                f"{'links' if len(staying_links) == 1 else 'link'} someone who moves with "
                f"someone who stays in the source tenant; they stop working at the move and "
                f"must be replaced (e.g. {examples}).",
                tuple(u for u in users if u in index),
            )
        )
    if held_links:
        examples = "; ".join(
            f"{p.user} has {p.right} on {p.mailbox}"
            for p in sorted(held_links, key=lambda p: (p.mailbox, p.user, p.right))[:5]
        )
        users = sorted({p.mailbox for p in held_links} | {p.user for p in held_links})
        findings.append(
            Finding(
                "delegate-held-back",
                f"{_plural(len(held_links), 'permission')} "
                f"{'links' if len(held_links) == 1 else 'link'} someone in a batch with an "
                f"identity held back from every batch; they stop working at the move (e.g. "
                f"{examples}).",
                tuple(users),
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
    return graph, findings, row_array, col_array, excluded_links


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
    order = np.argsort(labels, kind="stable").tolist()
    bounds = np.cumsum(np.bincount(labels, minlength=count)).tolist()
    link_counts = links.tolist()
    groups: list[MoveGroup] = []
    start = 0
    for number in range(count):
        end = bounds[number]
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
                link_counts[number],
                vip,
            )
        )
    return groups


def _account_kind(mover: Mover) -> str:
    """What an account is, in words, so a person is never suggested as a "hub" unremarked."""
    if SERVICE_LIKE.match(mover.upn):
        return "a service account, by its name"
    if mover.recipient_type in mailboxes.SHARED_KINDS:
        return f"a {mover.recipient_type.removesuffix('Mailbox').lower()} mailbox"
    return "a person, not a service account"


def _is_person(mover: Mover) -> bool:
    return _account_kind(mover).startswith("a person")


def _too_big(
    group: MoveGroup, graph: csr_matrix, index: dict[str, int], movers: list[Mover], limits: Limits
) -> Finding:
    """A group over the limits: whether excluding its most-linked accounts helps, and the
    smallest cut found (`cuts`), each account named with what it is."""
    nodes = np.asarray([index[upn] for upn in group.members], dtype=np.int64)
    sub = graph[nodes][:, nodes]
    sub = ((sub + sub.T) > 0).astype(np.int8).tocsr()
    degree = np.asarray(sub.sum(axis=1)).ravel()
    gb = np.asarray([float(movers[i].gb) for i in nodes], dtype=np.float64)
    max_gb = float(limits.max_gb)
    ranked = sorted(
        range(len(nodes)),
        key=lambda i: (
            not SERVICE_LIKE.match(group.members[i]),
            -int(degree[i]),
            group.members[i],
        ),
    )[:3]
    hubs = cuts.pieces_without(sub, gb, ranked[:1], limits.max_users, max_gb)
    for count in range(2, len(ranked) + 1):  # the fewest hubs whose exclusion is enough
        if hubs.fits:
            break
        hubs = cuts.pieces_without(sub, gb, ranked[:count], limits.max_users, max_gb)

    def named(positions: Sequence[int], what: str) -> str:
        shown = [
            f"{group.members[i]} ({_account_kind(movers[nodes[i]])}, "
            f"{_plural(int(degree[i]), what)})"
            for i in positions[:10]
        ]
        more = len(positions) - len(shown)
        return ", ".join(shown) + (f" and {more:,} more" if more > 0 else "")

    over = []
    if group.size > limits.max_users:
        over.append(f"{group.size:,} users, over the {limits.max_users:,} limit")
    if group.gb > limits.max_gb:
        over.append(f"{group.gb:,} GB, over the {limits.max_gb:,} GB limit")
    parts = [f"Move group {group.number} has {' and '.join(over)}, so it cannot be placed."]
    if hubs.fits:
        parts.append(
            f"Excluding its most-linked {_plural(len(hubs.removed), 'account')}, "
            f"{named(hubs.removed, 'link')}, would split it into "
            f"{_plural(hubs.pieces, 'group')}, the largest {_plural(hubs.largest, 'person')}."
        )
    else:
        parts.append(
            f"Excluding its most-linked accounts does not help: without "
            f"{named(hubs.removed, 'link')}, the largest piece would still have "
            f"{_plural(hubs.largest, 'person')}."
        )
    cut = cuts.minimum_cut(sub, gb, limits.max_users, max_gb)
    suggested: tuple[int, ...] = ()
    if cut is not None and cut.removed != hubs.removed:
        inside = sub[list(cut.removed)][:, list(cut.removed)].nnz // 2
        links = int(degree[list(cut.removed)].sum()) - inside
        parts.append(
            f"The smallest cut found (a minimum vertex cut) is through "
            f"{_plural(len(cut.removed), 'account')}: {named(cut.removed, 'link')}; not "
            f"following their {_plural(links, 'link')} splits it into "
            f"{_plural(cut.pieces, 'group')}, the largest {_plural(cut.largest, 'person')}."
        )
    elif cut is None and not hubs.fits:
        alone = gb.max(initial=0.0) > max_gb
        parts.append(
            "One mailbox alone is over the data limit, so no cut helps: raise the data per "
            "wave or move it on its own."
            if alone
            else f"No cut of up to {cuts.MAX_CUT:,} accounts splits it within the limits: "
            "raise the limits or review its permissions."
        )
    service_first = hubs.fits and not any(_is_person(movers[nodes[i]]) for i in hubs.removed)
    if service_first and (cut is None or len(hubs.removed) <= len(cut.removed)):
        suggested = hubs.removed
    elif cut is not None:
        suggested = cut.removed
    elif hubs.fits:
        suggested = hubs.removed
    if suggested:
        people = [group.members[i] for i in suggested if _is_person(movers[nodes[i]])]
        parts.append(
            f"Suggested: add {', '.join(group.members[i] for i in suggested[:10])}"
            f"{' and others' if len(suggested) > 10 else ''} to the exclusions and plan "
            "again; excluded accounts move last and their rights are re-granted after the move."
        )
        if people:
            what = (
                "is a person, not a service account"
                if len(people) == 1
                else "are people, not service accounts"
            )
            parts.append(
                f"{', '.join(people[:10])} {what}: excluding them moves them last, apart from "
                "the people they work with, and their delegates' rights stop working between "
                "the waves. Agree it with them first."
            )
    return Finding("group-too-big", " ".join(parts), group.members)


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


def _held_back(movers: Sequence[Mover]) -> tuple[list[Mover], list[HeldBack]]:
    batchable: list[Mover] = []
    held: list[HeldBack] = []
    known: dict[tuple[str, bool, bool], str] = {}  # the answer depends on these alone
    for mover in movers:
        guest = "#ext#" in mover.upn.lower() or mover.user_type.lower() == "guest"
        key = (mover.recipient_type, mover.enabled, guest)
        problem = known.get(key)
        if problem is None:
            problem = known[key] = mailboxes.batch_problem(
                mover.upn, mover.recipient_type, mover.enabled, mover.user_type
            )
        if problem:
            held.append(HeldBack(mover.upn, f"Not in a mailbox batch: {problem}."))
        else:
            batchable.append(mover)
    return batchable, held


def _held_finding(held: list[HeldBack]) -> list[Finding]:
    if not held:
        return []
    tally = Counter(
        h.reason.removeprefix("Not in a mailbox batch: a ").split(":")[0].removesuffix(".")
        for h in held
    )
    listed = "; ".join(f"{why}: {count:,}" for why, count in sorted(tally.items()))
    return [
        Finding(
            "held-back",
            f"{_plural(len(held), 'identity')} {'is' if len(held) == 1 else 'are'} in no "
            f"mailbox batch ({listed}); batches hold only mailboxes of enabled accounts or of "
            "the shared kinds. See the list of those held back, with each reason.",
            tuple(h.upn for h in held),
        )
    ]


def plan_waves(request: PlanInput) -> Plan:
    """Group, check and place every mover; date the waves."""
    limits = request.limits
    everyone = sorted(request.movers, key=lambda m: m.upn)
    if len({m.upn for m in everyone}) != len(everyone):
        raise ValueError("A mover appears more than once.")
    movers, held = _held_back(everyone)
    index = {mover.upn: position for position, mover in enumerate(movers)}
    graph, findings, rows, _, excluded_links = _graph(
        request, index, {h.upn: h.reason for h in held}
    )
    groups = _groups(request, movers, graph, rows)
    reasons: dict[int, str] = {}
    placeable: list[MoveGroup] = []
    unplaced: list[str] = []
    for group in groups:
        if group.size > limits.max_users or group.gb > limits.max_gb:
            findings.append(_too_big(group, graph, index, movers, limits))
            unplaced.extend(group.members)
        else:
            placeable.append(group)

    hub_groups = [g for g in placeable if any(u in request.exclusions for u in g.members)]
    hub_numbers = {g.number for g in hub_groups}
    vip_groups = [g for g in placeable if g.vip and g.number not in hub_numbers]
    ordinary = [g for g in placeable if not g.vip and g.number not in hub_numbers]
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
            kept = (
                f"{department} kept together ({_plural(users, 'user')}, {gb:,} GB): "
                f"placed whole in the first wave with room"
            )
            for group in members:
                target.add(group)
                reasons[group.number] = kept
            continue
        spread = (
            f"{department} is too big for one wave ({_plural(users, 'user')}, {gb:,} GB "
            f"against limits of {limits.max_users:,} users and {limits.max_gb:,} GB), so "
            f"its move groups are spread: this one went to the first wave with room"
        )
        for group in sorted(members, key=lambda g: (-g.size, g.members[0])):
            while open_from < len(bins) and bins[open_from].users >= limits.max_users:
                open_from += 1
            _first_fit(bins, group.size, group.gb, limits, "department", open_from).add(group)
            reasons[group.number] = spread

    vip_bins: list[_Bin] = []
    for group in sorted(vip_groups, key=lambda g: (-g.size, g.members[0])):
        _first_fit(vip_bins, group.size, group.gb, limits, "vip").add(group)
        reasons[group.number] = (
            "VIPs move together in their own wave, after the pilot and the department waves "
            "have proven the process; everyone in a VIP's move group comes with them"
        )

    hub_bins: list[_Bin] = []
    for group in sorted(hub_groups, key=lambda g: g.members[0]):
        _first_fit(hub_bins, group.size, group.gb, limits, "hubs").add(group)
        links = sum(excluded_links.get(u, 0) for u in group.members)
        reasons[group.number] = (
            f"an excluded hub ({_plural(links, 'link')} to mailboxes not followed when "
            "grouping): it moves last, after every mailbox it serves, never in the pilot; its "
            "rights are granted again in the new tenant after the move"
        )

    ordered: list[tuple[str, _Bin]] = []
    if pilot.groups:
        ordered.append(("Pilot", pilot))
    ordered += [(f"Wave {n}", b) for n, b in enumerate(bins, start=1)]
    ordered += [
        ("VIP" if len(vip_bins) == 1 else f"VIP {n}", b) for n, b in enumerate(vip_bins, start=1)
    ]
    ordered += [
        ("Hubs" if len(hub_bins) == 1 else f"Hubs {n}", b) for n, b in enumerate(hub_bins, start=1)
    ]
    waves, placements = _date(ordered, reasons, limits)
    findings.extend(_name_findings(movers, set(unplaced)))
    findings.extend(_held_finding(held))
    return Plan(
        tuple(waves),
        tuple(groups),
        tuple(placements),
        tuple(findings),
        tuple(sorted(unplaced)),
        limits,
        tuple(held),
    )


KIND_REASONS = {
    "pilot": "the pilot goes first, on its own, to prove the process on a few independent people",
    "department": "departments kept together where the limits allow",
    "vip": "VIPs together in a named wave",
    "hubs": "excluded hubs last, once every mailbox they serve has moved",
}


def _slots(ordered: list[tuple[str, _Bin]], parallel: int) -> list[list[tuple[str, _Bin]]]:
    """Waves that share a cutover day: up to `parallel` of one kind; the pilot and the hubs
    go alone."""
    slots: list[list[tuple[str, _Bin]]] = []
    for name, content in ordered:
        last = slots[-1] if slots else None
        if (
            last is not None
            and content.kind not in {"pilot", "hubs"}
            and last[0][1].kind == content.kind
            and len(last) < parallel
        ):
            last.append((name, content))
        else:
            slots.append([(name, content)])
    return slots


def _cutover_day(day: dt.date, limits: Limits) -> tuple[dt.date, list[str]]:
    """The first day on or after `day` that may take a cutover, and why days were passed."""
    return calendar.next_allowed(
        day,
        [(f.start, f.end, f.describe()) for f in limits.freeze],
        limits.cutover_weekday,
    )


def _date(
    ordered: list[tuple[str, _Bin]], reasons: dict[int, str], limits: Limits
) -> tuple[list[Wave], list[Placement]]:
    waves: list[Wave] = []
    placements: list[Placement] = []
    earliest = limits.start + dt.timedelta(days=limits.submit_lead_days)
    number = 0
    cutover = earliest
    for position, slot in enumerate(_slots(ordered, limits.parallel_waves)):
        if position == 0:
            cutover, skipped = _cutover_day(earliest, limits)
            timing = (
                f"first cutover: the first day allowed at least {limits.submit_lead_days} days "
                f"after the start, {limits.start:%d/%m/%Y}"
            )
        else:
            later, passed = calendar.add_working_days(cutover, limits.wave_interval_working_days)
            cutover, skipped = _cutover_day(later, limits)
            skipped = passed + skipped
            timing = (
                f"cutover at least {limits.wave_interval_working_days} working days after the "
                "cutover before"
            )
        if limits.cutover_weekday is not None:
            timing += f", on a {WEEKDAYS[limits.cutover_weekday]} (the cutover day)"
        submit_by, skipped_back = calendar.on_or_before(
            cutover - dt.timedelta(days=limits.submit_lead_days)
        )
        notes = [timing]
        if skipped:
            notes.append("skipping " + "; ".join(skipped))
        if len(slot) > 1:
            notes.append(
                f"cuts over on the same day as {_plural(len(slot) - 1, 'other wave')} "
                f"(up to {limits.parallel_waves:,} in parallel)"
            )
        notes.append(
            f"batch submitted by {submit_by:%d/%m/%Y}, at least {limits.submit_lead_days} days "
            f"before cutover"
            + (f" (moved back: {'; '.join(skipped_back)})" if skipped_back else "")
        )
        for name, content in slot:
            number += 1
            users = tuple(sorted(upn for group in content.groups for upn in group.members))
            waves.append(
                Wave(
                    number,
                    name,
                    content.kind,
                    cutover,
                    submit_by,
                    users,
                    content.gb,
                    f"{KIND_REASONS[content.kind]}; {_plural(len(users), 'user')}, "
                    f"{content.gb:,} GB; " + "; ".join(notes),
                )
            )
            for group in content.groups:
                reason = f"{group.describe()}: {reasons[group.number]}"
                placements.extend(
                    Placement(upn, name, group.number, reason) for upn in group.members
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
