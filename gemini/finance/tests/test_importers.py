"""The finance import kinds: every bad row reported, nothing written; good files written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gemini.core import importing
from gemini.finance.models import (
    AgencySnapshot,
    BudgetLine,
    ProjectHours,
    QuarterFigure,
    SavingsItem,
    SavingsTarget,
)
from gemini.testing.personas import make_organisations

pytestmark = pytest.mark.django_db


def _run(kind: str, text: str, dry_run: bool = False) -> importing.ImportResult:
    return importing.run_import(importing.importer_for(kind), text.encode(), f"{kind}.csv", dry_run)


def _problems(result: importing.ImportResult) -> dict[tuple[int, str], str]:
    return {(p.row, p.column): p.message for p in result.problems}


BUDGET_HEADER = (
    "financial_year,line,category,income,annual_budget,"
    "fr1_budget,fr2_budget,fr3_budget,outturn_budget\n"
)
GOOD_BUDGET = BUDGET_HEADER + (
    "2024/25,Staff,staff,no,400.00,100,100,100,100\n"
    "2024/25,Project income,project_income,,360,90,90,90,90\n"
)


def test_a_good_budget_file_is_written_and_income_follows_its_category():
    result = _run("budget-lines", GOOD_BUDGET)
    assert result.ok
    assert result.count("created") == 2
    assert BudgetLine.objects.get(name="Project income").is_income
    assert not BudgetLine.objects.get(name="Staff").is_income


def test_a_dry_run_writes_nothing():
    result = _run("budget-lines", GOOD_BUDGET, dry_run=True)
    assert result.ok
    assert result.count("created") == 2
    assert not BudgetLine.objects.exists()


def test_it_rejects_budget_rows_whose_quarters_do_not_add_up_and_writes_nothing():
    text = BUDGET_HEADER + (
        "2024/25,Staff,staff,no,400.00,100,100,100,100\n"
        "2024/25,Agency,agency,no,400.00,100,100,100,99.99\n"
        "2024/26,Other,sundries,no,-5,1,1,1,1\n"
    )
    result = _run("budget-lines", text)
    problems = _problems(result)
    assert "add up to £399.99, not the annual budget of £400.00" in problems[(3, "annual_budget")]
    assert "2025" in problems[(4, "financial_year")]
    assert "not one of the allowed values" in problems[(4, "category")]
    assert "less than the smallest allowed" in problems[(4, "annual_budget")]
    assert not BudgetLine.objects.exists()


def test_it_rejects_a_duplicate_budget_line():
    result = _run("budget-lines", GOOD_BUDGET + "2024/25,staff,staff,no,4,1,1,1,1\n")
    assert _problems(result) == {(4, "line"): "This is the same as row 2."}


def test_actuals_need_a_known_line_and_a_quarter_of_the_year():
    _run("budget-lines", GOOD_BUDGET)
    header = "financial_year,line,quarter,actual,forecast_outturn\n"
    bad = _run("actuals", header + "2024/25,Staff,FR4,10,\n2024/25,Nothing,FR1,10,\n")
    problems = _problems(bad)
    assert "not a quarter of the financial year" in problems[(2, "quarter")]
    assert not QuarterFigure.objects.exists()
    bad = _run("actuals", header + "2024/25,Nothing,FR1,10,\n")
    assert _problems(bad) == {(2, "line"): "There is no budget line 'Nothing' in 2024/25."}
    good = _run("actuals", header + "2024/25,staff,fr1,95.50,410\n2024/25,Staff,FR2,100,\n")
    assert good.ok
    figure = QuarterFigure.objects.get(quarter="FR1")
    assert figure.actual == Decimal("95.50")
    assert figure.forecast_outturn == Decimal("410.00")
    assert QuarterFigure.objects.get(quarter="FR2").forecast_outturn is None


def test_it_rejects_negative_hours_and_unknown_councils():
    make_organisations()
    header = "financial_year,quarter,organisation,commissioned_hours,delivered_hours\n"
    result = _run("project-hours", header + "2024/25,FR1,CEC,-10,5\n2024/25,FR1,CEC,10,-1\n")
    problems = _problems(result)
    assert "cannot be negative" in problems[(2, "commissioned_hours")]
    assert "cannot be negative" in problems[(3, "delivered_hours")]
    result = _run("project-hours", header + "2024/25,FR1,XYZ,10,\n")
    assert _problems(result) == {(2, "organisation"): "There is no organisation XYZ in Gemini."}
    assert not ProjectHours.objects.exists()
    good = _run("project-hours", header + "2024/25,FR1,CEC,7300,7200\n2024/25,Outturn,cwac,6850,\n")
    assert good.ok
    assert ProjectHours.objects.count() == 2


def test_agency_months_start_on_the_first():
    header = "month,roles,fte,average_day_rate,spend\n"
    result = _run("agency", header + "15/04/2024,24,24,450,226800\n")
    assert "not the first day of a month" in _problems(result)[(2, "month")]
    good = _run("agency", header + "01/04/2024,24,23.5,450.00,226800.00\n")
    assert good.ok
    assert AgencySnapshot.objects.get().fte == Decimal("23.5")


def test_savings_and_targets_import_by_council():
    make_organisations()
    targets = _run("savings-targets", "organisation,financial_year,target\nCEC,2025/26,1470000\n")
    assert targets.ok
    assert SavingsTarget.objects.get().amount == Decimal("1470000.00")
    header = "organisation,source,from_year,annual_amount,delivered,description\n"
    bad = _run("savings", header + "CEC,magic,2025/26,10,maybe,\n")
    problems = _problems(bad)
    assert set(problems) == {(2, "source"), (2, "delivered")}
    good = _run("savings", header + "CEC,Contract costs,2024/25,250000,yes,Contracts\n")
    assert good.ok
    assert SavingsItem.objects.get().source == "contract_costs"


def test_importing_the_same_file_twice_changes_nothing():
    _run("budget-lines", GOOD_BUDGET)
    again = _run("budget-lines", GOOD_BUDGET)
    assert again.count("unchanged") == 2
