"""The demo's report for the Corporate Policy Committee of 6 February 2025, generated from the
demo data, gives back the seed report's facts and figures (seed/000_697f4e07bd99ec5e.txt).

The whole demo (not the small one), loaded once for this module: the seed's counts, such as
over 3,000 users and devices migrated, need all of it. It issues the report, as `gemini demo`
does.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from gemini.reports import services
from gemini.reports.demo import RECOMMENDATIONS
from gemini.reports.tests.files import docx_text, flat, pdf_text

SEED_FACTS = (
    "The programme status is Amber overall",
    "The new Cheshire West tenant has been created.",
    "migration of users and devices into the new environment is 100% complete (3,061 users",
    "formal consultation planned for February 2025",
    "There are more jobs available in the new service designs than staff",
    "Agency roles are down by over 25% since the start of the financial year",
    "balanced forecast at the third quarter",
    "project income of £3.6m, which assumes 57,000 project hours",
    "one-off investment (a mix of capital and revenue) of £5.1m (£2.55m per council)",
    "£2.67m a year by year 3 (2025/26) for both councils: £1.47m Cheshire East and £1.2m "
    "Cheshire West and Chester",
    "Contract costs are expected to reduce by £0.5m.",
    "migrate application hosting to a cloud 'infrastructure as a service' model",
    "each council should pursue their own, more flexible model for networks provision",
    "move away from the shared model by 2027",
    "Report Reference No: CPC/52/24-25",
    "For Decision or Scrutiny: DECISION",
)
BENEFITS = (
    "Increased flexibility, agility and sovereignty for each Council",
    "Reduced overall cost of ICT Service",
    "Productivity",
    "Managing demand",
    "User benefits",
    "Simplification",
    "ICT employee benefits",
)


@pytest.fixture(scope="module")
def full_demo(django_db_setup, django_db_blocker):
    from gemini.core.demo import DemoContext, load_demo

    with django_db_blocker.unblock():
        load_demo(DemoContext(password="demo-password-for-tests", report=lambda _: None))
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def issued(full_demo, db):
    from gemini.reports.models import CommitteeReport

    return CommitteeReport.objects.get(reference="CPC/52/24-25")


@pytest.mark.django_db
def test_the_demo_report_is_issued_as_of_five_clear_days_before_the_meeting(issued):
    assert issued.is_issued
    assert f"{issued.issued_at:%d/%m/%Y}" == "29/01/2025"
    assert issued.snapshot["data"]["as_at"] == "2025-01-29"  # as at issue, not the meeting


@pytest.mark.django_db
def test_the_demo_report_shows_only_statuses_recorded_by_its_issue_day(issued):
    status = issued.snapshot["data"]["status"]

    assert status["overall"]["date"] <= "2025-01-29"
    assert all(w["date"] is None or w["date"] <= "2025-01-29" for w in status["workstreams"])
    assert all(d <= "2025-01-29" for w in status["workstreams"] for d, _ in w["history"])


@pytest.mark.django_db
def test_the_demo_report_gives_back_the_seed_figures(issued):
    text = flat(services.build(issued, 1).text())

    for fact in (*SEED_FACTS, *BENEFITS, *RECOMMENDATIONS):
        assert flat(fact) in text, fact


@pytest.mark.django_db
def test_the_demo_files_carry_the_seed_figures_and_part_2_under_paragraphs_3_to_5(issued):
    part1 = flat(pdf_text(services.file_for(issued, 1, "pdf").content))
    part2 = flat(docx_text(services.file_for(issued, 2, "docx").content))

    for fact in ("£2.67m", "£1.47m", "£1.2m", "57,000", "3,061 users", "100% complete", "£0.5m"):
        assert fact in part1, fact
    assert "NOT FOR PUBLICATION" in part2
    assert "By virtue of paragraphs 3, 4 and 5 of Part 1 of Schedule 12A" in part2
    assert "Paragraph 5 (information in respect of which a claim to legal professional" in part2
