"""The proposed grouping of VMs in no application (engine/grouping.py)."""

from __future__ import annotations

from gemini.hosting.engine.grouping import Basis, LooseVm, key_of, propose_groups

VMS = [
    LooseVm("CEC-REV-APP01", "/CEC/Revenues", "KH-PROD", "Revenues and Benefits\nOwner: x"),
    LooseVm("CEC-REV-DB01.cec.local", "/CEC/Revenues", "KH-PROD", "Revenues and Benefits"),
    LooseVm("finsql01", "/CWAC/Revenues", "KH-DEV", ""),
    LooseVm("web7", "vm", "", "  "),
]


def test_it_groups_by_folder_and_tells_same_named_folders_apart_by_their_path():
    grouping = propose_groups(VMS, Basis.FOLDER)
    assert [(g.name, g.vms) for g in grouping.groups] == [
        ("CEC/Revenues", ("CEC-REV-APP01", "CEC-REV-DB01.cec.local")),
        ("CWAC/Revenues", ("finsql01",)),
    ]
    assert grouping.ungrouped == ("web7",)  # vCenter's own "vm" folder groups nothing


def test_it_names_a_folder_group_by_its_last_part_when_that_is_unique():
    grouping = propose_groups(VMS[:2], Basis.FOLDER)
    assert grouping.groups[0].name == "Revenues"
    assert "share the folder “CEC/Revenues”" in grouping.groups[0].reason


def test_it_groups_by_cluster_and_by_the_first_line_of_the_annotation():
    assert [g.key for g in propose_groups(VMS, Basis.CLUSTER).groups] == ["KH-DEV", "KH-PROD"]
    annotation = propose_groups(VMS, Basis.ANNOTATION)
    assert [(g.name, len(g.vms)) for g in annotation.groups] == [("Revenues and Benefits", 2)]
    assert annotation.ungrouped == ("finsql01", "web7")


def test_the_name_prefix_drops_the_domain_the_last_part_and_trailing_digits():
    assert key_of(VMS[0], Basis.NAME_PREFIX) == "CEC-REV"
    assert key_of(VMS[1], Basis.NAME_PREFIX) == "CEC-REV"
    assert key_of(VMS[2], Basis.NAME_PREFIX) == "finsql"
    assert key_of(LooseVm("1234"), Basis.NAME_PREFIX) == ""


def test_a_name_an_application_already_has_gets_the_basis_after_it():
    grouping = propose_groups(VMS, Basis.CLUSTER, taken=["KH-PROD"])
    assert [g.name for g in grouping.groups] == ["KH-DEV", "KH-PROD (cluster)"]
