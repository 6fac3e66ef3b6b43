"""The pre-consulting demo data (proactive/demo/consulting.py), on top of the whole demo, loaded once."""

import pytest
from django.urls import reverse

from proactive.accounts.models import User
from proactive.committee.models import AgendaItem
from proactive.consulting.enums import PublicationState, RequestState
from proactive.consulting.models import ConsultingRequest, Publication
from proactive.consulting.queries.published import PreconsultingRegister
from proactive.demo.consulting import PLANS, write_consulting_demo
from tests.conftest import login_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="module")
def demo(loaded_demo, django_db_blocker):
    """The whole demo (tests/demo/conftest.py), which holds the pre-consulting requests; writing them again writes
    nothing."""
    with django_db_blocker.unblock():
        return write_consulting_demo()


def test_every_state_is_there(demo):
    assert ConsultingRequest.objects.count() == len(PLANS)
    assert set(ConsultingRequest.objects.values_list("state", flat=True)) == set(RequestState.values)


def test_the_official_has_an_implemented_opinion_the_exemption_can_cite(demo):
    official = User.objects.get(username="official")
    entries = PreconsultingRegister().requested_by(official_user=official)
    assert entries
    implemented = ConsultingRequest.objects.get(requester=official, state=RequestState.IMPLEMENTED)
    assert implemented.implementation.followed is True
    assert implemented.approved_by.username == "depthead"
    assert implemented.opinion.number in {e.number for e in entries}


def test_the_head_has_a_request_to_approve_and_the_office_has_work(demo):
    assert ConsultingRequest.objects.filter(
        state=RequestState.AWAITING_APPROVAL, requester__username="official"
    ).exists()
    from proactive.consulting.views.panels import head_panel, office_panel

    assert head_panel(User.objects.get(username="depthead"))["waiting"] == 1
    counts = office_panel(User.objects.get(username="auditor"))
    assert counts["to_screen"] >= 1
    assert counts["overdue"] >= 1
    assert counts["due_soon"] >= 1


def test_several_answers_are_published_and_anonymised(demo, client):
    published = Publication.objects.filter(state=PublicationState.PUBLISHED)
    assert published.count() >= 3
    page = client.get(reverse("consulting:published-list")).content.decode()
    for publication in published:
        assert publication.title in page
        assert publication.request.official.name not in page


def test_the_referred_request_waits_on_the_committee(demo):
    referred = ConsultingRequest.objects.get(state=RequestState.REFERRED)
    assert AgendaItem.objects.filter(kind="preconsulting", subject_id=referred.pk).exists()


def test_the_auditor_sees_the_queue(demo, client):
    login_verified(client, User.objects.get(username="auditor"))
    response = client.get(reverse("consulting:queue"))
    assert response.status_code == 200
    assert "광안대교" in response.content.decode()


def test_writing_the_demo_again_writes_nothing(demo):
    assert demo == 0  # the loader wrote them
    assert ConsultingRequest.objects.filter(title__in=[plan.title for plan in PLANS]).count() == len(PLANS)
    assert write_consulting_demo() == 0
