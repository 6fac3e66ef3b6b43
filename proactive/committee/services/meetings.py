"""Meetings: planning, calling members, opening (attendance and quorum, or the written window), minutes, closing.

**Workflow** (``workflow.MEETING_TRANSITIONS``, applied by ``transition_meeting``)::

    planned ─open─▶ held ─close─▶ closed          (a record: nothing changes any more)
    planned ─cancel─▶ cancelled

- **Plan** (``create_meeting``): in person (date, time, place) or a written deliberation (the window: from the
  date to ``closes_at``, by default ``written_days`` later). Numbered by year: ``2026-05`` (the fifth of 2026).
- **Call members** (``invite_members``): standing members and the experts drawn from the pool
  (``queries.meetings.draw_suggestions``); each is notified. Only members serving on the meeting's day.
- **Open** (``open_meeting``): in person, the attendance is recorded and the opening quorum must be reached;
  in writing, the window opens and the members are told to vote by its close. Needs an agenda and members.
- **Minutes**: written by the secretariat while in session (``save_minutes``), approved by the chair
  (``approve_minutes``); a change after approval needs approving again.
- **Close** (``close_meeting``): only with approved minutes; undecided items go back to the queue (carried over);
  the minutes document (회의록 PDF) is rendered after commit.
- **Cancel** (``cancel_meeting``): a planned meeting, with a reason; its items go back to the queue; the members
  called are told.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.audit.services import record_event
from proactive.committee.enums import AgendaState, Attendance, MeetingKind, MeetingState, MemberField
from proactive.committee.models import CommitteeSettings, Meeting, MeetingMember, Member, Vote
from proactive.committee.queries.meetings import meeting_day, meeting_facts, opening_quorum
from proactive.committee.queries.roster import sitting_chair, sitting_member_ids
from proactive.committee.services.agenda import carry_over_item
from proactive.committee.services.common import (
    APPROVE_MINUTES,
    KIND_INVITED,
    KIND_MEETING_CANCELLED,
    KIND_MINUTES_READY,
    KIND_WRITTEN_OPEN,
    MANAGE_MEETINGS,
    MAX_REASON,
    check,
    require,
    tell,
    text,
)
from proactive.committee.workflow import MEETING_TRANSITIONS
from proactive.core.exceptions import DomainError, InvalidTransitionError

M = MeetingState
VERBS = {M.HELD: "opened", M.CLOSED: "closed", M.CANCELLED: "cancelled"}


def next_meeting_number(year: int) -> str:
    """``2026-05``: the year and the meeting's sequence in it (call inside the creating transaction)."""
    prefix = f"{year}-"
    numbers = Meeting.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    last = 0
    for number in numbers:
        try:
            last = max(last, int(number.removeprefix(prefix)))
        except ValueError:
            continue
    return f"{prefix}{last + 1:02d}"


def default_title(number: str) -> str:
    sequence = number.split("-")[-1].lstrip("0") or "0"
    return f"{number.split('-')[0]}년 제{sequence}차 적극행정위원회"


def _when(kind: str, scheduled_at: datetime.datetime, closes_at: datetime.datetime | None) -> datetime.datetime | None:
    if kind not in MeetingKind.values:
        raise DomainError(_("Please choose how the meeting is held."), code="kind_required")
    if kind == MeetingKind.WRITTEN:
        if closes_at is None:
            days = CommitteeSettings.current().written_days
            closes_at = scheduled_at + datetime.timedelta(days=days)
        if closes_at <= scheduled_at:
            raise DomainError(_("The replies are due after the deliberation opens."), code="invalid_window")
        return closes_at
    return None


