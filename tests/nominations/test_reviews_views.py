from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from proactive.nominations.models import ReviewAssignment, StageResult
from proactive.nominations.queries.reviews import reviewer_progress
from proactive.nominations.services import reviews as services
from proactive.nominations.views.reviews import register_review_panels
from tests.conftest import login_verified
from tests.factories.accounts import UserFactory
from tests.nominations.test_nominations_support import secretariat
from tests.nominations.test_reviews_support import (  # noqa: F401  (_review_kinds is an autouse fixture)
    Org,
    _review_kinds,
    assign,
    reviewer,
    sheet,
    verified,
    working_round,
)

pytestmark = pytest.mark.django_db

ROUND_VIEWS = [
    ("nominations:review-assignments", "get"),
    ("nominations:review-balance", "post"),
    ("nominations:review-progress", "get"),
    ("nominations:review-ranking", "get"),
    ("nominations:review-confirm", "post"),
]
ASSIGNMENT_VIEWS = ["nominations:review-score", "nominations:review-recuse"]


@pytest.fixture
def org():
    return Org()


def _post_scores(client, assignment, rnd, *points, comment=""):
    data = {"comment": comment}
    for criterion_id, (value, _c) in sheet(rnd, *points).items():
        data[f"points_{criterion_id}"] = str(value)
        data[f"comment_{criterion_id}"] = ""
    return client.post(reverse("nominations:review-score", args=[assignment.pk]), data)


# --- Permissions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "method"), ROUND_VIEWS)
def test_round_views_are_for_the_secretariat_only(client, name, method, org):
    rnd = working_round()
    url = reverse(name, args=[rnd.pk])
    assert getattr(client, method)(url).status_code == 302  # anonymous → sign in
    for user in (reviewer(org.b1), UserFactory()):
        login_verified(client, user)
        assert getattr(client, method)(url).status_code == 403
    login_verified(client, secretariat())
    assert getattr(client, method)(url).status_code in (200, 302)


def test_review_list_is_for_reviewers_only(client, org):
    url = reverse("nominations:review-list")
    assert client.get(url).status_code == 302
    login_verified(client, UserFactory())
    assert client.get(url).status_code == 403
    login_verified(client, secretariat())
    assert client.get(url).status_code == 403
    login_verified(client, reviewer(org.b1))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ASSIGNMENT_VIEWS)
def test_someone_elses_assignment_is_not_found(client, name, org):
    assignment = assign(verified(working_round(), org.a1), reviewer(org.b1))
    url = reverse(name, args=[assignment.pk])
    for user in (reviewer(org.b1), secretariat(), UserFactory()):
        login_verified(client, user)
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", ASSIGNMENT_VIEWS)
def test_recused_reviewer_cannot_open_the_case(client, name, org):
    rev = reviewer(org.b1)
    assignment = assign(verified(working_round(), org.a1), rev)
    ReviewAssignment.objects.filter(pk=assignment.pk).update(recused=True, recusal_reason="x")
    login_verified(client, rev)
    assert client.get(reverse(name, args=[assignment.pk])).status_code == 404


def test_conflicted_reviewer_gets_a_refusal_and_cannot_score(client, org):
    rnd = working_round()
    rev = reviewer(org.a2)  # same bureau as A1
    nom = verified(rnd, org.a1, summary="비밀 요약")
    assignment = assign(nom, rev)
    login_verified(client, rev)
    response = client.get(reverse("nominations:review-score", args=[assignment.pk]))
    assert response.status_code == 403
    assert "비밀 요약" not in response.content.decode()
    assert _post_scores(client, assignment, rnd, 10, 10).status_code == 403
    assert not assignment.scores.exists()
    # The way out: declaring the conflict.
    assert client.get(reverse("nominations:review-recuse", args=[assignment.pk])).status_code == 200


# --- Reviewer flow ------------------------------------------------------------------------------------------


