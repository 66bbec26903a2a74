from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "gemini.programme"
    label = "programme"
    verbose_name = "Programme"
    demo = "gemini.programme.demo.load_programme"
