"""Second factor for staff roles (AUTH-05): TOTP set-up and verification, replay and throttling."""

import datetime
import re
from base64 import b32encode

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from proactive.accounts.enums import STAFF_ROLES, Role
from proactive.audit.models import AccessRecord, AuditEvent
from tests.accounts.conftest import post_login, travel_start
from tests.conftest import current_totp, login_verified, make_staff
from tests.factories.accounts import CitizenFactory, RoleMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

OTP_VERIFY = reverse("accounts:otp-verify")
OTP_SETUP = reverse("accounts:otp-setup")


@pytest.fixture
def staff(db):
    return make_staff(Role.SECRETARIAT)


@pytest.fixture
def staff_without_device(db):
    user = UserFactory()
    RoleMembershipFactory(user=user, role=Role.REVIEWER)
    return user


def _post_code(client, url, code, **extra):
    return client.post(url, {"code": code, **extra})


def _is_verified(client) -> bool:
    return "otp_device_id" in client.session


def test_staff_with_device_is_sent_to_otp_verify_after_password(client, staff):
    response = post_login(client, staff.username)

    assert response.status_code == 302
    assert response.url == OTP_VERIFY
    assert not _is_verified(client)


def test_staff_without_device_is_sent_to_otp_setup_after_password(client, staff_without_device):
    response = post_login(client, staff_without_device.username, next="/accounts/profile/")

    assert response.url == OTP_SETUP + "?next=%2Faccounts%2Fprofile%2F"


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_unverified_holder_of_any_staff_role_is_redirected_from_dashboard(client, role):
    user = make_staff(role)
    post_login(client, user.username)

    response = client.get(reverse("web:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(OTP_VERIFY)


def test_otp_verify_with_current_code_completes_sign_in(client, staff):
    with time_machine.travel(travel_start(), tick=False):
        post_login(client, staff.username, next="/accounts/profile/")
        key_before = client.session.session_key

        response = _post_code(client, OTP_VERIFY, current_totp(staff), next="/accounts/profile/")

        assert response.status_code == 302
        assert response.url == "/accounts/profile/"
        assert _is_verified(client)
        assert client.session.session_key != key_before
        assert client.get(reverse("accounts:profile")).status_code == 200


def test_otp_verify_accepts_code_typed_with_a_space(client, staff):
    with time_machine.travel(travel_start(), tick=False):
        post_login(client, staff.username)
        code = current_totp(staff)

        response = _post_code(client, OTP_VERIFY, f"{code[:3]} {code[3:]}")

        assert response.status_code == 302
        assert _is_verified(client)


def test_otp_verify_wrong_code_is_refused(lang_en, staff):
    with time_machine.travel(travel_start(), tick=False):
        post_login(lang_en, staff.username)
        wrong = f"{(int(current_totp(staff)) + 1) % 1_000_000:06d}"

        response = _post_code(lang_en, OTP_VERIFY, wrong)

        assert response.status_code == 200
        assert "This code is not correct." in response.content.decode()
        assert 'role="alert"' in response.content.decode()
        assert not _is_verified(lang_en)
        assert AccessRecord.objects.filter(action="login_failed", actor=staff, resource="totp").count() == 1


@pytest.mark.parametrize("code", ["12345", "1234567", "12a456", ""])
def test_otp_verify_malformed_code_is_refused_without_counting(lang_en, staff, code):
    post_login(lang_en, staff.username)

    response = _post_code(lang_en, OTP_VERIFY, code)

    assert response.status_code == 200
    assert not _is_verified(lang_en)
    if code:
        assert "Enter the 6-digit code from your authenticator app, using digits only." in response.content.decode()
    assert TOTPDevice.objects.get(user=staff).throttling_failure_count == 0


def test_otp_verify_reused_code_is_refused(staff):
    first, second = Client(), Client()
    second.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(travel_start(), tick=False):
        code = current_totp(staff)
        post_login(first, staff.username)
        _post_code(first, OTP_VERIFY, code)
        assert _is_verified(first)

        post_login(second, staff.username)
        response = _post_code(second, OTP_VERIFY, code)

        assert response.status_code == 200
        assert "This code has already been used." in response.content.decode()
        assert not _is_verified(second)


def test_otp_verify_is_throttled_after_a_wrong_code(lang_en, staff):
    with time_machine.travel(travel_start(), tick=False) as traveller:
        post_login(lang_en, staff.username)
        code = current_totp(staff)
        _post_code(lang_en, OTP_VERIFY, f"{(int(code) + 1) % 1_000_000:06d}")

        throttled = _post_code(lang_en, OTP_VERIFY, code)

        assert "Too many wrong codes." in throttled.content.decode()
        assert not _is_verified(lang_en)

        traveller.shift(datetime.timedelta(seconds=2))
        response = _post_code(lang_en, OTP_VERIFY, code)

        assert response.status_code == 302
        assert _is_verified(lang_en)


def test_otp_verify_requires_sign_in(client):
    response = client.get(OTP_VERIFY)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_plain_official_needs_no_second_factor(client, official):
    response = post_login(client, official.username)

    assert response.url == reverse("web:dashboard")
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get(OTP_VERIFY).url == reverse("web:dashboard")


def test_verified_staff_visiting_otp_verify_is_sent_on(client, staff):
    login_verified(client, staff)

    response = client.get(OTP_VERIFY + "?next=/accounts/profile/")

    assert response.url == "/accounts/profile/"


def test_otp_setup_shows_qr_code_and_grouped_secret(client, staff_without_device):
    post_login(client, staff_without_device.username)

    response = client.get(OTP_SETUP)

    content = response.content.decode()
    device = TOTPDevice.objects.get(user=staff_without_device)
    secret = b32encode(device.bin_key).decode()
    assert not device.confirmed
    assert '<div class="proactive-qr" aria-hidden="true"><svg' in content
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in content
    assert 'autocomplete="one-time-code"' in content
    assert not re.search(r"<script(?![^>]*\bsrc=)", content)
    assert " style=" not in content


def test_otp_setup_reload_keeps_the_same_pending_device(client, staff_without_device):
    post_login(client, staff_without_device.username)
    client.get(OTP_SETUP)
    client.get(OTP_SETUP)

    assert TOTPDevice.objects.filter(user=staff_without_device).count() == 1


def test_otp_setup_confirms_device_with_valid_code(client, staff_without_device):
    with time_machine.travel(travel_start(), tick=False):
        post_login(client, staff_without_device.username)
        client.get(OTP_SETUP)

        response = _post_code(client, OTP_SETUP, current_totp(staff_without_device))

        assert response.status_code == 302
        assert TOTPDevice.objects.get(user=staff_without_device).confirmed
        assert _is_verified(client)
        event = AuditEvent.objects.get(verb="accounts.totp_enrolled")
        assert (event.actor_id, event.target_id) == (staff_without_device.pk, str(staff_without_device.pk))
        assert client.get(reverse("accounts:profile")).status_code == 200


def test_otp_setup_wrong_code_leaves_device_unconfirmed(lang_en, staff_without_device):
    with time_machine.travel(travel_start(), tick=False):
        post_login(lang_en, staff_without_device.username)
        lang_en.get(OTP_SETUP)
        wrong = f"{(int(current_totp(staff_without_device)) + 1) % 1_000_000:06d}"

        response = _post_code(lang_en, OTP_SETUP, wrong)

        assert "This code is not correct." in response.content.decode()
        assert not TOTPDevice.objects.get(user=staff_without_device).confirmed
        assert not _is_verified(lang_en)
        assert not AuditEvent.objects.filter(verb="accounts.totp_enrolled").exists()


def test_otp_setup_requires_sign_in(client):
    response = client.get(OTP_SETUP)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not TOTPDevice.objects.exists()


def test_otp_setup_is_refused_to_citizens(client):
    client.force_login(CitizenFactory())

    assert client.get(OTP_SETUP).status_code == 403


def test_otp_setup_is_refused_to_plain_officials(client, official):
    client.force_login(official)

    assert client.get(OTP_SETUP).status_code == 403


def test_otp_setup_cannot_add_a_device_when_one_is_confirmed(client, staff):
    post_login(client, staff.username)

    response = client.get(OTP_SETUP)

    assert response.url == OTP_VERIFY
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_unverified_staff_cannot_open_profile(client, staff):
    post_login(client, staff.username)

    response = client.get(reverse("accounts:profile"))

    assert response.url.startswith(OTP_VERIFY)


def test_unverified_staff_cannot_change_password(client, staff):
    post_login(client, staff.username)

    response = client.get(reverse("accounts:password-change"))

    assert response.url.startswith(OTP_VERIFY)
