"""The migration demo: the seed's move of CWaC's people and devices from the shared "Our
Cheshire" tenant to the new "Cheshire West" tenant, both phases complete, as tracked history.

About 3,100 identities (CWaC's people, shared mailboxes and one mail-archive service account,
plus a few Cheshire East people who stay but hold rights on CWaC mailboxes) and 3,000 devices;
a delegate network of assistants, shared mailboxes and calendar delegates. The service account
holds Full Access on a third of all mailboxes and would join everyone into one move group: it
is on the exclusion list. People are generated with Faker (en_GB, fixed seed): fictional.
Repeatable: a second load changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal
from typing import Any

from django.db import transaction
from faker import Faker

from gemini.core.demo import DemoContext
from gemini.core.history import bulk_create_with_history, recorded_at
from gemini.core.models import Organisation
from gemini.migration import checklist, mappings, services
from gemini.migration import models as m
from gemini.migration.engine import calendar

SOURCE_DOMAIN = "ourcheshire.example"
TARGET_DOMAIN = "cheshirewest.example"
STAYING_DOMAIN = "cheshireeast.example"
TARGET_DELIVERY_DOMAIN = "cheshirewest.onmicrosoft.example"
SOURCE_TENANT_ID = "6c2b1f9e-4d1a-4b7e-9a55-2f0c8d3e7b41"
TARGET_HOST_URL = "https://cheshirewest-my.sharepoint.com/"
SERVICE_ACCOUNT = f"svc-mailarchive@{SOURCE_DOMAIN}"
FIRST_SUBMISSION = dt.date(2024, 6, 3)
CHRISTMAS_FREEZE = (dt.date(2024, 12, 16), dt.date(2025, 1, 3), "Christmas change freeze")
PHASE_2_AFTER = dt.timedelta(weeks=10)
SEED = 697

# CWaC departments and their share of its people.
DEPARTMENTS = (
    ("Adult Social Care and Health", 16),
    ("Children and Families", 15),
    ("Education and Skills", 9),
    ("Highways and Transport", 7),
    ("Environment and Neighbourhood Services", 8),
    ("Planning and Building Control", 5),
    ("Housing", 5),
    ("Revenues and Benefits", 6),
    ("Customer Services", 6),
    ("Finance", 5),
    ("HR and Organisational Development", 4),
    ("Legal and Democratic Services", 4),
    ("Public Health", 3),
    ("Communications and Marketing", 2),
    ("Chief Executive's Office", 1),
)
SHARED_MAILBOXES = (
    "enquiries",
    "duty-team",
    "admin",
    "complaints",
)
CEC_DEPARTMENTS = ("ICT Shared Service", "Corporate Services")
EXTRA_TITLES = frozenset({"Room", "Leaver", "Guest"})


def _when(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _object_id(upn: str) -> str:
    """A fixed, fictional Entra object ID for a demo person."""
    return f"{random.Random(upn).getrandbits(128):032x}"  # noqa: S311 (fictional demo data)


def _exchange(upn: str, local: str) -> dict[str, str]:
    """Fixed, fictional Exchange values for a demo mailbox: its ExchangeGuid, an archive for
    about one in eight, its LegacyExchangeDN and, for some, an x500 address from an older
    organisation."""
    rng = random.Random(f"exchange:{upn}")  # noqa: S311 (fictional demo data)
    guid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    archive = str(uuid.UUID(int=rng.getrandbits(128), version=4)) if rng.random() < 0.125 else ""
    tag = f"{rng.getrandbits(128):032x}"
    dn = (
        "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/"
        f"cn={tag}-{local[:10]}"
    )
    older = (
        f"x500:/o=Cheshire West and Chester/ou=First Administrative Group/cn=Recipients/cn={local}"
        if rng.random() < 0.2
        else ""
    )
    return {
        "exchange_guid": guid,
        "archive_guid": archive,
        "legacy_exchange_dn": dn,
        "x500_addresses": older,
    }


def _slug(text: str) -> str:
    return services.address_part(text.replace("'", "").replace(" and ", " "))


def _people(context: DemoContext) -> list[dict[str, Any]]:
    """Every identity as the identities file would give it, in a fixed order."""
    fake = Faker("en_GB")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)  # noqa: S311 (fictional demo data)
    total = context.scaled(3000, 50)
    weight = sum(share for _, share in DEPARTMENTS)
    people: list[dict[str, Any]] = []
    taken: set[str] = set()

    def person(department: str, council: str, domain: str, title: str, vip: bool = False) -> None:
        given, surname = fake.first_name(), fake.last_name()
        local = f"{services.address_part(given)}.{services.address_part(surname)}"
        number = 1
        while f"{local}@{domain}" in taken:
            number += 1
            local = f"{services.address_part(given)}.{services.address_part(surname)}{number}"
        taken.add(f"{local}@{domain}")
        people.append(
            {
                "upn": f"{local}@{domain}",
                "council": council,
                "display_name": f"{given} {surname}",
                "given_name": given,
                "surname": surname,
                "job_title": title,
                "department": department,
                "account_enabled": True,
                "vip": vip,
                "recipient_type": "UserMailbox",
                "mailbox_gb": Decimal(rng.randint(20, 1500)) / 100,
                "onedrive_gb": Decimal(rng.randint(0, 2500)) / 100,
                "local": local,
            }
        )

    for department, share in DEPARTMENTS:
        head_count = max(2, round(total * share / weight))
        vip_department = department == "Chief Executive's Office"
        for n in range(head_count):
            if vip_department:
                title = "Director" if n % 2 == 0 else "Executive Assistant"
                person(department, "CWAC", SOURCE_DOMAIN, title, vip=n % 2 == 0)
            else:
                title = (
                    "Head of Service" if n == 0 else ("Team Manager" if n % 12 == 1 else "Officer")
                )
                person(department, "CWAC", SOURCE_DOMAIN, title)
        for box in SHARED_MAILBOXES[: context.scaled(4, 1)]:
            local = f"{_slug(department)}.{box}"
            people.append(
                {
                    "upn": f"{local}@{SOURCE_DOMAIN}",
                    "council": "CWAC",
                    "display_name": f"{department} – {box.replace('-', ' ').title()}",
                    "given_name": "",
                    "surname": "",
                    "job_title": "Shared mailbox",
                    "department": department,
                    "account_enabled": False,
                    "vip": False,
                    "recipient_type": "SharedMailbox",
                    "mailbox_gb": Decimal(rng.randint(100, 2000)) / 100,
                    "onedrive_gb": Decimal(0),
                    "local": local,
                }
            )
    people.append(
        {
            "upn": SERVICE_ACCOUNT,
            "council": "CWAC",
            "display_name": "Mail archive service",
            "given_name": "",
            "surname": "",
            "job_title": "Service account",
            "department": "ICT Client",
            "account_enabled": True,
            "vip": False,
            "recipient_type": "UserMailbox",
            "mailbox_gb": Decimal("0.10"),
            "onedrive_gb": Decimal(0),
            "local": "svc-mailarchive",
        }
    )
    for n in range(context.scaled(60, 6)):
        person(CEC_DEPARTMENTS[n % 2], "CEC", STAYING_DOMAIN, "Officer")
    # The room mailbox moves in a wave: one officer fewer keeps the moving users at the seed's
    # figure (3,061 in the full demo).
    last_officer = max(
        i for i, p in enumerate(people) if p["council"] == "CWAC" and p["job_title"] == "Officer"
    )
    del people[last_officer]
    people.extend(_not_people_like_others())
    return people


def _not_people_like_others() -> list[dict[str, Any]]:
    """A room mailbox (moved, though its account is disabled), a leaver whose account is
    disabled and a guest from a partner: the last two are held back from every batch."""
    base = {
        "council": "CWAC",
        "given_name": "",
        "surname": "",
        "department": "Customer Services",
        "vip": False,
        "onedrive_gb": Decimal(0),
    }
    return [
        {
            **base,
            "upn": f"room.council-chamber@{SOURCE_DOMAIN}",
            "display_name": "Council Chamber (room)",
            "job_title": "Room",
            "account_enabled": False,
            "recipient_type": "RoomMailbox",
            "mailbox_gb": Decimal("0.20"),
            "local": "room.council-chamber",
        },
        {
            **base,
            "upn": f"former.officer@{SOURCE_DOMAIN}",
            "display_name": "Former Officer (left 2023)",
            "job_title": "Leaver",
            "account_enabled": False,
            "recipient_type": "UserMailbox",
            "mailbox_gb": Decimal("3.50"),
            "local": "former.officer",
        },
        {
            **base,
            "upn": f"sam.partner_nhs.example#EXT#@{SOURCE_DOMAIN}",
            "display_name": "Sam Partner (NHS, guest)",
            "job_title": "Guest",
            "account_enabled": True,
            "recipient_type": "Guest",
            "user_type": "Guest",
            "mailbox_gb": Decimal(0),
            "local": "",
        },
    ]


def _permissions(people: list[dict[str, Any]], rng: random.Random) -> list[tuple[str, str, str]]:
    """(mailbox, user, right): assistants, shared mailboxes, calendar delegates, the service
    account and a few Cheshire East officers with rights on CWaC shared mailboxes."""
    right = m.MailboxPermission.Right
    extras = [p for p in people if p["job_title"] in EXTRA_TITLES]
    people = [p for p in people if p["job_title"] not in EXTRA_TITLES]
    links: list[tuple[str, str, str]] = []
    by_department: dict[str, list[dict[str, Any]]] = {}
    for entry in people:
        if entry["council"] == "CWAC" and entry["upn"] != SERVICE_ACCOUNT:
            by_department.setdefault(entry["department"], []).append(entry)
    cec = [p for p in people if p["council"] == "CEC"]
    for department, members in by_department.items():
        staff = [p for p in members if p["job_title"] != "Shared mailbox"]
        boxes = [p for p in members if p["job_title"] == "Shared mailbox"]
        if department == "Chief Executive's Office":
            for director, assistant in zip(staff[0::2], staff[1::2], strict=False):
                links.append((director["upn"], assistant["upn"], right.FULL_ACCESS))
                links.append((director["upn"], assistant["upn"], right.SEND_ON_BEHALF))
                links.append((director["upn"], assistant["upn"], right.CALENDAR_FOLDER))
        for box in boxes:
            for member in rng.sample(staff, min(len(staff), rng.randint(3, 8))):
                links.append((box["upn"], member["upn"], right.FULL_ACCESS))
                if rng.random() < 0.3:
                    links.append((box["upn"], member["upn"], right.SEND_AS))
        for manager in [p for p in staff if p["job_title"] in {"Team Manager", "Head of Service"}]:
            deputy = rng.choice(staff)
            if deputy is not manager:
                links.append((manager["upn"], deputy["upn"], right.CALENDAR_FOLDER))
                links.append((manager["upn"], deputy["upn"], right.SEND_ON_BEHALF))
        links.extend(
            (member["upn"], rng.choice(staff)["upn"], right.NONE)
            for member in rng.sample(staff, len(staff) // 25)
        )
    cwac = [p for p in people if p["council"] == "CWAC" and p["upn"] != SERVICE_ACCOUNT]
    links.extend((entry["upn"], SERVICE_ACCOUNT, right.FULL_ACCESS) for entry in cwac[::3])
    shared = [p for p in cwac if p["job_title"] == "Shared mailbox"]
    for officer, box in zip(cec[:3], shared[:3], strict=False):
        links.append((box["upn"], officer["upn"], right.FULL_ACCESS))
    # The room's booking delegate, and a manager who still reads a leaver's mailbox.
    delegate = next(p for p in cwac if p["department"] == "Customer Services")
    links.extend(
        (extra["upn"], delegate["upn"], right.FULL_ACCESS)
        for extra in extras
        if extra["job_title"] in {"Room", "Leaver"}
    )
    return [link for link in links if link[0] != link[1]]


def _identities(context: DemoContext, people: list[dict[str, Any]]) -> dict[str, m.Identity]:
    organisations = {o.code: o for o in Organisation.objects.filter(code__in=["CEC", "CWAC"])}
    existing = set(m.Identity.objects.values_list("user_principal_name", flat=True))
    new = []
    for entry in people:
        if entry["upn"] in existing:
            context.record("unchanged")
            continue
        moves = entry["council"] == "CWAC" and bool(entry["local"])
        target = f"{entry['local']}@{TARGET_DOMAIN}" if moves else ""
        exchange = (
            _exchange(entry["upn"], entry["local"]) if entry["recipient_type"] != "Guest" else {}
        )
        new.append(
            m.Identity(
                organisation=organisations[entry["council"]],
                user_principal_name=entry["upn"],
                display_name=entry["display_name"],
                given_name=entry["given_name"],
                surname=entry["surname"],
                mail=entry["upn"],
                object_id=_object_id(entry["upn"]),
                user_type=entry.get("user_type", "Member"),
                recipient_type=entry["recipient_type"],
                **exchange,
                job_title=entry["job_title"],
                department=entry["department"],
                account_enabled=entry["account_enabled"],
                target_user_principal_name=target,
                target_mail=target,
                mailbox_gb=entry["mailbox_gb"],
                onedrive_gb=entry["onedrive_gb"],
                vip=entry["vip"],
            )
        )
        context.record("created")
    bulk_create_with_history(new, m.Identity, batch_size=500)
    return {i.user_principal_name: i for i in m.Identity.objects.select_related("organisation")}


def _devices(context: DemoContext, identities: dict[str, m.Identity]) -> None:
    rng = random.Random(SEED + 1)  # noqa: S311 (fictional demo data)
    users = sorted(
        (i for i in identities.values() if i.organisation.code == "CWAC" and i.given_name),
        key=lambda i: i.user_principal_name,
    )
    existing = set(m.Device.objects.values_list("name", flat=True))
    new = []
    for n in range(context.scaled(3000, 50)):
        kind = rng.choices(["Laptop", "Desktop", "Tablet"], weights=[78, 15, 7])[0]
        system = {
            "Laptop": rng.choice(["Windows 11 Enterprise 23H2", "Windows 10 Enterprise 22H2"]),
            "Desktop": "Windows 10 Enterprise 22H2",
            "Tablet": "iPadOS 17",
        }[kind]
        name = f"CWAC-{kind[:2].upper()}-{n + 1:05d}"
        if name in existing:
            context.record("unchanged")
            continue
        new.append(
            m.Device(
                name=name,
                device_type=kind,
                operating_system=system,
                primary_user=users[n % len(users)] if n < len(users) else None,
                management_state="Intune" if kind == "Tablet" else "Co-managed",
            )
        )
        context.record("created")
    bulk_create_with_history(new, m.Device, batch_size=500)


def _tracking(plan: m.Plan) -> None:
    """Both phases complete for everyone the plan placed, with the steps as history."""
    if m.WorkloadStatus.objects.exists():
        return
    placements = (
        m.Placement.objects.filter(plan=plan, wave__isnull=False)
        .select_related("wave", "identity")
        .order_by("identity__user_principal_name")
    )
    historical = m.WorkloadStatus.history.model
    with_device = set(
        m.Device.objects.filter(primary_user__isnull=False).values_list(
            "primary_user_id", flat=True
        )
    )

    def final(placement: m.Placement, workload: str) -> str:
        """A person with no device (a shared mailbox) finishes phase 2 as Not applicable."""
        if workload == m.Workload.DEVICE and placement.identity_id not in with_device:
            return m.State.NOT_APPLICABLE
        return m.State.COMPLETED

    by_wave: dict[int, list[m.Placement]] = {}
    for placement in placements:
        by_wave.setdefault(placement.wave_id, []).append(placement)  # type: ignore[arg-type]
    for wave in plan.waves.order_by("number"):
        members = by_wave.get(wave.pk, [])
        phase_2 = calendar.on_or_after(wave.cutover + PHASE_2_AFTER)[0]
        for workloads, scheduled, completed in (
            (m.PHASE_1, wave.submit_by, wave.cutover),
            (m.PHASE_2, calendar.on_or_before(phase_2 - dt.timedelta(days=14))[0], phase_2),
        ):
            records = m.WorkloadStatus.objects.bulk_create(
                [
                    m.WorkloadStatus(
                        identity=p.identity,
                        workload=workload,
                        state=final(p, workload),
                        updated_at=_when(completed, 18),
                    )
                    for p in members
                    for workload in workloads
                ],
                batch_size=500,
            )
            steps = [
                historical(
                    id=record.pk,
                    identity_id=record.identity_id,
                    workload=record.workload,
                    state=state,
                    problem="",
                    note="",
                    updated_at=_when(day, hour),
                    history_date=_when(day, hour),
                    history_type=kind,
                )
                for record in records
                for state, day, hour, kind in (
                    (m.State.SCHEDULED, scheduled, 9, "+"),
                    (record.state, completed, 18, "~"),
                )
            ]
            historical.objects.bulk_create(steps, batch_size=500)
    _exceptions_resolved(plan)


def _exceptions_resolved(plan: m.Plan) -> None:
    """A few exceptions met on the way, each resolved: they stay in the history."""
    placed = list(
        m.Placement.objects.filter(plan=plan, wave__isnull=False)
        .select_related("wave", "identity")
        .order_by("identity__user_principal_name")
    )
    if not placed:
        return
    apostrophes = [p for p in placed if "'" in p.identity.display_name][:1]
    others = [p for p in placed if p.identity.given_name and p not in apostrophes]
    cases = [(p, m.Workload.ONEDRIVE, m.Problem.APOSTROPHE) for p in apostrophes]
    cases += [
        (others[len(others) // 7], m.Workload.ONEDRIVE, m.Problem.ONEDRIVE_EXISTS),
        (others[len(others) // 3], m.Workload.MAIL, m.Problem.HOLD),
        (others[len(others) // 2], m.Workload.SHAREPOINT, m.Problem.PATH_TOO_LONG),
    ]
    for placement, workload, problem in cases:
        wave = placement.wave
        if wave is None:
            continue
        failed_at = _when(wave.cutover, 19)
        fixed_at = _when(calendar.add_working_days(wave.cutover, 3)[0], 12)
        services.set_status(
            placement.identity,
            workload,
            m.State.FAILED,
            problem,
            f"{m.Problem(problem).label} at cutover.",
            when=failed_at,
        )
        services.set_status(
            placement.identity,
            workload,
            m.State.COMPLETED,
            "",
            f"Resolved: {m.Problem(problem).label.lower()}; moved again.",
            when=fixed_at,
        )


@transaction.atomic
def load_migration(context: DemoContext) -> None:
    cwac = Organisation.objects.get(code="CWAC")
    record = services.create_settings(
        cwac,
        source_tenant_name="Our Cheshire",
        target_tenant_name="Cheshire West",
        source_tenant_id=SOURCE_TENANT_ID,
        target_domain=TARGET_DOMAIN,
        max_users=context.scaled(500, 12),
        max_gb=Decimal(context.scaled(10_000, 400)),
        pilot_users=context.scaled(25, 5),
        start=FIRST_SUBMISSION,
        submit_lead_days=14,
        wave_interval_working_days=5,
        target_cross_tenant_host_url=TARGET_HOST_URL,
        target_delivery_domain=TARGET_DELIVERY_DOMAIN,
    )
    people = _people(context)
    identities = _identities(context, people)
    links = _permissions(people, random.Random(SEED))  # noqa: S311 (fictional demo data)
    existing = set(m.MailboxPermission.objects.values_list("mailbox_id", "user_id", "right"))
    new = []
    for mailbox, user, right in links:
        key = (identities[mailbox].pk, identities[user].pk, right)
        if key in existing:
            continue
        existing.add(key)
        new.append(
            m.MailboxPermission(mailbox=identities[mailbox], user=identities[user], right=right)
        )
    bulk_create_with_history(new, m.MailboxPermission, batch_size=500)
    services.save_exclusion(SERVICE_ACCOUNT)
    services.save_freeze(*CHRISTMAS_FREEZE)
    _devices(context, identities)
    plan = services.current_plan()
    if plan is None:
        plan = services.run_plan(
            services.limits_from(record), now=_when(FIRST_SUBMISSION - dt.timedelta(days=7), 10)
        )
    _tracking(plan)
    _groups_and_sites(cwac)
    _cutover(cwac)


def _groups_and_sites(cwac: Organisation) -> None:
    """A team group and a team site for each CWaC department, and two CEC sites that stay."""
    rng = random.Random(SEED + 2)  # noqa: S311 (fictional demo data)

    def guid() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    cec = Organisation.objects.get(code="CEC")
    for department, _ in DEPARTMENTS:
        slug = _slug(department)
        source_id, target_id = guid(), guid()
        if not m.MigrationGroup.objects.filter(source_name=f"CWaC {department}").exists():
            mappings.save_group(
                f"CWaC {department}",
                {
                    "target_name": f"{department} team",
                    "source_object_id": source_id,
                    "target_object_id": target_id,
                    "group_type": "Unified",
                },
            )
        mappings.save_site(
            f"https://ourcheshire.sharepoint.com/sites/cwac-{slug}",
            cwac,
            f"https://cheshirewest.sharepoint.com/sites/{slug}",
        )
    for slug in ("ict-shared-service", "corporate-services"):
        mappings.save_site(
            f"https://ourcheshire.sharepoint.com/sites/cec-{slug}",
            cec,
            f"https://cheshireeast.sharepoint.com/sites/{slug}",
        )


# Each council's cut-over steps: (item, owner, due, done on, note). CWaC's domain moves with
# the last wave; CEC keeps the old tenant and does its side of coexistence and GAL sync.
CUTOVER = {
    "CWAC": (
        ("dns_mx", "CWaC network team", dt.date(2024, 9, 27), "MX for cheshirewest.example."),
        ("autodiscover", "CWaC network team", dt.date(2024, 9, 27), ""),
        ("organisation_relationship", "Shared service messaging team", dt.date(2024, 5, 31), ""),
        ("free_busy", "Shared service messaging team", dt.date(2024, 5, 31), ""),
        ("gal_sync", "Shared service identity team", dt.date(2024, 5, 31), ""),
        ("licences", "CWaC ICT commissioning", dt.date(2024, 5, 24), "E5 in the new tenant."),
        ("intune_autopilot", "CWaC end-user computing", dt.date(2024, 11, 29), ""),
    ),
    "CEC": (
        ("dns_mx", "CEC network team", None, "CEC's domains stay in the old tenant."),
        ("autodiscover", "CEC network team", None, "CEC's domains stay in the old tenant."),
        ("organisation_relationship", "Shared service messaging team", dt.date(2024, 5, 31), ""),
        ("free_busy", "Shared service messaging team", dt.date(2024, 5, 31), ""),
        ("gal_sync", "Shared service identity team", dt.date(2024, 5, 31), ""),
        ("licences", "CEC ICT commissioning", dt.date(2024, 12, 20), "Released CWaC licences."),
        ("intune_autopilot", "CEC end-user computing", None, "CEC's devices do not move."),
    ),
}


def _cutover(cwac: Organisation) -> None:
    """Both councils' checklists, every step done (or not applicable) by its date."""
    for code, steps in CUTOVER.items():
        council = Organisation.objects.get(code=code)
        for item, owner, due, note in steps:
            if m.CutoverTask.objects.filter(organisation=council, item=item).exists():
                continue
            state = m.CutoverState.DONE if due else m.CutoverState.NOT_APPLICABLE
            with recorded_at(_when(due or FIRST_SUBMISSION, 17)):
                checklist.save_task(
                    council,
                    item,
                    0,
                    {"due": due, "owner": owner, "state": state, "done_on": due, "note": note},
                )
