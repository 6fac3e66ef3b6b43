"""Citizens sign in with an e-mailed code: the whole flow through the browser-facing views, and the service."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from proactive.accounts.enums import UserKind
from proactive.accounts.models import CitizenCode, User
from proactive.accounts.services.citizens import get_or_create_verified_citizen
from proactive.audit.models import AccessRecord, AuditEvent
from proactive.core.exceptions import DomainError
from tests.accounts.conftest import last_code, travel_start
from tests.factories.accounts import CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db

START = reverse("accounts:citizen-start")
VERIFY = reverse("accounts:citizen-verify")
EMAIL = "resident@example.com"


def _start(client, email=EMAIL, consent=True, **extra):
    data = {"email": email, **extra}
    if consent:
        data["consent"] = "on"
    return client.post(START, data)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_citizen_start_page_renders_with_email_autocomplete_and_consent(client):
    content = client.get(START).content.decode()

    assert 'autocomplete="email"' in content
    assert 'type="checkbox" name="consent"' in content
    assert reverse("web:privacy") in content


def test_citizen_sign_in_end_to_end(client):
    response = _start(client, email="Resident@Example.com")
    assert response.url == VERIFY
    assert mail.outbox[0].to == [EMAIL]

    page = client.get(VERIFY)
    assert EMAIL in page.content.decode()
    assert 'autocomplete="one-time-code"' in page.content.decode()

    response = client.post(VERIFY, {"code": last_code(EMAIL)})

    assert response.url == reverse("web:dashboard")
    user = User.objects.get(kind=UserKind.CITIZEN)
    assert re.fullmatch(r"c-[0-9a-f]{12}", user.username)
    assert user.email == EMAIL
    assert user.email_verified_at is not None
    assert not user.has_usable_password()
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.filter(verb="accounts.citizen_verified", target_id=str(user.pk)).count() == 1
    assert not AccessRecord.objects.exists()  # citizens are not staff: no 접속기록 about them as actors
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_citizen_sign_in_issues_new_session_key(client):
    _start(client)
    before = client.session.session_key

    client.post(VERIFY, {"code": last_code(EMAIL)})

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_citizen_second_sign_in_reuses_the_account(client):
    existing = CitizenFactory(email=EMAIL, preferred_language="en")
    _start(client)

    response = client.post(VERIFY, {"code": last_code(EMAIL)})

    assert User.objects.filter(kind=UserKind.CITIZEN).count() == 1
    assert client.session["_auth_user_id"] == str(existing.pk)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_citizen_sign_in_follows_safe_next_only(client):
    client.get(START + "?next=/accounts/profile/")
    _start(client)

    response = client.post(VERIFY, {"code": last_code(EMAIL)})

    assert response.url == "/accounts/profile/"


def test_citizen_sign_in_ignores_unsafe_next(client):
    client.get(START + "?next=https://evil.example/")
    _start(client)

    response = client.post(VERIFY, {"code": last_code(EMAIL)})

    assert response.url == reverse("web:dashboard")


def test_citizen_start_requires_consent(lang_en):
    response = _start(lang_en, consent=False)

    assert response.status_code == 200
    assert "Please agree to the privacy policy to continue." in response.content.decode()
    assert mail.outbox == []


def test_citizen_start_rejects_invalid_address(client):
    response = _start(client, email="not-an-address")

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert mail.outbox == []


def test_citizen_wrong_code_is_refused_and_the_address_kept(lang_en):
    _start(lang_en)

    response = lang_en.post(VERIFY, {"code": _wrong(last_code(EMAIL))})

    content = response.content.decode()
    assert response.status_code == 200
    assert "This code is not correct." in content
    assert EMAIL in content
    assert "_auth_user_id" not in lang_en.session
    assert not User.objects.filter(kind=UserKind.CITIZEN).exists()


def test_citizen_malformed_code_is_refused_without_counting(lang_en):
    _start(lang_en)

    response = lang_en.post(VERIFY, {"code": "12ab56"})

    assert "Enter the 6-digit code from the e-mail, using digits only." in response.content.decode()
    assert CitizenCode.objects.get().attempts == 0


def test_citizen_expired_code_is_refused(lang_en):
    with time_machine.travel(travel_start(), tick=False) as traveller:
        _start(lang_en)
        code = last_code(EMAIL)
        traveller.shift(datetime.timedelta(minutes=11))

        response = lang_en.post(VERIFY, {"code": code})

        assert "This code has expired. Please ask for a new code." in response.content.decode()
        assert EMAIL in response.content.decode()
        assert "_auth_user_id" not in lang_en.session


def test_citizen_sixth_attempt_is_dead(lang_en):
    _start(lang_en)
    code = last_code(EMAIL)
    for _ in range(5):
        lang_en.post(VERIFY, {"code": _wrong(code)})

    response = lang_en.post(VERIFY, {"code": code})

    assert "entered wrongly too many times" in response.content.decode()
    assert "_auth_user_id" not in lang_en.session


def test_citizen_resend_within_a_minute_is_refused(lang_en):
    _start(lang_en)

    response = lang_en.post(VERIFY, {"resend": "1"}, follow=True)

    assert "less than a minute ago" in response.content.decode()
    assert len(mail.outbox) == 1


def test_citizen_resend_after_a_minute_sends_a_new_code(lang_en):
    with time_machine.travel(travel_start(), tick=False) as traveller:
        _start(lang_en)
        traveller.shift(datetime.timedelta(seconds=61))

        response = lang_en.post(VERIFY, {"resend": "1"}, follow=True)

        assert "We sent a new code to" in response.content.decode()
        assert len(mail.outbox) == 2
        assert lang_en.post(VERIFY, {"code": last_code(EMAIL)}).url == reverse("web:dashboard")


def test_citizen_start_again_too_soon_keeps_the_address(lang_en):
    _start(lang_en)

    response = _start(lang_en)

    content = response.content.decode()
    assert response.status_code == 200
    assert "less than a minute ago" in content
    assert f'value="{EMAIL}"' in content
    assert VERIFY in content


def test_citizen_start_remembers_the_address_when_coming_back(client):
    _start(client)

    assert f'value="{EMAIL}"' in client.get(START).content.decode()


def test_citizen_verify_without_an_address_goes_back_to_start(client):
    response = client.get(VERIFY)

    assert response.url == START


def test_citizen_disabled_account_is_refused(lang_en):
    CitizenFactory(email=EMAIL, is_active=False)
    _start(lang_en)

    response = lang_en.post(VERIFY, {"code": last_code(EMAIL)})

    assert "This account has been disabled." in response.content.decode()
    assert "_auth_user_id" not in lang_en.session


def test_get_or_create_verified_citizen_creates_then_reuses():
    first = get_or_create_verified_citizen(actor=None, email=" New.Person@Example.com ")
    second = get_or_create_verified_citizen(actor=None, email="new.person@example.com")

    assert first.pk == second.pk
    assert first.email == "new.person@example.com"
    assert first.kind == UserKind.CITIZEN
    assert AuditEvent.objects.filter(verb="accounts.citizen_verified").count() == 2


def test_get_or_create_verified_citizen_ignores_officials_with_the_same_address():
    official = UserFactory(email=EMAIL)

    citizen = get_or_create_verified_citizen(actor=None, email=EMAIL)

    assert citizen.pk != official.pk
    assert citizen.kind == UserKind.CITIZEN


def test_get_or_create_verified_citizen_refuses_disabled_account():
    CitizenFactory(email=EMAIL, is_active=False)

    with pytest.raises(DomainError):
        get_or_create_verified_citizen(actor=None, email=EMAIL)
