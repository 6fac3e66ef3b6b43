"""Publishing an answer anonymised, the public pages and the register provider of kind ``preconsulting``."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.consulting.enums import PublicationState
from proactive.consulting.models import Publication
from proactive.consulting.queries.published import PreconsultingRegister
from proactive.consulting.services import publication as services
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.core.register import providers
from tests.conftest import login_verified
from tests.consulting import support
from tests.factories.accounts import CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db

QUESTION = "이전한 공공기관 부지를 매각 전까지 임시 주차장으로 개방할 수 있는지 물었습니다."
ANSWER = "공유재산 사용허가를 받아 1년 단위로 개방할 수 있다고 답했습니다."


@pytest.fixture
def office():
    return support.arrange()


def published(office, **overrides):
    req = support.implemented(office, **overrides)
    services.save_publication(
        actor=office.auditor, req=req, title="공공기관 이전부지 임시 활용", question=QUESTION, answer=ANSWER
    )
    services.publish(actor=office.auditor, req=req, masking_confirmed=True)
    return req


def test_an_answer_is_written_checked_and_published(office):
    req = support.answered(office)
    publication = services.save_publication(
        actor=office.auditor, req=req, title="임시 활용", question=QUESTION, answer=ANSWER
    )
    assert publication.state == PublicationState.DRAFT
    with pytest.raises(DomainError) as caught:
        services.publish(actor=office.auditor, req=req, masking_confirmed=False)
    assert caught.value.code == "masking_unconfirmed"
    done = services.publish(actor=office.auditor, req=req, masking_confirmed=True)
    assert done.state == PublicationState.PUBLISHED
    assert done.masking_confirmed_by == office.auditor
    with pytest.raises(DomainError) as caught:
        services.publish(actor=office.auditor, req=req, masking_confirmed=True)
    assert caught.value.code == "already_published"
    with pytest.raises(DomainError) as caught:
        services.save_publication(actor=office.auditor, req=req, title="x", question="y", answer="z")
    assert caught.value.code == "published"


@pytest.mark.parametrize(
    "leak",
    [
        "김주무 주무관이 물었습니다.",
        "교통기획팀에서 물었습니다.",
        "박과장이 결재했습니다.",
        "문의: kim@busan.example",
        "문의 051-888-1234",
    ],
)
def test_names_units_and_contacts_block_publication(office, leak):
    req = support.answered(office)
    services.save_publication(
        actor=office.auditor, req=req, title="임시 활용", question=f"{QUESTION} {leak}", answer=ANSWER
    )
    with pytest.raises(DomainError) as caught:
        services.publish(actor=office.auditor, req=req, masking_confirmed=True)
    assert caught.value.code == "not_anonymised"


def test_publishing_needs_a_summary_and_the_audit_office(office):
    req = support.answered(office)
    with pytest.raises(DomainError) as caught:
        services.publish(actor=office.auditor, req=req, masking_confirmed=True)
    assert caught.value.code == "no_summary"
    for who in (office.official, office.head, office.district_auditor, office.sysadmin):
        with pytest.raises(PermissionDeniedError):
            services.save_publication(actor=who, req=req, title="a", question="b", answer="c")
    with pytest.raises(PermissionDeniedError):
        services.save_publication(
            actor=office.auditor, req=support.under_review(office), title="a", question="b", answer="c"
        )


def test_a_summary_needs_its_three_parts(office):
    req = support.answered(office)
    for kwargs, code in (
        ({"title": "", "question": "q", "answer": "a"}, "title_required"),
        ({"title": "t", "question": "", "answer": "a"}, "question_required"),
        ({"title": "t", "question": "q", "answer": ""}, "answer_required"),
    ):
        with pytest.raises(DomainError) as caught:
            services.save_publication(actor=office.auditor, req=req, **kwargs)
        assert caught.value.code == code


def test_taking_down(office):
    req = published(office)
    with pytest.raises(DomainError):
        services.take_down(actor=office.auditor, req=req, reason="")
    done = services.take_down(actor=office.auditor, req=req, reason="당사자 요청")
    assert done.state == PublicationState.WITHDRAWN
    with pytest.raises(DomainError) as caught:
        services.take_down(actor=office.auditor, req=req, reason="again")
    assert caught.value.code == "not_published"


def test_the_public_pages_show_published_answers_only(client, office):
    req = published(office)
    hidden = support.answered(office, title="비공개 의견")
    list_page = client.get(reverse("consulting:published-list")).content.decode()
    assert "공공기관 이전부지 임시 활용" in list_page
    assert "비공개 의견" not in list_page
    detail = client.get(reverse("consulting:published-detail", args=[req.pk])).content.decode()
    assert ANSWER in detail
    assert req.opinion.number in detail
    assert "김주무" not in detail
    assert "교통기획팀" not in detail
    assert client.get(reverse("consulting:published-detail", args=[hidden.pk])).status_code == 404
    found = client.get(reverse("consulting:published-list"), {"q": "주차장"}).content.decode()
    assert "공공기관 이전부지 임시 활용" in found
    none = client.get(reverse("consulting:published-list"), {"q": "교량 조명"}).content.decode()
    assert "공공기관 이전부지 임시 활용" not in none
    services.take_down(actor=office.auditor, req=req, reason="정정")
    assert client.get(reverse("consulting:published-detail", args=[req.pk])).status_code == 404


def test_the_public_list_queries_do_not_grow(client, office):
    published(office)
    url = reverse("consulting:published-list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for index in range(3):
        published(office, title=f"신청 {index}")
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more.captured_queries) == len(one.captured_queries)


def test_the_publication_page_from_the_browser(client, office):
    req = support.answered(office)
    login_verified(client, office.auditor)
    url = reverse("consulting:publication-edit", args=[req.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"publication-title": "", "publication-question": QUESTION, "publication-answer": ANSWER})
    assert bad.status_code == 400
    assert QUESTION in bad.content.decode()
    assert (
        client.post(
            url,
            {
                "publication-title": "임시 활용",
                "publication-question": f"{QUESTION} 김주무",
                "publication-answer": ANSWER,
            },
        ).status_code
        == 302
    )
    page = client.get(url).content.decode()
    assert "김주무" in page  # listed as a problem
    publish = reverse("consulting:publication-publish", args=[req.pk])
    assert client.post(publish, {}).status_code == 400  # not confirmed
    refused = client.post(publish, {"publish-masking_confirmed": "on"})
    assert refused.status_code == 400
    assert Publication.objects.get().state == PublicationState.DRAFT
    client.post(url, {"publication-title": "임시 활용", "publication-question": QUESTION, "publication-answer": ANSWER})
    assert client.post(publish, {"publish-masking_confirmed": "on"}).status_code == 302
    assert Publication.objects.get().state == PublicationState.PUBLISHED
    takedown = reverse("consulting:publication-take-down", args=[req.pk])
    assert client.post(takedown, {"takedown-reason": ""}).status_code == 400
    assert client.post(takedown, {"takedown-reason": "정정"}).status_code == 302


def test_nobody_else_opens_the_publication_page(client, office):
    req = support.answered(office)
    for who in (office.official, office.head):
        login_verified(client, who)
        assert client.get(reverse("consulting:publication-edit", args=[req.pk])).status_code == 403
    login_verified(client, office.district_auditor)
    assert client.get(reverse("consulting:publication-edit", args=[req.pk])).status_code == 404


# --- The register --------------------------------------------------------------------------------------------


def test_the_provider_is_registered():
    assert any(p.kind == "preconsulting" for p in providers())


def test_the_register_shows_each_person_what_they_may_see(office):
    public = published(office)
    own = support.answered(office, title="긴급 수의계약 가능 여부")
    register = PreconsultingRegister()

    anyone = {e.pk: e for e in register.search(user=CitizenFactory(), query="", limit=20)}
    assert set(anyone) == {public.pk}
    assert anyone[public.pk].public is True
    assert anyone[public.pk].url == reverse("consulting:published-detail", args=[public.pk])
    assert "김주무" not in anyone[public.pk].summary

    mine = {e.pk: e for e in register.search(user=office.official, query="", limit=20)}
    assert set(mine) == {public.pk, own.pk}
    assert mine[own.pk].public is False
    assert mine[own.pk].url == reverse("consulting:request-detail", args=[own.pk])
    assert mine[own.pk].number == own.opinion.number

    colleague = {e.pk for e in register.search(user=office.colleague, query="", limit=20)}
    assert colleague == {public.pk}
    office_view = {e.pk for e in register.search(user=office.auditor, query="", limit=20)}
    assert office_view == {public.pk, own.pk}
    assert {e.pk for e in register.search(user=office.district_auditor, query="", limit=20)} == {public.pk}
    assert {e.pk for e in register.search(user=office.sysadmin, query="", limit=20)} == {public.pk}
    assert {e.pk for e in register.search(user=UserFactory(is_superuser=True), query="", limit=20)} == {public.pk}
    under_review = support.under_review(office, title="해상 교량 경관 조명")
    assert under_review.pk not in {e.pk for e in register.search(user=office.auditor, query="", limit=20)}


def test_the_register_searches_and_limits(office):
    published(office)
    support.answered(office, title="긴급 수의계약 가능 여부")
    register = PreconsultingRegister()
    hits = register.search(user=office.auditor, query="수의계약", limit=10)
    assert [e.title for e in hits] == ["긴급 수의계약 가능 여부"]
    assert len(register.search(user=office.auditor, query="", limit=1)) == 1
    assert register.search(user=office.auditor, query="없는말", limit=10) == []


def test_requested_by_lists_an_officials_answers(office):
    first = support.implemented(office)
    support.answered(office, requester=office.colleague, title="남의 신청")
    support.under_review(office, title="아직 답 없음")
    entries = PreconsultingRegister().requested_by(official_user=office.official)
    assert [e.pk for e in entries] == [first.pk]
    assert entries[0].kind == "preconsulting"
    assert entries[0].number.startswith("사전-")
