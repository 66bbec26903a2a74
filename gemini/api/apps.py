from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gemini.api"
    label = "api"
    verbose_name = "API"
