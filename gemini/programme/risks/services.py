"""Writes for the programme app: one function per action, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from gemini.core.models import Confidentiality, Organisation, User
from gemini.core.services import Outcome, upsert
from gemini.core.versioning import StaleEditError, save_edit
from gemini.programme import engine, figures
from gemini.programme.models import (
    AgendaItem,
    Assumption,
    Benefit,
    BenefitMeasurement,
    BenefitProfile,
    CatalogueService,
    Decision,
    GovernanceBody,
    Issue,
    Meeting,
    Milestone,
    OverallStatus,
    Paper,
    Programme,
    Risk,
    RiskAction,
    RiskBand,
    RiskMatrix,
    ServiceOwner,
    StatusUpdate,
    Workstream,
)


def _only_fields(values: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Refuse a write that names a field this action does not set (a programming error)."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"These fields cannot be set here: {sorted(unknown)}")


def save_programme(
    name: str, slug: str, sponsor: Organisation, description: str = ""
) -> tuple[Programme, Outcome]:
    return upsert(
        Programme, {"slug": slug}, {"name": name, "sponsor": sponsor, "description": description}
    )


def save_workstream(
    programme: Programme,
    slug: str,
    name: str,
    order: int,
    purpose: str = "",
    lead_name: str = "",
) -> tuple[Workstream, Outcome]:
    return upsert(
        Workstream,
        {"programme": programme, "slug": slug},
        {"name": name, "order": order, "purpose": purpose, "lead_name": lead_name},
    )


def edit_workstream(
    workstream: Workstream, expected_version: int, changes: Mapping[str, Any]
) -> Workstream:
    """An officer's edit of a workstream, refused (StaleEditError) if someone saved in between."""
    allowed = {"name", "purpose", "lead_name"}
    _only_fields(changes, allowed)
    return save_edit(workstream, expected_version, changes)


def add_workstream_lead(workstream: Workstream, user: User) -> None:
    with transaction.atomic():
        workstream.leads.add(user)


def save_body(
    programme: Programme,
    name: str,
    short_name: str,
    kind: str,
    order: int,
    organisation: Organisation | None = None,
    role: str = "",
) -> tuple[GovernanceBody, Outcome]:
    return upsert(
        GovernanceBody,
        {"programme": programme, "name": name},
        {
            "short_name": short_name,
            "kind": kind,
            "order": order,
            "organisation": organisation,
            "role": role,
        },
    )


def save_meeting(body: GovernanceBody, date: dt.date, title: str = "") -> tuple[Meeting, Outcome]:
    return upsert(Meeting, {"body": body, "date": date}, {"title": title})


def save_paper(
    meeting: Meeting,
    title: str,
    reference: str = "",
    summary: str = "",
    exempt_paragraph: int | None = None,
    public_interest_reason: str = "",
) -> tuple[Paper, Outcome]:
    """A paper to a meeting; give `exempt_paragraph` (Schedule 12A, 1–7) to make it Part 2."""
    return upsert(
        Paper,
        {"meeting": meeting, "title": title},
        {
            "reference": reference,
            "summary": summary,
            "confidentiality": (
                Confidentiality.EXEMPT if exempt_paragraph else Confidentiality.PUBLIC
            ),
            "exempt_paragraph": exempt_paragraph,
            "public_interest_reason": public_interest_reason,
        },
    )


# ---------------------------------------------------------------- status


def scale_of(programme: Programme) -> tuple[str, ...]:
    return engine.SCALES[programme.status_scale]


def _check_rating(programme: Programme, rating: str) -> None:
    scale = scale_of(programme)
    if rating not in scale:
        raise ValidationError(
            {"rating": f"{rating} is not on this programme's scale ({', '.join(scale)})."}
        )


def next_reference(model: Any, programme: Programme, prefix: str) -> str:
    """The next free reference in a register (R10 after R09; the width of the register's own
    numbers kept, so R01…R09 go on to R10 and I1…I4 to I5)."""
    numbers: list[tuple[int, int]] = []
    for reference in model.objects.filter(
        programme=programme, reference__startswith=prefix
    ).values_list("reference", flat=True):
        digits = reference[len(prefix) :]
        if digits.isdigit():
            numbers.append((int(digits), len(digits)))
    if not numbers:
        return f"{prefix}1"
    highest, width = max(numbers)
    return f"{prefix}{highest + 1:0{width}d}"


