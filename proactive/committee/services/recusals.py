"""Recusal per item (제척·기피·회피, Busan ordinance): keeping a member out of one matter.

- **Avoidance (회피)**: a member called to the meeting steps aside from an item, with the reason; effective at once.
- **Exclusion (제척)**: the secretariat records that the law excludes a member (e.g. the member is a party, a
  relative of one, or advised on the matter); effective at once.
- **Challenge (기피)**: the requester (whoever the item's kind admits, ``AgendaKind.can_challenge``) or the
  secretariat asks, with the reason, that a member be kept out; the chair decides (the vice-chair when the chair is
  challenged) — effective or rejected, with reasons. Until then the member cannot vote on the item and the item is
  not decided.

Only while the item is undecided on a meeting that has not closed. A recused member's vote on the item is removed
(a recusal after voting). Every step writes an audit event; a challenge notifies the chair, its decision the person
who raised it and the member.
"""

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.enums import Role
from proactive.accounts.models import RoleMembership, User
from proactive.audit.services import record_event
from proactive.committee.enums import AgendaState, MeetingState, MemberCategory, RecusalKind, RecusalState
from proactive.committee.models import AgendaItem, MeetingMember, Member, Recusal, Vote
from proactive.committee.queries.roster import sitting_members
from proactive.committee.services.common import (
    CHALLENGE,
    DECIDE_CHALLENGE,
    DECLARE_RECUSAL,
    KIND_CHALLENGE_DECIDED,
    KIND_CHALLENGE_RAISED,
    MANAGE_MEETINGS,
    MAX_REASON,
    check,
    may,
    require,
    tell,
    text,
)
from proactive.committee.workflow import CHALLENGE_TRANSITIONS
from proactive.core.exceptions import DomainError, PermissionDeniedError

R = RecusalState
M = MeetingState


def _item_open_for_recusal(item: AgendaItem, member: Member) -> AgendaItem:
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=item.pk)
    if item.state != AgendaState.TABLED or item.meeting is None:
        raise DomainError(
            _("Recusals are recorded for items on a meeting's agenda, before they are decided."), code="not_tabled"
        )
    if item.meeting.state not in (MeetingState.PLANNED, MeetingState.HELD):
        raise DomainError(_("This meeting is closed."), code="meeting_closed")
    if not MeetingMember.objects.filter(meeting=item.meeting, member=member).exists():
        raise DomainError(_("This member is not called to this meeting."), code="not_invited")
    if Recusal.objects.filter(item=item, member=member, state__in=[R.EFFECTIVE, R.PENDING]).exists():
        raise DomainError(
            _("A recusal of this member from this item is already recorded or waiting."), code="already_recused"
        )
    return item


def _drop_vote(item: AgendaItem, member: Member) -> bool:
    deleted, _rows = Vote.objects.filter(item=item, member=member, ballot=item.ballot).delete()
    return bool(deleted)


def _create(*, actor: Any, item: AgendaItem, member: Member, kind: str, reason: str, state: str) -> Recusal:
    recusal = Recusal.objects.create(
        item=item,
        member=member,
        kind=kind,
        reason=reason,
        state=state,
        raised_by=actor if getattr(actor, "pk", None) else None,
        decided_at=timezone.now() if state == R.EFFECTIVE else None,
    )
    vote_removed = _drop_vote(item, member) if state == R.EFFECTIVE else False
    record_event(
        actor=actor,
        verb=f"committee.recusal_{kind}",
        target=recusal,
        data={"item": item.pk, "member": member.pk, "state": state, "vote_removed": vote_removed},
    )
    return recusal


def _reason(reason: str) -> str:
    return text(reason, required=_("Please give the reason."), code="reason_required", limit=MAX_REASON * 4)


@transaction.atomic
def declare_avoidance(*, actor: Any, item: AgendaItem, member: Member, reason: str) -> Recusal:
    """The member steps aside from ``item`` (회피). Only the member themself (or the system)."""
    reason = _reason(reason)
    if actor is not None:
        if getattr(actor, "pk", None) != member.user_id:
            raise PermissionDeniedError(_("Only the member themself declares an avoidance."))
        require(actor, DECLARE_RECUSAL, item.meeting)
    item = _item_open_for_recusal(item, member)
    return _create(actor=actor, item=item, member=member, kind=RecusalKind.AVOIDANCE, reason=reason, state=R.EFFECTIVE)


