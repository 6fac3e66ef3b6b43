"""A member's own pages: "my meetings", voting (also with htmx), stepping aside — and the refusals."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.committee.enums import MeetingKind, RecusalState
from proactive.committee.models import Recusal, Vote
from tests.committee.support_meetings import opened, planned, propose
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_my_meetings_lists_the_meetings_i_am_called_to(client, committee):
    mine, _items = planned(committee, invite=[committee.members[0]])
    planned(committee, invite=[committee.members[1]])
    login_verified(client, committee.members[0].user)

    response = client.get(reverse("committee:my-meetings"))

    assert [i.meeting for i in response.context["upcoming"]] == [mine]
    assert reverse("committee:my-meeting", args=[mine.pk]) in response.content.decode()


def test_my_meetings_queries_do_not_grow(client, committee):
    member = committee.members[0]
    planned(committee, invite=[member])
    login_verified(client, member.user)
    url = reverse("committee:my-meetings")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _i in range(3):
        meeting, items = opened(committee, items=2)
        propose(committee, items[0])
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more.captured_queries) == len(few.captured_queries)


def test_only_members_have_my_meetings(client, committee):
    for user in (committee.secretariat, UserFactory(), make_staff("sysadmin")):
        login_verified(client, user)
        assert client.get(reverse("committee:my-meetings")).status_code == 403


def test_voting_on_my_page(client, committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    member = committee.members[0]
    login_verified(client, member.user)

    page = client.get(reverse("committee:my-meeting", args=[meeting.pk])).content.decode()
    assert reverse("committee:my-vote", args=[tabled.pk]) in page
    assert "원안대로 승인한다." in page

    response = client.post(reverse("committee:my-vote", args=[tabled.pk]), {f"v{tabled.pk}-choice": "for"})
    assert response.status_code == 302
    assert Vote.objects.get(item=tabled, member=member).choice == "for"


def test_voting_with_htmx_answers_with_the_items_card(client, committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    member = committee.members[0]
    login_verified(client, member.user)

    response = client.post(
        reverse("committee:my-vote", args=[tabled.pk]), {f"v{tabled.pk}-choice": "against"}, HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert f'id="item-{tabled.pk}"' in body
    assert "반대" in body


def test_a_vote_without_a_choice_is_refused_with_the_form(client, committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    login_verified(client, committee.members[0].user)
    response = client.post(reverse("committee:my-vote", args=[tabled.pk]), {})
    assert response.status_code == 400
    assert "필수 항목" in response.content.decode() or "필수" in response.content.decode()


def test_an_absent_member_is_told_to_ask_for_attendance(client, committee):
    meeting, (tabled,) = opened(committee, present=committee.everyone[:5])
    propose(committee, tabled)
    absent = committee.everyone[5]
    login_verified(client, absent.user)

    page = client.get(reverse("committee:my-meeting", args=[meeting.pk])).content.decode()
    assert "출석으로 기록되지 않았습니다" in page
    assert reverse("committee:my-vote", args=[tabled.pk]) not in page
    response = client.post(reverse("committee:my-vote", args=[tabled.pk]), {f"v{tabled.pk}-choice": "for"})
    assert response.status_code == 400
    assert "출석으로 기록된 위원만" in response.content.decode()


def test_voting_in_a_written_deliberation(client, committee):
    meeting, (tabled,) = opened(
        committee, kind=MeetingKind.WRITTEN, closes_at=timezone.now() + datetime.timedelta(days=2)
    )
    propose(committee, tabled)
    member = committee.members[0]
    login_verified(client, member.user)
    assert (
        client.post(reverse("committee:my-vote", args=[tabled.pk]), {f"v{tabled.pk}-choice": "abstain"}).status_code
        == 302
    )
    assert meeting.invitations.get(member=member).attendance == "present"  # replied


def test_stepping_aside_on_my_page(client, committee):
    meeting, (tabled,) = planned(committee)
    member = committee.members[0]
    login_verified(client, member.user)
    url = reverse("committee:my-avoidance", args=[tabled.pk])

    bad = client.post(url, {f"a{tabled.pk}-reason": ""})
    assert bad.status_code == 400
    assert client.post(url, {f"a{tabled.pk}-reason": "배우자가 신청 법인의 임원입니다."}).status_code == 302
    recusal = Recusal.objects.get(item=tabled, member=member)
    assert (recusal.kind, recusal.state) == ("avoidance", RecusalState.EFFECTIVE)
    page = client.get(reverse("committee:my-meeting", args=[meeting.pk])).content.decode()
    assert "회피" in page
    assert url not in page


def test_a_member_not_called_gets_a_404(client, committee):
    meeting, (tabled,) = opened(committee, invite=committee.everyone[:5], present=committee.everyone[:5])
    propose(committee, tabled)
    outsider = committee.everyone[5]
    login_verified(client, outsider.user)
    assert client.get(reverse("committee:my-meeting", args=[meeting.pk])).status_code == 404
    assert (
        client.post(reverse("committee:my-vote", args=[tabled.pk]), {f"v{tabled.pk}-choice": "for"}).status_code == 404
    )
    assert (
        client.post(reverse("committee:my-avoidance", args=[tabled.pk]), {f"a{tabled.pk}-reason": "x"}).status_code
        == 404
    )
