"""The bulletin's demo data (proactive/demo/bulletins.py), on top of the whole demo, loaded once."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from proactive.bulletins.enums import SubscriberKind
from proactive.bulletins.models import Edition, Subscription
from proactive.demo.bulletins import _month, write_bulletins_demo
from proactive.publications.editorial import EditorialState

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.xdist_group("demo")]
S = EditorialState


@pytest.fixture(scope="module")
def demo(loaded_demo, django_db_blocker):
    with django_db_blocker.unblock():
        created = write_bulletins_demo()
    return SimpleNamespace(created=created)


def test_three_months_are_published_and_this_month_is_a_draft(demo):
    assert demo.created == 0  # idempotent: the loaded demo already has them
    published = {(e.year, e.month) for e in Edition.objects.filter(state=S.PUBLISHED)}
    assert published == {_month(3), _month(2), _month(1)}
    draft = Edition.objects.get(state=S.DRAFT)
    assert (draft.year, draft.month) == _month(0)
    for edition in Edition.objects.filter(state=S.PUBLISHED):
        assert edition.approved_by_id != edition.created_by_id
        assert edition.items.filter(kind="news").exists()
        assert edition.editorial


def test_staff_and_citizens_subscribe(demo):
    assert Subscription.objects.filter(kind=SubscriberKind.STAFF).count() == 3
    assert Subscription.objects.filter(kind=SubscriberKind.CITIZEN, confirmed_at__isnull=False).count() == 3


def test_the_archive_shows_the_published_editions(demo, client):
    response = client.get(reverse("bulletins:archive"))
    year, month = _month(1)
    assert f"{year}년 {month}월호" in response.text
