from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "gemini.workforce"
    label = "workforce"
    verbose_name = "Workforce"
