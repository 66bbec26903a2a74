from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "gemini.finance"
    label = "finance"
    verbose_name = "Finance"
    demo = "gemini.finance.demo.load_finance"

    def ready(self) -> None:
        from gemini.finance import (
            importers,  # noqa: F401 (registers the import kinds)
            report,
        )

        report.register()  # its committee report sections (gemini.core.reporting.registry)