def _reference(model: Any, programme: Programme, reference: str, prefix: str) -> str:
    return reference.strip() or next_reference(model, programme, prefix)


class WouldReplaceError(ValidationError):
    """Saving would replace a record someone keyed by the same date: the person must confirm."""


def _recorded_by(record: Any) -> str:
    """Who last saved a record and when, from its audit history ("Demo Lead at 14:02")."""
    last = record.history.select_related("history_user").order_by("-history_date").first()
    if last is None or last.history_user is None:
        return "someone (not recorded)"
    when = timezone.localtime(last.history_date)
    name = str(last.history_user)
    return f"{name} on {when:%d/%m/%Y at %H:%M}"


def _refuse_silent_replace(
    existing: Any, what: str, field: str = "replace", shown: str | None = None
) -> None:
    """Refuse (WouldReplaceError) to overwrite a record keyed by a date, naming who recorded it,
    when and what it says (`shown`; a status's rating by default), so the person confirms."""
    if existing is not None:
        said = shown if shown is not None else existing.rating
        raise WouldReplaceError(
            {
                field: f"{what} for {existing.date:%d/%m/%Y} was already recorded by "
                f"{_recorded_by(existing)} ({said}). Saving replaces it: tick "
                "the box to confirm, or change the date."
            },
            code="would_replace",
        )


def save_status_update(
    workstream: Workstream,
    date: dt.date,
    rating: str,
    narrative: str = "",
    achievements: str = "",
    next_steps: str = "",
    *,
    replace: bool = True,
) -> tuple[StatusUpdate, Outcome]:
    """A workstream's status on a date (one per workstream per date; saving again updates it).

    With `replace=False` (the web form until the person confirms) an update already recorded
    for that date is never silently overwritten: `WouldReplaceError` names who recorded it.
    """
    _check_rating(workstream.programme, rating)
    if not replace:
        _refuse_silent_replace(
            StatusUpdate.objects.filter(workstream=workstream, date=date).first(),
            f"The {workstream.name} status",
        )
    return upsert(
        StatusUpdate,
        {"workstream": workstream, "date": date},
        {
            "rating": rating,
            "narrative": narrative,
            "achievements": achievements,
            "next_steps": next_steps,
        },
    )


def suggest_overall(programme: Programme, when: dt.date) -> engine.Suggestion:
    """The rule's suggestion for `when` (programme.figures.status_as_at)."""
    return figures.status_as_at(programme, when).suggestion


def record_overall_status(
    programme: Programme, date: dt.date, rating: str, reason: str, *, replace: bool = True
) -> tuple[OverallStatus, Outcome]:
    """The overall judgement on a date, stored beside what the rule suggested that day (with
    `replace=False`, never over a judgement already recorded for that date: see
    `save_status_update`)."""
    _check_rating(programme, rating)
    if not replace:
        _refuse_silent_replace(
            OverallStatus.objects.filter(programme=programme, date=date).first(),
            "The overall status",
        )
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the overall status."})
    suggestion = suggest_overall(programme, date)
    return upsert(
        OverallStatus,
        {"programme": programme, "date": date},
        {
            "rating": rating,
            "reason": reason,
            "suggested_rating": suggestion.rating,
            "suggestion_rule": suggestion.rule,
        },
    )


# ---------------------------------------------------------------- risks


def save_risk_matrix(
    programme: Programme,
    levels: int = 5,
    bands: Sequence[engine.Band] = engine.DEFAULT_BANDS,
    appetite: int | None = None,
    likelihood_labels: Sequence[str] = (),
    impact_labels: Sequence[str] = (),
) -> tuple[RiskMatrix, Outcome]:
    """A register's matrix; refused unless every possible score lands in exactly one band."""
    problems = engine.Matrix(levels, tuple(bands)).check()
    if problems:
        raise ValidationError({"bands": problems})
    with transaction.atomic():
        matrix, outcome = upsert(
            RiskMatrix,
            {"programme": programme},
            {
                "levels": levels,
                "appetite": appetite,
                "likelihood_labels": list(likelihood_labels),
                "impact_labels": list(impact_labels),
            },
        )
        names = [band.name for band in bands]
        stale = matrix.bands.exclude(name__in=names)
        if stale.exists():
            stale.delete()
            outcome = "updated"
        for band in bands:
            _, band_outcome = upsert(
                RiskBand,
                {"matrix": matrix, "name": band.name},
                {"lowest": band.lowest, "highest": band.highest, "colour": band.colour},
            )
            if band_outcome != "unchanged" and outcome == "unchanged":
                outcome = "updated"
    return matrix, outcome


