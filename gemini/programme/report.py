"""The programme's sections of the committee report (docs/reports.md): the figures and sections of
each subject, registered with gemini.core.reporting.registry."""

from __future__ import annotations

from typing import Any

from gemini.core.reporting import registry as r
from gemini.programme.benefits import report as benefits_report
from gemini.programme.governance import report as governance_report
from gemini.programme.models import Programme
from gemini.programme.risks import report as risks_report
from gemini.programme.status import report as status_report
from gemini.programme.status import services as status_services


def programme_figures(scope: r.Scope) -> dict[str, Any]:
    programme: Programme = scope.programme
    return {"name": programme.name, "scale": list(status_services.scale_of(programme))}


def register() -> None:
    """Register the programme's figures and sections: its own, then each subject's."""
    r.register_figures(r.Figures("programme", programme_figures))
    for subject in (status_report, benefits_report, risks_report, governance_report):
        subject.register()
