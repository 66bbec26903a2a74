from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gemini.core"
    label = "core"
    verbose_name = "Core"
    # Dotted path of this app's part of `gemini demo` (see gemini.core.demo).
    demo = "gemini.core.demo.load_core"

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from gemini.core import importers  # noqa: F401 (registers the core import kinds)
        from gemini.core.history import backdate_history

        pre_create_historical_record.connect(backdate_history, dispatch_uid="gemini-backdate")
