from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gemini.programme import models

for model in (
    models.Programme,
    models.Workstream,
    models.GovernanceBody,
    models.Meeting,
    models.Paper,
    models.AgendaItem,
    models.StatusUpdate,
    models.OverallStatus,
    models.RiskMatrix,
    models.RiskBand,
    models.Milestone,
    models.Risk,
    models.RiskAction,
    models.Issue,
    models.Decision,
    models.Assumption,
    models.Benefit,
    models.BenefitProfile,
    models.BenefitMeasurement,
    models.CatalogueService,
    models.ServiceOwner,
):
    admin.site.register(model, SimpleHistoryAdmin)
