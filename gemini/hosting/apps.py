from django.apps import AppConfig


class HostingConfig(AppConfig):
    name = "gemini.hosting"
    label = "hosting"
    verbose_name = "Hosting"