@transaction.atomic
def create_meeting(
    *,
    actor: Any,
    kind: str,
    scheduled_at: datetime.datetime,
    title: str = "",
    place: str = "",
    closes_at: datetime.datetime | None = None,
) -> Meeting:
    """Plan a meeting. Side effects: the Meeting (numbered); an audit event ``committee.meeting_planned``."""
    require(actor, MANAGE_MEETINGS)
    closes_at = _when(kind, scheduled_at, closes_at)
    number = next_meeting_number(timezone.localdate(scheduled_at).year)
    meeting = Meeting.objects.create(
        number=number,
        title=(title or "").strip()[:200] or default_title(number),
        kind=kind,
        scheduled_at=scheduled_at,
        place=(place or "").strip()[:200],
        closes_at=closes_at,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    record_event(
        actor=actor,
        verb="committee.meeting_planned",
        target=meeting,
        data={"number": number, "kind": kind, "at": scheduled_at.isoformat()},
    )
    return meeting


@transaction.atomic
def update_meeting(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    scheduled_at: datetime.datetime,
    place: str = "",
    closes_at: datetime.datetime | None = None,
) -> Meeting:
    """Change a planned meeting's title, date, place or window (a written deliberation in session may only move
    its close later). Side effects: an audit event ``committee.meeting_changed`` with the diff."""
    require(actor, MANAGE_MEETINGS)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state == M.HELD and meeting.kind == MeetingKind.WRITTEN:
        if closes_at is None or (meeting.closes_at and closes_at < meeting.closes_at):
            raise DomainError(_("An open written deliberation may only be extended."), code="shorten_window")
        extended = {"closes_at": [meeting.closes_at.isoformat() if meeting.closes_at else None, closes_at.isoformat()]}
        meeting.closes_at = closes_at
        meeting.save(update_fields=["closes_at"])
        record_event(actor=actor, verb="committee.meeting_changed", target=meeting, changes=extended)
        return meeting
    if meeting.state != M.PLANNED:
        raise InvalidTransitionError(_("Only a planned meeting can be changed."), code="not_planned")
    closes_at = _when(meeting.kind, scheduled_at, closes_at)
    changes: dict[str, list[Any]] = {}
    new_values: tuple[tuple[str, Any], ...] = (
        ("title", (title or "").strip()[:200] or meeting.title),
        ("scheduled_at", scheduled_at),
        ("place", (place or "").strip()[:200]),
        ("closes_at", closes_at),
    )
    for name, value in new_values:
        old = getattr(meeting, name)
        if old != value:
            changes[name] = [
                old.isoformat() if hasattr(old, "isoformat") else old,
                value.isoformat() if hasattr(value, "isoformat") else value,
            ]
            setattr(meeting, name, value)
    if changes:
        meeting.save()
        record_event(actor=actor, verb="committee.meeting_changed", target=meeting, changes=changes)
    return meeting


def _invitation_body(meeting: Meeting) -> str:
    at = timezone.localtime(meeting.scheduled_at).strftime("%Y-%m-%d %H:%M")
    if meeting.kind == MeetingKind.WRITTEN and meeting.closes_at:
        until = timezone.localtime(meeting.closes_at).strftime("%Y-%m-%d %H:%M")
        return f"{meeting.number} {meeting.title} · {at} ~ {until}"
    return f"{meeting.number} {meeting.title} · {at} · {meeting.place}".rstrip(" ·")


@transaction.atomic
def invite_members(
    *, actor: Any, meeting: Meeting, members: Iterable[Member], drawn_for: dict[int, str] | None = None
) -> list[MeetingMember]:
    """Call ``members`` to ``meeting`` (those already called are skipped). ``drawn_for`` maps a member's id to the
    agenda field they were drawn for from the pool.

    Rules: ``committee.manage_meetings``; the meeting has not closed; each member serves on its day. Side effects:
    MeetingMember rows; each member is notified; an audit event ``committee.members_invited``.
    """
    require(actor, MANAGE_MEETINGS)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state not in (M.PLANNED, M.HELD):
        raise DomainError(_("This meeting is closed."), code="meeting_closed")
    drawn_for = drawn_for or {}
    sitting = sitting_member_ids(meeting_day(meeting))
    already = set(meeting.invitations.values_list("member_id", flat=True))
    chosen = [m for m in members if m.pk not in already]
    outside = [m for m in chosen if m.pk not in sitting]
    if outside:
        raise DomainError(
            _("%(names)s do not serve on the meeting's day.")
            % {"names": ", ".join(m.user.display_name for m in outside)},
            code="not_sitting",
        )
    created = [
        MeetingMember.objects.create(
            meeting=meeting,
            member=member,
            drawn_for=drawn_for.get(member.pk, "") if drawn_for.get(member.pk, "") in MemberField.values else "",
        )
        for member in chosen
    ]
    if not created:
        return []
    record_event(
        actor=actor,
        verb="committee.members_invited",
        target=meeting,
        data={"members": [c.member_id for c in created], "drawn": {str(k): v for k, v in drawn_for.items() if v}},
    )
    url = reverse("committee:my-meeting", args=[meeting.pk])
    tell(
        [c.member.user for c in created],
        kind=KIND_INVITED,
        title=gettext_lazy("You are called to a committee meeting"),
        body=_invitation_body(meeting),
        url=url,
        actor=actor,
    )
    return created


@transaction.atomic
def uninvite_member(*, actor: Any, meeting: Meeting, member: Member) -> None:
    """Take a member off a planned meeting's list (an invitation sent by mistake). Side effects: an audit event."""
    require(actor, MANAGE_MEETINGS)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state != M.PLANNED:
        raise DomainError(_("Members are taken off the list only before the meeting opens."), code="not_planned")
    invitation = MeetingMember.objects.filter(meeting=meeting, member=member).first()
    if invitation is None:
        raise DomainError(_("This member is not called to this meeting."), code="not_invited")
    if (
        Vote.objects.filter(item__meeting=meeting, member=member).exists()
        or member.recusals.filter(item__meeting=meeting).exists()
    ):
        raise DomainError(_("This member already took part in the meeting."), code="took_part")
    invitation.delete()
    record_event(actor=actor, verb="committee.member_uninvited", target=meeting, data={"member": member.pk})


def _set_attendance(meeting: Meeting, present: set[int]) -> dict[str, list[int]]:
    changed: dict[str, list[int]] = {"present": [], "absent": []}
    for invitation in meeting.invitations.all():
        value = Attendance.PRESENT if invitation.member_id in present else Attendance.ABSENT
        if invitation.attendance != value:
            invitation.attendance = value
            invitation.save(update_fields=["attendance"])
            changed[value].append(invitation.member_id)
    return changed


def transition_meeting(
    *, actor: Any, meeting: Meeting, to: str, present: Iterable[Member] = (), reason: str = ""
) -> Meeting:
    """Move ``meeting`` to ``to`` under ``MEETING_TRANSITIONS`` with the step's checks and side effects (see the
    module docstring). Raises ``PermissionDeniedError``, ``InvalidTransitionError`` or ``DomainError``; then
    nothing changes."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        current = locked.state
        check(MEETING_TRANSITIONS, obj=locked, current=current, to=to, actor=actor)
        data: dict[str, Any] = {}
        after: list[Any] = []
        if to == M.HELD:
            data, after = _open(actor, locked, {m.pk for m in present})
        elif to == M.CLOSED:
            data, after = _close(actor, locked)
        elif to == M.CANCELLED:
            data, after = _cancel(actor, locked, reason)
        locked.state = to
        locked.save()
        record_event(
            actor=actor,
            verb=f"committee.meeting_{VERBS[M(to)]}",
            target=locked,
            changes={"state": [str(current), str(to)]},
            data=data,
        )
        for callback in after:
            transaction.on_commit(callback)
    return locked


def _open(actor: Any, meeting: Meeting, present: set[int]) -> tuple[dict, list]:
    if not meeting.items.filter(state=AgendaState.TABLED).exists():
        raise DomainError(_("There is nothing on the agenda: schedule items from the queue first."), code="no_agenda")
    if not meeting.invitations.exists():
        raise DomainError(_("No member is called to this meeting yet."), code="no_members")
    now = timezone.now()
    meeting.opened_at = now
    if meeting.kind == MeetingKind.WRITTEN:
        if meeting.closes_at is None or meeting.closes_at <= now:
            raise DomainError(_("The replies' due date has passed: move it later before opening."), code="window_past")
        invited = [i.member.user for i in meeting.invitations.select_related("member__user")]
        url = reverse("committee:my-meeting", args=[meeting.pk])
        until = timezone.localtime(meeting.closes_at).strftime("%Y-%m-%d %H:%M")

        def announce() -> None:
            tell(
                invited,
                kind=KIND_WRITTEN_OPEN,
                title=gettext_lazy("A written deliberation of the committee is open for your vote"),
                body=f"{meeting.number} {meeting.title} · ~{until}",
                url=url,
                actor=actor,
            )

        return {"kind": "written", "closes_at": meeting.closes_at.isoformat()}, [announce]
    invited_ids = set(meeting.invitations.values_list("member_id", flat=True))
    strangers = present - invited_ids
    if strangers:
        raise DomainError(_("Only members called to the meeting can be recorded as present."), code="not_invited")
    _set_attendance(meeting, present)
    count, base, needed = opening_quorum(meeting_facts(meeting, []))
    if count < needed:
        raise DomainError(
            _("The quorum is not reached: %(present)s of %(base)s members present, %(needed)s needed to open.")
            % {"present": count, "base": base, "needed": needed},
            code="no_quorum",
        )
    return {"present": count, "base": base, "needed": needed}, []


def _close(actor: Any, meeting: Meeting) -> tuple[dict, list]:
    if meeting.minutes_approved_at is None or not meeting.minutes.strip():
        raise DomainError(
            _("The minutes must be written and approved by the chair before the meeting closes."),
            code="minutes_not_approved",
        )
    carried = []
    for item in meeting.items.filter(state=AgendaState.TABLED).select_for_update():
        carry_over_item(item)
        record_event(
            actor=actor, verb="committee.item_carried_over", target=item, changes={"meeting": [meeting.pk, None]}
        )
        carried.append(item.pk)
    meeting.closed_at = timezone.now()
    from proactive.committee.services.documents import task_render_minutes  # documents import this module

    pk = meeting.pk
    return {"carried_over": carried}, [lambda: task_render_minutes.enqueue(pk)]


def _cancel(actor: Any, meeting: Meeting, reason: str) -> tuple[dict, list]:
    reason = text(
        reason, required=_("Please give the reason for cancelling."), code="reason_required", limit=MAX_REASON
    )
    meeting.cancel_reason = reason
    carried = []
    for item in meeting.items.filter(state=AgendaState.TABLED).select_for_update():
        carry_over_item(item)
        carried.append(item.pk)
    invited = [i.member.user for i in meeting.invitations.select_related("member__user")]
    body = f"{meeting.number} {meeting.title}: {reason}"

    def announce() -> None:
        tell(
            invited,
            kind=KIND_MEETING_CANCELLED,
            title=gettext_lazy("A committee meeting was cancelled"),
            body=body,
            url=reverse("committee:my-meetings"),
            actor=actor,
        )

    return {"reason": reason, "carried_over": carried}, [announce]


def open_meeting(*, actor: Any, meeting: Meeting, present: Iterable[Member] = ()) -> Meeting:
    return transition_meeting(actor=actor, meeting=meeting, to=M.HELD, present=present)


def close_meeting(*, actor: Any, meeting: Meeting) -> Meeting:
    return transition_meeting(actor=actor, meeting=meeting, to=M.CLOSED)


def cancel_meeting(*, actor: Any, meeting: Meeting, reason: str) -> Meeting:
    return transition_meeting(actor=actor, meeting=meeting, to=M.CANCELLED, reason=reason)


@transaction.atomic
def record_attendance(*, actor: Any, meeting: Meeting, present: Iterable[Member]) -> Meeting:
    """Correct the attendance of a meeting in person while it is in session (a late arrival, an early leave).
    Votes of a member no longer present stop counting. Side effects: an audit event ``committee.attendance``."""
    require(actor, MANAGE_MEETINGS)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state != M.HELD or meeting.kind != MeetingKind.IN_PERSON:
        raise DomainError(_("Attendance is corrected while a meeting in person is in session."), code="not_in_session")
    ids = {m.pk for m in present}
    if ids - set(meeting.invitations.values_list("member_id", flat=True)):
        raise DomainError(_("Only members called to the meeting can be recorded as present."), code="not_invited")
    changed = _set_attendance(meeting, ids)
    if changed["present"] or changed["absent"]:
        record_event(actor=actor, verb="committee.attendance", target=meeting, data=changed)
    return meeting


@transaction.atomic
def save_minutes(*, actor: Any, meeting: Meeting, minutes: str) -> Meeting:
    """Write the minutes of a meeting in session. A change to approved minutes withdraws the approval. The first
    time minutes are saved, the chair is asked to approve them. Side effects: an audit event
    ``committee.minutes_saved``."""
    require(actor, MANAGE_MEETINGS)
    minutes = text(minutes, required=_("Please write the minutes."), code="minutes_required", limit=50_000)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state != M.HELD:
        raise DomainError(
            _("Minutes are written while the meeting is in session, before it closes."), code="not_in_session"
        )
    if meeting.minutes == minutes:
        return meeting
    first = not meeting.minutes.strip()
    was_approved = meeting.minutes_approved_at is not None
    meeting.minutes = minutes
    meeting.minutes_approved_at = None
    meeting.minutes_approved_by = None
    meeting.save(update_fields=["minutes", "minutes_approved_at", "minutes_approved_by"])
    record_event(
        actor=actor,
        verb="committee.minutes_saved",
        target=meeting,
        data={"length": len(minutes), "approval_withdrawn": was_approved},
    )
    if first or was_approved:
        chair = sitting_chair(meeting_day(meeting))
        tell(
            [chair.user] if chair is not None else [],
            kind=KIND_MINUTES_READY,
            title=gettext_lazy("Committee minutes wait for your approval"),
            body=f"{meeting.number} {meeting.title}",
            url=reverse("committee:meeting-detail", args=[meeting.pk]) + "#minutes",
            actor=actor,
        )
    return meeting


@transaction.atomic
def approve_minutes(*, actor: Any, meeting: Meeting) -> Meeting:
    """The chair approves the minutes as written. Side effects: an audit event ``committee.minutes_approved``."""
    require(actor, APPROVE_MINUTES)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state != M.HELD:
        raise DomainError(
            _("Minutes are approved while the meeting is in session, before it closes."), code="not_in_session"
        )
    if not meeting.minutes.strip():
        raise DomainError(_("There are no minutes to approve yet."), code="no_minutes")
    if meeting.minutes_approved_at is not None:
        raise DomainError(_("The minutes are already approved."), code="already_approved")
    meeting.minutes_approved_at = timezone.now()
    meeting.minutes_approved_by = actor if getattr(actor, "pk", None) else None
    meeting.save(update_fields=["minutes_approved_at", "minutes_approved_by"])
    record_event(actor=actor, verb="committee.minutes_approved", target=meeting)
    return meeting
