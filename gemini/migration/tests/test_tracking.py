"""Issue 20, item 6: the tools' own status reports, Not applicable and Rolled back, older rows
skipped and future ones refused, per-workload figures with a trend, and the cut-over
checklist."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gemini.core import importing
from gemini.core.asat import today
from gemini.core.models import Organisation
from gemini.core.versioning import StaleEditError
from gemini.migration import checklist, figures, services
from gemini.migration import models as m
from gemini.migration.engine import tracking
from gemini.migration.tests.support import a_person, the_plan


def run(kind: str, text: str):
    return importing.run_import(importing.importer_for(kind), text.encode(), f"{kind}.csv")


def status(person: m.Identity, workload: str) -> m.WorkloadStatus:
    return m.WorkloadStatus.objects.get(identity=person, workload=workload)


# --- Microsoft's states (pure) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("microsoft", "gemini"),
    [
        ("Synced", ("in_progress", "")),
        ("Completed", ("completed", "")),
        ("CompletedWithWarning", ("completed", "warnings")),
        ("Failed", ("failed", "")),
        ("Queued", ("scheduled", "")),
    ],
)
def test_it_reads_microsofts_mailbox_states(microsoft, gemini):
    assert tracking.MAILBOX_STATES[tracking.state_key(microsoft)][:2] == gemini


def test_it_reads_the_onedrive_move_states():
    assert tracking.ONEDRIVE_STATES["success"][0] == "completed"
    assert tracking.ONEDRIVE_STATES[tracking.state_key("ReadytoTrigger")][0] == "scheduled"
    assert tracking.onedrive_site_path("Jo.O'Neil@OurCheshire.example") == (
        "/personal/jo_o_neil_ourcheshire_example"
    )


def test_the_trend_counts_the_latest_state_at_the_end_of_each_day():
    at = dt.datetime(2024, 6, 3, 9, 0, tzinfo=dt.UTC)
    steps = [
        tracking.Step(1, "mail", "scheduled", at),
        tracking.Step(1, "mail", "completed", at + dt.timedelta(days=2)),
        tracking.Step(2, "mail", "failed", at + dt.timedelta(days=1)),
        tracking.Step(2, "mail", "completed", at + dt.timedelta(days=3)),
    ]
    days = [dt.date(2024, 6, 3) + dt.timedelta(days=n) for n in range(4)]
    points = tracking.trend(
        steps, days, frozenset({"completed"}), frozenset({"failed"}), ["mail", "device"]
    )
    assert [p.done["mail"] for p in points] == [0, 0, 1, 2]
    assert [p.failed for p in points] == [0, 1, 1, 0]
    assert all(p.done["device"] == 0 for p in points)


# --- the tools' reports ----------------------------------------------------------------------

MAILBOX = "Identity,BatchId,Status,LastSyncTime,LastSuccessfulSyncTimestamp,Error\n"


def test_it_imports_get_migrationuser_statistics_by_the_batchs_new_address(estate):
    person, other = a_person(), m.Identity.objects.filter(organisation__code="CWAC")[5]
    result = run(
        "mailbox-move-report",
        MAILBOX + f"{person.target_mail.upper()},Wave 1,CompletedWithWarning,"
        "06/01/2025 10:00:00,06/01/2025 09:58:00,\n"
        f"{other.target_mail},Wave 1,Failed,06/01/2025 11:00,,"
        "Mailbox is on litigation hold.\n",
    )
    assert result.ok, result.problems
    done = status(person, "mail")
    assert (done.state, done.problem) == ("completed", "warnings")
    assert timezone.localtime(done.updated_at) == timezone.make_aware(dt.datetime(2025, 1, 6, 10))  # noqa: DTZ001
    failed = status(other, "mail")
    assert (failed.state, failed.problem) == ("failed", "hold")
    assert "Batch Wave 1" in failed.note


def test_it_imports_the_onedrive_move_state_by_the_old_onedrives_address(estate):
    person = a_person()
    site = "https://ourcheshire-my.sharepoint.com" + tracking.onedrive_site_path(
        person.user_principal_name
    )
    result = run(
        "onedrive-move-report",
        "MoveJobId,SourceSiteUrl,TargetSiteUrl,MoveState,TimeStamp\n"
        f"1,{site},https://cheshirewest-my.sharepoint.com/personal/x,Rescheduled,2025-01-06T10:00\n",
    )
    assert result.ok, result.problems
    assert status(person, "onedrive").state == "scheduled"
    assert "ignored" not in str(result.problems)


def test_an_unknown_state_or_person_is_refused_and_nothing_is_written(estate):
    person = a_person()
    before = list(m.WorkloadStatus.objects.values_list("pk", "state", "updated_at"))
    result = run(
        "mailbox-move-report",
        MAILBOX + f"{person.target_mail},W1,Exploded,06/01/2025 10:00,,\n"
        "nobody@cheshirewest.example,W1,Completed,06/01/2025 10:00,,\n",
    )
    assert [(p.row, p.column) for p in result.problems] == [(2, "Status"), (3, "Identity")]
    assert list(m.WorkloadStatus.objects.values_list("pk", "state", "updated_at")) == before


def test_a_row_older_than_the_recorded_state_is_reported_and_skipped(estate):
    """The case that broke: a report read after a newer one undid the newer progress."""
    person = a_person()
    newer = status(person, "mail")  # the demo's: Completed at the wave's cutover
    result = run(
        "mailbox-move-report",
        MAILBOX + f"{person.target_mail},W1,Syncing,01/01/2024 09:00,,\n",
    )
    assert result.ok
    assert [c.outcome for c in result.changes] == ["skipped"]
    assert "older than the Completed recorded" in result.changes[0].description
    kept = status(person, "mail")
    assert (kept.state, kept.updated_at, kept.version) == (
        newer.state,
        newer.updated_at,
        newer.version,
    )


def test_a_time_in_the_future_or_written_the_us_way_is_refused(estate):
    upn = a_person().user_principal_name
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    result = run(
        "migration-status",
        "userPrincipalName,workload,state,updated_at\n"
        f"{upn},mail,completed,{tomorrow}T09:00:00\n"
        f"{upn},teams,completed,6/3/2024 9:15:00 AM\n",
    )
    assert [(p.row, p.column) for p in result.problems] == [(2, "updated_at"), (3, "updated_at")]
    assert "future" in result.problems[0].message


# --- Not applicable and Rolled back -----------------------------------------------------------


def test_a_person_with_no_device_finishes_phase_2_as_not_applicable(estate):
    person = a_person()
    m.Device.objects.filter(primary_user=person).delete()
    plan = the_plan()
    wave = m.Placement.objects.get(plan=plan, identity=person).wave
    assert wave is not None

    def phase_2() -> int:
        return next(r for r in figures.progress(today()).waves if r.id == wave.pk).phase_2

    before = phase_2()
    when = timezone.now()
    services.set_status(person, "device", "failed", "other", "No device.", when=when)
    after_fail = phase_2()
    assert after_fail == before - 1
    services.set_status(person, "device", "not_applicable", when=when + dt.timedelta(seconds=1))
    finished = phase_2()
    assert finished == before


def test_not_applicable_is_refused_for_someone_with_a_device(estate, client_for):
    device = m.Device.objects.exclude(primary_user=None).select_related("primary_user").first()
    assert device is not None
    owner = device.primary_user
    assert owner is not None
    result = run(
        "migration-status",
        f"userPrincipalName,workload,state\n{owner.user_principal_name},device,not applicable\n",
    )
    assert [(p.row, p.column) for p in result.problems] == [(2, "state")]
    assert services.status_problem(owner, "device", "not_applicable")
    url = reverse("api:migration-set-status", args=[owner.pk, "device"])
    version = status(owner, "device").version
    answer = client_for(estate["tech"]).put(
        url,
        {"state": "not_applicable", "version": version},
        content_type="application/json",
    )
    assert answer.status_code == 422


def test_a_rolled_back_move_is_an_exception(estate, client_for):
    person = a_person()
    services.set_status(person, "mail", "rolled_back", note="Moved back to the old tenant.")
    page = client_for(estate["tech"]).get(reverse("migration:exceptions"))
    assert "Moved back to the old tenant." in page.content.decode()


# --- the board -------------------------------------------------------------------------------


def test_the_board_sees_each_workloads_figures_failures_and_trend(estate, client_for):
    person = a_person()
    services.set_status(person, "teams", "failed", "other", "Teams chat export failed.")
    rows = {f.workload: f for f in figures.workload_figures(today())}
    assert rows["teams"].failed == 1
    assert rows["mail"].done == rows["mail"].people
    assert rows["device"].states["not_applicable"] > 0  # shared mailboxes have no device
    trend = figures.workload_trend(today())
    assert trend is not None
    assert trend.done["Mail"][0] < trend.done["Mail"][-1] == trend.people
    page = client_for(estate["member"]).get(reverse("migration:index"))
    text = page.content.decode()
    assert 'id="workload-teams"' in text
    assert "Progress over time" in text
    assert "<svg" in text
    assert person.user_principal_name not in text


# --- the cut-over checklist ------------------------------------------------------------------


def test_a_step_is_set_from_the_version_seen_and_done_needs_its_day(estate):
    cec = Organisation.objects.get(code="CEC")
    m.CutoverTask.objects.filter(organisation=cec, item="gal_sync").delete()
    task = checklist.save_task(cec, "gal_sync", 0, {"owner": "Identity team", "state": "to_do"})
    assert task.version == 1
    with pytest.raises(StaleEditError):
        checklist.save_task(cec, "gal_sync", 0, {"owner": "Someone else"})
    with pytest.raises(ValidationError):
        checklist.save_task(cec, "gal_sync", 1, {"state": "done"})
    checklist.save_task(cec, "gal_sync", 1, {"state": "done", "done_on": dt.date(2024, 6, 1)})
    assert m.CutoverTask.objects.get(pk=task.pk).state == "done"


def test_the_checklist_reads_as_at_a_date_for_the_report(estate):
    cwac = next(c for c in figures.cutover_checklist() if c.code == "CWAC")
    mx = next(s for s in cwac.steps if s.item == "dns_mx")
    assert (mx.state, mx.owner, mx.due) == ("done", "CWaC network team", dt.date(2024, 9, 27))
    earlier = next(c for c in figures.cutover_checklist(dt.date(2024, 1, 1)) if c.code == "CWAC")
    assert {s.state_label for s in earlier.steps} == {"Not recorded"}


def test_the_technical_lead_updates_a_step_and_everyone_sees_it(estate, client_for):
    url = reverse("migration:cutover_step", args=["CWAC", "licences"])
    task = m.CutoverTask.objects.get(organisation__code="CWAC", item="licences")
    response = client_for(estate["tech"]).post(
        url,
        {
            "version": task.version,
            "due": "20/06/2024",
            "owner": "CWaC licensing desk",
            "state": "in_progress",
            "done_on": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    refused = client_for(estate["tech"]).post(
        url, {"version": task.version + 1, "state": "done", "owner": "x"}
    )
    assert "Enter the day it was done." in refused.content.decode()
    page = client_for(estate["member"]).get(reverse("migration:index"))
    assert "CWaC licensing desk" in page.content.decode()


def test_the_reports_technical_section_prints_each_councils_checklist(estate):
    from gemini.core.asat import today
    from gemini.core.reporting.blocks import Builder, Table
    from gemini.core.reporting.registry import Scope
    from gemini.migration import report

    data = report.migration_figures(Scope(None, None, today()))
    assert data is not None
    builder = Builder()
    report._workstream(builder, _content(data), "workstream:technical")
    tables = {b.caption: b for b in builder.blocks if isinstance(b, Table)}
    cwac = tables["Cut-over checklist: Cheshire West and Chester"]
    assert ("DNS: MX record to the new tenant", "27/09/2024", "CWaC network team", "Done") in (
        cwac.rows
    )
    # An older snapshot without a checklist still renders, with no checklist table.
    older = Builder()
    report._workstream(older, _content({k: v for k, v in data.items() if k != "cutover"}), "")
    assert not any(isinstance(b, Table) for b in older.blocks)


def _content(migration: dict[str, object]) -> Any:
    from gemini.core.reporting.blocks import Content

    return Content({}, {}, {}, (), {"migration": migration})
