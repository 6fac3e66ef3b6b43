"""Writes to the organisation tree and the officials register."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.accounts.enums import OfficialStatus
from proactive.accounts.models import Official, OrgUnit
from proactive.audit.services import diff, record_event, snapshot
from proactive.core.exceptions import DomainError

PATH_STEP = 6  # digits per level in OrgUnit.path

UNIT_FIELDS = ["code", "name", "name_en", "kind", "sort_order", "is_active"]
OFFICIAL_FIELDS = [
    "employee_no",
    "name",
    "name_en",
    "rank",
    "grade",
    "position",
    "job_series",
    "unit",
    "status",
    "email",
    "phone",
]


def _path_for(unit: OrgUnit) -> tuple[str, int]:
    if unit.parent_id is None:
        return f"{unit.pk:0{PATH_STEP}d}/", 0
    parent = unit.parent
    assert parent is not None  # parent_id is set
    return f"{parent.path}{unit.pk:0{PATH_STEP}d}/", parent.depth + 1


def refresh_paths(unit: OrgUnit) -> None:
    """Recompute ``path``/``depth`` for ``unit`` and its whole subtree (after a create or a move).

    A fixed number of queries whatever the size of the subtree (descendants are updated in bulk).
    """
    old_path = unit.path
    unit.path, unit.depth = _path_for(unit)
    OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)
    if old_path and old_path != unit.path:
        descendants = list(OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).order_by("depth"))
        by_id = {unit.pk: unit, **{d.pk: d for d in descendants}}
        for child in descendants:  # by depth: a parent is recomputed before its children
            assert child.parent_id is not None  # a descendant always has a parent
            child.parent = by_id[child.parent_id]
            child.path, child.depth = _path_for(child)
        OrgUnit.objects.bulk_update(descendants, ["path", "depth"], batch_size=500)


def rebuild_paths(units: Iterable[OrgUnit]) -> int:
    """Recompute ``path``/``depth`` of ``units`` (the whole tree, loaded) in Python; save the changed ones in bulk.

    Used after bulk writes (imports). ``units`` must contain every unit's ancestors. Returns how many changed.
    """
    by_id = {u.pk: u for u in units}
    computed: dict[int, tuple[str, int]] = {}

    def compute(unit: OrgUnit, seen: frozenset[int] = frozenset()) -> tuple[str, int]:
        if unit.pk in computed:
            return computed[unit.pk]
        if unit.pk in seen:
            raise DomainError(_("The organisation tree contains a cycle."), code="cycle")
        if unit.parent_id is None:
            result = (f"{unit.pk:0{PATH_STEP}d}/", 0)
        else:
            parent_path, parent_depth = compute(by_id[unit.parent_id], seen | {unit.pk})
            result = (f"{parent_path}{unit.pk:0{PATH_STEP}d}/", parent_depth + 1)
        computed[unit.pk] = result
        return result

    changed = []
    for unit in by_id.values():
        path, depth = compute(unit)
        if (unit.path, unit.depth) != (path, depth):
            unit.path, unit.depth = path, depth
            changed.append(unit)
    if changed:
        OrgUnit.objects.bulk_update(changed, ["path", "depth"], batch_size=500)
    return len(changed)


@transaction.atomic
def create_unit(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    parent: OrgUnit | None = None,
    name_en: str = "",
    sort_order: int = 0,
    is_active: bool = True,
    audit: bool = True,
) -> OrgUnit:
    """Add an org unit under ``parent``. Side effects: path computed; an audit event (unless bulk-audited)."""
    unit = OrgUnit(
        code=code, name=name, name_en=name_en, kind=kind, parent=parent, sort_order=sort_order, is_active=is_active
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    refresh_paths(unit)
    if audit:
        record_event(actor=actor, verb="accounts.unit_created", target=unit, data={"code": code, "kind": kind})
    return unit


@transaction.atomic
def update_unit(*, actor: Any, unit: OrgUnit, **fields: Any) -> OrgUnit:
    """Change a unit's code, names, kind, order or active flag (not its place: see ``move_unit``).

    Side effect: an audit event listing the changed fields (none if nothing changed).
    """
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    before = snapshot(unit, UNIT_FIELDS)
    for name, value in fields.items():
        setattr(unit, name, value)
    changes = diff(unit, before, UNIT_FIELDS)
    if changes:
        unit.full_clean(exclude=["path", "parent"])
        unit.save()
        record_event(actor=actor, verb="accounts.unit_updated", target=unit, changes=changes)
    return unit


@transaction.atomic
def move_unit(*, actor: Any, unit: OrgUnit, parent: OrgUnit | None) -> OrgUnit:
    """Put ``unit`` (with its subtree) under ``parent``. Refuses to move a unit below itself.

    Side effects: paths of the whole subtree recomputed; an audit event.
    """
    if parent is not None and parent.path.startswith(unit.path):
        raise DomainError(_("A unit cannot be moved below itself or one of its own sub-units."), code="cycle")
    if unit.parent_id == (parent.pk if parent else None):
        return unit
    old_parent = unit.parent
    unit.parent = parent
    unit.save(update_fields=["parent", "updated_at"])
    refresh_paths(unit)
    record_event(
        actor=actor,
        verb="accounts.unit_moved",
        target=unit,
        changes={"parent": [str(old_parent) if old_parent else None, str(parent) if parent else None]},
    )
    return unit


@transaction.atomic
def deactivate_unit(*, actor: Any, unit: OrgUnit) -> OrgUnit:
    """Mark a unit inactive (units are never deleted: officials and records refer to them).

    Refused while an active sub-unit or a serving official remains in it. Side effect: an audit event.
    """
    if not unit.is_active:
        return unit
    if OrgUnit.objects.filter(parent=unit, is_active=True).exists():
        raise DomainError(_("Deactivate or move its active sub-units first."), code="has_children")
    if Official.objects.filter(unit=unit).exclude(status=OfficialStatus.RETIRED).exists():
        raise DomainError(_("Move the officials serving in this unit first."), code="has_officials")
    unit.is_active = False
    unit.save(update_fields=["is_active", "updated_at"])
    record_event(actor=actor, verb="accounts.unit_deactivated", target=unit, changes={"is_active": [True, False]})
    return unit


@transaction.atomic
def create_official(*, actor: Any, audit: bool = True, **fields: Any) -> Official:
    """Register an official. Side effect: an audit event (unless the caller audits a whole import)."""
    official = Official(**fields)
    official.full_clean()
    official.save()
    if audit:
        record_event(actor=actor, verb="accounts.official_created", target=official, data={"unit": official.unit_id})
    return official


@transaction.atomic
def update_official(*, actor: Any, official: Official, **fields: Any) -> Official:
    """Change an official's register entry. Side effect: an audit event listing the changed fields."""
    unknown = set(fields) - set(OFFICIAL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    before = snapshot(official, OFFICIAL_FIELDS)
    for name, value in fields.items():
        setattr(official, name, value)
    changes = diff(official, before, OFFICIAL_FIELDS)
    if changes:
        official.full_clean()
        official.updated_at = timezone.now()
        official.save()
        record_event(actor=actor, verb="accounts.official_updated", target=official, changes=changes)
    return official
