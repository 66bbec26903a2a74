"""The consultation pack: the anonymised structure and numbers of a matching run, as a Word
document for trade unions and staff. No names, pay or dates of birth ever go into it."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.shared import Cm

from gemini.core.charts import to_png
from gemini.workforce import charts
from gemini.workforce.engine.matching import OUTCOME_LABELS
from gemini.workforce.figures import MatchingFigures


def _table(document: object, headings: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    table = document.add_table(rows=1, cols=len(headings))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = str(heading)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)


def _hidden(secondary: bool, minimum: int) -> str:
    if secondary:
        return "hidden so that a smaller group cannot be worked out"
    return f"fewer than {minimum}"


def consultation_pack(summary: MatchingFigures) -> bytes:
    run = summary.run
    document = Document()
    document.add_heading("ICT Shared Service restructure: consultation pack", 0)
    document.add_paragraph(
        f"Matching run {run.number} ({run.label or 'proposed structure'}), "
        f"{run.created_at:%d/%m/%Y}. The outcomes are proposals: each is confirmed or changed "
        "by a named HR officer after consultation. This pack holds no names, pay or dates of "
        "birth, and hides any figure for fewer than "
        f"{summary.minimum} people."
    )
    document.add_heading("The structures", 1)
    _table(
        document,
        ("Organisation", "Service design", "Posts", "Evaluated JDQs", "Draft JDQs"),
        [(d.council, d.name, d.places, d.evaluated, d.draft) for d in summary.designs],
    )
    document.add_paragraph(
        f"{run.staff_count} staff today; {run.post_count} posts in the new designs."
    )
    document.add_heading("Proposed outcomes", 1)
    _table(
        document,
        ("Outcome", "People"),
        [(OUTCOME_LABELS[name], count) for name, count in summary.counts.items()],
    )
    fig = charts.outcomes_chart(summary.counts, OUTCOME_LABELS)
    document.add_picture(io.BytesIO(to_png(fig, dpi=150)), width=Cm(15))
    document.add_heading("By current team", 1)
    _table(
        document,
        ("Team", *(OUTCOME_LABELS[n] for n in summary.counts)),
        [(team, *values) for team, values in summary.shown(summary.by_team)],
    )
    document.add_heading("Pools", 1)
    _table(
        document,
        ("Pool", "Posts", "People", "Slot-ins", "Outcome"),
        [
            (p.number, p.places, p.claimants, p.slot_ins, OUTCOME_LABELS[p.outcome])
            for p in summary.pools
        ],
    )
    timetable = summary.timetable
    document.add_heading("Consultation", 1)
    for warning in timetable.warnings:
        document.add_paragraph(f"Warning: {warning}")
    for reason in timetable.reasons:
        document.add_paragraph(reason, style="List Bullet")
    document.add_heading("Equality impact", 1)
    _table(
        document,
        ("Characteristic", "Group", "People", "Favourable outcome rate", "Four-fifths flag"),
        [
            (
                r.characteristic,
                r.group,
                _hidden(r.secondary, summary.minimum) if r.suppressed else r.people,
                "–" if r.rate is None else f"{r.rate:.0%}",
                "Yes" if r.flagged else "",
            )
            for r in summary.equality
        ],
    )
    document.add_heading("Policy used", 1)
    for line in summary.policy_lines():
        document.add_paragraph(line, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
