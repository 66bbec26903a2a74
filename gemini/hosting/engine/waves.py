"""Move groups and waves (REFERENCE.md §4; docs/hosting.md).

- A dependency `source → target` means the source needs the target: the target moves in the
  same wave as the source or an earlier one.
- Applications that depend on each other in a cycle form one move group (the strongly
  connected components of the dependency graph, scipy.sparse.csgraph) and move together.
- Groups are placed in dependency order; among the groups that are ready, the one with the
  earliest deadline goes first (ties: the first application's name). Each goes into the earliest
  wave, no earlier than the waves of what it needs, that still has room for its VMs and storage.
  A group bigger than a wave's capacity gets a wave of its own, and a finding.
- Deadlines: the data-centre exit date and each application's contract end date. A group whose
  wave ends after a deadline of one of its applications is a finding, with the dates.
- Wave n runs from start + (n − 1) × wave length to start + n × wave length − 1 day.
- A VM used by several applications moves with the first of them to be placed.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, Decimal

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

MIB_PER_TB = Decimal(1024 * 1024)  # binary units throughout, as RVTools reports them


@dataclass(frozen=True)
class PlanApplication:
    name: str
    vms: tuple[str, ...] = ()
    contract_end: dt.date | None = None


@dataclass(frozen=True)
class PlanDependency:
    source: str  # needs ...
    target: str  # ... this one, which therefore moves no later


@dataclass(frozen=True)
class PlanSettings:
    start: dt.date
    exit_date: dt.date = dt.date(2027, 3, 31)
    wave_days: int = 28
    max_vms_per_wave: int = 40
    max_tb_per_wave: Decimal = Decimal(20)

    def __post_init__(self) -> None:
        if self.wave_days < 1:
            raise ValueError("A wave lasts at least one day.")
        if self.max_vms_per_wave < 1:
            raise ValueError("A wave must have room for at least one VM.")
        if self.max_tb_per_wave <= 0:
            raise ValueError("A wave must have room for some storage.")


@dataclass(frozen=True)
class MoveGroup:
    number: int
    applications: tuple[str, ...]
    reason: str


@dataclass
class Wave:
    number: int
    start: dt.date
    end: dt.date
    applications: list[str] = field(default_factory=list)
    vms: list[str] = field(default_factory=list)
    storage_mib: int = 0

    @property
    def name(self) -> str:
        return f"Wave {self.number}"

    @property
    def storage_tb(self) -> Decimal:
        return (Decimal(self.storage_mib) / MIB_PER_TB).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Finding:
    application: str
    rule: str
    message: str


@dataclass(frozen=True)
class ExitCapacity:
    """Whether the plan meets the exit date, and if not, the capacity per wave that would.

    `vms_per_wave` and `tb_per_wave` are checked: a plan made with them (the same order, start
    and wave length) ends by the exit date. `wave_days` is the other way: the plan's waves as
    they are, made short enough for all of them to end by the exit date."""

    meets: bool
    exit_date: dt.date
    waves_needed: int
    waves_available: int  # whole waves of the plan's length from its start to the exit date
    last_end: dt.date | None
    vms: int
    storage_tb: Decimal
    vms_per_wave: int | None = None
    tb_per_wave: Decimal | None = None
    wave_days: int | None = None
    reasons: tuple[str, ...] = ()


@dataclass
class Plan:
    settings: PlanSettings
    move_groups: list[MoveGroup]
    waves: list[Wave]
    wave_of: dict[str, int]  # application → wave number
    findings: list[Finding]
    exit: ExitCapacity  # whether it meets the exit date, and what would


def strongly_connected(
    names: Sequence[str], edges: Sequence[tuple[int, int]]
) -> tuple[int, np.ndarray]:
    """(number of components, component label per node) of the directed graph."""
    n = len(names)
    if not edges:
        return n, np.arange(n)
    rows = np.fromiter((a for a, _ in edges), dtype=np.int64, count=len(edges))
    cols = np.fromiter((b for _, b in edges), dtype=np.int64, count=len(edges))
    graph = csr_matrix((np.ones(len(edges), dtype=np.int8), (rows, cols)), shape=(n, n))
    count, labels = connected_components(graph, directed=True, connection="strong")
    return int(count), labels


@dataclass(frozen=True)
class _Unit:
    """A move group ready to place: its applications, the VMs it moves (those not moved by a
    group before it), their storage, and the units it must not move before."""

    group: int
    names: tuple[str, ...]
    vms: tuple[str, ...]
    mib: int
    predecessors: tuple[int, ...]  # positions in the order, all before this one


@dataclass(frozen=True)
class _Ordered:
    """The groups in the order they are placed, which no capacity changes."""

    units: list[_Unit]
    findings: list[Finding]
    apps: dict[str, PlanApplication]


def _order(
    applications: Sequence[PlanApplication],
    dependencies: Sequence[PlanDependency],
    vm_storage_mib: Mapping[str, int],
    exit_date: dt.date,
) -> _Ordered:
    """Move groups in dependency order, the earliest deadline first among those ready."""
    apps = sorted(applications, key=lambda a: a.name)
    index = {app.name: i for i, app in enumerate(apps)}
    findings: list[Finding] = []
    edges: list[tuple[int, int]] = []  # target → source: the target goes first
    for dep in sorted(set(dependencies), key=lambda d: (d.source, d.target)):
        if dep.source == dep.target:
            continue
        if dep.source not in index or dep.target not in index:
            missing = dep.target if dep.target not in index else dep.source
            if dep.source in index:
                findings.append(
                    Finding(
                        dep.source,
                        "dependency not planned",
                        f"{dep.source} depends on {missing}, which is not in this plan (retired, "
                        "retained, or with no VMs to move): check what replaces it before this "
                        "moves.",
                    )
                )
            continue
        edges.append((index[dep.target], index[dep.source]))
    count, labels = strongly_connected([a.name for a in apps], edges)

    members: list[list[int]] = [[] for _ in range(count)]
    for i, label in enumerate(labels):
        members[int(label)].append(i)
    successors: list[set[int]] = [set() for _ in range(count)]
    predecessors: list[set[int]] = [set() for _ in range(count)]
    for a, b in edges:
        ga, gb = int(labels[a]), int(labels[b])
        if ga != gb:
            successors[ga].add(gb)
            predecessors[gb].add(ga)

    def deadline(group: int) -> dt.date:
        ends = [end for i in members[group] if (end := apps[i].contract_end) is not None]
        return min([exit_date, *ends])

    deadlines = [deadline(g) for g in range(count)]
    # What an urgent application needs is as urgent: pass deadlines back along dependencies.
    for group in reversed(_topological(count, predecessors, successors)):
        for successor in successors[group]:
            deadlines[group] = min(deadlines[group], deadlines[successor])
    first_name = [apps[members[g][0]].name for g in range(count)]
    waiting = [len(predecessors[g]) for g in range(count)]
    ready = [(deadlines[g], first_name[g], g) for g in range(count) if waiting[g] == 0]
    heapq.heapify(ready)

    position = [0] * count
    placed_vms: set[str] = set()
    units: list[_Unit] = []
    while ready:
        _, _, group = heapq.heappop(ready)
        vms = sorted({vm for i in members[group] for vm in apps[i].vms if vm not in placed_vms})
        placed_vms.update(vms)
        position[group] = len(units)
        units.append(
            _Unit(
                group,
                tuple(apps[i].name for i in members[group]),
                tuple(vms),
                sum(vm_storage_mib.get(vm, 0) for vm in vms),
                tuple(position[p] for p in predecessors[group]),
            )
        )
        for successor in sorted(successors[group]):
            waiting[successor] -= 1
            if waiting[successor] == 0:
                heapq.heappush(ready, (deadlines[successor], first_name[successor], successor))
    return _Ordered(units, findings, {app.name: app for app in apps})


def _place(units: Sequence[_Unit], max_vms: int, max_mib: int) -> list[int]:
    """The wave number of each unit: the earliest wave, no earlier than the waves of what it
    needs, with room for its VMs and storage; an empty wave of its own if it is too big."""
    room = _Room(max_vms, max_mib)
    numbers: list[int] = []
    for unit in units:
        lowest = max((numbers[p] for p in unit.predecessors), default=1)
        too_big = len(unit.vms) > max_vms or unit.mib > max_mib
        number = room.first(lowest, len(unit.vms), unit.mib, too_big)
        room.take(number, len(unit.vms), unit.mib)
        numbers.append(number)
    return numbers


def plan_waves(
    applications: Sequence[PlanApplication],
    dependencies: Sequence[PlanDependency],
    vm_storage_mib: Mapping[str, int],
    settings: PlanSettings,
) -> Plan:
    """Group, order and place the applications in waves; report what cannot make a deadline."""
    ordered = _order(applications, dependencies, vm_storage_mib, settings.exit_date)
    max_mib = int(settings.max_tb_per_wave * MIB_PER_TB)
    numbers = _place(ordered.units, settings.max_vms_per_wave, max_mib)
    waves = [
        Wave(
            n,
            settings.start + dt.timedelta(days=(n - 1) * settings.wave_days),
            settings.start + dt.timedelta(days=n * settings.wave_days - 1),
        )
        for n in range(1, max(numbers, default=0) + 1)
    ]
    findings = list(ordered.findings)
    move_groups: list[MoveGroup] = []
    wave_of: dict[str, int] = {}
    for unit, number in zip(ordered.units, numbers, strict=True):
        wave = waves[number - 1]
        wave.applications.extend(unit.names)
        wave.vms.extend(unit.vms)
        wave.storage_mib += unit.mib
        names = unit.names
        if len(names) > 1:
            move_groups.append(
                MoveGroup(
                    len(move_groups) + 1,
                    tuple(sorted(names)),
                    "These applications depend on each other in a cycle, so they move together.",
                )
            )
        for name in names:
            wave_of[name] = number
        if len(unit.vms) > settings.max_vms_per_wave or unit.mib > max_mib:
            findings.append(
                Finding(
                    names[0],
                    "over capacity",
                    f"{', '.join(sorted(names))} need {len(unit.vms)} VMs and "
                    f"{(Decimal(unit.mib) / MIB_PER_TB).quantize(Decimal('0.01'))} TB, more "
                    f"than a wave's {settings.max_vms_per_wave} VMs and "
                    f"{settings.max_tb_per_wave} TB: given {wave.name} to themselves.",
                )
            )
        lowest = max((numbers[p] for p in unit.predecessors), default=1)
        for name in names:
            app = ordered.apps[name]
            limits = [("the data-centre exit date", settings.exit_date)]
            if app.contract_end:
                limits.append(("its contract end date", app.contract_end))
            for what, limit in limits:
                if wave.end > limit:
                    findings.append(
                        Finding(
                            app.name,
                            "deadline missed",
                            f"{app.name} is in {wave.name}, which ends "
                            f"{wave.end:%d/%m/%Y}, after {what} {limit:%d/%m/%Y}"
                            + _why(bool(unit.predecessors), lowest, number),
                        )
                    )
    return Plan(
        settings, move_groups, waves, wave_of, findings, _exit_capacity(ordered, numbers, settings)
    )


def _exit_capacity(
    ordered: _Ordered, numbers: Sequence[int], settings: PlanSettings
) -> ExitCapacity:
    """What the plan needs to meet the exit date (docs/hosting.md, "Meeting the exit date").

    - Waves available: whole waves of the plan's length between its start and the exit date.
    - The least capacity that could do it moves every VM and TB in those waves (total ÷ waves,
      rounded up), and never less than the plan's own. Dependencies and groups that cannot be
      split may need more, so the capacity is raised (both VMs and TB, in proportion) until a
      plan made with it ends by the exit date: first in doubling steps, then halving the gap
      to within 1%.
    - Or, keeping the capacity: the waves as planned, each ⌊days to the exit ÷ waves⌋ long.
    """
    max_mib = int(settings.max_tb_per_wave * MIB_PER_TB)
    needed = max(numbers, default=0)
    days = (settings.exit_date - settings.start).days + 1
    available = max(0, days // settings.wave_days)
    vms = sum(len(u.vms) for u in ordered.units)
    mib = sum(u.mib for u in ordered.units)
    last_end = (
        settings.start + dt.timedelta(days=needed * settings.wave_days - 1) if needed else None
    )
    found = ExitCapacity(
        needed <= available,
        settings.exit_date,
        needed,
        available,
        last_end,
        vms,
        _tb(mib),
    )
    if found.meets:
        spare = available - needed
        return replace(
            found,
            reasons=(
                f"The plan's {needed:,} waves end {last_end or settings.start:%d/%m/%Y}, by the "
                f"exit date {settings.exit_date:%d/%m/%Y}"
                + (f", with room for {spare} more waves of this capacity." if spare else "."),
            ),
        )
    window = (
        f"only {available} waves of {settings.wave_days} days fit between "
        f"{settings.start:%d/%m/%Y} and the exit date {settings.exit_date:%d/%m/%Y}"
    )
    if available == 0:
        return replace(
            found,
            wave_days=days // needed if days >= needed else None,
            reasons=(
                f"Even the first wave ends after the exit date {settings.exit_date:%d/%m/%Y}: "
                f"start sooner or make the waves shorter than {settings.wave_days} days.",
            ),
        )
    vms_low = max(settings.max_vms_per_wave, -(-vms // available))
    mib_low = max(max_mib, -(-mib // available))

    def capacity(vms_per_wave: int) -> tuple[int, Decimal]:
        tb = Decimal(mib_low * vms_per_wave) / vms_low / MIB_PER_TB
        return vms_per_wave, tb.quantize(Decimal("0.1"), ROUND_CEILING)

    def fits(vms_per_wave: int) -> bool:
        count, tb = capacity(vms_per_wave)
        return max(_place(ordered.units, count, int(tb * MIB_PER_TB)), default=0) <= available

    # vms_low × available holds every VM and TB in wave 1, which fits: the search ends.
    failed, trial, step = vms_low - 1, vms_low, max(1, vms_low // 20)
    while not fits(trial):
        failed, trial, step = trial, min(trial + step, vms_low * available), step * 2
    while trial - failed > max(1, trial // 100):
        middle = (failed + trial) // 2
        if fits(middle):
            trial = middle
        else:
            failed = middle
    vms_per_wave, tb_per_wave = capacity(trial)
    wave_days = days // needed if days >= needed else None
    reasons = [
        f"The plan needs {needed:,} waves, the last ending {last_end:%d/%m/%Y}, but {window}.",
        f"To meet it with {available} waves of {settings.wave_days} days: at least "
        f"{vms_per_wave:,} VMs and {tb_per_wave:,} TB a wave (now {settings.max_vms_per_wave} VMs "
        f"and {settings.max_tb_per_wave} TB), to move {vms:,} VMs and {_tb(mib):,} TB; "
        "a plan made with that capacity ends by the exit date.",
    ]
    if wave_days:
        reasons.append(
            f"Or, with this capacity, the {needed:,} waves of the plan would each have to take "
            f"at most {wave_days} days."
        )
    else:
        reasons.append(
            f"With this capacity the {needed:,} waves cannot fit in the {days} days to the exit "
            "date even at one day each."
        )
    return replace(
        found,
        vms_per_wave=vms_per_wave,
        tb_per_wave=tb_per_wave,
        wave_days=wave_days,
        reasons=tuple(reasons),
    )


def _tb(mib: int) -> Decimal:
    return (Decimal(mib) / MIB_PER_TB).quantize(Decimal("0.01"))


class _Room:
    """The room left in each wave (VMs, MiB, and whether it is still empty), kept in a
    max-tree so that "the earliest wave from n with room for this group" is a walk down the
    tree (about log₂ waves steps) instead of a scan of every wave from n: the scan made a plan
    of 6,000 applications over 30,000 VMs, with ~1,500 waves, take minutes of Python loops.

    Waves not made yet are empty with full room; the tree doubles when the plan outgrows it."""

    def __init__(self, vms: int, mib: int) -> None:
        self.capacity = (vms, mib)
        self.size = 0
        self.vms: list[int] = []
        self.mib: list[int] = []
        self.empty: list[int] = []
        self._grow(64)

    def _grow(self, size: int) -> None:
        leaves = [
            (self.vms[self.size + i], self.mib[self.size + i], self.empty[self.size + i])
            if i < self.size
            else (*self.capacity, 1)
            for i in range(size)
        ]
        self.size = size
        self.vms = [0] * size + [leaf[0] for leaf in leaves]
        self.mib = [0] * size + [leaf[1] for leaf in leaves]
        self.empty = [0] * size + [leaf[2] for leaf in leaves]
        for node in range(size - 1, 0, -1):
            self._pull(node)

    def _pull(self, node: int) -> None:
        left, right = 2 * node, 2 * node + 1
        self.vms[node] = max(self.vms[left], self.vms[right])
        self.mib[node] = max(self.mib[left], self.mib[right])
        self.empty[node] = max(self.empty[left], self.empty[right])

    def first(self, lowest: int, vms: int, mib: int, empty: bool) -> int:
        """The number (from 1) of the earliest wave from `lowest` with room for `vms` and `mib`,
        or, when `empty`, with nothing in it yet.

        From the leaf of `lowest`, step to the next subtree on the right until one has room
        (by its maxima), then go down into it, leftmost first; a subtree whose maxima come from
        different waves may hold no wave with both, and is stepped over like any other."""
        while True:
            if lowest - 1 < self.size:
                found = self._find(lowest - 1, vms, mib, empty)
                if found >= 0:
                    return found + 1
            self._grow(self.size * 2)

    def _find(self, start: int, vms: int, mib: int, empty: bool) -> int:
        free_vms, free_mib, empties, size = self.vms, self.mib, self.empty, self.size
        node = size + start
        while True:
            if empties[node] if empty else free_vms[node] >= vms and free_mib[node] >= mib:
                if node >= size:
                    return node - size
                node *= 2
                continue
            while node & 1:
                node >>= 1
            if node == 0:
                return -1
            node += 1

    def take(self, number: int, vms: int, mib: int) -> None:
        node = self.size + number - 1
        self.vms[node] -= vms
        self.mib[node] -= mib
        self.empty[node] = 0
        node //= 2
        while node:
            before = (self.vms[node], self.mib[node], self.empty[node])
            self._pull(node)
            if (self.vms[node], self.mib[node], self.empty[node]) == before:
                break  # nothing above changes either
            node //= 2


def _topological(count: int, predecessors: list[set[int]], successors: list[set[int]]) -> list[int]:
    """The groups in an order where each comes after everything it needs (Kahn's algorithm)."""
    waiting = [len(predecessors[g]) for g in range(count)]
    queue = [g for g in range(count) if waiting[g] == 0]
    order: list[int] = []
    while queue:
        group = queue.pop()
        order.append(group)
        for successor in successors[group]:
            waiting[successor] -= 1
            if waiting[successor] == 0:
                queue.append(successor)
    return order


def _why(has_predecessors: bool, lowest: int, number: int) -> str:
    if number == 1:
        return ": even the first wave ends after it (start sooner or shorten the waves)."
    if lowest > 1 and has_predecessors:
        return (
            f": it cannot move before wave {lowest}, where an application it depends on moves, "
            "and the waves before it are full or it must follow them."
        )
    return ": the waves before it are full (raise the capacity, shorten the waves or start sooner)."