def matrix_for(programme: Programme) -> engine.Matrix:
    matrix = RiskMatrix.objects.filter(programme=programme).first()
    return matrix.as_engine() if matrix else engine.DEFAULT_MATRIX


RISK_FIELDS = (
    "title",
    "cause",
    "event",
    "effect",
    "category",
    "workstream",
    "owner",
    "inherent_likelihood",
    "inherent_impact",
    "current_likelihood",
    "current_impact",
    "target_likelihood",
    "target_impact",
    "response",
    "review_date",
    "proximity",
    "status",
    "confidentiality",
    "exempt_paragraph",
    "public_interest_reason",
)


def save_risk(
    programme: Programme, reference: str, values: Mapping[str, Any]
) -> tuple[Risk, Outcome]:
    """Create or update a risk by its reference (imports and the demo)."""
    _only_fields(values, RISK_FIELDS)
    return upsert(Risk, {"programme": programme, "reference": reference}, values)


def create_risk(programme: Programme, reference: str, values: Mapping[str, Any]) -> Risk:
    """A new risk entered in a form (a blank reference gets the next free one)."""
    reference = _reference(Risk, programme, reference, "R")
    if Risk.objects.filter(programme=programme, reference=reference).exists():
        raise ValidationError({"reference": f"There is already a risk {reference}."})
    risk, _ = save_risk(programme, reference, values)
    return risk


def edit_risk(risk: Risk, expected_version: int, changes: Mapping[str, Any]) -> Risk:
    _only_fields(changes, RISK_FIELDS)
    return save_edit(risk, expected_version, changes)


def save_risk_action(
    risk: Risk,
    description: str,
    owner: str = "",
    due_date: dt.date | None = None,
    completed_date: dt.date | None = None,
) -> tuple[RiskAction, Outcome]:
    return upsert(
        RiskAction,
        {"risk": risk, "description": description},
        {"owner": owner, "due_date": due_date, "completed_date": completed_date},
    )


def raise_issue_from_risk(risk: Risk, reference: str, raised_date: dt.date) -> Issue:
    """The risk has happened: it becomes an issue, linked to it, and the risk is marked so."""
    reference = _reference(Issue, risk.programme, reference, "I")
    with transaction.atomic():
        issue, _ = save_issue(
            risk.programme,
            reference,
            {
                "title": risk.title,
                "description": risk.event or risk.title,
                "workstream": risk.workstream,
                "owner": risk.owner,
                "raised_date": raised_date,
                "priority": Issue.Priority.HIGH,
                "risk": risk,
                "confidentiality": risk.confidentiality,
                "exempt_paragraph": risk.exempt_paragraph,
                "public_interest_reason": risk.public_interest_reason,
            },
        )
        if risk.status != Risk.Status.OCCURRED:
            risk.status = Risk.Status.OCCURRED
            risk.full_clean()
            risk.save()
    return issue


def score_history(risk: Risk) -> list[tuple[dt.datetime, int, int, int]]:
    """(when, likelihood, impact, score) each time the current score changed, oldest first."""
    points: list[tuple[dt.datetime, int, int, int]] = []
    history: Any = risk.history  # added by simple-history
    for row in history.order_by("history_date", "history_id").values_list(
        "history_date", "current_likelihood", "current_impact"
    ):
        when, likelihood, impact = row
        if not points or (points[-1][1], points[-1][2]) != (likelihood, impact):
            points.append((when, likelihood, impact, likelihood * impact))
    return points


# ---------------------------------------------------------------- issues, decisions, assumptions

ISSUE_FIELDS = (
    "title",
    "description",
    "workstream",
    "priority",
    "owner",
    "raised_date",
    "resolved_date",
    "resolution",
    "escalated_to",
    "risk",
    "confidentiality",
    "exempt_paragraph",
    "public_interest_reason",
)


