"""The workforce pages: who sees what, deciding an outcome, runs, exports and the CLI."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db.models import QuerySet
from django.urls import reverse
from docx import Document

from gemini.workforce.engine.terms import FLAG_LABELS
from gemini.workforce.models import Decision, MatchingRun, Outcome, PersonOutcome, Staff

ANONYMISED = ("workforce:index", "workforce:posts", "workforce:runs", "workforce:groupings")


def _run() -> MatchingRun:
    return MatchingRun.objects.order_by("number")[0]


def _first(queryset: QuerySet[PersonOutcome]) -> PersonOutcome:
    return queryset.order_by("pk")[0]


def _names() -> list[str]:
    return list(Staff.objects.values_list("name", flat=True))


@pytest.mark.parametrize("role", ["member", "union"])
def test_members_and_union_representatives_never_see_a_name(
    role, demo_for_module, db, personas, client_for
):
    client = client_for(personas[role])
    run = _run()
    pages = [reverse(name) for name in ANONYMISED]
    pages.append(reverse("workforce:run", args=[run.number]))
    pages += [reverse("workforce:grouping", args=[g]) for g in range(1, 3)]
    bodies = []
    for page in pages:
        response = client.get(page)
        if response.status_code == 200:
            bodies.append(response.content.decode())
    pack = client.get(reverse("workforce:run_pack", args=[run.number]))
    assert pack.status_code == 200
    document = Document(io.BytesIO(pack.content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    bodies.append(text)
    for name in _names():
        assert all(name not in body for body in bodies), name
    for personal in ("workforce:staff",):
        assert client.get(reverse(personal)).status_code == 403
    for personal in ("workforce:run_outcomes", "workforce:run_redundancy"):
        assert client.get(reverse(personal, args=[run.number])).status_code == 403
        export = client.get(reverse(personal, args=[run.number]) + "?export=xlsx")
        assert export.status_code == 403


def test_hr_at_cec_sees_the_shared_service_staff_and_hr_at_cwac_only_those_coming_to_cwac(
    demo_for_module, db, personas, client_for
):
    run = _run()
    url = reverse("workforce:run_outcomes", args=[run.number])
    cec = client_for(personas["hr"]).get(url).content.decode()
    cwac = client_for(personas["hr_cwac"]).get(url).content.decode()
    first = Staff.objects.order_by("employee_ref")[0]
    assert first.name in cec
    coming = PersonOutcome.objects.filter(run=run, proposed_post__council__code="CWAC")
    assert first.name not in cwac or coming.filter(staff=first).exists()
    assert all(o.staff.name in cwac for o in coming.select_related("staff")[:5])
    # test_queue.py checks the whole list against the rule (issue 14, item 12).


def test_the_run_page_shows_every_category_pools_and_the_consultation(
    demo_for_module, db, personas, client_for
):
    page = client_for(personas["union"]).get(reverse("workforce:run", args=[_run().number]))
    text = page.content.decode()
    for label in ("Slot-in", "Matched without interview", "Competitive ring-fence", "At risk"):
        assert label in text
    assert "Pools" in text
    assert "Consultation" in text
    assert "Equality impact" in text
    counts = set(PersonOutcome.objects.filter(run=_run()).values_list("proposed", flat=True))
    assert counts == {o.value for o in Outcome}


def test_hr_confirms_an_outcome_and_the_decision_is_kept_with_who_made_it(
    demo_for_module, db, personas, client_for
):
    run = _run()
    item = _first(PersonOutcome.objects.filter(run=run, decision=Decision.PENDING))
    ref = item.staff.employee_ref
    url = reverse("workforce:decide", args=[run.number, ref])
    client = client_for(personas["hr"])
    missing = client.post(url, {"version": item.version, "decision": "confirmed", "reason": ""})
    assert "Enter the reason for your decision" in missing.content.decode()
    response = client.post(
        url, {"version": item.version, "decision": "confirmed", "reason": "Agreed at panel."}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.decision == Decision.CONFIRMED
    assert item.decided_outcome == item.proposed
    assert item.decided_by == personas["hr"]
    assert item.decision_reason == "Agreed at panel."
    assert item.history.count() == 2  # proposed, then decided: both kept


def test_an_override_needs_an_outcome_and_keeps_the_proposal_beside_it(
    demo_for_module, db, personas, client_for
):
    run = _run()
    item = _first(PersonOutcome.objects.filter(run=run, proposed=Outcome.AT_RISK))
    url = reverse("workforce:decide", args=[run.number, item.staff.employee_ref])
    client = client_for(personas["hr"])
    bad = client.post(url, {"version": item.version, "decision": "overridden", "reason": "x"})
    assert "Select the outcome you decide on" in bad.content.decode()
    good = client.post(
        url,
        {
            "version": item.version,
            "decision": "overridden",
            "outcome": "ring_fence",
            "reason": "Redeployment pool agreed with the union.",
        },
    )
    assert good.status_code == 302
    item.refresh_from_db()
    assert (item.proposed, item.decided_outcome) == (Outcome.AT_RISK, Outcome.RING_FENCE)
    assert item.outcome == Outcome.RING_FENCE


def test_a_stale_decision_is_refused_and_nothing_is_saved(
    demo_for_module, db, personas, client_for
):
    run = _run()
    item = _first(PersonOutcome.objects.filter(run=run, decision=Decision.PENDING))
    url = reverse("workforce:decide", args=[run.number, item.staff.employee_ref])
    client = client_for(personas["hr"])
    data = {"version": item.version, "decision": "confirmed", "reason": "First."}
    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, "reason": "Second."})
    assert again.status_code == 200
    assert "changed by someone else" in again.content.decode()
    item.refresh_from_db()
    assert item.decision_reason == "First."


def test_the_programme_manager_sees_outcomes_but_may_not_decide(
    demo_for_module, db, personas, client_for
):
    run = _run()
    item = _first(PersonOutcome.objects.filter(run=run))
    client = client_for(personas["pmo"])
    url = reverse("workforce:decide", args=[run.number, item.staff.employee_ref])
    response = client.post(url, {"version": item.version, "decision": "confirmed", "reason": "x"})
    assert response.status_code == 403
    assert client.get(reverse("workforce:outcome", args=[run.number, item.staff.employee_ref]))


def test_hr_runs_a_matching_with_a_policy_that_is_recorded(
    demo_for_module, db, personas, client_for
):
    client = client_for(personas["hr"])
    response = client.post(
        reverse("workforce:new_run"),
        {
            "label": "Stricter slot-in",
            "slot_in": "80",
            "ring_fence": "55",
            "grade_steps_up": "0",
            "first_dismissal_date": "30/09/2025",
            "multiplier": "1.5",
            "cap_weeks": "40",
        },
    )
    assert response.status_code == 302
    run = MatchingRun.objects.order_by("-number")[0]
    assert run.created_by == personas["hr"]
    assert run.policy["matching"] == {
        "slot_in": 80.0,
        "ring_fence": 55.0,
        "grade_steps_up": 0,
        "honour_preferences": False,
        "pay_protection_months": 12,
        "fte_tolerance": 0.1,
        "job_shares": False,
    }
    assert run.policy["discretionary"]["multiplier"] == "1.5"
    assert run.outcomes.count() == Staff.objects.count()


def test_list_pages_use_a_fixed_number_of_queries(
    demo_for_module, db, personas, client_for, django_assert_max_num_queries
):
    client = client_for(personas["hr"])
    run = _run()
    for url in (
        reverse("workforce:staff"),
        reverse("workforce:posts"),
        reverse("workforce:runs"),
        reverse("workforce:groupings"),
        reverse("workforce:run_outcomes", args=[run.number]),
        reverse("workforce:run_redundancy", args=[run.number]),
    ):
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200


def test_hr_exports_the_outcomes_with_the_redundancy_sheet(
    demo_for_module, db, personas, client_for
):
    response = client_for(personas["hr"]).get(
        reverse("workforce:run_outcomes", args=[_run().number]) + "?export=xlsx"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxml")


def test_the_match_command_prints_the_issue_keys(demo_for_module, db, capsys):
    call_command("workforce", "match", "--slot-in", "75", "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "run",
        "policy",
        "staff",
        "posts",
        "slot_in",
        "matched",
        "ring_fence",
        "at_risk",
        "pools",
        "outcomes",
    }
    assert data["policy"]["matching"]["slot_in"] == 75.0
    assert set(data["outcomes"][0]) == {
        "employee_ref",
        "outcome",
        "post_ref",
        "reasons",
        "flags",
        "contested_posts",
    }
    ring_fenced = [o for o in data["outcomes"] if o["outcome"] == "ring_fence"]
    assert ring_fenced, "the small demo has a genuine competition"
    for outcome in ring_fenced:
        assert outcome["post_ref"] is None
        assert outcome["contested_posts"]
        assert all(post["places"] >= 1 for post in outcome["contested_posts"])


def test_the_match_command_records_job_shares_from_the_setting_or_the_flag(
    demo_for_module, db, capsys, settings
):
    call_command("workforce", "match", "--json")
    assert json.loads(capsys.readouterr().out)["policy"]["matching"]["job_shares"] is False
    settings.GEMINI_WORKFORCE_JOB_SHARES = True
    call_command("workforce", "match", "--json")
    assert json.loads(capsys.readouterr().out)["policy"]["matching"]["job_shares"] is True
    call_command("workforce", "match", "--no-job-shares", "--json")
    assert json.loads(capsys.readouterr().out)["policy"]["matching"]["job_shares"] is False


def test_the_outcome_page_shows_the_engines_flags_as_words(
    demo_for_module, db, personas, client_for
):
    item = PersonOutcome.objects.filter(run=_run()).exclude(flags=[]).select_related("staff")[0]
    page = client_for(personas["hr"]).get(
        reverse("workforce:outcome", args=[item.run.number, item.staff.employee_ref])
    )
    text = page.content.decode()
    assert FLAG_LABELS[item.flags[0]] in text


def test_the_redundancy_pay_command_gives_money_as_strings_with_pence(capsys):
    call_command(
        "workforce",
        "redundancy-pay",
        "--age",
        "45",
        "--years",
        "10",
        "--weekly-pay",
        "800",
        "--date",
        "2025-06-01",
        "--json",
    )
    assert json.loads(capsys.readouterr().out) == {
        "eligible": True,
        "weeks": 12.0,
        "weekly_pay_used": "719.00",
        "cap": "719.00",
        "amount": "8628.00",
        "warnings": [],
    }
