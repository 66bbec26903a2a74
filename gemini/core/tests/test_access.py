"""The one access layer: permissions by role, organisation scope, and Part 2 never leaking."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gemini.core import access
from gemini.core.access import Permission, reach_in_words
from gemini.core.models import Organisation
from gemini.programme.models import GovernanceBody, Paper

EXEMPT_TITLE = "Appendix 1: Part 2 legal implications for Gemini CPC report"


@pytest.mark.django_db
def test_hr_reaches_personal_data_of_its_own_council_and_the_service_it_hosts(personas):
    codes = set(
        access.organisations_for(personas["hr"], Permission.VIEW_PERSONAL_DATA).values_list(
            "code", flat=True
        )
    )
    assert codes == {"CEC", "ICTSS"}


@pytest.mark.django_db
def test_hr_at_the_other_council_reaches_only_its_own(personas):
    codes = set(
        access.organisations_for(personas["hr_cwac"], Permission.VIEW_PERSONAL_DATA).values_list(
            "code", flat=True
        )
    )
    assert codes == {"CWAC"}


@pytest.mark.django_db
def test_the_programme_manager_reaches_every_organisation(personas):
    reached = access.organisations_for(personas["pmo"], Permission.VIEW_PERSONAL_DATA)
    assert reached.count() == Organisation.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["lead", "finance", "tech", "member", "union"])
def test_roles_without_the_right_reach_no_personal_data(personas, name):
    assert not access.organisations_for(personas[name], Permission.VIEW_PERSONAL_DATA).exists()
    assert not access.has_permission(personas[name], Permission.VIEW_PERSONAL_DATA)


@pytest.mark.django_db
def test_scoped_cuts_a_queryset_to_the_organisations_reached(personas):
    scoped = access.scoped(
        Organisation.objects.all(), personas["hr_cwac"], Permission.VIEW_PERSONAL_DATA, via="pk"
    )
    assert list(scoped.values_list("code", flat=True)) == ["CWAC"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["member", "union"])
def test_part_1_only_roles_never_receive_exempt_records(demo, personas, name):
    visible = access.visible(Paper.objects.all(), personas[name])

    assert not visible.filter(confidentiality="exempt").exists()
    assert visible.filter(reference="CPC/52/24-25").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["pmo", "lead", "hr", "hr_cwac", "finance", "tech"])
def test_officers_see_exempt_records(demo, personas, name):
    assert (
        access.visible(Paper.objects.all(), personas[name])
        .filter(confidentiality="exempt")
        .exists()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["member", "union"])
def test_the_body_page_never_shows_exempt_papers_to_part_1_only_roles(
    demo, personas, client_for, name
):
    cpc = GovernanceBody.objects.get(short_name="CPC")
    page = client_for(personas[name]).get(reverse("programme:body", args=[cpc.pk]))

    body = page.content.decode()
    assert page.status_code == 200
    assert "ICT Shared Service – Hybrid Operating Model Update" in body
    assert EXEMPT_TITLE not in body
    assert "legal professional privilege" not in body


@pytest.mark.django_db
def test_the_body_page_shows_exempt_papers_with_their_paragraph_to_officers(
    demo, personas, client_for
):
    cpc = GovernanceBody.objects.get(short_name="CPC")
    body = client_for(personas["pmo"]).get(reverse("programme:body", args=[cpc.pk])).content

    assert EXEMPT_TITLE in body.decode()
    assert "Part 2 – exempt, paragraph 5" in body.decode()


@pytest.mark.django_db
def test_a_member_who_also_holds_an_officer_role_still_never_sees_exempt(personas):
    from gemini.core.models import Membership, Role

    member = personas["member"]
    Membership.objects.create(
        user=member, organisation=Organisation.objects.get(code="CEC"), role=Role.FINANCE
    )
    member.refresh_from_db()

    assert not access.may_see_exempt(member)


@pytest.mark.django_db
def test_an_exempt_record_needs_its_paragraph_and_public_interest_reason(demo):
    from django.core.exceptions import ValidationError

    paper = Paper.objects.get(reference="CPC/52/24-25")
    paper.confidentiality = "exempt"
    with pytest.raises(ValidationError) as error:
        paper.full_clean()
    assert set(error.value.message_dict) == {"exempt_paragraph", "public_interest_reason"}


@pytest.mark.django_db
def test_the_database_refuses_an_exempt_record_without_a_paragraph(demo):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Paper.objects.filter(reference="CPC/52/24-25").update(confidentiality="exempt")


@pytest.mark.django_db
def test_a_role_at_the_shared_service_reaches_every_council_it_serves(personas):
    reached = access.organisations_for(personas["tech"], Permission.VIEW_HOSTING)
    assert set(reached.values_list("code", flat=True)) == {"CEC", "CWAC", "ICTSS"}


@pytest.mark.django_db
def test_decisions_about_people_stay_with_hr(personas):
    assert access.has_permission(personas["hr"], Permission.DECIDE_WORKFORCE)
    assert not access.has_permission(personas["pmo"], Permission.DECIDE_WORKFORCE)


@pytest.mark.django_db
def test_reach_in_words_says_whose_records_a_role_reaches_and_why(personas):
    personal = Permission.VIEW_PERSONAL_DATA

    assert reach_in_words(personas["pmo"], personal) == "every organisation, as programme manager"
    assert reach_in_words(personas["hr_cwac"], personal) == (
        "Cheshire West and Chester Council, where you are HR"
    )
    assert reach_in_words(personas["hr"], personal) == (
        "Cheshire East Council, where you are HR, and ICT Shared Service, "
        "which Cheshire East Council hosts"
    )
    assert reach_in_words(personas["tech"], Permission.VIEW_HOSTING) == (
        "every organisation, as technical lead at ICT Shared Service, which works for them all"
    )
    assert reach_in_words(personas["member"], personal) == (
        "no organisation: your role does not include this"
    )
