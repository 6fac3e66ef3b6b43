"""The queue: items of every kind waiting for a meeting; placing them, their field, tabling a selection round."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.committee.enums import AgendaState, MemberField
from proactive.committee.kinds import SELECTION_ROUND
from proactive.committee.models import AgendaItem
from proactive.nominations.enums import RoundStatus
from tests.committee.support_meetings import item, planned
from tests.conftest import login_verified
from tests.factories.accounts import UserFactory
from tests.factories.nominations import SelectionRoundFactory

pytestmark = pytest.mark.django_db
URL = reverse("committee:queue")


def _queries(client) -> int:
    client.get(URL)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_the_queue_lists_waiting_items_oldest_first(client, committee):
    first, second = item(1, title="해상풍력 인허가 의견"), item(2, title="재난 대응 사후 추인")
    planned(committee)  # a meeting to place them on, with its own item (not waiting)
    login_verified(client, committee.secretariat)

    response = client.get(URL)

    assert list(response.context["page_obj"]) == [first, second]
    page = response.content.decode()
    assert "시험 안건" in page  # the kind's label
    assert reverse("committee:queue-schedule", args=[first.pk]) in page


def test_the_queue_queries_do_not_grow_with_items(client, committee):
    item(1)
    planned(committee, items=0)
    login_verified(client, committee.secretariat)
    few = _queries(client)
    for number in range(2, 6):
        item(number)
    assert _queries(client) == few


def test_placing_an_item_on_a_meeting(client, committee):
    meeting, _items = planned(committee, items=0)
    waiting = item(3)
    login_verified(client, committee.secretariat)

    response = client.post(reverse("committee:queue-schedule", args=[waiting.pk]), {"meeting": meeting.pk}, follow=True)

    assert "회의에 배정했습니다" in response.content.decode()
    waiting.refresh_from_db()
    assert (waiting.state, waiting.meeting) == (AgendaState.TABLED, meeting)


def test_placing_without_a_meeting_is_refused(client, committee):
    waiting = item(3)
    login_verified(client, committee.secretariat)
    response = client.post(reverse("committee:queue-schedule", args=[waiting.pk]), {"meeting": ""}, follow=True)
    assert response.status_code == 200
    waiting.refresh_from_db()
    assert waiting.state == AgendaState.PENDING
    assert "회의" in response.content.decode()


def test_setting_an_items_field(client, committee):
    waiting = item(3)
    login_verified(client, committee.secretariat)
    assert (
        client.post(reverse("committee:item-field", args=[waiting.pk]), {"field": MemberField.LEGAL}).status_code == 302
    )
    waiting.refresh_from_db()
    assert waiting.field == MemberField.LEGAL
    response = client.post(reverse("committee:item-field", args=[waiting.pk]), {"field": "nonsense"}, follow=True)
    assert "올바르게 선택" in response.content.decode() or "선택" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.field == MemberField.LEGAL


def test_tabling_a_selection_round(client, committee):
    selection_round = SelectionRoundFactory(year=2025, half=1, status=RoundStatus.PUBLISHED)
    login_verified(client, committee.secretariat)
    assert "2025" in client.get(URL).content.decode()

    response = client.post(reverse("committee:queue-table-round"), {"round": selection_round.pk})

    assert response.status_code == 302
    tabled = AgendaItem.objects.get(kind=SELECTION_ROUND)
    assert tabled.subject_id == selection_round.pk
    again = client.post(reverse("committee:queue-table-round"), {"round": selection_round.pk}, follow=True)
    assert AgendaItem.objects.filter(kind=SELECTION_ROUND).count() == 1
    assert again.status_code == 200


def test_only_the_secretariat_sees_the_queue(client, committee):
    waiting = item(3)
    for user in (committee.chair.user, committee.members[0].user, UserFactory()):
        login_verified(client, user)
        assert client.get(URL).status_code == 403
        assert client.post(reverse("committee:item-field", args=[waiting.pk]), {"field": "legal"}).status_code == 403
        assert client.post(reverse("committee:queue-table-round"), {}).status_code == 403
