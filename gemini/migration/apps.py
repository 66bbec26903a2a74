from django.apps import AppConfig


class MigrationConfig(AppConfig):
    name = "gemini.migration"
    label = "migration"
    verbose_name = "Migration"
