"""Meeting pages: the list (query count, what members see), planning, the draw, the meeting's page for each
audience, and every step posted from it — with refusals shown on the page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.committee.enums import AgendaState, Attendance, MeetingKind, MeetingState, MemberField, RecusalState
from proactive.committee.models import AgendaItem, Meeting, MeetingMember, Recusal, Vote
from proactive.committee.services import agenda, meetings
from proactive.committee.services.recusals import raise_challenge
from tests.committee.support_meetings import item, opened, planned, propose, vote_all
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# --- The list --------------------------------------------------------------------------------------------------


def test_the_secretariat_sees_every_meeting_and_a_member_only_theirs(client, committee):
    mine, _items = planned(committee, invite=[committee.members[0]])
    other, _items = planned(committee, invite=[committee.members[1]])

    login_verified(client, committee.secretariat)
    assert set(client.get(reverse("committee:meeting-list")).context["page_obj"]) == {mine, other}
    login_verified(client, committee.members[0].user)
    assert list(client.get(reverse("committee:meeting-list")).context["page_obj"]) == [mine]
    login_verified(client, committee.chair.user)
    assert set(client.get(reverse("committee:meeting-list")).context["page_obj"]) == {mine, other}


def test_the_list_queries_do_not_grow_with_meetings(client, committee):
    planned(committee)
    login_verified(client, committee.secretariat)
    url = reverse("committee:meeting-list")
    few = _queries(client, url)
    for _i in range(3):
        planned(committee, items=2)
    assert _queries(client, url) == few


def test_the_list_filters_by_state(client, committee):
    planned(committee)
    held, _items = opened(committee)
    login_verified(client, committee.secretariat)
    assert list(client.get(reverse("committee:meeting-list"), {"state": "held"}).context["page_obj"]) == [held]


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.SYSADMIN, Role.AUDIT_OFFICER])
def test_outsiders_see_no_meetings(client, committee, role):
    meeting, _items = planned(committee)
    login_verified(client, UserFactory() if role == Role.OFFICIAL else make_staff(role))
    assert client.get(reverse("committee:meeting-list")).status_code == 403
    assert client.get(reverse("committee:meeting-detail", args=[meeting.pk])).status_code == 404


def test_a_superuser_sees_no_meeting(client, committee):
    meeting, _items = planned(committee)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("committee:meeting-detail", args=[meeting.pk])).status_code == 404


# --- Planning ------------------------------------------------------------------------------------------------


def test_planning_a_meeting_in_person(client, committee):
    login_verified(client, committee.secretariat)
    at = timezone.localtime() + datetime.timedelta(days=10)

    response = client.post(
        reverse("committee:meeting-create"),
        {
            "kind": MeetingKind.IN_PERSON,
            "title": "",
            "scheduled_at": at.strftime("%Y-%m-%dT%H:%M"),
            "place": "시청 7층",
        },
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("committee:meeting-detail", args=[meeting.pk])
    assert meeting.title.endswith("적극행정위원회")


def test_planning_refuses_bad_input_and_keeps_it(client, committee):
    login_verified(client, committee.secretariat)

    response = client.post(
        reverse("committee:meeting-create"),
        {"kind": MeetingKind.IN_PERSON, "title": "긴급 회의", "scheduled_at": "내일 오후", "place": ""},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "날짜와 시각을 입력하십시오." in page
    assert "대면 회의의 장소를 입력하십시오." in page
    assert 'value="긴급 회의"' in page
    assert not Meeting.objects.exists()


def test_a_written_deliberation_with_its_window(client, committee):
    login_verified(client, committee.secretariat)
    opens = timezone.localtime() + datetime.timedelta(days=1)
    response = client.post(
        reverse("committee:meeting-create"),
        {
            "kind": MeetingKind.WRITTEN,
            "scheduled_at": _local(opens),
            "closes_at": _local(opens - datetime.timedelta(hours=2)),
        },
    )
    assert response.status_code == 400
    assert "회신 기한은 심의 시작 이후여야 합니다." in response.content.decode()


def test_editing_a_planned_meeting(client, committee):
    meeting, _items = planned(committee)
    login_verified(client, committee.secretariat)
    url = reverse("committee:meeting-edit", args=[meeting.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"title": "제2차 회의", "scheduled_at": _local(meeting.scheduled_at), "place": "시청 12층"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.place) == ("제2차 회의", "시청 12층")


def test_members_cannot_plan_meetings(client, committee):
    login_verified(client, committee.chair.user)
    assert client.get(reverse("committee:meeting-create")).status_code == 403


# --- The meeting's page ----------------------------------------------------------------------------------------


def test_the_secretariat_sees_the_steps_of_a_planned_meeting(client, committee):
    meeting, (tabled,) = planned(committee)
    login_verified(client, committee.secretariat)

    page = client.get(reverse("committee:meeting-detail", args=[meeting.pk])).content.decode()

    assert tabled.title in page
    assert reverse("committee:meeting-open", args=[meeting.pk]) in page
    assert reverse("committee:meeting-invite", args=[meeting.pk]) in page
    assert reverse("committee:item-propose", args=[tabled.pk]) in page
    assert reverse("committee:meeting-cancel", args=[meeting.pk]) in page
    assert "/test-matters/" in page  # the matter's own page


def test_a_member_called_reads_the_meeting_without_the_controls(client, committee):
    meeting, (tabled,) = opened(committee)
    login_verified(client, committee.members[0].user)

    page = client.get(reverse("committee:meeting-detail", args=[meeting.pk])).content.decode()

    assert tabled.title in page
    assert reverse("committee:my-meeting", args=[meeting.pk]) in page
    assert reverse("committee:item-propose", args=[tabled.pk]) not in page
    assert reverse("committee:meeting-minutes", args=[meeting.pk]) not in page


def test_the_meeting_page_queries_do_not_grow_with_members(client, committee):
    meeting, _items = opened(committee, invite=committee.everyone[:4], present=committee.everyone[:4])
    login_verified(client, committee.members[0].user)
    url = reverse("committee:meeting-detail", args=[meeting.pk])
    few = _queries(client, url)
    meetings.invite_members(actor=committee.secretariat, meeting=meeting, members=committee.everyone[4:])
    assert _queries(client, url) == few


def test_the_meeting_page_queries_do_not_grow_with_items(client, committee):
    login_verified(client, committee.secretariat)
    counts = []
    for size in (2, 6):
        meeting, tabled = opened(committee, items=size)
        for agenda_item in tabled:
            propose(committee, agenda_item)
        counts.append(_queries(client, reverse("committee:meeting-detail", args=[meeting.pk])))
    assert counts[0] == counts[1]


def test_the_draw_page_and_calling_members(client, committee):
    meeting, _items = planned(committee, items=0, invite=[])
    agenda.schedule_item(
        actor=committee.secretariat, item=item(1, field=MemberField.MARITIME_TRANSPORT), meeting=meeting
    )
    login_verified(client, committee.secretariat)
    url = reverse("committee:meeting-invite", args=[meeting.pk])

    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert committee.members[2].user.display_name in page  # the maritime expert
    assert committee.members[3].user.display_name not in page  # a legal expert: not on this agenda
    assert "전문가 풀" in page

    response = client.post(url, {"members": [committee.chair.pk, committee.members[2].pk]})
    assert response.status_code == 302
    drawn = MeetingMember.objects.get(meeting=meeting, member=committee.members[2])
    assert drawn.drawn_for == MemberField.MARITIME_TRANSPORT
    assert MeetingMember.objects.get(meeting=meeting, member=committee.chair).drawn_for == ""


def test_calling_nobody_is_refused(client, committee):
    meeting, _items = planned(committee, invite=[])
    login_verified(client, committee.secretariat)
    response = client.post(reverse("committee:meeting-invite", args=[meeting.pk]), {})
    assert response.status_code == 400
    assert "소집할 위원을 한 명 이상 선택하십시오." in response.content.decode()


def test_taking_a_member_off(client, committee):
    meeting, _items = planned(committee)
    login_verified(client, committee.secretariat)
    response = client.post(reverse("committee:meeting-uninvite", args=[meeting.pk, committee.members[0].pk]))
    assert response.status_code == 302
    assert meeting.invitations.count() == 5


def test_opening_without_the_quorum_is_refused_on_the_page(client, committee):
    meeting, _items = planned(committee)
    login_verified(client, committee.secretariat)

    response = client.post(
        reverse("committee:meeting-open", args=[meeting.pk]), {"present": [m.pk for m in committee.everyone[:2]]}
    )

    assert response.status_code == 400
    assert "개의 정족수에 미달합니다" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PLANNED


def test_opening_with_the_quorum(client, committee):
    meeting, _items = planned(committee)
    login_verified(client, committee.secretariat)
    response = client.post(
        reverse("committee:meeting-open", args=[meeting.pk]), {"present": [m.pk for m in committee.everyone[:5]]}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.HELD
    assert meeting.invitations.filter(attendance=Attendance.ABSENT).count() == 1


def test_correcting_the_attendance(client, committee):
    meeting, _items = opened(committee, present=committee.everyone[:4])
    login_verified(client, committee.secretariat)
    response = client.post(
        reverse("committee:meeting-attendance", args=[meeting.pk]), {"present": [m.pk for m in committee.everyone]}
    )
    assert response.status_code == 302
    assert meeting.invitations.filter(attendance=Attendance.PRESENT).count() == 6


def test_proposing_voting_by_show_of_hands_and_deciding(client, committee):
    meeting, (tabled,) = opened(committee)
    login_verified(client, committee.secretariat)
    p = f"p{tabled.pk}"

    bad = client.post(
        reverse("committee:item-propose", args=[tabled.pk]), {f"{p}-outcome": "approved", f"{p}-resolution": ""}
    )
    assert bad.status_code == 400
    response = client.post(
        reverse("committee:item-propose", args=[tabled.pk]),
        {f"{p}-outcome": "approved", f"{p}-resolution": "원안대로 승인한다."},
    )
    assert response.status_code == 302

    votes = {f"vote_{m.pk}": "for" for m in committee.everyone[:4]} | {f"vote_{committee.everyone[4].pk}": "against"}
    assert client.post(reverse("committee:item-votes", args=[tabled.pk]), votes).status_code == 302
    assert Vote.objects.filter(item=tabled, recorded_by=committee.secretariat).count() == 5

    page = client.get(reverse("committee:meeting-detail", args=[meeting.pk])).content.decode()
    assert "현재 가결 요건 충족" in page

    response = client.post(reverse("committee:item-decide", args=[tabled.pk]), {f"d{tabled.pk}-resolution": ""})
    assert response.status_code == 302
    tabled.refresh_from_db()
    assert tabled.state == AgendaState.DECIDED
    assert tabled.resolution == "원안대로 승인한다."
    assert (tabled.votes_for, tabled.votes_against) == (4, 1)


def test_a_proposal_not_carried_says_so(client, committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    vote_all(committee, tabled, ["against"] * 6)
    login_verified(client, committee.secretariat)

    response = client.post(
        reverse("committee:item-decide", args=[tabled.pk]), {f"d{tabled.pk}-resolution": ""}, follow=True
    )

    assert "의결안이 부결되었습니다" in response.content.decode()
    tabled.refresh_from_db()
    assert (tabled.state, tabled.proposed_outcome) == (AgendaState.TABLED, "")


def test_deciding_without_quorum_is_refused_on_the_page(client, committee):
    meeting, (tabled,) = opened(committee, present=committee.everyone[:4])
    propose(committee, tabled)
    vote_all(committee, tabled, ["for"] * 4)
    meetings.record_attendance(actor=committee.secretariat, meeting=meeting, present=committee.everyone[:2])
    login_verified(client, committee.secretariat)

    response = client.post(reverse("committee:item-decide", args=[tabled.pk]), {f"d{tabled.pk}-resolution": ""})

    assert response.status_code == 400
    assert "이 안건의 정족수에 미달합니다" in response.content.decode()


def test_a_vote_for_a_member_not_called_is_a_404(client, committee):
    meeting, (tabled,) = opened(committee, invite=committee.everyone[:5], present=committee.everyone[:5])
    propose(committee, tabled)
    login_verified(client, committee.secretariat)
    response = client.post(
        reverse("committee:item-votes", args=[tabled.pk]), {f"vote_{committee.everyone[5].pk}": "for"}
    )
    assert response.status_code == 404


def test_recording_an_exclusion_and_a_challenge_from_the_page(client, committee):
    meeting, (tabled,) = planned(committee)
    login_verified(client, committee.secretariat)
    x, c = f"x{tabled.pk}", f"c{tabled.pk}"

    missing = client.post(
        reverse("committee:item-exclusion", args=[tabled.pk]),
        {f"{x}-member": committee.members[0].pk, f"{x}-reason": ""},
    )
    assert missing.status_code == 400
    assert (
        client.post(
            reverse("committee:item-exclusion", args=[tabled.pk]),
            {f"{x}-member": committee.members[0].pk, f"{x}-reason": "신청인의 친족"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("committee:item-challenge-staff", args=[tabled.pk]),
            {f"{c}-member": committee.members[1].pk, f"{c}-reason": "자문 이력"},
        ).status_code
        == 302
    )
    assert Recusal.objects.filter(item=tabled, state=RecusalState.EFFECTIVE).count() == 1
    assert Recusal.objects.filter(item=tabled, state=RecusalState.PENDING).count() == 1


def test_the_chair_decides_a_challenge_on_the_meeting_page(client, committee):
    meeting, (tabled,) = planned(committee)
    recusal = raise_challenge(actor=committee.secretariat, item=tabled, member=committee.members[1], reason="자문 이력")
    login_verified(client, committee.chair.user)
    url = reverse("committee:challenge-decide", args=[recusal.pk])
    assert url in client.get(reverse("committee:meeting-detail", args=[meeting.pk])).content.decode()
    r = f"r{recusal.pk}"

    bad = client.post(url, {f"{r}-decision": "accept", f"{r}-note": ""})
    assert bad.status_code == 400
    assert client.post(url, {f"{r}-decision": "reject", f"{r}-note": "관련 없음"}).status_code == 302
    recusal.refresh_from_db()
    assert recusal.state == RecusalState.REJECTED


def test_a_member_cannot_decide_a_challenge(client, committee):
    meeting, (tabled,) = planned(committee)
    recusal = raise_challenge(actor=committee.secretariat, item=tabled, member=committee.members[1], reason="자문 이력")
    login_verified(client, committee.members[0].user)
    response = client.post(
        reverse("committee:challenge-decide", args=[recusal.pk]),
        {f"r{recusal.pk}-decision": "accept", f"r{recusal.pk}-note": "x"},
    )
    assert response.status_code == 403


def test_minutes_saved_approved_and_the_meeting_closed(client, committee, monkeypatch):
    monkeypatch.setattr("proactive.committee.services.documents.render_minutes", lambda pk: None)
    meeting, (tabled,) = opened(committee)
    login_verified(client, committee.secretariat)

    assert client.post(reverse("committee:meeting-minutes", args=[meeting.pk]), {"minutes": ""}).status_code == 400
    closing = client.post(reverse("committee:meeting-close", args=[meeting.pk]), follow=True)
    assert "위원장의 승인을 받아야 합니다" in closing.content.decode()
    assert (
        client.post(
            reverse("committee:meeting-minutes", args=[meeting.pk]),
            {"minutes": "안건 1건을 논의하고 다음 회의로 이월함."},
        ).status_code
        == 302
    )
    assert client.post(reverse("committee:minutes-approve", args=[meeting.pk])).status_code == 403

    login_verified(client, committee.chair.user)
    page = client.get(reverse("committee:meeting-detail", args=[meeting.pk])).content.decode()
    assert reverse("committee:minutes-approve", args=[meeting.pk]) in page
    assert client.post(reverse("committee:minutes-approve", args=[meeting.pk])).status_code == 302

    login_verified(client, committee.secretariat)
    assert client.post(reverse("committee:meeting-close", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CLOSED
    assert AgendaItem.objects.get(pk=tabled.pk).state == AgendaState.PENDING


def test_cancelling_needs_a_reason(client, committee):
    meeting, _items = planned(committee)
    login_verified(client, committee.secretariat)
    bad = client.post(reverse("committee:meeting-cancel", args=[meeting.pk]), {"reason": ""})
    assert bad.status_code == 400
    assert client.post(reverse("committee:meeting-cancel", args=[meeting.pk]), {"reason": "태풍"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CANCELLED


def test_sending_an_item_back_to_the_queue(client, committee):
    meeting, (tabled,) = planned(committee)
    login_verified(client, committee.secretariat)
    assert client.post(reverse("committee:item-unschedule", args=[tabled.pk])).status_code == 302
    tabled.refresh_from_db()
    assert tabled.state == AgendaState.PENDING


@pytest.mark.parametrize(
    "name",
    ["meeting-open", "meeting-attendance", "meeting-minutes", "meeting-close", "meeting-cancel"],
)
def test_members_cannot_run_the_meeting(client, committee, name):
    meeting, _items = planned(committee)
    login_verified(client, committee.members[0].user)
    assert client.post(reverse(f"committee:{name}", args=[meeting.pk]), {}).status_code == 403


@pytest.mark.parametrize("name", ["item-propose", "item-votes", "item-decide", "item-unschedule", "item-exclusion"])
def test_members_cannot_run_the_items(client, committee, name):
    meeting, (tabled,) = planned(committee)
    login_verified(client, committee.members[0].user)
    assert client.post(reverse(f"committee:{name}", args=[tabled.pk]), {}).status_code == 403
