"""Reads about people, roles and the organisation."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from proactive.accounts.enums import OfficialStatus, Role, UserKind
from proactive.accounts.models import Official, OrgUnit, RoleMembership, User

# Cache of held_roles() on the user object (not a model field, so set and read dynamically).
_HELD_ROLES_ATTR = "_held_roles"


@dataclass(frozen=True)
class HeldRole:
    role: str
    unit_id: int | None
    unit_path: str | None


def held_roles(user: User | AnonymousUser) -> list[HeldRole]:
    """The roles ``user`` holds today, base roles included. Cached on the user object for the request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, _HELD_ROLES_ATTR, None)
    if cached is not None:
        return cached
    roles: list[HeldRole] = []
    if user.kind == UserKind.CITIZEN:
        # A citizen's account holds no staff role (accounts.services.memberships.grant_role refuses it), so none is
        # read: a membership row that reached a citizen some other way grants nothing, and a citizen's request
        # (a ballot, a report) makes one query fewer.
        roles.append(HeldRole(Role.CITIZEN, None, None))
        setattr(user, _HELD_ROLES_ATTR, roles)
        return roles
    if user.official_id is not None:
        roles.append(HeldRole(Role.OFFICIAL, None, None))
    for role, unit_id, unit_path in (
        RoleMembership.objects.active().filter(user=user).values_list("role", "unit_id", "unit__path")
    ):
        roles.append(HeldRole(role, unit_id, unit_path))
    setattr(user, _HELD_ROLES_ATTR, roles)
    return roles


def forget_held_roles(user: User) -> None:
    if hasattr(user, _HELD_ROLES_ATTR):
        delattr(user, _HELD_ROLES_ATTR)


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


# --- Officials register: who may see whom ------------------------------------------------------------------

# Roles that see the whole register; department heads and bureau chiefs see their own unit's subtree.
REGISTER_WIDE_ROLES = (Role.SECRETARIAT, Role.HR_OFFICER, Role.AUDIT_OFFICER, Role.SYSADMIN)
REGISTER_SCOPED_ROLES = (Role.DEPARTMENT_HEAD, Role.BUREAU_CHIEF)


def official_scope(user: User | AnonymousUser) -> list[str] | None:
    """The unit paths under which ``user`` may see officials: ``None`` means everyone, ``[]`` nobody."""
    if has_role(user, *REGISTER_WIDE_ROLES):
        return None
    return sorted({h.unit_path for h in held_roles(user) if h.role in REGISTER_SCOPED_ROLES and h.unit_path})


def officials_visible_to(user: User | AnonymousUser) -> QuerySet[Official]:
    """Officials whose register entry (with work contact data) ``user`` may see."""
    scope = official_scope(user)
    qs = Official.objects.all()
    if scope is None:
        return qs
    if not scope:
        return qs.none()
    condition = Q()
    for path in scope:
        condition |= Q(unit__path__startswith=path)
    return qs.filter(condition)


def can_see_officials_in(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    scope = official_scope(user)
    return scope is None or any(unit.path.startswith(path) for path in scope)


def search_officials(
    qs: QuerySet[Official], *, q: str = "", unit: OrgUnit | None = None, status: str = "", rank: str = ""
) -> QuerySet[Official]:
    """Filter a register queryset: ``q`` matches name, English name or employee number; ``unit`` its subtree."""
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(name_en__icontains=q) | Q(employee_no__iexact=q))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    if rank:
        qs = qs.filter(rank=rank)
    return qs


def ranks_in(qs: QuerySet[Official]) -> list[str]:
    """The distinct ranks in ``qs``, for a filter; one query."""
    return sorted(set(qs.order_by().values_list("rank", flat=True).distinct()))


# --- The organisation tree ---------------------------------------------------------------------------------

SERVING_STATUSES = (OfficialStatus.ACTIVE, OfficialStatus.ON_LEAVE)


