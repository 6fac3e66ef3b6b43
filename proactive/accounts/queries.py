"""Reads about people, roles and the organisation."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from proactive.accounts.enums import Role, UserKind
from proactive.accounts.models import OrgUnit, RoleMembership, User


@dataclass(frozen=True)
class HeldRole:
    role: str
    unit_id: int | None
    unit_path: str | None


def held_roles(user: User | AnonymousUser) -> list[HeldRole]:
    """The roles ``user`` holds today, base roles included. Cached on the user object for the request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_held_roles", None)
    if cached is not None:
        return cached
    roles: list[HeldRole] = []
    if user.kind == UserKind.CITIZEN:
        roles.append(HeldRole(Role.CITIZEN, None, None))
    elif user.official_id is not None:
        roles.append(HeldRole(Role.OFFICIAL, None, None))
    for role, unit_id, unit_path in RoleMembership.objects.active().filter(user=user).values_list(
        "role", "unit_id", "unit__path"
    ):
        roles.append(HeldRole(role, unit_id, unit_path))
    user._held_roles = roles  # type: ignore[union-attr]
    return roles


def forget_held_roles(user: User) -> None:
    if hasattr(user, "_held_roles"):
        del user._held_roles


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    return any(h.role in roles for h in held_roles(user))


def role_units(user: User | AnonymousUser, role: str) -> list[HeldRole]:
    return [h for h in held_roles(user) if h.role == role]


def unit_is_within(unit: OrgUnit, ancestor_path: str | None) -> bool:
    """True if ``unit`` is the unit with ``ancestor_path`` or below it. ``None`` means organisation-wide."""
    return ancestor_path is None or unit.path.startswith(ancestor_path)


def subtree(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(path__startswith=unit.path)


def ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """Ancestors from the root down, excluding ``unit``; one query."""
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1] if part]
    by_id = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]
