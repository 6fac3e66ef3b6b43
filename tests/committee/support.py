"""Helpers for tests of any app that puts matters before the committee (no tests here).

``decide(item, outcome)`` takes a tabled matter through a meeting to a decision the way the committee would —
members serving a term, a meeting in person, the members called and present (quorum), a proposal, their votes, the
vote closed — so route tests do not need to know how meetings, attendance or quorum work. The committee app keeps
it working.

``actor`` is None (the system) or an account holding ``committee.manage_meetings`` (the secretariat); it is the
actor the kind's ``on_decided`` receives.
"""

import datetime
from typing import Any

from django.utils import timezone

from proactive.accounts.enums import UserKind
from proactive.accounts.models import User
from proactive.committee.enums import Attendance, MeetingKind, MeetingState, MemberCategory, MemberField
from proactive.committee.models import AgendaItem, Meeting, MeetingMember, Member
from proactive.committee.queries.roster import sitting_member_ids
from proactive.committee.services import agenda, meetings, roster

SUPPORT_MEMBERS = 3


def members(count: int = SUPPORT_MEMBERS) -> list[Member]:
    """``count`` members serving today (created once per test database, external experts without a password)."""
    out = []
    sitting = sitting_member_ids(timezone.localdate())
    for index in range(1, count + 1):
        username = f"committee-support-{index}"
        member = Member.objects.filter(user__username=username).first()
        if member is None:
            user = User(username=username, name=f"지원위원{index}", kind=UserKind.OFFICIAL)
            user.set_unusable_password()
            user.save()
            member = roster.enrol_member(
                actor=None,
                user=user,
                category=MemberCategory.PRIVATE,
                field=MemberField.LEGAL,
                affiliation="테스트 위원",
                starts_on=timezone.localdate() - datetime.timedelta(days=30),
            )
        elif member.pk not in sitting:
            roster.appoint_term(actor=None, member=member, starts_on=timezone.localdate())
        out.append(member)
    return out


def meeting(number: str | None = None, **kwargs: Any) -> Meeting:
    """A planned meeting in person (numbered automatically unless ``number`` is given)."""
    kwargs.setdefault("kind", MeetingKind.IN_PERSON)
    kwargs.setdefault("scheduled_at", timezone.now())
    kwargs.setdefault("place", "부산시청 12층 소회의실")
    planned = meetings.create_meeting(actor=None, **kwargs)
    if number:
        Meeting.objects.filter(pk=planned.pk).update(number=number)
        planned.refresh_from_db()
    return planned


def decide(item: AgendaItem, outcome: str, *, resolution: str = "원안대로 의결", actor: Any = None) -> AgendaItem:
    """Schedule ``item`` on a new meeting (unless it is on one), call the support members, open the meeting with all
    of them present, put ``outcome`` to them, let them all vote for it and close the vote."""
    item.refresh_from_db()
    called = members()
    if item.meeting_id is None:
        agenda.schedule_item(actor=None, item=item, meeting=meeting())
        item.refresh_from_db()
    held = Meeting.objects.get(pk=item.meeting_id)
    meetings.invite_members(actor=None, meeting=held, members=called)
    if held.state == MeetingState.PLANNED:
        meetings.open_meeting(actor=None, meeting=held, present=called)
    elif held.kind == MeetingKind.IN_PERSON:
        MeetingMember.objects.filter(meeting=held, member__in=called).update(attendance=Attendance.PRESENT)
    agenda.propose_decision(actor=None, item=item, outcome=outcome, resolution=resolution)
    for member in called:
        agenda.record_vote(actor=None, item=item, member=member, choice="for")
    return agenda.decide_item(actor=actor, item=item, outcome=outcome, resolution=resolution)
