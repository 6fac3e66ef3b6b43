"""Writing a year's plan and moving it through its states: create, edit its dates and texts, copy last year's
plan as a new draft, and the one transition function (``transition_plan``)."""

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.actionplan.enums import PlanState
from proactive.actionplan.models import Direction, Plan, Task, default_due_dates
from proactive.actionplan.services.common import changes_of, require, text
from proactive.actionplan.workflow import PLAN_TRANSITIONS
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.core.workflow import check_transition

MANAGE = "actionplan.manage_plans"
EDIT = "actionplan.edit_plan"
PLAN_FIELDS = (
    "title",
    "summary",
    "consultation_note",
    "deliberated_on",
    "committee_reference",
    "adopted_on",
    "q1_due_on",
    "q2_due_on",
    "q3_due_on",
    "q4_due_on",
)


def _check_year(year: Any) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise DomainError(_("Enter the year, e.g. 2026."), code="year_invalid") from None
    if not 2000 <= value <= 2100:
        raise DomainError(_("Enter the year, e.g. 2026."), code="year_invalid")
    if Plan.objects.filter(year=value).exists():
        raise DomainError(_("There is already a plan for %(year)s.") % {"year": value}, code="year_taken")
    return value


@transaction.atomic
def create_plan(*, actor: Any, year: Any, title: str = "", summary: str = "") -> Plan:
    """The secretariat starts a year's plan as a draft, with the default quarter due dates (the 10th day after each
    quarter). One plan per year. Side effect: audit event ``actionplan.plan_created``."""
    require(actor, MANAGE)
    value = _check_year(year)
    plan = Plan(
        year=value,
        title=text(title, limit=200) or _("%(year)s proactive administration action plan") % {"year": value},
        summary=text(summary),
        **default_due_dates(value),
    )
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise DomainError(_("There is already a plan for %(year)s.") % {"year": value}, code="year_taken") from None
    record_event(actor=actor, verb="actionplan.plan_created", target=plan, data={"year": value})
    return plan


@transaction.atomic
def update_plan(*, actor: Any, plan: Plan, data: dict[str, Any]) -> Plan:
    """Change the plan's texts, dates and quarter due dates (any state: due dates may move during the year; the
    adoption record is kept with the plan). Side effect: audit event ``actionplan.plan_updated`` with the changes."""
    require(actor, "actionplan.change_plan_state", plan)
    values = {field: data[field] for field in PLAN_FIELDS if field in data}
    if "title" in values:
        values["title"] = text(values["title"], required_message=_("Enter the plan's title."), limit=200)
    for field in ("summary", "consultation_note"):
        if field in values:
            values[field] = text(values[field])
    if "committee_reference" in values:
        values["committee_reference"] = text(values["committee_reference"], limit=200)
    dues = [values.get(f"q{q}_due_on", plan.due_on(q)) for q in (1, 2, 3, 4)]
    present = [d for d in dues if d is not None]
    if present != sorted(present):
        raise DomainError(_("The quarters' due dates must follow each other."), code="due_order")
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    changed = changes_of(locked, values)
    if changed:
        locked.save()
        record_event(actor=actor, verb="actionplan.plan_updated", target=locked, changes=changed)
    return locked


@transaction.atomic
def copy_plan(*, actor: Any, source: Plan, year: Any = None) -> Plan:
    """Start next year's plan (or ``year``'s) as a draft copy of ``source``: its directions and tasks (owner
    departments, KPIs, units, targets, weights), with last year's targets as the baselines where none was set;
    no reports, no designations. Side effects: audit events ``actionplan.plan_created`` and
    ``actionplan.plan_copied``."""
    require(actor, MANAGE)
    value = source.year + 1 if year in (None, "") else year
    plan = create_plan(
        actor=actor,
        year=value,
        title=source.title.replace(str(source.year), str(value)) if str(source.year) in source.title else "",
        summary=source.summary,
    )
    plan.copied_from = source
    plan.save(update_fields=["copied_from", "updated_at"])
    directions = {}
    for direction in source.directions.all():
        directions[direction.pk] = Direction.objects.create(
            plan=plan, number=direction.number, title=direction.title, description=direction.description
        )
    Task.objects.bulk_create(
        Task(
            plan=plan,
            direction=directions[task.direction_id],
            number=task.number,
            title=task.title,
            owner_unit_id=task.owner_unit_id,
            kpi=task.kpi,
            unit=task.unit,
            baseline=task.baseline if task.baseline is not None else task.target,
            target=task.target,
            weight=task.weight,
        )
        for task in Task.objects.filter(plan=source).order_by("direction__number", "number")
    )
    record_event(
        actor=actor,
        verb="actionplan.plan_copied",
        target=plan,
        data={"from": source.pk, "from_year": source.year, "tasks": plan.tasks.count()},
    )
    return plan


@transaction.atomic
def transition_plan(
    plan: Plan, *, to: str, actor: Any, reason: str = "", on: datetime.date | None = None, reference: str = ""
) -> Plan:
    """Move the plan along ``workflow.PLAN_TRANSITIONS``.

    Rules: a plan needs at least one direction and one task before the committee deliberates it; adopting records
    ``adopted_on`` (``on`` or today) and, when given, the committee's reference; a deliberation records
    ``deliberated_on``. Side effect: audit event ``actionplan.plan_state_changed`` (from, to, reason).
    """
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    check_transition(PLAN_TRANSITIONS, obj=locked, current=locked.state, to=to, actor=actor)
    day = on or timezone.localdate()
    if to == PlanState.COMMITTEE_DELIBERATED:
        if not locked.tasks.exists():
            raise DomainError(
                _("Add at least one direction with a task before the committee deliberates the plan."),
                code="plan_empty",
            )
        locked.deliberated_on = day
    if to == PlanState.ADOPTED:
        locked.adopted_on = day
    if reference:
        locked.committee_reference = text(reference, limit=200)
    previous = locked.state
    locked.state = to
    locked.save()
    record_event(
        actor=actor,
        verb="actionplan.plan_state_changed",
        target=locked,
        changes={"state": [previous, to]},
        data={"reason": text(reason, limit=1000), "on": day.isoformat()},
    )
    return locked
