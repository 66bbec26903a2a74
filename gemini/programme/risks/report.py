"""The committee report's risk parts: the top risks and heat map, and the exempt risks and
issues (Part 2)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from gemini.core.asat import dated, recorded
from gemini.core.models import Confidentiality
from gemini.core.reporting import formatting as f
from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import Builder, Chart, Content, Table
from gemini.programme import engine as programme_engine
from gemini.programme.models import (
    Issue,
    Programme,
    Risk,
    RiskBand,
    RiskMatrix,
)
from gemini.programme.report_parts import EXEMPT, records_exemptions, workstream_names_as_at

TOP_RISKS = 5


def _matrix(programme: Programme, as_at: dt.date) -> tuple[programme_engine.Matrix, Any]:
    stored = recorded(RiskMatrix, as_at).filter(programme_id=programme.pk).first()
    if stored is None:
        return programme_engine.DEFAULT_MATRIX, None
    bands = list(recorded(RiskBand, as_at).filter(matrix_id=stored.pk).order_by("lowest"))
    return stored.as_engine(bands), stored


def _risk_row(
    risk: Risk, matrix: programme_engine.Matrix, workstreams: dict[int, str]
) -> dict[str, Any]:
    band = matrix.band(risk.current_score)
    return {
        "reference": risk.reference,
        "title": risk.title,
        "workstream": workstreams.get(risk.workstream_id, "") if risk.workstream_id else "",
        "cause": risk.cause,
        "event": risk.event,
        "effect": risk.effect,
        "owner": risk.owner,
        "likelihood": risk.current_likelihood,
        "impact": risk.current_impact,
        "score": risk.current_score,
        "band": band.name,
        "target_score": risk.target_score,
        "response": risk.get_response_display(),
        "status": risk.get_status_display(),
        "paragraph": risk.exempt_paragraph,
        "reason": risk.public_interest_reason,
    }


def risks(scope: r.Scope) -> dict[str, Any]:
    """The public open risks, the top few by current score and the heat map's counts."""
    programme: Programme = scope.programme
    as_at = scope.as_at
    matrix, stored = _matrix(programme, as_at)
    names = workstream_names_as_at(programme, as_at)
    public_open = list(
        recorded(Risk, as_at).filter(
            programme_id=programme.pk,
            status=Risk.Status.OPEN,
            confidentiality=Confidentiality.PUBLIC,
        )
    )
    public_open.sort(key=lambda r: (-r.current_score, r.reference))
    counts = Counter((r.current_likelihood, r.current_impact) for r in public_open)
    return {
        "matrix": {
            "levels": matrix.levels,
            "bands": [[b.name, b.lowest, b.highest, b.colour] for b in matrix.bands],
            "likelihood_labels": list(stored.likelihood_labels) if stored else [],
            "impact_labels": list(stored.impact_labels) if stored else [],
            "appetite": stored.appetite if stored else None,
        },
        "open": len(public_open),
        "top": [_risk_row(r, matrix, names) for r in public_open[:TOP_RISKS]],
        "counts": [[likelihood, impact, n] for (likelihood, impact), n in sorted(counts.items())],
    }


def exempt_risks(scope: r.Scope) -> list[dict[str, Any]]:
    programme: Programme = scope.programme
    matrix, _ = _matrix(programme, scope.as_at)
    names = workstream_names_as_at(programme, scope.as_at)
    return [
        _risk_row(risk, matrix, names)
        for risk in recorded(Risk, scope.as_at)
        .filter(EXEMPT, programme_id=programme.pk)
        .exclude(status=Risk.Status.CLOSED)
        .order_by("reference")
    ]


def exempt_issues(scope: r.Scope) -> list[dict[str, Any]]:
    return [
        {
            "reference": i.reference,
            "title": i.title,
            "description": i.description,
            "priority": i.get_priority_display(),
            "resolution": i.resolution,
            "paragraph": i.exempt_paragraph,
            "reason": i.public_interest_reason,
        }
        for i in dated(
            recorded(Issue, scope.as_at).filter(EXEMPT, programme_id=scope.programme.pk),
            scope.as_at,
            "raised_date",
        ).order_by("reference")
    ]


def _risks(b: Builder, content: Content, key: str) -> None:
    data = content.data["risks"]
    if not data["open"]:
        b.para("There are no open risks on the programme's register.", from_data=True)
        return
    shown = min(len(data["top"]), data["open"])
    b.para(
        f"The programme's register has {f.counted(data['open'], 'open risk')}, each scored "
        f"for likelihood and impact; "
        + (
            f"the {f.counted(shown, 'risk')} with the highest current scores are below."
            if shown > 1
            else "it is below."
        ),
        from_data=True,
    )
    b.add(
        Table(
            ("Ref", "Risk", "Current score", "Band", "Response", "Owner"),
            tuple(
                (
                    row["reference"],
                    row["title"],
                    f"{row['score']} ({row['likelihood']} × {row['impact']})",
                    row["band"],
                    row["response"],
                    row["owner"],
                )
                for row in data["top"]
            ),
            "Top risks by current score (likelihood × impact)",
        )
    )
    b.add(Chart("heat_map", "Open risks by likelihood and impact"))


def _exempt_risks(b: Builder, content: Content, key: str) -> None:
    for risk in content.data["part2"]["risks"]:
        b.para(
            f"{risk['reference']} {risk['title']} (paragraph {risk['paragraph']}): because of "
            f"{risk['cause'] or '…'}, there is a risk that {risk['event'] or '…'}, which would "
            f"lead to {risk['effect'] or '…'}. Current score {risk['score']} ({risk['band']}), "
            f"target {risk['target_score']}; response {risk['response']}; owner "
            f"{risk['owner']}.",
            from_data=True,
        )


def _exempt_issues(b: Builder, content: Content, key: str) -> None:
    for issue in content.data["part2"]["issues"]:
        resolution = f" Resolution: {issue['resolution']}" if issue["resolution"] else ""
        b.para(
            f"{issue['reference']} {issue['title']} ({issue['priority']} priority, paragraph "
            f"{issue['paragraph']}). {issue['description']}{resolution}",
            from_data=True,
        )


def register() -> None:
    """The risk figures and the risk management section; the exempt risks and issues (Part 2)."""
    r.register_figures(r.Figures("risks", risks))
    r.register_figures(r.Figures("risks", exempt_risks, part=2))
    r.register_figures(r.Figures("issues", exempt_issues, part=2))
    r.register_section(
        r.Section(
            "risk_management",
            "Risk Management",
            150,
            figures=("risks",),
            render=_risks,
            group="Implications and Comments",
            narrative_first=True,
            hint="Gemini adds the top risks and the heat map (public risks only).",
        )
    )
    for key, title, order, kind, render in (
        ("part2_risks", "Exempt risks", 40, "risks", _exempt_risks),
        ("part2_issues", "Exempt issues", 50, "issues", _exempt_issues),
    ):
        r.register_section(
            r.Section(
                key,
                title,
                order,
                part=2,
                figures=(kind,),
                render=render,
                narrative=False,
                exemptions=records_exemptions(kind),
            )
        )
