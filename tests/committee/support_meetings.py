"""Arrangements for the committee's own meeting tests: a meeting with items of the test kind, members called."""

from django.utils import timezone

from proactive.committee.enums import MeetingKind
from proactive.committee.services import agenda, meetings
from tests.committee.conftest import TEST_KIND


def item(number: int = 1, *, field: str = "", title: str = ""):
    return agenda.table_item(
        actor=None, kind=TEST_KIND, subject_id=number, title=title or f"시험 안건 {number}", field=field
    )


def planned(committee, *, items: int = 1, kind=MeetingKind.IN_PERSON, invite=None, **kwargs):
    """A planned meeting with ``items`` items and ``invite`` (default: everyone on the roster) called."""
    kwargs.setdefault("scheduled_at", timezone.now())
    if kind == MeetingKind.IN_PERSON:
        kwargs.setdefault("place", "부산시청 7층 영상회의실")
    meeting = meetings.create_meeting(actor=committee.secretariat, kind=kind, **kwargs)
    tabled = []
    for number in range(1, items + 1):
        tabled.append(
            agenda.schedule_item(actor=committee.secretariat, item=item(number + meeting.pk * 100), meeting=meeting)
        )
    meetings.invite_members(
        actor=committee.secretariat, meeting=meeting, members=invite if invite is not None else committee.everyone
    )
    return meeting, tabled


def opened(committee, *, present=None, kind=MeetingKind.IN_PERSON, **kwargs):
    meeting, items = planned(committee, kind=kind, **kwargs)
    meeting = meetings.open_meeting(
        actor=committee.secretariat, meeting=meeting, present=present if present is not None else committee.everyone
    )
    return meeting, items


def propose(committee, item, outcome="approved", resolution="원안대로 승인한다."):
    return agenda.propose_decision(actor=committee.secretariat, item=item, outcome=outcome, resolution=resolution)


def vote_all(committee, item, choices):
    """``choices``: one per member of ``committee.everyone`` (None skips)."""
    for member, choice in zip(committee.everyone, choices, strict=False):
        if choice:
            agenda.record_vote(actor=member.user, item=item, member=member, choice=choice)
