"""Finance's part of the committee report (docs/reports.md, "Sections"): the headline
figures as plain data (read through `finance.figures`, which computes every one of them), the
Executive Summary's finance sentences, the savings delivered under Benefits, and the Section
151 Officer/Finance implications. Registered by `FinanceConfig.ready`.

The finance figures are read as recorded at the end of the report's date (`finance.figures`
with the snapshot's `as_at`): nothing recorded after it is seen. `changed_after_as_at` still
says when finance records changed after that day (a note for the reader of the snapshot).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from gemini.core.reporting import formatting as f
from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import Builder, Chart, Content
from gemini.finance import figures


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def finance_figures(scope: r.Scope) -> dict[str, Any] | None:
    if not figures.has_figures():
        return None
    as_at = scope.as_at
    position = figures.position(as_at=as_at)
    year = position.year
    trend = figures.agency_trend(year, as_at)
    hours = figures.planned_hours(year, as_at)
    return {
        "changed_after_as_at": figures.changed_after(scope.as_at),
        "year": year,
        "review": position.review,
        "as_of": position.as_of.isoformat(),
        "one_off_total": _money(position.one_off_total),
        "one_off_by_council": {k: _money(v) for k, v in position.one_off_by_council.items()},
        "one_off_basis": figures.one_off_basis(as_at),
        "savings_year": position.savings_year,
        "savings_year_number": figures.savings_year_number(position.savings_year, as_at),
        "savings_target_by_council": {
            k: _money(v) for k, v in position.savings_target_by_council.items()
        },
        "savings_delivered_by_council": {
            k: _money(v) for k, v in position.savings_delivered_by_council.items()
        },
        "contract_savings": _money(figures.contract_savings(as_at)),
        "forecast_variance": _money(position.forecast_variance),
        "forecast_rag": position.forecast_rag,
        "project_income_budget": _money(position.project_income_budget),
        "project_income_forecast": _money(position.project_income_forecast),
        "planned_hours": f"{hours:.0f}" if hours is not None else None,
        "agency_reduction_percent": f"{position.agency_reduction_percent}",
        "agency_start": trend.start.roles if trend.start else None,
        "agency_latest": trend.latest.roles if trend.latest else None,
        "agency_months": len(figures.agency_points(as_at)),
        "trajectory": [
            [row.party, row.year, _money(row.target), _money(row.planned), _money(row.delivered)]
            for row in figures.savings_trajectory(as_at)
        ],
    }


# ---------------------------------------------------------------- renderers (pure)


def _by_council(values: Mapping[str, str], names: Mapping[str, str]) -> list[str]:
    return [f"{f.money(values[code])} {names.get(code, code)}" for code in values if code in names]


def _total(values: Mapping[str, str]) -> Decimal:
    return sum((Decimal(v) for v in values.values()), Decimal("0"))


def sentences(finance: Mapping[str, Any]) -> list[str]:
    """The in-year position: agency roles, the forecast and the project income."""
    out = []
    if finance["agency_start"] is not None and finance["agency_latest"] is not None:
        reduction = Decimal(finance["agency_reduction_percent"])
        if reduction > 0:
            out.append(
                f"Agency roles are down by {f.over_percent(reduction)} since the start of the "
                f"financial year (from {finance['agency_start']} to "
                f"{f.counted(finance['agency_latest'], 'role')}, {f.percent(reduction)})."
            )
    variance = Decimal(finance["forecast_variance"])
    when = f.review_words(finance["review"])
    if finance["review"]:
        if variance == 0:
            out.append(f"The ICT Shared Service has reported a balanced forecast at {when}.")
        elif variance > 0:
            out.append(
                f"The ICT Shared Service has reported a forecast overspend of "
                f"{f.money(variance)} at {when} ({finance['forecast_rag']})."
            )
        else:
            out.append(
                f"The ICT Shared Service has reported a forecast underspend of "
                f"{f.money(-variance)} at {when}."
            )
    income = Decimal(finance["project_income_budget"])
    if income > 0:
        hours = finance["planned_hours"]
        on_hours = (
            f", which assumes {f.count(hours)} project hours to be delivered" if hours else ""
        )
        forecast = Decimal(finance["project_income_forecast"])
        against = "" if f.money(forecast) == f.money(income) else f" (forecast {f.money(forecast)})"
        out.append(
            f"This position is reliant on project income of {f.money(income)}{on_hours} this "
            f"year{against}."
        )
    return out


def _headline(b: Builder, content: Content, key: str) -> None:
    finance = content.data.get("finance")
    if finance:
        for sentence in sentences(finance):
            b.para(sentence, from_data=True)


def _savings_delivered(b: Builder, content: Content, key: str) -> None:
    finance = content.data.get("finance")
    if not finance:
        return
    delivered = finance["savings_delivered_by_council"]
    if _total(delivered) > 0:
        b.para(
            f"Savings of {f.money(_total(delivered))} a year have been delivered so far "
            f"({f.join(_by_council(delivered, content.data['councils']))}).",
            from_data=True,
        )
    if finance["trajectory"]:
        b.add(Chart("savings", "Savings a year against target, by council"))


def _workstream(b: Builder, content: Content, key: str) -> None:
    if not content.data.get("finance"):
        b.para("No finance figures have been recorded yet.", from_data=True)
    # The in-year position is in the Executive Summary; it is not repeated here.


def _implications(b: Builder, content: Content, key: str) -> None:
    finance = content.data.get("finance")
    names = content.data["councils"]
    if not finance:
        b.para("No finance figures have been recorded yet.", from_data=True)
        return
    total = Decimal(finance["one_off_total"])
    if total > 0:
        by_council = finance["one_off_by_council"]
        amounts = set(by_council.values())
        split = (
            f"{f.money(next(iter(amounts)))} per council"
            if len(amounts) == 1 and len(by_council) > 1
            else f.join(_by_council(by_council, names))
        )
        basis = f", shared {finance['one_off_basis']}" if finance["one_off_basis"] else ""
        b.para(
            f"A one-off investment (a mix of capital and revenue) of {f.money(total)} "
            f"({split}) has been approved{basis}.",
            from_data=True,
        )
    targets = finance["savings_target_by_council"]
    target = _total(targets)
    if target > 0:
        number = finance["savings_year_number"]
        year = finance["savings_year"]
        when = f"year {number} ({year})" if number else year
        contract = Decimal(finance["contract_savings"])
        also = (
            f" Contract costs are expected to reduce by {f.money(contract)}."
            if contract > 0
            else ""
        )
        b.para(
            f"The savings target is {f.money(target)} a year by {when} for both councils: "
            f"{f.join(_by_council(targets, names))}.{also}",
            from_data=True,
        )


def register() -> None:
    r.register_figures(r.Figures("finance", finance_figures))
    r.contribute(r.Contribution("executive_summary", _headline, ("finance",), order=40))
    r.contribute(r.Contribution("benefits", _savings_delivered, ("finance",), order=60))
    r.contribute(r.Contribution("workstream:finance", _workstream, ("finance",)))
    r.register_section(
        r.Section(
            "finance_implications",
            "Section 151 Officer/Finance",
            110,
            figures=("finance",),
            render=_implications,
            group="Implications and Comments",
            hint="Gemini adds the one-off investment, its split, the savings target and the "
            "contract savings before your text.",
        )
    )
