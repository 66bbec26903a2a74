from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gemini.reports"
    label = "reports"
    verbose_name = "Committee reports"
    demo = "gemini.reports.demo.load_reports"
