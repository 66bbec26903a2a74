"""Issue 20 item 1: one person per new address, and addresses Entra ID accepts."""

from __future__ import annotations

import pytest

from gemini.core import importing
from gemini.migration import models as m
from gemini.migration.engine.addresses import address_problem
from gemini.migration.tests.support import a_person

HEADER = (
    "userPrincipalName,displayName,givenName,surname,mail,accountEnabled,"
    "targetUserPrincipalName,targetMail,council\n"
)


def run(text: str):
    return importing.run_import(
        importing.importer_for("identities"), (HEADER + text).encode(), "identities.csv", False
    )


@pytest.mark.parametrize(
    "address",
    [
        'jo"b@cheshirewest.example',
        "jö.b@cheshirewest.example",
        "jo..b@cheshirewest.example",
        ".jo@cheshirewest.example",
        "jo.@cheshirewest.example",
        "jo.b@-cheshirewest-.example",
        "jo.b@cheshirewest",
        "jo&b@cheshirewest.example",
        "jo b@cheshirewest.example",
        "jo@b@cheshirewest.example",
        "jo.b@cheshire_west.example",
        "jo.b@cheshirewest.123",
        "j" * 65 + "@cheshirewest.example",
    ],
)
def test_it_refuses_addresses_entra_refuses(address):
    assert address_problem(address)


@pytest.mark.parametrize(
    "address",
    [
        "kim.o'hara@cheshirewest.example",
        "_jo.b_@cheshirewest.example",
        "jo-b!#^~@cheshire-west.example",
        "JO.B@CheshireWest.Example",
    ],
)
def test_it_accepts_addresses_entra_accepts(address):
    assert address_problem(address) == ""


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("targetUserPrincipalName", 'jo"b@cheshirewest.example'),
        ("targetUserPrincipalName", "jö.b@cheshirewest.example"),
        ("targetMail", "jo..b@cheshirewest.example"),
        ("targetMail", ".jo@cheshirewest.example"),
        ("targetUserPrincipalName", "jo.b@-cheshirewest-.example"),
    ],
)
def test_it_refuses_the_issues_addresses_in_an_import(estate, column, value):
    target_upn = value if column == "targetUserPrincipalName" else "jo.b@cheshirewest.example"
    target_mail = value if column == "targetMail" else ""
    result = run(
        f"jo.b@ourcheshire.example,Jo B,Jo,B,,True,{target_upn},{target_mail},CWAC\n",
    )
    assert [(p.row, p.column) for p in result.problems] == [(2, column)]
    assert not m.Identity.objects.filter(user_principal_name="jo.b@ourcheshire.example").exists()


def test_it_refuses_a_new_address_already_held_by_someone_in_gemini(estate):
    holder = a_person()
    taken = holder.target_user_principal_name.upper()  # compared without regard to case
    result = run(f"new.one@ourcheshire.example,New One,New,One,,True,{taken},,CWAC\n")
    assert {(p.row, p.column) for p in result.problems} == {
        (2, "targetUserPrincipalName"),
        (2, "targetMail"),
    }
    assert holder.user_principal_name in result.problems[0].message
    assert not m.Identity.objects.filter(user_principal_name="new.one@ourcheshire.example").exists()


def test_it_refuses_two_people_sharing_a_target_mail_in_one_file(estate):
    result = run(
        "p.one@ourcheshire.example,P One,P,One,,True,p.one@cheshirewest.example,"
        "team@cheshirewest.example,CWAC\n"
        "p.two@ourcheshire.example,P Two,P,Two,,True,p.two@cheshirewest.example,"
        "Team@CheshireWest.example,CWAC\n",
    )
    assert [(p.row, p.column) for p in result.problems] == [(3, "targetMail")]
    assert "row 2" in result.problems[0].message


def test_it_refuses_one_persons_mail_as_anothers_upn(estate):
    result = run(
        "p.one@ourcheshire.example,P One,P,One,,True,p.one@cheshirewest.example,"
        "shared@cheshirewest.example,CWAC\n"
        "p.two@ourcheshire.example,P Two,P,Two,,True,shared@cheshirewest.example,,CWAC\n",
    )
    assert {(p.row, p.column) for p in result.problems} == {
        (3, "targetUserPrincipalName"),
        (3, "targetMail"),
    }


def test_it_lets_a_person_keep_or_hand_on_their_own_address(estate):
    holder = a_person()
    again = run(
        f"{holder.user_principal_name},{holder.display_name},{holder.given_name},"
        f"{holder.surname},,True,{holder.target_user_principal_name},,CWAC\n"
    )
    assert again.ok, again.problems
    # The holder moves to a new address and someone else takes the old one, in one file.
    old = holder.target_user_principal_name
    swap = run(
        f"{holder.user_principal_name},{holder.display_name},{holder.given_name},"
        f"{holder.surname},,True,renamed.person@cheshirewest.example,,CWAC\n"
        f"new.one@ourcheshire.example,New One,New,One,,True,{old},,CWAC\n"
    )
    assert swap.ok, swap.problems
    assert (
        m.Identity.objects.get(user_principal_name="new.one@ourcheshire.example").target_mail == old
    )


def test_it_numbers_an_address_made_by_the_rule_when_it_is_taken(estate):
    result = run(
        "jo.bloggs@ourcheshire.example,Jo Bloggs,Jo,Bloggs,,True,,,CWAC\n"
        "jo.bloggs.2@ourcheshire.example,Jo Bloggs,Jo,Bloggs,,True,,,CWAC\n",
    )
    assert result.ok, result.problems
    targets = dict(
        m.Identity.objects.filter(user_principal_name__startswith="jo.bloggs").values_list(
            "user_principal_name", "target_mail"
        )
    )
    assert targets == {
        "jo.bloggs@ourcheshire.example": "jo.bloggs@cheshirewest.example",
        "jo.bloggs.2@ourcheshire.example": "jo.bloggs2@cheshirewest.example",
    }
