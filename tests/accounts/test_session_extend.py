import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_extend_renews_the_session_for_a_signed_in_user(client, official):
    client.force_login(official)
    response = client.post(reverse("accounts:session-extend"))
    assert response.status_code == 204
    assert response.cookies["sessionid"]["max-age"] == 1800


def test_extend_refuses_get(client, official):
    client.force_login(official)
    assert client.get(reverse("accounts:session-extend")).status_code == 405


def test_extend_refuses_anonymous_visitors(client):
    response = client.post(reverse("accounts:session-extend"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
