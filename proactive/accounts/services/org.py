"""Writes to the organisation tree and the officials register."""

from typing import Any

from django.db import transaction

from proactive.accounts.models import Official, OrgUnit
from proactive.audit.services import record_event

PATH_STEP = 6  # digits per level in OrgUnit.path


def _path_for(unit: OrgUnit) -> tuple[str, int]:
    if unit.parent_id is None:
        return f"{unit.pk:0{PATH_STEP}d}/", 0
    parent = unit.parent
    return f"{parent.path}{unit.pk:0{PATH_STEP}d}/", parent.depth + 1


def refresh_paths(unit: OrgUnit) -> None:
    """Recompute ``path``/``depth`` for ``unit`` and its whole subtree (after a create or a move)."""
    old_path = unit.path
    unit.path, unit.depth = _path_for(unit)
    OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)
    if old_path and old_path != unit.path:
        for child in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).order_by("depth"):
            child.parent = OrgUnit.objects.get(pk=child.parent_id)
            child.path, child.depth = _path_for(child)
            OrgUnit.objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)


@transaction.atomic
def create_unit(
    *, actor: Any, code: str, name: str, kind: str, parent: OrgUnit | None = None, name_en: str = "",
    sort_order: int = 0, is_active: bool = True, audit: bool = True,
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
def create_official(*, actor: Any, audit: bool = True, **fields: Any) -> Official:
    """Register an official. Side effect: an audit event (unless the caller audits a whole import)."""
    official = Official(**fields)
    official.full_clean()
    official.save()
    if audit:
        record_event(actor=actor, verb="accounts.official_created", target=official, data={"unit": official.unit_id})
    return official
