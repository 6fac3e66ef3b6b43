"""Meetings: planning and numbering, calling members (the draw from the pool), opening with a quorum, the written
window, minutes approved by the chair, closing (a record) and cancelling."""

import datetime

import pytest
from django.utils import timezone

from proactive.audit.models import AuditEvent
from proactive.committee.enums import AgendaState, Attendance, MeetingKind, MeetingState, MemberField
from proactive.committee.models import CommitteeSettings, Meeting
from proactive.committee.queries.meetings import draw_suggestions
from proactive.committee.services import meetings as services
from proactive.committee.services.common import (
    KIND_INVITED,
    KIND_MEETING_CANCELLED,
    KIND_MINUTES_READY,
    KIND_WRITTEN_OPEN,
)
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.notifications.models import Notification
from tests.committee.conftest import enrol
from tests.committee.support_meetings import item, opened, planned, propose, vote_all
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def _at(year, month, day, hour=14):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def test_meetings_are_numbered_by_year(committee):
    first = services.create_meeting(
        actor=committee.secretariat, kind=MeetingKind.IN_PERSON, scheduled_at=_at(2026, 3, 5), place="시청"
    )
    second = services.create_meeting(
        actor=committee.secretariat, kind=MeetingKind.IN_PERSON, scheduled_at=_at(2026, 5, 20), place="시청"
    )
    other_year = services.create_meeting(
        actor=committee.secretariat, kind=MeetingKind.IN_PERSON, scheduled_at=_at(2027, 1, 10), place="시청"
    )

    assert [first.number, second.number, other_year.number] == ["2026-01", "2026-02", "2027-01"]
    assert first.title == "2026년 제1차 적극행정위원회"
    assert first.state == MeetingState.PLANNED
    assert AuditEvent.objects.filter(verb="committee.meeting_planned").count() == 3


def test_a_written_deliberation_gets_a_window(committee):
    opens = _at(2026, 6, 1, 9)
    written = services.create_meeting(actor=committee.secretariat, kind=MeetingKind.WRITTEN, scheduled_at=opens)
    assert written.closes_at == opens + datetime.timedelta(days=CommitteeSettings.current().written_days)
    with pytest.raises(DomainError) as exc:
        services.create_meeting(
            actor=committee.secretariat,
            kind=MeetingKind.WRITTEN,
            scheduled_at=opens,
            closes_at=opens - datetime.timedelta(hours=1),
        )
    assert exc.value.code == "invalid_window"


def test_only_the_secretariat_plans_meetings():
    with pytest.raises(PermissionDeniedError):
        services.create_meeting(actor=UserFactory(), kind=MeetingKind.IN_PERSON, scheduled_at=timezone.now())


def test_a_planned_meeting_can_be_changed_and_an_open_written_one_only_extended(committee):
    meeting, _items = planned(committee)
    later = meeting.scheduled_at + datetime.timedelta(days=1)
    changed = services.update_meeting(
        actor=committee.secretariat, meeting=meeting, title="임시회", scheduled_at=later, place="시청 2층"
    )
    assert (changed.title, changed.place) == ("임시회", "시청 2층")

    written, _items = opened(committee, kind=MeetingKind.WRITTEN, closes_at=timezone.now() + datetime.timedelta(days=2))
    with pytest.raises(DomainError):
        services.update_meeting(
            actor=committee.secretariat,
            meeting=written,
            title="",
            scheduled_at=written.scheduled_at,
            closes_at=timezone.now(),
        )
    extended = services.update_meeting(
        actor=committee.secretariat,
        meeting=written,
        title="",
        scheduled_at=written.scheduled_at,
        closes_at=written.closes_at + datetime.timedelta(days=2),
    )
    assert extended.closes_at > written.closes_at


def test_invitations_notify_and_skip_members_already_called(committee):
    meeting, _items = planned(committee, invite=committee.everyone[:2])
    assert Notification.objects.filter(kind=KIND_INVITED).count() == 2

    created = services.invite_members(actor=committee.secretariat, meeting=meeting, members=committee.everyone[:3])

    assert [c.member for c in created] == [committee.everyone[2]]
    assert Notification.objects.filter(kind=KIND_INVITED, recipient=committee.everyone[2].user).exists()


def test_a_member_not_serving_on_the_day_is_not_called(committee):
    later = enrol(committee.secretariat, starts_on=timezone.localdate() + datetime.timedelta(days=30))
    meeting, _items = planned(committee, invite=[])
    with pytest.raises(DomainError) as exc:
        services.invite_members(actor=committee.secretariat, meeting=meeting, members=[later])
    assert exc.value.code == "not_sitting"


