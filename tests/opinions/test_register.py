"""The register of past answers: what each kind of visitor finds (published anonymised answers for everyone, their
own for officials, every answer for the secretariat and the audit office), the search, the merge with other
providers, the public pages and query counts."""

import datetime

import pytest
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.core import register as core_register
from proactive.core.register import RegisterEntry
from proactive.opinions.enums import RequestKind
from proactive.opinions.queries.register import OPINIONS, RATIFICATIONS, search_register
from proactive.opinions.services import publication
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import CitizenFactory
from tests.opinions.support import decided, official, queries_of, secretariat

pytestmark = pytest.mark.django_db


def publish(
    request, title="해수욕장 야간 개장 사례", summary="야간 개장 절차가 불명확한 사안", answer="기존 신고 범위에서 운영"
):
    return publication.save_publication(
        actor=secretariat(), request=request, title=title, summary=summary, answer=answer, publish=True, confirmed=True
    )


@pytest.fixture
def answers():
    """Three answered requests: a published opinion, an unpublished one of ``mine``, a published ratification."""
    me = official(name="최요청")
    published = decided(title="해수욕장 야간 개장 인허가")
    publish(published)
    own = decided(me, title="전통시장 주차장 임시 사용")
    ratification = decided(kind=RequestKind.RATIFICATION, title="침수 지하차도 긴급 통제")
    publish(ratification, title="침수 대응 긴급 통제 추인", summary="호우경보 중 지하차도 통제", answer="긴급성 인정")
    return {"me": me, "published": published, "own": own, "ratification": ratification}


def titles(entries):
    return {e.title for e in entries}


def test_visitors_see_only_published_anonymised_answers(answers):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), CitizenFactory(), official(), make_staff(Role.SYSADMIN)):
        found = search_register(user=user, query="")
        assert titles(found) == {"해수욕장 야간 개장 사례", "침수 대응 긴급 통제 추인"}
        assert all(e.public and e.url.startswith("/opinions/register/") for e in found)


def test_an_official_also_finds_their_own_answers(answers):
    found = search_register(user=answers["me"], query="")
    assert "전통시장 주차장 임시 사용" in titles(found)
    own = next(e for e in found if e.title == "전통시장 주차장 임시 사용")
    assert not own.public
    assert own.url == reverse("opinions:request-detail", args=[answers["own"].pk])


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.AUDIT_OFFICER])
def test_the_secretariat_and_the_audit_office_see_every_answer(answers, role):
    found = search_register(user=make_staff(role), query="")
    assert titles(found) == {"해수욕장 야간 개장 인허가", "전통시장 주차장 임시 사용", "침수 지하차도 긴급 통제"}


def test_a_superuser_sees_only_the_public_register(answers):
    found = search_register(user=make_staff(Role.SECRETARIAT, is_superuser=True), query="")
    assert titles(found) == {"해수욕장 야간 개장 사례", "침수 대응 긴급 통제 추인"}


def test_every_word_must_appear(answers):
    assert titles(search_register(user=None, query="야간 개장")) == {"해수욕장 야간 개장 사례"}
    assert titles(search_register(user=None, query="야간 추인")) == set()
    assert titles(search_register(user=None, query="긴급성")) == {"침수 대응 긴급 통제 추인"}


def test_title_matches_rank_first():
    first = decided(title="가로등 교체")
    publish(first, title="가로등 교체 사례", summary="킥보드 주차 문제와 무관", answer="교체 가능")
    second = decided(title="킥보드")
    publish(second, title="공유 킥보드 주차구역 지정", summary="보도 위 주차", answer="지정 가능")
    found = search_register(user=None, query="킥보드")
    assert [e.title for e in found][:2] == ["공유 킥보드 주차구역 지정", "가로등 교체 사례"]


def test_other_providers_are_merged():
    class Consulting:
        kind = "test-consulting"

        def search(self, *, user, query, limit):
            return [
                RegisterEntry(
                    kind=self.kind,
                    kind_label="사전컨설팅",
                    pk=1,
                    number="사전-2026-0001",
                    title="사전컨설팅 답변",
                    summary="",
                    answered_on=datetime.date(2030, 1, 1),
                    url="/consulting/1/",
                    public=True,
                )
            ]

        def requested_by(self, *, official_user):
            return []

    core_register.register_provider(Consulting())
    try:
        found = search_register(user=None, query="")
        assert found[0].title == "사전컨설팅 답변"
    finally:
        core_register._providers.pop("test-consulting")


def test_requested_by_lists_an_officials_own_answers(answers):
    entries = OPINIONS.requested_by(official_user=answers["me"])
    assert [e.title for e in entries] == ["전통시장 주차장 임시 사용"]
    assert entries[0].number.startswith("의견-")
    assert RATIFICATIONS.requested_by(official_user=answers["me"]) == []


# --- Pages ---------------------------------------------------------------------------------------------------


def test_the_register_page_is_public_and_searchable(client, answers):
    page = client.get(reverse("opinions:register"), {"q": "야간"}).content.decode()
    assert "해수욕장 야간 개장 사례" in page
    assert "전통시장" not in page
    assert answers["published"].requester_name not in page


def test_a_published_entry_has_a_public_page_unpublished_ones_404(client, answers):
    entry = answers["published"].publication
    page = client.get(reverse("opinions:register-entry", args=[entry.pk]))
    assert page.status_code == 200
    assert "기존 신고 범위에서 운영" in page.content.decode()
    publication.unpublish(actor=secretariat(), publication=entry)
    assert client.get(reverse("opinions:register-entry", args=[entry.pk])).status_code == 404


def test_the_register_query_count_does_not_grow_with_rows(client):
    requester = official()

    def add(index):
        publish(decided(requester, title=f"사례 {index}"), title=f"공개 사례 {index}")
        publish(decided(title=f"남의 사례 {index}"), title=f"남의 공개 사례 {index}")

    add(0)
    url = reverse("opinions:register")
    login_verified(client, requester)
    official_few = queries_of(client, url)
    searched_few = queries_of(client, url, q="사례")
    client.logout()
    public_few = queries_of(client, url)
    for index in range(1, 6):
        add(index)
    assert queries_of(client, url) == public_few
    login_verified(client, requester)
    assert queries_of(client, url) == official_few
    assert queries_of(client, url, q="사례") == searched_few


def test_the_publication_page_hints_and_refuses_names(client):
    request = decided()
    handler = secretariat()
    login_verified(client, handler)
    url = reverse("opinions:publication-edit", args=[request.pk])
    page = client.get(url).content.decode()
    assert request.requester_name in page  # listed as a name that must not appear
    response = client.post(
        url,
        {
            "title": "사례",
            "summary": f"{request.unit_name} 박정민 주무관 요청",
            "answer": "가능",
            "confirmed": "on",
            "action": "publish",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "공개하기 전에 다음 이름을 지우십시오" in body
    assert "박정민 주무관" in body
    ok = client.post(
        url, {"title": "사례", "summary": "요청", "answer": "가능", "confirmed": "on", "action": "publish"}
    )
    assert ok.status_code == 302
    request.refresh_from_db()
    assert request.publication.is_published
    assert client.post(reverse("opinions:publication-withdraw", args=[request.pk])).status_code == 302


def test_only_the_secretariat_opens_the_publication_page(client):
    request = decided()
    for user in (request.requester, make_staff(Role.AUDIT_OFFICER)):
        login_verified(client, user)
        assert client.get(reverse("opinions:publication-edit", args=[request.pk])).status_code == 403
