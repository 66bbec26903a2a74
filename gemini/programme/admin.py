from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gemini.programme.models import GovernanceBody, Meeting, Paper, Programme, Workstream

for model in (Programme, Workstream, GovernanceBody, Meeting, Paper):
    admin.site.register(model, SimpleHistoryAdmin)
