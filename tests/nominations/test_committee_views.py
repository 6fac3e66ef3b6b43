"""Committee-stage screens: who may open them, scoring through the page, and the ranking's query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.nominations.models import Award
from proactive.nominations.services import committee as services
from tests.conftest import login_verified, make_staff
from tests.nominations.test_committee_support import (  # noqa: F401  (_committee_kinds is an autouse fixture)
    _committee_kinds,
    assign,
    case,
    committee_round,
    member,
    quotas,
    score,
)
from tests.nominations.test_nominations_support import secretariat

pytestmark = pytest.mark.django_db

SECRETARIAT_PAGES = ["nominations:committee-ranking", "nominations:committee-meeting"]


@pytest.mark.parametrize("name", SECRETARIAT_PAGES)
@pytest.mark.parametrize("role", [Role.COMMITTEE_MEMBER, Role.COMMITTEE_CHAIR, Role.REVIEWER])
def test_secretariat_pages_are_denied_to_others(client, name, role):
    rnd = committee_round()
    login_verified(client, make_staff(role))
    assert client.get(reverse(name, args=[rnd.pk])).status_code == 403


@pytest.mark.parametrize("name", ["nominations:committee-propose", "nominations:committee-assign"])
def test_secretariat_actions_are_denied_to_the_chair(client, name):
    rnd = committee_round()
    login_verified(client, member(Role.COMMITTEE_CHAIR))
    assert client.post(reverse(name, args=[rnd.pk])).status_code == 403


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.COMMITTEE_MEMBER])
def test_confirm_page_is_the_chairs(client, role):
    rnd = committee_round()
    login_verified(client, make_staff(role))
    assert client.get(reverse("nominations:committee-confirm", args=[rnd.pk])).status_code == 403


def test_adjust_is_denied_to_a_member(client):
    rnd = committee_round()
    nom = case(rnd)
    award = Award.objects.create(nomination=nom, total=0, rank=1)
    login_verified(client, member())
    url = reverse("nominations:committee-adjust", args=[award.pk])
    assert client.post(url, {"grade": "top", "reason": "x"}).status_code == 403


def test_committee_list_is_denied_to_a_reviewer(client):
    login_verified(client, make_staff(Role.REVIEWER))
    assert client.get(reverse("nominations:committee-list")).status_code == 403


def test_member_scores_through_the_page_and_someone_else_gets_404(client):
    rnd = committee_round()
    nom = case(rnd)
    m = member()
    assignment = assign(nom, m)
    login_verified(client, m)
    assert client.get(reverse("nominations:committee-list")).status_code == 200
    url = reverse("nominations:committee-score", args=[assignment.pk])
    assert client.get(url).status_code == 200
    criteria = list(rnd.criteria.filter(stage="committee").order_by("order"))
    data = {f"points_{criteria[0].pk}": "50", f"points_{criteria[1].pk}": "30", "comment": ""}
    assert client.post(url, data).status_code == 302
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    client.logout()
    login_verified(client, member())
    assert client.get(url).status_code == 404


def test_recused_member_cannot_open_the_case(client):
    rnd = committee_round()
    m = member()
    assignment = assign(case(rnd), m)
    login_verified(client, m)
    recuse = reverse("nominations:committee-recuse", args=[assignment.pk])
    assert client.post(recuse, {"reason": "기피 신청"}).status_code == 302
    assert client.get(reverse("nominations:committee-score", args=[assignment.pk])).status_code == 404


def test_chair_adjusts_and_confirms_through_the_pages(client):
    rnd = committee_round()
    quotas(rnd, top=1)
    nom = case(rnd)
    score(nom, member(), 50, 30)
    services.propose_grades(actor=secretariat(), round=rnd)
    chair = member(Role.COMMITTEE_CHAIR)
    services.record_meeting(actor=secretariat(), round=rnd, held_at=rnd.vote_end_at)
    login_verified(client, chair)
    award = Award.objects.get(nomination=nom)
    client.post(reverse("nominations:committee-adjust", args=[award.pk]), {"grade": "excellent", "reason": "합의"})
    url = reverse("nominations:committee-confirm", args=[rnd.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"decision": "원안 의결"}).status_code == 302
    award.refresh_from_db()
    assert award.grade == "excellent"
    assert award.confirmed_at is not None


def _ranking_queries(client, rnd):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("nominations:committee-ranking", args=[rnd.pk]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_ranking_query_count_does_not_grow_with_cases(client):
    user = secretariat()
    login_verified(client, user)
    one, three = committee_round(), committee_round()
    m = member()
    score(case(one), m, 10, 10)
    for _ in range(3):
        score(case(three), m, 10, 10)
    _ranking_queries(client, one)  # warm the session and caches
    assert _ranking_queries(client, one) == _ranking_queries(client, three)


def test_committee_members_never_see_each_others_scores(client):
    """The committee page shares the working-level template but shows no other member's mean."""
    rnd = committee_round()
    nom = case(rnd)
    first, second = member(), member()
    score(nom, first, "40", "20")
    assignment = score(nom, second, "10", "10")
    login_verified(client, second)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("nominations:committee-score", args=[assignment.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Committee rubric" in text
    assert "other reviewer" not in text


def test_dashboard_panel_lists_cases_waiting_for_my_committee_scores(client):
    from proactive.nominations.views.reviews import register_review_panels

    register_review_panels()
    rnd = committee_round()
    waiting, done = case(rnd, title="위원 심사 대기 사례"), case(rnd, title="이미 채점한 사례")
    m = member()
    assign(waiting, m)
    score(done, m, "30", "20")
    login_verified(client, m)
    text = client.get(reverse("web:dashboard")).content.decode()
    assert "위원 심사 대기 사례" in text
    assert "이미 채점한 사례" not in text
    login_verified(client, make_staff(Role.REVIEWER))
    assert "위원 심사 대기 사례" not in client.get(reverse("web:dashboard")).content.decode()
