"""One person per role, as in the demo, plus an outsider from the other council.

`make_personas()` builds the organisations and one user per persona; the `personas` fixture
(gemini/conftest.py) returns them by name: pmo, lead, hr, hr_cwac, finance, tech, member, union.
"""

from __future__ import annotations

from dataclasses import dataclass

from gemini.core.models import Membership, Organisation, Role, User

PASSWORD = "persona-password-123"


@dataclass(frozen=True)
class Persona:
    name: str
    email: str
    role: Role
    organisation: str


PERSONAS: tuple[Persona, ...] = (
    Persona("pmo", "pmo@gemini.test", Role.PROGRAMME_MANAGER, "ICTSS"),
    Persona("lead", "lead@gemini.test", Role.WORKSTREAM_LEAD, "ICTSS"),
    Persona("hr", "hr@gemini.test", Role.HR, "CEC"),
    Persona("hr_cwac", "hr-cwac@gemini.test", Role.HR, "CWAC"),
    Persona("finance", "finance@gemini.test", Role.FINANCE, "CEC"),
    Persona("tech", "tech@gemini.test", Role.TECHNICAL, "ICTSS"),
    Persona("member", "member@gemini.test", Role.MEMBER, "CEC"),
    Persona("union", "union@gemini.test", Role.UNION_REPRESENTATIVE, "CEC"),
)
PERSONA_NAMES = tuple(p.name for p in PERSONAS)


def make_organisations() -> dict[str, Organisation]:
    cec, _ = Organisation.objects.get_or_create(
        code="CEC", defaults={"name": "Cheshire East Council", "kind": "council"}
    )
    cwac, _ = Organisation.objects.get_or_create(
        code="CWAC", defaults={"name": "Cheshire West and Chester Council", "kind": "council"}
    )
    ictss, _ = Organisation.objects.get_or_create(
        code="ICTSS",
        defaults={"name": "ICT Shared Service", "kind": "shared_service", "hosted_by": cec},
    )
    return {"CEC": cec, "CWAC": cwac, "ICTSS": ictss}


def make_personas() -> dict[str, User]:
    organisations = make_organisations()
    users: dict[str, User] = {}
    for persona in PERSONAS:
        user = User.objects.filter(email=persona.email).first()
        if user is None:
            user = User.objects.create_user(persona.email, PASSWORD, full_name=persona.name)
        Membership.objects.get_or_create(
            user=user, organisation=organisations[persona.organisation], role=persona.role
        )
        users[persona.name] = user
    return users
