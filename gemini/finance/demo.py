"""The finance part of `gemini demo`, from the seed report (CPC/52/24-25, 6 February 2025).

Figures from the seed: the £5.1m one-off investment shared 50:50 (£2.55m each); savings of
£2.67m a year from year 3, 2025/26 (£1.47m CEC, £1.2m CWaC), £0.5m of them from contract
costs; project income of £3.6m on 57,000 hours in 2024/25; agency roles down more than 25%
since the start of 2024/25; a balanced (net nil) forecast at FR3 2024/25.

Everything else (the quarterly detail, the capital/revenue mix, the 2021/22 baseline, the
users/devices/VMs counts) is illustrative and adds up to the seed's figures (docs/finance.md).
The figures are the same in the small demo: there are few of them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gemini.core.demo import DemoContext
from gemini.core.models import Organisation
from gemini.finance import services
from gemini.finance.models import BudgetCategory, SavingsSource
from gemini.programme.models import Programme

YEAR = "2024/25"
QUARTERS = ("FR1", "FR2", "FR3")  # reported by the committee date (FR3 to 31/12/2024)

BASES = (
    ("equal", "50:50", "Shared equally between the two councils (the seed's rule).", True,
     {"CEC": Decimal(1), "CWAC": Decimal(1)}),
    ("users", "Users", "By the number of users each council has (illustrative counts).", False,
     {"CEC": Decimal(4850), "CWAC": Decimal(4320)}),
    ("devices", "Devices", "By the number of devices (illustrative counts).", False,
     {"CEC": Decimal(5210), "CWAC": Decimal(4760)}),
    ("vms", "Virtual machines", "By the number of VMs hosted (illustrative counts).", False,
     {"CEC": Decimal(412), "CWAC": Decimal(367)}),
)  # fmt: skip

BASELINE = (
    ("CEC", Decimal("12450000.00")),
    ("CWAC", Decimal("10830000.00")),
    ("ICTSS", Decimal("19880000.00")),
)

ONE_OFF_SPEND = (
    ("2023/24", "FR2", Decimal("150000.00")),
    ("2023/24", "FR3", Decimal("250000.00")),
    ("2023/24", "Outturn", Decimal("400000.00")),
    ("2024/25", "FR1", Decimal("450000.00")),
    ("2024/25", "FR2", Decimal("520000.00")),
    ("2024/25", "FR3", Decimal("610000.00")),
)

TARGETS = (
    ("CEC", "2024/25", Decimal("450000.00")),
    ("CWAC", "2024/25", Decimal("400000.00")),
    ("CEC", "2025/26", Decimal("1470000.00")),
    ("CWAC", "2025/26", Decimal("1200000.00")),
    ("CEC", "2026/27", Decimal("1470000.00")),
    ("CWAC", "2026/27", Decimal("1200000.00")),
)

S = SavingsSource
CONTRACTS = "Share of third-party contract reductions"
SAVINGS = (
    ("CEC", S.CONTRACT_COSTS, "2024/25", Decimal("250000.00"), True, CONTRACTS),
    ("CEC", S.VACANT_POSTS, "2024/25", Decimal("200000.00"), True, "Vacant posts removed"),
    ("CEC", S.CONTRACTORS, "2025/26", Decimal("320000.00"), False, "Fewer contractors"),
    ("CEC", S.WORKFORCE, "2025/26", Decimal("700000.00"), False, "New service design"),
    ("CWAC", S.CONTRACT_COSTS, "2024/25", Decimal("250000.00"), True, CONTRACTS),
    ("CWAC", S.VACANT_POSTS, "2024/25", Decimal("150000.00"), True, "Vacant posts removed"),
    ("CWAC", S.CONTRACTORS, "2025/26", Decimal("250000.00"), False, "Fewer contractors"),
    ("CWAC", S.WORKFORCE, "2025/26", Decimal("550000.00"), False, "New service design"),
)  # fmt: skip

C = BudgetCategory
# name, category, income, annual budget (flat profile), actuals FR1–FR3, forecasts FR1–FR3
BUDGET = (
    ("Staff", C.STAFF, False, Decimal("15600000.00"),
     (Decimal("3890000.00"), Decimal("3885000.00"), Decimal("3880000.00")),
     (Decimal("15600000.00"), Decimal("15600000.00"), Decimal("15541450.00"))),
    ("Agency staff", C.AGENCY, False, Decimal("2400000.00"),
     (Decimal("670950.00"), Decimal("595350.00"), Decimal("510300.00")),
     (Decimal("2400000.00"), Decimal("2330000.00"), Decimal("2258550.00"))),
    ("Third-party contracts", C.THIRD_PARTY, False, Decimal("6000000.00"),
     (Decimal("1520000.00"), Decimal("1450000.00"), Decimal("1400000.00")),
     (Decimal("6000000.00"), Decimal("5900000.00"), Decimal("5800000.00"))),
    ("Other running costs", C.OTHER, False, Decimal("800000.00"),
     (Decimal("195000.00"), Decimal("205000.00"), Decimal("200000.00")),
     (Decimal("800000.00"), Decimal("800000.00"), Decimal("800000.00"))),
    ("Project income", C.PROJECT_INCOME, True, Decimal("3600000.00"),
     (Decimal("870000.00"), Decimal("900000.00"), Decimal("930000.00")),
     (Decimal("3600000.00"), Decimal("3600000.00"), Decimal("3600000.00"))),
    ("Other income", C.OTHER, True, Decimal("1200000.00"),
     (Decimal("240000.00"), Decimal("190000.00"), Decimal("170000.00")),
     (Decimal("1200000.00"), Decimal("950000.00"), Decimal("800000.00"))),
)  # fmt: skip

# quarter: (CEC commissioned, CEC delivered, CWAC commissioned, CWAC delivered); 57,000 in all
HOURS = (
    ("FR1", Decimal(7300), Decimal(7200), Decimal(6700), Decimal(6575)),
    ("FR2", Decimal(7500), Decimal(7400), Decimal(6900), Decimal(6850)),
    ("FR3", Decimal(7700), Decimal(7650), Decimal(7100), Decimal(7075)),
    ("Outturn", Decimal(7400), None, Decimal(6850), None),
)

# Agency roles by month, April 2024 to January 2025: 24 down to 17 (29.2% fewer).
AGENCY_ROLES = (24, 24, 23, 22, 21, 20, 19, 18, 17, 17)
AGENCY_DAY_RATE = Decimal("450.00")
AGENCY_DAYS_A_MONTH = 21


def _month(index: int) -> dt.date:
    month = 4 + index
    return dt.date(2024 + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def load_finance(context: DemoContext) -> None:
    organisations = {o.code: o for o in Organisation.objects.all()}
    for code, name, description, default, weights in BASES:
        basis, outcome = services.save_basis(
            code, name, {organisations[c]: w for c, w in weights.items()}, description, default
        )
        context.record(outcome)
    equal = basis.__class__.objects.get(code="equal")
    for code, amount in BASELINE:
        context.record(
            services.save_baseline(
                organisations[code], "2021/22", amount, "2021/22 cost model (illustrative)"
            )[1]
        )
    investment, outcome = services.save_investment(
        "Transition to the hybrid model",
        Decimal("2100000.00"),
        Decimal("3000000.00"),
        equal,
        Programme.objects.filter(slug="gemini").first(),
        "Technical resources and specialist support for the new tenancies; transformation "
        "support, backfill and shadow management; contingency.",
    )
    context.record(outcome)
    for year, quarter, amount in ONE_OFF_SPEND:
        context.record(services.save_one_off_spend(investment, year, quarter, amount)[1])
    for code, year, amount in TARGETS:
        context.record(services.save_savings_target(organisations[code], year, amount)[1])
    for code, source, year, amount, delivered, description in SAVINGS:
        context.record(
            services.save_savings_item(
                organisations[code], source, year, amount, delivered, description
            )[1]
        )
    for name, category, income, annual, actuals, forecasts in BUDGET:
        each = (annual / 4).quantize(Decimal("0.01"))
        line, outcome = services.save_budget_line(
            YEAR, name, category, annual, (each, each, each, annual - 3 * each), income
        )
        context.record(outcome)
        for review, actual, forecast in zip(QUARTERS, actuals, forecasts, strict=True):
            context.record(services.save_quarter_figure(line, review, actual, forecast)[1])
    context.record(services.save_income_plan(YEAR, Decimal("3600000.00"), Decimal(57000))[1])
    for review, cec_c, cec_d, cwac_c, cwac_d in HOURS:
        for code, commissioned, hours in (("CEC", cec_c, cec_d), ("CWAC", cwac_c, cwac_d)):
            context.record(
                services.save_project_hours(YEAR, review, organisations[code], commissioned, hours)[
                    1
                ]
            )
    for index, roles in enumerate(AGENCY_ROLES):
        spend = AGENCY_DAY_RATE * roles * AGENCY_DAYS_A_MONTH
        context.record(
            services.save_agency_snapshot(
                _month(index), roles, Decimal(roles), AGENCY_DAY_RATE, spend
            )[1]
        )
    scenarios = (
        ("Commissioned hours fall to 50,000",
         "The seed's own risk: fewer commissioned hours than the 57,000 the budget assumes, "
         "mitigated by reducing agency staff.", {"project_hours": Decimal(50000)}),
        ("Workforce savings a year late",
         "Savings not yet delivered arrive a year later than planned.",
         {"savings_delay_years": 1}),
        ("Shared costs by users",
         "The one-off investment divided by users instead of 50:50.",
         {"basis": basis.__class__.objects.get(code="users")}),
    )  # fmt: skip
    for name, description, drivers in scenarios:
        context.record(services.save_scenario(name, YEAR, None, description, **drivers)[1])
