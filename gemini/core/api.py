"""Core API routes: who am I, and the organisations."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from gemini.core import access
from gemini.core.models import Organisation

router = Router(tags=["core"])


class MembershipOut(Schema):
    role: str
    organisation: str


class MeOut(Schema):
    email: str
    full_name: str
    memberships: list[MembershipOut]
    permissions: list[str]


class OrganisationOut(Schema):
    code: str
    name: str
    kind: str
    hosted_by: str | None


@router.get("/me", response=MeOut, summary="The person the request acts as")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        email=user.email,  # type: ignore[union-attr]
        full_name=user.full_name,  # type: ignore[union-attr]
        memberships=[
            MembershipOut(role=m.role, organisation=m.organisation.code)
            for m in user.memberships.select_related("organisation")  # type: ignore[union-attr]
        ],
        permissions=sorted(p.value for p in access.Permission if access.has_permission(user, p)),
    )


@router.get(
    "/organisations", response=list[OrganisationOut], summary="Councils and shared services"
)
def organisations(request: HttpRequest) -> list[OrganisationOut]:
    return [
        OrganisationOut(
            code=o.code,
            name=o.name,
            kind=o.kind,
            hosted_by=o.hosted_by.code if o.hosted_by else None,
        )
        for o in Organisation.objects.select_related("hosted_by")
    ]