def test_reviewer_scores_and_sees_only_the_mean_of_others_afterwards(client, org):
    rnd = working_round()
    first, second = reviewer(org.b1), reviewer(org.d1)
    nom = verified(rnd, org.a1)
    a1, a2 = assign(nom, first), assign(nom, second)
    services.submit_scores(actor=first, assignment=a1, scores=sheet(rnd, Decimal("41.25"), Decimal("37.75")))
    login_verified(client, second)
    page = client.get(reverse("nominations:review-score", args=[a2.pk])).content.decode()
    assert "41.25" not in page
    assert "37.75" not in page
    assert "79.0" not in page
    response = _post_scores(client, a2, rnd, 20, 30)
    assert response.status_code == 302
    page = client.get(reverse("nominations:review-score", args=[a2.pk])).content.decode()
    assert "79.0000" in page  # the other reviewer's total, as a mean
    assert first.display_name not in page


def test_score_form_refuses_above_max_and_missing_and_keeps_input(client, org):
    rnd = working_round()
    rev = reviewer(org.b1)
    assignment = assign(verified(rnd, org.a1), rev)
    login_verified(client, rev)
    response = _post_scores(client, assignment, rnd, 60, 10)
    assert response.status_code == 400
    assert 'value="60"' in response.content.decode()
    [first, second] = sheet(rnd, 1, 1)
    response = client.post(reverse("nominations:review-score", args=[assignment.pk]), {f"points_{first}": "10"})
    assert response.status_code == 400
    assert not assignment.scores.exists()


