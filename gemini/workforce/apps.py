from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "gemini.workforce"
    label = "workforce"
    verbose_name = "Workforce"
    demo = "gemini.workforce.demo.load_workforce"

    def ready(self) -> None:
        from gemini.workforce import (
            importers,  # noqa: F401 (registers the import kinds)
            report,
        )

        report.register()  # its committee report sections (gemini.core.reporting.registry)
