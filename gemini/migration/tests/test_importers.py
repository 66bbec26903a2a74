"""The four import kinds: identities, permissions, devices, exclusions."""

from __future__ import annotations

from decimal import Decimal

from gemini.core import importing
from gemini.migration import models as m
from gemini.migration.tests.support import a_person

OLD_HEADER = (
    "userPrincipalName,displayName,surname,mail,givenName,objectId,userType,jobTitle,"
    "department,accountEnabled,council,mailboxSizeGB,oneDriveSizeGB,vip"
)
NEW_HEADER = (
    "id,userPrincipalName,displayName,givenName,surname,mail,jobTitle,department,"
    "officeLocation,mobilePhone,companyName,creationType,directorySynced,userType,"
    "accountEnabled,targetUserPrincipalName,targetMail,council,mailboxSizeGB,oneDriveSizeGB,vip"
)


def run(kind: str, text: str, dry_run: bool = False, name: str = "file.csv"):
    return importing.run_import(importing.importer_for(kind), text.encode(), name, dry_run)


def test_it_reads_the_older_entra_export_and_derives_new_addresses(estate):
    result = run(
        "identities",
        OLD_HEADER
        + "\nkim.o'hara@ourcheshire.example,Kim O'Hara,O'Hara,kim.o'hara@ourcheshire.example,"
        "Kim,1234,Member,Officer,Housing,True,CWAC,2.5,1.25,false\n",
    )
    assert result.ok, result.problems
    identity = m.Identity.objects.get(user_principal_name="kim.o'hara@ourcheshire.example")
    assert identity.target_user_principal_name == "kim.ohara@cheshirewest.example"
    assert identity.target_mail == "kim.ohara@cheshirewest.example"
    assert identity.object_id == "1234"
    assert identity.mailbox_gb == Decimal("2.5")


def test_it_reads_the_newer_entra_export_with_given_targets(estate):
    result = run(
        "identities",
        NEW_HEADER
        + "\nabc-1,Sam.Lee@ourcheshire.example,Sam Lee,Sam,Lee,sam.lee@ourcheshire.example,"
        "Officer,Finance,Chester,07700900000,CWaC,Invitation,True,Member,True,"
        "s.lee@cheshirewest.example,s.lee@cheshirewest.example,CWAC,1,2,true\n",
    )
    assert result.ok, result.problems
    identity = m.Identity.objects.get(user_principal_name="sam.lee@ourcheshire.example")
    assert identity.object_id == "abc-1"
    assert identity.target_mail == "s.lee@cheshirewest.example"
    assert identity.vip


def test_it_reports_every_bad_identity_row_and_writes_nothing(estate):
    before = m.Identity.objects.count()
    result = run(
        "identities",
        NEW_HEADER
        + "\n1,not-an-address,A,A,B,,,,,,,,,Member,True,,,CWAC,1,1,false"
        + "\n2,a.b@ourcheshire.example,A B,A,B,,,,,,,,,Member,True,"
        + "a.b@ourcheshire.example,,CWAC,1,1,no"
        + "\n3,c.d@ourcheshire.example,C D,C,D,,,,,,,,,Member,True,,,NOWHERE,1,1,no"
        + "\n4,e.f@ourcheshire.example,E F,E,F,,,,,,,,,Member,True,,,CWAC,-1,1,maybe\n",
    )
    assert not result.ok
    found = {(p.row, p.column) for p in result.problems}
    assert (2, "userPrincipalName") in found
    assert (3, "targetUserPrincipalName") in found  # a target in the source domain
    assert (4, "council") in found
    assert (5, "mailboxSizeGB") in found
    assert (5, "vip") in found
    assert m.Identity.objects.count() == before


def test_it_rejects_duplicate_identities(estate):
    line = "x.y@ourcheshire.example,X Y,Y,,X,1,Member,,Housing,True,CWAC,1,1,false"
    result = run("identities", f"{OLD_HEADER}\n{line}\n{line}\n")
    assert [(p.row, p.column) for p in result.problems] == [(3, "userPrincipalName")]


def test_a_dry_run_writes_nothing(estate):
    before = m.Identity.objects.count()
    result = run(
        "identities",
        OLD_HEADER + "\nnew.person@ourcheshire.example,New Person,Person,,New,1,Member,,"
        "Housing,True,CWAC,1,1,false\n",
        dry_run=True,
    )
    assert result.ok
    assert result.count("created") == 1
    assert m.Identity.objects.count() == before


def test_it_reads_fasttracks_permissions_file(estate):
    a, b = m.Identity.objects.filter(organisation__code="CWAC").order_by("pk")[:2]
    result = run(
        "permissions",
        "Mailbox,User,AccessRights\n"
        f"{a.mail},{b.mail},Full Access\n{a.mail},{b.mail},SendOnBehalfTo\n"
        f"{a.mail},{b.mail},Calendar Folder\n",
    )
    assert result.ok, result.problems
    rights = set(
        m.MailboxPermission.objects.filter(mailbox=a, user=b).values_list("right", flat=True)
    )
    assert {"Full Access", "SendOnBehalfTo", "Calendar Folder"} <= rights


def test_it_reads_geminis_own_permissions_file(estate):
    a, b = m.Identity.objects.filter(organisation__code="CWAC").order_by("pk")[2:4]
    result = run(
        "permissions",
        f"mailbox,user,right\n{a.user_principal_name},{b.user_principal_name},send_as\n",
    )
    assert result.ok, result.problems
    assert m.MailboxPermission.objects.filter(mailbox=a, user=b, right="Send As").exists()


def test_it_rejects_permissions_for_unknown_people(estate):
    before = m.MailboxPermission.objects.count()
    a = a_person()
    result = run(
        "permissions",
        f"Mailbox,User,AccessRights\n{a.mail},nobody@ourcheshire.example,Full Access\n"
        f"{a.mail},{a.mail},Read\n",
    )
    found = {(p.row, p.column) for p in result.problems}
    assert found == {(2, "User"), (3, "AccessRights")}  # every problem in one pass (16.4)
    result = run(
        "permissions",
        f"Mailbox,User,AccessRights\n{a.mail},nobody@ourcheshire.example,Full Access\n",
    )
    assert [(p.row, p.column) for p in result.problems] == [(2, "User")]
    assert m.MailboxPermission.objects.count() == before


def test_it_imports_devices_and_rejects_an_unknown_primary_user(estate):
    user = a_person()
    header = "device_name,type,operating_system,primary_user,management_state\n"
    good = run(
        "devices", header + f"cwac-lt-99999,Laptop,Windows 11,{user.user_principal_name},Intune\n"
    )
    assert good.ok, good.problems
    assert m.Device.objects.get(name="CWAC-LT-99999").primary_user == user
    bad = run(
        "devices", header + "CWAC-LT-99998,Laptop,Windows 11,ghost@ourcheshire.example,Intune\n"
    )
    assert [(p.row, p.column) for p in bad.problems] == [(2, "primary_user")]
    assert not m.Device.objects.filter(name="CWAC-LT-99998").exists()


def test_it_imports_exclusions(estate):
    result = run("exclusions", "userPrincipalName\nall-staff@ourcheshire.example\n")
    assert result.ok
    assert m.Exclusion.objects.filter(user_principal_name="all-staff@ourcheshire.example").exists()
    bad = run("exclusions", "userPrincipalName\nnot an address\n")
    assert [(p.row, p.column) for p in bad.problems] == [(2, "userPrincipalName")]
