from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gemini.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # The apps' writes authenticate tokens through core (gemini.core.api_access), which
        # cannot import this app: tell it how a token's owner is found.
        from gemini.api import services
        from gemini.core import api_access

        api_access.register_token_owner(services.user_for_token)
