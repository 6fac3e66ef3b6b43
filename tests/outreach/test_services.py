"""The services of outreach: activities, training attendance, liaison action items and their workflow, the
overdue flag; each refuses those without permission and audits what it changes."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.notifications.models import Notification
from proactive.outreach.enums import ActionState, ActivityKind
from proactive.outreach.models import ActionItem, Attendance
from proactive.outreach.queries.activities import video_target
from proactive.outreach.queries.training import history_of, hours_totals
from proactive.outreach.services import activities, liaison, training
from tests.factories.documents import pdf_bytes
from tests.outreach.factories import activity, arrange, meeting, session

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return arrange()


def test_an_activity_is_recorded_with_materials_and_audited(people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    poster = SimpleUploadedFile("포스터.pdf", pdf_bytes(), content_type="application/pdf")
    made = activities.create_activity(
        actor=people.secretariat,
        data={
            "kind": ActivityKind.SNS,
            "title": "인스타그램 카드뉴스",
            "starts_on": datetime.date(2026, 2, 1),
            "views": 3400,
            "links": "https://www.instagram.com/busan_cityhall/",
        },
        files=[poster],
    )
    assert made.materials.get().purpose == "outreach.material"
    assert made.link_list == ["https://www.instagram.com/busan_cityhall/"]
    assert AuditEvent.objects.filter(verb="outreach.activity_created", target_id=str(made.pk)).exists()


def test_bad_links_and_dates_are_refused(people):
    with pytest.raises(DomainError) as refused:
        activity(people, links="javascript:alert(1)")
    assert refused.value.code == "bad_link"
    with pytest.raises(DomainError):
        activity(people, ends_on=datetime.date(2026, 3, 1))


def test_only_the_secretariat_records_activities(people):
    for outsider in (people.official, people.sysadmin, people.accountable):
        with pytest.raises(PermissionDeniedError):
            activity(people.__class__(**{**people.__dict__, "secretariat": outsider}))


def test_the_video_target_is_two_a_year(people):
    activity(people, kind=ActivityKind.VIDEO, title="상반기 홍보 영상", starts_on=datetime.date(2026, 5, 1))
    assert not video_target(2026).met
    activity(people, kind=ActivityKind.VIDEO, title="하반기 홍보 영상", starts_on=datetime.date(2026, 10, 1))
    assert video_target(2026).met
    assert video_target(2026).made == 2
    assert not video_target(2025).met


def test_a_whole_department_attends_once_and_hours_are_capped(people):
    s = session(people)
    added = training.add_department(actor=people.secretariat, session=s, unit=people.dept)
    assert len(added) == 4  # the official and three colleagues, all in the team below the department
    assert training.add_department(actor=people.secretariat, session=s, unit=people.team) == []
    attendance = Attendance.objects.get(session=s, official=people.official.official)
    assert attendance.hours == Decimal("2.0")
    assert attendance.unit == people.team
    with pytest.raises(DomainError):
        training.set_attendance_hours(actor=people.secretariat, attendance=attendance, hours=3)
    training.set_attendance_hours(actor=people.secretariat, attendance=attendance, hours="1.5")
    assert [a.hours for a in history_of(people.official.official_id)] == [Decimal("1.5")]
    totals = hours_totals(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert totals.hours == Decimal("7.5")
    assert totals.officials == 4
    assert [u.label for u in totals.units] == ["기획조정실"]
    per_dept = hours_totals(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), by_top_unit=False)
    assert [(u.label, u.hours) for u in per_dept.units] == [("적극행정팀", Decimal("7.5"))]


def test_lowering_a_session_lowers_its_attendances(people):
    s = session(people, hours=3)
    training.add_attendees(actor=people.secretariat, session=s, officials=people.colleagues)
    training.update_session(
        actor=people.secretariat,
        session=s,
        data={"kind": s.kind, "title": s.title, "held_on": s.held_on, "hours": 1, "online": True},
    )
    assert set(Attendance.objects.values_list("hours", flat=True)) == {Decimal("1.0")}


def test_training_needs_a_place_or_online_and_the_secretariat(people):
    with pytest.raises(DomainError):
        session(people, place="", online=False)
    s = session(people)
    with pytest.raises(PermissionDeniedError):
        training.add_attendees(actor=people.official, session=s, officials=people.colleagues)


def test_a_meeting_needs_bodies_of_the_right_kind(people):
    with pytest.raises(DomainError):
        liaison.create_meeting(
            actor=people.secretariat,
            data={"kind": "liaison", "title": "x", "held_on": datetime.date(2026, 1, 5)},
            bodies=[people.dept],
        )
    with pytest.raises(DomainError):
        liaison.create_meeting(
            actor=people.secretariat,
            data={"kind": "liaison", "title": "x", "held_on": datetime.date(2026, 1, 5)},
            bodies=[],
        )


def test_an_action_item_follows_the_table(people):
    m = meeting(people)
    item = liaison.add_action_item(
        actor=people.secretariat,
        meeting=m,
        title="구·군 우수사례 추천",
        owner=people.district,
        due_on=datetime.date(2026, 6, 30),
    )
    item = liaison.transition_action_item(
        actor=people.secretariat, item=item, to=ActionState.IN_PROGRESS, note="추천 공문 발송"
    )
    item = liaison.transition_action_item(actor=people.secretariat, item=item, to=ActionState.DONE)
    assert item.state == ActionState.DONE
    assert item.closed_on is not None
    assert "추천 공문 발송" in item.note
    with pytest.raises(InvalidTransitionError):
        liaison.transition_action_item(actor=people.secretariat, item=item, to=ActionState.OPEN)
    with pytest.raises(PermissionDeniedError):
        liaison.transition_action_item(actor=people.official, item=item, to=ActionState.IN_PROGRESS)
    other = liaison.add_action_item(
        actor=people.secretariat,
        meeting=m,
        title="합동 워크숍 개최",
        owner=people.corporation,
        due_on=datetime.date(2026, 7, 1),
    )
    with pytest.raises(DomainError, match="사유"):
        liaison.transition_action_item(actor=people.secretariat, item=other, to=ActionState.DROPPED)
    assert AuditEvent.objects.filter(verb="outreach.action_moved").count() == 2


def test_a_due_date_before_the_meeting_is_refused(people):
    m = meeting(people)
    with pytest.raises(DomainError):
        liaison.add_action_item(
            actor=people.secretariat, meeting=m, title="x", owner=people.district, due_on=datetime.date(2026, 1, 1)
        )


def test_overdue_items_are_flagged_once_a_day(people, django_capture_on_commit_callbacks):
    m = meeting(people)
    liaison.add_action_item(
        actor=people.secretariat, meeting=m, title="늦은 조치", owner=people.district, due_on=datetime.date(2026, 5, 20)
    )
    done = liaison.add_action_item(
        actor=people.secretariat, meeting=m, title="끝난 조치", owner=people.district, due_on=datetime.date(2026, 5, 20)
    )
    liaison.transition_action_item(actor=people.secretariat, item=done, to=ActionState.DONE)
    with django_capture_on_commit_callbacks(execute=True):
        assert liaison.flag_overdue_actions(on=datetime.date(2026, 6, 1)) == 1
    assert Notification.objects.filter(recipient=people.secretariat, kind="outreach.action_overdue").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert liaison.flag_overdue_actions(on=datetime.date(2026, 6, 1)) == 0
    assert ActionItem.objects.filter(flagged_on=datetime.date(2026, 6, 1)).count() == 1


def test_the_flag_command_runs(people, capsys):
    call_command("flag_overdue_liaison_actions")
    assert "overdue action item(s) flagged" in capsys.readouterr().out
