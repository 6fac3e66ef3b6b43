"""Reads shared by the protection app's rules, services and views: which audits an audit officer serves, who the
protection officers and board members are, and who heads an official's unit."""

from typing import Any

from django.db.models import Q, QuerySet

from proactive.accounts.enums import Role
from proactive.accounts.models import Official, OrgUnit, RoleMembership, User
from proactive.accounts.queries import role_units
from proactive.protection.enums import OPEN_STATES, CounsellingState
from proactive.protection.models import Audit, CounsellingCase, ExemptionApplication


def audit_scopes(user: Any) -> list[str | None]:
    """The unit paths of ``user``'s audit-officer memberships; ``None`` stands for the whole organisation."""
    return [h.unit_path for h in role_units(user, Role.AUDIT_OFFICER)]


def serves_unit(user: Any, unit: OrgUnit | None) -> bool:
    """Whether one of ``user``'s audit-officer memberships covers ``unit`` (an unscoped one covers everything)."""
    if unit is None:
        return False
    return any(path is None or unit.path.startswith(path) for path in audit_scopes(user))


def serves_the_city(user: Any) -> bool:
    return any(path is None for path in audit_scopes(user))


def audits_visible_to(user: Any) -> QuerySet[Audit]:
    """The audits of the units ``user``'s audit office covers (none without an audit-officer membership)."""
    if getattr(user, "is_superuser", False):
        return Audit.objects.none()
    scopes = audit_scopes(user)
    if not scopes:
        return Audit.objects.none()
    if None in scopes:
        return Audit.objects.all()
    condition = Q()
    for path in scopes:
        condition |= Q(audited_unit__path__startswith=path)
    return Audit.objects.filter(condition)


def audit_officers_for(unit: OrgUnit) -> list[User]:
    """The audit officers who serve ``unit``: the city's (unscoped) and those whose scope covers it."""
    rows = (
        RoleMembership.objects.active()
        .filter(role=Role.AUDIT_OFFICER, user__is_active=True)
        .select_related("user", "unit")
        .order_by("user_id")
    )
    seen: dict[int, User] = {}
    for row in rows:
        if row.unit is None or unit.path.startswith(row.unit.path):
            seen.setdefault(row.user_id, row.user)
    return list(seen.values())


def holders_of(role: str) -> QuerySet[User]:
    """Active users holding ``role`` today, by name."""
    ids = RoleMembership.objects.active().filter(role=role).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).select_related("official__unit").order_by("name", "pk")


def protection_officers() -> QuerySet[User]:
    return holders_of(Role.PROTECTION_OFFICER)


def board_members() -> QuerySet[User]:
    return holders_of(Role.EXEMPTION_BOARD)


def least_busy_officer() -> User | None:
    """The protection officer with the fewest open applications and counselling cases (then by name)."""
    officers = list(protection_officers())
    if not officers:
        return None
    ids = [o.pk for o in officers]
    load: dict[int, int] = dict.fromkeys(ids, 0)
    for officer_id in ExemptionApplication.objects.filter(
        protection_officer_id__in=ids, state__in=OPEN_STATES
    ).values_list("protection_officer_id", flat=True):
        load[officer_id] += 1
    for officer_id in CounsellingCase.objects.filter(officer_id__in=ids, state=CounsellingState.OPEN).values_list(
        "officer_id", flat=True
    ):
        load[officer_id] += 1
    return min(officers, key=lambda o: (load[o.pk], o.name, o.pk))


def heads_of(official: Official) -> list[User]:
    """The department heads whose scope covers ``official``'s unit (active today)."""
    rows = (
        RoleMembership.objects.active()
        .filter(role=Role.DEPARTMENT_HEAD, unit__isnull=False, user__is_active=True)
        .select_related("user", "unit")
    )
    path = official.unit.path
    return [row.user for row in rows if path.startswith(row.unit.path)]


def user_of(official: Official) -> User | None:
    return User.objects.filter(official=official, is_active=True).first()
