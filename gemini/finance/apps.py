from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "gemini.finance"
    label = "finance"
    verbose_name = "Finance"
