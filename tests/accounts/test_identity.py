"""The e-mail code identity provider: hashed single-use codes, expiry, attempts and sending limits."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from proactive.accounts import identity
from proactive.accounts.identity import (
    CodeExhaustedError,
    CodeExpiredError,
    CodeMissingError,
    DeliveryError,
    EmailCodeProvider,
    SendLimitError,
    get_provider,
    hash_code,
)
from proactive.accounts.models import CitizenCode
from tests.accounts.conftest import last_code, travel_start

pytestmark = pytest.mark.django_db

EMAIL = "resident@example.com"


class StubProvider:
    def start(self, email: str) -> None:
        pass

    def verify(self, email: str, code: str) -> bool:
        return code == "000000"


@pytest.fixture
def provider():
    return EmailCodeProvider()


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_get_provider_defaults_to_email_codes():
    assert isinstance(get_provider(), EmailCodeProvider)


def test_get_provider_follows_the_setting(settings):
    settings.IDENTITY_VERIFICATION_PROVIDER = "tests.accounts.test_identity.StubProvider"

    assert isinstance(get_provider(), StubProvider)


def test_start_sends_a_six_digit_code_and_stores_only_its_hash(provider):
    with time_machine.travel(travel_start(), tick=False):
        provider.start(EMAIL)

    code = last_code(EMAIL)
    record = CitizenCode.objects.get()
    assert len(code) == 6
    assert record.code_hash == hash_code(EMAIL, code)
    assert code not in record.code_hash
    assert record.email == EMAIL
    assert record.expires_at - record.created_at == datetime.timedelta(minutes=10)


def test_start_normalises_the_address(provider):
    provider.start("  Resident@Example.COM ")

    assert CitizenCode.objects.get().email == EMAIL
    assert mail.outbox[0].to == [EMAIL]


def test_code_email_is_in_the_current_language(provider):
    with translation.override("en"):
        provider.start(EMAIL)

    assert mail.outbox[0].subject == "Your sign-in code for the proactive-administration system"
    assert "within 10 minutes" in mail.outbox[0].body


def test_code_email_follows_the_visitors_language_korean_by_default(client):
    client.post(reverse("accounts:citizen-start"), {"email": EMAIL, "consent": "on"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(reverse("accounts:citizen-start"), {"email": "neighbour@example.com", "consent": "on"})

    assert mail.outbox[1].subject == "Your sign-in code for the proactive-administration system"
    assert mail.outbox[0].subject == "적극행정 시스템 로그인 인증번호"


def test_verify_accepts_the_code_once(provider):
    provider.start(EMAIL)
    code = last_code(EMAIL)

    assert provider.verify(EMAIL, code) is True
    with pytest.raises(CodeMissingError):
        provider.verify(EMAIL, code)


def test_verify_is_case_insensitive_on_the_address(provider):
    provider.start(EMAIL)

    assert provider.verify("RESIDENT@example.com", last_code(EMAIL)) is True


def test_verify_wrong_code_returns_false_and_counts(provider):
    provider.start(EMAIL)

    assert provider.verify(EMAIL, _wrong(last_code(EMAIL))) is False
    assert CitizenCode.objects.get().attempts == 1


def test_verify_without_any_code_raises(provider):
    with pytest.raises(CodeMissingError):
        provider.verify(EMAIL, "123456")


def test_verify_expired_code_raises(provider):
    with time_machine.travel(travel_start(), tick=False) as traveller:
        provider.start(EMAIL)
        code = last_code(EMAIL)
        traveller.shift(datetime.timedelta(minutes=11))

        with pytest.raises(CodeExpiredError):
            provider.verify(EMAIL, code)


def test_verify_code_still_works_just_before_expiry(provider):
    with time_machine.travel(travel_start(), tick=False) as traveller:
        provider.start(EMAIL)
        traveller.shift(datetime.timedelta(minutes=9, seconds=59))

        assert provider.verify(EMAIL, last_code(EMAIL)) is True


def test_verify_sixth_attempt_is_dead_even_with_the_right_code(provider):
    provider.start(EMAIL)
    code = last_code(EMAIL)
    for _ in range(5):
        assert provider.verify(EMAIL, _wrong(code)) is False

    with pytest.raises(CodeExhaustedError):
        provider.verify(EMAIL, code)
    assert CitizenCode.objects.get().attempts == 5


def test_fifth_attempt_can_still_succeed(provider):
    provider.start(EMAIL)
    code = last_code(EMAIL)
    for _ in range(4):
        provider.verify(EMAIL, _wrong(code))

    assert provider.verify(EMAIL, code) is True


def test_new_code_invalidates_older_codes(provider, monkeypatch):
    codes = iter([111111, 222222])
    monkeypatch.setattr(identity.secrets, "randbelow", lambda _: next(codes))
    with time_machine.travel(travel_start(), tick=False) as traveller:
        provider.start(EMAIL)
        traveller.shift(datetime.timedelta(seconds=61))
        provider.start(EMAIL)

        older = CitizenCode.objects.order_by("created_at").first()
        assert older.expires_at <= timezone.now()
        assert provider.verify(EMAIL, "111111") is False
        assert provider.verify(EMAIL, "222222") is True


def test_start_refuses_a_second_code_within_a_minute(provider):
    with time_machine.travel(travel_start(), tick=False) as traveller:
        provider.start(EMAIL)
        traveller.shift(datetime.timedelta(seconds=59))

        with pytest.raises(SendLimitError) as exc:
            provider.start(EMAIL)

        assert exc.value.code == "resend_too_soon"
        assert len(mail.outbox) == 1
        traveller.shift(datetime.timedelta(seconds=2))
        provider.start(EMAIL)
        assert len(mail.outbox) == 2


def test_start_refuses_a_sixth_code_within_an_hour(provider):
    with time_machine.travel(travel_start(), tick=False) as traveller:
        for _ in range(5):
            provider.start(EMAIL)
            traveller.shift(datetime.timedelta(minutes=2))

        with pytest.raises(SendLimitError) as exc:
            provider.start(EMAIL)

        assert exc.value.code == "hourly_limit"
        traveller.shift(datetime.timedelta(minutes=51))
        provider.start(EMAIL)
        assert len(mail.outbox) == 6


def test_sending_limits_are_per_address(provider):
    provider.start(EMAIL)
    provider.start("neighbour@example.com")

    assert len(mail.outbox) == 2


def test_delivery_failure_kills_the_code(provider, monkeypatch):
    def broken_send_mail(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(identity, "send_mail", broken_send_mail)

    with pytest.raises(DeliveryError):
        provider.start(EMAIL)

    assert CitizenCode.objects.get().expires_at <= timezone.now()
