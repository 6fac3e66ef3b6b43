"""Search's demo (proactive/demo/search.py), on top of the whole demo, loaded once: the archive file is checked and
imported through the service (its cases are already in the history: all skipped, nothing recorded), and the index
is built."""

import pytest
from django.urls import reverse

from proactive.audit.models import AuditEvent
from proactive.demo.search import ARCHIVE, write_search_demo
from proactive.nominations.services.archive import check_archive
from proactive.search.enums import DocumentKind
from proactive.search.models import SearchDocument

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="module")
def demo(loaded_demo, django_db_blocker):
    with django_db_blocker.unblock():
        return write_search_demo()


def test_the_archive_file_checks_clean_and_reimports_as_skipped(demo):
    with ARCHIVE.open("rb") as fh:
        check = check_archive(fh, ARCHIVE.name)
    assert check.errors == []
    assert len(check.rows) == 12
    assert demo["archive"] == {"rows": 12, "created": 0, "skipped": 12, "rounds_created": 0}
    assert not AuditEvent.objects.filter(verb="nominations.archive_imported").exists()  # nothing changed


def test_the_index_holds_every_published_source(demo):
    kinds = set(SearchDocument.objects.values_list("kind", flat=True))
    assert DocumentKind.CASE in kinds
    assert demo["index"][DocumentKind.CASE] >= 80
    assert AuditEvent.objects.filter(verb="search.index_rebuilt").exists()


def test_searching_the_demo_finds_regulation_cases_in_korean(demo, client):
    response = client.get(reverse("search:search"), {"q": "규제 개선"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count > 0
    assert "<mark>규제</mark>" in response.content.decode()
