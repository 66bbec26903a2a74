from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "gemini.programme"
    label = "programme"
    verbose_name = "Programme"
    demo = "gemini.programme.demo.load_programme"

    def ready(self) -> None:
        from gemini.programme import (
            importers,  # noqa: F401 (registers the import kinds)
            report,
        )

        report.register()  # its committee report sections (gemini.core.reporting.registry)
