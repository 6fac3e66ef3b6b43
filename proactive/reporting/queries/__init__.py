"""Reads of the reporting centre, one module per area (intake, handling, statistics, casestudies); this module
holds what they share: which body handles a unit's reports, and which bodies a handler serves."""

from django.db.models import QuerySet

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.accounts.models import OrgUnit
from proactive.accounts.queries import role_units

# A unit of these kinds is a body of its own with its own audit office (구·군, 공사·공단, 출자·출연기관).
BODY_KINDS = frozenset({OrgUnitKind.DISTRICT, OrgUnitKind.CORPORATION, OrgUnitKind.AFFILIATE})
_BODIES_ATTR = "_reporting_body_ids"


def _path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def handling_body(unit: OrgUnit) -> OrgUnit:
    """The body whose audit office handles reports about ``unit``: the nearest 구·군, corporation or affiliated
    body above it (or itself), else the root of its tree (the city). One query."""
    ids = _path_ids(unit.path) or [unit.pk]
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids)}
    for pk in reversed(ids):
        candidate = units.get(pk)
        if candidate is not None and candidate.kind in BODY_KINDS:
            return candidate
    return units.get(ids[0], unit)


def city_root() -> OrgUnit | None:
    return OrgUnit.objects.filter(parent__isnull=True, kind=OrgUnitKind.CITY).order_by("sort_order", "pk").first()


def bodies_handled_by(user) -> frozenset[int]:
    """Ids of the bodies whose reports ``user`` handles as an audit officer (cached on the user for the request).

    An audit-officer membership without a unit, or within the city's own branches, serves the city; one within a
    구·군, corporation or affiliated body serves that body."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _BODIES_ATTR, None)
    if cached is not None:
        return cached
    held = role_units(user, Role.AUDIT_OFFICER)
    ids: set[int] = set()
    paths = [h.unit_path for h in held if h.unit_path]
    if any(h.unit_path is None for h in held):
        root = city_root()
        if root is not None:
            ids.add(root.pk)
    if paths:
        wanted = {pk for path in paths for pk in _path_ids(path)}
        kinds = dict(OrgUnit.objects.filter(pk__in=wanted).values_list("pk", "kind"))
        for path in paths:
            chain = _path_ids(path)
            body = next((pk for pk in reversed(chain) if kinds.get(pk) in BODY_KINDS), chain[0])
            ids.add(body)
    result = frozenset(ids)
    setattr(user, _BODIES_ATTR, result)
    return result


def reports_handled_by(user) -> QuerySet:
    from proactive.reporting.models import Report

    return Report.objects.filter(body_id__in=bodies_handled_by(user))


def handlers_of(body: OrgUnit) -> list:
    """Users who handle ``body``'s reports today (audit officers whose membership falls in that body)."""
    from proactive.accounts.models import RoleMembership, User

    memberships = RoleMembership.objects.active().filter(role=Role.AUDIT_OFFICER).select_related("unit", "user")
    root = city_root()
    user_ids = set()
    for membership in memberships:
        unit_body = handling_body(membership.unit) if membership.unit_id else root
        if unit_body is not None and unit_body.pk == body.pk:
            user_ids.add(membership.user_id)
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))