def save_issue(
    programme: Programme, reference: str, values: Mapping[str, Any]
) -> tuple[Issue, Outcome]:
    _only_fields(values, ISSUE_FIELDS)
    return upsert(Issue, {"programme": programme, "reference": reference}, values)


def create_issue(programme: Programme, reference: str, values: Mapping[str, Any]) -> Issue:
    reference = _reference(Issue, programme, reference, "I")
    if Issue.objects.filter(programme=programme, reference=reference).exists():
        raise ValidationError({"reference": f"There is already an issue {reference}."})
    issue, _ = save_issue(programme, reference, values)
    return issue


def edit_issue(issue: Issue, expected_version: int, changes: Mapping[str, Any]) -> Issue:
    _only_fields(changes, ISSUE_FIELDS)
    return save_edit(issue, expected_version, changes)


DECISION_FIELDS = (
    "title",
    "body",
    "meeting",
    "date",
    "recommendations",
    "resolution",
    "confidentiality",
    "exempt_paragraph",
    "public_interest_reason",
)


def save_decision(
    programme: Programme, reference: str, values: Mapping[str, Any]
) -> tuple[Decision, Outcome]:
    _only_fields(values, DECISION_FIELDS)
    return upsert(Decision, {"programme": programme, "reference": reference}, values)


def save_assumption(
    programme: Programme,
    reference: str,
    description: str,
    owner: str = "",
    workstream: Workstream | None = None,
    validated: bool = False,
) -> tuple[Assumption, Outcome]:
    return upsert(
        Assumption,
        {"programme": programme, "reference": reference},
        {
            "description": description,
            "owner": owner,
            "workstream": workstream,
            "validated": validated,
        },
    )


def save_agenda_item(
    meeting: Meeting, order: int, title: str, paper: Paper | None = None
) -> tuple[AgendaItem, Outcome]:
    return upsert(
        AgendaItem, {"meeting": meeting, "title": title}, {"order": order, "paper": paper}
    )


# ---------------------------------------------------------------- milestones

MILESTONE_FIELDS = (
    "title",
    "workstream",
    "owner",
    "baseline_date",
    "forecast_date",
    "actual_date",
    "status",
)


def save_milestone(
    programme: Programme,
    reference: str,
    values: Mapping[str, Any],
    predecessors: Sequence[Milestone] | None = None,
) -> tuple[Milestone, Outcome]:
    """Create or update a milestone; `predecessors` (if given) replaces its dependencies."""
    _only_fields(values, MILESTONE_FIELDS)
    with transaction.atomic():
        milestone, outcome = upsert(
            Milestone, {"programme": programme, "reference": reference}, values
        )
        if predecessors is not None:
            if milestone in predecessors:
                raise ValidationError({"predecessors": "A milestone cannot depend on itself."})
            wanted = {m.pk for m in predecessors}
            have = set(milestone.predecessors.values_list("pk", flat=True))
            if wanted != have:
                milestone.predecessors.set(predecessors)
                if outcome == "unchanged":
                    outcome = "updated"
    return milestone, outcome


def set_predecessors(milestone: Milestone, predecessors: Sequence[Milestone]) -> None:
    with transaction.atomic():
        if milestone in predecessors:
            raise ValidationError({"predecessors": "A milestone cannot depend on itself."})
        milestone.predecessors.set(predecessors)


def edit_milestone(
    milestone: Milestone, expected_version: int, changes: Mapping[str, Any]
) -> Milestone:
    _only_fields(changes, MILESTONE_FIELDS)
    return save_edit(milestone, expected_version, changes)


def milestone_flags(milestones: Sequence[Milestone], today: dt.date) -> dict[int, tuple[str, ...]]:
    """Dependency flags by milestone id (milestones' predecessors must be prefetched)."""
    facts = [
        engine.MilestoneFact(
            str(m.pk),
            m.baseline_date,
            m.forecast_date,
            m.actual_date,
            tuple(str(p.pk) for p in m.predecessors.all()),
        )
        for m in milestones
    ]
    names = {str(m.pk): m.reference for m in milestones}
    flags = engine.dependency_flags(facts, today)
    result: dict[int, tuple[str, ...]] = {}
    for key, messages in flags.items():
        shown = []
        for message in messages:
            for pk, reference in names.items():
                message = message.replace(f"Predecessor {pk} ", f"Predecessor {reference} ")
                message = message.replace(f"(through {pk})", f"(through {reference})")
            shown.append(message)
        result[int(key)] = tuple(shown)
    return result


