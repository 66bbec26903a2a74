"""Azure readiness in Azure Migrate's four categories, with the reason (issue 15, item 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemini.hosting.engine.readiness import (
    Readiness,
    ReadinessFacts,
    counts,
    readiness,
)

ON = dt.date(2025, 6, 1)
GIB = 1024
TIB = 1024 * GIB


def _facts(
    os_name: str = "Microsoft Windows Server 2022 (64-bit)",
    *,
    cpus: int = 4,
    memory_mib: int = 16 * GIB,
    nics: int | None = 1,
    disks: int | None = 2,
    provisioned_mib: int | None = 200 * GIB,
    firmware: str = "bios",
    config: str = "",
) -> ReadinessFacts:
    return ReadinessFacts(
        "vm01", (os_name, config), cpus, memory_mib, nics, disks, provisioned_mib, firmware
    )


R = Readiness.READY
C = Readiness.CONDITIONALLY_READY
U = Readiness.UNKNOWN


@pytest.mark.parametrize(
    ("os_name", "expected"),
    [
        # never Ready: out of support, client systems
        ("Microsoft Windows Server 2003 Standard (32-bit)", C),
        ("Microsoft Windows XP Professional (32-bit)", C),
        ("Microsoft Windows 7 (64-bit)", C),
        ("Microsoft Windows 10 (64-bit)", C),
        ("Microsoft Windows 11 (64-bit)", C),
        # end of support: conditionally ready (with or without ESU)
        ("Microsoft Windows Server 2008 R2 (64-bit)", C),
        ("Microsoft Windows Server 2012 (64-bit)", C),
        ("Microsoft Windows Server 2012 R2 (64-bit)", C),
        # supported Windows Server: ready
        ("Microsoft Windows Server 2016 or later (64-bit)", R),
        ("Microsoft Windows Server 2019 (64-bit)", R),
        ("Microsoft Windows Server 2022 (64-bit)", R),
        ("Microsoft Windows Server 2025 (64-bit)", R),
        # endorsed Linux its vendor supports: ready; out of support: conditionally ready
        ("Red Hat Enterprise Linux 8 (64-bit)", R),
        ("Red Hat Enterprise Linux 9 (64-bit)", R),
        ("SUSE Linux Enterprise 15 (64-bit)", R),
        ("Debian GNU/Linux 12 (64-bit)", R),
        ("Ubuntu 22.04.4 LTS", R),
        ("Oracle Linux 9 (64-bit)", R),
        ("Red Hat Enterprise Linux 5 (64-bit)", C),
        ("Red Hat Enterprise Linux 7 (64-bit)", C),
        ("SUSE Linux Enterprise 11 (64-bit)", C),
        ("Debian GNU/Linux 7 (64-bit)", C),
        ("Ubuntu 18.04.6 LTS", C),
        # Linux Azure does not endorse: conditionally ready
        ("CentOS 4/5 or later (64-bit)", C),
        ("CentOS 7 (64-bit)", C),
        ("CentOS Stream 9", C),
        ("Amazon Linux 2 (64-bit)", C),
        ("Amazon Linux 2023", C),
        ("Red Hat Fedora (64-bit)", C),
        # other systems: conditionally ready
        ("FreeBSD 14 (64-bit)", C),
        ("Oracle Solaris 11 (64-bit)", C),
        # cannot be identified: unknown
        ("Other 3.x or later Linux (64-bit)", U),
        ("Other (32-bit)", U),
        ("Ubuntu Linux (64-bit)", U),
        ("", U),
        ("Plan 9", U),
    ],
)
def test_each_operating_system_gets_azure_migrates_category(os_name, expected):
    result = readiness(_facts(os_name), ON)
    assert result.readiness is expected, result.reason
    assert result.reason


def test_windows_server_2003_and_windows_client_are_never_ready_on_any_date():
    for name in ("Microsoft Windows Server 2003 Standard (32-bit)", "Microsoft Windows 7 (64-bit)"):
        for year in (2005, 2010, 2025):
            assert readiness(_facts(name), dt.date(year, 1, 1)).readiness is not R


def test_readiness_is_judged_at_the_date_passed_in():
    name = "Microsoft Windows Server 2016 (64-bit)"
    assert readiness(_facts(name), dt.date(2025, 6, 1)).readiness is R
    at_exit = readiness(_facts(name), dt.date(2027, 3, 31))
    assert at_exit.readiness is C
    assert "support ended 12/01/2027" in at_exit.reason


def test_windows_server_2012_names_its_free_security_updates_on_azure():
    result = readiness(_facts("Microsoft Windows Server 2012 R2 (64-bit)"), ON)
    assert "free on Azure until 13/10/2026" in result.reason


def test_a_32_bit_system_is_flagged_and_never_ready():
    result = readiness(_facts("Microsoft Windows Server 2008 (32-bit)"), ON)
    assert result.bits_32
    assert result.readiness is C
    assert "32-bit" in result.reason


def test_the_configuration_files_name_is_used_when_tools_name_is_not_recognised():
    result = readiness(
        _facts("Other 3.x or later Linux (64-bit)", config="Red Hat Enterprise Linux 9 (64-bit)"),
        ON,
    )
    assert result.readiness is R


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"disks": 66}, "66 disks"),
        ({"disks": 65, "provisioned_mib": 200 * GIB}, None),
        ({"disks": 2, "provisioned_mib": 37 * TIB}, "at least one disk is too big"),
        ({"disks": 1, "provisioned_mib": 5 * TIB}, "at least one disk is too big"),
        ({"cpus": 129}, "129 vCPUs"),
        ({"memory_mib": 3893 * GIB}, "3,893 GiB of memory"),
        ({"nics": 33}, "33 network adapters"),
    ],
)
def test_azures_limits_make_a_vm_not_ready(changes, words):
    result = readiness(_facts(**changes), ON)
    if words is None:
        assert result.readiness is R
    else:
        assert result.readiness is Readiness.NOT_READY
        assert words in result.reason


def test_a_data_disk_just_within_32_tib_is_ready():
    # one 4 TiB OS disk and one 32 TiB data disk hold 36 TiB at most
    assert readiness(_facts(disks=2, provisioned_mib=36 * TIB), ON).readiness is R


@pytest.mark.parametrize(
    "os_name",
    [
        "Microsoft Windows Server 2003 Standard (32-bit)",
        "Microsoft Windows Server 2008 (32-bit)",
        "Microsoft Windows Server 2008 R2 (64-bit)",
    ],
)
def test_uefi_boot_with_windows_server_2003_or_2008_is_not_ready(os_name):
    result = readiness(_facts(os_name, firmware="efi"), ON)
    assert result.readiness is Readiness.NOT_READY
    assert "UEFI" in result.reason


def test_uefi_boot_with_a_newer_windows_server_is_ready():
    assert readiness(_facts(firmware="efi"), ON).readiness is R


def test_not_ready_outranks_unknown_and_the_reasons_come_worst_first():
    result = readiness(_facts("Other (32-bit)", disks=70), ON)
    assert result.readiness is Readiness.NOT_READY
    assert result.findings[0].readiness is Readiness.NOT_READY
    assert any(f.readiness is U for f in result.findings)


def test_without_a_disk_count_it_says_the_disk_limits_were_not_checked():
    result = readiness(_facts(disks=None), ON)
    assert result.readiness is R
    assert "not checked" in result.reason


OS_NAMES = st.sampled_from(
    [
        "Microsoft Windows Server 2019 (64-bit)",
        "Microsoft Windows XP Professional (32-bit)",
        "Red Hat Enterprise Linux 7 (64-bit)",
        "Other 3.x or later Linux (64-bit)",
        "",
        "CentOS 4/5 or later (64-bit)",
    ]
)


@given(
    st.lists(
        st.builds(
            ReadinessFacts,
            name=st.text(min_size=1, max_size=5),
            os_names=st.tuples(OS_NAMES, OS_NAMES),
            cpus=st.integers(1, 256),
            memory_mib=st.integers(512, 5000 * GIB),
            nics=st.none() | st.integers(0, 40),
            disks=st.none() | st.integers(0, 80),
            provisioned_mib=st.none() | st.integers(0, 3000 * TIB),
            firmware=st.sampled_from(["bios", "efi", ""]),
        ),
        max_size=30,
    ),
    st.dates(dt.date(2010, 1, 1), dt.date(2035, 12, 31)),
)
def test_every_vm_gets_one_of_the_four_categories_with_a_reason_and_the_counts_add_up(vms, on):
    results = [readiness(facts, on) for facts in vms]
    assert all(r.readiness in Readiness and r.reason for r in results)
    tally = counts(results)
    assert list(tally) == ["ready", "conditionally_ready", "not_ready", "unknown"]
    assert sum(tally.values()) == len(vms)
