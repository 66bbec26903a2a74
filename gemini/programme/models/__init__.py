"""Every model of the programme app, gathered for Django and for callers.

The programme's structure and governance are in `structure.py`, the registers (status,
milestones, risks, issues, decisions, benefits) in `registers.py`, the operating-model
catalogue in `catalogue.py`. Each of those imports only `structure.py` (never this module), so
there is no circle of imports (docs/architecture.md).
"""

from gemini.programme.catalogue import CatalogueService, ServiceOwner
from gemini.programme.registers import (
    Assumption,
    Benefit,
    BenefitMeasurement,
    BenefitProfile,
    Decision,
    Issue,
    Milestone,
    OverallStatus,
    Risk,
    RiskAction,
    RiskBand,
    RiskMatrix,
    StatusUpdate,
)
from gemini.programme.structure import (
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
