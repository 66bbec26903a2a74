"""HR's decision queue (issue 14, item 7) and who sees whom (item 12): search and filters,
confirming several with one reason, the next person after saving, and HR at the receiving
council seeing the people coming to it, not the rest."""

from __future__ import annotations

import re

from django.urls import reverse

from gemini.workforce.models import Decision, Outcome, PersonOutcome


def _run_number() -> int:
    return PersonOutcome.objects.order_by("run__number").values_list("run__number", flat=True)[0]


def _pending(n: int) -> list[PersonOutcome]:
    return list(
        PersonOutcome.objects.filter(run__number=_run_number(), decision=Decision.PENDING)
        .exclude(proposed__in=(Outcome.SLOT_IN, Outcome.MATCHED))  # no post to fill
        .select_related("staff", "run")
        .order_by("staff__employee_ref")[:n]
    )


def _refs(page: str) -> list[str]:
    return re.findall(r"/outcomes/([^/\"]+)/\">", page)


def test_the_queue_searches_by_name_or_ref_and_filters_by_decision(
    demo_for_module, db, personas, client_for
):
    person = _pending(1)[0]
    url = reverse("workforce:run_outcomes", args=[person.run.number])
    client = client_for(personas["hr"])

    by_name = client.get(url, {"q": person.staff.name.split()[-1].upper()}).content.decode()
    assert person.staff.employee_ref in _refs(by_name)
    by_ref = client.get(url, {"q": person.staff.employee_ref}).content.decode()
    assert _refs(by_ref) == [person.staff.employee_ref]

    tag = 'govuk-tag--grey">Awaiting decision'
    awaiting = client.get(url, {"decision": "pending"}).content.decode()
    assert tag in awaiting
    assert "Confirmed:" not in awaiting
    confirmed = client.get(url, {"decision": "confirmed"}).content.decode()
    assert tag not in confirmed


def test_hr_confirms_several_with_one_reason_recorded_on_each(
    demo_for_module, db, personas, client_for
):
    chosen = _pending(3)
    url = reverse("workforce:confirm_selected", args=[chosen[0].run.number])
    response = client_for(personas["hr"]).post(
        url,
        {
            "confirm": [f"{o.staff.employee_ref}:{o.version}" for o in chosen],
            "reason": "Agreed at the panel of 3 March.",
            "decision": "pending",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?decision=pending")
    for item in chosen:
        item.refresh_from_db()
        assert item.decision == Decision.CONFIRMED
        assert item.decision_reason == "Agreed at the panel of 3 March."
        assert item.decided_by == personas["hr"]
        assert item.history.count() == 2


def test_one_refusal_saves_none_and_names_the_person(demo_for_module, db, personas, client_for):
    chosen = _pending(2)
    stale = chosen[1]
    url = reverse("workforce:confirm_selected", args=[chosen[0].run.number])
    response = client_for(personas["hr"]).post(
        url,
        {
            "confirm": [
                f"{chosen[0].staff.employee_ref}:{chosen[0].version}",
                f"{stale.staff.employee_ref}:{stale.version + 5}",  # opened at another version
            ],
            "reason": "Agreed.",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert f"{stale.staff.employee_ref}: " in page
    assert "Nothing was saved" in page
    for item in chosen:
        item.refresh_from_db()
        assert item.decision == Decision.PENDING


def test_no_selection_or_no_reason_is_refused_with_the_reasons(
    demo_for_module, db, personas, client_for
):
    url = reverse("workforce:confirm_selected", args=[_run_number()])
    page = client_for(personas["hr"]).post(url, {}).content.decode()
    assert "Select the people whose proposals you confirm" in page
    assert "Enter the reason for your decisions" in page


def test_save_and_decide_the_next_goes_to_the_next_person_awaiting(
    demo_for_module, db, personas, client_for
):
    first, second = _pending(2)
    url = reverse("workforce:decide", args=[first.run.number, first.staff.employee_ref])
    response = client_for(personas["hr"]).post(
        url,
        {
            "version": first.version,
            "decision": "confirmed",
            "reason": "As proposed.",
            "then": "next",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "workforce:decide", args=[first.run.number, second.staff.employee_ref]
    )


def test_the_outcome_page_links_the_previous_and_next_person(
    demo_for_module, db, personas, client_for
):
    refs = list(
        PersonOutcome.objects.filter(run__number=_run_number())
        .order_by("staff__employee_ref")
        .values_list("staff__employee_ref", flat=True)[:3]
    )
    page = (
        client_for(personas["hr"])
        .get(reverse("workforce:outcome", args=[_run_number(), refs[1]]))
        .content.decode()
    )
    assert reverse("workforce:outcome", args=[_run_number(), refs[0]]) + '" rel="prev"' in page
    assert reverse("workforce:outcome", args=[_run_number(), refs[2]]) + '" rel="next"' in page


def test_hr_at_cwac_sees_the_people_coming_to_cwac_and_not_the_rest(
    demo_for_module, db, personas, client_for
):
    number = _run_number()
    outcomes = PersonOutcome.objects.filter(run__number=number).select_related(
        "staff", "proposed_post__council"
    )
    coming = {
        o.staff.employee_ref
        for o in outcomes
        if o.proposed_post is not None and o.proposed_post.council.code == "CWAC"
    }
    staying = {o.staff.employee_ref for o in outcomes} - coming
    assert coming, "the demo proposes people into CWaC posts"
    assert staying, "and people into CEC's"
    client = client_for(personas["hr_cwac"])

    listed = set(
        _refs(client.get(reverse("workforce:run_outcomes", args=[number])).content.decode())
    )
    assert listed == coming
    staff_page = client.get(reverse("workforce:staff")).content.decode()
    assert all(ref in staff_page for ref in list(coming)[:5])
    assert not any(f">{ref} " in staff_page for ref in staying)
    one_coming, one_staying = sorted(coming)[0], sorted(staying)[0]
    assert client.get(reverse("workforce:outcome", args=[number, one_coming])).status_code == 200
    assert client.get(reverse("workforce:outcome", args=[number, one_staying])).status_code == 404
    # Seeing is not deciding: the employer's HR decides.
    decide = client.get(reverse("workforce:decide", args=[number, one_coming]))
    assert decide.status_code == 403
    page = client.get(reverse("workforce:outcome", args=[number, one_coming])).content.decode()
    assert "Confirm or override" not in page
