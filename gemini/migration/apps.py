from django.apps import AppConfig


class MigrationConfig(AppConfig):
    name = "gemini.migration"
    label = "migration"
    verbose_name = "Migration"
    demo = "gemini.migration.demo.load_migration"

    def ready(self) -> None:
        from gemini.migration import (  # noqa: F401 (registers the import kinds)
            importers,
            mapping_importers,
            report,
            status_reports,
        )

        report.register()  # its committee report sections (gemini.core.reporting.registry)
