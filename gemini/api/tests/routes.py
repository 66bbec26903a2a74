"""The API app's rows of the URL × role table (gemini/testing/routes.py)."""

from gemini.testing.routes import Route, only


def pmo_token() -> int:
    from gemini.api.services import create_token
    from gemini.core.models import User

    record, _ = create_token(User.objects.get(email="pmo@gemini.test"), "Route table")
    return record.pk


ROUTES = (
    Route("api:openapi-json", anonymous=200),
    Route("api:openapi-view", anonymous=200),
    Route("api:api-root", default=404, anonymous=404),
    Route("api:me", anonymous=401),
    Route("api:organisations", anonymous=401),
    Route("api_tokens:list"),
    Route("api_tokens:revoke", (pmo_token,), method="post", default=404, statuses=only(302, "pmo")),
)
