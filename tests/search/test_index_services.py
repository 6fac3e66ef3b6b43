"""Keeping the index current: the receivers queue a re-index after commit; the rebuild re-analyses everything."""

import pytest
from django.core.management import call_command

from proactive.audit.models import AuditEvent
from proactive.nominations.enums import RoundStatus
from proactive.search.enums import DocumentKind
from proactive.search.models import IndexRebuild, SearchDocument
from proactive.search.queries.search import search_documents
from proactive.search.services.index import rebuild_index
from tests.nominations.test_awards_support import decided_round
from tests.search.factories import case_study, published_case

pytestmark = pytest.mark.django_db


def test_saving_a_published_case_indexes_it_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        nom = published_case("공장 증설 규제 정비", "규제를 개선하여 투자를 유치했습니다.")
    assert callbacks  # queued on commit, not inside the transaction
    doc = SearchDocument.objects.get(kind=DocumentKind.CASE, source_id=nom.pk)
    assert doc.url == f"/nominations/cases/{nom.pk}/" or doc.url.endswith(f"/cases/{nom.pk}/")
    assert "규제 개선" in doc.body_terms


def test_nothing_is_indexed_before_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        published_case("규제 정비", "규제를 개선하였습니다.")
    assert not SearchDocument.objects.exists()


def test_a_change_of_the_round_reindexes_its_cases(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # as if each step committed
        rnd = decided_round()
    with django_capture_on_commit_callbacks(execute=True):
        nom = published_case("규제 정비", "규제를 개선하였습니다.", rnd=rnd)
    assert SearchDocument.objects.filter(source_id=nom.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        rnd.status = RoundStatus.DRAFT  # no longer public
        rnd.save()
    assert not SearchDocument.objects.exists()


def test_deleting_the_award_removes_the_document(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        nom = published_case("규제 정비", "규제를 개선하였습니다.")
    with django_capture_on_commit_callbacks(execute=True):
        nom.award.delete()
    assert not SearchDocument.objects.exists()


def test_an_unpublished_case_study_is_not_indexed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = case_study("초안", "규제를 개선하지 않았습니다.", published=False)
    assert not SearchDocument.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        draft.state = "published"
        draft.save()
    assert SearchDocument.objects.filter(kind=DocumentKind.CASE_STUDY).count() == 1


def test_rebuild_reanalyses_everything_in_batches_and_is_audited():
    noms = [published_case(f"규제 개선 {i}", "규제를 개선하였습니다.") for i in range(3)]
    case_study("처리 지연", "규제를 개선하지 않았습니다.")
    SearchDocument.objects.create(kind=DocumentKind.CASE, source_id=999999, title="stale", url="/x/")
    counts = rebuild_index(actor=None, batch_size=2)
    assert counts[DocumentKind.CASE] == 3
    assert counts[DocumentKind.CASE_STUDY] == 1
    assert set(SearchDocument.objects.filter(kind=DocumentKind.CASE).values_list("source_id", flat=True)) == {
        n.pk for n in noms
    }
    assert search_documents(["규제", "개선"], visibilities=["public", "staff"]).total == 4
    event = AuditEvent.objects.get(verb="search.index_rebuilt")
    assert event.data["documents"][DocumentKind.CASE] == 3
    assert IndexRebuild.objects.count() == 1


def test_the_management_command_rebuilds_one_kind(capsys):
    published_case("규제 개선", "규제를 개선하였습니다.")
    call_command("rebuild_search_index", "--kind", "case", "--batch-size", "10")
    assert "case: 1" in capsys.readouterr().out
    assert SearchDocument.objects.count() == 1
