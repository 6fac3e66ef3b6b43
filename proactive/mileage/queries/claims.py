"""Reads of the claims area: what can be claimed, my claims, the claims waiting for me, one claim with its shares
and the caps left, and who is next in a claim's line (for notifications).

The visibility here follows ``rules.claims``: a claim is listed for whoever may open it, and "waiting for me" holds
exactly the claims whose next step the user may take (never a claim in which they hold a share).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.utils import timezone

from proactive.accounts.enums import OfficialStatus, OrgUnitKind, Role
from proactive.accounts.models import Official, OrgUnit, RoleMembership, User
from proactive.accounts.queries import role_units
from proactive.accounts.rules import _second_factor_done, is_secretariat
from proactive.mileage.enums import ClaimState
from proactive.mileage.models import ActivityRule, Claim, ClaimShare, MileagePolicy
from proactive.mileage.services.ledger import earning_entries

C = ClaimState
# The step each state waits for, and the role in the line that takes it (None: the secretariat).
WAITING_STATES = (C.CLAIMED, C.GRANTED, C.CHECKED)
SERVING = (OfficialStatus.ACTIVE, OfficialStatus.ON_LEAVE)


# --- The catalogue as a claimant sees it --------------------------------------------------------------------


def current_rules(on: datetime.date | None = None) -> list[ActivityRule]:
    """Each active activity's current rule (its newest version in force on ``on``), in catalogue order."""
    day = on or timezone.localdate()
    current: dict[int, ActivityRule] = {}
    rows = (
        ActivityRule.objects.filter(activity__active=True, valid_from__lte=day)
        .select_related("activity")
        .order_by("activity__order", "activity__code", "-version")
    )
    for rule in rows:
        current.setdefault(rule.activity_id, rule)
    return list(current.values())


def claimable_rules(on: datetime.date | None = None) -> list[ActivityRule]:
    """The rules an official may claim under: current, of an active activity, not posted by another workflow."""
    return [rule for rule in current_rules(on) if not rule.automatic]


def rule_is_claimable(rule: ActivityRule, on: datetime.date | None = None) -> bool:
    return any(r.pk == rule.pk for r in claimable_rules(on))


def policy_or_default(year: int) -> MileagePolicy:
    """The year's policy, or an unsaved one with the defaults (a read never creates it)."""
    return MileagePolicy.objects.filter(year=year).first() or MileagePolicy(year=year)


# --- Where an official belongs ------------------------------------------------------------------------------


def home_unit(official: Official) -> OrgUnit:
    """The department an official's points count against: their unit if it is a department, else the nearest
    department above it (a team's officials belong to its department), else their own unit."""
    unit = official.unit
    if unit.kind == OrgUnitKind.DEPARTMENT:
        return unit
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    departments = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids, kind=OrgUnitKind.DEPARTMENT)}
    for pk in reversed(ids):
        if pk in departments:
            return departments[pk]
    return unit


def _headed_paths(user: Any, role: str) -> list[str]:
    if not getattr(user, "is_authenticated", False) or not _second_factor_done(user):
        return []
    return sorted({h.unit_path for h in role_units(user, role) if h.unit_path})


def proposable_units(user: Any) -> list[OrgUnit]:
    """The units a department head may propose points in: the units they head."""
    ids = [h.unit_id for h in role_units(user, Role.DEPARTMENT_HEAD) if h.unit_id]
    if not ids or not _second_factor_done(user):
        return []
    return list(OrgUnit.objects.filter(pk__in=ids).order_by("path"))


def proposable_officials(user: Any) -> QuerySet[Official]:
    """Serving officials of the units the department head heads and of the units below them."""
    paths = _headed_paths(user, Role.DEPARTMENT_HEAD)
    if not paths:
        return Official.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(unit__path__startswith=path)
    return (
        Official.objects.filter(condition, status__in=SERVING)
        .select_related("unit")
        .order_by("unit__path", "grade", "name", "pk")
    )


# --- Caps left --------------------------------------------------------------------------------------------


@dataclass
class PersonCap:
    official: Official
    earned: int
    left: int


@dataclass
class CapsLeft:
    year: int
    cap_per_person: int
    cap_per_department: int
    unit: OrgUnit
    department_earned: int
    department_left: int
    eligible_from_grade: int
    people: list[PersonCap] = field(default_factory=list)


def _earned_by(officials: list[Official], year: int) -> dict[int, int]:
    rows = (
        earning_entries(year)
        .filter(account__official__in=[o.pk for o in officials])
        .values("account__official")
        .annotate(total=Sum("points"))
        .order_by()
    )
    return {row["account__official"]: int(row["total"] or 0) for row in rows}


def caps_left(*, unit: OrgUnit, officials: list[Official], year: int) -> CapsLeft:
    """What the year's caps still allow for ``unit`` and each of ``officials`` (three queries)."""
    policy = policy_or_default(year)
    earned = _earned_by(officials, year) if officials else {}
    department = earning_entries(year).filter(unit=unit).aggregate(total=Sum("points"))["total"]
    department = int(department or 0)
    return CapsLeft(
        year=year,
        cap_per_person=policy.cap_per_person,
        cap_per_department=policy.cap_per_department,
        unit=unit,
        department_earned=department,
        department_left=max(policy.cap_per_department - department, 0),
        eligible_from_grade=policy.eligible_from_grade,
        people=[
            PersonCap(o, earned.get(o.pk, 0), max(policy.cap_per_person - earned.get(o.pk, 0), 0)) for o in officials
        ],
    )


