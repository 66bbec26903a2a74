"""The hosting app's rows of the URL × role table (gemini/testing/routes.py).

The estate is security-sensitive: members and union representatives get 403 everywhere.
Imports, confirming dispositions and making plans are for the technical lead and the
programme manager. HR at CWAC does not reach a CEC-only application (404). The API
(`api:hosting-…`) follows the same rules; signed out, it answers 401.
"""

from __future__ import annotations

from gemini.testing.routes import READ_ONLY, Json, Route, only

OFFICERS_ONLY = only(403, *READ_ONLY)
MANAGERS = {"pmo": 200, "tech": 200}


def cec_application() -> int:
    from gemini.hosting.models import Application

    return Application.objects.get(name="CEC Revenues and Benefits").pk


def shared_application() -> int:
    from gemini.hosting.models import Application

    return Application.objects.get(name="Shared HR and Payroll").pk


def cec_version() -> int:
    from gemini.hosting.models import Application

    return Application.objects.get(pk=cec_application()).version


ROUTES = (
    Route("hosting:index", statuses=OFFICERS_ONLY),
    Route("hosting:vms", statuses=OFFICERS_ONLY),
    Route("hosting:applications", statuses=OFFICERS_ONLY),
    Route("hosting:application", (cec_application,), statuses={**OFFICERS_ONLY, "hr_cwac": 404}),
    Route("hosting:application", (shared_application,), statuses=OFFICERS_ONLY),
    Route("hosting:application", (999_999,), default=404, statuses=OFFICERS_ONLY),
    Route("hosting:confirm", (cec_application,), default=403, statuses=MANAGERS),
    Route("hosting:plan", statuses=OFFICERS_ONLY),
    Route("hosting:make_plan", default=403, statuses=MANAGERS),
    Route("hosting:import_rvtools", default=403, statuses=MANAGERS),
    # With no upload held, the preview sends a manager back to the upload page.
    Route("hosting:import_preview", default=403, statuses={"pmo": 302, "tech": 302}),
    Route("hosting:grouping", statuses=OFFICERS_ONLY),
    # Accepting groups is for managers; with nothing selected the page shows the error (200).
    Route(
        "hosting:grouping",
        method="post",
        default=403,
        statuses=MANAGERS,
        data={"basis": "folder"},
    ),
    Route("hosting:catalogue", statuses=OFFICERS_ONLY),
    Route("hosting:projects", statuses=OFFICERS_ONLY),
    Route("hosting:export", statuses=OFFICERS_ONLY),
    *(
        Route(f"api:hosting-{name}", statuses=OFFICERS_ONLY, anonymous=401)
        for name in (
            "estate",
            "vms",
            "applications",
            "dependencies",
            "plan",
            "catalogue",
            "projects",
            "readiness",
        )
    ),
    Route(
        "api:hosting-application",
        (cec_application,),
        statuses={**OFFICERS_ONLY, "hr_cwac": 404},
        anonymous=401,
    ),
    Route("api:hosting-application", (shared_application,), statuses=OFFICERS_ONLY, anonymous=401),
    Route(
        "api:hosting-application",
        (999_999,),
        default=404,
        statuses=OFFICERS_ONLY,
        anonymous=401,
    ),
    Route(
        "api:hosting-confirm",
        (cec_application,),
        method="put",
        default=403,
        statuses=MANAGERS,
        anonymous=401,
        data=Json(disposition="rehost", reason="Agreed with the owner.", version=cec_version),
    ),
)
