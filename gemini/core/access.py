"""The one access layer: what each role may do, and which records it may see.

Every page, export, API route and report goes through here (docs/adr/0002-one-access-layer.md):

- `has_permission(user, permission)` / `require(user, permission)`: the check each view makes
  (or `@requires(permission)` on a function view).
- `organisations_for(user, permission)`: the organisations whose data the permission reaches
  for this user — a role's *scope* is its own organisation (plus any shared service that
  organisation hosts), or every organisation.
- `scoped(queryset, user, permission, via)`: a queryset cut down to those organisations.
- `visible(queryset, user)`: a queryset of `Confidential` records without the exempt (Part 2)
  ones unless the user may see exempt information. A member or union representative never can.
- `import_runs_for(user)`: the background imports a person may follow: their own, and those
  of a kind their role may import.

Later apps add permissions to `Permission` and grant them in `ROLE_PERMISSIONS`; they never
test roles themselves.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied

__all__ = ["PermissionDenied"]
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase

from gemini.core.models import Confidentiality, ImportRun, Organisation, Role, User

M = TypeVar("M", bound=Model)
AnyUser = User | AnonymousUser


class Permission(enum.StrEnum):
    # Core
    VIEW_EXEMPT = "core.view_exempt"
    VIEW_PERSONAL_DATA = "core.view_personal_data"
    VIEW_HISTORY = "core.view_history"
    IMPORT_DATA = "core.import"
    MANAGE_ORGANISATIONS = "core.manage_organisations"
    # Programme governance
    VIEW_PROGRAMME = "programme.view"
    EDIT_PROGRAMME = "programme.edit"  # status, risks, milestones of the workstreams one leads
    EDIT_ANY_WORKSTREAM = "programme.edit_any_workstream"
    MANAGE_PROGRAMME = "programme.manage"  # registers, benefits, decisions, catalogue, imports
    # Workforce (names and pay also need VIEW_PERSONAL_DATA, scoped by organisation)
    VIEW_WORKFORCE = "workforce.view"  # anonymised structures and numbers
    MANAGE_WORKFORCE = "workforce.manage"  # imports, matching runs, groupings
    DECIDE_WORKFORCE = "workforce.decide"  # confirm or override an outcome for a person
    # Finance
    VIEW_FINANCE = "finance.view"
    MANAGE_FINANCE = "finance.manage"
    # Microsoft 365 tenant migration
    VIEW_MIGRATION = "migration.view"  # progress figures
    MANAGE_MIGRATION = "migration.manage"  # identities, plans, exports, tracking
    # Phase 2 hosting exit
    VIEW_HOSTING = "hosting.view"
    MANAGE_HOSTING = "hosting.manage"
    # Committee reports
    VIEW_REPORTS = "reports.view"  # issued Part 1 reports
    VIEW_REPORT_DRAFTS = "reports.view_drafts"  # drafts before they are issued (officers)
    MANAGE_REPORTS = "reports.manage"  # create, edit and issue reports


class Scope(enum.Enum):
    OWN_ORGANISATION = "own"
    ALL_ORGANISATIONS = "all"


P = Permission

# What every read-only role may open: Part 1 dashboards, figures and published reports.
_PUBLIC = frozenset(
    {P.VIEW_PROGRAMME, P.VIEW_WORKFORCE, P.VIEW_FINANCE, P.VIEW_MIGRATION, P.VIEW_REPORTS}
)
# What every officer may open besides: exempt records, audit history, the estate.
_OFFICER = _PUBLIC | {P.VIEW_EXEMPT, P.VIEW_HISTORY, P.VIEW_HOSTING, P.VIEW_REPORT_DRAFTS}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # Sees everything; decisions about people stay with HR.
    Role.PROGRAMME_MANAGER: frozenset(Permission) - {P.DECIDE_WORKFORCE},
    Role.WORKSTREAM_LEAD: _OFFICER | {P.EDIT_PROGRAMME},
    Role.HR: _OFFICER
    | {P.VIEW_PERSONAL_DATA, P.IMPORT_DATA, P.MANAGE_WORKFORCE, P.DECIDE_WORKFORCE},
    Role.FINANCE: _OFFICER | {P.IMPORT_DATA, P.MANAGE_FINANCE},
    Role.TECHNICAL: _OFFICER | {P.IMPORT_DATA, P.MANAGE_MIGRATION, P.MANAGE_HOSTING},
    Role.MEMBER: _PUBLIC,
    Role.UNION_REPRESENTATIVE: _PUBLIC,
}

ROLE_SCOPE: dict[Role, Scope] = {
    Role.PROGRAMME_MANAGER: Scope.ALL_ORGANISATIONS,
    Role.WORKSTREAM_LEAD: Scope.OWN_ORGANISATION,
    Role.HR: Scope.OWN_ORGANISATION,
    Role.FINANCE: Scope.OWN_ORGANISATION,
    Role.TECHNICAL: Scope.OWN_ORGANISATION,
    Role.MEMBER: Scope.OWN_ORGANISATION,
    Role.UNION_REPRESENTATIVE: Scope.OWN_ORGANISATION,
}

# Roles that only ever read Part 1 (public) information.
PART_1_ONLY = frozenset({Role.MEMBER, Role.UNION_REPRESENTATIVE})


def _memberships(user: AnyUser) -> list[tuple[Role, int]]:
    """(role, organisation id) for each of the user's memberships, read once per request."""
    if not user.is_authenticated:
        return []
    cached: list[tuple[Role, int]] | None = getattr(user, "_gemini_memberships", None)
    if cached is None:
        cached = [
            (Role(role), organisation_id)
            for role, organisation_id in user.memberships.values_list("role", "organisation_id")
        ]
        user._gemini_memberships = cached  # type: ignore[attr-defined]
    return cached


