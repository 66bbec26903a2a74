from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "gemini.programme"
    label = "programme"
    verbose_name = "Programme"
    demo = "gemini.programme.demo.load_programme"

    def ready(self) -> None:
        from gemini.programme import report
        from gemini.programme.benefits import importers as benefit_kinds
        from gemini.programme.governance import importers as decision_kinds
        from gemini.programme.risks import importers as risk_kinds
        from gemini.programme.status import importers as milestone_kinds

        # Importing them registers the import kinds (gemini.core.importing.register).
        del benefit_kinds, decision_kinds, risk_kinds, milestone_kinds
        report.register()  # its committee report sections (gemini.core.reporting.registry)
