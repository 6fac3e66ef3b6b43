"""The opinions app's agenda kinds (committee.agenda): registered with their outcomes, and the committee's pages
admit the requester (and whoever may view the request) to the item and its resolution, nobody else."""

import pytest
from django.urls import reverse

from proactive.committee.agenda import get_kind
from proactive.committee.queries import decision_of
from proactive.opinions.enums import RequestKind
from tests.conftest import login_verified
from tests.opinions.support import decided, official, secretariat

pytestmark = pytest.mark.django_db


def test_both_kinds_are_registered_with_their_outcomes():
    assert [value for value, _label in get_kind("opinion").outcomes] == ["opinion_issued", "returned"]
    assert [value for value, _label in get_kind("ratification").outcomes] == ["ratified", "not_ratified"]
    assert get_kind("opinion").subject_url(7) == reverse("opinions:request-detail", args=[7])


def test_the_requester_opens_the_committees_item_others_do_not(client):
    request = decided()
    item = decision_of(RequestKind.OPINION, request.pk)
    kind = get_kind("opinion")
    assert kind.viewer(request.requester, request.pk)
    assert kind.challenger(request.requester, request.pk)
    assert not kind.viewer(official(), request.pk)
    handler = secretariat()
    assert kind.viewer(handler, request.pk)
    assert not kind.challenger(handler, request.pk)
    login_verified(client, request.requester)
    assert client.get(reverse("committee:item-detail", args=[item.pk])).status_code == 200
    login_verified(client, official())
    assert client.get(reverse("committee:item-detail", args=[item.pk])).status_code == 404
