"""What the programme's import kinds share (docs/formats.md): the programme a file is imported into
(named, never guessed), Part 1 / Part 2 columns, references, duplicates, workstreams and bodies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Q
from django.http import HttpRequest

from gemini.core.importing import Cells, Column, Importer, Problem
from gemini.core.models import Confidentiality
from gemini.programme import chosen
from gemini.programme.models import (
    GovernanceBody,
    Programme,
    Workstream,
)

T = TypeVar("T")


REFERENCE = r"[A-Za-z0-9][A-Za-z0-9 /._-]{0,59}"


CONFIDENTIALITIES = {
    "public": Confidentiality.PUBLIC,
    "part 1": Confidentiality.PUBLIC,
    "exempt": Confidentiality.EXEMPT,
    "part 2": Confidentiality.EXEMPT,
}


CONFIDENTIALITY_COLUMNS = (
    Column("confidentiality", required=False, description="public (default) or exempt"),
    Column("exempt_paragraph", required=False, description="Schedule 12A paragraph, 1 to 7"),
    Column("public_interest_reason", required=False, description="required when exempt"),
)


@dataclass(frozen=True)
class Part:
    confidentiality: str
    exempt_paragraph: int | None
    public_interest_reason: str

    def values(self) -> dict[str, Any]:
        return {
            "confidentiality": self.confidentiality,
            "exempt_paragraph": self.exempt_paragraph,
            "public_interest_reason": self.public_interest_reason,
        }


def part_of_row(cells: Cells) -> Part | None:
    kind = cells.choice("confidentiality", CONFIDENTIALITIES, required=False) or (
        Confidentiality.PUBLIC
    )
    paragraph = cells.integer("exempt_paragraph", required=False, minimum=1, maximum=7)
    reason = cells.text("public_interest_reason", required=False, max_length=5000) or ""
    if kind == Confidentiality.EXEMPT:
        if paragraph is None and not cells.raw("exempt_paragraph"):
            cells.problem("exempt_paragraph", "An exempt row needs its paragraph, 1 to 7.")
        if not reason:
            cells.problem(
                "public_interest_reason",
                "An exempt row needs the reason the public interest favours keeping it private.",
            )
    elif cells.raw("exempt_paragraph"):
        cells.problem("exempt_paragraph", "A public row has no exempt paragraph.")
        return None
    return Part(kind, paragraph if kind == Confidentiality.EXEMPT else None, reason)


class ProgrammeImporter(Importer[T]):
    """A kind whose rows belong to one programme: the one its caller names (`gemini import
    --programme SLUG`, or the programme chosen on the upload page), or the only one; with
    several and none named, `ready` refuses and lists them (programme.chosen)."""

    about_programme = True
    target: Programme  # set by `ready`, before the file is read

    @classmethod
    def for_request(cls, request: HttpRequest) -> ProgrammeImporter[T]:
        return cls(chosen.programme_for(request).slug)

    def ready(self) -> None:
        self.target = chosen.programme_named(self.programme)


def duplicate_references(rows: Sequence[tuple[int, Any]]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        key = row.reference.lower()
        if key in seen:
            problems.append(
                Problem(number, "reference", f"{row.reference} is also on row {seen[key]}.")
            )
        seen.setdefault(key, number)
    return problems


def workstream_problems(rows: Sequence[tuple[int, Any]], programme: Programme) -> list[Problem]:
    known = {
        key.lower()
        for slug, name in Workstream.objects.filter(programme=programme).values_list("slug", "name")
        for key in (slug, name)
    }
    return [
        Problem(number, "workstream", f"There is no workstream {row.workstream!r}.")
        for number, row in rows
        if row.workstream and row.workstream.lower() not in known
    ]


def workstream_named(programme: Programme, key: str) -> Workstream | None:
    if not key:
        return None
    return Workstream.objects.get(Q(slug__iexact=key) | Q(name__iexact=key), programme=programme)


def body_named(programme: Programme, key: str) -> GovernanceBody | None:
    if not key:
        return None
    return GovernanceBody.objects.filter(
        Q(name__iexact=key) | Q(short_name__iexact=key), programme=programme
    ).first()


def level_of(cells: Cells, column: str) -> int | None:
    return cells.integer(column, minimum=1, maximum=10)