def roles_of(user: AnyUser) -> set[Role]:
    return {role for role, _ in _memberships(user)}


def has_permission(user: AnyUser, permission: Permission) -> bool:
    """Whether any of the user's roles grants the permission (a superuser holds them all)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(permission in ROLE_PERMISSIONS[role] for role in roles_of(user))


def require(user: AnyUser, permission: Permission) -> None:
    """Raise PermissionDenied (a 403 page) unless the user holds the permission."""
    if not has_permission(user, permission):
        raise PermissionDenied(f"You do not have permission to do this ({permission}).")


def requires(permission: Permission) -> Callable[[Callable[..., HttpResponseBase]], Any]:
    """Decorate a function view with its one permission check."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            require(request.user, permission)
            return view(request, *args, **kwargs)

        wrapped.gemini_permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorator


def organisations_for(user: AnyUser, permission: Permission) -> QuerySet[Organisation]:
    """Organisations whose records `permission` reaches for this user.

    A role scoped to its own organisation also reaches a shared service that organisation
    hosts (HR at CEC serves the shared service's staff, whom CEC employs); a role held at a
    shared service reaches every organisation, since the shared service works for them all.
    """
    if not has_permission(user, permission):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    own: set[int] = set()
    for role, organisation_id in _memberships(user):
        if permission not in ROLE_PERMISSIONS[role]:
            continue
        if ROLE_SCOPE[role] is Scope.ALL_ORGANISATIONS:
            return Organisation.objects.all()
        own.add(organisation_id)
    # Someone at a shared service works for every council it serves: all of them.
    if Organisation.objects.filter(pk__in=own, kind=Organisation.Kind.SHARED_SERVICE).exists():
        return Organisation.objects.all()
    return Organisation.objects.filter(Q(pk__in=own) | Q(hosted_by__in=own))


def _role_name(role: Role) -> str:
    """A role's name inside a sentence: "programme manager", "HR"."""
    label = str(Role(role).label)
    return label if label[:2].isupper() else label[0].lower() + label[1:]


def reach_in_words(user: AnyUser, permission: Permission) -> str:
    """Whose records `permission` reaches for this user, and why, in a phrase that ends a
    sentence such as "You see the staff of …" (the same rules as `organisations_for`):
    "Cheshire West and Chester Council, where you are HR"."""
    if not has_permission(user, permission):
        return "no organisation: your role does not include this"
    if user.is_superuser:
        return "every organisation, as an administrator"
    held = [(role, pk) for role, pk in _memberships(user) if permission in ROLE_PERMISSIONS[role]]
    for role, _ in held:
        if ROLE_SCOPE[role] is Scope.ALL_ORGANISATIONS:
            return f"every organisation, as {_role_name(role)}"
    by_pk = Organisation.objects.in_bulk([pk for _, pk in held])
    parts: list[str] = []
    for role, pk in held:
        organisation = by_pk[pk]
        label = _role_name(role)
        if organisation.kind == Organisation.Kind.SHARED_SERVICE:
            return (
                f"every organisation, as {label} at {organisation.name}, which works for them all"
            )
        hosted = list(organisation.hosts.order_by("name").values_list("name", flat=True))
        part = f"{organisation.name}, where you are {label}"
        if hosted:
            part += f", and {' and '.join(hosted)}, which {organisation.name} hosts"
        parts.append(part)
    return "; ".join(dict.fromkeys(parts))


def scoped(
    queryset: QuerySet[M], user: AnyUser, permission: Permission, via: str = "organisation"
) -> QuerySet[M]:
    """Cut a queryset down to the records of the organisations the permission reaches."""
    return queryset.filter(**{f"{via}__in": organisations_for(user, permission)})


def may_see_exempt(user: AnyUser) -> bool:
    """Exempt (Part 2) information: never for a member or union representative."""
    if roles_of(user) & PART_1_ONLY and not user.is_superuser:
        return False
    return has_permission(user, Permission.VIEW_EXEMPT)


def visible(queryset: QuerySet[M], user: AnyUser) -> QuerySet[M]:
    """A queryset of Confidential records without the exempt ones the user may not see."""
    if may_see_exempt(user):
        return queryset
    return queryset.filter(confidentiality=Confidentiality.PUBLIC)


def import_runs_for(user: AnyUser) -> QuerySet[ImportRun]:
    """The upload page's imports this person may see: the ones they started, and those of a
    kind their role may import (the permission the kind needed when the run was asked for)
    started by someone in an organisation that permission reaches for them — the people who
    look after that data, within their scope (HR at one council does not see the other's
    staff files). Nobody signed out or inactive sees any."""
    if not user.is_authenticated or not user.is_active:
        return ImportRun.objects.none()
    shared = Q()
    for permission in Permission:
        if has_permission(user, permission):
            shared |= Q(
                permission=str(permission),
                started_by__memberships__organisation__in=organisations_for(user, permission),
            )
    others = ImportRun.objects.filter(shared).values("pk") if shared else []
    return ImportRun.objects.filter(Q(started_by=user) | Q(pk__in=others))


def get_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    """One record from an already access-checked queryset, or a 404 page."""
    try:
        return queryset.get(**lookup)
    except ObjectDoesNotExist:
        raise Http404(f"No {queryset.model._meta.verbose_name} matches that address.") from None