# --- One claim ----------------------------------------------------------------------------------------------


def _shares() -> Prefetch:
    return Prefetch(
        "shares",
        queryset=ClaimShare.objects.select_related("official__unit", "entry").order_by("-contribution", "pk"),
    )


def _base() -> QuerySet[Claim]:
    return Claim.objects.select_related("rule__activity", "unit", "claimed_by")


def get_claim(pk: int) -> Claim | None:
    """The claim with its activity, unit, deciders, shares (officials, entries) and evidence."""
    return (
        _base()
        .select_related("granted_by", "checked_by", "decided_by")
        .prefetch_related(_shares(), "evidence")
        .filter(pk=pk)
        .first()
    )


# --- Lists --------------------------------------------------------------------------------------------------


def my_claims(user: Any, *, state: str = "") -> QuerySet[Claim]:
    """Claims ``user`` made or in which their official holds a share, newest first, with ``my_points`` (their
    share's points, or None) and the shares prefetched."""
    if not getattr(user, "is_authenticated", False):
        return Claim.objects.none()
    official_id: int | None = getattr(user, "official_id", None)
    qs = _base().filter(claimed_by=user)
    if official_id is not None:
        named = ClaimShare.objects.filter(official_id=official_id)
        qs = _base().filter(Q(claimed_by=user) | Q(pk__in=named.values("claim_id")))
        qs = qs.annotate(my_points=Subquery(named.filter(claim=OuterRef("pk")).values("points")[:1]))
    else:
        qs = qs.annotate(my_points=Value(None, output_field=IntegerField()))
    qs = qs.prefetch_related(_shares())
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-pk")


def _waiting_condition(user: Any) -> Q | None:
    condition: Q | None = None

    def add(q: Q) -> None:
        nonlocal condition
        condition = q if condition is None else condition | q

    for path in _headed_paths(user, Role.DEPARTMENT_HEAD):
        add(Q(state=C.CLAIMED, unit__path__startswith=path))
    for path in _headed_paths(user, Role.BUREAU_CHIEF):
        add(Q(state=C.GRANTED, unit__path__startswith=path))
    if is_secretariat(user):
        add(Q(state=C.CHECKED))
    return condition


def claims_waiting_for(user: Any) -> QuerySet[Claim]:
    """Claims whose next step ``user`` may take: to grant (head of the claim's department or above), to check
    (bureau chief over it), to approve (secretariat) — never one in which they hold a share. Oldest first."""
    condition = _waiting_condition(user)
    if condition is None:
        return Claim.objects.none()
    qs = Claim.objects.filter(condition)
    official_id = getattr(user, "official_id", None)
    if official_id is not None:
        qs = qs.exclude(pk__in=ClaimShare.objects.filter(official_id=official_id).values("claim_id"))
    return qs


def claim_queue(user: Any, *, state: str = "", unit: OrgUnit | None = None, activity: Any = None) -> QuerySet[Claim]:
    """``claims_waiting_for(user)`` filtered, with what the list shows, oldest first."""
    qs = claims_waiting_for(user)
    if state:
        qs = qs.filter(state=state)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if activity is not None:
        qs = qs.filter(rule__activity=activity)
    return (
        qs.select_related("rule__activity", "unit", "claimed_by")
        .prefetch_related(_shares())
        .order_by("created_at", "pk")
    )


def queue_units(user: Any) -> QuerySet[OrgUnit]:
    """The departments of the claims waiting for ``user`` (the unit filter's choices)."""
    return OrgUnit.objects.filter(pk__in=claims_waiting_for(user).values("unit_id")).order_by("path")


def queue_count(user: Any) -> int:
    return claims_waiting_for(user).count()


# --- Who is next in line (notifications) ------------------------------------------------------------------


def _prefixes(unit: OrgUnit) -> list[str]:
    parts = [part for part in unit.path.split("/") if part]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def line_users(unit: OrgUnit, role: str) -> list[User]:
    """Users holding ``role`` today for ``unit`` or a unit above it."""
    memberships = RoleMembership.objects.active().filter(role=role, unit__path__in=_prefixes(unit))
    return list(User.objects.filter(pk__in=memberships.values("user_id"), is_active=True).order_by("pk"))


def secretariat_users() -> list[User]:
    memberships = RoleMembership.objects.active().filter(role=Role.SECRETARIAT)
    return list(User.objects.filter(pk__in=memberships.values("user_id"), is_active=True).order_by("pk"))


def next_in_line(claim: Claim) -> list[User]:
    """Who takes the claim's next step: the department heads over its department (claimed), the bureau chiefs
    over it (granted), the secretariat (checked); nobody once it is decided."""
    if claim.state == C.CLAIMED:
        return line_users(claim.unit, Role.DEPARTMENT_HEAD)
    if claim.state == C.GRANTED:
        return line_users(claim.unit, Role.BUREAU_CHIEF)
    if claim.state == C.CHECKED:
        return secretariat_users()
    return []


def people_of(claim: Claim) -> list[User]:
    """The sign-in accounts of whoever made the claim and of the officials it names."""
    condition = Q(pk=claim.claimed_by_id) | Q(official__mileage_shares__claim=claim)
    return list(User.objects.filter(condition, is_active=True).distinct().order_by("pk"))


def share_official_ids(claim: Claim) -> set[int]:
    return set(ClaimShare.objects.filter(claim=claim).values_list("official_id", flat=True))
