"""The workforce part of `gemini demo`: the ICT shared service's staff (all employed by CEC),
CEC's and CWaC's new service designs with more posts than staff, some moderated matches, a
proposed matching run whose outcomes include every category, and two organised groupings.

The people are generated (Faker en_GB with a fixed seed) and clearly fictional. Loading twice
changes nothing: every write is an upsert by natural key, and the run is made only once.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from faker import Faker

from gemini.core.demo import DemoContext
from gemini.core.models import Organisation, User
from gemini.workforce import services
from gemini.workforce.models import (
    Decision,
    EqualityRecord,
    Grade,
    MatchingRun,
    Outcome,
    PersonOutcome,
    Post,
    Staff,
)

SEED = 697
CEC_DESIGN = "CEC ICT and Digital service design 2025"
CWAC_DESIGN = "CWaC ICT and Digital service design 2025"
TRANSFER_DATE = dt.date(2025, 4, 1)
DEMO_DATE = dt.date(2025, 2, 6)  # the seed report's date: no date of birth or start after it


@dataclass(frozen=True)
class Specialism:
    family: str
    title: str
    team: str
    rank: int
    duties: tuple[str, ...]
    places: str  # "more" (more posts than people), "fewer" (competition), "none" (deleted)


CORE = {
    "service": (
        "log and resolve incidents and service requests in the ITSM tool",
        "meet service level agreements and keep customers informed",
        "follow ITIL processes for incident, problem and change",
    ),
    "infrastructure": (
        "maintain resilient infrastructure to agreed availability targets",
        "apply patches and security updates through change control",
        "monitor capacity and performance and report on trends",
    ),
    "applications": (
        "support line of business applications used by council services",
        "work with suppliers to resolve application defects",
        "manage releases and upgrades with service owners",
    ),
    "change": (
        "deliver change projects to time cost and quality",
        "engage stakeholders across council directorates",
        "manage risks issues and dependencies in project plans",
    ),
    "legacy": (
        "operate legacy batch schedules and print runs overnight",
        "handle printed output collation and postal despatch",
        "maintain operations logs for mainframe era systems",
    ),
}

SPECIALISMS = (
    Specialism(
        "service",
        "Service Desk Analyst",
        "Service Desk",
        5,
        (
            "answer telephone and email contacts from staff",
            "reset passwords and unlock accounts",
            "triage tickets and assign to resolver groups",
            "provide first line fixes with knowledge articles",
        ),
        "more",
    ),
    Specialism(
        "service",
        "Desktop Support Engineer",
        "End User Computing",
        6,
        (
            "build and deploy laptops with Intune and Autopilot",
            "replace faulty devices and peripherals",
            "support Microsoft 365 apps on end user devices",
            "manage device stock and asset records",
        ),
        "more",
    ),
    Specialism(
        "infrastructure",
        "Network Engineer",
        "Networks",
        8,
        (
            "configure routers switches and wireless access points",
            "manage firewalls VPN and network segmentation",
            "troubleshoot WAN links between council sites",
            "maintain network diagrams and IP address management",
        ),
        "more",
    ),
    Specialism(
        "infrastructure",
        "Server Engineer",
        "Hosting",
        8,
        (
            "administer VMware hosts and Windows servers",
            "manage backup and restore with Veeam",
            "migrate workloads to Azure infrastructure as a service",
            "maintain Active Directory and group policy",
        ),
        "more",
    ),
    Specialism(
        "infrastructure",
        "Cyber Security Analyst",
        "Security",
        9,
        (
            "monitor security alerts from the security operations centre",
            "run vulnerability scans and track remediation",
            "advise on PSN and Cyber Essentials compliance",
            "investigate security incidents and phishing",
        ),
        "more",
    ),
    Specialism(
        "applications",
        "Application Support Analyst",
        "Applications",
        7,
        (
            "configure social care and revenues systems",
            "write SQL queries for data fixes and reports",
            "test upgrades in test environments before release",
            "maintain application documentation and runbooks",
        ),
        "more",
    ),
    Specialism(
        "applications",
        "Developer",
        "Digital",
        8,
        (
            "build web forms and integrations in low code platforms",
            "develop APIs in C sharp and dotnet",
            "use Git source control and code review",
            "automate deployments with pipelines",
        ),
        "more",
    ),
    Specialism(
        "change",
        "Project Manager",
        "Programmes and Projects",
        10,
        (
            "produce project initiation documents and highlight reports",
            "run project boards and RAID logs",
            "manage project budgets and resource plans",
            "close projects with lessons learned",
        ),
        "more",
    ),
    Specialism(
        "change",
        "ICT Team Leader",
        "Service Management",
        11,
        (
            "lead and develop a team of ICT staff",
            "manage rotas absence and performance reviews",
            "own service improvement plans for the team",
            "report team performance to senior managers",
        ),
        "fewer",
    ),
    Specialism(
        "legacy",
        "Print and Operations Technician",
        "Operations",
        5,
        (
            "run high volume print room equipment",
            "collate and insert council tax bills",
            "schedule overnight batch jobs",
            "maintain printers and consumables",
        ),
        "none",
    ),
)

# Systems and products a role looks after: what makes one job description differ from another.
SYSTEMS = (
    "ServiceNow",
    "Ivanti",
    "TOPdesk",
    "Bomgar",
    "Snow",
    "Freshservice",
    "Intune",
    "Autopilot",
    "SCCM",
    "Jamf",
    "Lenovo",
    "Dell",
    "Cisco",
    "Aruba",
    "Fortinet",
    "Palo Alto",
    "Meraki",
    "Infoblox",
    "VMware",
    "Nutanix",
    "Veeam",
    "NetApp",
    "Hyper-V",
    "Azure",
    "Sentinel",
    "Defender",
    "Mimecast",
    "Nessus",
    "Splunk",
    "CrowdStrike",
    "Liquidlogic",
    "Northgate",
    "Civica",
    "Agresso",
    "Tranman",
    "Uniform",
    "PowerApps",
    "Dynamics",
    "GitHub",
    "Jenkins",
    "Kubernetes",
    "Terraform",
    "PRINCE2",
    "MSP",
    "Agile",
    "Jira",
    "Smartsheet",
    "Clarity",
    "budgets",
    "recruitment",
    "appraisals",
    "rostering",
    "wellbeing",
    "contracts",
    "Xerox",
    "Pitney Bowes",
    "Ricoh",
    "Canon",
    "Kodak",
    "Konica",
)
SYSTEM_DUTIES = ("administer and configure {0}", "act as the lead contact for {0} issues")

# The order people are generated in: every category appears within the first 30 people.
PATTERN = (0, 2, 8, 9, 5, 3, 1, 8, 4, 6, 7, 0, 9, 2, 5, 1, 3, 8, 6, 0)


def _grades(context: DemoContext, cec: Organisation, cwac: Organisation) -> None:
    for rank in range(3, 14):
        low = 3 + (rank - 3) * 4
        _, outcome = services.save_grade(cec, f"Grade {rank}", rank, low, low + 4)
        context.record(outcome)
        _, outcome = services.save_grade(
            cwac, f"Band {chr(ord('A') + rank - 3)}", rank, low, low + 4
        )
        context.record(outcome)


def _jd(rng: random.Random, specialism: Specialism) -> str:
    """Eight bullets: four of the role's seven usual duties, and two systems, two lines each."""
    common = rng.sample([*CORE[specialism.family], *specialism.duties], 4)
    start = SPECIALISMS.index(specialism) * 6
    systems = rng.sample(SYSTEMS[start : start + 6], 2)
    duties = [*common, *(duty.format(name) for name in systems for duty in SYSTEM_DUTIES)]
    return "\n".join(f"- {duty}" for duty in sorted(duties))


