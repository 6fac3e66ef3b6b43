"""Imported past cases in the public gallery and on case pages: shown like any other, with a query count that does
not grow with the number of imported cases."""

import pytest
from django.urls import reverse

from proactive.nominations.models import Nomination
from proactive.nominations.services.archive import import_archive, template_rows
from tests.factories.accounts import OfficialFactory, OrgUnitFactory
from tests.nominations.test_nominations_support import secretariat

pytestmark = pytest.mark.django_db
GALLERY = reverse("nominations:gallery")


def _import(count, unit, start=0):
    rows = [
        ["2021", "하반기", f"과거 사례 {i}", unit.name, "우수사례", "우수", f"과거 사례 {i} 요약", "홍길동", ""]
        for i in range(start, start + count)
    ]
    import_archive(actor=secretariat(), table=[template_rows()[0], *rows], names_consented=True)


def test_imported_cases_show_in_the_gallery_and_on_their_page(client):
    unit = OrgUnitFactory(name="민원과")
    OfficialFactory(name="홍길동", unit=unit)
    _import(2, unit)
    body = client.get(GALLERY, {"year": 2021}).content.decode()
    assert "과거 사례 0" in body
    assert "과거 사례 1" in body
    page = client.get(reverse("nominations:case", args=[Nomination.objects.get(title="과거 사례 0").pk]))
    assert page.status_code == 200
    assert "홍길동" in page.content.decode()


def test_a_case_page_carries_share_tags_whose_image_is_drawn(client):
    unit = OrgUnitFactory(name="민원과")
    OfficialFactory(name="홍길동", unit=unit)
    _import(1, unit)
    pk = Nomination.objects.get(title="과거 사례 0").pk
    body = client.get(reverse("nominations:case", args=[pk])).content.decode()
    image = reverse("publications:og-case", args=[pk])
    assert '<meta property="og:title" content="과거 사례 0">' in body
    assert '<meta property="og:description" content="과거 사례 0 요약">' in body
    assert f'<meta property="og:image" content="http://testserver{image}">' in body
    picture = client.get(image)
    assert (picture.status_code, picture["Content-Type"]) == (200, "image/png")


def test_gallery_and_case_page_query_counts_do_not_grow(client, django_assert_max_num_queries):
    from django.core.cache import cache

    unit = OrgUnitFactory(name="민원과")
    OfficialFactory(name="홍길동", unit=unit)
    _import(2, unit)
    first = Nomination.objects.order_by("pk").first()
    cache.clear()
    with django_assert_max_num_queries(50) as small:
        client.get(GALLERY)
    with django_assert_max_num_queries(50) as small_case:
        client.get(reverse("nominations:case", args=[first.pk]))
    _import(30, unit, start=2)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(GALLERY)
    assert response.status_code == 200
    with django_assert_max_num_queries(len(small_case.captured_queries)):
        client.get(reverse("nominations:case", args=[first.pk]))
