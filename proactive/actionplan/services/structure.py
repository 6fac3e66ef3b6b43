"""The plan's structure, written by the secretariat while the plan is a draft or in consultation: strategic
directions (①–⑥) and their tasks, added, changed, removed and put in order. Numbers are always 1, 2, 3 … in
order: removing or moving renumbers."""

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from proactive.accounts.enums import OrgUnitKind
from proactive.accounts.models import OrgUnit
from proactive.actionplan.models import Direction, Plan, Task
from proactive.actionplan.services.common import changes_of, number, require, text
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError

EDIT = "actionplan.edit_plan"
OWNER_KINDS = (OrgUnitKind.DEPARTMENT, OrgUnitKind.OFFICE, OrgUnitKind.BUREAU)


def _renumber(rows: list) -> None:
    """Give ``rows`` (of one model, one parent) the numbers 1, 2, 3 … in list order, without breaking the unique
    constraint on the way."""
    if not rows:
        return
    model = type(rows[0])
    model.objects.filter(pk__in=[r.pk for r in rows]).update(number=F("number") + 1000)
    for position, row in enumerate(rows, start=1):
        model.objects.filter(pk=row.pk).update(number=position)
        row.number = position


def _direction_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": text(data.get("title"), required_message=_("Enter the direction's title."), limit=200),
        "description": text(data.get("description")),
    }


@transaction.atomic
def add_direction(*, actor: Any, plan: Plan, data: dict[str, Any]) -> Direction:
    """A new direction at the end. Side effect: audit event ``actionplan.direction_added``."""
    require(actor, EDIT, plan)
    last = plan.directions.order_by("-number").values_list("number", flat=True).first() or 0
    direction = Direction.objects.create(plan=plan, number=last + 1, **_direction_values(data))
    record_event(actor=actor, verb="actionplan.direction_added", target=direction, data={"plan": plan.pk})
    return direction


@transaction.atomic
def update_direction(*, actor: Any, direction: Direction, data: dict[str, Any]) -> Direction:
    """Side effect: audit event ``actionplan.direction_updated`` with the changes."""
    require(actor, EDIT, direction.plan)
    changed = changes_of(direction, _direction_values(data))
    if changed:
        direction.save()
        record_event(actor=actor, verb="actionplan.direction_updated", target=direction, changes=changed)
    return direction


@transaction.atomic
def remove_direction(*, actor: Any, direction: Direction) -> None:
    """Remove a direction with its tasks; the others are renumbered. Side effect: audit event
    ``actionplan.direction_removed`` (on the plan, with the title and the number of tasks)."""
    plan = direction.plan
    require(actor, EDIT, plan)
    data = {"title": direction.title, "number": direction.number, "tasks": direction.tasks.count()}
    direction.delete()
    _renumber(list(plan.directions.order_by("number")))
    record_event(actor=actor, verb="actionplan.direction_removed", target=plan, data=data)


@transaction.atomic
def move_direction(*, actor: Any, direction: Direction, up: bool) -> Direction:
    """Swap a direction with the one before (``up``) or after it. Side effect: audit event
    ``actionplan.direction_moved``."""
    require(actor, EDIT, direction.plan)
    rows = list(direction.plan.directions.order_by("number"))
    _move(rows, direction.pk, up)
    record_event(actor=actor, verb="actionplan.direction_moved", target=direction, data={"up": up})
    return direction


def _move(rows: list, pk: int, up: bool) -> None:
    index = next(i for i, row in enumerate(rows) if row.pk == pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        raise DomainError(_("It is already at that end of the list."), code="cannot_move")
    rows[index], rows[other] = rows[other], rows[index]
    _renumber(rows)


def _owner_unit(value: Any) -> OrgUnit:
    unit = value if isinstance(value, OrgUnit) else OrgUnit.objects.filter(pk=value).first()
    if unit is None or not unit.is_active or unit.kind not in OWNER_KINDS:
        raise DomainError(_("Choose the owner department from the organisation chart."), code="owner_invalid")
    return unit


def _task_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": text(data.get("title"), required_message=_("Enter the task's title."), limit=250),
        "owner_unit": _owner_unit(data.get("owner_unit")),
        "kpi": text(data.get("kpi"), required_message=_("Describe the KPI."), limit=250),
        "unit": text(data.get("unit"), required_message=_("Enter the KPI's unit, e.g. 건 or %."), limit=20),
        "baseline": number(data.get("baseline")),
        "target": number(data.get("target"), required=True, positive=True),
        "weight": number(data.get("weight")),
    }


@transaction.atomic
def add_task(*, actor: Any, direction: Direction, data: dict[str, Any]) -> Task:
    """A new task at the end of the direction. Side effect: audit event ``actionplan.task_added``."""
    require(actor, EDIT, direction.plan)
    values = _task_values(data)
    last = direction.tasks.order_by("-number").values_list("number", flat=True).first() or 0
    task = Task.objects.create(plan=direction.plan, direction=direction, number=last + 1, **values)
    record_event(
        actor=actor, verb="actionplan.task_added", target=task, data={"plan": direction.plan_id, "code": task.code}
    )
    return task


@transaction.atomic
def update_task(*, actor: Any, task: Task, data: dict[str, Any]) -> Task:
    """Side effect: audit event ``actionplan.task_updated`` with the changes."""
    require(actor, EDIT, task.plan)
    changed = changes_of(task, _task_values(data))
    if changed:
        task.save()
        record_event(actor=actor, verb="actionplan.task_updated", target=task, changes=changed)
    return task


@transaction.atomic
def remove_task(*, actor: Any, task: Task) -> None:
    """Side effect: audit event ``actionplan.task_removed`` (on the plan)."""
    plan, direction = task.plan, task.direction
    require(actor, EDIT, plan)
    data = {"code": task.code, "title": task.title}
    task.delete()
    _renumber(list(direction.tasks.order_by("number")))
    record_event(actor=actor, verb="actionplan.task_removed", target=plan, data=data)


@transaction.atomic
def move_task(*, actor: Any, task: Task, up: bool) -> Task:
    """Swap a task with the one before (``up``) or after it in its direction. Side effect: audit event
    ``actionplan.task_moved``."""
    require(actor, EDIT, task.plan)
    _move(list(task.direction.tasks.order_by("number")), task.pk, up)
    record_event(actor=actor, verb="actionplan.task_moved", target=task, data={"up": up})
    return task
