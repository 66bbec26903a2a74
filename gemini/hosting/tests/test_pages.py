"""The hosting pages: who sees what, confirming dispositions, plans, uploads, exports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gemini.hosting.models import Application, VirtualMachine, WavePlan
from gemini.hosting.tests.files import export, vm

pytestmark = pytest.mark.django_db


def _app(name: str) -> Application:
    return Application.objects.get(name=name)


@pytest.mark.parametrize("name", ["index", "vms", "applications", "plan", "catalogue", "projects"])
def test_list_pages_use_a_bounded_number_of_queries(
    name, demo, personas, client_for, django_assert_max_num_queries
):
    client = client_for(personas["tech"])
    with django_assert_max_num_queries(25):
        response = client.get(reverse(f"hosting:{name}"))
    assert response.status_code == 200


def test_each_council_sees_its_own_applications_and_the_shared_ones(demo, personas, client_for):
    page = client_for(personas["hr_cwac"]).get(reverse("hosting:applications")).content.decode()
    assert "CWAC Revenues and Benefits" in page
    assert "Shared HR and Payroll" in page
    assert "CEC Revenues and Benefits" not in page
    page = client_for(personas["hr"]).get(reverse("hosting:applications")).content.decode()
    assert "CEC Revenues and Benefits" in page
    assert "CWAC Revenues and Benefits" not in page


def test_each_council_sees_only_its_own_bill(demo, personas, client_for):
    page = client_for(personas["hr_cwac"]).get(reverse("hosting:index")).content.decode()
    assert ">CWAC<" in page
    assert ">CEC<" not in page
    page = client_for(personas["tech"]).get(reverse("hosting:index")).content.decode()
    assert ">CWAC<" in page
    assert ">CEC<" in page


def test_members_and_union_representatives_never_see_the_estate(demo, personas, client_for):
    for name in ("member", "union"):
        client = client_for(personas[name])
        assert client.get(reverse("hosting:export")).status_code == 403
        assert client.get(reverse("hosting:vms")).status_code == 403


def test_the_application_page_shows_the_rule_and_its_reasons(demo, personas, client_for):
    page = (
        client_for(personas["tech"])
        .get(reverse("hosting:application", args=[_app("CWAC Legacy Land Charges").pk]))
        .content.decode()
    )
    assert "Retire" in page
    assert "powered off" in page


def test_the_technical_lead_confirms_an_override_with_a_reason(demo, personas, client_for):
    app = _app("CEC Revenues and Benefits")
    url = reverse("hosting:confirm", args=[app.pk])
    client = client_for(personas["tech"])
    response = client.post(url, {"version": app.version, "disposition": "refactor", "note": ""})
    assert "Enter why you override the proposed disposition" in response.content.decode()
    response = client.post(
        url, {"version": app.version, "disposition": "refactor", "note": "Moving to cloud-native"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.confirmed_disposition == "refactor"
    assert app.confirmed_by == personas["tech"]


def test_a_stale_confirmation_is_refused_and_shown(demo, personas, client_for):
    app = _app("CEC Revenues and Benefits")
    url = reverse("hosting:confirm", args=[app.pk])
    client = client_for(personas["tech"])
    client.post(url, {"version": app.version, "disposition": "refactor", "note": "first"})
    response = client.post(url, {"version": app.version, "disposition": "retain", "note": "second"})
    assert response.status_code == 200
    assert "Save over the newer version" in response.content.decode()
    app.refresh_from_db()
    assert app.confirmed_disposition == "refactor"


def test_making_a_plan_keeps_it_with_its_parameters(demo, personas, client_for):
    client = client_for(personas["tech"])
    response = client.post(
        reverse("hosting:make_plan"),
        {
            "start": "01/04/2025",
            "exit_date": "31/03/2027",
            "wave_days": "14",
            "max_vms_per_wave": "5",
            "max_tb_per_wave": "10",
        },
    )
    assert response.status_code == 302
    plan = WavePlan.objects.get(made_by=personas["tech"])
    assert (plan.wave_days, plan.max_vms_per_wave, plan.made_by) == (14, 5, personas["tech"])
    page = client.get(reverse("hosting:plan")).content.decode()
    assert "Move together" in page
    assert "Wave 1" in page


@pytest.fixture
def held_folder(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path / "gemini-rvtools"


def test_uploading_an_rvtools_export_previews_it_and_confirming_imports_it(
    demo, personas, client_for, held_folder
):
    from gemini.hosting.models import RvtoolsImport, VirtualMachine

    client = client_for(personas["tech"])
    before = RvtoolsImport.objects.count()
    present = VirtualMachine.objects.filter(present=True).count()
    upload = SimpleUploadedFile("RVTools.xlsx", export([vm("NEW01"), vm("NEW02", cpus="lots")]))
    response = client.post(reverse("hosting:import_rvtools"), {"file": upload})
    assert response.url == reverse("hosting:import_preview")
    assert len(list(held_folder.iterdir())) == 1
    assert oct(next(held_folder.iterdir()).stat().st_mode & 0o777) == "0o600"
    page = client.get(reverse("hosting:import_preview")).content.decode()
    assert "Nothing has been written yet" in page
    assert f"{present} of the {present} VMs in the estate (100%)" in page
    first = VirtualMachine.objects.filter(present=True).first()
    assert first is not None
    assert first.name in page  # a VM that would disappear
    assert "Applications whose disposition would change" in page
    assert "Confirm the import" in page
    assert "NEW02: No CPUs" in page
    assert RvtoolsImport.objects.count() == before

    refused = client.post(reverse("hosting:import_preview"), {}).content.decode()
    assert "govuk-error-summary" in refused
    assert "Confirm that these VMs have gone" in refused
    assert RvtoolsImport.objects.count() == before

    page = client.post(
        reverse("hosting:import_preview"), {"allow_disappear": "on"}
    ).content.decode()
    assert "RVTools export imported" in page
    assert "&#39;lots&#39; is not a whole number" in page or "'lots' is not a whole number" in page
    assert VirtualMachine.objects.filter(present=True).count() == 2
    assert list(held_folder.iterdir()) == []
    again = client.get(reverse("hosting:import_preview"))
    assert again.url == reverse("hosting:import_rvtools")


def test_the_preview_of_one_person_is_not_another_persons(demo, personas, client_for, held_folder):
    upload = SimpleUploadedFile("RVTools.xlsx", export([vm("NEW01")]))
    client_for(personas["tech"]).post(reverse("hosting:import_rvtools"), {"file": upload})
    other = client_for(personas["pmo"]).get(reverse("hosting:import_preview"))
    assert other.url == reverse("hosting:import_rvtools")


def test_a_workbook_lacking_a_column_is_refused_on_upload(demo, personas, client_for):
    from gemini.hosting.tests.test_rvtools import RENAMED

    upload = SimpleUploadedFile("x.xlsx", export([vm("A")], headers=RENAMED[:5]))
    page = (
        client_for(personas["tech"])
        .post(reverse("hosting:import_rvtools"), {"file": upload})
        .content.decode()
    )
    assert "govuk-error-summary" in page
    assert "provisioned storage (looked for Provisioned MiB" in page


def test_a_plan_made_before_the_estate_changed_is_shown_out_of_date(
    demo, personas, client_for, held_folder
):
    from gemini.hosting import services
    from gemini.hosting.models import VirtualMachine
    from gemini.hosting.rvtools import read_export

    client = client_for(personas["tech"])
    services.make_plan(None, dt.date(2025, 4, 1))
    assert "out of date" not in client.get(reverse("hosting:plan")).content.decode()
    rows = [vm(v.name, uuid=v.vm_uuid) for v in VirtualMachine.objects.filter(present=True)]
    services.import_rvtools(read_export(export([*rows, vm("NEW01")]), "x.xlsx"), "x.xlsx")
    for name in ("hosting:plan", "hosting:index"):
        page = client.get(reverse(name)).content.decode()
        assert "This wave plan is out of date" in page
        assert "x.xlsx was imported" in page
    plan = client.get("/api/v1/hosting/plan").json()
    assert plan["out_of_date"] is True


def test_uploading_a_file_without_vinfo_names_what_is_missing(demo, personas, client_for):
    from gemini.hosting.tests.files import xlsx

    upload = SimpleUploadedFile("x.xlsx", xlsx({"Other": [("VM",)]}))
    page = (
        client_for(personas["tech"])
        .post(reverse("hosting:import_rvtools"), {"file": upload})
        .content.decode()
    )
    assert "has no vInfo sheet" in page
    assert "govuk-error-summary" in page


def test_the_export_holds_only_what_the_person_may_see(demo, personas, client_for):
    response = client_for(personas["hr_cwac"]).get(reverse("hosting:export"))
    book = load_workbook(io.BytesIO(response.content))
    names = [row[0] for row in book["Applications"].iter_rows(min_row=2, values_only=True)]
    assert "CWAC Revenues and Benefits" in names
    assert "CEC Revenues and Benefits" not in names
    assert [row[0] for row in book["Bills"].iter_rows(min_row=2, values_only=True)] == ["CWAC"]


def test_the_catalogue_says_its_prices_are_illustrative_and_dated(demo, personas, client_for):
    page = client_for(personas["finance"]).get(reverse("hosting:catalogue")).content.decode()
    assert "illustrative prices" in page
    assert "01/02/2025" in page


def test_phase_2_projects_show_their_milestones(demo, personas, client_for):
    page = client_for(personas["lead"]).get(reverse("hosting:projects")).content.decode()
    for name in ("VPN replacement", "Security Operations Centre", "Zero trust"):
        assert name in page


def test_each_council_sees_its_own_vms_and_those_of_shared_applications(demo, personas, client_for):
    page = client_for(personas["hr_cwac"]).get(reverse("hosting:vms")).content.decode()
    assert "CW-" in page
    assert "SS-" in page  # the shared applications' VMs
    assert "CEC-" not in page
    assert "SS-INFRA" not in page  # the shared service's own estate: not CWAC's


def test_the_vm_listing_shows_each_vms_azure_readiness_with_its_reason(demo, personas, client_for):
    page = client_for(personas["tech"]).get(reverse("hosting:vms")).content.decode()
    assert "Azure readiness" in page
    assert "Conditionally ready" in page
    assert "Windows Server 2008 R2: support ended 14/01/2020" in page


def test_the_application_page_shows_its_vms_azure_readiness(demo, personas, client_for):
    vm = VirtualMachine.objects.filter(
        present=True, applications__isnull=False, os_config__contains="2008 R2"
    ).first()
    assert vm is not None
    application = vm.applications.first()
    assert application is not None
    page = (
        client_for(personas["tech"])
        .get(reverse("hosting:application", args=[application.pk]))
        .content.decode()
    )
    assert "Azure readiness" in page
    assert "Conditionally ready" in page
    assert "Extended Security Updates on Azure ended 09/01/2024" in page


def test_the_application_page_warns_of_an_unknown_operating_system(demo, personas, client_for):
    vm = VirtualMachine.objects.filter(present=True, applications__isnull=False).first()
    assert vm is not None
    other = "Other 3.x or later Linux (64-bit)"
    VirtualMachine.objects.filter(pk=vm.pk).update(os_tools=other, os_config=other)
    application = vm.applications.first()
    assert application is not None
    page = (
        client_for(personas["tech"])
        .get(reverse("hosting:application", args=[application.pk]))
        .content.decode()
    )
    assert "Operating system not known" in page
    assert "Readiness unknown" in page


def test_the_exports_vms_sheet_has_readiness_and_its_reasons(demo, personas, client_for):
    response = client_for(personas["tech"]).get(reverse("hosting:export"))
    sheet = load_workbook(io.BytesIO(response.content))["VMs"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    readiness = header.index("Azure readiness")
    assert header[readiness + 1] == "Readiness reasons"
    labels = {row[readiness] for row in rows[1:]}
    assert labels <= {"Ready", "Conditionally ready", "Not ready", "Readiness unknown"}
    assert "Conditionally ready" in labels
    assert all(row[readiness + 1] for row in rows[1:])
