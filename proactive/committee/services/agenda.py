"""Agenda items: tabling a matter, placing it on a meeting, proposing a decision, votes, deciding (see
``committee.agenda`` for the contract other apps use).

Other apps call ``table_item`` (and ``withdraw_item`` when their matter is dropped) with their own actor: the
committee does not check its permissions there, the calling app has checked its own. Everything else is the
committee's own business and needs ``committee.manage_meetings`` (the secretariat) — or ``actor=None``, the system
(the demo, commands, and other apps' tests through ``tests/committee/support.py``) — except votes, which a member
casts for themself (``committee.vote_in_meeting``).

**Deciding** (``decide_item``): an item is decided only at a meeting in session, on the proposal the members voted
on, when the entitled members present reach the quorum and the votes carry the proposal under the settings' rule
(``queries.meetings``); in a written deliberation, once its window has closed or every entitled member replied; never
while a challenge (기피) waits for the chair. The tally is taken from the recorded votes and written on the item with
its decision number (``위원회-2026-0007``); the kind's ``on_decided`` runs in the same transaction; the resolution
document (의결서) is rendered after commit.
"""

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.committee.agenda import get_kind
from proactive.committee.enums import (
    OPEN_ITEM_STATES,
    AgendaState,
    Attendance,
    MeetingKind,
    MeetingState,
    MemberField,
    RecusalState,
    VoteChoice,
)
from proactive.committee.models import AgendaItem, Meeting, MeetingMember, Member, Recusal, Vote
from proactive.committee.queries.meetings import meeting_day, tally_of
from proactive.committee.queries.roster import sitting_member_ids
from proactive.committee.services.common import MANAGE_MEETINGS, VOTE, check, may, require, text
from proactive.committee.workflow import AGENDA_TRANSITIONS
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError

DECISION_PREFIX = "위원회"
A = AgendaState


@transaction.atomic
def table_item(
    *, actor: Any, kind: str, subject_id: int, title: str, meeting: Meeting | None = None, field: str = ""
) -> AgendaItem:
    """Put a matter before the committee: it waits in the queue (or goes straight onto ``meeting``). Refused when
    the same matter already waits or is on an agenda. ``field`` (a ``MemberField``) helps draw the experts.

    Side effects: audit event ``committee.item_tabled``.
    """
    get_kind(kind)  # KeyError for an unregistered kind: a programming error
    if AgendaItem.objects.filter(kind=kind, subject_id=subject_id, state__in=list(OPEN_ITEM_STATES)).exists():
        raise DomainError(_("This matter is already before the committee."), code="already_tabled")
    item = AgendaItem.objects.create(
        kind=kind,
        subject_id=subject_id,
        title=title[:300],
        field=field if field in MemberField.values else "",
        tabled_by=actor if getattr(actor, "pk", None) else None,
    )
    record_event(actor=actor, verb="committee.item_tabled", target=item, data={"kind": kind, "subject": subject_id})
    if meeting is not None:
        schedule_item(actor=None, item=item, meeting=meeting)
    return item


@transaction.atomic
def schedule_item(*, actor: Any, item: AgendaItem, meeting: Meeting) -> AgendaItem:
    """Place a waiting item on a meeting that has not closed (or move it to another). Side effects: audit event
    ``committee.item_scheduled``."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.state not in OPEN_ITEM_STATES:
        raise InvalidTransitionError(_("This item has already been decided or withdrawn."), code="item_closed")
    meeting = Meeting.objects.get(pk=meeting.pk)
    if meeting.state not in (MeetingState.PLANNED, MeetingState.HELD):
        raise DomainError(_("This meeting is closed."), code="meeting_closed")
    if item.state == A.PENDING:
        check(AGENDA_TRANSITIONS, obj=item, current=item.state, to=A.TABLED, actor=actor)
    else:
        require(actor, MANAGE_MEETINGS)
        if item.meeting_id == meeting.pk:
            return item
        if Vote.objects.filter(item=item, ballot=item.ballot).exists():
            raise DomainError(
                _("Members have already voted on this item at its meeting: decide it there or carry it over."),
                code="votes_cast",
            )
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    old = item.meeting_id
    item.meeting = meeting
    item.position = last + 1
    item.state = A.TABLED
    item.save(update_fields=["meeting", "position", "state"])
    record_event(actor=actor, verb="committee.item_scheduled", target=item, changes={"meeting": [old, meeting.pk]})
    return item


@transaction.atomic
def unschedule_item(*, actor: Any, item: AgendaItem, reason: str = "") -> AgendaItem:
    """Take an undecided item off its meeting back to the queue (carried over). Votes already cast stay on their
    ballot as a record; the next meeting votes on a new ballot. Side effects: audit event
    ``committee.item_carried_over``."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    check(AGENDA_TRANSITIONS, obj=item, current=item.state, to=A.PENDING, actor=actor)
    if item.meeting_id is not None and Meeting.objects.filter(pk=item.meeting_id, state=MeetingState.CLOSED).exists():
        raise DomainError(_("This meeting is closed."), code="meeting_closed")
    old = item.meeting_id
    carry_over_item(item)
    record_event(
        actor=actor,
        verb="committee.item_carried_over",
        target=item,
        changes={"meeting": [old, None]},
        data={"reason": reason.strip()[:300]} if reason.strip() else None,
    )
    return item