@transaction.atomic
def record_exclusion(*, actor: Any, item: AgendaItem, member: Member, reason: str) -> Recusal:
    """The secretariat records that the law excludes ``member`` from ``item`` (제척)."""
    require(actor, MANAGE_MEETINGS)
    reason = _reason(reason)
    item = _item_open_for_recusal(item, member)
    return _create(actor=actor, item=item, member=member, kind=RecusalKind.EXCLUSION, reason=reason, state=R.EFFECTIVE)


def _deciders(member: Member) -> list[User]:
    """Who decides a challenge against ``member``: the sitting chair, or the vice-chair when the chair is
    challenged; the chair role's holders when the roster has nobody sitting in that seat."""
    wanted = MemberCategory.VICE_CHAIR if member.category == MemberCategory.CHAIR else MemberCategory.CHAIR
    people = [m.user for m in sitting_members().filter(category=wanted) if m.pk != member.pk]
    if people:
        return people
    holders = RoleMembership.objects.active().filter(role=Role.COMMITTEE_CHAIR).values("user_id")
    return list(User.objects.filter(pk__in=holders, is_active=True).exclude(pk=member.user_id))


@transaction.atomic
def raise_challenge(*, actor: Any, item: AgendaItem, member: Member, reason: str) -> Recusal:
    """Ask that ``member`` be kept out of ``item`` (기피): the requester (the kind's ``can_challenge``) or the
    secretariat. Waits for the chair. Side effects: a pending Recusal; an audit event; the chair is notified."""
    if actor is not None and not may(actor, CHALLENGE, item):
        raise PermissionDeniedError(_("You may not raise a challenge on this item."))
    reason = _reason(reason)
    item = _item_open_for_recusal(item, member)
    recusal = _create(actor=actor, item=item, member=member, kind=RecusalKind.CHALLENGE, reason=reason, state=R.PENDING)
    assert item.meeting is not None  # checked by _item_open_for_recusal
    tell(
        _deciders(member),
        kind=KIND_CHALLENGE_RAISED,
        title=gettext_lazy("A challenge against a committee member waits for your decision"),
        body=f"{item.meeting.number} · {item.title} · {member.user.display_name}",
        url=reverse("committee:meeting-detail", args=[item.meeting_id]) + f"#item-{item.pk}",
        actor=actor,
    )
    return recusal


@transaction.atomic
def decide_challenge(*, actor: Any, recusal: Recusal, accept: bool, note: str) -> Recusal:
    """The chair decides a pending challenge: the member is recused (``accept``) or the challenge is rejected,
    with reasons. Side effects: the Recusal's state and decision; the member's vote on the item removed when
    recused; an audit event ``committee.challenge_decided``; the person who raised it and the member are told."""
    recusal = (
        Recusal.objects.select_for_update(of=("self",))
        .select_related("member__user", "item__meeting", "raised_by")
        .get(pk=recusal.pk)
    )
    to = R.EFFECTIVE if accept else R.REJECTED
    if actor is not None:
        require(actor, DECIDE_CHALLENGE, recusal)
    check(CHALLENGE_TRANSITIONS, obj=recusal, current=recusal.state, to=to, actor=actor)
    note = text(note, required=_("Please give the reasons for the decision."), code="note_required", limit=MAX_REASON)
    item = recusal.item
    meeting = item.meeting
    if item.state != AgendaState.TABLED or meeting is None or meeting.state not in (M.PLANNED, M.HELD):
        raise DomainError(_("This item is no longer open."), code="item_closed")
    recusal.state = to
    recusal.decided_by = actor if getattr(actor, "pk", None) else None
    recusal.decided_at = timezone.now()
    recusal.decision_note = note
    recusal.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    vote_removed = _drop_vote(item, recusal.member) if accept else False
    record_event(
        actor=actor,
        verb="committee.challenge_decided",
        target=recusal,
        changes={"state": [str(R.PENDING), str(to)]},
        data={"vote_removed": vote_removed},
    )
    title = (
        gettext_lazy("A challenge was accepted: the member is recused")
        if accept
        else gettext_lazy("A challenge was rejected")
    )
    tell(
        [u for u in (recusal.raised_by, recusal.member.user) if u is not None],
        kind=KIND_CHALLENGE_DECIDED,
        title=title,
        body=f"{meeting.number} · {item.title} · {recusal.member.user.display_name}: {note}",
        url=reverse("committee:item-detail", args=[item.pk]),
        actor=actor,
    )
    return recusal