def test_declare_conflict_from_the_page(client, org):
    rev = reviewer(org.b1)
    assignment = assign(verified(working_round(), org.a1), rev)
    login_verified(client, rev)
    url = reverse("nominations:review-recuse", args=[assignment.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "팀원과 친족 관계"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.recused


def test_score_form_renders_in_korean(client, org):
    rnd = working_round()
    rev = reviewer(org.b1)
    assignment = assign(verified(rnd, org.a1), rev)
    rnd.criteria.filter(name="국민체감도").update(guidance="국민이 변화를 체감하는 정도")
    login_verified(client, rev)
    with translation.override("ko"):
        response = client.get(reverse("nominations:review-score", args=[assignment.pk]), HTTP_ACCEPT_LANGUAGE="ko")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ko"' in page
    assert "국민체감도" in page
    assert "창의성" in page
    assert "국민이 변화를 체감하는 정도" in page
    assert "민원 처리기간 단축" in page


# --- Secretariat --------------------------------------------------------------------------------------------


def test_assign_by_hand_page_shows_conflicts_and_refuses_them(client, org):
    rnd = working_round()
    nom = verified(rnd, org.a1)
    ok, conflicted = reviewer(org.b1), reviewer(org.a2)
    login_verified(client, secretariat())
    url = reverse("nominations:review-assignments", args=[rnd.pk])
    page = client.get(url).content.decode()
    assert "bg-light-danger" in page
    response = client.post(url, {"nomination": nom.pk, "reviewers": [ok.pk, conflicted.pk]})
    assert response.status_code == 400
    assert not ReviewAssignment.objects.exists()
    assert client.post(url, {"nomination": nom.pk, "reviewers": [ok.pk]}).status_code == 302
    assert ReviewAssignment.objects.filter(reviewer=ok).exists()


def test_balance_button_assigns(client, org):
    rnd = working_round()
    verified(rnd, org.a1)
    [reviewer(org.d1) for _ in range(3)]
    login_verified(client, secretariat())
    client.post(reverse("nominations:review-balance", args=[rnd.pk]), {"per_nomination": "2"})
    assert ReviewAssignment.objects.count() == 2


def test_confirm_shortlist_from_the_ranking_page(client, org):
    rnd = working_round(shortlist_size=1)
    rev = reviewer(org.d1)
    nom = verified(rnd, org.a1)
    services.submit_scores(actor=rev, assignment=assign(nom, rev), scores=sheet(rnd, 30, 30))
    login_verified(client, secretariat())
    page = client.get(reverse("nominations:review-ranking", args=[rnd.pk])).content.decode()
    assert "6.0000" in page
    client.post(reverse("nominations:review-confirm", args=[rnd.pk]))
    assert StageResult.objects.filter(nomination=nom, stage="working", rank=1).exists()
    nom.refresh_from_db()
    assert nom.shortlisted


# --- Query counts -------------------------------------------------------------------------------------------


def _count(client, url):
    client.get(url)  # the first request of a session loads the session and the second factor
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_reviewer_list_query_count_does_not_grow(client, org):
    rev = reviewer(org.b1)
    rnd = working_round()
    assign(verified(rnd, org.a1), rev)
    login_verified(client, rev)
    url = reverse("nominations:review-list")
    one = _count(client, url)
    for _ in range(2):
        assign(verified(working_round(), org.a1), rev)
    assert _count(client, url) == one


def test_progress_and_assignment_pages_query_count_does_not_grow(client, org):
    rnd = working_round()
    rev = reviewer(org.d1)
    assign(verified(rnd, org.a1), rev)
    login_verified(client, secretariat())
    progress = reverse("nominations:review-progress", args=[rnd.pk])
    grid = reverse("nominations:review-assignments", args=[rnd.pk])
    ranking = reverse("nominations:review-ranking", args=[rnd.pk])
    counts = (_count(client, progress), _count(client, grid), _count(client, ranking))
    for _ in range(2):
        other = reviewer(org.d2)
        nom = verified(rnd, org.b1)
        services.submit_scores(actor=other, assignment=assign(nom, other), scores=sheet(rnd, 10, 10))
    assert (_count(client, progress), _count(client, grid), _count(client, ranking)) == counts


def test_progress_page_counts_per_reviewer(client, org):
    rnd = working_round()
    rev = reviewer(org.d1)
    done = assign(verified(rnd, org.a1), rev)
    services.submit_scores(actor=rev, assignment=done, scores=sheet(rnd, 10, 10))
    assign(verified(rnd, org.a1), rev)
    ReviewAssignment.objects.filter(pk=assign(verified(rnd, org.b1), rev).pk).update(recused=True)
    [row] = reviewer_progress(rnd)
    assert (row.assigned, row.submitted, row.recused) == (2, 1, 1)


def test_dashboard_panel_lists_cases_waiting_for_my_scores(client, org):
    register_review_panels()
    rev = reviewer(org.b1)
    assign(verified(working_round(), org.a1, title="대기 중인 사례"), rev)
    login_verified(client, rev)
    assert "대기 중인 사례" in client.get(reverse("web:dashboard")).content.decode()
    login_verified(client, UserFactory())
    assert "대기 중인 사례" not in client.get(reverse("web:dashboard")).content.decode()


def test_reviewer_list_rows_link_to_scoring_and_name_the_department_in_the_language(client, org):
    rev = reviewer(org.b1)
    rnd = working_round()
    org.a1.name_en = "Port Logistics Division"
    org.a1.save(update_fields=["name_en"])
    waiting = assign(verified(rnd, org.a1), rev)
    recused = assign(verified(rnd, org.a1), rev)
    ReviewAssignment.objects.filter(pk=recused.pk).update(recused=True)
    login_verified(client, rev)
    url = reverse("nominations:review-list")
    korean = client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert f'href="{reverse("nominations:review-score", args=[waiting.pk])}"' in korean
    assert f'href="{reverse("nominations:review-score", args=[recused.pk])}"' not in korean  # recused: no link
    assert org.a1.name in korean
    assert "Port Logistics Division" not in korean
    assert rnd.title in korean
    client.post(reverse("web:set-language"), {"language": "en", "next": url})
    english = client.get(url).content.decode()
    assert "Port Logistics Division" in english
    with translation.override("en"):
        assert rnd.title in english
