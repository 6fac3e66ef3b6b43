"""The publications' demo data (proactive/demo/publications.py), on top of the whole demo, loaded once."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from proactive.demo.publications import write_publications_demo
from proactive.publications.editorial import EditorialState as S
from proactive.publications.editorial import is_programme_lead
from proactive.publications.models import CardSet, Casebook

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="module")
def demo(loaded_demo, django_db_blocker):
    """The whole demo; writing the publications again writes nothing."""
    with django_db_blocker.unblock():
        created = write_publications_demo()
    return SimpleNamespace(output=loaded_demo.output, created=created)


def test_a_published_casebook_of_the_latest_round_and_one_in_review(demo):
    assert demo.created == 0
    published = Casebook.objects.get(state=S.PUBLISHED)
    assert published.round is not None
    assert published.pdf_pages > 0
    assert published.created_by.username == "secretariat"
    assert published.approved_by != published.created_by
    assert is_programme_lead(published.approved_by)
    assert Casebook.objects.filter(state=S.REVIEW).count() == 1


def test_card_news_for_two_cases_one_published(demo, client):
    assert CardSet.objects.count() == 2
    published = CardSet.objects.get(state=S.PUBLISHED)
    assert published.cards.count() == 6
    assert all(card.alt_text for card in published.cards.all())
    response = client.get(reverse("publications:public-list"))
    assert published.headline in response.content.decode()


def test_the_accounts_file_names_the_programme_lead_who_signs_in_with_the_demo_password(demo, loaded_demo):
    from proactive.demo.accounts import DEMO_PASSWORD
    from proactive.demo.publications import programme_lead

    lead = programme_lead()
    assert lead is not None
    assert is_programme_lead(lead)
    assert lead.check_password(DEMO_PASSWORD)
    accounts = (loaded_demo.path / "demo-accounts.txt").read_text(encoding="utf-8")
    assert f"the programme lead is\n{lead.username} " in accounts
