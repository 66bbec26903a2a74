"""HR's decisions cannot double-book a post, put a post on an at-risk outcome, or depart from
the run's policy unseen (issue 14, item 6; docs/workforce.md, "HR decisions")."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gemini.workforce import services
from gemini.workforce.engine.decisions import Holder, has_room, policy_breaches
from gemini.workforce.models import Decision, Outcome, PersonOutcome, Post
from gemini.workforce.tests.test_api import _decide, api


def _single_place_proposal() -> tuple[PersonOutcome, Post]:
    """A pending proposal into a post with one place, and the post."""
    item = (
        PersonOutcome.objects.filter(
            decision=Decision.PENDING,
            proposed__in=(Outcome.SLOT_IN, Outcome.MATCHED),
            proposed_post__count=1,
        )
        .select_related("run", "staff", "proposed_post")
        .order_by("staff__employee_ref")[0]
    )
    assert item.proposed_post is not None
    return item, item.proposed_post


def _someone_else(item: PersonOutcome) -> PersonOutcome:
    return (
        PersonOutcome.objects.filter(run=item.run, decision=Decision.PENDING)
        .exclude(pk=item.pk)
        .select_related("staff")
        .order_by("staff__employee_ref")[0]
    )


def _override_into(post: Post, other: PersonOutcome, **extra: Any) -> dict[str, Any]:
    return {
        "decision": "overridden",
        "outcome": "matched",
        "post_ref": post.post_ref,
        "reason": "Moderated at panel.",
        "version": other.version,
        "accept_policy_breaches": True,
        **extra,
    }


def test_a_confirm_into_a_post_already_given_by_an_override_is_409_naming_the_holder(
    demo_for_module, db, personas
):
    # Today: ICT0013 overridden into CEC-0002 (one place) and ICT0060 confirmed into it: both 200.
    proposal, post = _single_place_proposal()
    other = _someone_else(proposal)
    client = api(personas["hr"])

    first = _decide(client, other, _override_into(post, other))
    assert first.status_code == 200, first.content

    second = _decide(
        client,
        proposal,
        {"decision": "confirmed", "reason": "As proposed.", "version": proposal.version},
    )
    assert second.status_code == 409, second.content
    detail = second.json()["detail"]
    assert post.post_ref in detail
    assert other.staff.employee_ref in detail
    assert "1 place" in detail
    proposal.refresh_from_db()
    assert proposal.decision == Decision.PENDING  # nothing written


def test_the_web_form_refuses_the_second_person_into_a_full_post(
    demo_for_module, db, personas, client_for
):
    proposal, post = _single_place_proposal()
    other = _someone_else(proposal)
    services.decide_outcome(
        other,
        other.version,
        personas["hr"],
        Decision.OVERRIDDEN,
        "Moderated.",
        Outcome.MATCHED,
        post,
        accept_breaches=True,
    )
    url = reverse("workforce:decide", args=[proposal.run.number, proposal.staff.employee_ref])
    page = client_for(personas["hr"]).post(
        url, {"version": proposal.version, "decision": "confirmed", "reason": "As proposed."}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "There is a problem" in text
    assert f"{post.post_ref} has 1 place and it is taken" in text
    assert other.staff.employee_ref in text
    # The override list shows the post with no place left.
    assert f"{post.post_ref} {post.title} (0 of 1 place left)" in text


def test_an_at_risk_decision_with_a_post_is_refused_not_silently_dropped(
    demo_for_module, db, personas
):
    item = _someone_else(_single_place_proposal()[0])
    post = Post.objects.order_by("post_ref")[0]
    response = _decide(
        api(personas["hr"]),
        item,
        {
            "decision": "overridden",
            "outcome": "at_risk",
            "post_ref": post.post_ref,
            "reason": "x",
            "version": item.version,
        },
    )
    assert response.status_code == 422, response.content
    item.refresh_from_db()
    assert item.decision == Decision.PENDING
    with pytest.raises(ValidationError, match="at-risk outcome has no post"):
        services.decide_outcome(
            item, item.version, personas["hr"], Decision.OVERRIDDEN, "x", Outcome.AT_RISK, post
        )


def test_an_override_against_the_policy_is_shown_and_saved_only_once_accepted(
    demo_for_module, db, personas, client_for
):
    item = (
        PersonOutcome.objects.filter(decision=Decision.PENDING, proposed=Outcome.AT_RISK)
        .select_related("run", "staff__grade")
        .order_by("staff__employee_ref")[0]
    )
    above = Post.objects.filter(grade__rank__gt=item.staff.grade.rank).order_by("post_ref").first()
    assert above is not None, "the demo has a post above this person's grade"
    client = client_for(personas["hr"])
    url = reverse("workforce:decide", args=[item.run.number, item.staff.employee_ref])
    body = {
        "version": item.version,
        "decision": "overridden",
        "outcome": "matched",
        "post": above.post_ref,
        "reason": "The manager asks for it.",
    }

    warned = client.post(url, body)
    assert warned.status_code == 200
    text = warned.content.decode()
    assert "departs from the run&#39;s policy" in text or "departs from the run's policy" in text
    assert "filled by competitive selection" in text
    item.refresh_from_db()
    assert item.decision == Decision.PENDING

    saved = client.post(url, {**body, "accept_breaches": "on"})
    assert saved.status_code == 302
    item.refresh_from_db()
    assert item.decision == Decision.OVERRIDDEN
    assert any("competitive selection" in b for b in item.policy_breaches)


def test_the_api_answers_422_listing_the_breaches_until_they_are_accepted(
    demo_for_module, db, personas
):
    top = max(Post.objects.values_list("grade__rank", flat=True))
    item = (
        PersonOutcome.objects.filter(
            decision=Decision.PENDING, proposed=Outcome.AT_RISK, staff__grade__rank__lt=top
        )
        .select_related("run", "staff__grade")
        .order_by("-staff__employee_ref")[0]
    )
    above = Post.objects.filter(grade__rank__gt=item.staff.grade.rank).order_by("post_ref")[0]
    client = api(personas["hr"])
    body = _override_into(above, item, accept_policy_breaches=False)
    refused = _decide(client, item, body)
    assert refused.status_code == 422, refused.content
    assert "competitive selection" in refused.json()["detail"]
    accepted = _decide(client, item, {**body, "accept_policy_breaches": True})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["policy_breaches"]


@pytest.mark.parametrize(
    ("outcome", "own", "post", "duty", "expected"),
    [
        ("matched", 5, 5, 80.0, []),
        ("matched", 5, 4, 60.0, []),  # one below: pay protection, within policy
        ("matched", 5, 6, 80.0, ["above the person's own"]),
        ("matched", 5, 3, 80.0, ["suitable alternative employment"]),
        ("matched", 5, 5, 49.9, ["below the ring-fence threshold of 50.0"]),
        ("slot_in", 5, 5, 69.9, ["below the slot-in threshold of 70.0"]),
        ("slot_in", 5, 4, 90.0, ["only into a post at the person's own grade"]),
        ("ring_fence", 5, 6, 55.0, []),
        ("ring_fence", 5, 5, None, ["No duty match"]),
        ("at_risk", 5, None, None, []),
    ],
)
def test_policy_breaches_follow_the_runs_rules(outcome, own, post, duty, expected):
    found = policy_breaches(outcome, own, post, duty, slot_in=70.0, ring_fence=50.0)
    assert len(found) == len(expected), found
    for breach, words in zip(found, expected, strict=True):
        assert words in breach


def test_the_history_panel_names_people_and_posts_and_gives_uk_dates(
    demo_for_module, db, personas, client_for
):
    # Today: "Decided by: → 3" and an ISO timestamp.
    proposal, post = _single_place_proposal()
    services.decide_outcome(
        proposal, proposal.version, personas["hr"], Decision.CONFIRMED, "As proposed."
    )
    url = reverse("workforce:outcome", args=[proposal.run.number, proposal.staff.employee_ref])
    page = client_for(personas["hr"]).get(url).content.decode()
    history = page[page.index('id="history"') :]
    assert f"→ {personas['hr']}" in history
    assert f"→ {post}" in history
    proposal.refresh_from_db()
    assert proposal.decided_at is not None
    local = timezone.localtime(proposal.decided_at)
    assert f"→ {local:%d/%m/%Y %H:%M}" in history
    assert not re.search(r"→ \d+<", history), "no raw ids"
    assert not re.search(r"\d{4}-\d{2}-\d{2}", history), "no ISO dates"


def test_a_run_allowing_job_shares_lets_two_part_timers_into_one_place_within_its_hours(
    demo_for_module, db, personas
):
    # Issue 14, item 3: a job share is two part-time people in one post's FTE; off by default.
    proposal, post = _single_place_proposal()
    other = _someone_else(proposal)
    for item in (proposal, other):
        item.staff.fte = Decimal("0.50")
        item.staff.save()

    def override(item: PersonOutcome) -> PersonOutcome:
        item.refresh_from_db()
        return services.decide_outcome(
            item,
            item.version,
            personas["hr"],
            Decision.OVERRIDDEN,
            "A job share agreed by both.",
            Outcome.MATCHED,
            post,
            accept_breaches=True,
        )

    override(other)
    with pytest.raises(services.PostFullError):  # the run does not allow job shares
        override(proposal)
    run = proposal.run
    run.policy = {**run.policy, "matching": {**run.policy["matching"], "job_shares": True}}
    run.save()
    assert override(proposal).decided_post == post
    third = (
        PersonOutcome.objects.filter(run=run, decision=Decision.PENDING)
        .exclude(pk__in=[proposal.pk, other.pk])
        .order_by("staff__employee_ref")[0]
    )
    third.staff.fte = Decimal("0.20")
    third.staff.save()
    with pytest.raises(services.PostFullError):  # two to a place at most
        override(third)


@pytest.mark.parametrize(
    ("holders", "person", "job_shares", "expected"),
    [
        ([], 1.0, False, True),
        ([1.0], 0.5, False, False),
        ([0.5], 0.5, True, True),
        ([0.6], 0.5, True, False),  # 1.1 FTE in a 1.0 post, tolerance 0.05
        ([0.5, 0.5], 0.2, True, False),
    ],
)
def test_room_in_a_post_counts_people_and_hours(holders, person, job_shares, expected):
    held = [Holder(f"E{i}", "", "confirmed", fte) for i, fte in enumerate(holders)]
    assert has_room(1, 1.0, held, person, job_shares, 0.05) is expected
