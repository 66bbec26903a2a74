"""Pages as a person meets them: sign in, the dashboard, sections, imports, error pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gemini.core.models import Organisation
from gemini.testing.personas import PASSWORD


@pytest.mark.django_db
def test_signing_in_with_a_wrong_password_shows_the_error_summary(personas):
    response = Client().post(
        reverse("core:login"), {"username": "pmo@gemini.test", "password": "wrong"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "There is a problem" in page
    assert "Enter a correct email address and password." in page
    assert "<title>Error: Sign in" in page


@pytest.mark.django_db
def test_an_empty_sign_in_links_each_error_to_its_field(personas):
    page = Client().post(reverse("core:login"), {}).content.decode()

    assert 'href="#id_username"' in page
    assert "Enter your email address" in page
    assert 'href="#id_password"' in page
    assert "Enter your password" in page


@pytest.mark.django_db
def test_signing_in_leads_to_the_dashboard_and_signing_out_ends_the_session(personas):
    client = Client()
    response = client.post(
        reverse("core:login"), {"username": "PMO@gemini.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")

    client.post(reverse("core:logout"))

    assert client.get(reverse("core:dashboard")).status_code == 302


@pytest.mark.django_db
def test_the_dashboard_shows_the_programme_navigation_and_roles(demo, personas, client_for):
    page = client_for(personas["hr"]).get(reverse("core:dashboard")).content.decode()

    navigation = page.split('class="govuk-service-navigation__list"')[1].split("</ul>")[0]
    for section in (
        "Dashboard",
        "Programme",
        "Workforce",
        "Finance",
        "Migration",
        "Hosting",
        "Reports",
        "Sign out",
    ):
        assert section in navigation
    assert "Phase 2 – shared data centre and network" in page
    assert "HR at CEC" in page
    assert "govuk-generic-header" in page
    assert "GDS Transport" not in page


@pytest.mark.django_db
def test_the_not_found_page_is_the_services_own(personas, client_for):
    response = client_for(personas["pmo"]).get("/no/such/page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_the_permission_page_explains_itself(personas, client_for):
    response = client_for(personas["member"]).get(reverse("core:import"))

    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


@pytest.mark.django_db
def test_the_server_error_page_is_plain_and_accessible(rf):
    from django.contrib.auth.models import AnonymousUser

    from gemini.core.views import server_error

    request = rf.get("/")
    request.user = AnonymousUser()
    response = server_error(request)

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.django_db
def test_the_upload_page_lists_every_problem_and_writes_nothing(personas, client_for):
    upload = SimpleUploadedFile(
        "orgs.csv", b"code,name,kind\nlower,Alpha,council\nBBB,,council\nCCC,Gamma,parish\n"
    )
    page = (
        client_for(personas["pmo"])
        .post(reverse("core:import"), {"kind": "organisations", "file": upload}, follow=True)
        .content.decode()
    )

    assert "Nothing was imported: orgs.csv has 3 problems" in page
    assert page.count('<tr class="govuk-table__row">') == 4  # header + 3 problems
    assert Organisation.objects.count() == 3  # the personas' organisations only


@pytest.mark.django_db
def test_the_upload_page_imports_a_good_file_and_a_dry_run_writes_nothing(personas, client_for):
    client = client_for(personas["pmo"])
    dry = client.post(
        reverse("core:import"),
        {
            "kind": "organisations",
            "dry_run": "on",
            "file": SimpleUploadedFile("orgs.csv", b"code,name,kind\nAAA,Alpha,council\n"),
        },
        follow=True,
    ).content.decode()
    assert "Dry run: nothing was written" in dry
    assert not Organisation.objects.filter(code="AAA").exists()

    done = client.post(
        reverse("core:import"),
        {
            "kind": "organisations",
            "file": SimpleUploadedFile("orgs.csv", b"code,name,kind\nAAA,Alpha,council\n"),
        },
        follow=True,
    ).content.decode()
    assert "Import complete" in done
    assert Organisation.objects.filter(code="AAA").exists()


@pytest.mark.django_db
def test_the_upload_form_shows_the_error_summary_without_a_file(personas, client_for):
    page = (
        client_for(personas["pmo"])
        .post(reverse("core:import"), {"kind": "organisations"})
        .content.decode()
    )

    assert "There is a problem" in page
    assert "Select a CSV or Excel file" in page


@pytest.mark.django_db
def test_a_kind_the_user_may_not_import_is_not_offered(personas, client_for):
    client = client_for(personas["hr"])
    page = client.get(reverse("core:import")).content.decode()
    assert 'value="organisations"' not in page

    response = client.post(
        reverse("core:import"),
        {
            "kind": "organisations",
            "file": SimpleUploadedFile("orgs.csv", b"code,name,kind\nAAA,Alpha,council\n"),
        },
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Organisation.objects.filter(code="AAA").exists()


@pytest.mark.django_db
def test_the_programme_pages_make_a_fixed_number_of_queries(
    demo, personas, client_for, django_assert_max_num_queries
):
    client = client_for(personas["pmo"])
    client.get(reverse("programme:overview"))  # warm the session
    with django_assert_max_num_queries(8):
        client.get(reverse("programme:overview"))
    # The home page gathers every app's panel (programme status and the changes since the
    # committee met, workforce, finance, migration, hosting, reports, imports with problems):
    # a fixed number of queries per panel, whatever the size of the data. (56 when the imports
    # panel and the as-at finance and migration figures joined; 55 before.)
    with django_assert_max_num_queries(60):
        client.get(reverse("core:dashboard"))


@pytest.mark.django_db
def test_the_upload_page_says_when_a_role_has_nothing_to_import(personas, client_for, monkeypatch):
    from gemini.core import importing
    from gemini.core.importers import OrganisationImporter

    monkeypatch.setattr(importing, "_REGISTRY", {"organisations": OrganisationImporter})
    page = client_for(personas["finance"]).get(reverse("core:import")).content.decode()

    assert "There is nothing your role can import yet." in page
    assert '<form method="post" enctype' not in page


@pytest.mark.django_db
def test_the_navigation_offers_only_the_sections_a_role_may_open(personas, client_for):
    page = client_for(personas["member"]).get(reverse("core:dashboard")).content.decode()
    navigation = page.split('class="govuk-service-navigation__list"')[1].split("</ul>")[0]

    assert "Finance" in navigation
    assert "Hosting" not in navigation


@pytest.mark.django_db
def test_too_many_wrong_passwords_pause_sign_in_for_that_account(personas):
    client = Client()
    for _ in range(5):
        client.post(reverse("core:login"), {"username": "pmo@gemini.test", "password": "wrong"})

    response = client.post(
        reverse("core:login"), {"username": "pmo@gemini.test", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    other = Client().post(
        reverse("core:login"), {"username": "hr@gemini.test", "password": PASSWORD}
    )
    assert other.status_code == 302  # other accounts are not affected


@pytest.mark.django_db
def test_the_health_check_answers_without_signing_in_and_reports_a_lost_database(monkeypatch):
    from django.db import DatabaseError

    response = Client().get(reverse("core:health"))
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert "no-cache" in response["Cache-Control"]

    def unreachable() -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr("gemini.core.views.connection.cursor", unreachable)
    assert Client().get(reverse("core:health")).status_code == 503


@pytest.mark.django_db
def test_the_home_page_says_what_needs_each_person(demo, personas, client_for):
    from gemini.programme.models import Workstream

    lead = personas["lead"]
    technical = Workstream.objects.get(slug="technical")
    technical.leads.add(lead)
    pmo_home = client_for(personas["pmo"]).get(reverse("core:dashboard")).content.decode()
    lead_home = client_for(lead).get(reverse("core:dashboard")).content.decode()
    member_home = client_for(personas["member"]).get(reverse("core:dashboard")).content.decode()

    assert "What needs you" in pmo_home
    assert "overall as judged on" in pmo_home
    assert "Technical (yours)" in lead_home
    assert "(yours)" not in pmo_home
    # The demo's last status updates are in early 2025: long overdue by today.
    assert "Technical: status update overdue" in lead_home
    assert "Workforce: status update overdue" not in lead_home
    assert "Workforce: status update overdue" in pmo_home
    assert "status update overdue" not in member_home
    assert "savings delivered" in pmo_home
    # Only finance officers are asked to act on the savings gap; others see the figure.
    finance_home = client_for(personas["finance"]).get(reverse("core:dashboard")).content.decode()
    savings = reverse("finance:savings")
    flagged = f'Needs you</strong> <a class="govuk-link" href="{savings}"'
    assert flagged in finance_home
    assert flagged not in lead_home


@pytest.mark.django_db
def test_the_favicon_is_an_icon_for_everyone_and_every_page_links_it(personas, client_for):
    icon = Client().get("/favicon.ico")

    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # the ICO file signature
    page = client_for(personas["hr"]).get(reverse("core:dashboard")).content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in page
    assert Client().get(reverse("core:login")).content.decode().count('rel="icon"') == 2