def carry_over_item(item: AgendaItem) -> None:
    """Send a locked, undecided item back to the queue (no audit event: the caller records why). Votes already cast
    stay on their ballot; the next meeting votes on a new one."""
    has_votes = Vote.objects.filter(item=item, ballot=item.ballot).exists()
    item.state = A.PENDING
    item.meeting = None
    item.position = 0
    if has_votes:
        item.ballot += 1
    item.save(update_fields=["state", "meeting", "position", "ballot"])


@transaction.atomic
def set_item_field(*, actor: Any, item: AgendaItem, field: str) -> AgendaItem:
    """Record the field an undecided item concerns (used to draw the experts). Side effects: an audit event."""
    require(actor, MANAGE_MEETINGS)
    if field and field not in MemberField.values:
        raise DomainError(_("Please choose one of the fields offered."), code="invalid_field")
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.state not in OPEN_ITEM_STATES:
        raise InvalidTransitionError(_("This item has already been decided or withdrawn."), code="item_closed")
    if item.field != field:
        record_event(actor=actor, verb="committee.item_field_set", target=item, changes={"field": [item.field, field]})
        item.field = field
        item.save(update_fields=["field"])
    return item


def _open_item_on_meeting(item_pk: int) -> tuple[AgendaItem, Meeting]:
    item = AgendaItem.objects.select_for_update().get(pk=item_pk)
    if item.state != A.TABLED or item.meeting_id is None:
        raise InvalidTransitionError(_("Only an item on a meeting's agenda can be decided."), code="not_tabled")
    meeting = Meeting.objects.get(pk=item.meeting_id)
    if meeting.state not in (MeetingState.PLANNED, MeetingState.HELD):
        raise DomainError(_("This meeting is closed."), code="meeting_closed")
    return item, meeting


@transaction.atomic
def propose_decision(*, actor: Any, item: AgendaItem, outcome: str, resolution: str) -> AgendaItem:
    """Put the decision the members vote on: one of the kind's outcomes and the draft resolution.

    Changing a proposal that members have voted on opens a new ballot (the earlier votes stay as a record).
    Side effects: an audit event ``committee.decision_proposed``.
    """
    require(actor, MANAGE_MEETINGS)
    item, _meeting = _open_item_on_meeting(item.pk)
    kind = get_kind(item.kind)
    if outcome not in {value for value, _label in kind.outcomes}:
        raise DomainError(_("Please choose one of the decisions offered."), code="invalid_outcome")
    resolution = text(resolution, required=_("Please write the resolution."), code="resolution_required")
    if item.proposed_outcome == outcome and item.proposed_resolution == resolution:
        return item
    new_ballot = Vote.objects.filter(item=item, ballot=item.ballot).exists()
    if new_ballot:
        item.ballot += 1
    old = [item.proposed_outcome, item.proposed_resolution]
    item.proposed_outcome, item.proposed_resolution = outcome, resolution
    item.save(update_fields=["proposed_outcome", "proposed_resolution", "ballot"])
    record_event(
        actor=actor,
        verb="committee.decision_proposed",
        target=item,
        changes={"proposed_outcome": [old[0], outcome]},
        data={"ballot": item.ballot, "new_ballot": new_ballot},
    )
    return item


