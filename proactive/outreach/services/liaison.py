"""Liaison meetings and joint workshops (연계 회의·합동 워크숍, DOMAIN.md §4.10) with the 구·군, public corporations
and affiliated bodies, and their action items followed to completion.

**Action items** (``workflow.ACTION_TRANSITIONS``, applied only by ``transition_action_item``)::

    open ─▶ in_progress ─▶ done | dropped;  open ─▶ done | dropped;  in_progress ─▶ open
    done | dropped ─reopen─▶ in_progress

Rules: a meeting has at least one participating body, each an org unit of kind district, corporation or
affiliate; an action item has an owner (a body or a city department), a due date and a title; dropping needs a
reason; done and dropped record the day they closed. Action items still open after their due date are overdue:
``flag_overdue_actions`` (daily, ``manage.py flag_overdue_liaison_actions``) tells the secretariat once a day.

Side effects: the rows, an audit event ``outreach.<step>`` for each change, notifications after commit.
"""

from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import Any, cast

from django.db import transaction
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.accounts.models import OrgUnit
from proactive.audit.services import diff, record_event, snapshot
from proactive.core.exceptions import DomainError
from proactive.core.workflow import TransitionTable, check_transition
from proactive.notifications.services import notify
from proactive.outreach.enums import ActionState, MeetingKind
from proactive.outreach.models import ActionItem, LiaisonMeeting
from proactive.outreach.queries.liaison import overdue_actions, role_users
from proactive.outreach.services.common import KIND_ACTION_OVERDUE, require, required_text, today
from proactive.outreach.workflow import ACTION_TRANSITIONS

MANAGE = "outreach.manage_liaison"
BODY_KINDS = (OrgUnitKind.DISTRICT, OrgUnitKind.CORPORATION, OrgUnitKind.AFFILIATE)
FIELDS = ["kind", "title", "held_on", "place", "attendees", "agenda", "minutes"]
S = ActionState


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("kind") not in MeetingKind.values:
        raise DomainError(_("Please choose the kind of meeting."), code="kind_required")
    if not data.get("held_on"):
        raise DomainError(_("Please give the date."), code="date_required")
    return {
        "kind": data["kind"],
        "title": required_text(data.get("title"), message=_("Please give a title."), code="title_required", limit=200),
        "held_on": data["held_on"],
        "place": str(data.get("place") or "").strip()[:200],
        "attendees": str(data.get("attendees") or "").strip()[:5000],
        "agenda": str(data.get("agenda") or "").strip()[:10000],
        "minutes": str(data.get("minutes") or "").strip()[:20000],
    }


def _bodies(bodies: Iterable[OrgUnit]) -> list[OrgUnit]:
    units = list(bodies)
    if not units:
        raise DomainError(_("Choose at least one participating body."), code="bodies_required")
    if any(u.kind not in BODY_KINDS for u in units):
        raise DomainError(
            _("Participating bodies are districts, public corporations or affiliated bodies."), code="bad_body"
        )
    return units


@transaction.atomic
def create_meeting(*, actor: Any, data: dict[str, Any], bodies: Iterable[OrgUnit]) -> LiaisonMeeting:
    """Record a liaison meeting or joint workshop. Only the secretariat."""
    require(actor, MANAGE)
    units = _bodies(bodies)
    meeting = LiaisonMeeting.objects.create(created_by=actor, **_clean(data))
    meeting.bodies.set(units)
    record_event(actor=actor, verb="outreach.meeting_created", target=meeting, data={"bodies": [u.pk for u in units]})
    return meeting


@transaction.atomic
def update_meeting(
    *, actor: Any, meeting: LiaisonMeeting, data: dict[str, Any], bodies: Iterable[OrgUnit]
) -> LiaisonMeeting:
    """Change a meeting: its details, agenda, minutes and participating bodies."""
    require(actor, MANAGE)
    units = _bodies(bodies)
    locked = LiaisonMeeting.objects.select_for_update().get(pk=meeting.pk)
    before = snapshot(locked, FIELDS)
    for name, value in _clean(data).items():
        setattr(locked, name, value)
    locked.save()
    locked.bodies.set(units)
    record_event(
        actor=actor,
        verb="outreach.meeting_changed",
        target=locked,
        changes=diff(locked, before, FIELDS),
        data={"bodies": [u.pk for u in units]},
    )
    return locked


