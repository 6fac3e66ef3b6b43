import pytest
from django.db import DatabaseError
from django.urls import reverse

from proactive.core import views

pytestmark = pytest.mark.integration


@pytest.mark.django_db
def test_healthz_answers_ok_in_plain_text(client, django_assert_num_queries):
    assert reverse("core:healthz") == "/healthz"
    with django_assert_num_queries(1):
        response = client.get(reverse("core:healthz"))

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_refuses_post(client):
    assert client.post(reverse("core:healthz")).status_code == 405


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(views, "connection", BrokenConnection())

    response = client.get(reverse("core:healthz"))

    assert response.status_code == 503
    assert response.content == b"database unavailable"
    assert response["Retry-After"] == "5"
