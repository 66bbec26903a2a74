"""The core app's rows of the URL × role table (gemini/testing/routes.py).

SETUP records an import from the upload page that the technical lead started (mailbox
permissions, which need MANAGE_MIGRATION): its status page and progress are theirs, and the
programme office's, who may import every kind everywhere; nobody else's.
"""

from gemini.testing.routes import READ_ONLY, Route, only

ROUTES_RUN = "routes-permissions.csv"


def make_import_run() -> None:
    from gemini.core.access import Permission
    from gemini.core.models import ImportRun, User

    ImportRun.objects.get_or_create(
        filename=ROUTES_RUN,
        defaults={
            "kind": "permissions",
            "permission": str(Permission.MANAGE_MIGRATION),
            "started_by": User.objects.get(email="tech@gemini.test"),
            "state": ImportRun.State.REFUSED,
            "problem_count": 1,
            "problems": [[2, "right", "'Owner' is not one of the allowed values."]],
        },
    )


def import_run() -> int:
    from gemini.core.models import ImportRun

    return int(ImportRun.objects.get(filename=ROUTES_RUN).pk)


SETUP = (make_import_run,)
# Only the person who started it and those who may import its kind in their scope see it.
THEIRS = only(200, "pmo", "tech")

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
    Route("core:import_status", args=(import_run,), default=404, statuses=THEIRS),
    Route("core:import_progress", args=(import_run,), default=404, statuses=THEIRS),
    Route("admin:index", default=302),
)
