"""The finance pages as each role sees them; entry, scenarios, exports."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gemini.finance import figures, services
from gemini.finance.models import BudgetLine, ProjectHours, QuarterFigure, Scenario

pytestmark = pytest.mark.django_db

PAGES = ("index", "budget", "savings", "income", "agency", "liability", "scenarios")


@pytest.mark.parametrize("name", PAGES)
def test_each_page_runs_a_bounded_number_of_queries(
    name, finance_demo, personas, client_for, django_assert_max_num_queries
):
    client = client_for(personas["finance"])
    with django_assert_max_num_queries(40):
        response = client.get(reverse(f"finance:{name}"))
    assert response.status_code == 200


def test_the_dashboard_shows_the_seed_figures_to_a_councillor(finance_demo, personas, client_for):
    page = client_for(personas["member"]).get(reverse("finance:index")).content.decode()
    # Rounded for reading (gemini.core.reading): £5.1m, not £5,100,000.00.
    for figure in ("£5.1m:", "CEC £2.6m, CWAC £2.6m", "£2.7m:", "CEC £1.5m, CWAC £1.2m",
                   "£850k:", "CEC £450k, CWAC £400k", "forecast £3.6m against a budget of £3.6m",
                   "Nil (balanced)", "29.2%"):  # fmt: skip
        assert figure in page
    assert ".00" not in page.split("<h1", 1)[1].split("</dl>", 1)[0]
    # The savings gap against delivery, not only against plans ("Gap £0.00" said nothing).
    assert "CEC savings gap in 2025/26" in page
    assert "£1m still to deliver</strong>" in page
    assert "(£450k of £1.5m delivered, 30.6%)" in page
    assert "plans of £1.5m cover the target" in page
    assert page.count("<svg") >= 4
    assert page.count("the figures as a table</span>") == 4  # each chart's text alternative
    assert "Record a quarter" not in page


def test_the_budget_page_shows_each_review_and_the_balanced_fr3(finance_demo, personas, client_for):
    client = client_for(personas["finance"])
    page = client.get(reverse("finance:budget")).content.decode()
    assert "Forecast outturn at FR3" in page
    assert "balanced: a net nil forecast variance" in page
    assert "Record a quarter" in page
    fr2 = client.get(reverse("finance:budget") + "?review=FR2").content.decode()
    assert "a forecast overspend of £80,000.00" in fr2
    assert client.get(reverse("finance:budget") + "?review=Outturn").status_code == 404
    assert client.get(reverse("finance:budget") + "?year=2024-25").status_code == 404


def test_the_liability_page_divides_by_the_chosen_basis(finance_demo, personas, client_for):
    client = client_for(personas["union"])
    equal = client.get(reverse("finance:liability")).content.decode()
    assert "£2,550,000.00" in equal
    by_users = client.get(reverse("finance:liability") + "?basis=users").content.decode()
    # £5.1m × 4,850 / 9,170 = £2,697,382.77 (rounded down) and £2,402,617.23.
    assert "£2,697,382.77" in by_users
    assert "£2,402,617.23" in by_users
    assert client.get(reverse("finance:liability") + "?basis=nothing").status_code == 404


def test_a_finance_officer_records_a_quarter(finance_demo, personas, client_for):
    client = client_for(personas["finance"])
    line = BudgetLine.objects.get(name="Staff")
    response = client.post(
        reverse("finance:record_figures"),
        {"line": line.pk, "quarter": "Outturn", "actual": "3886450.00", "forecast_outturn": ""},
    )
    assert response.status_code == 302
    figure = QuarterFigure.objects.get(line=line, quarter="Outturn")
    assert figure.actual == Decimal("3886450.00")
    assert figures.latest_review("2024/25") == "Outturn"


def test_recording_without_an_actual_shows_the_error_summary(finance_demo, personas, client_for):
    client = client_for(personas["finance"])
    response = client.post(reverse("finance:record_figures"), {"quarter": "FR4", "actual": "-1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose the budget line" in page


def test_an_edit_over_a_newer_version_is_refused_and_kept(finance_demo, personas, client_for):
    client = client_for(personas["finance"])
    figure = QuarterFigure.objects.get(line__name="Staff", quarter="FR3")
    url = reverse("finance:edit_figures", args=[figure.pk])
    first = client.post(url, {"version": figure.version, "actual": "1.00", "forecast_outturn": ""})
    assert first.status_code == 302
    stale = client.post(url, {"version": figure.version, "actual": "2.00", "forecast_outturn": ""})
    page = stale.content.decode()
    assert "changed by someone else" in page
    assert "£1.00" in page
    figure.refresh_from_db()
    assert figure.actual == Decimal("1.00")
    assert figure.forecast_outturn is None


def test_a_saved_scenario_is_compared_with_the_base_case(finance_demo, personas, client_for):
    client = client_for(personas["finance"])
    response = client.post(
        reverse("finance:new_scenario"),
        {"name": "Hours at 52,000", "project_hours": "52000", "agency_day_rate": "500",
         "mitigation_from": "01/02/2025", "savings_delay_years": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    scenario = Scenario.objects.get(name="Hours at 52,000")
    assert scenario.created_by == personas["finance"]
    page = client.get(reverse("finance:scenario", args=[scenario.slug])).content.decode()
    assert "£3,284,210.53" in page  # 52,000 × £3.6m / 57,000
    assert "£315,789.47" in page
    assert "from 01/02/2025 to 31/03/2025" in page


def test_a_scenario_with_no_changes_equals_the_base_case(finance_demo):
    scenario, _ = services.save_scenario("Nothing changes", "2024/25")
    comparison = figures.compare("2024/25", scenario)
    assert comparison.scenario_drivers == comparison.base_drivers
    assert comparison.scenario == comparison.base


def test_a_scenario_name_must_be_new(finance_demo, personas, client_for):
    client = client_for(personas["pmo"])
    response = client.post(
        reverse("finance:new_scenario"),
        {"name": "Commissioned hours fall to 50,000", "savings_delay_years": "0"},
    )
    assert "already exists" in response.content.decode()


def test_a_manager_deletes_a_scenario(finance_demo, personas, client_for):
    slug = "shared-costs-by-users"
    client_for(personas["pmo"]).post(reverse("finance:delete_scenario", args=[slug]))
    assert not Scenario.objects.filter(slug=slug).exists()


@pytest.mark.parametrize(
    "table", ["budget", "savings", "income", "agency", "liability", "scenarios"]
)
def test_every_table_exports_to_excel(table, finance_demo, personas, client_for):
    response = client_for(personas["member"]).get(reverse("finance:export", args=[table]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.worksheets[0].max_row > 1


def test_the_budget_export_carries_money_as_numbers(finance_demo, personas, client_for):
    response = client_for(personas["finance"]).get(reverse("finance:export", args=["budget"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    staff_fr3 = next(row for row in rows if row[0] == "FR3" and row[1] == "Staff")
    assert staff_fr3[6] == 15541450


def test_a_finance_officer_records_project_hours(finance_demo, personas, client_for):
    client = client_for(personas["finance"])
    url = reverse("finance:record_hours") + "?year=2024/25"
    refused = client.post(url, {"organisation": "CEC", "quarter": "Outturn",
                                "commissioned_hours": "-5"})  # fmt: skip
    assert "Hours cannot be negative" in refused.content.decode()
    data = {"organisation": "CEC", "quarter": "Outturn", "commissioned_hours": "7400",
            "delivered_hours": "6400"}  # fmt: skip
    shown = client.post(url, data)  # CEC's Outturn hours are recorded: they are shown first
    assert "had already been recorded" in shown.content.decode()
    saved = ProjectHours.objects.get(
        financial_year="2024/25", quarter="Outturn", organisation__code="CEC"
    )
    response = client.post(url, data | {"record_id": saved.pk, "version": saved.version})
    assert response.status_code == 302
    income = figures.income_forecast("2024/25")
    assert income is not None
    assert income.forecast_hours == Decimal(56000)


def test_a_finance_officer_records_an_agency_month(finance_demo, personas, client_for):
    client = client_for(personas["finance"])
    url = reverse("finance:record_agency")
    data = {"month": "15/02/2025", "roles": "16", "fte": "15.5", "average_day_rate": "450",
            "spend": "144000"}  # fmt: skip
    assert "first day of the month" in client.post(url, data).content.decode()
    response = client.post(url, data | {"month": "01/02/2025"})
    assert response.status_code == 302
    assert figures.agency_trend("2024/25").reduction_percent == Decimal("33.3")
