from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gemini.reports"
    label = "reports"
    verbose_name = "Committee reports"
    demo = "gemini.reports.demo.load_reports"

    def ready(self) -> None:
        from gemini.reports import part_1, part_2

        part_1.register()  # the report's own sections (gemini.core.reporting.registry)
        part_2.register()
