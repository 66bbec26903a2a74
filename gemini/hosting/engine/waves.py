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
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

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


@dataclass
class Plan:
    settings: PlanSettings
    move_groups: list[MoveGroup]
    waves: list[Wave]
    wave_of: dict[str, int]  # application → wave number
    findings: list[Finding]


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


def plan_waves(
    applications: Sequence[PlanApplication],
    dependencies: Sequence[PlanDependency],
    vm_storage_mib: dict[str, int],
    settings: PlanSettings,
) -> Plan:
    """Group, order and place the applications in waves; report what cannot make a deadline."""
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
                        f"{dep.source} depends on {missing}, which is not being moved: "
                        "check what replaces it before this moves.",
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
        return min([settings.exit_date, *ends])

    deadlines = [deadline(g) for g in range(count)]
    # What an urgent application needs is as urgent: pass deadlines back along dependencies.
    for group in reversed(_topological(count, predecessors, successors)):
        for successor in successors[group]:
            deadlines[group] = min(deadlines[group], deadlines[successor])
    first_name = [apps[members[g][0]].name for g in range(count)]
    waiting = [len(predecessors[g]) for g in range(count)]
    ready = [(deadlines[g], first_name[g], g) for g in range(count) if waiting[g] == 0]
    heapq.heapify(ready)

    waves: list[Wave] = []
    group_wave = [0] * count
    placed_vms: set[str] = set()
    max_mib = int(settings.max_tb_per_wave * MIB_PER_TB)
    move_groups: list[MoveGroup] = []
    wave_of: dict[str, int] = {}
    first_open = 0  # waves before this one are full for the smallest possible group

    def wave(number: int) -> Wave:
        while len(waves) < number:
            n = len(waves) + 1
            start = settings.start + dt.timedelta(days=(n - 1) * settings.wave_days)
            waves.append(Wave(n, start, start + dt.timedelta(days=settings.wave_days - 1)))
        return waves[number - 1]

    while ready:
        _, _, group = heapq.heappop(ready)
        names = [apps[i].name for i in members[group]]
        vms = sorted({vm for i in members[group] for vm in apps[i].vms if vm not in placed_vms})
        mib = sum(vm_storage_mib.get(vm, 0) for vm in vms)
        lowest = max((group_wave[p] for p in predecessors[group]), default=1)
        too_big = len(vms) > settings.max_vms_per_wave or mib > max_mib
        number = max(lowest, first_open + 1) if vms else lowest
        while True:
            candidate = wave(number)
            if too_big:
                if not candidate.applications:
                    break
            elif (
                len(candidate.vms) + len(vms) <= settings.max_vms_per_wave
                and candidate.storage_mib + mib <= max_mib
            ):
                break
            number += 1
        candidate.applications.extend(names)
        candidate.vms.extend(vms)
        candidate.storage_mib += mib
        placed_vms.update(vms)
        group_wave[group] = number
        while first_open < len(waves) and len(waves[first_open].vms) >= settings.max_vms_per_wave:
            first_open += 1
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
        if too_big:
            findings.append(
                Finding(
                    names[0],
                    "over capacity",
                    f"{', '.join(sorted(names))} need {len(vms)} VMs and "
                    f"{(Decimal(mib) / MIB_PER_TB).quantize(Decimal('0.01'))} TB, more than a "
                    f"wave's {settings.max_vms_per_wave} VMs and {settings.max_tb_per_wave} TB: "
                    f"given {candidate.name} to themselves.",
                )
            )
        for i in members[group]:
            app = apps[i]
            limits = [("the data-centre exit date", settings.exit_date)]
            if app.contract_end:
                limits.append(("its contract end date", app.contract_end))
            for what, limit in limits:
                if candidate.end > limit:
                    findings.append(
                        Finding(
                            app.name,
                            "deadline missed",
                            f"{app.name} is in {candidate.name}, which ends "
                            f"{candidate.end:%d/%m/%Y}, after {what} {limit:%d/%m/%Y}"
                            + _why(bool(predecessors[group]), lowest, number),
                        )
                    )
        for successor in sorted(successors[group]):
            waiting[successor] -= 1
            if waiting[successor] == 0:
                heapq.heappush(ready, (deadlines[successor], first_name[successor], successor))

    return Plan(settings, move_groups, waves, wave_of, findings)


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