def annotate_official_counts(qs: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    """Add ``officials_count``: serving (not retired) officials directly in each unit."""
    return qs.annotate(officials_count=Count("officials", filter=Q(officials__status__in=SERVING_STATUSES)))


@dataclass
class TreeNode:
    unit: OrgUnit
    children: list["TreeNode"] = field(default_factory=list)
    matches: bool = False  # the unit matches the search
    open: bool = False  # render the <details> expanded

    @property
    def officials_count(self) -> int:
        return getattr(self.unit, "officials_count", 0)


@dataclass(frozen=True)
class TreeRow:
    """One unit of the tree in document order, with how many open lists to close after it."""

    node: TreeNode
    closes: range


def flatten_tree(roots: list[TreeNode]) -> list[TreeRow]:
    """The tree in pre-order, so a template renders it in one loop instead of one include per unit."""
    rows: list[TreeRow] = []

    def walk(nodes: list[TreeNode], depth_closes: int) -> None:
        for index, node in enumerate(nodes):
            last = index == len(nodes) - 1
            if node.children:
                rows.append(TreeRow(node, range(0)))
                walk(node.children, depth_closes + 1 if last else 1)
            else:
                rows.append(TreeRow(node, range(depth_closes if last else 0)))

    walk(roots, 0)
    return rows


def _sort_nodes(nodes: list[TreeNode]) -> None:
    nodes.sort(key=lambda n: (n.unit.sort_order, n.unit.name))
    for node in nodes:
        _sort_nodes(node.children)


def org_tree(q: str = "", *, include_inactive: bool = False) -> tuple[list[TreeNode], int]:
    """The whole organisation as nested nodes, built from ONE query (units by path, with official counts).

    With ``q`` only units whose code or name contains it are kept, together with their ancestors (opened so the
    matches are visible). Returns the root nodes and the number of matching units.
    """
    qs = OrgUnit.objects.all()
    if not include_inactive:
        qs = qs.filter(is_active=True)
    units = list(annotate_official_counts(qs).order_by("path"))
    nodes = {u.pk: TreeNode(u) for u in units}
    needle = q.strip().casefold()
    keep: set[int] | None = None
    matched = 0
    if needle:
        keep = set()
        for unit in units:
            if needle in unit.name.casefold() or needle in unit.name_en.casefold() or needle == unit.code.casefold():
                nodes[unit.pk].matches = True
                matched += 1
                keep.add(unit.pk)
                for part in unit.path.strip("/").split("/")[:-1]:
                    if part and int(part) in nodes:
                        keep.add(int(part))
                        nodes[int(part)].open = True
    roots: list[TreeNode] = []
    for unit in units:  # parents come before children in path order
        if keep is not None and unit.pk not in keep:
            continue
        node = nodes[unit.pk]
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        if parent is not None and (keep is None or unit.parent_id in keep):
            parent.children.append(node)
        else:
            roots.append(node)
    if keep is None:
        for root in roots:
            root.open = True
    _sort_nodes(roots)
    return roots, matched if needle else len(units)


def unit_children(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return annotate_official_counts(OrgUnit.objects.filter(parent=unit)).order_by("sort_order", "name")


def unit_officials(unit: OrgUnit) -> QuerySet[Official]:
    """Serving officials directly in ``unit``: position, then rank, then name."""
    return Official.objects.filter(unit=unit, status__in=SERVING_STATUSES).order_by("grade", "name", "pk")


def role_holders(unit: OrgUnit) -> QuerySet[RoleMembership]:
    """Memberships active today that are scoped to ``unit``, with their users."""
    return (
        RoleMembership.objects.active()
        .filter(unit=unit)
        .select_related("user", "user__official")
        .order_by("role", "user__name")
    )


def org_counts() -> dict[str, int]:
    """Headline numbers for the organisation panel: two queries."""
    units = OrgUnit.objects.aggregate(active=Count("pk", filter=Q(is_active=True)), all=Count("pk"))
    officials = Official.objects.aggregate(
        active=Count("pk", filter=Q(status=OfficialStatus.ACTIVE)),
        on_leave=Count("pk", filter=Q(status=OfficialStatus.ON_LEAVE)),
        retired=Count("pk", filter=Q(status=OfficialStatus.RETIRED)),
    )
    return {
        "units": units["active"],
        "units_inactive": units["all"] - units["active"],
        "officials_active": officials["active"],
        "officials_on_leave": officials["on_leave"],
        "officials_retired": officials["retired"],
    }


# --- Role memberships --------------------------------------------------------------------------------------

MEMBERSHIP_STATES = ("active", "upcoming", "ended", "all")


def memberships_filtered(*, role: str = "", state: str = "active", on: date | None = None) -> QuerySet[RoleMembership]:
    """Memberships for the management list, with user, the user's official unit and the scope unit joined."""
    day = on or timezone.localdate()
    qs = RoleMembership.objects.select_related("user", "user__official", "user__official__unit", "unit")
    if role:
        qs = qs.filter(role=role)
    if state == "active":
        qs = qs.active(day)
    elif state == "upcoming":
        qs = qs.filter(starts_on__gt=day)
    elif state == "ended":
        qs = qs.filter(ends_on__lt=day)
    return qs.order_by("role", "-starts_on", "pk")


def memberships_of(user: User) -> QuerySet[RoleMembership]:
    """``user``'s memberships active today, with their units (for "my roles")."""
    return RoleMembership.objects.active().filter(user=user).select_related("unit").order_by("role", "starts_on")
