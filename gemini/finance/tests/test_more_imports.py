"""The one-off-spend, cost-baseline and income-plan import kinds: good files written, every bad
row reported by row and column with nothing written, and a second import changes nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gemini.core import importing
from gemini.finance.models import CostBaseline, IncomePlan, OneOffSpend

pytestmark = pytest.mark.django_db

INVESTMENT = "Transition to the hybrid model"


def _run(kind: str, text: str) -> importing.ImportResult:
    return importing.run_import(importing.importer_for(kind), text.encode(), f"{kind}.csv", False)


def _problems(result: importing.ImportResult) -> dict[tuple[int, str], str]:
    return {(p.row, p.column): p.message for p in result.problems}


SPEND_HEADER = "investment,financial_year,quarter,amount\n"
GOOD_SPEND = SPEND_HEADER + (
    f'{INVESTMENT},2025/26,FR1,100000.00\ntransition to the hybrid model,2025/26,fr2,"£2,500.50"\n'
)


def test_a_good_one_off_spend_file_is_written(finance_demo):
    before = OneOffSpend.objects.count()
    result = _run("one-off-spend", GOOD_SPEND)
    assert result.ok, result.problems
    assert result.count("created") == 2
    assert OneOffSpend.objects.count() == before + 2
    spend = OneOffSpend.objects.get(financial_year="2025/26", quarter="FR2")
    assert spend.amount == Decimal("2500.50")
    assert spend.investment.name == INVESTMENT


def test_it_reports_each_bad_one_off_spend_cell_and_writes_nothing(finance_demo):
    before = OneOffSpend.objects.count()
    text = SPEND_HEADER + (
        f"{INVESTMENT},2025/26,FR1,100.00\n"
        f"{INVESTMENT},2025/27,FR5,-1\n"
        f"{INVESTMENT},2025/26,FR3,1.234\n"
    )
    problems = _problems(_run("one-off-spend", text))
    assert "2026" in problems[(3, "financial_year")]
    assert "not a quarter" in problems[(3, "quarter")]
    assert "less than the smallest allowed" in problems[(3, "amount")]
    assert "more than two decimal places" in problems[(4, "amount")]
    assert len(problems) == 4
    assert OneOffSpend.objects.count() == before


def test_it_reports_unknown_investments_and_duplicate_quarters_and_writes_nothing(finance_demo):
    before = OneOffSpend.objects.count()
    text = SPEND_HEADER + (
        f"{INVESTMENT},2025/26,FR1,100.00\n"
        "A new data centre,2025/26,FR2,10\n"
        f"{INVESTMENT},2025/26,FR1,200.00\n"
    )
    problems = _problems(_run("one-off-spend", text))
    assert problems == {
        (3, "investment"): "There is no one-off investment 'A new data centre'.",
        (4, "quarter"): "This is the same as row 2.",
    }
    assert OneOffSpend.objects.count() == before


def test_importing_the_same_one_off_spend_twice_changes_nothing(finance_demo):
    assert _run("one-off-spend", GOOD_SPEND).ok
    again = _run("one-off-spend", GOOD_SPEND)
    assert again.ok
    assert again.count("unchanged") == 2
    assert again.count("created") == again.count("updated") == 0


BASELINE_HEADER = "organisation,financial_year,amount,note\n"
GOOD_BASELINE = BASELINE_HEADER + (
    "CEC,2022/23,12500000.00,2022/23 cost model\ncwac,2022/23,10900000,\nICTSS,2022/23,0,\n"
)


def test_a_good_cost_baseline_file_is_written(finance_demo):
    result = _run("cost-baseline", GOOD_BASELINE)
    assert result.ok, result.problems
    assert result.count("created") == 3
    cec = CostBaseline.objects.get(organisation__code="CEC", financial_year="2022/23")
    assert cec.amount == Decimal("12500000.00")
    assert cec.note == "2022/23 cost model"
    assert CostBaseline.objects.get(organisation__code="CWAC", financial_year="2022/23").note == ""


def test_a_cost_baseline_file_updates_the_demo_baseline(finance_demo):
    result = _run("cost-baseline", BASELINE_HEADER + "CEC,2021/22,12460000.00,revised\n")
    assert result.count("updated") == 1
    assert CostBaseline.objects.get(
        organisation__code="CEC", financial_year="2021/22"
    ).amount == Decimal("12460000.00")


def _baselines() -> list[tuple[str, str, Decimal]]:
    return list(CostBaseline.objects.values_list("organisation__code", "financial_year", "amount"))


def test_it_reports_each_bad_cost_baseline_cell_and_writes_nothing(finance_demo):
    before = _baselines()
    text = BASELINE_HEADER + "CEC,2021/22,1.00,\nCWAC,21/22,-100,\n,2021/22,,\n"
    problems = _problems(_run("cost-baseline", text))
    assert "2021/22" not in problems[(3, "financial_year")]
    assert "less than the smallest allowed" in problems[(3, "amount")]
    assert "empty" in problems[(4, "organisation")]
    assert "empty" in problems[(4, "amount")]
    assert len(problems) == 4
    assert _baselines() == before


def test_it_reports_unknown_organisations_and_duplicate_baselines_and_writes_nothing(
    finance_demo,
):
    before = _baselines()
    text = BASELINE_HEADER + "CEC,2021/22,1.00,\nXYZ,2021/22,1.00,\ncec,2021/22,2.00,\n"
    problems = _problems(_run("cost-baseline", text))
    assert problems == {
        (3, "organisation"): "There is no organisation XYZ in Gemini.",
        (4, "financial_year"): "This is the same as row 2.",
    }
    assert _baselines() == before


def test_importing_the_same_cost_baseline_twice_changes_nothing(finance_demo):
    assert _run("cost-baseline", GOOD_BASELINE).ok
    again = _run("cost-baseline", GOOD_BASELINE)
    assert again.ok
    assert again.count("unchanged") == 3


PLAN_HEADER = "financial_year,budget_income,planned_hours\n"
GOOD_PLAN = PLAN_HEADER + "2025/26,3700000.00,58000\n2026/27,3800000,59000.5\n"


def test_a_good_income_plan_file_is_written(finance_demo):
    result = _run("income-plan", GOOD_PLAN)
    assert result.ok, result.problems
    assert result.count("created") == 2
    plan = IncomePlan.objects.get(financial_year="2026/27")
    assert plan.budget_income == Decimal("3800000.00")
    assert plan.planned_hours == Decimal("59000.5")


def _plans() -> list[tuple[str, Decimal, Decimal]]:
    return list(IncomePlan.objects.values_list("financial_year", "budget_income", "planned_hours"))


def test_it_reports_each_bad_income_plan_cell_and_writes_nothing(finance_demo):
    before = _plans()
    text = PLAN_HEADER + (
        "2025/26,3700000.00,58000\n2025/2026,-1,-57000\n2026/27,100,0\n2027/28,1.001,10.25\n"
    )
    problems = _problems(_run("income-plan", text))
    assert (3, "financial_year") in problems
    assert "less than the smallest allowed" in problems[(3, "budget_income")]
    assert "cannot be negative" in problems[(3, "planned_hours")]
    assert problems[(4, "planned_hours")] == "Planned hours must be more than 0."
    assert "more than two decimal places" in problems[(5, "budget_income")]
    assert "one decimal place" in problems[(5, "planned_hours")]
    assert len(problems) == 6
    assert _plans() == before


def test_it_reports_a_duplicate_income_plan_year_and_writes_nothing(finance_demo):
    before = _plans()
    text = PLAN_HEADER + "2025/26,3700000.00,58000\n2025/26,3600000.00,57000\n"
    problems = _problems(_run("income-plan", text))
    assert problems == {(3, "financial_year"): "This is the same as row 2."}
    assert _plans() == before


def test_importing_the_same_income_plan_twice_changes_nothing(finance_demo):
    assert _run("income-plan", GOOD_PLAN).ok
    again = _run("income-plan", GOOD_PLAN)
    assert again.ok
    assert again.count("unchanged") == 2


@pytest.mark.parametrize("kind", ["one-off-spend", "cost-baseline", "income-plan"])
def test_the_documented_example_imports_cleanly(finance_demo, kind):
    docs = (Path(__file__).resolve().parents[3] / "docs" / "formats.md").read_text()
    section = docs.split(f"### `{kind}`", 1)[1]
    example = section.split("```csv\n", 1)[1].split("```", 1)[0]
    result = _run(kind, example)
    assert result.ok, result.problems
    assert result.count("unchanged") + result.count("updated") + result.count("created") > 0
