"""A proposed grouping of the VMs in no application into applications (docs/hosting.md,
"VMs in no application").

An RVTools export says nothing of applications; until an applications import links them, VMs
are in no application, and neither in a council's bill nor grouped in the wave plan. The user
chooses what to group them by, from what vInfo records for each VM:

- **folder**: the VM's inventory folder (vInfo `Folder`), a group per folder path, named by its
  last part. vCenter's own folders (`vm`, `Discovered virtual machine`) group nothing.
- **cluster**: the VM's cluster (vInfo `Cluster`).
- **annotation**: the first line of the VM's annotation (vInfo `Annotation`), up to 100
  characters: where administrators often write the service a VM runs.
- **name prefix**: the VM's name before its domain (`.`), then before its last `-` or `_`; or,
  with neither, without its trailing digits: `CEC-REV-APP01` and `CEC-REV-DB01` give `CEC-REV`;
  `finsql01` gives `finsql`.

A VM with nothing to group by (no folder, say) is left ungrouped, and listed. A proposed name
already used by an application gets the basis after it (`Revenues (folder)`); the user accepts
the groups they agree with (`services.accept_grouping`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

ANNOTATION_CHARACTERS = 100
VCENTER_FOLDERS = frozenset({"vm", "discovered virtual machine"})


class Basis(enum.StrEnum):
    FOLDER = "folder"
    CLUSTER = "cluster"
    ANNOTATION = "annotation"
    NAME_PREFIX = "name_prefix"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class LooseVm:
    """A VM in no application, with what vInfo says of it."""

    name: str
    folder: str = ""
    cluster: str = ""
    annotation: str = ""


@dataclass(frozen=True)
class ProposedGroup:
    name: str  # the application it would become
    key: str  # what its VMs share
    vms: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Grouping:
    basis: Basis
    groups: tuple[ProposedGroup, ...]
    ungrouped: tuple[str, ...]  # VMs with nothing to group by on this basis


_TRAILING_DIGITS = re.compile(r"[\d\-_.]+$")


def key_of(vm: LooseVm, basis: Basis) -> str:
    """What the VM is grouped by on `basis`; "" when it gives nothing."""
    if basis is Basis.FOLDER:
        path = "/".join(part.strip() for part in vm.folder.split("/") if part.strip())
        return "" if path.lower() in VCENTER_FOLDERS else path
    if basis is Basis.CLUSTER:
        return vm.cluster.strip()
    if basis is Basis.ANNOTATION:
        lines = [line.strip() for line in vm.annotation.splitlines() if line.strip()]
        return lines[0][:ANNOTATION_CHARACTERS] if lines else ""
    host = vm.name.strip().split(".")[0]
    cut = max(host.rfind("-"), host.rfind("_"))
    prefix = host[:cut] if cut > 0 else _TRAILING_DIGITS.sub("", host)
    return prefix.strip("-_ ")


def _short(key: str, basis: Basis) -> str:
    return key.rsplit("/", 1)[-1] if basis is Basis.FOLDER else key


def propose_groups(vms: Iterable[LooseVm], basis: Basis, taken: Iterable[str] = ()) -> Grouping:
    """The VMs grouped by `basis`; `taken` are names applications already have."""
    by_key: dict[str, list[str]] = {}
    ungrouped: list[str] = []
    for vm in vms:
        key = key_of(vm, basis)
        if key:
            by_key.setdefault(key, []).append(vm.name)
        else:
            ungrouped.append(vm.name)
    short_names: dict[str, int] = {}
    for key in by_key:
        short = _short(key, basis)
        short_names[short] = short_names.get(short, 0) + 1
    used = set(taken)
    groups = []
    for key in sorted(by_key):
        name = _short(key, basis)
        if short_names[name] > 1:
            name = key  # two folders of the same name: the whole path tells them apart
        if name in used:
            name = f"{name} ({basis.label.lower()})"
        used.add(name)
        members = tuple(sorted(by_key[key]))
        groups.append(
            ProposedGroup(
                name[:200],
                key,
                members,
                f"{len(members)} VM{'s' if len(members) != 1 else ''} in no application "
                f"share the {basis.label.lower()} “{key}”.",
            )
        )
    return Grouping(basis, tuple(groups), tuple(sorted(ungrouped)))