def test_the_draw_suggests_standing_members_and_the_pools_experts_of_the_agendas_fields(committee):
    # committee.members: legal, welfare (standing), maritime and legal (pool).
    extra = enrol(committee.secretariat, field=MemberField.MARITIME_TRANSPORT, pool=True)
    CommitteeSettings.objects.update_or_create(pk=1, defaults={"pool_draw_per_field": 1})
    meeting, _items = planned(committee, items=0, invite=[])
    from proactive.committee.services import agenda

    agenda.schedule_item(
        actor=committee.secretariat, item=item(1, field=MemberField.MARITIME_TRANSPORT), meeting=meeting
    )

    suggestions = draw_suggestions(meeting)

    standing = {s.member for s in suggestions if not s.field}
    assert standing == {committee.chair, committee.vice_chair, committee.members[0], committee.members[1]}
    drawn = [(s.member, s.field, s.preselected) for s in suggestions if s.field]
    assert {m for m, _f, _p in drawn} == {committee.members[2], extra}
    assert sum(1 for _m, _f, p in drawn if p) == 1  # one per field preselected
    assert all(f == MemberField.MARITIME_TRANSPORT for _m, f, _p in drawn)
    assert committee.members[3] not in {s.member for s in suggestions}  # a legal expert: not on this agenda


def test_the_draw_prefers_experts_called_least(committee):
    second = enrol(committee.secretariat, field=MemberField.MARITIME_TRANSPORT, pool=True)
    CommitteeSettings.objects.update_or_create(pk=1, defaults={"pool_draw_per_field": 1})
    busy, _items = planned(committee, items=0, invite=[committee.members[2]])
    meeting, _items = planned(committee, items=0, invite=[])
    from proactive.committee.services import agenda

    agenda.schedule_item(
        actor=committee.secretariat, item=item(2, field=MemberField.MARITIME_TRANSPORT), meeting=meeting
    )

    preselected = [s.member for s in draw_suggestions(meeting) if s.field and s.preselected]
    assert preselected == [second]


def test_opening_in_person_records_attendance_and_needs_the_quorum(committee):
    meeting, _items = planned(committee)

    with pytest.raises(DomainError) as exc:
        services.open_meeting(actor=committee.secretariat, meeting=meeting, present=committee.everyone[:3])
    assert exc.value.code == "no_quorum"
    assert "3" in exc.value.message
    assert "4" in exc.value.message
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PLANNED
    assert not meeting.invitations.exclude(attendance=Attendance.UNKNOWN).exists()  # nothing written

    services.open_meeting(actor=committee.secretariat, meeting=meeting, present=committee.everyone[:4])
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.HELD
    assert meeting.opened_at is not None
    assert meeting.invitations.filter(attendance=Attendance.PRESENT).count() == 4
    assert meeting.invitations.filter(attendance=Attendance.ABSENT).count() == 2
    assert AuditEvent.objects.filter(verb="committee.meeting_opened", data__present=4).exists()


def test_opening_needs_an_agenda_and_members(committee):
    empty, _items = planned(committee, items=0)
    with pytest.raises(DomainError) as exc:
        services.open_meeting(actor=committee.secretariat, meeting=empty, present=committee.everyone)
    assert exc.value.code == "no_agenda"
    lonely, _items = planned(committee, invite=[])
    with pytest.raises(DomainError) as exc:
        services.open_meeting(actor=committee.secretariat, meeting=lonely, present=[])
    assert exc.value.code == "no_members"


