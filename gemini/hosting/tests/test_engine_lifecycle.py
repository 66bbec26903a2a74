"""Operating-system end of support, from the names RVTools prints (issue 15, item 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from gemini.hosting.engine.disposition import ApplicationFacts, Disposition, VmFacts, propose
from gemini.hosting.engine.lifecycle import END_OF_SUPPORT, Support, identify, support_status

ON = dt.date(2025, 6, 1)
EXIT = dt.date(2027, 3, 31)

# (the name as vCenter or VMware Tools prints it, the entry it is read as, its end of support)
NAMES = [
    ("Microsoft Windows Server 2003 Standard (32-bit)", "Windows Server 2003", "14/07/2015"),
    ("Microsoft Windows Server 2008 (32-bit)", "Windows Server 2008", "14/01/2020"),
    ("Microsoft Windows Server 2008 R2 (64-bit)", "Windows Server 2008 R2", "14/01/2020"),
    ("Microsoft Windows Server 2012 (64-bit)", "Windows Server 2012", "10/10/2023"),
    ("Microsoft Windows Server 2012 R2 Standard", "Windows Server 2012 R2", "10/10/2023"),
    ("Microsoft Windows Server 2016 (64-bit)", "Windows Server 2016", "12/01/2027"),
    (
        "Microsoft Windows Server 2016 or later (64-bit)",
        "Windows Server 2016 or later",
        "12/01/2027",
    ),
    ("Microsoft Windows Server 2019 (64-bit)", "Windows Server 2019", "09/01/2029"),
    ("Microsoft Windows Server 2022 (64-bit)", "Windows Server 2022", "14/10/2031"),
    ("Microsoft Windows Server 2025 (64-bit)", "Windows Server 2025", "14/11/2034"),
    ("Microsoft Windows XP Professional (32-bit)", "Windows XP", "08/04/2014"),
    ("Microsoft Windows 7 (64-bit)", "Windows 7", "14/01/2020"),
    ("Microsoft Windows 8.1 Enterprise", "Windows 8.1", "10/01/2023"),
    ("Microsoft Windows 8.x (64-bit)", "Windows 8.x", "12/01/2016"),
    ("Microsoft Windows 10 (64-bit)", "Windows 10", "14/10/2025"),
    ("Red Hat Enterprise Linux 5 (64-bit)", "Red Hat Enterprise Linux 5", "31/03/2017"),
    ("Red Hat Enterprise Linux 6 (64-bit)", "Red Hat Enterprise Linux 6", "30/11/2020"),
    ("Red Hat Enterprise Linux 7 (64-bit)", "Red Hat Enterprise Linux 7", "30/06/2024"),
    (
        "Red Hat Enterprise Linux Server release 7.9 (Maipo)",
        "Red Hat Enterprise Linux 7",
        "30/06/2024",
    ),
    ("Red Hat Enterprise Linux 8 (64-bit)", "Red Hat Enterprise Linux 8", "31/05/2029"),
    ("Red Hat Enterprise Linux 9 (64-bit)", "Red Hat Enterprise Linux 9", "31/05/2032"),
    ("CentOS 4/5 or later (64-bit)", "CentOS 4/5 or later", "29/02/2012"),
    ("CentOS 4/5/6/7 (64-bit)", "CentOS 4/5 or later", "29/02/2012"),
    ("CentOS 5 (32-bit)", "CentOS 5", "31/03/2017"),
    ("CentOS 6 (64-bit)", "CentOS 6", "30/11/2020"),
    ("CentOS 7 (64-bit)", "CentOS 7", "30/06/2024"),
    ("CentOS Linux release 7.9.2009 (Core)", "CentOS 7", "30/06/2024"),
    ("CentOS 8 (64-bit)", "CentOS 8", "31/12/2021"),
    ("CentOS Stream release 8", "CentOS Stream 8", "31/05/2024"),
    ("CentOS Stream 9", "CentOS Stream 9", "31/05/2027"),
    ("SUSE Linux Enterprise 11 (64-bit)", "SUSE Linux Enterprise Server 11", "31/03/2019"),
    ("SUSE Linux Enterprise Server 12 SP5", "SUSE Linux Enterprise Server 12", "31/10/2024"),
    ("SUSE Linux Enterprise 15 (64-bit)", "SUSE Linux Enterprise Server 15", "31/07/2031"),
    ("Debian GNU/Linux 7 (64-bit)", "Debian 7", "31/05/2018"),
    ("Debian GNU/Linux 8 (64-bit)", "Debian 8", "30/06/2020"),
    ("Debian GNU/Linux 9 (64-bit)", "Debian 9", "30/06/2022"),
    ("Debian GNU/Linux 10 (64-bit)", "Debian 10", "30/06/2024"),
    ("Debian GNU/Linux 11 (bullseye)", "Debian 11", "31/08/2026"),
    ("Debian GNU/Linux 12 (64-bit)", "Debian 12", "30/06/2028"),
    ("Ubuntu 14.04.6 LTS", "Ubuntu 14.04", "30/04/2019"),
    ("Ubuntu 16.04.7 LTS", "Ubuntu 16.04", "30/04/2021"),
    ("Ubuntu 18.04.6 LTS", "Ubuntu 18.04", "31/05/2023"),
    ("Ubuntu 20.04.6 LTS", "Ubuntu 20.04", "31/05/2025"),
    ("Ubuntu 22.04.4 LTS", "Ubuntu 22.04", "31/05/2027"),
    ("Ubuntu 24.04 LTS", "Ubuntu 24.04", "30/04/2029"),
    ("Oracle Linux 6 (64-bit)", "Oracle Linux 6", "31/03/2021"),
    ("Oracle Linux Server release 7.9", "Oracle Linux 7", "31/12/2024"),
    ("Oracle Linux 8 (64-bit)", "Oracle Linux 8", "31/07/2029"),
    ("Oracle Linux 9 (64-bit)", "Oracle Linux 9", "30/06/2032"),
    ("Amazon Linux 2 (64-bit)", "Amazon Linux 2", "30/06/2026"),
    ("Amazon Linux 2023", "Amazon Linux 2023", "30/06/2029"),
]


@pytest.mark.parametrize(("os_name", "entry", "ends"), NAMES)
def test_it_reads_each_name_as_vcenter_prints_it_with_its_end_of_support(os_name, entry, ends):
    guest = identify(os_name)
    assert guest.entry is not None, os_name
    assert guest.entry.name == entry
    assert guest.entry.ends is not None
    assert f"{guest.entry.ends:%d/%m/%Y}" == ends


@pytest.mark.parametrize(
    "os_name",
    [
        "Microsoft Windows XP Professional (32-bit)",
        "Microsoft Windows 7 (64-bit)",
        "Red Hat Enterprise Linux 5 (64-bit)",
        "SUSE Linux Enterprise 11 (64-bit)",
        "CentOS 4/5 or later (64-bit)",
        "CentOS 5 (32-bit)",
        "CentOS 6 (64-bit)",
        "CentOS 7 (64-bit)",
        "Debian GNU/Linux 7 (64-bit)",
    ],
)
def test_the_systems_that_came_back_unknown_are_out_of_support(os_name):
    status = support_status(os_name, ON, EXIT)
    assert status.status is Support.UNSUPPORTED
    assert "support ended" in status.reason


def test_amazon_linux_2_is_recognised_and_its_support_ends_before_the_exit():
    status = support_status("Amazon Linux 2 (64-bit)", ON, EXIT)
    assert status.status is Support.ENDS_BEFORE_EXIT
    assert "30/06/2026" in status.reason


def test_fedora_is_recognised_but_without_a_release_its_support_is_not_known():
    status = support_status("Red Hat Fedora (64-bit)", ON, EXIT)
    assert status.entry is not None
    assert status.entry.name == "Fedora"
    assert status.status is Support.UNKNOWN
    assert "13 months" in status.reason


@pytest.mark.parametrize(
    "os_name",
    ["Other 3.x or later Linux (64-bit)", "Other (32-bit)", "Ubuntu Linux (64-bit)", "", "Plan 9"],
)
def test_a_system_it_cannot_identify_is_not_known_never_supported(os_name):
    assert support_status(os_name, ON, EXIT).status is Support.UNKNOWN


def test_2016_or_later_is_judged_as_2016_and_says_so():
    status = support_status("Microsoft Windows Server 2016 or later (64-bit)", ON, EXIT)
    assert status.status is Support.ENDS_BEFORE_EXIT
    assert "judged as 2016" in status.reason


def test_the_more_specific_name_wins():
    assert identify("Microsoft Windows Server 2008 R2 (64-bit)").name == "Windows Server 2008 R2"
    assert identify("CentOS Stream release 8").name == "CentOS Stream 8"
    assert identify("Amazon Linux 2023").name == "Amazon Linux 2023"


def test_it_falls_back_to_the_configuration_files_name_when_tools_name_is_not_recognised():
    guest = identify(("Other 3.x or later Linux (64-bit)", "Red Hat Enterprise Linux 7 (64-bit)"))
    assert guest.name == "Red Hat Enterprise Linux 7"


@pytest.mark.parametrize(
    ("os_name", "bits"),
    [
        ("Microsoft Windows Server 2003 Standard (32-bit)", 32),
        ("Microsoft Windows XP Professional (32-bit)", 32),
        ("Red Hat Enterprise Linux 8 (64-bit)", 64),
        ("Ubuntu 22.04.4 LTS", None),
    ],
)
def test_it_reads_the_word_size_so_32_bit_systems_are_flagged(os_name, bits):
    assert identify(os_name).bits == bits


def test_windows_server_2012_has_free_security_updates_on_azure_until_13_october_2026():
    status = support_status("Microsoft Windows Server 2012 R2 (64-bit)", ON, EXIT)
    assert status.status is Support.UNSUPPORTED
    assert "free on Azure until 13/10/2026" in status.reason
    later = support_status("Microsoft Windows Server 2012 R2 (64-bit)", dt.date(2026, 10, 13), EXIT)
    assert "Extended Security Updates on Azure ended 13/10/2026" in later.reason


def test_windows_server_2008_r2_security_updates_on_azure_ended_in_january_2024():
    status = support_status("Microsoft Windows Server 2008 R2 (64-bit)", ON, EXIT)
    assert "Extended Security Updates on Azure ended 09/01/2024" in status.reason


def test_support_is_judged_at_the_date_passed_in():
    name = "Microsoft Windows Server 2016 (64-bit)"
    assert support_status(name, dt.date(2027, 1, 11), EXIT).status is Support.ENDS_BEFORE_EXIT
    assert support_status(name, dt.date(2027, 1, 12), EXIT).status is Support.UNSUPPORTED


def test_every_entry_has_a_source_and_the_table_covers_the_issues_list():
    assert all(entry.source for entry in END_OF_SUPPORT)
    names = {entry.name for entry in END_OF_SUPPORT}
    for version in ("2003", "2008", "2008 R2", "2012", "2012 R2", "2016", "2019", "2022", "2025"):
        assert f"Windows Server {version}" in names
    for client in ("XP", "7", "8.1", "10", "11"):
        assert f"Windows {client}" in names


# ---------------------------------------------------------------- dispositions


def _app(name: str, *os_names: str) -> ApplicationFacts:
    vms = tuple(VmFacts(f"{name}-{i}", True, os) for i, os in enumerate(os_names))
    return ApplicationFacts(name, "CEC", "", 10, "", vms)


@pytest.mark.parametrize(
    "os_name",
    [
        "Microsoft Windows XP Professional (32-bit)",
        "Microsoft Windows 7 (64-bit)",
        "Red Hat Enterprise Linux 5 (64-bit)",
        "SUSE Linux Enterprise 11 (64-bit)",
        "CentOS 4/5 or later (64-bit)",
        "CentOS 7 (64-bit)",
        "Debian GNU/Linux 7 (64-bit)",
        "Amazon Linux 2 (64-bit)",
    ],
)
def test_an_application_on_a_system_that_came_back_unknown_is_now_replatform(os_name):
    proposal = propose([_app("Legacy", os_name)], ON, EXIT)["Legacy"]
    assert proposal.disposition is Disposition.REPLATFORM
    assert "supported systems" not in " ".join(proposal.reasons)


@pytest.mark.parametrize(
    "os_name", ["Other 3.x or later Linux (64-bit)", "Red Hat Fedora (64-bit)", "", "Plan 9"]
)
def test_an_unknown_system_is_a_finding_and_never_rehost_as_supported(os_name):
    proposal = propose(
        [_app("Mystery", "Microsoft Windows Server 2022 (64-bit)", os_name)], ON, EXIT
    )["Mystery"]
    assert proposal.rule == "operating system not known"
    assert "supported systems" not in " ".join(proposal.reasons)
    assert len(proposal.findings) == 1
    assert "Mystery-1" in proposal.findings[0]


def test_an_unknown_system_is_a_finding_even_when_another_rule_applies():
    proposal = propose(
        [_app("Mixed", "Microsoft Windows Server 2003 Standard (32-bit)", "Other (32-bit)")],
        ON,
        EXIT,
    )["Mixed"]
    assert proposal.disposition is Disposition.REPLATFORM
    assert proposal.findings


def test_rehost_as_supported_needs_every_vm_supported_through_the_exit():
    proposal = propose([_app("Fine", "Microsoft Windows Server 2022 (64-bit)")], ON, EXIT)["Fine"]
    assert proposal.disposition is Disposition.REHOST
    assert proposal.rule == "no rule applies"
    assert proposal.findings == ()
