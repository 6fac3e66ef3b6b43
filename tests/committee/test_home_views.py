"""The committee's home page, the menu, the dashboard panels, and the reorganisation task's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from proactive.committee.models import Reorganisation, ReorganisationStep
from proactive.committee.services.recusals import raise_challenge
from proactive.committee.services.reorganisation import start_reorganisation
from proactive.committee.services.roster import add_months
from proactive.web.navigation import menu_for
from tests.committee.conftest import enrol
from tests.committee.support_meetings import item, opened, planned, propose
from tests.conftest import login_verified
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_the_secretariats_home(client, committee):
    planned(committee)
    item(99)
    enrol(committee.secretariat, starts_on=add_months(timezone.localdate(), -24) + datetime.timedelta(days=10))
    start_reorganisation(actor=committee.secretariat, year=timezone.localdate().year)
    login_verified(client, committee.secretariat)

    response = client.get(reverse("committee:home"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "다음 회의" in page
    assert response.context["queue_size"] == 1
    assert len(response.context["ending"]) == 1
    assert "위원 명단 공개" in page  # the reorganisation's last step
    assert reverse("committee:reorganisation") in page


def test_a_members_home_shows_their_meetings_and_votes_waiting(client, committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    login_verified(client, committee.members[0].user)

    response = client.get(reverse("committee:home"))

    assert response.status_code == 200
    assert response.context["awaiting"] == 1
    assert "표결을 기다리는 안건 1건" in response.content.decode()


def test_the_chair_is_told_of_challenges_to_decide(client, committee):
    meeting, (tabled,) = planned(committee)
    raise_challenge(actor=committee.secretariat, item=tabled, member=committee.members[0], reason="이해관계")
    login_verified(client, committee.chair.user)
    page = client.get(reverse("committee:home")).content.decode()
    assert "기피 신청 1건" in page


def test_outsiders_have_no_committee_home(client, committee):
    login_verified(client, UserFactory())
    assert client.get(reverse("committee:home")).status_code == 403


def test_the_menu_follows_the_roles(committee):
    def labels(user):
        return {str(i["label"]) for s in menu_for(user) for i in s["items"] if s["key"] == "committee"}

    assert {"상정 대기 안건", "위원 명단", "위원회 설정", "위원회 재구성"} <= labels(committee.secretariat)
    member_menu = labels(committee.members[0].user)
    assert "나의 위원회 회의" in member_menu
    assert "상정 대기 안건" not in member_menu
    assert labels(UserFactory()) == set()


def test_the_dashboard_panels(client, committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    item(98)
    login_verified(client, committee.members[0].user)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "참석할 회의" in page
    assert "표결 대기 안건" in page
    assert "상정 대기 안건" not in page

    login_verified(client, committee.secretariat)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "상정 대기 안건" in page
    assert "임기 만료 예정" in page


def test_starting_and_updating_the_reorganisation(client, committee):
    login_verified(client, committee.secretariat)
    url = reverse("committee:reorganisation")
    assert "아직 관리하고 있지 않습니다" in client.get(url, {"year": 2026}).content.decode()

    response = client.post(reverse("committee:reorganisation-start"), {"year": "2026"})
    assert response.status_code == 302
    assert response.url == f"{url}?year=2026"
    step = ReorganisationStep.objects.filter(reorganisation__year=2026).order_by("position").first()
    page = client.get(url, {"year": 2026}).content.decode()
    assert "민간위원 공개 모집" in page

    prefix = f"s{step.pk}"
    bad = client.post(
        reverse("committee:reorganisation-step", args=[step.pk]),
        {f"{prefix}-due_on": "2026-01-31", f"{prefix}-done_on": "2099-01-01", f"{prefix}-note": "모집 공고 게시"},
    )
    assert bad.status_code == 400
    bad_page = bad.content.decode()
    assert "완료일은 오늘 이후일 수 없습니다." in bad_page
    assert "모집 공고 게시" in bad_page
    good = client.post(
        reverse("committee:reorganisation-step", args=[step.pk]),
        {
            f"{prefix}-due_on": "2026-01-31",
            f"{prefix}-done_on": "2026-01-28",
            f"{prefix}-owner": committee.secretariat.pk,
        },
    )
    assert good.status_code == 302
    step.refresh_from_db()
    assert (step.done_on, step.owner) == (datetime.date(2026, 1, 28), committee.secretariat)

    again = client.post(reverse("committee:reorganisation-start"), {"year": "2026"})
    assert again.status_code == 400
    assert "이미 관리하고 있습니다" in again.content.decode()
    assert Reorganisation.objects.count() == 1


def test_only_the_secretariat_tracks_the_reorganisation(client, committee):
    login_verified(client, committee.chair.user)
    assert client.get(reverse("committee:reorganisation")).status_code == 403
    assert client.post(reverse("committee:reorganisation-start"), {"year": "2026"}).status_code == 403
