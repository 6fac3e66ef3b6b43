"""The committee opinions demo (proactive/demo/opinions.py), on top of the whole demo, loaded once."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from proactive.accounts.models import User
from proactive.committee.models import AgendaItem
from proactive.demo.opinions import PLANS, write_opinions_demo
from proactive.opinions.enums import AgencyKind, RequestKind, RequestState
from proactive.opinions.models import OpinionRequest, Publication
from proactive.opinions.queries.register import OPINIONS, search_register
from tests.conftest import login_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="module")
def demo(loaded_demo, django_db_blocker):
    """The whole demo (tests/demo/conftest.py), which holds the opinion requests after the committee's roster and
    meetings; writing them again writes nothing."""
    with django_db_blocker.unblock():
        written = write_opinions_demo()
    return SimpleNamespace(written=written)


def _committee_demo() -> None:
    try:
        from proactive.demo.committee import write_committee_demo
    except ImportError:  # pragma: no cover - the committee demo is not there
        return
    write_committee_demo()


def test_every_state_is_there(demo):
    assert OpinionRequest.objects.count() == len(PLANS)
    assert set(OpinionRequest.objects.values_list("state", flat=True)) == set(RequestState.values)


def test_the_official_has_an_answer_acted_on_the_exemption_can_cite(demo):
    official = User.objects.get(username="official")
    entries = OPINIONS.requested_by(official_user=official)
    assert [e.title for e in entries] == ["공유 킥보드 전용 주차구역 지정"]
    acted = OpinionRequest.objects.get(requester=official, state=RequestState.ACTED_ON)
    assert acted.audit_objects is False  # the audit office was heard: the BAI-stage presumption applies
    assert acted.decided_on <= acted.acted_on
    assert acted.meeting_number
    assert set(OpinionRequest.objects.filter(requester=official).values_list("state", flat=True)) == {
        RequestState.ACTED_ON,
        RequestState.RETURNED,
        RequestState.DRAFT,
    }


def test_a_flood_response_was_ratified_and_a_public_enterprise_asked(demo):
    flood = OpinionRequest.objects.get(kind=RequestKind.RATIFICATION, state=RequestState.RATIFIED)
    assert "침수" in flood.title or "지하차도" in flood.title
    assert flood.decision_number.startswith("추인-")
    assert OpinionRequest.objects.filter(agency_kind=AgencyKind.PUBLIC_ENTERPRISE).exists()


def test_decisions_come_from_the_committees_meetings(demo):
    decided = OpinionRequest.objects.exclude(decision_number=None)
    assert decided.count() == 5
    for request in decided:
        item = AgendaItem.objects.get(kind=request.kind, subject_id=request.pk, state="decided")
        assert item.meeting is not None
        assert request.meeting_number == item.meeting.number
    assert AgendaItem.objects.filter(kind="opinion", state="tabled", meeting__state="planned").exists()


def test_the_public_register_has_several_anonymised_answers(demo, client):
    assert Publication.objects.filter(is_published=True).count() >= 3
    page = client.get(reverse("opinions:register")).content.decode()
    assert "공유 킥보드 전용 주차구역 지정" in page
    assert "집중호우" in page
    for entry in search_register(user=None, query=""):
        assert entry.public


def test_the_secretariat_finds_work_and_an_overdue_request(demo, client):
    login_verified(client, User.objects.get(username="secretariat"))
    page = client.get(reverse("opinions:queue"), {"overdue": "on"}).content.decode()
    assert "야외 공연 소음 기준" in page
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_the_committee_members_read_the_requests_they_decided(demo, client):
    member = User.objects.get(username="committee")
    decided = OpinionRequest.objects.filter(state=RequestState.RATIFIED).get()
    login_verified(client, member)
    assert client.get(reverse("opinions:request-detail", args=[decided.pk])).status_code == 200


def test_writing_the_demo_again_writes_nothing(demo):
    assert demo.written in (0, len(PLANS))  # 0 when the loader wrote it already
    before = OpinionRequest.objects.count()
    assert write_opinions_demo() == 0
    assert OpinionRequest.objects.count() == before == len(PLANS)
