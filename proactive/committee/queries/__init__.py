"""Reads of the committee app used by other apps (the contract; see ``committee.agenda``).

- ``items_of(kind, pk)``: a matter's agenda items with their meetings ("linked to its meeting");
- ``open_item_of(kind, pk)``: the item still waiting or on an agenda;
- ``decision_of(kind, pk)``: the matter's decided item (decision number, outcome, resolution), if any;
- ``called_to_decide(user, kind, pk)``: whether ``user`` is a member called to a meeting where the matter is (or
  was) on the agenda — for the routes' rules, so the members deciding a matter may open its file;
- ``item_url(item)``: the item's page in the committee app (meeting, decision, resolution PDF; the requester opens
  it when the kind's ``can_view`` admits them).
"""

from typing import Any

from django.urls import reverse

from proactive.committee.enums import OPEN_ITEM_STATES, AgendaState
from proactive.committee.models import AgendaItem, MeetingMember


def items_of(kind: str, subject_id: int) -> list[AgendaItem]:
    """Every agenda item of one matter, oldest first, with its meeting."""
    return list(AgendaItem.objects.filter(kind=kind, subject_id=subject_id).select_related("meeting").order_by("pk"))


def open_item_of(kind: str, subject_id: int) -> AgendaItem | None:
    """The matter's item still waiting or on an agenda, if any."""
    return (
        AgendaItem.objects.filter(kind=kind, subject_id=subject_id, state__in=list(OPEN_ITEM_STATES))
        .select_related("meeting")
        .first()
    )


def decision_of(kind: str, subject_id: int) -> AgendaItem | None:
    """The matter's latest decided item, with its meeting."""
    return (
        AgendaItem.objects.filter(kind=kind, subject_id=subject_id, state=AgendaState.DECIDED)
        .select_related("meeting")
        .order_by("-decided_on", "-pk")
        .first()
    )


def called_to_decide(user: Any, kind: str, subject_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    meetings = AgendaItem.objects.filter(kind=kind, subject_id=subject_id, meeting__isnull=False).values("meeting_id")
    return MeetingMember.objects.filter(meeting_id__in=meetings, member__user_id=user.pk).exists()


def item_url(item: AgendaItem) -> str:
    return reverse("committee:item-detail", args=[item.pk])