def _refuse_unless_may_vote(member: Member, item: AgendaItem, meeting: Meeting, now: Any) -> MeetingMember:
    invitation = MeetingMember.objects.filter(meeting=meeting, member=member).first()
    if invitation is None:
        raise DomainError(_("This member is not called to this meeting."), code="not_invited")
    if member.pk not in sitting_member_ids(meeting_day(meeting)):
        raise DomainError(_("This member's term does not cover the meeting's day."), code="not_sitting")
    live = Recusal.objects.filter(item=item, member=member, state__in=[RecusalState.EFFECTIVE, RecusalState.PENDING])
    recusal = live.first()
    if recusal is not None and recusal.state == RecusalState.EFFECTIVE:
        raise DomainError(_("A recused member cannot vote on this item."), code="recused")
    if recusal is not None:
        raise DomainError(
            _("A challenge against this member waits for the chair's decision: they cannot vote until then."),
            code="challenge_pending",
        )
    if meeting.state != MeetingState.HELD:
        raise DomainError(_("Votes are cast once the meeting is in session."), code="not_in_session")
    if meeting.kind == MeetingKind.WRITTEN:
        if meeting.closes_at is not None and now > meeting.closes_at:
            raise DomainError(_("The written deliberation has closed."), code="window_closed")
    elif invitation.attendance != Attendance.PRESENT:
        raise DomainError(
            _(
                "Only members recorded as present vote at a meeting in person. Ask the secretariat to record your attendance."
            ),
            code="not_present",
        )
    if not item.proposed_outcome:
        raise DomainError(_("There is no proposal to vote on yet."), code="no_proposal")
    return invitation


@transaction.atomic
def record_vote(*, actor: Any, item: AgendaItem, member: Member, choice: str) -> Vote:
    """Record ``member``'s vote (for, against, abstain) on the item's current proposal; a new vote replaces theirs.

    Who: the member themself (``committee.vote_in_meeting``), or the secretariat recording a show of hands at a
    meeting in person, or the system. Rules: see ``_refuse_unless_may_vote`` (called, serving, not recused nor
    challenged, meeting in session — in writing, within the window —, present when in person, a proposal).
    Side effects: the Vote row; in writing, the member counts as having replied (attendance); an audit event
    ``committee.vote_cast``.
    """
    if choice not in VoteChoice.values:
        raise DomainError(_("Please choose for, against or abstain."), code="invalid_choice")
    item, meeting = _open_item_on_meeting(item.pk)
    if actor is not None:
        own = getattr(actor, "pk", None) == member.user_id
        if own:
            if not may(actor, VOTE, meeting):
                raise PermissionDeniedError(_("You do not have permission to do this."))
        elif not (may(actor, MANAGE_MEETINGS) and meeting.kind == MeetingKind.IN_PERSON):
            raise PermissionDeniedError(_("Only the member themself votes in a written deliberation."))
    invitation = _refuse_unless_may_vote(member, item, meeting, timezone.now())
    vote, created = Vote.objects.update_or_create(
        item=item,
        member=member,
        ballot=item.ballot,
        defaults={"choice": choice, "recorded_by": actor if getattr(actor, "pk", None) else None},
    )
    if meeting.kind == MeetingKind.WRITTEN and invitation.attendance != Attendance.PRESENT:
        invitation.attendance = Attendance.PRESENT
        invitation.save(update_fields=["attendance"])
    record_event(
        actor=actor,
        verb="committee.vote_cast",
        target=item,
        data={"member": member.pk, "ballot": item.ballot, "choice": choice, "changed": not created},
    )
    return vote


def _next_decision_number(year: int) -> str:
    prefix = f"{DECISION_PREFIX}-{year}-"
    numbers = AgendaItem.objects.filter(decision_number__startswith=prefix).values_list("decision_number", flat=True)
    last = max((int(n.removeprefix(prefix)) for n in numbers), default=0)
    return f"{prefix}{last + 1:04d}"


