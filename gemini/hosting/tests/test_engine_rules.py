"""Operating-system support, dispositions (7 Rs) and costs, on plain data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gemini.hosting.engine.cost import CostApplication, VmCost, cost_applications, council_bills
from gemini.hosting.engine.disposition import ApplicationFacts, Disposition, VmFacts, propose
from gemini.hosting.engine.lifecycle import Support, support_status

ON = dt.date(2025, 2, 6)
EXIT = dt.date(2027, 3, 31)


def test_windows_server_2008_r2_is_out_of_support():
    status = support_status("Microsoft Windows Server 2008 R2 (64-bit)", ON, EXIT)
    assert status.status is Support.UNSUPPORTED
    assert "14/01/2020" in status.reason


def test_windows_server_2016_support_ends_before_the_exit_date():
    assert (
        support_status("Microsoft Windows Server 2016", ON, EXIT).status is Support.ENDS_BEFORE_EXIT
    )


def test_an_unknown_system_is_not_known():
    assert support_status("FreeBSD 14", ON, EXIT).status is Support.UNKNOWN


def _app(
    name: str,
    council: str = "CEC",
    product: str = "",
    users: int = 10,
    saas: str = "",
    vms: tuple[tuple[str, bool, str], ...] = (("v1", True, "Windows Server 2019"),),
) -> ApplicationFacts:
    return ApplicationFacts(
        name, council, product, users, saas, tuple(VmFacts(n, on, os) for n, on, os in vms)
    )


def test_an_application_whose_vms_are_all_powered_off_is_a_retire_candidate():
    proposal = propose([_app("Old", vms=(("v1", False, "Windows Server 2019"),))], ON, EXIT)["Old"]
    assert proposal.disposition is Disposition.RETIRE
    assert "powered off" in proposal.reasons[0]


def test_a_saas_alternative_proposes_repurchase():
    proposal = propose([_app("Libraries", saas="Spydus hosted")], ON, EXIT)["Libraries"]
    assert proposal.disposition is Disposition.REPURCHASE
    assert "Spydus hosted" in proposal.reasons[0]


def test_an_end_of_support_system_proposes_replatform_with_the_date():
    proposal = propose(
        [_app("Legacy", vms=(("v1", True, "Microsoft Windows Server 2003 Standard"),))], ON, EXIT
    )["Legacy"]
    assert proposal.disposition is Disposition.REPLATFORM
    assert "14/07/2015" in proposal.reasons[0]


def test_the_same_product_at_both_councils_is_rationalised_onto_the_one_with_more_users():
    proposals = propose(
        [
            _app("CEC Revs", "CEC", "Civica OpenRevenues", 300),
            _app("CWAC Revs", "CWAC", "Civica OpenRevenues", 200),
        ],
        ON,
        EXIT,
    )
    assert proposals["CWAC Revs"].disposition is Disposition.RETIRE
    assert proposals["CWAC Revs"].rule == "rationalise"
    assert proposals["CEC Revs"].disposition is Disposition.REHOST


def test_otherwise_it_proposes_rehost():
    assert propose([_app("Plain")], ON, EXIT)["Plain"].disposition is Disposition.REHOST


def test_costs_split_a_shared_vm_and_a_shared_application_between_councils():
    vms = {
        "v1": VmCost("v1", Decimal(1000), Decimal(600)),
        "v2": VmCost("v2", Decimal(500), Decimal("396.00")),
    }
    apps = [
        CostApplication("A", Disposition.REHOST, ("v1", "v2"), {"CEC": Decimal(1)}),
        CostApplication(
            "B", Disposition.REHOST, ("v2",), {"CEC": Decimal("0.5"), "CWAC": Decimal("0.5")}
        ),
        CostApplication("C", Disposition.RETIRE, (), {"CWAC": Decimal(1)}, Decimal(5000)),
    ]
    costs = {c.name: c for c in cost_applications(apps, vms)}
    # v2 is split between A and B: 250 on premises each; cloud 396 / 2 = 198 each.
    assert costs["A"].on_premises == Decimal("1250.00")
    assert costs["A"].cloud == Decimal("798.00")
    assert costs["B"].cloud == Decimal("198.00")
    bills = {b.council: b for b in council_bills(apps, list(costs.values()))}
    assert bills["CEC"].cloud == Decimal("897.00")
    assert bills["CWAC"].cloud == Decimal("99.00")
    assert bills["CWAC"].migration == Decimal("5000.00")
