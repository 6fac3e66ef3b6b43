import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.web.navigation import menu_for
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import UserFactory
from tests.nominations.test_statistics_support import award, case, past_round

pytestmark = pytest.mark.django_db
URL = "/selection/statistics/"


def _data(rounds: int = 2, cases: int = 2, first_year: int = 2019) -> None:
    for index in range(rounds):
        rnd = past_round(first_year + index // 2, index % 2 + 1)
        for rank in range(1, cases + 1):
            award(case(rnd, members=2), rank=rank)
        case(rnd)


def test_statistics_url():
    assert reverse("nominations:statistics") == URL


def test_statistics_page_in_english(client):
    _data()
    client.cookies["proactive_language"] = "en"

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    text = response.content.decode()
    assert response.status_code == 200
    assert "6 best practices found and shared, 8 officials selected, as of 2019, Second half." in text
    assert "<svg" in text
    assert "<rect" in text
    assert '<title id="chart-title">' in text
    assert "How we count" in text
    assert "Exports for the committee and HR" not in text  # anonymous visitors get no export links


def test_statistics_page_in_korean(client):
    _data()
    client.cookies["proactive_language"] = "ko"

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="ko")

    assert response.status_code == 200
    assert '<html lang="ko"' in response.content.decode()


def test_statistics_page_without_confirmed_rounds(client):
    client.cookies["proactive_language"] = "en"

    response = client.get(URL)

    assert response.status_code == 200
    assert "No round has confirmed its grades yet." in response.content.decode()


def test_statistics_page_has_no_inline_style_or_script(client):
    _data()

    text = client.get(URL).content.decode()

    assert not re.search(r"\sstyle=", text)
    assert "<script>" not in text
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", text)


def test_statistics_page_links_the_exports_for_those_who_may_export(client):
    _data(rounds=1)
    login_verified(client, make_staff(Role.HR_OFFICER))
    client.cookies["proactive_language"] = "en"

    text = client.get(URL).content.decode()

    assert "Exports for the committee and HR" in text
    assert "/exports/" in text


def test_statistics_is_in_the_public_menu():
    from django.contrib.auth.models import AnonymousUser

    urls = [item["url"] for section in menu_for(AnonymousUser()) for item in section["items"]]
    assert URL in urls


def test_statistics_page_query_count_does_not_grow_with_the_data(client):
    _data(rounds=1, cases=1)
    client.get(URL)  # warm the per-process caches (programme settings, menu)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    _data(rounds=4, cases=3, first_year=2021)
    UserFactory()

    with CaptureQueriesContext(connection) as large:
        client.get(URL)

    assert len(large.captured_queries) == len(small.captured_queries)
