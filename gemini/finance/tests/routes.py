"""The finance app's rows of the URL × role table (gemini/testing/routes.py).

Every role reads the finance figures (Part 1); entry and scenarios need MANAGE_FINANCE, which
the programme manager and finance officers hold. The API (`api:finance-…`) reads the same
Part 1 figures for every role; signed out, it answers 401.
"""

from gemini.testing.routes import Route, only

MANAGERS = only(200, "pmo", "finance")


def figure() -> int:
    from gemini.finance.models import QuarterFigure

    return QuarterFigure.objects.get(line__name="Staff", quarter="FR3").pk


ROUTES = (
    Route("finance:index"),
    Route("finance:budget"),
    Route("finance:record_figures", default=403, statuses=MANAGERS),
    Route("finance:edit_figures", (figure,), default=403, statuses=MANAGERS),
    Route("finance:edit_figures", (999_999,), default=403, statuses=only(404, "pmo", "finance")),
    Route("finance:savings"),
    Route("finance:income"),
    Route("finance:record_hours", default=403, statuses=MANAGERS),
    Route("finance:agency"),
    Route("finance:record_agency", default=403, statuses=MANAGERS),
    Route("finance:liability"),
    Route("finance:scenarios"),
    Route("finance:new_scenario", default=403, statuses=MANAGERS),
    Route("finance:scenario", ("commissioned-hours-fall-to-50000",)),
    Route("finance:scenario", ("no-such-scenario",), default=404),
    Route(
        "finance:delete_scenario",
        ("workforce-savings-a-year-late",),
        method="post",
        default=403,
        statuses=only(302, "pmo", "finance"),
        anonymous=302,
    ),
    *(
        Route("finance:export", (table,))
        for table in ("budget", "savings", "income", "agency", "liability", "scenarios")
    ),
    Route("finance:export", ("nothing",), default=404),
    *(
        Route(f"api:finance-{name}", anonymous=401)
        for name in (
            "position",
            "budget",
            "savings",
            "one-off",
            "income",
            "agency",
            "liability",
            "scenarios",
        )
    ),
    Route("api:finance-scenario", ("commissioned-hours-fall-to-50000",), anonymous=401),
    Route("api:finance-scenario", ("no-such-scenario",), default=404, anonymous=401),
)
