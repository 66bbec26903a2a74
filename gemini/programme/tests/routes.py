"""The programme app's rows of the URL × role table (gemini/testing/routes.py)."""

from gemini.testing.routes import Route, only


def cpc() -> int:
    from gemini.programme.models import GovernanceBody

    return GovernanceBody.objects.get(short_name="CPC").pk


ROUTES = (
    Route("programme:overview"),
    Route("programme:workstream", ("technical",)),
    Route("programme:workstream", ("no-such-workstream",), default=404),
    Route(
        "programme:edit_workstream", ("technical",), default=403, statuses=only(200, "pmo", "lead")
    ),
    Route("programme:edit_workstream", ("finance",), default=403, statuses=only(200, "pmo")),
    Route("programme:body", (cpc,)),
    Route("programme:body", (999_999,), default=404),
)
