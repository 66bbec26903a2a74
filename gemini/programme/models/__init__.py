"""Every model of the programme app, gathered for Django and for callers.

The programme, its workstreams and its governance bodies and meetings are in `structure.py`;
each subject's records in a module of its own: `status.py` (status updates, the overall status,
milestones), `risks.py` (the risk matrix, risks, actions, issues, assumptions), `governance.py`
(decisions), `benefits.py` and `catalogue.py`. Each imports only `structure.py` and, for
decisions, `risks.py` (never this module), so there is no circle of imports
(docs/architecture.md). Every subject's package (gemini.programme.status, .risks, ...) reads
its models from here.
"""

from gemini.programme.models.benefits import Benefit, BenefitMeasurement, BenefitProfile
from gemini.programme.models.catalogue import CatalogueService, ServiceOwner
from gemini.programme.models.governance import Decision
from gemini.programme.models.risks import Assumption, Issue, Risk, RiskAction, RiskBand, RiskMatrix
from gemini.programme.models.status import Milestone, OverallStatus, StatusUpdate
from gemini.programme.models.structure import (
    AgendaItem,
    GovernanceBody,
    Meeting,
    Paper,
    Programme,
    StatusScale,
    Workstream,
)

__all__ = [
    "AgendaItem",
    "Assumption",
    "Benefit",
    "BenefitMeasurement",
    "BenefitProfile",
    "CatalogueService",
    "Decision",
    "GovernanceBody",
    "Issue",
    "Meeting",
    "Milestone",
    "OverallStatus",
    "Paper",
    "Programme",
    "Risk",
    "RiskAction",
    "RiskBand",
    "RiskMatrix",
    "ServiceOwner",
    "StatusScale",
    "StatusUpdate",
    "Workstream",
]
