"""The data-centre exit planner at the issue's scale: 10,000 VMs and 2,000 applications.

Each stage is measured against a baseline in the same run (bench/harness.py):

- read: `rvtools.read_export` over a 10,000-VM vInfo CSV, against csv.reader over the bytes;
- import: `services.import_rvtools` (matching, history, findings) in a rolled-back
  transaction, against a bare `bulk_create` of the same VMs without history;
- size: `sizing.right_size` for every VM, against working out the needs alone;
- plan: `waves.plan_waves` for 2,000 applications with 3,000 dependencies (cycles included),
  against the bare strongly-connected-components call on the same graph — the ratio the issue
  asks for.

The issue's target is under 20 s for all stages together; each stage prints its seconds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from decimal import Decimal

from django.db import transaction

from bench.harness import Benchmark
from gemini.core.models import Organisation
from gemini.hosting import price_list, services
from gemini.hosting.engine import sizing, waves
from gemini.hosting.models import VirtualMachine
from gemini.hosting.rvtools import read_export

VMS = 10_000
APPLICATIONS = 2_000
DEPENDENCIES = 3_000
HEADERS = (
    "VM,Powerstate,Template,CPUs,Memory,NICs,Disks,Provisioned MiB,In Use MiB,Datacenter,"
    "Cluster,Host,OS according to the configuration file,OS according to the VMware Tools,"
    "VM ID,VM UUID"
)
rng = random.Random(7)  # noqa: S311 (benchmark data, not security)


def _csv() -> bytes:
    lines = [HEADERS]
    for i in range(VMS):
        cpus = rng.choice((1, 2, 4, 8, 16))
        memory = rng.choice((2, 4, 8, 16, 32)) * 1024
        os_name = rng.choice(("Microsoft Windows Server 2019", "Microsoft Windows Server 2012 R2"))
        lines.append(
            f"VM{i:05d},poweredOn,False,{cpus},{memory},1,2,204800,102400,Kelly House,"
            f"KH-PROD,esx{i % 40:02d},{os_name},{os_name},vm-{i},uuid-{i}"
        )
    return ("\n".join(lines) + "\n").encode()


DATA = _csv()
EXPORT = read_export(DATA, "RVTools.csv")
INPUTS = [
    sizing.SizingInput(
        vm.name,
        vm.cpus,
        vm.memory_mib,
        vm.disks or 0,
        Decimal(rng.randint(5, 60)) / 100 if i % 2 else None,
        Decimal(rng.randint(20, 85)) / 100 if i % 2 else None,
    )
    for i, vm in enumerate(EXPORT.vms)
]
PLAN_APPS = [
    waves.PlanApplication(
        f"App{i:04d}",
        tuple(f"VM{v:05d}" for v in range(i * 5, i * 5 + 5)),
        dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 700)) if i % 4 == 0 else None,
    )
    for i in range(APPLICATIONS)
]
PLAN_DEPS = [
    waves.PlanDependency(
        f"App{rng.randrange(APPLICATIONS):04d}", f"App{rng.randrange(APPLICATIONS):04d}"
    )
    for _ in range(DEPENDENCIES)
]
STORAGE = {vm.name: vm.provisioned_mib or 0 for vm in EXPORT.vms}
SETTINGS = waves.PlanSettings(
    dt.date(2025, 4, 1), max_vms_per_wave=400, max_tb_per_wave=Decimal(200)
)
INDEX = {app.name: i for i, app in enumerate(sorted(PLAN_APPS, key=lambda a: a.name))}
EDGES = [(INDEX[d.target], INDEX[d.source]) for d in PLAN_DEPS if d.source != d.target]


def _organisations() -> None:
    Organisation.objects.get_or_create(
        code="ICTSS", defaults={"name": "ICT Shared Service", "kind": "shared_service"}
    )


def _read() -> None:
    assert len(read_export(DATA, "RVTools.csv").vms) == VMS


def _read_baseline() -> None:
    assert len(list(csv.reader(io.StringIO(DATA.decode())))) == VMS + 1


def _import() -> None:
    _organisations()
    with transaction.atomic():
        record = services.import_rvtools(EXPORT, "RVTools.csv")
        assert len(record.appeared) == VMS
        transaction.set_rollback(True)


def _import_baseline() -> None:
    _organisations()
    owner = Organisation.objects.get(code="ICTSS")
    with transaction.atomic():
        VirtualMachine.objects.bulk_create(
            [
                VirtualMachine(
                    name=vm.name,
                    organisation=owner,
                    power_state=vm.power_state,
                    cpus=vm.cpus,
                    memory_mib=vm.memory_mib,
                )
                for vm in EXPORT.vms
            ],
            batch_size=500,
        )
        transaction.set_rollback(True)


def _size() -> None:
    sizes = price_list.catalogue(price_list.bundled())
    for vm in INPUTS:
        sizing.right_size(vm, sizes)


def _size_baseline() -> None:
    settings = sizing.SizingSettings()
    for vm in INPUTS:
        sizing.need(vm, settings)


def _plan() -> None:
    plan = waves.plan_waves(PLAN_APPS, PLAN_DEPS, STORAGE, SETTINGS)
    assert len(plan.wave_of) == APPLICATIONS


def _plan_baseline() -> None:
    waves.strongly_connected([a.name for a in PLAN_APPS], EDGES)


BENCHMARKS = [
    Benchmark("hosting: read an RVTools export", VMS, _read, _read_baseline, 40.0, repeats=3),
    Benchmark("hosting: import VMs with history", VMS, _import, _import_baseline, 8.0, repeats=2),
    Benchmark("hosting: right-size VMs", VMS, _size, _size_baseline, 10.0, repeats=3),
    Benchmark("hosting: plan waves", APPLICATIONS, _plan, _plan_baseline, 400.0, repeats=3),
]
