"""The workforce import kinds: grades, staff, posts, duty-matches and strain-costs
(docs/formats.md).

Each file is checked whole and written in one transaction, or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from gemini.core.access import Permission
from gemini.core.importing import Cells, Change, Column, Importer, Problem, register
from gemini.core.models import Organisation
from gemini.workforce import services
from gemini.workforce.engine.redundancy import completed_years
from gemini.workforce.models import (
    ContractType,
    Grade,
    JdqStatus,
    JdStatus,
    Post,
    ProtectedLeave,
    Staff,
)

REF = r"[A-Za-z0-9][A-Za-z0-9_\-/.]{0,39}"
REF_HELP = "use up to 40 letters, digits, -, _, / or ., starting with a letter or digit."


def _councils() -> dict[str, Organisation]:
    return {o.code: o for o in Organisation.objects.filter(kind=Organisation.Kind.COUNCIL)}


def _duplicates(rows: Sequence[tuple[int, object]], key: str, column: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[object, int] = {}
    for number, row in rows:
        value = getattr(row, key)
        if value in seen:
            problems.append(Problem(number, column, f"{value} is also on row {seen[value]}."))
        seen.setdefault(value, number)
    return problems


@dataclass(frozen=True)
class GradeRow:
    council: str
    grade: str
    rank: int
    min_spinal_point: int
    max_spinal_point: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.council, self.grade)


@register
class GradeImporter(Importer[GradeRow]):
    kind = "grades"
    title = "Grades"
    description = "Each council's grades, their ordinal rank and spinal points."
    permission = Permission.MANAGE_WORKFORCE
    columns = (
        Column("council", description="the council's code, such as CEC"),
        Column("grade", description="the grade's name, such as Grade 7"),
        Column("rank", description="a whole number; higher is a higher grade, one scale for all"),
        Column("min_spinal_point", description="the lowest NJC spinal column point"),
        Column("max_spinal_point", description="the highest NJC spinal column point"),
    )

    def clean_row(self, cells: Cells) -> GradeRow | None:
        council = cells.text("council", max_length=16)
        grade = cells.text("grade", max_length=40)
        rank = cells.integer("rank", minimum=1, maximum=999)
        low = cells.integer("min_spinal_point", minimum=0, maximum=999)
        high = cells.integer("max_spinal_point", minimum=0, maximum=999)
        if council and council not in _councils():
            cells.problem("council", f"There is no council {council} in Gemini.")
        if low is not None and high is not None and low > high:
            cells.problem("max_spinal_point", f"{high} is below the lowest point, {low}.")
        if None in (council, grade, rank, low, high) or cells.problems:
            return None
        return GradeRow(str(council), str(grade), int(rank or 0), int(low or 0), int(high or 0))

    def check_rows(self, rows: Sequence[tuple[int, GradeRow]]) -> list[Problem]:
        return _duplicates(rows, "key", "grade")

    def save(self, rows: Sequence[GradeRow]) -> Iterable[Change]:
        councils = _councils()
        for row in rows:
            grade, outcome = services.save_grade(
                councils[row.council],
                row.grade,
                row.rank,
                row.min_spinal_point,
                row.max_spinal_point,
            )
            yield Change(outcome, str(grade))


@dataclass(frozen=True)
class StaffRow:
    employee_ref: str
    name: str
    employer: str
    current_title: str
    team: str
    grade: str
    fte: Decimal
    weekly_pay: Decimal
    annual_salary: Decimal
    date_of_birth: dt.date
    continuous_service_start: dt.date
    contract_type: str
    preference: str
    lgps_member: bool
    current_jd: str
    jd_status: str
    sex: str
    ethnicity: str
    disability: str
    protected_leave: str = ProtectedLeave.NONE.value
    protected_until: dt.date | None = None
    protected_given: bool = False  # False: the file has no protected_leave column


# The youngest age at which a person may be employed in the staff baseline: a child under the
# compulsory school age (16 in England) cannot have a council contract of employment, so a
# service start before the 16th birthday is a wrong date (Children and Young Persons Act 1933
# s18; Education Act 1996 s8).
MINIMUM_AGE_AT_START = 16


@register
class StaffImporter(Importer[StaffRow]):
    kind = "staff"
    title = "Staff"
    description = "The staff baseline: one row per person, with their current job description."
    permission = Permission.MANAGE_WORKFORCE
    columns = (
        Column("employee_ref", description="the person's unique reference"),
        Column("name"),
        Column("employer", description="the employing organisation's code, such as CEC"),
        Column("current_title"),
        Column("team"),
        Column("grade", description="a grade of the employer (see the grades file)"),
        Column("fte", description="full-time equivalent, 0.01 to 1"),
        Column("weekly_pay", description="a week's pay in pounds"),
        Column("annual_salary", description="in pounds"),
        Column("date_of_birth"),
        Column("continuous_service_start", description="start of continuous service"),
        Column("contract_type", description="permanent, fixed_term or agency"),
        Column("preference", description="a council's code (CEC, CWAC), either or none"),
        Column("lgps_member", description="yes or no"),
        Column("current_jd", description="the job description, or the 8–10 bullet profile"),
        Column("jd_status", description="confirmed, summary or moderated"),
        Column("sex", required=False, description="equality monitoring; shown only in aggregate"),
        Column("ethnicity", required=False, description="as sex"),
        Column("disability", required=False, description="as sex"),
        Column(
            "protected_leave",
            required=False,
            description="none, pregnancy, maternity, adoption or shared_parental: statutory "
            "priority for suitable vacancies (Protection from Redundancy (Pregnancy and Family "
            "Leave) Act 2023); blank is none",
        ),
        Column(
            "protected_until",
            required=False,
            description="the last day of the protected period (blank: not known)",
        ),
    )

    def __init__(self) -> None:
        self.organisations = {o.code: o for o in Organisation.objects.all()}
        self.grades = {
            (g.council.code, g.grade): g for g in Grade.objects.select_related("council")
        }
        self.preferences = {
            **{code: code for code in _councils()},
            "either": "either",
            "none": "none",
        }

    def clean_row(self, cells: Cells) -> StaffRow | None:
        today = timezone.localdate()
        ref = cells.pattern("employee_ref", REF, REF_HELP)
        name = cells.text("name")
        employer = cells.text("employer", max_length=16)
        title = cells.text("current_title")
        team = cells.text("team")
        grade = cells.text("grade", max_length=40)
        fte = cells.decimal("fte", minimum=Decimal("0.01"), maximum=Decimal("1"))
        weekly = cells.decimal("weekly_pay", minimum=Decimal("0"), maximum=Decimal("100000"))
        annual = cells.decimal("annual_salary", minimum=Decimal("0"), maximum=Decimal("10000000"))
        born = cells.date("date_of_birth")
        start = cells.date("continuous_service_start")
        contract = cells.choice("contract_type", {c.value: c.value for c in ContractType})
        preference = cells.choice("preference", self.preferences)
        lgps = cells.boolean("lgps_member")
        jd = cells.text("current_jd", max_length=10_000)
        jd_status = cells.choice("jd_status", {c.value: c.value for c in JdStatus})
        if employer and employer not in self.organisations:
            cells.problem("employer", f"There is no organisation {employer} in Gemini.")
        elif employer and grade and (employer, grade) not in self.grades:
            cells.problem("grade", f"{grade} is not a grade of {employer}; import it first.")
        if born and born > today:
            cells.problem("date_of_birth", f"{born:%d/%m/%Y} is in the future.")
        if start and start > today:
            cells.problem("continuous_service_start", f"{start:%d/%m/%Y} is in the future.")
        if born and start and start <= born:
            cells.problem("continuous_service_start", "It is before the date of birth.")
        elif born and start and completed_years(born, start) < MINIMUM_AGE_AT_START:
            cells.problem(
                "continuous_service_start",
                f"The person would have been {completed_years(born, start)} on "
                f"{start:%d/%m/%Y}; no one under {MINIMUM_AGE_AT_START} can be employed. "
                "Check the date of birth and the service start.",
            )
        protected = cells.choice(
            "protected_leave", {c.value: c.value for c in ProtectedLeave}, required=False
        )
        protected_until = cells.date("protected_until", required=False)
        if protected_until is not None and protected in (None, ProtectedLeave.NONE.value):
            cells.problem(
                "protected_until",
                "A protected period's end is given but protected_leave is none; give the kind "
                "of leave or leave the date blank.",
            )
        for money, column in ((weekly, "weekly_pay"), (annual, "annual_salary")):
            if money is not None and money.as_tuple().exponent < -2:  # type: ignore[operator]
                cells.problem(column, "Give pounds and pence, at most 2 decimal places.")
        sex, ethnicity, disability = (
            cells.text(c, required=False, max_length=100) or ""
            for c in ("sex", "ethnicity", "disability")
        )
        if (
            cells.problems
            or fte is None
            or weekly is None
            or annual is None
            or born is None
            or start is None
        ):
            return None
        return StaffRow(
            str(ref),
            str(name),
            str(employer),
            str(title),
            str(team),
            str(grade),
            fte,
            weekly,
            annual,
            born,
            start,
            str(contract),
            str(preference),
            bool(lgps),
            str(jd),
            str(jd_status),
            sex,
            ethnicity,
            disability,
            protected_leave=protected or ProtectedLeave.NONE.value,
            protected_until=protected_until,
            protected_given="protected_leave" in cells.values,
        )

    def check_rows(self, rows: Sequence[tuple[int, StaffRow]]) -> list[Problem]:
        return _duplicates(rows, "employee_ref", "employee_ref")

    def save(self, rows: Sequence[StaffRow]) -> Iterable[Change]:
        for row in rows:
            protection = (
                {"protected_leave": row.protected_leave, "protected_until": row.protected_until}
                if row.protected_given
                else {}  # a file without the column leaves what was recorded alone
            )
            staff, outcome = services.save_staff(
                row.employee_ref,
                {
                    **protection,
                    "name": row.name,
                    "employer": self.organisations[row.employer],
                    "current_title": row.current_title,
                    "team": row.team,
                    "grade": self.grades[(row.employer, row.grade)],
                    "fte": row.fte,
                    "weekly_pay": row.weekly_pay,
                    "annual_salary": row.annual_salary,
                    "date_of_birth": row.date_of_birth,
                    "continuous_service_start": row.continuous_service_start,
                    "contract_type": row.contract_type,
                    "preference": row.preference,
                    "lgps_member": row.lgps_member,
                    "current_jd": row.current_jd,
                    "jd_status": row.jd_status,
                },
            )
            if row.sex or row.ethnicity or row.disability:
                _, equality = services.save_equality(staff, row.sex, row.ethnicity, row.disability)
                if outcome == "unchanged" and equality != "unchanged":
                    outcome = "updated"
            yield Change(outcome, row.employee_ref)


@dataclass(frozen=True)
class PostRow:
    post_ref: str
    council: str
    structure: str
    title: str
    team: str
    grade: str
    fte: Decimal
    count: int
    jd: str
    jdq_status: str
    jdq_score: int | None


@register
class PostImporter(Importer[PostRow]):
    kind = "posts"
    title = "Posts"
    description = "The posts of each council's new service design, with job descriptions."
    permission = Permission.MANAGE_WORKFORCE
    columns = (
        Column("post_ref", description="the post's unique reference"),
        Column("council", description="the council's code, such as CWAC"),
        Column("structure", description="the service design the post belongs to"),
        Column("title"),
        Column("team"),
        Column("grade", description="a grade of the council"),
        Column("fte"),
        Column("count", description="how many identical posts"),
        Column("jd", description="the job description"),
        Column("jdq_status", description="draft or evaluated"),
        Column("jdq_score", required=False, description="the job evaluation score"),
    )

    def __init__(self) -> None:
        self.councils = _councils()
        self.grades = {
            (g.council.code, g.grade): g for g in Grade.objects.select_related("council")
        }

    def clean_row(self, cells: Cells) -> PostRow | None:
        ref = cells.pattern("post_ref", REF, REF_HELP)
        council = cells.text("council", max_length=16)
        structure = cells.text("structure")
        title = cells.text("title")
        team = cells.text("team")
        grade = cells.text("grade", max_length=40)
        fte = cells.decimal("fte", minimum=Decimal("0.01"), maximum=Decimal("1"))
        count = cells.integer("count", minimum=1, maximum=999)
        jd = cells.text("jd", max_length=10_000)
        status = cells.choice("jdq_status", {c.value: c.value for c in JdqStatus})
        score = cells.integer("jdq_score", required=False, minimum=0, maximum=100_000)
        if council and council not in self.councils:
            cells.problem("council", f"There is no council {council} in Gemini.")
        elif council and grade and (council, grade) not in self.grades:
            cells.problem("grade", f"{grade} is not a grade of {council}; import it first.")
        if cells.problems or fte is None:
            return None
        return PostRow(
            str(ref),
            str(council),
            str(structure),
            str(title),
            str(team),
            str(grade),
            fte,
            int(count or 1),
            str(jd),
            str(status),
            score,
        )

    def check_rows(self, rows: Sequence[tuple[int, PostRow]]) -> list[Problem]:
        return _duplicates(rows, "post_ref", "post_ref")

    def save(self, rows: Sequence[PostRow]) -> Iterable[Change]:
        designs: dict[tuple[str, str], object] = {}
        for row in rows:
            council = self.councils[row.council]
            key = (row.council, row.structure)
            if key not in designs:
                designs[key], _ = services.save_service_design(council, row.structure)
            post, outcome = services.save_post(
                row.post_ref,
                {
                    "council": council,
                    "structure": designs[key],
                    "title": row.title,
                    "team": row.team,
                    "grade": self.grades[(row.council, row.grade)],
                    "fte": row.fte,
                    "count": row.count,
                    "jd": row.jd,
                    "jdq_status": row.jdq_status,
                    "jdq_score": row.jdq_score,
                },
            )
            yield Change(outcome, str(post))


@dataclass(frozen=True)
class DutyMatchRow:
    employee_ref: str
    post_ref: str
    duty_match: Decimal
    moderated_by: str
    note: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.employee_ref, self.post_ref)


@register
class DutyMatchImporter(Importer[DutyMatchRow]):
    kind = "duty-matches"
    title = "Moderated duty matches"
    description = "Agreed duty-match scores that replace the computed ones."
    permission = Permission.MANAGE_WORKFORCE
    columns = (
        Column("employee_ref", description="a person in the staff baseline"),
        Column("post_ref", description="a post in a service design"),
        Column("duty_match", description="0 to 100"),
        Column("moderated_by", description="who moderated the score"),
        Column("note", required=False),
    )

    def __init__(self) -> None:
        self.staff = dict(Staff.objects.values_list("employee_ref", "pk"))
        self.posts = dict(Post.objects.values_list("post_ref", "pk"))

    def clean_row(self, cells: Cells) -> DutyMatchRow | None:
        ref = cells.text("employee_ref", max_length=40)
        post = cells.text("post_ref", max_length=40)
        score = cells.decimal("duty_match", minimum=Decimal("0"), maximum=Decimal("100"))
        who = cells.text("moderated_by")
        note = cells.text("note", required=False, max_length=2000) or ""
        if ref and ref not in self.staff:
            cells.problem("employee_ref", f"There is no member of staff {ref}; import staff first.")
        if post and post not in self.posts:
            cells.problem("post_ref", f"There is no post {post}; import posts first.")
        if score is not None and score.as_tuple().exponent < -1:  # type: ignore[operator]
            cells.problem("duty_match", "Give the score to at most one decimal place.")
        if cells.problems:
            return None
        return DutyMatchRow(str(ref), str(post), score, str(who), note)  # type: ignore[arg-type]

    def check_rows(self, rows: Sequence[tuple[int, DutyMatchRow]]) -> list[Problem]:
        return _duplicates(rows, "key", "post_ref")

    def save(self, rows: Sequence[DutyMatchRow]) -> Iterable[Change]:
        staff = Staff.objects.in_bulk([r.employee_ref for r in rows], field_name="employee_ref")
        posts = Post.objects.in_bulk([r.post_ref for r in rows], field_name="post_ref")
        for row in rows:
            _, outcome = services.save_duty_match(
                staff[row.employee_ref],
                posts[row.post_ref],
                row.duty_match,
                row.moderated_by,
                row.note,
            )
            yield Change(outcome, f"{row.employee_ref}–{row.post_ref}: {row.duty_match}")


@dataclass(frozen=True)
class StrainCostRow:
    employee_ref: str
    strain_cost: Decimal


@register
class StrainCostImporter(Importer[StrainCostRow]):
    kind = "strain-costs"
    title = "Pension strain costs"
    description = (
        "Each person's LGPS pension strain cost, as the pension fund's actuary gives it "
        "(LGPS Regulations 2013 reg 30(7))."
    )
    permission = Permission.MANAGE_WORKFORCE
    columns = (
        Column("employee_ref", description="a person in the staff baseline"),
        Column("strain_cost", description="in pounds and pence, 0 or more"),
    )

    def __init__(self) -> None:
        self.staff = set(Staff.objects.values_list("employee_ref", flat=True))

    def clean_row(self, cells: Cells) -> StrainCostRow | None:
        ref = cells.text("employee_ref", max_length=40)
        cost = cells.decimal("strain_cost", minimum=Decimal("0"), maximum=Decimal("10000000"))
        if ref and ref not in self.staff:
            cells.problem("employee_ref", f"There is no member of staff {ref}; import staff first.")
        if cost is not None and cost.as_tuple().exponent < -2:  # type: ignore[operator]
            cells.problem("strain_cost", "Give pounds and pence, at most 2 decimal places.")
        if cells.problems or ref is None or cost is None:
            return None
        return StrainCostRow(ref, cost)

    def check_rows(self, rows: Sequence[tuple[int, StrainCostRow]]) -> list[Problem]:
        return _duplicates(rows, "employee_ref", "employee_ref")

    def save(self, rows: Sequence[StrainCostRow]) -> Iterable[Change]:
        staff = Staff.objects.in_bulk([r.employee_ref for r in rows], field_name="employee_ref")
        for row in rows:
            _, outcome = services.save_strain_cost(staff[row.employee_ref], row.strain_cost)
            yield Change(outcome, f"{row.employee_ref}: £{row.strain_cost:,.2f}")
