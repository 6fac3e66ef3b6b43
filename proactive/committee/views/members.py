"""A member's own pages: "my meetings" (the meetings they are called to) and, for one meeting, the items with the
proposal to vote on and the form to step aside (회피). A vote posted with htmx answers with the item's card only.
Members of the committee only, and only for meetings they are called to (404 otherwise)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from proactive.committee.enums import AgendaState, MeetingKind, MeetingState
from proactive.committee.forms import ReasonForm, VoteForm
from proactive.committee.models import AgendaItem, Meeting, MeetingMember
from proactive.committee.queries import meetings as queries
from proactive.committee.services import agenda as agenda_services
from proactive.committee.services import recusals as recusal_services
from proactive.committee.services.common import may
from proactive.committee.views.common import done, need
from proactive.web.refusals import submit

MINE = "committee.view_my_meetings"
VOTE = "committee.vote_in_meeting"


@login_required
@require_GET
def my_meetings(request):
    need(request, MINE)
    invitations = list(queries.my_invitations(request.user)[:200])
    now = timezone.now()
    upcoming = [i for i in invitations if i.meeting.state in (MeetingState.PLANNED, MeetingState.HELD)]
    upcoming.sort(key=lambda i: i.meeting.scheduled_at)
    past = [i for i in invitations if i.meeting.state not in (MeetingState.PLANNED, MeetingState.HELD)]
    context = {"upcoming": upcoming, "past": past, "now": now, "awaiting": queries.items_awaiting_vote(request.user)}
    return render(request, "committee/members/my_meetings.html", context)


def _invitation_or_404(request, meeting_pk: int) -> MeetingMember:
    need(request, MINE)
    meeting = Meeting.objects.filter(pk=meeting_pk).first()
    if meeting is None or not may(request.user, VOTE, meeting):
        raise Http404
    invitation = queries.my_invitation(request.user, meeting)
    if invitation is None:
        raise Http404
    invitation.meeting = meeting
    return invitation


def _cards(invitation: MeetingMember, bound: dict) -> list[dict[str, Any]]:
    meeting = invitation.meeting
    items = queries.meeting_items(meeting)
    facts = queries.meeting_facts(meeting, items)
    mine = invitation.member_id
    now = timezone.now()
    window_open = meeting.kind != MeetingKind.WRITTEN or not meeting.closes_at or now <= meeting.closes_at
    can_vote_here = (
        meeting.state == MeetingState.HELD
        and window_open
        and (meeting.kind == MeetingKind.WRITTEN or invitation.attendance == "present")
    )
    cards = []
    for item in items:
        recusal = next(
            (r for r in item.recusals.all() if r.member_id == mine and r.state in ("effective", "pending")), None
        )
        kind = item.agenda_kind  # type: ignore[attr-defined]
        vote = facts.votes.get(item.pk, {}).get(mine, "")
        card: dict[str, Any] = {
            "item": item,
            "kind": kind,
            "subject_url": kind.subject_url(item.subject_id) if kind else "",
            "proposed_label": kind.outcome_label(item.proposed_outcome) if kind and item.proposed_outcome else "",
            "outcome_label": kind.outcome_label(item.outcome) if kind and item.outcome else "",
            "recusal": recusal,
            "vote": vote,
            "tally": queries.tally(facts, item) if item.state == AgendaState.DECIDED else None,
        }
        open_item = item.state == AgendaState.TABLED and meeting.state in (MeetingState.PLANNED, MeetingState.HELD)
        if f"vote_{item.pk}" in bound:  # a refused vote: show the form with the reason, whatever the state
            card["vote_form"] = bound[f"vote_{item.pk}"]
        if open_item and recusal is None:
            if can_vote_here and item.proposed_outcome and "vote_form" not in card:
                card["vote_form"] = bound.get(f"vote_{item.pk}") or VoteForm(
                    prefix=f"v{item.pk}", initial={"choice": vote or None}
                )
            card["avoid_form"] = bound.get(f"avoid_{item.pk}") or ReasonForm(prefix=f"a{item.pk}")
        cards.append(card)
    return cards


def _render(
    request, invitation: MeetingMember, *, status: int = 200, partial_item: int | None = None, **bound: Any
) -> HttpResponse:
    cards = _cards(invitation, bound)
    meeting = invitation.meeting
    context = {
        "meeting": meeting,
        "invitation": invitation,
        "cards": cards,
        "closes_on": timezone.localdate(meeting.closes_at) if meeting.closes_at else None,
        "window_closed": bool(
            meeting.kind == MeetingKind.WRITTEN and meeting.closes_at and meeting.closes_at < timezone.now()
        ),
    }
    if partial_item is not None:
        card = next(c for c in cards if c["item"].pk == partial_item)
        return render(request, "committee/members/_item_card.html", context | {"card": card}, status=status)
    response = render(request, "committee/members/my_meeting.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def my_meeting(request, pk: int):
    return _render(request, _invitation_or_404(request, pk))


def _my_item(request, pk: int) -> tuple[MeetingMember, AgendaItem]:
    item = AgendaItem.objects.filter(pk=pk, meeting__isnull=False).first()
    if item is None:
        raise Http404
    invitation = _invitation_or_404(request, item.meeting_id)  # type: ignore[arg-type]
    return invitation, item


@require_POST
@login_required
def my_vote(request, pk: int):
    invitation, item = _my_item(request, pk)
    form = VoteForm(request.POST, prefix=f"v{item.pk}")
    partial = item.pk if getattr(request, "htmx", False) else None
    status = submit(
        form,
        lambda data: agenda_services.record_vote(
            actor=request.user, item=item, member=invitation.member, choice=data["choice"]
        ),
    )
    if status is None:
        if partial is not None:
            return _render(request, invitation, partial_item=partial)
        return done(
            request,
            _("Your vote was recorded. You may change it until the item is decided."),
            "committee:my-meeting",
            invitation.meeting_id,
        )
    # htmx swaps only successful answers: a refusal comes back as the card with its error, status 200.
    return _render(
        request, invitation, status=200 if partial else status, partial_item=partial, **{f"vote_{item.pk}": form}
    )


@require_POST
@login_required
def my_avoidance(request, pk: int):
    invitation, item = _my_item(request, pk)
    form = ReasonForm(request.POST, prefix=f"a{item.pk}")
    status = submit(
        form,
        lambda data: recusal_services.declare_avoidance(
            actor=request.user, item=item, member=invitation.member, reason=data["reason"]
        ),
    )
    if status is None:
        return done(
            request,
            _("You stepped aside from this item; you will not vote on it."),
            "committee:my-meeting",
            invitation.meeting_id,
        )
    bound: dict[str, Any] = {f"avoid_{item.pk}": form}
    return _render(request, invitation, status=status, **bound)
