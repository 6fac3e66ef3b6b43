"""The search query on the database in use (run on SQLite and on PostgreSQL): stems match inflected forms,
every term must match, the best match first, filters and visibility respected."""

import pytest

from proactive.search.enums import DocumentKind, Visibility
from proactive.search.models import SearchDocument
from proactive.search.queries.search import SearchResults, search_documents, years_with_documents
from proactive.search.services.index import reindex_documents
from tests.nominations.test_awards_support import decided_round
from tests.search.factories import case_study, published_case

pytestmark = pytest.mark.django_db
PUBLIC = [Visibility.PUBLIC]
BOTH = [Visibility.PUBLIC, Visibility.STAFF]


def _index(*nominations):
    reindex_documents(kind=DocumentKind.CASE, source_ids=[n.pk for n in nominations])


def test_the_query_finds_particle_bearing_and_inflected_forms():
    hit = published_case("옥외광고물 기준 정비", "불합리한 규제를 개선하여 기업의 부담을 덜었습니다.")
    _index(hit, published_case("민원 처리 기간 단축", "관계부서 합동 검토로 처리 기간을 줄였습니다."))
    page = search_documents(["규제", "개선"], visibilities=PUBLIC)
    assert page.total == 1
    assert [d.source_id for d in page.documents] == [hit.pk]


def test_every_term_must_match():
    _index(published_case("규제 정비", "규제만 있고 다른 말은 없습니다."))
    assert search_documents(["규제", "개선"], visibilities=PUBLIC).total == 0


def test_more_relevant_documents_rank_first():
    weak = published_case("도로 보수 비용 절감", "보수 공법을 바꾸면서 일부 규제를 개선하였습니다. 예산도 아꼈습니다.")
    strong = published_case("규제 개선으로 공장 증설 허용", "공장 증설 규제를 개선하여 규제 개선 효과를 냈습니다.")
    _index(weak, strong)
    page = search_documents(["규제", "개선"], visibilities=PUBLIC)
    assert [d.source_id for d in page.documents] == [strong.pk, weak.pk]
    assert page.documents[0].rank > page.documents[1].rank


def test_staff_documents_only_for_staff_visibility():
    study = case_study("인허가 지연 사례", "규제를 개선하지 않고 민원을 미룬 사례입니다.")
    reindex_documents(kind=DocumentKind.CASE_STUDY, source_ids=[study.pk])
    assert search_documents(["규제"], visibilities=PUBLIC).total == 0
    page = search_documents(["규제"], visibilities=BOTH)
    assert [(d.kind, d.visibility) for d in page.documents] == [(DocumentKind.CASE_STUDY, Visibility.STAFF)]


def test_filters_by_kind_and_year_and_pages():
    rnd = decided_round()
    cases = [published_case(f"규제 개선 사례 {i}", "규제를 개선하였습니다.", rnd=rnd, rank=i + 1) for i in range(5)]
    _index(*cases)
    year = SearchDocument.objects.first().year
    assert search_documents(["규제"], visibilities=PUBLIC, kinds=[DocumentKind.OPINION]).total == 0
    assert search_documents(["규제"], visibilities=PUBLIC, year=year + 1).total == 0
    results = SearchResults(["규제"], visibilities=PUBLIC, kinds=[DocumentKind.CASE], year=year)
    assert results.count() == 5
    first, rest = results[0:2], results[2:10]
    assert len(first) == 2
    assert len(rest) == 3
    assert {d.source_id for d in first + rest} == {c.pk for c in cases}
    assert years_with_documents(PUBLIC) == [year]


def test_quotes_and_operators_in_terms_are_plain_words():
    _index(published_case("규제 개선", "규제를 개선하였습니다."))
    assert search_documents(['"규제', "OR", "NEAR"], visibilities=PUBLIC).total == 0
    assert search_documents(["규제'", "개선"], visibilities=PUBLIC).total == 1  # punctuation is not a word


def test_an_unpublished_source_leaves_the_index():
    nom = published_case("규제 개선", "규제를 개선하였습니다.")
    _index(nom)
    assert SearchDocument.objects.filter(kind=DocumentKind.CASE, source_id=nom.pk).exists()
    nom.award.delete()
    _index(nom)
    assert not SearchDocument.objects.exists()
