from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gemini.workforce.models import (
    DutyMatch,
    Grade,
    MatchingRun,
    OrganisedGrouping,
    PersonOutcome,
    Post,
    ServiceDesign,
    Staff,
)

for model in (
    Grade,
    Staff,
    ServiceDesign,
    Post,
    DutyMatch,
    MatchingRun,
    PersonOutcome,
    OrganisedGrouping,
):
    admin.site.register(model, SimpleHistoryAdmin)
