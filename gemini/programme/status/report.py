"""The committee report's status parts: the overall headline, background, each workstream's
status and milestones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from gemini.core.asat import recorded
from gemini.core.reporting import formatting as f
from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import Builder, Chart, Content, Table
from gemini.programme.figures import status_as_at
from gemini.programme.models import (
    Milestone,
    Programme,
    Workstream,
)
from gemini.programme.report_parts import day_for_report


def status(scope: r.Scope) -> dict[str, Any]:
    """Each workstream's latest status, the overall judgement and the rule's suggestion (from
    `programme.figures.status_as_at`), and the milestones as they stood at the end of the day."""
    programme: Programme = scope.programme
    as_at = scope.as_at
    snapshot = status_as_at(programme, as_at)
    workstream_slugs = {
        w.pk: w.slug for w in recorded(Workstream, as_at).filter(programme_id=programme.pk)
    }
    milestones = sorted(
        recorded(Milestone, as_at).filter(programme_id=programme.pk),
        key=lambda m: (m.baseline_date or dt.date.max, m.reference),
    )
    workstreams = []
    for workstream in snapshot.workstreams:
        latest = workstream.latest
        workstreams.append(
            {
                "slug": workstream.slug,
                "name": workstream.name,
                "rating": latest.rating if latest else None,
                "date": day_for_report(latest.date) if latest else None,
                "narrative": latest.narrative if latest else "",
                "achievements": latest.achievements if latest else "",
                "next_steps": latest.next_steps if latest else "",
                "history": [[u.date.isoformat(), u.rating] for u in workstream.history],
            }
        )
    overall = snapshot.overall
    suggestion = snapshot.suggestion
    return {
        "workstreams": workstreams,
        "overall": (
            {
                "rating": overall.rating,
                "reason": overall.reason,
                "date": overall.date.isoformat(),
                "suggested": overall.suggested_rating,
                "rule": overall.suggestion_rule,
            }
            if overall
            else None
        ),
        "suggestion": {"rating": suggestion.rating, "rule": suggestion.rule},
        "milestones": [
            {
                "reference": m.reference,
                "title": m.title,
                "workstream": workstream_slugs.get(m.workstream_id) if m.workstream_id else None,
                "baseline": day_for_report(m.baseline_date),
                "forecast": day_for_report(m.forecast_date),
                "actual": day_for_report(m.actual_date),
                "status": m.get_status_display(),
                "slippage_days": m.slippage_days,
            }
            for m in milestones
        ],
    }


def _overall_headline(b: Builder, content: Content, key: str) -> None:
    overall = content.data["status"]["overall"]
    if overall:
        b.para(
            f"The programme status is {overall['rating']} overall as at "
            f"{f.long_date(content.data['as_at'])}.",
            from_data=True,
        )


def _background(b: Builder, content: Content, key: str) -> None:
    data = content.data
    overall = data["status"]["overall"]
    if overall:
        reason = overall["reason"].strip()
        b.para(
            f"The overall status was last assessed on {f.long_date(overall['date'])}"
            + (f": {reason}" if reason else ".")
            + ("" if not reason or reason.endswith((".", "!", "?")) else "."),
            from_data=True,
        )
    else:
        b.para(
            f"No overall status had been recorded for the programme by "
            f"{f.long_date(data['as_at'])}.",
            from_data=True,
        )
    rated = [w for w in data["status"]["workstreams"] if w["rating"]]
    if rated:
        b.add(
            Table(
                ("Workstream", "Status", "As at"),
                tuple((w["name"], w["rating"], f.short_date(w["date"])) for w in rated),
                "Workstream status",
            )
        )
        b.add(Chart("rag_history", "Workstream status over time"))
    milestones = data["status"]["milestones"]
    if milestones:
        b.add(
            Table(
                ("Milestone", "Baseline", "Forecast or actual", "Status"),
                tuple(
                    (
                        m["title"],
                        f.short_date(m["baseline"]),
                        f.short_date(m["actual"] or m["forecast"] or m["baseline"]),
                        m["status"],
                    )
                    for m in milestones
                ),
                "Key milestones",
            )
        )


def _workstream_status(b: Builder, content: Content, key: str) -> None:
    slug = key.removeprefix("workstream:")
    workstream = next((w for w in content.data["status"]["workstreams"] if w["slug"] == slug), None)
    if workstream is None or not workstream["rating"]:
        b.para("No status has been reported for this workstream yet.", from_data=True)
        return
    b.para(
        f"Status: {workstream['rating']} (as at {f.long_date(workstream['date'])})."
        + (f" {workstream['narrative']}" if workstream["narrative"] else ""),
        from_data=True,
    )


def next_milestones(data: Mapping[str, Any], workstream: str | None = None) -> list[str]:
    as_at = data["as_at"]
    rows = [
        m
        for m in data["status"]["milestones"]
        if not m["actual"]
        and (workstream is None or m["workstream"] == workstream)
        and (m["forecast"] or m["baseline"])
    ]
    rows.sort(key=lambda m: m["forecast"] or m["baseline"])
    out = []
    for m in rows[:3]:
        due = m["forecast"] or m["baseline"]
        late = m["slippage_days"]
        text = f"{m['title']}: {'forecast' if m['forecast'] else 'planned'} {f.month(due)}"
        if late and late > 0:
            text += (
                f" ({f.counted(late, 'day')} after the baseline of {f.short_date(m['baseline'])})"
            )
        if due < as_at:
            text += ", overdue"
        out.append(text)
    return out


def _workstream_milestones(b: Builder, content: Content, key: str) -> None:
    upcoming = next_milestones(content.data, key.removeprefix("workstream:"))
    if upcoming:
        b.para("Next milestones:", from_data=True)
        b.bullets(upcoming, from_data=True)


def register() -> None:
    """The status figures, the executive summary's headline, the background section, and the
    workstreams section with each workstream's status and milestones."""
    r.register_figures(r.Figures("status", status))
    r.contribute(r.Contribution("executive_summary", _overall_headline, ("status",), order=10))
    r.register_section(
        r.Section(
            "background",
            "Background",
            40,
            figures=("status",),
            render=_background,
            narrative_first=True,
            hint="The decisions so far and the programme's history. Gemini adds when the "
            "overall status was last assessed and why, the workstreams' status and the key "
            "milestones.",
        )
    )
    r.register_section(r.Section(r.WORKSTREAMS, "Workstreams", 60, narrative=False))
    r.contribute(r.Contribution(r.EVERY_WORKSTREAM, _workstream_status, ("status",), order=0))
    r.contribute(r.Contribution(r.EVERY_WORKSTREAM, _workstream_milestones, ("status",), order=90))
