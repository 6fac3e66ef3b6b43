"""The yearly reorganisation and reappointment of the members (seed 000 ①, DOMAIN §2.2) as a tracked task.

Each year the secretariat opens the year's task (``start_reorganisation``): five steps in order — the open call
for private members, screening, appointment and reappointment, orientation, the roster published — each with a due
date (defaults spread over the first months of the year), an owner and, once done, the day it was done. A step
past its due date and not done is overdue: flagged on the committee's home page and the secretariat's dashboard,
and its owner (or the secretariat) is told once by the daily ``flag_overdue_committee_steps`` command.
"""

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.models import User
from proactive.audit.services import record_event
from proactive.committee.enums import REORGANISATION_STEPS, ReorganisationStepKind
from proactive.committee.models import Reorganisation, ReorganisationStep
from proactive.committee.services.common import (
    KIND_STEP_OVERDUE,
    MANAGE_REORGANISATION,
    require,
    secretariat_users,
    tell,
    today,
)
from proactive.core.exceptions import DomainError

# (month, day) each step is due by default: the call in January, the new committee in place by the end of March.
DEFAULT_DUE = {
    ReorganisationStepKind.OPEN_CALL: (1, 31),
    ReorganisationStepKind.SCREENING: (2, 20),
    ReorganisationStepKind.APPOINTMENT: (3, 10),
    ReorganisationStepKind.ORIENTATION: (3, 25),
    ReorganisationStepKind.ROSTER_PUBLISHED: (3, 31),
}


@transaction.atomic
def start_reorganisation(*, actor: Any, year: int, owner: User | None = None, note: str = "") -> Reorganisation:
    """Open the year's reorganisation with its five steps (default due dates, ``owner`` for each).

    Rules: ``committee.manage_reorganisation``; once per year. Side effects: the rows; an audit event
    ``committee.reorganisation_started``.
    """
    require(actor, MANAGE_REORGANISATION)
    if not 2019 <= year <= 2100:
        raise DomainError(_("Please give a year between 2019 and 2100."), code="invalid_year")
    if Reorganisation.objects.filter(year=year).exists():
        raise DomainError(_("The reorganisation of %(year)s is already being tracked.") % {"year": year}, code="exists")
    reorganisation = Reorganisation.objects.create(
        year=year, note=(note or "").strip(), created_by=actor if getattr(actor, "pk", None) else None
    )
    for position, kind in enumerate(REORGANISATION_STEPS, start=1):
        month, day = DEFAULT_DUE[ReorganisationStepKind(kind)]
        ReorganisationStep.objects.create(
            reorganisation=reorganisation,
            kind=kind,
            position=position,
            due_on=datetime.date(year, month, day),
            owner=owner,
        )
    record_event(actor=actor, verb="committee.reorganisation_started", target=reorganisation, data={"year": year})
    return reorganisation


@transaction.atomic
def update_step(
    *,
    actor: Any,
    step: ReorganisationStep,
    due_on: datetime.date,
    owner: User | None,
    done_on: datetime.date | None,
    note: str = "",
) -> ReorganisationStep:
    """Change a step's due date, owner, note, or record the day it was done (not in the future; clearing it
    reopens the step). Side effects: an audit event ``committee.reorganisation_step_changed`` with the diff."""
    require(actor, MANAGE_REORGANISATION)
    step = ReorganisationStep.objects.select_for_update().get(pk=step.pk)
    if done_on is not None and done_on > today():
        raise DomainError(_("A step cannot be done on a day still to come."), code="future_done")
    changes: dict[str, list[Any]] = {}
    for name, value in (
        ("due_on", due_on),
        ("owner", owner),
        ("done_on", done_on),
        ("note", (note or "").strip()[:300]),
    ):
        old = getattr(step, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(step, name, value)
    if changes:
        if "due_on" in changes or "done_on" in changes:
            step.flagged_on = None
        step.save()
        record_event(actor=actor, verb="committee.reorganisation_step_changed", target=step, changes=changes)
    return step


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def flag_overdue_steps(*, day: datetime.date | None = None) -> int:
    """Tell each overdue step's owner (the secretariat when it has none), once per due date. Returns how many."""
    day = day or today()
    steps = ReorganisationStep.objects.filter(done_on__isnull=True, due_on__lt=day, flagged_on__isnull=True)
    staff = None
    count = 0
    for step in steps.select_related("reorganisation", "owner").order_by("due_on", "pk"):
        with transaction.atomic():
            locked = ReorganisationStep.objects.select_for_update().get(pk=step.pk)
            if locked.flagged_on is not None:
                continue
            locked.flagged_on = day
            locked.save(update_fields=["flagged_on"])
            record_event(
                actor=None,
                verb="committee.reorganisation_step_overdue",
                target=locked,
                data={"due_on": step.due_on.isoformat()},
            )
            if step.owner is not None:
                recipients = [step.owner]
            else:
                staff = staff if staff is not None else secretariat_users()
                recipients = staff
            tell(
                recipients,
                kind=KIND_STEP_OVERDUE,
                title=gettext_lazy("A step of the committee's reorganisation is overdue"),
                body=f"{step.reorganisation.year} · {step.get_kind_display()} · {step.due_on.isoformat()}",
                url=reverse("committee:reorganisation") + f"?year={step.reorganisation.year}",
            )
        count += 1
    return count
