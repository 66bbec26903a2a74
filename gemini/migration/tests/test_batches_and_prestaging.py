"""Issue 20, items 2, 3 and 5, through the database, the exports and the pages: who is in a
batch and who is held back; the pre-staging values imported, checked and exported; hubs last;
the freeze calendar and the cutover settings."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from gemini.core import importing
from gemini.migration import models as m
from gemini.migration import services
from gemini.migration.demo import SERVICE_ACCOUNT, TARGET_DELIVERY_DOMAIN
from gemini.migration.engine import files
from gemini.migration.tests.support import a_person, the_plan, the_settings

LEAVER = "former.officer@ourcheshire.example"
GUEST = "sam.partner_nhs.example#EXT#@ourcheshire.example"
HEADER = (
    "userPrincipalName,givenName,surname,council,accountEnabled,userType,recipientType,"
    "ExchangeGuid,ArchiveGuid,LegacyExchangeDN,x500Addresses"
)
DN = "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=ab12-jo"
GUID = "1ec059c7-8396-4d0b-af4e-d6bd4c12a8d8"


def run(kind: str, text: str) -> importing.ImportResult:
    return importing.run_import(importing.importer_for(kind), text.encode(), "file.csv", False)


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def batch_addresses(plan: m.Plan) -> dict[str, set[str]]:
    return {
        name: {row[0] for row in rows(text)[1:]}
        for name, text in services.export_files("batches", plan).items()
    }


# Item 2


def test_a_disabled_account_and_an_ext_guest_are_in_no_batch_but_listed_with_why(estate):
    plan = the_plan()
    batched = set().union(*batch_addresses(plan).values())
    assert "former.officer@cheshirewest.example" not in batched
    assert not any("#ext#" in address.lower() for address in batched)
    assert "room.council-chamber@cheshirewest.example" in batched  # disabled, but a room
    assert any("enquiries" in address for address in batched)  # shared, disabled by design
    (held,) = services.export_files("held-back", plan).values()
    table = rows(held)
    assert table[0] == list(files.HELD_BACK_HEADER)
    reasons = {row[0]: row for row in table[1:]}
    assert set(reasons) == {LEAVER, GUEST}
    assert reasons[LEAVER][1:3] == ["UserMailbox", "false"]
    assert "disabled account" in reasons[LEAVER][4]
    assert "guest" in reasons[GUEST][4]
    assert plan.held_back == 2
    assert plan.findings.filter(kind="delegate-held-back").exists()


def test_the_plan_page_lists_those_held_back(estate, client_for):
    page = client_for(estate["tech"]).get(reverse("migration:plan"))
    assert "Held back from every batch" in page.text
    assert LEAVER in page.text
    assert "a disabled account&#39;s mailbox" in page.text
    assert "2 held back from every batch" in page.text


def test_an_identities_file_gives_recipient_types_and_an_unknown_type_is_held_back(estate):
    result = run(
        "identities",
        HEADER + "\njo.box@ourcheshire.example,Jo,Box,CWAC,false,Member,SharedMailbox,,,,\n"
        "al.new@ourcheshire.example,Al,New,CWAC,true,Member,,,,,\n"
        "cat.guest@ourcheshire.example,Cat,Guest,CWAC,true,Guest,GuestMailUser,,,,\n",
    )
    assert result.ok, result.problems
    found = dict(m.Identity.objects.values_list("user_principal_name", "recipient_type"))
    assert found["jo.box@ourcheshire.example"] == "SharedMailbox"
    assert found["al.new@ourcheshire.example"] == ""
    assert found["cat.guest@ourcheshire.example"] == "Guest"
    plan = services.run_plan(services.limits_from(the_settings()))
    held = {p.identity.user_principal_name: p.reason for p in services.held_back(plan)}
    assert "recipient type not known" in held["al.new@ourcheshire.example"]
    assert "jo.box@ourcheshire.example" not in held


def test_an_unknown_recipient_type_is_refused_by_name(estate):
    result = run("identities", HEADER + "\njo@ourcheshire.example,Jo,Box,CWAC,,,Mailbox,,,,\n")
    assert not result.ok
    assert "'Mailbox' is not one of the allowed values" in result.problems[0].message


# Item 3


def test_exchange_values_are_imported_checked_and_kept_when_a_later_file_lacks_them(estate):
    person = a_person()
    upn = person.user_principal_name
    good = (
        f"\n{upn},{person.given_name},{person.surname},CWAC,true,Member,UserMailbox,"
        f"{{{GUID.upper()}}},00000000-0000-0000-0000-000000000000,{DN},"
        '"x500:/o=Old Org/ou=First Administrative Group/cn=Recipients/cn=jo;'
        "X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/"
        'cn=Recipients/cn=b"\n'
    )
    result = run("identities", HEADER + good)
    assert result.ok, result.problems
    person.refresh_from_db()
    assert person.exchange_guid == GUID  # braces and capitals as Exchange may print them
    assert person.archive_guid == ""  # all zeros: no archive
    assert person.legacy_exchange_dn == DN
    assert person.x500_addresses.splitlines()[0].startswith("x500:/o=Old Org/")
    entra_only = "userPrincipalName,givenName,surname,council\n"
    assert run("identities", entra_only + f"{upn},{person.given_name},{person.surname},CWAC\n").ok
    person.refresh_from_db()
    assert (person.exchange_guid, person.legacy_exchange_dn) == (GUID, DN)


def test_bad_exchange_values_are_each_refused_and_nothing_is_written(estate):
    person, other = m.Identity.objects.filter(organisation__code="CWAC").exclude(given_name="")[:2]
    before = person.exchange_guid
    result = run(
        "identities",
        HEADER + f"\n{person.user_principal_name},A,B,CWAC,true,Member,UserMailbox,not-a-guid,"
        f"12,cn=nobody,smtp:jo@x.example\n"
        f"{other.user_principal_name},C,D,CWAC,true,Member,UserMailbox,{person.exchange_guid},"
        ",,\n",
    )
    assert not result.ok
    columns = {(p.row, p.column) for p in result.problems}
    assert {
        (2, "ExchangeGuid"),
        (2, "ArchiveGuid"),
        (2, "LegacyExchangeDN"),
        (2, "x500Addresses"),
        (3, "ExchangeGuid"),
    } <= columns
    clash = next(p for p in result.problems if p.row == 3 and p.column == "ExchangeGuid")
    assert "already the ExchangeGuid of" in clash.message
    person.refresh_from_db()
    assert person.exchange_guid == before


def test_the_pre_staging_file_carries_what_microsoft_requires(estate):
    plan = the_plan()
    produced = services.export_files("pre-staging", plan)
    assert produced["target-delivery-domain.txt"] == f"{TARGET_DELIVERY_DOMAIN}\r\n"
    table = rows(produced["target-mailusers.csv"])
    assert table[0] == list(files.PRE_STAGING_HEADER)
    placed = m.Placement.objects.filter(plan=plan, wave__isnull=False).count()
    assert len(table) - 1 == placed
    assert "target-mailusers-missing.csv" not in produced
    person = a_person()
    row = next(r for r in table[1:] if r[2] == person.target_user_principal_name)
    record = dict(zip(table[0], row, strict=True))
    assert record["ExchangeGuid"] == person.exchange_guid
    assert record["ExternalEmailAddress"] == person.mail
    proxies = record["EmailAddresses"].split(";")
    assert proxies[0] == f"SMTP:{person.target_mail}"
    assert f"smtp:{person.target_mail.split('@')[0]}@{TARGET_DELIVERY_DOMAIN}" in proxies
    assert f"X500:{person.legacy_exchange_dn}" in proxies


def test_pre_staging_lists_who_lacks_an_exchangeguid_and_needs_the_delivery_domain(estate):
    person = a_person()
    m.Identity.objects.filter(pk=person.pk).update(exchange_guid="")
    produced = services.export_files("pre-staging", the_plan())
    missing = rows(produced["target-mailusers-missing.csv"])
    assert missing[1][0] == person.user_principal_name
    assert missing[1][3] == "ExchangeGuid"
    record = the_settings()
    m.MigrationSettings.objects.filter(pk=record.pk).update(target_delivery_domain="")
    with pytest.raises(services.ExportRefusedError, match="target delivery domain"):
        services.export_files("pre-staging", the_plan())


def test_the_pre_staging_download_is_a_zip_and_refused_plainly_without_a_domain(estate, client_for):
    client = client_for(estate["tech"])
    response = client.get(reverse("migration:export", args=["pre-staging"]))
    assert response["Content-Type"] == "application/zip"
    record = the_settings()
    m.MigrationSettings.objects.filter(pk=record.pk).update(target_delivery_domain="")
    refused = client.get(reverse("migration:export", args=["pre-staging"]), follow=True)
    assert "Set the target delivery domain" in refused.text


# Item 5


def test_the_archive_service_account_is_not_in_the_pilot_batch_but_in_the_last(estate):
    # The case: svc-mailarchive, Full Access on a third of all mailboxes, was in
    # batch-pilot.csv.
    plan = the_plan()
    batches = batch_addresses(plan)
    archive = m.Identity.objects.get(user_principal_name=SERVICE_ACCOUNT).target_mail
    assert archive not in batches["batch-pilot.csv"]
    assert batches["batch-hubs.csv"] == {archive}
    last = plan.waves.order_by("-number").first()
    assert last is not None
    assert last.name == "Hubs"


def test_freeze_dates_import_and_the_plan_keeps_cutovers_out_of_them(estate):
    result = run(
        "freeze-dates",
        "start,end,reason\n17/06/2024,28/06/2024,Elections\n01/07/2024,,Year-end close\n",
    )
    assert result.ok, result.problems
    plan = services.run_plan(services.limits_from(the_settings()))
    assert len(plan.freeze) == 3  # with the demo's Christmas freeze
    for wave in plan.waves.all():
        assert not dt.date(2024, 6, 17) <= wave.cutover <= dt.date(2024, 7, 1)
    assert any("Elections" in wave.reason for wave in plan.waves.all())


def test_a_freeze_that_ends_before_it_starts_is_refused(estate):
    result = run("freeze-dates", "start,end,reason\n28/06/2024,17/06/2024,Backwards\n")
    assert not result.ok
    assert result.problems[0].column == "end"
    assert m.FreezePeriod.objects.count() == 1


def test_the_freeze_page_adds_and_removes_a_freeze(estate, client_for):
    client = client_for(estate["tech"])
    bad = client.post(reverse("migration:freeze"), {"start": "28/06/2024", "end": "17/06/2024"})
    assert "The last day must be the same as or after the first day" in bad.text
    assert "govuk-error-summary" in bad.text
    added = client.post(
        reverse("migration:freeze"), {"start": "17/06/2024", "end": "", "reason": "Audit"}
    )
    assert added.status_code == 302
    record = m.FreezePeriod.objects.get(reason="Audit")
    assert record.end == record.start == dt.date(2024, 6, 17)
    page = client.get(reverse("migration:freeze"))
    assert "17/06/2024" in page.text
    assert client.post(reverse("migration:freeze_remove", args=[record.pk])).status_code == 302
    assert not m.FreezePeriod.objects.filter(reason="Audit").exists()


def test_the_cutover_weekday_and_parallel_waves_are_settings_the_plan_follows(estate, client_for):
    record = the_settings()
    client = client_for(estate["tech"])
    page = client.get(reverse("migration:settings"))
    assert "Cutover day" in page.text
    assert "Any working day" in page.text
    data = {
        name: getattr(record, name) if getattr(record, name) is not None else ""
        for name in (
            "source_tenant_name",
            "target_tenant_name",
            "source_tenant_id",
            "target_domain",
            "max_users",
            "max_gb",
            "pilot_users",
            "submit_lead_days",
            "wave_interval_working_days",
        )
    }
    data |= {
        "version": record.version,
        "start": "03/06/2024",
        "cutover_weekday": "2",
        "parallel_waves": "2",
        "target_delivery_domain": "Cheshirewest.onmicrosoft.example",
    }
    assert client.post(reverse("migration:settings"), data).status_code == 302
    record.refresh_from_db()
    assert (record.cutover_weekday, record.parallel_waves) == (2, 2)
    assert record.target_delivery_domain == "cheshirewest.onmicrosoft.example"
    plan = services.run_plan(services.limits_from(record))
    waves = list(plan.waves.order_by("number"))
    assert {w.cutover.weekday() for w in waves} == {2}
    per_day: dict[dt.date, int] = {}
    for wave in waves:
        per_day[wave.cutover] = per_day.get(wave.cutover, 0) + 1
    assert max(per_day.values()) == 2
    assert (plan.cutover_weekday, plan.parallel_waves) == (2, 2)