def load_workforce(context: DemoContext) -> None:
    cec = Organisation.objects.get(code="CEC")
    cwac = Organisation.objects.get(code="CWAC")
    _grades(context, cec, cwac)
    grades = {(g.council_id, g.rank): g for g in Grade.objects.filter(council__in=[cec, cwac])}
    fake = Faker("en_GB")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)  # noqa: S311 (demo data, not security)
    count = context.scaled(300, 30)
    members: dict[int, list[Staff]] = {}
    people: list[tuple[Staff, EqualityRecord]] = []
    for number in range(1, count + 1):
        index = PATTERN[(number - 1) % len(PATTERN)]
        specialism = SPECIALISMS[index]
        born = DEMO_DATE - dt.timedelta(days=rng.randint(21 * 365, 63 * 365))
        start = max(
            born + dt.timedelta(days=18 * 365),
            DEMO_DATE - dt.timedelta(days=rng.randint(200, 30 * 365)),
        )
        # Some people are a grade above or below the new posts: no slot-in for them.
        rank = specialism.rank + (1 if number % 7 == 0 else -1 if number % 11 == 0 else 0)
        annual = Decimal(19_000 + rank * 3_100 + rng.randint(0, 1_500))
        preference = rng.choices(["CEC", "CWAC", "either", "none"], [4, 3, 2, 1])[0]
        staff = Staff(
            employee_ref=f"ICT{number:04d}",
            name=f"{fake.first_name()} {fake.last_name()}",
            employer=cec,
            current_title=specialism.title,
            team=specialism.team,
            grade=grades[(cec.pk, rank)],
            fte=Decimal("1.00") if number % 9 else Decimal("0.60"),
            weekly_pay=(annual / Decimal("52.143")).quantize(Decimal("0.01")),
            annual_salary=annual,
            date_of_birth=born,
            continuous_service_start=start,
            contract_type="permanent" if number % 13 else "fixed_term",
            preference=preference,
            lgps_member=number % 5 != 0,
            current_jd=_jd(rng, specialism),
            # Every JD confirmed, or a summary profile moderated (seed report: "all staff had a
            # confirmed JD for matching").
            jd_status=("confirmed", "moderated")[number % 2],
        )
        equality = EqualityRecord(
            staff=staff,
            sex=rng.choice(["Female", "Male"]),
            ethnicity=rng.choices(
                [
                    "White British",
                    "White other",
                    "Asian or Asian British",
                    "Black or Black British",
                    "Mixed",
                    "Not stated",
                ],
                [70, 8, 8, 5, 4, 5],
            )[0],
            disability=rng.choices(["No", "Yes", "Prefer not to say"], [85, 10, 5])[0],
        )
        people.append((staff, equality))
        members.setdefault(index, []).append(staff)
    if not Staff.objects.exists():  # a first load: all at once
        context.outcomes["created"] = context.outcomes.get("created", 0) + services.add_many(
            Staff, [staff for staff, _ in people]
        )
        for staff, equality in people:
            equality.staff = staff
        services.add_many(EqualityRecord, [equality for _, equality in people])
    else:
        for staff, equality in people:
            values = {
                f.name: getattr(staff, f.name)
                for f in Staff._meta.concrete_fields
                if f.name not in ("id", "employee_ref")
            }
            saved, outcome = services.save_staff(staff.employee_ref, values)
            context.record(outcome)
            _, outcome = services.save_equality(
                saved, equality.sex, equality.ethnicity, equality.disability
            )
            context.record(outcome)
            staff.pk = saved.pk
    _posts(context, rng, cec, cwac, grades, members)
    _moderated(context, members)
    _run_and_groupings(context, cwac)


