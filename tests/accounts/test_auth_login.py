"""Officials' password sign-in: errors, lock-out (AUTH-04), session fixation (SESS-01), languages, CSRF, logout."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from proactive.accounts.middleware import SESSION_STARTED_KEY
from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord
from tests.accounts.conftest import post_login, travel_start
from tests.factories.accounts import DEFAULT_PASSWORD, CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_ERROR_EN = "The username or password is not correct."


def test_login_page_renders_in_korean_by_default(client):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="ko">' in content
    assert "공무원 로그인" in content
    assert 'autocomplete="username"' in content
    assert 'autocomplete="current-password"' in content


def test_login_page_renders_in_english_with_language_cookie(lang_en):
    response = lang_en.get(reverse("accounts:login"))

    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Sign in for officials" in content
    assert "공무원 로그인" not in content


def test_login_with_correct_password_signs_in_official(client, official):
    response = post_login(client, official.username)

    assert response.status_code == 302
    assert response.url == reverse("web:dashboard")
    assert client.session["_auth_user_id"] == str(official.pk)
    assert isinstance(client.session[SESSION_STARTED_KEY], float)
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_login_success_records_access_with_ip(client, official):
    client.post(
        reverse("accounts:login"),
        {"username": official.username, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="10.1.2.3",
    )

    record = AccessRecord.objects.get(action=AccessAction.LOGIN)
    assert (record.actor_id, record.account, record.ip_address) == (official.pk, official.username, "10.1.2.3")


def test_login_sets_language_cookie_from_preferred_language(client):
    user = UserFactory(preferred_language="en")

    response = post_login(client, user.username)

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_login_without_preferred_language_sets_no_language_cookie(client, official):
    response = post_login(client, official.username)

    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_login_wrong_password_is_refused_and_recorded(lang_en, official):
    response = post_login(lang_en, official.username, "wrong-password-123")

    assert response.status_code == 200
    assert LOGIN_ERROR_EN in response.content.decode()
    assert "_auth_user_id" not in lang_en.session
    record = AccessRecord.objects.get(action=AccessAction.LOGIN_FAILED)
    assert (record.actor_id, record.resource) == (None, official.username)


def test_login_failure_record_truncates_long_username(client):
    post_login(client, "x" * 150, "wrong-password-123")

    assert AccessRecord.objects.get(action=AccessAction.LOGIN_FAILED).resource == "x" * 150


def test_login_unknown_username_gets_same_response_as_wrong_password(client, official):
    wrong = post_login(client, official.username, "wrong-password-123")
    unknown = post_login(client, "nobody-here", "wrong-password-123")

    assert wrong.status_code == unknown.status_code == 200
    assert [t.name for t in wrong.templates] == [t.name for t in unknown.templates]
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert AccessRecord.objects.filter(action=AccessAction.LOGIN_FAILED).count() == 2


def test_login_refuses_citizen_account_with_password(client):
    citizen = CitizenFactory()

    response = post_login(client, citizen.username)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_refuses_inactive_official(client):
    user = UserFactory(is_active=False)

    response = post_login(client, user.username)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_lockout_refuses_correct_password_after_five_failures(lang_en, official):
    with time_machine.travel(travel_start(), tick=False) as traveller:
        for _ in range(5):
            post_login(lang_en, official.username, "wrong-password-123")

        locked = post_login(lang_en, official.username)

        assert locked.status_code == 429
        assert "Sign-in blocked for now" in locked.content.decode()
        assert "Please try again in 10 minutes." in locked.content.decode()
        assert "_auth_user_id" not in lang_en.session

        traveller.shift(datetime.timedelta(minutes=11))
        response = post_login(lang_en, official.username)

        assert response.status_code == 302
        assert lang_en.session["_auth_user_id"] == str(official.pk)


def test_login_lockout_page_is_korean_by_default(client, official):
    for _ in range(5):
        post_login(client, official.username, "wrong-password-123")

    locked = post_login(client, official.username)

    assert locked.status_code == 429
    assert "로그인이 잠시 차단되었습니다" in locked.content.decode()


def test_login_lockout_is_the_same_for_unknown_usernames(client, official):
    for username in (official.username, "nobody-here"):
        for _ in range(5):
            post_login(client, username, "wrong-password-123")
    known = post_login(client, official.username)
    unknown = post_login(client, "nobody-here")

    assert known.status_code == unknown.status_code == 429
    assert [t.name for t in known.templates] == [t.name for t in unknown.templates]


def test_login_four_failures_do_not_lock(client, official):
    for _ in range(4):
        post_login(client, official.username, "wrong-password-123")

    response = post_login(client, official.username)

    assert response.status_code == 302


def test_login_issues_new_session_key(client, official):
    before = client.session.session_key
    assert before is not None

    post_login(client, official.username)

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_login_follows_safe_next(client, official):
    response = post_login(client, official.username, next="/accounts/profile/")

    assert response.url == "/accounts/profile/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_login_ignores_unsafe_next(client, official, target):
    response = post_login(client, official.username, next=target)

    assert response.url == reverse("web:dashboard")


def test_login_page_shows_session_ended_message_when_expired(lang_en):
    response = lang_en.get(reverse("accounts:login") + "?expired=1")

    assert "Your session ended for your security. Please sign in again." in response.content.decode()


def test_login_page_without_expired_flag_has_no_session_message(lang_en):
    response = lang_en.get(reverse("accounts:login"))

    assert "Your session ended for your security" not in response.content.decode()


def test_login_post_without_csrf_token_gets_form_expired_page(official):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(reverse("accounts:login"), {"username": official.username, "password": "x" * 12})

    assert response.status_code == 403
    assert "This form has expired or did not come from this site" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_post_with_csrf_token_works(official):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("accounts:login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = post_login(client, official.username, csrfmiddlewaretoken=token)

    assert response.status_code == 302


def test_logout_requires_post(client, official):
    client.force_login(official)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(official.pk)


def test_logout_signs_out_and_records_access(lang_en, official):
    post_login(lang_en, official.username)

    response = lang_en.post(reverse("accounts:logout"), follow=True)

    assert response.redirect_chain[0] == (reverse("web:home"), 302)
    assert "You have signed out." in response.content.decode()
    assert "_auth_user_id" not in lang_en.session
    record = AccessRecord.objects.get(action=AccessAction.LOGOUT)
    assert record.actor_id == official.pk


def test_logout_makes_old_session_cookie_useless(client, official):
    post_login(client, official.username)
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("accounts:logout"))

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    response = replay.get(reverse("web:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