@transaction.atomic
def decide_item(
    *,
    actor: Any,
    item: AgendaItem,
    outcome: str,
    resolution: str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
) -> AgendaItem:
    """Record the committee's decision on an item on a meeting's agenda and let the item's kind act on it.

    Rules (see the module docstring): ``committee.manage_meetings`` or the system; the meeting is in session; the
    outcome is the one proposed and voted on; a resolution; no challenge waiting; in writing, the window closed or
    everyone entitled replied; the quorum reached and the proposal carried. The tally comes from the recorded
    votes; ``votes_for``/``votes_against``/``abstentions``, when given, must match it.

    Side effects: the decision (state, outcome, resolution, tally, decision number, date); the kind's
    ``on_decided(actor=, item=)`` in this transaction; audit event ``committee.item_decided``; after commit, the
    resolution document is rendered.
    """
    item, meeting = _open_item_on_meeting(item.pk)
    check(AGENDA_TRANSITIONS, obj=item, current=item.state, to=A.DECIDED, actor=actor)
    kind = get_kind(item.kind)
    if outcome not in {value for value, _label in kind.outcomes}:
        raise DomainError(_("Please choose one of the decisions offered."), code="invalid_outcome")
    resolution = text(resolution, required=_("Please write the resolution."), code="resolution_required")
    if meeting.state != MeetingState.HELD:
        raise DomainError(_("Items are decided once the meeting is in session."), code="not_in_session")
    if item.proposed_outcome != outcome:
        raise DomainError(
            _("The members voted on a different decision. Propose this decision and let them vote on it first."),
            code="not_proposed",
        )
    item.meeting = meeting
    counted = tally_of(item)
    if counted.pending_challenges:
        raise DomainError(
            _("A challenge against a member called to this item waits for the chair's decision."),
            code="challenge_pending",
        )
    window_open = meeting.closes_at is not None and timezone.now() < meeting.closes_at
    if meeting.kind == MeetingKind.WRITTEN and not counted.everyone_replied and window_open:
        raise DomainError(
            _("The written deliberation is still open and not every member has replied."), code="window_open"
        )
    if not counted.quorum_met:
        raise DomainError(
            _("The quorum is not reached for this item: %(present)s of %(base)s members, %(needed)s needed.")
            % {"present": counted.present, "base": counted.base, "needed": counted.needed},
            code="no_quorum",
        )
    given = (votes_for, votes_against, abstentions)
    actual = (counted.votes_for, counted.votes_against, counted.abstentions)
    if any(g is not None and g != a for g, a in zip(given, actual, strict=True)):
        raise DomainError(_("The votes given do not match the votes recorded."), code="votes_mismatch")
    if not counted.carried:
        raise DomainError(
            _(
                "The proposal is not carried: %(for)s for, %(against)s against, %(abstain)s abstaining of %(present)s present."
            )
            % {
                "for": counted.votes_for,
                "against": counted.votes_against,
                "abstain": counted.abstentions,
                "present": counted.present,
            },
            code="not_carried",
        )
    day = timezone.localdate()
    item.state = A.DECIDED
    item.outcome = outcome
    item.resolution = resolution
    item.votes_for, item.votes_against, item.abstentions = actual
    item.present = counted.present
    item.decided_on = day
    item.decision_number = _next_decision_number(day.year)
    item.save()
    record_event(
        actor=actor,
        verb="committee.item_decided",
        target=item,
        data={
            "outcome": outcome,
            "votes": list(actual),
            "present": counted.present,
            "number": item.decision_number,
            "meeting": meeting.number,
        },
    )
    kind.on_decided(actor=actor, item=item)
    from proactive.committee.services.documents import queue_resolution  # documents import this module's models

    queue_resolution(item)
    return item


@transaction.atomic
def close_vote(*, actor: Any, item: AgendaItem, resolution: str | None = None) -> tuple[AgendaItem, bool]:
    """Close the vote on the item's proposal: decide it when carried (``decide_item``); otherwise record that it
    was not carried and clear the proposal, so the secretariat can put another one (a new ballot).

    Returns the item and whether it was decided. Refusals other than "not carried" (quorum, window, challenge)
    are raised as ``decide_item`` raises them.
    """
    require(actor, MANAGE_MEETINGS)
    locked, _meeting = _open_item_on_meeting(item.pk)
    if not locked.proposed_outcome:
        raise DomainError(_("There is no proposal to vote on yet."), code="no_proposal")
    try:
        decided = decide_item(
            actor=actor,
            item=locked,
            outcome=locked.proposed_outcome,
            resolution=resolution if resolution and resolution.strip() else locked.proposed_resolution,
        )
    except DomainError as exc:
        if exc.code != "not_carried":
            raise
        counted = tally_of(locked)
        locked.ballot += 1
        old = locked.proposed_outcome
        locked.proposed_outcome, locked.proposed_resolution = "", ""
        locked.save(update_fields=["ballot", "proposed_outcome", "proposed_resolution"])
        record_event(
            actor=actor,
            verb="committee.proposal_not_carried",
            target=locked,
            data={
                "proposal": old,
                "votes": [counted.votes_for, counted.votes_against, counted.abstentions],
                "present": counted.present,
                "ballot": locked.ballot - 1,
            },
        )
        return locked, False
    return decided, True


@transaction.atomic
def withdraw_item(*, actor: Any, item: AgendaItem, reason: str) -> AgendaItem:
    """Take an undecided item off the committee's list (called by the app that tabled it). Side effects: the
    kind's ``on_withdrawn``; audit event ``committee.item_withdrawn``."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.state not in OPEN_ITEM_STATES:
        raise InvalidTransitionError(_("This item has already been decided or withdrawn."), code="item_closed")
    if item.meeting_id is not None and Meeting.objects.filter(pk=item.meeting_id, state=MeetingState.CLOSED).exists():
        raise DomainError(_("This meeting is closed."), code="meeting_closed")
    item.state = A.WITHDRAWN
    item.save(update_fields=["state"])
    record_event(actor=actor, verb="committee.item_withdrawn", target=item, data={"reason": reason})
    kind = get_kind(item.kind)
    if kind.on_withdrawn is not None:
        kind.on_withdrawn(actor=actor, item=item)
    return item