def test_opening_a_written_deliberation_tells_the_members(committee, django_capture_on_commit_callbacks):
    meeting, _items = planned(
        committee, kind=MeetingKind.WRITTEN, closes_at=timezone.now() + datetime.timedelta(days=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.open_meeting(actor=committee.secretariat, meeting=meeting)
    assert Notification.objects.filter(kind=KIND_WRITTEN_OPEN).count() == 6


def test_a_written_deliberation_past_its_due_date_does_not_open(committee):
    meeting, _items = planned(
        committee,
        kind=MeetingKind.WRITTEN,
        scheduled_at=timezone.now() - datetime.timedelta(days=3),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    with pytest.raises(DomainError) as exc:
        services.open_meeting(actor=committee.secretariat, meeting=meeting)
    assert exc.value.code == "window_past"


def test_a_meeting_opens_once(committee):
    meeting, _items = opened(committee)
    with pytest.raises(InvalidTransitionError):
        services.open_meeting(actor=committee.secretariat, meeting=meeting, present=committee.everyone)


def test_minutes_are_approved_by_the_chair_and_a_change_withdraws_the_approval(committee):
    meeting, _items = opened(committee)

    services.save_minutes(actor=committee.secretariat, meeting=meeting, minutes="1. 안건 설명 후 질의응답.")
    assert Notification.objects.filter(kind=KIND_MINUTES_READY, recipient=committee.chair.user).count() == 1
    with pytest.raises(PermissionDeniedError):
        services.approve_minutes(actor=committee.secretariat, meeting=meeting)
    services.approve_minutes(actor=committee.chair.user, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.minutes_approved_by == committee.chair.user

    services.save_minutes(actor=committee.secretariat, meeting=meeting, minutes="1. 안건 설명 후 질의응답. 2. 의결.")
    meeting.refresh_from_db()
    assert meeting.minutes_approved_at is None
    assert Notification.objects.filter(kind=KIND_MINUTES_READY).count() == 2


def test_minutes_need_text_and_a_meeting_in_session(committee):
    meeting, _items = planned(committee)
    with pytest.raises(DomainError) as exc:
        services.save_minutes(actor=committee.secretariat, meeting=meeting, minutes="회의록")
    assert exc.value.code == "not_in_session"
    held, _items = opened(committee)
    with pytest.raises(DomainError) as exc:
        services.save_minutes(actor=committee.secretariat, meeting=held, minutes="   ")
    assert exc.value.code == "minutes_required"
    with pytest.raises(DomainError) as exc:
        services.approve_minutes(actor=committee.chair.user, meeting=held)
    assert exc.value.code == "no_minutes"


def test_closing_needs_approved_minutes_and_carries_undecided_items_over(
    committee, django_capture_on_commit_callbacks, monkeypatch
):
    rendered = []
    monkeypatch.setattr("proactive.committee.services.documents.render_minutes", rendered.append)
    meeting, (decided_item, open_item) = opened(committee, items=2)
    propose(committee, decided_item)
    vote_all(committee, decided_item, ["for"] * 6)
    from proactive.committee.services import agenda

    agenda.close_vote(actor=committee.secretariat, item=decided_item)
    with pytest.raises(DomainError) as exc:
        services.close_meeting(actor=committee.secretariat, meeting=meeting)
    assert exc.value.code == "minutes_not_approved"

    services.save_minutes(actor=committee.secretariat, meeting=meeting, minutes="의결 1건, 이월 1건")
    services.approve_minutes(actor=committee.chair.user, meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_meeting(actor=committee.secretariat, meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CLOSED
    assert meeting.closed_at is not None
    open_item.refresh_from_db()
    assert (open_item.state, open_item.meeting) == (AgendaState.PENDING, None)
    decided_item.refresh_from_db()
    assert decided_item.meeting == meeting
    assert rendered == [meeting.pk]
    with pytest.raises(DomainError):
        services.save_minutes(actor=committee.secretariat, meeting=meeting, minutes="고침")
    with pytest.raises(DomainError):
        services.invite_members(actor=committee.secretariat, meeting=meeting, members=[committee.members[0]])


def test_cancelling_a_planned_meeting(committee, django_capture_on_commit_callbacks):
    meeting, (tabled,) = planned(committee)
    with pytest.raises(DomainError) as exc:
        services.cancel_meeting(actor=committee.secretariat, meeting=meeting, reason=" ")
    assert exc.value.code == "reason_required"
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(actor=committee.secretariat, meeting=meeting, reason="태풍 북상")
    meeting.refresh_from_db()
    assert (meeting.state, meeting.cancel_reason) == (MeetingState.CANCELLED, "태풍 북상")
    tabled.refresh_from_db()
    assert tabled.state == AgendaState.PENDING
    assert Notification.objects.filter(kind=KIND_MEETING_CANCELLED).count() == 6
    held, _items = opened(committee)
    with pytest.raises(InvalidTransitionError):
        services.cancel_meeting(actor=committee.secretariat, meeting=held, reason="취소")


def test_taking_a_member_off_a_planned_meeting(committee):
    meeting, _items = planned(committee)
    services.uninvite_member(actor=committee.secretariat, meeting=meeting, member=committee.members[0])
    assert meeting.invitations.count() == 5
    with pytest.raises(DomainError) as exc:
        services.uninvite_member(actor=committee.secretariat, meeting=meeting, member=committee.members[0])
    assert exc.value.code == "not_invited"


def test_attendance_is_corrected_only_in_session_and_for_members_called(committee):
    meeting, _items = opened(committee, invite=committee.everyone[:5], present=committee.everyone[:4])
    services.record_attendance(actor=committee.secretariat, meeting=meeting, present=committee.everyone[:5])
    assert meeting.invitations.filter(attendance=Attendance.PRESENT).count() == 5
    with pytest.raises(DomainError) as exc:
        services.record_attendance(actor=committee.secretariat, meeting=meeting, present=committee.everyone)
    assert exc.value.code == "not_invited"
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.HELD
