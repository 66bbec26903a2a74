"""The migration app's rows of the URL × role table (gemini/testing/routes.py).

Everyone signed in sees progress figures; only the technical lead and the programme office
(MANAGE_MIGRATION) reach identities, plans, tracking and exports. The API (`api:migration-…`)
follows the same rules; signed out, it answers 401.
"""

from __future__ import annotations

from gemini.testing.routes import Json, Route, only

MANAGERS = only(200, "pmo", "tech")


def first_wave() -> int:
    from gemini.migration.models import Wave

    return Wave.objects.order_by("pk").values_list("pk", flat=True)[0]


def first_identity() -> int:
    from gemini.migration.models import Identity

    return Identity.objects.order_by("pk").values_list("pk", flat=True)[0]


def mail_status_version() -> int:
    from gemini.migration.models import WorkloadStatus

    found = WorkloadStatus.objects.filter(identity_id=first_identity(), workload="mail")
    return found.values_list("version", flat=True).first() or 0


ROUTES = (
    Route("migration:index"),
    Route("migration:progress_xlsx"),
    Route("migration:plan", default=403, statuses=MANAGERS),
    Route("migration:plan_xlsx", default=403, statuses=MANAGERS),
    Route("migration:wave", (first_wave,), default=403, statuses=MANAGERS),
    Route("migration:wave", (999_999,), default=403, statuses=only(404, "pmo", "tech")),
    Route("migration:wave_xlsx", (first_wave,), default=403, statuses=MANAGERS),
    Route("migration:identities", default=403, statuses=MANAGERS),
    Route("migration:identities_xlsx", default=403, statuses=MANAGERS),
    Route("migration:identity", (first_identity,), default=403, statuses=MANAGERS),
    Route("migration:identity", (999_999,), default=403, statuses=only(404, "pmo", "tech")),
    Route("migration:devices", default=403, statuses=MANAGERS),
    Route("migration:devices_xlsx", default=403, statuses=MANAGERS),
    Route("migration:exceptions", default=403, statuses=MANAGERS),
    Route("migration:exceptions_xlsx", default=403, statuses=MANAGERS),
    Route("migration:settings", default=403, statuses=MANAGERS),
    Route("migration:exports", default=403, statuses=MANAGERS),
    Route("migration:freeze", default=403, statuses=MANAGERS),
    Route(
        "migration:freeze",
        method="post",
        default=403,
        statuses=only(302, "pmo", "tech"),
        data={"start": "24/12/2024", "end": "", "reason": "Christmas Eve"},
    ),
    Route(
        "migration:freeze_remove",
        (999_999,),
        method="post",
        default=403,
        statuses=only(404, "pmo", "tech"),
    ),
    Route("migration:export", ("pre-staging",), default=403, statuses=MANAGERS),
    Route("migration:export", ("held-back",), default=403, statuses=MANAGERS),
    Route("migration:export", ("redirect-map",), default=403, statuses=MANAGERS),
    Route("migration:export", ("no-such-kind",), default=403, statuses=only(404, "pmo", "tech")),
    Route("migration:export", ("sharegate",), default=403, statuses=MANAGERS),
    Route("migration:export", ("migrationwiz",), default=403, statuses=MANAGERS),
    Route("migration:export", ("site-map",), default=403, statuses=MANAGERS),
    Route("migration:cutover", default=403, statuses=MANAGERS),
    Route("migration:cutover_step", ("CWAC", "dns_mx"), default=403, statuses=MANAGERS),
    Route(
        "migration:cutover_step",
        ("CWAC", "no-such-step"),
        default=403,
        statuses=only(404, "pmo", "tech"),
    ),
    Route("api:migration-progress", anonymous=401),
    Route("api:migration-settings", default=403, statuses=MANAGERS, anonymous=401),
    Route("api:migration-plan", default=403, statuses=MANAGERS, anonymous=401),
    Route("api:migration-identities", default=403, statuses=MANAGERS, anonymous=401),
    Route(
        "api:migration-identity", (first_identity,), default=403, statuses=MANAGERS, anonymous=401
    ),
    Route(
        "api:migration-identity",
        (999_999,),
        default=403,
        statuses=only(404, "pmo", "tech"),
        anonymous=401,
    ),
    Route("api:migration-statuses", default=403, statuses=MANAGERS, anonymous=401),
    Route("api:migration-devices", default=403, statuses=MANAGERS, anonymous=401),
    Route(
        "api:migration-set-status",
        (first_identity, "mail"),
        method="put",
        default=403,
        statuses=MANAGERS,
        data=Json(state="completed", note="Moved.", version=mail_status_version),
        anonymous=401,
    ),
)