# ---------------------------------------------------------------- benefits

BENEFIT_FIELDS = (
    "title",
    "description",
    "kind",
    "category",
    "financial",
    "cash_releasing",
    "quantitative",
    "owner_organisation",
    "owner",
    "measure",
    "baseline",
    "target",
    "full_year_value",
)


def save_benefit(
    programme: Programme, reference: str, values: Mapping[str, Any]
) -> tuple[Benefit, Outcome]:
    _only_fields(values, BENEFIT_FIELDS)
    return upsert(Benefit, {"programme": programme, "reference": reference}, values)


def save_benefit_profile(
    benefit: Benefit, organisation: Organisation, financial_year: str, amount: Decimal
) -> tuple[BenefitProfile, Outcome]:
    return upsert(
        BenefitProfile,
        {"benefit": benefit, "organisation": organisation, "financial_year": financial_year},
        {"amount": amount},
    )


def record_measurement(
    benefit: Benefit, date: dt.date, value: Decimal, note: str = "", *, replace: bool = True
) -> tuple[BenefitMeasurement, Outcome]:
    """A benefit's measured value on a date (one per date). With `replace=False` (the web form
    until the person confirms) a measurement already recorded for that date is never silently
    overwritten: `WouldReplaceError` names who recorded it (see `save_status_update`)."""
    if not benefit.quantitative:
        raise ValidationError(
            {"value": "This benefit is qualitative: it has no measure to record a value against."}
        )
    if not replace:
        existing = BenefitMeasurement.objects.filter(benefit=benefit, date=date).first()
        _refuse_silent_replace(
            existing,
            f"A measurement of {benefit.reference}",
            shown=f"value {existing.value}" if existing else None,
        )
    return upsert(
        BenefitMeasurement, {"benefit": benefit, "date": date}, {"value": value, "note": note}
    )


def realisation(benefit: Benefit) -> engine.Realisation:
    """% realised from the latest measurement (measurements must be prefetched)."""
    measurements = list(benefit.measurements.all())
    latest = max(measurements, key=lambda m: m.date) if measurements else None
    if not benefit.quantitative:
        return engine.Realisation(None, "Qualitative: not measured as a number.")
    return engine.percent_realised(
        benefit.baseline, benefit.target, latest.value if latest else None
    )


def savings_by_council(programme: Programme) -> dict[str, dict[str, Decimal]]:
    """Financial benefits' profile summed by council code and financial year."""
    totals: dict[str, dict[str, Decimal]] = {}
    for code, year, amount in BenefitProfile.objects.filter(
        benefit__programme=programme,
        benefit__financial=True,
        benefit__kind=Benefit.Kind.BENEFIT,
    ).values_list("organisation__code", "financial_year", "amount"):
        by_year = totals.setdefault(code, {})
        by_year[year] = by_year.get(year, Decimal("0")) + amount
    return totals


# ---------------------------------------------------------------- catalogue


def save_service(
    programme: Programme, slug: str, values: Mapping[str, Any]
) -> tuple[CatalogueService, Outcome]:
    return upsert(CatalogueService, {"programme": programme, "slug": slug}, values)


def save_service_owner(
    service: CatalogueService,
    organisation: Organisation,
    accountable_owner: str,
    contact: str = "",
    provider: str = "",
) -> tuple[ServiceOwner, Outcome]:
    return upsert(
        ServiceOwner,
        {"service": service, "organisation": organisation},
        {"accountable_owner": accountable_owner, "contact": contact, "provider": provider},
    )


# ---------------------------------------------------------------- edits made in pages and the API
#
# The form and API writes below refuse a duplicate reference with a plain message, and edits go
# through `save_edit` (optimistic locking: StaleEditError, nothing written, when someone saved
# in between).


