"""`gemini demo`: the Gemini programme as the seed report describes it on 6 February 2025.

Each app contributes its own part through its services: an AppConfig names its loader in a
`demo` attribute (a dotted path to a function taking a `DemoContext`), and the loaders run in
INSTALLED_APPS order. Every loader is repeatable: loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.apps import apps
from django.utils.module_loading import import_string

from gemini.core import services
from gemini.core.history import recorded_at
from gemini.core.models import Organisation, Role

DEMO_DOMAIN = "gemini.test"

# When the demo's records are recorded as made (their audit history): before the seed report
# was issued (29 January 2025), so a figure or report "as at" that day sees the demo's
# programme. A dated record a loader makes (a matching run, an import, a plan) takes its date
# from `DemoContext.recorded_at` too, never from today.
DEMO_RECORDED_AT = dt.datetime(2025, 1, 20, 9, 0, tzinfo=ZoneInfo("Europe/London"))


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: Role
    organisation: str


# One user per role, plus HR at the other council (an outsider to CEC's personal data).
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("pmo@gemini.test", "Demo Programme Manager", Role.PROGRAMME_MANAGER, "ICTSS"),
    DemoUser("lead@gemini.test", "Demo Workstream Lead", Role.WORKSTREAM_LEAD, "ICTSS"),
    DemoUser("hr@gemini.test", "Demo HR Officer (CEC)", Role.HR, "CEC"),
    DemoUser("hr-cwac@gemini.test", "Demo HR Officer (CWaC)", Role.HR, "CWAC"),
    DemoUser("finance@gemini.test", "Demo Finance Officer", Role.FINANCE, "CEC"),
    DemoUser("tech@gemini.test", "Demo Technical Lead", Role.TECHNICAL, "ICTSS"),
    DemoUser("member@gemini.test", "Demo Councillor", Role.MEMBER, "CEC"),
    DemoUser("union@gemini.test", "Demo Union Representative", Role.UNION_REPRESENTATIVE, "CEC"),
)


@dataclass
class DemoContext:
    """What every app's demo loader receives.

    `small` asks for a cut-down demo (a few dozen generated people or records instead of
    thousands) with the same shape and every category present: the test suite uses it.
    """

    password: str
    report: Callable[[str], None] = print
    outcomes: dict[str, int] = field(default_factory=dict)
    small: bool = False
    recorded_at: dt.datetime = DEMO_RECORDED_AT

    def scaled(self, full: int, small: int) -> int:
        """How many generated records to make: `full` for `gemini demo`, `small` in tests."""
        return small if self.small else full

    def record(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


def load_core(context: DemoContext) -> None:
    """The two councils, the shared service and one demo user per role."""
    cec, outcome = services.save_organisation(
        "CEC", "Cheshire East Council", Organisation.Kind.COUNCIL
    )
    context.record(outcome)
    _, outcome = services.save_organisation(
        "CWAC", "Cheshire West and Chester Council", Organisation.Kind.COUNCIL
    )
    context.record(outcome)
    _, outcome = services.save_organisation(
        "ICTSS", "ICT Shared Service", Organisation.Kind.SHARED_SERVICE, hosted_by=cec
    )
    context.record(outcome)
    for person in DEMO_USERS:
        organisation = Organisation.objects.get(code=person.organisation)
        _, outcome = services.create_user(
            person.email, person.role, organisation, context.password, person.full_name
        )
        context.record(outcome)


def load_demo(context: DemoContext) -> None:
    """Run every app's demo loader, in INSTALLED_APPS order, recorded at `context.recorded_at`."""
    with recorded_at(context.recorded_at):
        for config in apps.get_app_configs():
            path = getattr(config, "demo", None)
            if path:
                loader: Callable[[DemoContext], None] = import_string(path)
                loader(context)
                context.report(f"Loaded the {config.verbose_name.lower()} demo.")
