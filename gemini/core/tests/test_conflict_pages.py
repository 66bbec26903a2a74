"""The page after a refused save (optimistic locking), for every kind of record edited in a
form: it shows the record as saved in the database, keeps what the second editor typed, and
lets them save it over the newer version on purpose (issue 13, item 5)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from gemini.testing.page_forms import edit_form, outside_forms


@dataclass(frozen=True)
class Conflict:
    """Two editors change `name` on one record: A to `first`, then B (from the same version)
    to `second`. `value(record)` reads the saved value back from the database."""

    persona: str
    record: Callable[[], Any]
    url: Callable[[Any], str]
    name: str
    first: str
    second: str
    value: Callable[[Any], object]
    extra: dict[str, str] = field(default_factory=dict)


def _cutover_step() -> Any:
    from gemini.migration.models import CutoverTask

    return CutoverTask.objects.get(organisation__code="CWAC", item="licences")


def _risk() -> Any:
    from gemini.programme.models import Risk

    return Risk.objects.get(reference="R03")


def _workstream() -> Any:
    from gemini.programme.models import Workstream

    return Workstream.objects.get(slug="finance")


def _benefit() -> Any:
    from gemini.programme.models import Benefit

    return Benefit.objects.get(reference="B1")


def _figure() -> Any:
    from gemini.finance.models import QuarterFigure

    return QuarterFigure.objects.order_by("pk").first()


def _outcome() -> Any:
    from gemini.workforce.models import Decision, PersonOutcome

    return (
        PersonOutcome.objects.filter(decision=Decision.PENDING)
        .select_related("run", "staff")
        .order_by("pk")
        .first()
    )


def _application() -> Any:
    from gemini.hosting.models import Application

    return Application.objects.get(name="CEC Revenues and Benefits")


def _settings() -> Any:
    from gemini.migration import services

    return services.current_settings()


def _identity() -> Any:
    from gemini.migration.tests.support import a_person

    return a_person()


def _mail_note(identity: Any) -> object:
    from gemini.migration.models import WorkloadStatus

    return WorkloadStatus.objects.get(identity=identity, workload="mail").note


def _report() -> Any:
    from gemini.reports.models import CommitteeReport

    return CommitteeReport.objects.filter(status="draft").order_by("pk").first()


def _saved(attribute: str) -> Callable[[Any], object]:
    def read(record: Any) -> object:
        record.refresh_from_db()
        return getattr(record, attribute)

    return read


KINDS = {
    "risk": Conflict(
        "pmo",
        _risk,
        lambda r: reverse("programme:edit_risk", args=[r.pk]),
        "title",
        "TitleFromA",
        "TitleFromB",
        _saved("title"),
    ),
    "workstream": Conflict(
        "pmo",
        _workstream,
        lambda r: reverse("programme:edit_workstream", args=[r.slug]),
        "lead_name",
        "LeadFromA",
        "LeadFromB",
        _saved("lead_name"),
    ),
    "benefit": Conflict(
        "pmo",
        _benefit,
        lambda r: reverse("programme:edit_benefit", args=[r.pk]),
        "owner",
        "OwnerFromA",
        "OwnerFromB",
        _saved("owner"),
    ),
    "quarter figure": Conflict(
        "finance",
        _figure,
        lambda r: reverse("finance:edit_figures", args=[r.pk]),
        "actual",
        "1111111",
        "2222222",
        lambda r: f"{_saved('actual')(r):.0f}",
    ),
    "workforce decision": Conflict(
        "hr",
        _outcome,
        lambda r: reverse("workforce:decide", args=[r.run.number, r.staff.employee_ref]),
        "reason",
        "ReasonFromA",
        "ReasonFromB",
        _saved("decision_reason"),
        extra={"decision": "confirmed"},
    ),
    "hosting disposition": Conflict(
        "tech",
        _application,
        lambda r: reverse("hosting:confirm", args=[r.pk]),
        "note",
        "NoteFromA",
        "NoteFromB",
        _saved("confirmation_note"),
        extra={"disposition": "rehost"},
    ),
    "migration settings": Conflict(
        "tech",
        _settings,
        lambda r: reverse("migration:settings"),
        "source_tenant_name",
        "TenantFromA",
        "TenantFromB",
        _saved("source_tenant_name"),
    ),
    "migration status": Conflict(
        "tech",
        _identity,
        lambda r: reverse("migration:identity", args=[r.pk]),
        "note",
        "NoteFromA",
        "NoteFromB",
        _mail_note,
        extra={"workload": "mail", "state": "failed"},
    ),
    "migration cut-over step": Conflict(
        "tech",
        _cutover_step,
        lambda r: reverse("migration:cutover_step", args=["CWAC", r.item]),
        "owner",
        "OwnerFromA",
        "OwnerFromB",
        _saved("owner"),
    ),
    "committee report": Conflict(
        "pmo",
        _report,
        lambda r: reverse("reports:edit", args=[r.pk]),
        "title",
        "TitleFromA",
        "TitleFromB",
        _saved("title"),
    ),
}


def _on_the_page(value: str) -> tuple[str, ...]:
    """How a value may be shown: as entered, or as pounds with thousands separators."""
    return (value, f"{int(value):,}") if value.isdigit() else (value,)


@pytest.mark.parametrize("kind", KINDS)
def test_a_refused_save_shows_what_is_saved_and_can_be_saved_again(
    demo, personas, client_for, kind
):
    case = KINDS[kind]
    record = case.record()
    url = case.url(record)
    first, second = client_for(personas[case.persona]), client_for(personas[case.persona])
    opened_by_first = edit_form(first.get(url).content.decode()) | case.extra
    opened_by_second = edit_form(second.get(url).content.decode()) | case.extra

    saved = first.post(url, opened_by_first | {case.name: case.first})
    refused = second.post(url, opened_by_second | {case.name: case.second})

    assert saved.status_code == 302
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "There is a problem" in page
    assert "changed by someone else" in page
    shown = outside_forms(page)
    assert any(v in shown for v in _on_the_page(case.first)), "it shows what is saved now"
    assert not any(v in shown for v in _on_the_page(case.second)), "not B's entry as saved"
    offered = edit_form(page)
    assert offered[case.name] == case.second, "B's entry is kept in the form"
    assert str(case.value(record)) == case.first

    again = second.post(url, offered)

    assert again.status_code == 302, "B can save over the newer version on purpose"
    assert str(case.value(record)) == case.second