def add_risk_action(
    risk: Risk, description: str, owner: str = "", due_date: dt.date | None = None
) -> RiskAction:
    """A new action on a risk (refused if the risk already has one described the same way)."""
    if not description.strip():
        raise ValidationError({"description": "Describe the action."})
    if risk.actions.filter(description=description).exists():
        raise ValidationError({"description": "This risk already has an action described so."})
    action, _ = save_risk_action(risk, description, owner, due_date)
    return action


def complete_risk_action(
    action: RiskAction, expected_version: int, completed_date: dt.date
) -> RiskAction:
    """Mark an action done on a date (today or earlier); a done action is no longer overdue.

    Someone who saved the action since `expected_version` (say, marked it done) makes this a
    stale edit (StaleEditError) before anything else is checked.
    """
    if action.version != expected_version:
        raise StaleEditError(action, expected_version)
    if action.completed_date is not None:
        raise ValidationError(
            {"completed_date": f"This action was already done on {action.completed_date:%d/%m/%Y}."}
        )
    if completed_date > timezone.localdate():
        raise ValidationError({"completed_date": "The date it was done must be today or earlier."})
    return save_edit(action, expected_version, {"completed_date": completed_date})


def link_decision(decision: Decision, risks: Iterable[Risk], issues: Iterable[Issue]) -> None:
    """The risks and issues a decision is about (each of the decision's own programme)."""
    risks, issues = list(risks), list(issues)
    strangers = [r.reference for r in risks if r.programme_id != decision.programme_id] + [
        i.reference for i in issues if i.programme_id != decision.programme_id
    ]
    if strangers:
        raise ValidationError(
            f"{', '.join(strangers)} belong to another programme: a decision links only its own."
        )
    with transaction.atomic():
        decision.risks.set(risks)
        decision.issues.set(issues)


def edit_decision(
    decision: Decision, expected_version: int, changes: Mapping[str, Any]
) -> Decision:
    _only_fields(changes, DECISION_FIELDS)
    return save_edit(decision, expected_version, changes)


ASSUMPTION_FIELDS = ("description", "workstream", "owner", "validated")


def create_assumption(
    programme: Programme, reference: str, values: Mapping[str, Any]
) -> Assumption:
    _only_fields(values, ASSUMPTION_FIELDS)
    reference = _reference(Assumption, programme, reference, "A")
    if Assumption.objects.filter(programme=programme, reference=reference).exists():
        raise ValidationError({"reference": f"There is already an assumption {reference}."})
    assumption, _ = upsert(Assumption, {"programme": programme, "reference": reference}, values)
    return assumption


def edit_assumption(
    assumption: Assumption, expected_version: int, changes: Mapping[str, Any]
) -> Assumption:
    _only_fields(changes, ASSUMPTION_FIELDS)
    return save_edit(assumption, expected_version, changes)


def _check_benefit_class(values: Mapping[str, Any]) -> None:
    """Green Book classes: a financial benefit is counted in pounds, so it is quantitative; a
    cash-releasing benefit is a financial one."""
    errors = {}
    if values.get("financial") and not values.get("quantitative"):
        errors["quantitative"] = "A financial benefit is measured in pounds: make it quantitative."
    if values.get("cash_releasing") and not values.get("financial"):
        errors["cash_releasing"] = "A cash-releasing benefit is a financial benefit."
    if errors:
        raise ValidationError(errors)


def create_benefit(programme: Programme, reference: str, values: Mapping[str, Any]) -> Benefit:
    """A new entry in the benefits register (refused if the reference is taken)."""
    _only_fields(values, BENEFIT_FIELDS)
    _check_benefit_class(values)
    reference = _reference(Benefit, programme, reference, "B")
    if Benefit.objects.filter(programme=programme, reference=reference).exists():
        raise ValidationError({"reference": f"There is already a benefit {reference}."})
    benefit, _ = save_benefit(programme, reference, values)
    return benefit


def edit_benefit(benefit: Benefit, expected_version: int, changes: Mapping[str, Any]) -> Benefit:
    _only_fields(changes, BENEFIT_FIELDS)
    _check_benefit_class(
        {name: changes.get(name, getattr(benefit, name)) for name in BENEFIT_FIELDS}
    )
    return save_edit(benefit, expected_version, changes)