def _posts(
    context: DemoContext,
    rng: random.Random,
    cec: Organisation,
    cwac: Organisation,
    grades: Mapping[tuple[int, int], Grade],
    members: dict[int, list[Staff]],
) -> None:
    designs = {
        cec.pk: services.save_service_design(cec, CEC_DESIGN)[0],
        cwac.pk: services.save_service_design(cwac, CWAC_DESIGN)[0],
    }
    new_posts: list[Post] = []
    first_load = not Post.objects.exists()
    for index, specialism in enumerate(SPECIALISMS):
        people = len(members.get(index, []))
        if specialism.places == "none" or not people:
            continue
        places = max(1, people // 2) if specialism.places == "fewer" else people + 1 + people // 3
        own_jobs = members[index][::4] if specialism.places == "more" else []
        for number in range(places):
            council = (cec, cwac)[number % 2] if specialism.places == "more" else cec
            identical = 2 if specialism.title == "Service Desk Analyst" and number < 2 else 1
            values = {
                "council": council,
                "structure": designs[council.pk],
                "title": specialism.title,
                "team": specialism.team,
                "grade": grades[(council.pk, specialism.rank)],
                "fte": Decimal("1.00"),
                "count": identical,
                # Every fourth person's job carries on unchanged in a new post.
                "jd": own_jobs[number].current_jd
                if number < len(own_jobs)
                else _jd(rng, specialism),
                # The seed report: the JDQs of both councils' designs are completed and evaluated.
                "jdq_status": "evaluated",
                "jdq_score": 300 + specialism.rank * 40 + number,
            }
            ref = f"{council.code}-{index:02d}{number:02d}"
            if first_load:
                new_posts.append(Post(post_ref=ref, **values))
            else:
                _, outcome = services.save_post(ref, values)
                context.record(outcome)
    if new_posts:
        context.outcomes["created"] = context.outcomes.get("created", 0) + services.add_many(
            Post, new_posts
        )


def _moderated(context: DemoContext, members: dict[int, list[Staff]]) -> None:
    """A few HR-agreed scores: the first developer moderated up to a slot-in, the first
    project manager down below the ring-fence threshold for one post, and the first two team
    leaders moderated into the ring-fence range for the same single team-leader post (two
    people, one place: a genuine competition, decided by selection, never by the score)."""
    for index, score, note in (
        (6, Decimal("85.0"), "Moderated up: the role's duties are the same as the post's."),
        (7, Decimal("45.0"), "Moderated down: the post's budget duties are not in the role."),
    ):
        people = members.get(index, [])
        post = Post.objects.filter(title=SPECIALISMS[index].title).order_by("post_ref").first()
        if people and post:
            _, outcome = services.save_duty_match(
                people[0], post, score, "Demo HR Business Partner", note
            )
            context.record(outcome)
    leaders = [person for person in members.get(8, []) if person.grade.rank == SPECIALISMS[8].rank][
        :2
    ]
    post = Post.objects.filter(title=SPECIALISMS[8].title).order_by("post_ref").first()
    if len(leaders) == 2 and post is not None:
        for person, score in zip(leaders, (Decimal("62.0"), Decimal("58.0")), strict=True):
            _, outcome = services.save_duty_match(
                person,
                post,
                score,
                "Demo HR Business Partner",
                "Moderated: most of the post's duties are in the role (ring-fence range).",
            )
            context.record(outcome)


def _run_and_groupings(context: DemoContext, cwac: Organisation) -> None:
    run = MatchingRun.objects.order_by("number").first()
    if run is None:
        hr = User.objects.filter(email="hr@gemini.test").first()
        run = services.run_matching(
            services.matching_policy(), user=hr, label="Proposed structure for consultation"
        )
        context.record("created")
        first = (
            PersonOutcome.objects.filter(run=run, proposed=Outcome.SLOT_IN)
            .order_by("staff__employee_ref")
            .first()
        )
        if first is not None and hr is not None:
            services.decide_outcome(
                first,
                first.version,
                hr,
                Decision.CONFIRMED,
                "Slot-in agreed at the moderation panel.",
            )
    moving = list(
        Staff.objects.filter(outcomes__run=run, outcomes__proposed_post__council=cwac).order_by(
            "employee_ref"
        )
    )
    teams = sorted({s.team for s in moving})
    for team in teams[:2]:
        _, outcome = services.save_grouping(
            f"{team} – transfer to CWaC",
            cwac,
            f"The {team.lower()} work for Cheshire West and Chester that transfers to CWaC.",
            TRANSFER_DATE,
            "A transfer between two local authorities may be excluded from TUPE (reg 3(5)); "
            "COSOP gives TUPE-equivalent treatment. Measures to be consulted on.",
            [s for s in moving if s.team == team],
        )
        context.record(outcome)
