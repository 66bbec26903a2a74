"""The core app's import kinds: organisations (docs/formats.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gemini.core.access import Permission
from gemini.core.bulk_saving import bulk_upsert
from gemini.core.importing import Cells, Change, Column, Importer, Problem, register
from gemini.core.models import Organisation
from gemini.core.services import Outcome


@dataclass(frozen=True)
class OrganisationRow:
    code: str
    name: str
    kind: str
    hosted_by: str | None  # None: the file has no hosted_by column, so the host is kept


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
        hosted_by: str | None = None
        if "hosted_by" in cells.values:
            hosted_by = (
                cells.pattern(
                    "hosted_by",
                    r"[A-Z][A-Z0-9]{1,15}",
                    "use the code of the host, such as CEC.",
                    required=False,
                )
                or ""
            )
        if code is None or name is None or kind is None:
            return None
        return OrganisationRow(code, name, kind, hosted_by)

    def check_rows(self, rows: Sequence[tuple[int, OrganisationRow]]) -> list[Problem]:
        problems: list[Problem] = []
        seen: dict[str, int] = {}
        for number, row in rows:
            if row.code in seen:
                problems.append(
                    Problem(number, "code", f"{row.code} is also on row {seen[row.code]}.")
                )
            seen.setdefault(row.code, number)
        kinds = dict(Organisation.objects.values_list("code", "kind"))
        kinds.update({row.code: row.kind for _, row in rows})
        for number, row in rows:
            host = row.hosted_by
            if not host:
                continue
            if row.kind == Organisation.Kind.COUNCIL:
                message = "A council has no host; only a shared service is hosted by a council."
            elif host == row.code:
                message = "An organisation cannot host itself."
            elif host not in kinds:
                message = f"There is no organisation {host} in Gemini or in this file."
            elif kinds[host] != Organisation.Kind.COUNCIL:
                message = f"{host} is not a council; only a council can host a shared service."
            else:
                continue
            problems.append(Problem(number, "hosted_by", message))
        return problems

    def save(self, rows: Sequence[OrganisationRow]) -> Iterable[Change]:
        # Hosts first (check_rows made sure every host is a council, and councils have no
        # host), so a shared service can name a council created by the same file. A file
        # without a hosted_by column keeps each organisation's host (hosted_by None).
        outcomes: dict[str, Outcome] = {}
        pk_of: dict[str, int] = {}
        hosted = [row for row in rows if row.hosted_by]
        for group, host in (
            ([row for row in rows if row.hosted_by is None], False),
            ([row for row in rows if row.hosted_by == ""], True),
            (hosted, True),
        ):
            if group is hosted:
                pk_of = dict(Organisation.objects.values_list("code", "pk"))
            saved = bulk_upsert(
                Organisation,
                ["code"],
                [
                    {
                        "code": row.code,
                        "name": row.name,
                        "kind": row.kind,
                        **({"hosted_by_id": pk_of.get(row.hosted_by or "")} if host else {}),
                    }
                    for row in group
                ],
                progress=self.writing,
            )
            outcomes.update(zip((row.code for row in group), saved.outcomes, strict=True))
        for row in sorted(rows, key=lambda r: bool(r.hosted_by)):
            yield Change(outcomes[row.code], f"{row.name} ({row.code})")