@transaction.atomic
def add_action_item(
    *, actor: Any, meeting: LiaisonMeeting, title: Any, owner: OrgUnit | None, due_on: date | None
) -> ActionItem:
    """Add an action item to a meeting: what, who (a body or a department) and by when."""
    require(actor, MANAGE)
    text = required_text(title, message=_("Please say what is to be done."), code="action_required", limit=300)
    if owner is None:
        raise DomainError(_("Choose who owns the action."), code="owner_required")
    if due_on is None:
        raise DomainError(_("Please give the due date."), code="due_required")
    if due_on < meeting.held_on:
        raise DomainError(_("The due date cannot be before the meeting."), code="due_before_meeting")
    item = ActionItem.objects.create(meeting=meeting, title=text, owner=owner, due_on=due_on)
    record_event(
        actor=actor,
        verb="outreach.action_added",
        target=item,
        data={"meeting": meeting.pk, "owner": owner.pk, "due_on": due_on.isoformat()},
    )
    return item


@transaction.atomic
def transition_action_item(*, actor: Any, item: ActionItem, to: str, note: Any = "") -> ActionItem:
    """Move an action item under ``ACTION_TRANSITIONS``: lock it, check the table and the permission, write the
    state (and the closing day for done and dropped), append the note, record the audit event.

    Dropping needs a reason (the note). Raises ``PermissionDeniedError``, ``InvalidTransitionError`` or
    ``DomainError``; then nothing changes.
    """
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    current = locked.state
    check_transition(cast(TransitionTable, ACTION_TRANSITIONS), obj=locked, current=current, to=to, actor=actor)
    text = str(note or "").strip()
    if len(text) > 2000:
        raise DomainError(
            _("The text is too long (at most %(count)s characters).") % {"count": "2,000"}, code="too_long"
        )
    if to == S.DROPPED and not text:
        raise DomainError(_("Please give the reason for dropping the action."), code="reason_required")
    locked.state = to
    locked.closed_on = today() if to in (S.DONE, S.DROPPED) else None
    if text:
        stamp = today().isoformat()
        locked.note = f"{locked.note}\n{stamp} {text}".strip()
    locked.save()
    record_event(
        actor=actor,
        verb="outreach.action_moved",
        target=locked,
        changes={"state": [str(current), str(to)]},
        data={"note": text} if text else {},
    )
    return locked


def _later(message: Any, **values: Any) -> Any:
    return lazy(lambda: str(message) % values, str)()


def flag_overdue_actions(*, on: date | None = None) -> int:
    """Tell the secretariat how many liaison action items are past their due date and still open, once a day.

    An item counts once per day (``flagged_on``); running it twice a day sends nothing the second time. Returns
    the number of items flagged.
    """
    day = on or today()
    with transaction.atomic():
        items = list(overdue_actions(day).exclude(flagged_on=day))
        for item in items:
            record_event(actor=None, verb="outreach.action_overdue_flagged", target=item, data={"on": day.isoformat()})
        ActionItem.objects.filter(pk__in=[i.pk for i in items]).update(flagged_on=day)
        if items:
            count = len(items)
            title = _later(
                ngettext_lazy(
                    "%(count)d action item of the liaison meetings is overdue",
                    "%(count)d action items of the liaison meetings are overdue",
                    count,
                ),
                count=count,
            )
            transaction.on_commit(partial(_tell_overdue, title))
    return len(items)


def _tell_overdue(title: Any) -> None:
    url = reverse("outreach:actions") + "?overdue=on"
    for user in role_users(Role.SECRETARIAT):
        notify(recipient=user, kind=KIND_ACTION_OVERDUE, title=title, url=url)