def check_financial_year(text: str) -> str | None:
    """The problem with a financial year written as "2025/26", or None if it is one."""
    if len(text) != 7 or text[4] != "/" or not (text[:4] + text[5:]).isdigit():
        return "Enter the financial year like 2025/26."
    start = int(text[:4])
    if (start + 1) % 100 != int(text[5:]):
        return f"A financial year runs April to March: {start}/{(start + 1) % 100:02d}."
    return None


def edit_benefit_profile(
    benefit: Benefit,
    expected_version: int,
    rows: Sequence[tuple[Organisation, str, Decimal]],
) -> Benefit:
    """Replace a benefit's profile (council, financial year, amount) as one edit of the benefit.

    Refused (nothing written) if two rows give the same council and year, a year is not a
    financial year, or someone saved the benefit since the editor opened it.
    """
    problems = []
    seen: set[tuple[int, str]] = set()
    for number, (organisation, year, _) in enumerate(rows, start=1):
        problem = check_financial_year(year)
        if problem:
            problems.append(f"Row {number}: {problem}")
        key = (organisation.pk, year)
        if key in seen:
            problems.append(f"Row {number}: {organisation.code} {year} is given twice.")
        seen.add(key)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        save_edit(benefit, expected_version, {})
        wanted = {(organisation.pk, year) for organisation, year, _ in rows}
        for row in list(benefit.profile.all()):
            if (row.organisation_id, row.financial_year) not in wanted:
                row.delete()
        for organisation, year, amount in rows:
            save_benefit_profile(benefit, organisation, year, amount)
    return benefit


CATALOGUE_FIELDS = (
    "name",
    "description",
    "model",
    "sole_organisation",
    "provider",
    "cost_allocation",
    "current_state",
    "target_state",
    "change_date",
)


@dataclass(frozen=True)
class OwnerEntry:
    """Who to go to for a service in one council (blank accountable owner: none recorded)."""

    organisation: Organisation
    accountable_owner: str
    contact: str = ""
    provider: str = ""


def _save_owners(service: CatalogueService, owners: Sequence[OwnerEntry]) -> None:
    problems = {}
    for entry in owners:
        if not entry.accountable_owner.strip() and (entry.contact or entry.provider):
            problems[f"owner_{entry.organisation.pk}"] = (
                f"Enter the accountable owner in {entry.organisation.code}, or clear the contact "
                "and provider."
            )
    if problems:
        raise ValidationError(problems)
    for entry in owners:
        if entry.accountable_owner.strip():
            save_service_owner(
                service, entry.organisation, entry.accountable_owner, entry.contact, entry.provider
            )
        else:
            ServiceOwner.objects.filter(service=service, organisation=entry.organisation).delete()


def create_service(
    programme: Programme, values: Mapping[str, Any], owners: Sequence[OwnerEntry] = ()
) -> CatalogueService:
    """A new service in the operating-model catalogue, with its owners in each council."""
    _only_fields(values, CATALOGUE_FIELDS)
    name = str(values.get("name", "")).strip()
    if CatalogueService.objects.filter(programme=programme, name=name).exists():
        raise ValidationError({"name": f"There is already a service called {name}."})
    slug = slugify(name)[:50] or "service"
    base, number = slug, 2
    while CatalogueService.objects.filter(programme=programme, slug=slug).exists():
        slug = f"{base[:45]}-{number}"
        number += 1
    order = (
        CatalogueService.objects.filter(programme=programme).aggregate(Max("order"))["order__max"]
        or 0
    ) + 1
    with transaction.atomic():
        service, _ = save_service(programme, slug, {**values, "order": order})
        _save_owners(service, owners)
    return service


def edit_service(
    service: CatalogueService,
    expected_version: int,
    changes: Mapping[str, Any],
    owners: Sequence[OwnerEntry] = (),
) -> CatalogueService:
    _only_fields(changes, CATALOGUE_FIELDS)
    name = str(changes.get("name", service.name)).strip()
    if (
        CatalogueService.objects.filter(programme_id=service.programme_id, name=name)
        .exclude(pk=service.pk)
        .exists()
    ):
        raise ValidationError({"name": f"There is already a service called {name}."})
    with transaction.atomic():
        save_edit(service, expected_version, changes)
        _save_owners(service, owners)
    return service
