"""The committee report's governance parts: the exempt decisions and papers (Part 2)."""

from __future__ import annotations

from typing import Any

from gemini.core.asat import dated, recorded
from gemini.core.reporting import formatting as f
from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import Builder, Content
from gemini.programme.models import (
    Decision,
    Paper,
)
from gemini.programme.report_parts import EXEMPT, records_exemptions


def exempt_decisions(scope: r.Scope) -> list[dict[str, Any]]:
    return [
        {
            "reference": d.reference,
            "title": d.title,
            "date": d.date.isoformat(),
            "resolution": d.resolution,
            "paragraph": d.exempt_paragraph,
            "reason": d.public_interest_reason,
        }
        for d in dated(
            recorded(Decision, scope.as_at).filter(EXEMPT, programme_id=scope.programme.pk),
            scope.as_at,
        ).order_by("date")
    ]


def exempt_papers(scope: r.Scope) -> list[dict[str, Any]]:
    return [
        {
            "title": p.title,
            "reference": p.reference,
            "paragraph": p.exempt_paragraph,
            "reason": p.public_interest_reason,
        }
        for p in recorded(Paper, scope.as_at).filter(EXEMPT, meeting_id=scope.meeting.pk)
    ]


def _exempt_decisions(b: Builder, content: Content, key: str) -> None:
    for decision in content.data["part2"]["decisions"]:
        b.para(
            f"{decision['reference']} {decision['title']} ({f.short_date(decision['date'])}, "
            f"paragraph {decision['paragraph']}). {decision['resolution']}",
            from_data=True,
        )


def register() -> None:
    """The exempt decisions and papers (Part 2) and the exempt decisions section."""
    r.register_figures(r.Figures("decisions", exempt_decisions, part=2))
    r.register_figures(r.Figures("papers", exempt_papers, part=2))
    r.register_section(
        r.Section(
            "part2_decisions",
            "Exempt decisions",
            60,
            part=2,
            figures=("decisions",),
            render=_exempt_decisions,
            narrative=False,
            exemptions=records_exemptions("decisions"),
        )
    )
