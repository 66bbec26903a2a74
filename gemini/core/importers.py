"""The core app's import kinds: organisations (docs/formats.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gemini.core import services
from gemini.core.access import Permission
from gemini.core.importing import Cells, Change, Column, Importer, Problem, register
from gemini.core.models import Organisation


@dataclass(frozen=True)
class OrganisationRow:
    code: str
    name: str
    kind: str
    hosted_by: str


@register
class OrganisationImporter(Importer[OrganisationRow]):
    kind = "organisations"
    title = "Organisations"
    description = "Councils and shared services, by code."
    permission = Permission.MANAGE_ORGANISATIONS
    columns = (
        Column("code", description="2 to 16 capital letters or digits, such as CEC"),
        Column("name", description="the organisation's full name"),
        Column("kind", description="council or shared service"),
        Column(
            "hosted_by",
            required=False,
            description="for a shared service: the code of the council hosting it",
        ),
    )

    def clean_row(self, cells: Cells) -> OrganisationRow | None:
        code = cells.pattern(
            "code",
            r"[A-Z][A-Z0-9]{1,15}",
            "use 2 to 16 capital letters or digits, starting with a letter, such as CEC.",
        )
        name = cells.text("name")
        kind = cells.choice(
            "kind",
            {
                "council": Organisation.Kind.COUNCIL,
                "shared service": Organisation.Kind.SHARED_SERVICE,
            },
        )
        hosted_by = cells.text("hosted_by", required=False) or ""
        if code is None or name is None or kind is None:
            return None
        return OrganisationRow(code, name, kind, hosted_by.upper())

    def check_rows(self, rows: Sequence[tuple[int, OrganisationRow]]) -> list[Problem]:
        problems: list[Problem] = []
        seen: dict[str, int] = {}
        for number, row in rows:
            if row.code in seen:
                problems.append(
                    Problem(number, "code", f"{row.code} is also on row {seen[row.code]}.")
                )
            seen.setdefault(row.code, number)
        existing = set(Organisation.objects.values_list("code", flat=True))
        for number, row in rows:
            if row.hosted_by and row.hosted_by not in seen and row.hosted_by not in existing:
                problems.append(
                    Problem(
                        number,
                        "hosted_by",
                        f"There is no organisation {row.hosted_by} in Gemini or in this file.",
                    )
                )
            if row.hosted_by == row.code:
                problems.append(Problem(number, "hosted_by", "An organisation cannot host itself."))
        return problems

    def save(self, rows: Sequence[OrganisationRow]) -> Iterable[Change]:
        # Hosts first, so a shared service can name a council created by the same file.
        for row in sorted(rows, key=lambda r: bool(r.hosted_by)):
            host = Organisation.objects.get(code=row.hosted_by) if row.hosted_by else None
            organisation, outcome = services.save_organisation(row.code, row.name, row.kind, host)
            yield Change(outcome, str(organisation))
