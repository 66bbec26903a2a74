"""The savings gap (finance.figures.savings_gaps): measured against the target's plans and
against what is delivered, shown on the finance home panel."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from gemini.core.models import Organisation
from gemini.finance import figures
from gemini.finance.models import SavingsItem, SavingsSource

pytestmark = pytest.mark.django_db


def test_it_measures_each_councils_gap_against_plans_and_against_delivery(finance_demo):
    gaps = {gap.council: gap for gap in figures.savings_gaps()}

    assert set(gaps) == {"CEC", "CWAC"}
    cec = gaps["CEC"]
    assert cec.year == "2025/26"
    assert cec.target == Decimal("1470000.00")
    assert cec.delivered == Decimal("450000.00")
    assert cec.still_to_deliver == Decimal("1020000.00")
    assert cec.gap_to_plans == cec.target - cec.planned
    assert cec.gap_to_plans <= 0  # the plans cover the target: the old "Gap £0.00"
    assert cec.delivered_percent == Decimal("30.6")
    assert gaps["CWAC"].still_to_deliver == Decimal("800000.00")


def test_the_position_carries_the_same_gaps(finance_demo):
    assert figures.position().savings_gaps == figures.savings_gaps()


def test_a_delivered_saving_closes_the_gap_to_delivery_but_not_the_plans(finance_demo):
    before = {gap.council: gap for gap in figures.savings_gaps()}["CEC"]
    SavingsItem.objects.create(
        organisation=Organisation.objects.get(code="CEC"),
        source=SavingsSource.CONTRACT_COSTS,
        annual_amount=Decimal("100000.00"),
        from_year="2025/26",
        delivered=True,
    )
    after = {gap.council: gap for gap in figures.savings_gaps()}["CEC"]

    assert after.still_to_deliver == before.still_to_deliver - Decimal(100000)
    assert after.gap_to_plans == before.gap_to_plans - Decimal(100000)


def test_there_is_no_gap_without_targets(db):
    assert figures.savings_gaps() == ()


def test_the_home_panel_says_what_is_still_to_deliver(finance_demo, personas, client_for):
    page = client_for(personas["finance"]).get(reverse("core:dashboard")).content.decode()

    assert "CEC: £450k of £1.5m savings delivered (the target for 2025/26)" in page
    assert "£1m still to deliver; plans cover the target" in page
    assert "CWAC: £400k of £1.2m savings delivered" in page
    assert "£0.00" not in page
