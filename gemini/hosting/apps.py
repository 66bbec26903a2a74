from django.apps import AppConfig


class HostingConfig(AppConfig):
    name = "gemini.hosting"
    label = "hosting"
    verbose_name = "Hosting"
    demo = "gemini.hosting.demo.load_hosting"

    def ready(self) -> None:
        from gemini.hosting import (
            importers,  # noqa: F401 (registers the hosting import kinds)
            report,
        )

        report.register()  # its committee report sections (gemini.core.reporting.registry)
