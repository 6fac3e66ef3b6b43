"""The search page: public, results with highlighted snippets, staff documents for staff only, filters, paging,
bad input explained, and a query count that does not grow with the results."""

import pytest
from django.urls import reverse
from django.utils import translation

from proactive.search.enums import DocumentKind
from proactive.search.services.index import reindex_documents
from tests.nominations.test_awards_support import decided_round
from tests.search.factories import case_study, published_case

pytestmark = pytest.mark.django_db
URL = reverse("search:search")


def _cases(count, rnd=None):
    rnd = rnd or decided_round()
    noms = [
        published_case(
            f"규제 개선 사례 {i}", f"공장 증설 규제를 개선하여 투자를 유치한 사례 {i}입니다.", rnd=rnd, rank=i + 1
        )
        for i in range(count)
    ]
    reindex_documents(kind=DocumentKind.CASE, source_ids=[n.pk for n in noms])
    return noms


def test_anyone_may_open_the_search_page(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "검색" in response.content.decode()


def test_results_are_highlighted_and_link_to_the_case(client):
    (nom,) = _cases(1)
    body = client.get(URL, {"q": "규제 개선"}).content.decode()
    assert f'href="{reverse("nominations:case", args=[nom.pk])}"' in body
    assert "<mark>규제</mark>를 <mark>개선</mark>하여" in body
    assert "1건" in body or "1 result" in body


def test_staff_documents_are_shown_to_officials_only(client, official, citizen):
    reindex_documents(kind=DocumentKind.CASE_STUDY, source_ids=[case_study("지연 사례", "규제를 개선하지 않았다.").pk])
    assert "지연 사례" not in client.get(URL, {"q": "규제"}).content.decode()
    client.force_login(citizen)
    assert "지연 사례" not in client.get(URL, {"q": "규제"}).content.decode()
    client.force_login(official)
    assert "지연 사례" in client.get(URL, {"q": "규제"}).content.decode()


def test_a_public_visitor_cannot_ask_for_the_staff_kind(client):
    response = client.get(URL, {"q": "규제", "kind": DocumentKind.CASE_STUDY})
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "검색할 낱말"),
        ("규제" * 60, "너무 깁니다"),
        ("을 는 에서", "조사나 어미"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_the_text(client, query, message):
    response = client.get(URL, {"q": query})
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert not response.context["searched"]
    if query:
        assert f'value="{query}"' in body


def test_the_message_is_in_english_for_english_users(client):
    with translation.override("en"):
        response = client.get(URL, {"q": "을 는"}, headers={"accept-language": "en"})
    assert response.context["form"].errors["q"]


def test_filters_by_year_and_pages(client):
    _cases(12)
    page1 = client.get(URL, {"q": "규제"})
    assert page1.context["page_obj"].paginator.count == 12
    assert len(page1.context["hits"]) == 10
    page2 = client.get(URL, {"q": "규제", "page": 2})
    assert len(page2.context["hits"]) == 2
    year = page1.context["hits"][0]["document"].year
    assert client.get(URL, {"q": "규제", "year": year}).context["page_obj"].paginator.count == 12


def test_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    _cases(2)
    client.get(URL, {"q": "규제 개선"})  # warm: the analyser loads once per process
    with django_assert_max_num_queries(6) as few:
        client.get(URL, {"q": "규제 개선"})
    _cases(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"q": "규제 개선"})
    assert len(response.context["hits"]) == 10


def test_the_search_box_partial_renders(client, rf):
    from django.template.loader import render_to_string

    html = render_to_string("search/_box.html", {"request": rf.get("/")})
    assert f'action="{URL}"' in html
    assert 'name="q"' in html
