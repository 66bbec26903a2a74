"""The core app's rows of the URL × role table (gemini/testing/routes.py)."""

from gemini.testing.routes import READ_ONLY, Route, only

ROUTES = (
    Route("core:dashboard"),
    Route("core:login", default=302, anonymous=200),
    Route("core:logout", method="post", default=302, anonymous=302),
    Route("core:health", anonymous=200),
    Route("core:favicon", anonymous=200),
    # Single sign-on is off unless configured (gemini/core/tests/test_single_sign_on.py).
    Route("core:oidc_start", default=404, anonymous=404),
    Route("core:oidc_callback", default=404, anonymous=404),
    Route("core:account"),
    Route("core:sign_out_everywhere", method="post", default=302, anonymous=302),
    Route("core:import", statuses={"lead": 403, **only(403, *READ_ONLY)}),
    Route("admin:index", default=302),
)
