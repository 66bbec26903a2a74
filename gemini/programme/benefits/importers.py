"""The benefits import kind (docs/formats.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gemini.core.access import Permission
from gemini.core.importing import Cells, Change, Column, Problem, register
from gemini.core.models import Organisation
from gemini.programme.benefits import services
from gemini.programme.models import Benefit
from gemini.programme.rows import REFERENCE, ProgrammeImporter, duplicate_references


@dataclass(frozen=True)
class BenefitRow:
    reference: str
    owner_organisation: str
    values: dict[str, Any]


@register
class BenefitImporter(ProgrammeImporter[BenefitRow]):
    kind = "benefits"
    title = "Benefits"
    description = "The benefits register (Green Book fields), by reference."
    permission = Permission.MANAGE_PROGRAMME
    columns = (
        Column("reference", description="such as B1"),
        Column("title"),
        Column("description", required=False),
        Column("kind", required=False, description="benefit (default) or dis-benefit"),
        Column("category", required=False),
        Column("financial", description="yes or no"),
        Column("cash_releasing", required=False, description="yes or no"),
        Column("quantitative", required=False, description="yes (default) or no"),
        Column("owner_organisation", required=False, description="a code such as CEC"),
        Column("owner", required=False, description="the accountable officer"),
        Column("measure", required=False),
        Column("baseline", required=False, description="a number; £ for financial benefits"),
        Column("target", required=False),
        Column("full_year_value", required=False, description="£"),
    )

    def clean_row(self, cells: Cells) -> BenefitRow | None:
        reference = cells.pattern("reference", REFERENCE, "use letters, digits, / . _ -")
        title = cells.text("title", max_length=300)
        kind = cells.choice(
            "kind",
            {
                "benefit": Benefit.Kind.BENEFIT,
                "dis-benefit": Benefit.Kind.DIS_BENEFIT,
                "disbenefit": Benefit.Kind.DIS_BENEFIT,
            },
            required=False,
        )
        financial = cells.boolean("financial")
        cash = cells.boolean("cash_releasing", required=False)
        quantitative = cells.boolean("quantitative", required=False)
        baseline = cells.decimal("baseline", required=False)
        target = cells.decimal("target", required=False)
        full_year = cells.decimal("full_year_value", required=False)
        for name, value in (
            ("baseline", baseline),
            ("target", target),
            ("full_year_value", full_year),
        ):
            if value is not None and value.as_tuple().exponent < -2:  # type: ignore[operator]
                cells.problem(name, "Give at most two decimal places (pence).")
        if reference is None or title is None or financial is None or cells.problems:
            return None
        return BenefitRow(
            reference,
            cells.text("owner_organisation", required=False) or "",
            {
                "title": title,
                "description": cells.text("description", required=False, max_length=5000) or "",
                "kind": kind or Benefit.Kind.BENEFIT,
                "category": cells.text("category", required=False, max_length=60) or "",
                "financial": financial,
                "cash_releasing": bool(cash),
                "quantitative": True if quantitative is None else quantitative,
                "owner": cells.text("owner", required=False) or "",
                "measure": cells.text("measure", required=False, max_length=300) or "",
                "baseline": baseline if baseline is not None else Decimal("0"),
                "target": target if target is not None else Decimal("0"),
                "full_year_value": full_year,
            },
        )

    def check_rows(self, rows: Sequence[tuple[int, BenefitRow]]) -> list[Problem]:
        codes = set(Organisation.objects.values_list("code", flat=True))
        return duplicate_references(rows) + [
            Problem(
                number,
                "owner_organisation",
                f"There is no organisation {row.owner_organisation!r}.",
            )
            for number, row in rows
            if row.owner_organisation and row.owner_organisation.upper() not in codes
        ]

    def save(self, rows: Sequence[BenefitRow]) -> Iterable[Change]:
        programme = self.target
        for row in rows:
            owner = (
                Organisation.objects.get(code=row.owner_organisation.upper())
                if row.owner_organisation
                else None
            )
            benefit, outcome = services.save_benefit(
                programme, row.reference, {**row.values, "owner_organisation": owner}
            )
            yield Change(outcome, str(benefit))
