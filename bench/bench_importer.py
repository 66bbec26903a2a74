"""The importer at the scale of a real tenant and estate (issue 16.6; docs/adr/0005-bulk-saving.md).

- check: `importing.validate` over 20,000 organisation rows (read, match headers, clean every
  row, check duplicates across rows), against csv.reader over the same bytes (target ≤ 40).
- For each big kind, two measures against a bare `executemany` of the same rows into the same
  table(s), in the same run, rolled back like the work:
  - end to end: `run_import` of the whole file (read, check every row, write in bulk with the
    audit history), as a dry run, which does every write and rolls it back — within an
    absolute limit in seconds (and, for the permissions, a peak of memory);
  - the write phase: the kind's `save` on rows already checked (target ratio ≤ 5).

  permissions   300,000 rows among 100,000 identities  (< 30 s, peak < 500 MB)
  identities    100,000 rows                           (< 30 s)
  RVTools       a 30,000-VM vInfo workbook (.xlsx), read with calamine, checked, imported (< 30 s)
  applications  6,000 applications on 12,000 VMs, then 3,000 dependencies (< 15 s)
  statuses      a 100,000-row migration-status report: half the people have a mail status
                already (most older, so changed; a tenth newer, so the row is skipped) (< 30 s)
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import random
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from openpyxl import Workbook

from bench.harness import Benchmark
from gemini.core import importing
from gemini.core.bulk_saving import insert_statement
from gemini.core.models import Organisation
from gemini.hosting import services as hosting
from gemini.hosting.models import Application, Dependency, VirtualMachine
from gemini.hosting.rvtools import read_export
from gemini.migration.models import Identity, MailboxPermission, State, Workload, WorkloadStatus

ROWS = 20_000
PERMISSIONS = 300_000
HOLDERS = 100_000  # identities the permissions name
IDENTITIES = 100_000
VMS = 30_000
APPLICATIONS = 6_000
APPLICATION_VMS = 12_000
DEPENDENCIES = 3_000
RIGHTS = ("FullAccess", "SendAs", "SendOnBehalfTo")
rng = random.Random(16)  # noqa: S311 (benchmark data, not security)


def _file() -> bytes:
    lines = ["code,name,kind,hosted_by"]
    lines += [f"ORG{i:05d},Organisation number {i},council," for i in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


DATA = _file()


def _work() -> None:
    result, rows = importing.validate(
        importing.importer_for("organisations"), DATA, "organisations.csv"
    )
    assert result.ok, result.problems[:3]
    assert len(rows) == ROWS


def _baseline() -> None:
    rows = list(csv.reader(io.StringIO(DATA.decode("utf-8-sig"))))
    assert len(rows) == ROWS + 1


# The bare write every kind is compared with -------------------------------------------------


def _table_rows(records: Sequence[Model]) -> tuple[str, list[tuple[Any, ...]]]:
    """An INSERT for the records' table, with every column the ORM would write, and the
    records' values ready for the database."""
    model = type(records[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    sql = insert_statement(connection, model._meta.db_table, [str(f.column) for f in fields])
    values = [
        tuple(f.get_db_prep_save(getattr(record, f.attname), connection) for f in fields)
        for record in records
    ]
    return sql, values


def _executemany(*tables: tuple[str, list[tuple[Any, ...]]]) -> None:
    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql, values in tables:
                cursor.executemany(sql, values)
        transaction.set_rollback(True)


def _rolled_back(function: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        with transaction.atomic():
            function()
            transaction.set_rollback(True)

    return run


def _import(kind: str, data: bytes, filename: str, created: int) -> None:
    result = importing.run_import(importing.importer_for(kind), data, filename, dry_run=True)
    assert result.ok, result.problems[:3]
    assert result.count("created") == created, (result.count("created"), created)


def _checked(kind: str, data: bytes, filename: str) -> tuple[importing.Importer[Any], list[Any]]:
    importer = importing.importer_for(kind)
    result, rows = importing.validate(importer, data, filename)
    assert result.ok, result.problems[:3]
    return importer, rows


def _saved(importer: importing.Importer[Any], rows: list[Any], created: int) -> Callable[[], None]:
    def save() -> None:
        changes = list(importer.save(rows))
        assert sum(1 for c in changes if c.outcome == "created") == created

    return _rolled_back(save)


# Permissions ---------------------------------------------------------------------------------


@functools.cache
def _organisations() -> dict[str, Organisation]:
    from gemini.testing.personas import make_organisations

    return make_organisations()


@functools.cache
def _holders() -> dict[str, int]:
    """HOLDERS identities saved for the permissions to name (not timed)."""
    cwac = _organisations()["CWAC"]
    Identity.objects.bulk_create(
        (
            Identity(organisation=cwac, user_principal_name=f"holder{i}@cwac.example")
            for i in range(HOLDERS)
        ),
        batch_size=2_000,
    )
    return dict(
        Identity.objects.filter(user_principal_name__startswith="holder").values_list(
            "user_principal_name", "pk"
        )
    )


def _permission(n: int) -> tuple[int, int, int]:
    """The n-th permission: (mailbox, user, right), each triple different."""
    turn, mailbox = divmod(n, HOLDERS)
    return mailbox, (mailbox + turn + 1) % HOLDERS, turn % len(RIGHTS)


@functools.cache
def _permissions_file() -> bytes:
    _holders()
    lines = ["Mailbox,User,AccessRights"]
    for n in range(PERMISSIONS):
        mailbox, user, right = _permission(n)
        lines.append(f"holder{mailbox}@cwac.example,holder{user}@cwac.example,{RIGHTS[right]}")
    return ("\n".join(lines) + "\n").encode()


@functools.cache
def _permissions_table() -> tuple[str, list[tuple[Any, ...]]]:
    pk = _holders()
    rights = ("full_access", "send_as", "send_on_behalf")
    records = []
    for n in range(PERMISSIONS):
        mailbox, user, right = _permission(n)
        records.append(
            MailboxPermission(
                mailbox_id=pk[f"holder{mailbox}@cwac.example"],
                user_id=pk[f"holder{user}@cwac.example"],
                right=rights[right],
            )
        )
    return _table_rows(records)


@functools.cache
def _permissions_checked() -> tuple[importing.Importer[Any], list[Any]]:
    return _checked("permissions", _permissions_file(), "permissions.csv")


# Identities ----------------------------------------------------------------------------------

IDENTITY_HEADER = (
    "userPrincipalName,displayName,givenName,surname,mail,jobTitle,department,council,"
    "mailboxSizeGB,oneDriveSizeGB,vip"
)
DEPARTMENTS = ("Adults", "Children", "Highways", "Finance", "Revenues", "Libraries", "ICT")


@functools.cache
def _identities_file() -> bytes:
    _organisations()
    lines = [IDENTITY_HEADER]
    lines.extend(
        f"person{i}@cwac.example,Person Number{i},Person,Number{i},person{i}@cwac.example,"
        f"Officer,{DEPARTMENTS[i % len(DEPARTMENTS)]},{'CWAC' if i % 2 else 'CEC'},"
        f"{i % 50}.25,{i % 20}.5,{'yes' if i % 97 == 0 else 'no'}"
        for i in range(IDENTITIES)
    )
    return ("\n".join(lines) + "\n").encode()


@functools.cache
def _identities_table() -> tuple[str, list[tuple[Any, ...]]]:
    organisations = _organisations()
    records = [
        Identity(
            organisation=organisations["CWAC" if i % 2 else "CEC"],
            user_principal_name=f"person{i}@cwac.example",
            display_name=f"Person Number{i}",
            given_name="Person",
            surname=f"Number{i}",
            mail=f"person{i}@cwac.example",
            job_title="Officer",
            department=DEPARTMENTS[i % len(DEPARTMENTS)],
            mailbox_gb=Decimal(f"{i % 50}.25"),
            onedrive_gb=Decimal(f"{i % 20}.5"),
            vip=i % 97 == 0,
        )
        for i in range(IDENTITIES)
    ]
    return _table_rows(records)


@functools.cache
def _identities_checked() -> tuple[importing.Importer[Any], list[Any]]:
    return _checked("identities", _identities_file(), "identities.csv")


# RVTools -------------------------------------------------------------------------------------

VINFO = (
    "VM",
    "Powerstate",
    "Template",
    "CPUs",
    "Memory",
    "NICs",
    "Disks",
    "Provisioned MiB",
    "In Use MiB",
    "Datacenter",
    "Cluster",
    "Host",
    "OS according to the configuration file",
    "OS according to the VMware Tools",
    "VM ID",
    "VM UUID",
)
SYSTEMS = ("Microsoft Windows Server 2019 (64-bit)", "Red Hat Enterprise Linux 8 (64-bit)")


@functools.cache
def _rvtools_workbook() -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("vInfo")
    sheet.append(VINFO)
    for i in range(VMS):
        system = SYSTEMS[i % 2]
        sheet.append(
            [
                f"VM{i:05d}",
                "poweredOn" if i % 10 else "poweredOff",
                "False",
                rng.choice((1, 2, 4, 8)),
                rng.choice((2, 4, 8, 16)) * 1024,
                1,
                2,
                204_800,
                102_400,
                "Kelly House",
                "KH-PROD",
                f"esx{i % 40:02d}",
                system,
                system,
                f"vm-{i}",
                f"uuid-{i}",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rvtools_end_to_end() -> None:
    _organisations()
    export = read_export(_rvtools_workbook(), "RVTools.xlsx")
    assert len(export.vms) == VMS

    def take_in() -> None:
        record = hosting.import_rvtools(export, "RVTools.xlsx")
        assert len(record.appeared) == VMS

    _rolled_back(take_in)()


@functools.cache
def _rvtools_export() -> Any:
    _organisations()
    return read_export(_rvtools_workbook(), "RVTools.xlsx")


def _rvtools_write() -> None:
    export = _rvtools_export()
    _rolled_back(lambda: hosting.import_rvtools(export, "RVTools.xlsx"))()


@functools.cache
def _vms_table() -> tuple[str, list[tuple[Any, ...]]]:
    owner = _organisations()["ICTSS"]
    from gemini.hosting.services import _new_vms  # what the import makes of the rows

    columns = _new_vms(_rvtools_export().vms, owner.pk, _today())
    records = [
        VirtualMachine(**dict(zip(columns, values, strict=True)))
        for values in zip(*columns.values(), strict=True)
    ]
    return _table_rows(records)


def _today() -> Any:
    return timezone.localdate()


# Applications and dependencies ---------------------------------------------------------------

APPLICATION_HEADER = "name,council,criticality,business_owner,supplier,vms,users,product,category"
COUNCILS = ("CEC", "CWAC", "shared")
KINDS = ("data", "integration", "authentication", "database")


@functools.cache
def _estate() -> None:
    """APPLICATION_VMS VMs for the applications to run on (not timed)."""
    owner = _organisations()["ICTSS"]
    VirtualMachine.objects.bulk_create(
        (
            VirtualMachine(name=f"APPVM{i:05d}", organisation=owner, cpus=2, memory_mib=4096)
            for i in range(APPLICATION_VMS)
        ),
        batch_size=2_000,
    )


def _application_vms(i: int) -> tuple[str, ...]:
    """Two VMs each; every tenth application shares a VM with the one before it."""
    first = 2 * i - 1 if i % 10 == 0 and i else 2 * i
    return (f"APPVM{first:05d}", f"APPVM{2 * i + 1:05d}")


@functools.cache
def _applications_file() -> bytes:
    _estate()
    lines = [APPLICATION_HEADER]
    lines.extend(
        f"App{i:05d},{COUNCILS[i % 3]},{('high', 'medium', 'low')[i % 3]},Owner {i},"
        f"Supplier {i % 40},{';'.join(_application_vms(i))},{i % 500},Product {i % 300},"
        f"Category {i % 12}"
        for i in range(APPLICATIONS)
    )
    return ("\n".join(lines) + "\n").encode()


@functools.cache
def _dependency_pairs() -> list[tuple[int, int, str]]:
    pairs: dict[tuple[int, int], str] = {}
    while len(pairs) < DEPENDENCIES:
        source, target = rng.randrange(APPLICATIONS), rng.randrange(APPLICATIONS)
        if source != target:
            pairs.setdefault((source, target), rng.choice(KINDS))
    return [(source, target, kind) for (source, target), kind in pairs.items()]


@functools.cache
def _dependencies_file() -> bytes:
    lines = ["from,to,kind"]
    lines += [f"App{s:05d},App{t:05d},{kind}" for s, t, kind in _dependency_pairs()]
    return ("\n".join(lines) + "\n").encode()


def _applications_end_to_end() -> None:
    files = (  # made (and the VMs saved) before the transaction that is rolled back
        ("applications", _applications_file(), "applications.csv", APPLICATIONS),
        ("dependencies", _dependencies_file(), "dependencies.csv", DEPENDENCIES),
    )

    def both() -> None:
        for kind, data, filename, created in files:
            result = importing.run_import(importing.importer_for(kind), data, filename)
            assert result.ok, result.problems[:3]
            assert result.count("created") == created

    _rolled_back(both)()


@functools.cache
def _applications_checked() -> tuple[importing.Importer[Any], list[Any]]:
    return _checked("applications", _applications_file(), "applications.csv")


def _applications_write() -> None:
    """The write phase: save the checked applications, then the dependencies' rows (checked
    against them inside the same transaction; the check is a single query)."""
    importer, rows = _applications_checked()
    dependencies_file = _dependencies_file()

    def both() -> None:
        assert sum(1 for c in importer.save(rows) if c.outcome == "created") == APPLICATIONS
        dependencies = importing.importer_for("dependencies")
        result, checked = importing.validate(dependencies, dependencies_file, "deps.csv")
        assert result.ok, result.problems[:3]
        assert sum(1 for c in dependencies.save(checked) if c.outcome == "created") == (
            DEPENDENCIES
        )

    _rolled_back(both)()


def _applications_baseline() -> None:
    """The same applications and dependencies by executemany (the dependencies' keys looked up
    by name after the applications are in, as any writer must)."""
    organisations = _organisations()
    records = [
        Application(
            name=f"App{i:05d}",
            organisation=organisations[COUNCILS[i % 3].upper().replace("SHARED", "ICTSS")],
            criticality=("high", "medium", "low")[i % 3],
            business_owner=f"Owner {i}",
            supplier=f"Supplier {i % 40}",
            users=i % 500,
            product=f"Product {i % 300}",
            category=f"Category {i % 12}",
        )
        for i in range(APPLICATIONS)
    ]
    with transaction.atomic():
        sql, values = _table_rows(records)
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)
        pk = dict(Application.objects.values_list("name", "pk"))
        dependencies = [
            Dependency(source_id=pk[f"App{s:05d}"], target_id=pk[f"App{t:05d}"], kind=kind)
            for s, t, kind in _dependency_pairs()
        ]
        sql, values = _table_rows(dependencies)
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)
        transaction.set_rollback(True)


# Migration status ---------------------------------------------------------------------------

STATUSES = 100_000  # one mail status row for each of the permissions' holders
STATUS_HEADER = "userPrincipalName,workload,state,problem,note,updated_at"


def _status_when(i: int) -> str:
    """Each row's own time (January 2025), so the history's dates differ row by row."""
    return f"2025-01-{1 + i % 28:02d}T{8 + i % 10:02d}:{i % 60:02d}:00"


@functools.cache
def _statuses_seeded() -> dict[str, int]:
    """Every even holder has a mail status already (not timed): scheduled in June 2024, so
    the report's row changes it; every tenth one in June 2025, so the report's (older) row is
    skipped."""
    pk = _holders()
    older = timezone.make_aware(dt.datetime(2024, 6, 1, 9, 0))  # noqa: DTZ001 (made aware)
    newer = timezone.make_aware(dt.datetime(2025, 6, 1, 9, 0))  # noqa: DTZ001 (made aware)
    WorkloadStatus.objects.bulk_create(
        (
            WorkloadStatus(
                identity_id=pk[f"holder{i}@cwac.example"],
                workload=Workload.MAIL,
                state=State.SCHEDULED,
                updated_at=newer if i % 10 == 0 else older,
            )
            for i in range(0, STATUSES, 2)
        ),
        batch_size=2_000,
    )
    return pk


@functools.cache
def _statuses_file() -> bytes:
    _statuses_seeded()
    lines = [STATUS_HEADER]
    lines.extend(
        f"holder{i}@cwac.example,mail,{'completed' if i % 3 else 'in progress'},,"
        f"Batch {i % 20},{_status_when(i)}"
        for i in range(STATUSES)
    )
    return ("\n".join(lines) + "\n").encode()


@functools.cache
def _statuses_table() -> tuple[str, list[tuple[Any, ...]]]:
    """The same rows as new records: for the OneDrive workload, which nobody has yet (the
    mail statuses seeded would collide), into the same table."""
    pk = _statuses_seeded()
    records = [
        WorkloadStatus(
            identity_id=pk[f"holder{i}@cwac.example"],
            workload=Workload.ONEDRIVE,
            state=State.COMPLETED if i % 3 else State.IN_PROGRESS,
            note=f"Batch {i % 20}",
            updated_at=timezone.make_aware(dt.datetime.fromisoformat(_status_when(i))),
        )
        for i in range(STATUSES)
    ]
    return _table_rows(records)


@functools.cache
def _statuses_checked() -> tuple[importing.Importer[Any], list[Any]]:
    return _checked("migration-status", _statuses_file(), "status.csv")


BENCHMARKS = [
    Benchmark(
        "importer: check organisation rows", ROWS, _work, _baseline, target_ratio=40.0, repeats=3
    ),
    Benchmark(
        "importer: permissions end to end",
        PERMISSIONS,
        lambda: _import("permissions", _permissions_file(), "permissions.csv", PERMISSIONS),
        lambda: _executemany(_permissions_table()),
        target_ratio=40.0,
        repeats=1,
        max_seconds=30.0,
        max_peak_mb=500.0,
    ),
    Benchmark(
        "importer: permissions write phase",
        PERMISSIONS,
        lambda: _saved(*_permissions_checked(), PERMISSIONS)(),
        lambda: _executemany(_permissions_table()),
        target_ratio=5.0,
        repeats=2,
    ),
    Benchmark(
        "importer: identities end to end",
        IDENTITIES,
        lambda: _import("identities", _identities_file(), "identities.csv", IDENTITIES),
        lambda: _executemany(_identities_table()),
        target_ratio=40.0,
        repeats=1,
        max_seconds=30.0,
    ),
    Benchmark(
        "importer: identities write phase",
        IDENTITIES,
        lambda: _saved(*_identities_checked(), IDENTITIES)(),
        lambda: _executemany(_identities_table()),
        target_ratio=5.0,
        repeats=2,
    ),
    Benchmark(
        "importer: RVTools workbook end to end",
        VMS,
        _rvtools_end_to_end,
        lambda: _executemany(_vms_table()),
        target_ratio=40.0,
        repeats=1,
        max_seconds=30.0,
    ),
    Benchmark(
        "importer: RVTools write phase",
        VMS,
        _rvtools_write,
        lambda: _executemany(_vms_table()),
        target_ratio=5.0,
        repeats=2,
    ),
    Benchmark(
        "importer: applications and dependencies end to end",
        APPLICATIONS + DEPENDENCIES,
        _applications_end_to_end,
        _applications_baseline,
        target_ratio=40.0,
        repeats=1,
        max_seconds=15.0,
    ),
    Benchmark(
        "importer: applications and dependencies write phase",
        APPLICATIONS + DEPENDENCIES,
        _applications_write,
        _applications_baseline,
        target_ratio=5.0,
        repeats=2,
    ),
    Benchmark(
        "importer: migration-status end to end",
        STATUSES,
        lambda: _import("migration-status", _statuses_file(), "status.csv", STATUSES // 2),
        lambda: _executemany(_statuses_table()),
        target_ratio=40.0,
        repeats=1,
        max_seconds=30.0,
    ),
    Benchmark(
        "importer: migration-status write phase",
        STATUSES,
        lambda: _saved(*_statuses_checked(), STATUSES // 2)(),
        lambda: _executemany(_statuses_table()),
        target_ratio=5.0,
        repeats=2,
    ),
]
