"""Reads of the pre-consulting audit, one module per area (``requests``, ``office``, ``published``); this module holds
what the rules and every area share: who the audit office is, who heads a unit, which body a unit belongs to.

**The audit office** is the city's (Busan's 감사위원회 runs pre-consulting for every official of the city, its 구·군,
corporations and affiliated bodies, DOMAIN §4.6): audit officers whose membership has no unit or lies within the
city's own branches. A 구·군's or a corporation's audit officer (a membership within that body) is not part of it.
"""

from typing import Any

from django.db.models import Q

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.accounts.models import OrgUnit, RoleMembership, User
from proactive.accounts.queries import role_units

# A unit of these kinds is a body of its own (구·군, 공사·공단, 출자·출연기관).
BODY_KINDS = frozenset({OrgUnitKind.DISTRICT, OrgUnitKind.CORPORATION, OrgUnitKind.AFFILIATE})
_OFFICE_ATTR = "_consulting_audit_office"


def _path_ids(path: str) -> list[int]:
    return [int(part) for part in (path or "").strip("/").split("/") if part]


def body_of(unit: OrgUnit) -> OrgUnit:
    """The body ``unit`` belongs to: the nearest 구·군, corporation or affiliated body above it (or itself), else
    the root of its tree (the city). One query."""
    ids = _path_ids(unit.path) or [unit.pk]
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids)}
    for pk in reversed(ids):
        candidate = units.get(pk)
        if candidate is not None and candidate.kind in BODY_KINDS:
            return candidate
    return units.get(ids[0], unit)


def _in_another_body(paths: list[str]) -> list[bool]:
    """For each membership path: whether it lies within a 구·군, corporation or affiliated body."""
    wanted = {pk for path in paths for pk in _path_ids(path)}
    kinds = dict(OrgUnit.objects.filter(pk__in=wanted).values_list("pk", "kind"))
    return [any(kinds.get(pk) in BODY_KINDS for pk in _path_ids(path)) for path in paths]


def serves_audit_office(user: Any) -> bool:
    """Whether ``user`` is an audit officer of the city's audit office (cached on the user for the request)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, _OFFICE_ATTR, None)
    if cached is not None:
        return cached
    held = role_units(user, Role.AUDIT_OFFICER)
    result = any(h.unit_path is None for h in held)
    if not result:
        paths = [h.unit_path for h in held if h.unit_path]
        result = any(not inside for inside in _in_another_body(paths)) if paths else False
    setattr(user, _OFFICE_ATTR, result)
    return result


def audit_office() -> list[User]:
    """The users of the city's audit office today (for assignments and notifications), by name."""
    memberships = list(
        RoleMembership.objects.active()
        .filter(role=Role.AUDIT_OFFICER, user__is_active=True)
        .values_list("user_id", "unit__path")
    )
    inside = _in_another_body([path for _user, path in memberships if path])
    flags = iter(inside)
    ids = {user_id for user_id, path in memberships if not path or not next(flags)}
    return list(User.objects.filter(pk__in=ids).select_related("official__unit").order_by("name", "pk"))


def head_paths(user: Any) -> list[str]:
    """Unit paths within which ``user`` is a department head today."""
    return [h.unit_path for h in role_units(user, Role.DEPARTMENT_HEAD) if h.unit_path]


def heads_unit(user: Any, unit: OrgUnit | None) -> bool:
    """Whether ``user`` is the department head of ``unit`` (their scope covers it)."""
    if unit is None:
        return False
    return any(unit.path.startswith(path) for path in head_paths(user))


def heads_of(unit: OrgUnit) -> list[User]:
    """Department heads whose scope covers ``unit`` (today, with an active account): who approves its requests.
    The nearest head first (a team's department head before a bureau-wide one)."""
    ancestors = _path_ids(unit.path) or [unit.pk]
    memberships = (
        RoleMembership.objects.active()
        .filter(role=Role.DEPARTMENT_HEAD, unit_id__in=ancestors, user__is_active=True)
        .select_related("user", "unit")
        .order_by("-unit__depth", "pk")
    )
    seen: dict[int, User] = {}
    for membership in memberships:
        seen.setdefault(membership.user_id, membership.user)
    return list(seen.values())


def headed_units_q(user: Any, field: str = "unit__path") -> Q:
    """A filter for rows whose ``field`` (a unit path) lies within a unit ``user`` heads; matches nothing for others."""
    condition = Q(pk__in=[])
    for path in head_paths(user):
        condition |= Q(**{f"{field}__startswith": path})
    return condition
