from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gemini.core"
    label = "core"
    verbose_name = "Core"
    # Dotted path of this app's part of `gemini demo` (see gemini.core.demo).
    demo = "gemini.core.demo.load_core"

    def ready(self) -> None:
        from gemini.core import importers  # noqa: F401 (registers the core import kinds)
