"""Session lifetime (SESS-03): 30 minutes idle, 10 hours at most; cookie attributes (SESS-02, as configured)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from proactive.accounts.middleware import SESSION_STARTED_KEY
from tests.accounts.conftest import post_login, travel_start

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
LOGIN = reverse("accounts:login")


def test_login_records_session_start(client, official):
    with time_machine.travel(travel_start(), tick=False):
        post_login(client, official.username)

        assert client.session[SESSION_STARTED_KEY] == datetime.datetime.now(datetime.UTC).timestamp()


def test_session_survives_29_idle_minutes(client, official):
    with time_machine.travel(travel_start(), tick=False) as traveller:
        post_login(client, official.username)
        traveller.shift(datetime.timedelta(minutes=29))

        assert client.get(PROFILE).status_code == 200


def test_session_ends_after_31_idle_minutes(client, official):
    with time_machine.travel(travel_start(), tick=False) as traveller:
        post_login(client, official.username)
        assert client.get(PROFILE).status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))

        response = client.get(PROFILE)

        assert response.status_code == 302
        assert response.url.startswith(LOGIN)


def test_active_session_ends_after_ten_hours(client, official):
    with time_machine.travel(travel_start(), tick=False) as traveller:
        post_login(client, official.username)
        for _ in range(30):  # a request every 20 minutes up to exactly 10 hours: still signed in
            traveller.shift(datetime.timedelta(minutes=20))
            assert client.get(PROFILE).status_code == 200
        traveller.shift(datetime.timedelta(minutes=1))

        response = client.get(PROFILE)

        assert response.status_code == 302
        assert response.url == f"{LOGIN}?expired=1"
        assert "_auth_user_id" not in client.session


def test_expired_redirect_explains_why(lang_en, official):
    with time_machine.travel(travel_start(), tick=False) as traveller:
        post_login(lang_en, official.username)
        for _ in range(31):
            traveller.shift(datetime.timedelta(minutes=20))
            response = lang_en.get(PROFILE, follow=True)

        assert "Your session ended for your security. Please sign in again." in response.content.decode()


def test_session_cookie_is_http_only_and_same_site(client, official):
    response = post_login(client, official.username)

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == settings.SESSION_COOKIE_AGE == 30 * 60


def test_the_idle_timer_is_renewed_at_most_once_a_minute(client, official):
    """A page view does not write the session row each time: within a minute of the last renewal, no cookie."""
    with time_machine.travel(travel_start(), tick=False) as traveller:
        post_login(client, official.username)
        assert "sessionid" in client.get(PROFILE).cookies  # first view after sign-in: renewed
        traveller.shift(datetime.timedelta(seconds=30))
        assert "sessionid" not in client.get(PROFILE).cookies  # 30 s later: nothing written
        traveller.shift(datetime.timedelta(seconds=31))
        assert client.get(PROFILE).cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


def test_the_countdown_shows_the_time_left_since_the_last_renewal(client, official):
    with time_machine.travel(travel_start(), tick=False) as traveller:
        post_login(client, official.username)
        client.get(PROFILE)
        traveller.shift(datetime.timedelta(seconds=45))
        response = client.get(PROFILE)
        assert response.context["SESSION_IDLE_SECONDS"] == settings.SESSION_COOKIE_AGE - 45


def test_a_session_used_every_59_seconds_survives_past_the_idle_limit(client, official):
    with time_machine.travel(travel_start(), tick=False) as traveller:
        post_login(client, official.username)
        for _ in range(40):  # 39 minutes of requests, each under the renewal interval apart
            traveller.shift(datetime.timedelta(seconds=59))
            assert client.get(PROFILE).status_code == 200
