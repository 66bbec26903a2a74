"""The hosting part of `gemini demo`: the Kelly House estate for Phase 2 (docs/hosting.md).

The seed report (CPC/52/24-25, 6 February 2025) gives the shape, not the figures: the shared
on-premises data centre is end of life; each council moves its hosting to cloud IaaS by 2027 or
sooner, rationalising legacy applications; VM migration and VPN replacement run under contract
deadlines; Security Operations Centre and zero-trust projects have started. The estate below is
generated, plausible and fictional (seeded, so every load is the same): about 400 VMs and 120
applications at full size, a few dozen of each in the small demo, with every category the
pages show — shared applications, the same product at both councils, end-of-life operating
systems, powered-off applications, SaaS alternatives, contract end dates and one dependency
cycle.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from decimal import Decimal

from faker import Faker

from gemini.core.demo import DemoContext
from gemini.core.models import Organisation
from gemini.hosting import services
from gemini.hosting.models import (
    Application,
    Criticality,
    Dependency,
    Milestone,
    RvtoolsImport,
    WavePlan,
)
from gemini.hosting.rvtools import Export, Finding, VmRow

SEED = 20250206
IMPORT_DATE = dt.date(2025, 2, 3)
PLAN_START = dt.date(2025, 4, 1)  # the first wave after the seed report
DEMO_FILE = "RVTools_export_all_KellyHouse_2025-02-03.xlsx"

H, M, L = Criticality.HIGH, Criticality.MEDIUM, Criticality.LOW

# (name, council, category, supplier, product, SaaS alternative, criticality, contract end)
# The first entries are the small demo: every rule and category appears among them.
APPLICATIONS: tuple[tuple[str, str, str, str, str, str, str, dt.date | None], ...] = (
    (
        "CEC Revenues and Benefits",
        "CEC",
        "Revenues and benefits",
        "Civica",
        "Civica OpenRevenues",
        "",
        H,
        dt.date(2026, 9, 30),
    ),
    (
        "CWAC Revenues and Benefits",
        "CWAC",
        "Revenues and benefits",
        "Civica",
        "Civica OpenRevenues",
        "",
        H,
        dt.date(2027, 3, 31),
    ),
    (
        "Shared HR and Payroll",
        "shared",
        "HR and payroll",
        "MHR",
        "iTrent",
        "",
        H,
        dt.date(2026, 3, 31),
    ),
    ("CEC Finance Ledger", "CEC", "Finance", "Unit4", "", "", H, dt.date(2027, 6, 30)),
    ("CWAC Finance Ledger", "CWAC", "Finance", "Oracle", "", "", H, None),
    ("Shared Integration Hub", "shared", "Infrastructure", "Microsoft", "", "", H, None),
    (
        "CEC Adults Social Care",
        "CEC",
        "Social care",
        "System C",
        "Liquidlogic LAS",
        "",
        H,
        dt.date(2027, 12, 31),
    ),
    (
        "CWAC Planning and Building Control",
        "CWAC",
        "Planning",
        "Idox",
        "Idox Uniform",
        "",
        M,
        dt.date(2026, 1, 31),
    ),
    (
        "CEC Document Management",
        "CEC",
        "Document management",
        "Civica",
        "",
        "SharePoint Online",
        M,
        None,
    ),
    ("CWAC Legacy Land Charges", "CWAC", "Planning", "In-house", "", "", L, None),
    ("Shared Corporate GIS", "shared", "GIS", "Esri", "", "", M, None),
    (
        "Shared Citrix Virtual Apps",
        "shared",
        "Infrastructure",
        "Citrix",
        "",
        "Azure Virtual Desktop",
        H,
        dt.date(2025, 12, 31),
    ),
    (
        "CWAC Adults Social Care",
        "CWAC",
        "Social care",
        "System C",
        "Liquidlogic LAS",
        "",
        H,
        dt.date(2028, 3, 31),
    ),
    (
        "CEC Planning and Building Control",
        "CEC",
        "Planning",
        "Idox",
        "Idox Uniform",
        "",
        M,
        dt.date(2026, 6, 30),
    ),
    (
        "CEC Children's Social Care",
        "CEC",
        "Social care",
        "System C",
        "Liquidlogic LCS",
        "",
        H,
        None,
    ),
    ("CWAC Children's Social Care", "CWAC", "Social care", "Servelec", "Mosaic", "", H, None),
    ("CEC Social Care Payments", "CEC", "Social care", "System C", "ContrOCC", "", H, None),
    ("CWAC Social Care Payments", "CWAC", "Social care", "System C", "", "", H, None),
    ("Shared Active Directory", "shared", "Infrastructure", "Microsoft", "", "", H, None),
    ("Shared Data Warehouse", "shared", "Finance", "Microsoft", "", "", M, None),
    ("Shared Backup", "shared", "Infrastructure", "Veeam", "", "", H, dt.date(2026, 6, 30)),
    (
        "Shared Email Gateway",
        "shared",
        "Infrastructure",
        "Mimecast",
        "",
        "Exchange Online Protection",
        M,
        dt.date(2025, 4, 18),
    ),
    ("CEC Payments Portal", "CEC", "Finance", "Civica", "Civica Pay", "", H, None),
    ("CWAC Payments Portal", "CWAC", "Finance", "Civica", "Civica Pay", "", H, None),
    ("CEC Gazetteer", "CEC", "GIS", "Idox", "", "", M, None),
    ("CWAC Gazetteer", "CWAC", "GIS", "Idox", "", "", M, None),
    (
        "CEC Electronic Document and Records",
        "CEC",
        "Document management",
        "OpenText",
        "",
        "",
        M,
        None,
    ),
    (
        "CWAC Document Management",
        "CWAC",
        "Document management",
        "Civica",
        "",
        "SharePoint Online",
        M,
        None,
    ),
    (
        "CEC Recruitment",
        "CEC",
        "HR and payroll",
        "Jobtrain",
        "",
        "Jobtrain SaaS",
        L,
        dt.date(2026, 3, 31),
    ),
    (
        "CWAC Learning Management",
        "CWAC",
        "HR and payroll",
        "Learning Pool",
        "",
        "Learning Pool SaaS",
        L,
        None,
    ),
    (
        "CEC Libraries Management",
        "CEC",
        "Customer services",
        "Civica",
        "Spydus",
        "Spydus hosted",
        L,
        None,
    ),
    (
        "CWAC Libraries Management",
        "CWAC",
        "Customer services",
        "Civica",
        "Spydus",
        "Spydus hosted",
        L,
        None,
    ),
    ("CEC Waste Management", "CEC", "Environment", "Bartec", "", "", M, None),
    ("CWAC Waste Management", "CWAC", "Environment", "Whitespace", "", "", M, None),
    ("CEC Highways Asset Management", "CEC", "Highways", "Yotta", "", "", M, None),
    ("CWAC Highways Asset Management", "CWAC", "Highways", "Bentley", "", "", M, None),
    ("CEC Licensing", "CEC", "Regulatory services", "Idox", "", "", L, None),
    ("CWAC Environmental Health", "CWAC", "Regulatory services", "Idox", "", "", L, None),
    ("CEC Electoral Registration", "CEC", "Democratic services", "Idox", "Xpress", "", H, None),
    (
        "CWAC Electoral Registration",
        "CWAC",
        "Democratic services",
        "Democracy Counts",
        "",
        "",
        H,
        None,
    ),
    (
        "Shared Committee Management",
        "shared",
        "Democratic services",
        "Civica",
        "",
        "Modern.gov hosted",
        L,
        None,
    ),
    ("CEC Housing Register", "CEC", "Housing", "Civica", "", "", M, None),
    ("CWAC Housing Register", "CWAC", "Housing", "Housing Partners", "", "", M, None),
    ("CEC Schools Admissions", "CEC", "Education", "Capita", "Capita One", "", M, None),
    ("CWAC Schools Admissions", "CWAC", "Education", "Capita", "Capita One", "", M, None),
    (
        "CEC Customer Relationship Management",
        "CEC",
        "Customer services",
        "Granicus",
        "",
        "Granicus cloud",
        M,
        None,
    ),
    (
        "CWAC Customer Relationship Management",
        "CWAC",
        "Customer services",
        "Salesforce",
        "",
        "",
        M,
        None,
    ),
    ("CEC Parking Enforcement", "CEC", "Highways", "Imperial", "", "", L, None),
    ("CWAC Parking Enforcement", "CWAC", "Highways", "Chipside", "", "", L, None),
    (
        "Shared Service Desk",
        "shared",
        "Infrastructure",
        "Ivanti",
        "",
        "Ivanti Neurons",
        M,
        dt.date(2026, 12, 31),
    ),
    ("Shared Print Management", "shared", "Infrastructure", "PaperCut", "", "", L, None),
    (
        "Shared File Services",
        "shared",
        "Infrastructure",
        "Microsoft",
        "",
        "SharePoint Online",
        M,
        None,
    ),
    (
        "Shared Remote Access VPN",
        "shared",
        "Infrastructure",
        "Pulse Secure",
        "",
        "",
        H,
        dt.date(2025, 10, 31),
    ),
    ("Shared Security Monitoring", "shared", "Infrastructure", "Micro Focus", "", "", H, None),
)

GENERATED_AREAS = (
    ("Revenues and benefits", "Business rates relief tracker"),
    ("Social care", "Care home placements register"),
    ("Planning", "Tree preservation orders"),
    ("HR and payroll", "Occupational health referrals"),
    ("Finance", "Grant claims database"),
    ("GIS", "Street works map layer"),
    ("Document management", "Scanning workflow"),
    ("Highways", "Winter gritting routes"),
    ("Environment", "Fly-tipping reports"),
    ("Customer services", "Blue badge applications"),
    ("Regulatory services", "Food hygiene inspections"),
    ("Housing", "Disabled facilities grants"),
    ("Revenues and benefits", "Discretionary housing payments"),
    ("Social care", "Safeguarding referrals log"),
    ("Planning", "Section 106 agreements"),
    ("HR and payroll", "Mileage and expenses"),
    ("Finance", "Debt recovery"),
    ("GIS", "Public rights of way"),
    ("Document management", "Post room mail scanning"),
    ("Highways", "Street lighting faults"),
    ("Environment", "Bulky waste collections"),
    ("Customer services", "Complaints and compliments"),
    ("Regulatory services", "Trading standards cases"),
    ("Housing", "Homelessness case management"),
    ("Education", "School transport routes"),
    ("Education", "Free school meals eligibility"),
    ("Democratic services", "Members' enquiries"),
    ("Finance", "Procurement contracts register"),
    ("Social care", "Direct payments monitoring"),
    ("Environment", "Pest control bookings"),
    ("Customer services", "Registrars appointments"),
    ("Highways", "Dropped kerb requests"),
    ("Planning", "Building control inspections"),
    ("Regulatory services", "Taxi licensing"),
)

OPERATING_SYSTEMS = (
    ("Microsoft Windows Server 2019 (64-bit)", 40),
    ("Microsoft Windows Server 2022 (64-bit)", 28),
    ("Microsoft Windows Server 2016 (64-bit)", 10),
    ("Microsoft Windows Server 2012 R2 (64-bit)", 8),
    ("Microsoft Windows Server 2008 R2 (64-bit)", 3),
    ("Microsoft Windows Server 2003 Standard (32-bit)", 1),
    ("Red Hat Enterprise Linux 7 (64-bit)", 2),
    ("Red Hat Enterprise Linux 8 (64-bit)", 6),
    ("CentOS 7 (64-bit)", 2),
)

# The small demo's VMs get these operating systems in turn, so every support status shows.
SMALL_OS = (
    "Microsoft Windows Server 2019 (64-bit)",
    "Microsoft Windows Server 2022 (64-bit)",
    "Microsoft Windows Server 2008 R2 (64-bit)",
    "Microsoft Windows Server 2016 (64-bit)",
    "Microsoft Windows Server 2012 R2 (64-bit)",
    "Red Hat Enterprise Linux 8 (64-bit)",
)

# from → to (the first needs the second); the first three make the one cycle.
DEPENDENCIES = (
    ("CEC Finance Ledger", "Shared HR and Payroll", Dependency.Kind.DATA),
    ("Shared HR and Payroll", "Shared Integration Hub", Dependency.Kind.INTEGRATION),
    ("Shared Integration Hub", "CEC Finance Ledger", Dependency.Kind.INTEGRATION),
    ("CWAC Finance Ledger", "Shared HR and Payroll", Dependency.Kind.DATA),
    ("CEC Revenues and Benefits", "Shared Integration Hub", Dependency.Kind.INTEGRATION),
    ("CWAC Revenues and Benefits", "Shared Integration Hub", Dependency.Kind.INTEGRATION),
    ("CEC Adults Social Care", "Shared Integration Hub", Dependency.Kind.INTEGRATION),
    ("CWAC Planning and Building Control", "Shared Corporate GIS", Dependency.Kind.DATA),
    ("CEC Revenues and Benefits", "CEC Document Management", Dependency.Kind.INTEGRATION),
    ("Shared HR and Payroll", "Shared Active Directory", Dependency.Kind.AUTHENTICATION),
    ("Shared Integration Hub", "Shared Active Directory", Dependency.Kind.AUTHENTICATION),
    ("CEC Social Care Payments", "CEC Adults Social Care", Dependency.Kind.DATA),
    ("CEC Social Care Payments", "CEC Finance Ledger", Dependency.Kind.DATA),
    ("CWAC Social Care Payments", "CWAC Adults Social Care", Dependency.Kind.DATA),
    ("CWAC Social Care Payments", "CWAC Finance Ledger", Dependency.Kind.DATA),
    ("CEC Payments Portal", "CEC Finance Ledger", Dependency.Kind.DATA),
    ("CWAC Payments Portal", "CWAC Finance Ledger", Dependency.Kind.DATA),
    ("Shared Data Warehouse", "CEC Finance Ledger", Dependency.Kind.DATA),
    ("Shared Data Warehouse", "CWAC Finance Ledger", Dependency.Kind.DATA),
    ("CEC Planning and Building Control", "CEC Gazetteer", Dependency.Kind.DATA),
    ("CWAC Planning and Building Control", "CWAC Gazetteer", Dependency.Kind.DATA),
    ("CEC Children's Social Care", "Shared Integration Hub", Dependency.Kind.INTEGRATION),
    ("Shared Backup", "Shared Active Directory", Dependency.Kind.AUTHENTICATION),
)

# The seed names the projects; it gives no dates, so these milestones are illustrative.
PROJECTS = (
    (
        "vm-migration",
        "Virtual machine migration",
        "Move the virtual machines off the end-of-life Kelly House hosting environment to "
        "cloud infrastructure as a service, in waves.",
        dt.date(2027, 3, 31),
        (
            ("Cloud landing zone ready", dt.date(2025, 6, 30), Milestone.Status.IN_PROGRESS),
            ("First migration wave complete", dt.date(2025, 9, 30), Milestone.Status.NOT_STARTED),
            ("Data centre exit", dt.date(2027, 3, 31), Milestone.Status.NOT_STARTED),
        ),
    ),
    (
        "vpn-replacement",
        "VPN replacement",
        "Replace the remote access VPN before its contract ends.",
        dt.date(2025, 10, 31),
        (
            ("Replacement chosen", dt.date(2025, 4, 30), Milestone.Status.IN_PROGRESS),
            ("Pilot with ICT staff", dt.date(2025, 7, 31), Milestone.Status.NOT_STARTED),
            ("All users moved; old VPN off", dt.date(2025, 10, 15), Milestone.Status.NOT_STARTED),
        ),
    ),
    (
        "soc",
        "Security Operations Centre",
        "A Security Operations Centre to strengthen the councils' security operating model.",
        None,
        (
            ("Service procured", dt.date(2025, 5, 31), Milestone.Status.IN_PROGRESS),
            ("Monitoring live", dt.date(2025, 9, 30), Milestone.Status.NOT_STARTED),
        ),
    ),
    (
        "zero-trust",
        "Zero trust",
        "Move to a zero-trust security model: identity-based access, not the shared network.",
        None,
        (
            ("Architecture agreed", dt.date(2025, 6, 30), Milestone.Status.NOT_STARTED),
            (
                "Conditional access for all staff",
                dt.date(2026, 3, 31),
                Milestone.Status.NOT_STARTED,
            ),
        ),
    ),
)


def _pick_os(rng: random.Random) -> str:
    names = [name for name, _ in OPERATING_SYSTEMS]
    weights = [weight for _, weight in OPERATING_SYSTEMS]
    return rng.choices(names, weights)[0]


def _applications(
    context: DemoContext,
) -> list[tuple[str, str, str, str, str, str, str, dt.date | None]]:
    count = context.scaled(120, 12)
    listed = list(APPLICATIONS[:count])
    index = 0
    while len(listed) < count:
        area, what = GENERATED_AREAS[(index // 2) % len(GENERATED_AREAS)]
        council = ("CEC", "CWAC")[index % 2]
        number = index // (2 * len(GENERATED_AREAS)) + 1
        name = f"{council} {what}" + (f" {number}" if number > 1 else "")
        listed.append((name, council, area, "In-house", "", "", L, None))
        index += 1
    return listed


@functools.cache
def _faker() -> Faker:
    return Faker("en_GB")


def load_hosting(context: DemoContext) -> None:
    rng = random.Random(SEED)  # noqa: S311 (demo data, not security)
    fake = _faker()
    fake.seed_instance(SEED)
    applications = _applications(context)
    total_vms = context.scaled(400, 36)
    infrastructure = context.scaled(30, 4)
    rows: list[VmRow] = []
    facts: dict[str, tuple[Decimal | None, Decimal | None, Decimal, dt.date | None]] = {}
    app_vms: dict[str, list[str]] = {}
    per_app = max(1, (total_vms - infrastructure) // len(applications))
    spare = total_vms - infrastructure - per_app * len(applications)
    for position, (name, council, *_rest) in enumerate(applications):
        count = per_app + (1 if position < spare else 0)
        prefix = {"CEC": "CEC", "CWAC": "CW", "shared": "SS"}[council]
        short = "".join(word[0] for word in name.split()[1:4]).upper()
        off = name in ("CWAC Legacy Land Charges",) or (position % 37 == 36)
        names = []
        app_os = _pick_os(rng)  # an application's servers mostly share one system
        for n in range(1, count + 1):
            vm_name = f"{prefix}-{short}{position:03d}-{('APP', 'DB', 'WEB')[(n - 1) % 3]}{n:02d}"
            if context.small:
                os_name = SMALL_OS[len(rows) % len(SMALL_OS)]
            else:
                os_name = app_os if rng.random() < 0.85 else _pick_os(rng)
            rows.append(_vm_row(vm_name, council, os_name, off, rng, len(rows)))
            names.append(vm_name)
        app_vms[name] = names
    for n in range(1, infrastructure + 1):
        os_name = _pick_os(rng)
        rows.append(_vm_row(f"SS-INFRA-{n:03d}", "shared", os_name, False, rng, len(rows)))
    for row in rows:
        known = rng.random() < 0.6
        gib = Decimal(row.memory_mib) / 1024
        cost = (
            Decimal(row.cpus) * 260
            + gib * 30
            + Decimal(row.provisioned_mib or 0) / 1024 * Decimal("0.35")
        ).quantize(Decimal("0.01"))
        facts[row.name] = (
            Decimal(rng.randint(5, 60)) / 100 if known else None,
            Decimal(rng.randint(20, 85)) / 100 if known else None,
            cost,
            dt.date(2024, 6, 1) if row.power_state == "poweredOff" else None,
        )

    if not RvtoolsImport.objects.filter(filename=DEMO_FILE).exists():
        export = Export(
            vms=rows, templates=context.scaled(12, 2), sheets=["vInfo", "vCPU", "vDisk", "vHost"]
        )
        export.findings.extend(_findings(rows))
        services.import_rvtools(export, DEMO_FILE, on=IMPORT_DATE)
        context.record("created")
    context.record(services.save_vms_facts(facts))
    # The demo's utilisation stands for 30 days of P95 performance data (docs/hosting.md).
    measured = {
        name: (cpu, memory, 95, 30)
        for name, (cpu, memory, _cost, _off) in facts.items()
        if cpu is not None and memory is not None
    }
    for outcome in services.save_performance(measured, "demo performance data").values():
        context.record(outcome)

    organisations = {o.code: o for o in Organisation.objects.all()}
    shared = services.shared_service()
    for name, council, category, supplier, product, saas, criticality, contract_end in applications:
        _, outcome = services.save_application(
            name,
            shared if council == "shared" else organisations[council],
            criticality,
            app_vms[name],
            category=category,
            supplier=supplier,
            product=product,
            saas_alternative=saas,
            contract_end=contract_end,
            business_owner=fake.name(),
            users=rng.randint(15, 900) if council != "shared" else rng.randint(500, 6000),
            migration_cost=Decimal(rng.randint(2, 40) * 1000),
        )
        context.record(outcome)
    app_names = {a[0] for a in applications}
    by_name = {a.name: a for a in Application.objects.filter(name__in=app_names)}
    for source, target, kind in DEPENDENCIES:
        if source in by_name and target in by_name:
            _, outcome = services.save_dependency(by_name[source], by_name[target], kind)
            context.record(outcome)
    if not WavePlan.objects.exists():
        services.make_plan(None, PLAN_START)
        context.record("created")
    for order, (slug, name, purpose, contract_end, milestones) in enumerate(PROJECTS, start=1):
        project, outcome = services.save_project(slug, name, order, purpose, contract_end)
        context.record(outcome)
        for milestone, due, status in milestones:
            _, outcome = services.save_milestone(project, milestone, due, status)
            context.record(outcome)


def _vm_row(name: str, council: str, os_name: str, off: bool, rng: random.Random, n: int) -> VmRow:
    cpus = rng.choice((1, 2, 2, 4, 4, 4, 8, 8, 16))
    memory = rng.choice((2, 4, 8, 8, 16, 16, 32, 64)) * 1024
    disks = rng.choice((1, 2, 2, 3, 4))
    provisioned = disks * rng.choice((40, 80, 100, 200, 500)) * 1024
    cluster = {"CEC": "KH-CEC-PROD", "CWAC": "KH-CWAC-PROD", "shared": "KH-SHARED"}[council]
    return VmRow(
        name=name,
        vm_id=f"vm-{1000 + n}",
        vm_uuid=f"4210{n:04d}-6e1f-4c2a-9d2b-{n:012d}",
        power_state="poweredOff" if off else "poweredOn",
        cpus=cpus,
        memory_mib=memory,
        nics=1,
        disks=disks,
        provisioned_mib=provisioned,
        in_use_mib=int(provisioned * rng.uniform(0.3, 0.9)),
        datacenter="Kelly House",
        cluster=cluster,
        host=f"khesx{(n % 12) + 1:02d}.ictss.local",
        folder=f"/{council.upper()}/Production",
        os_config=os_name,
        os_tools="" if off else os_name,
        firmware="efi" if "2019" in os_name or "2022" in os_name else "bios",
        annotation="",
        disk_sizes_mib=[provisioned // disks] * disks,
    )


def _findings(rows: list[VmRow]) -> list[Finding]:
    """What a real export of this estate shows: sheets that disagree, empty cells."""
    sample = rows[:: max(1, len(rows) // 4)][:4]
    findings = [
        Finding(
            "vDisk",
            0,
            f"{sample[0].name}: 1 disks in vDisk, {sample[0].disks} in vInfo.",
            vm=sample[0].name,
        ),
        Finding("vInfo", 7, f"{sample[1].name}: In Use MiB is empty.", vm=sample[1].name),
        Finding(
            "vCPU",
            12,
            f"{sample[2].name}: 2 sockets × 2 cores = 4, but vInfo says {sample[2].cpus} CPUs.",
            vm=sample[2].name,
        ),
    ]
    if len(sample) > 3:
        findings.append(
            Finding("vHost", 0, "Host khesx13.ictss.local is not in vHost; 1 VM(s) run on it.")
        )
    return findings
