"""Password change and e-mailed reset (AUTH-08): single-use links, no account enumeration, no MFA bypass."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from tests.accounts.conftest import last_reset_link, post_login
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import DEFAULT_PASSWORD, CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGE = reverse("accounts:password-change")
RESET = reverse("accounts:password-reset")
NEW_PASSWORD = "plum-orchard-lantern-42"


def _change(client, old=DEFAULT_PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": confirm or new})


def _reset_path(link: str) -> str:
    return urlsplit(link).path


# --- change ----------------------------------------------------------------------------------------------


def test_password_change_requires_sign_in(client):
    response = client.get(CHANGE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_password_change_is_refused_to_citizens(client):
    client.force_login(CitizenFactory())

    assert client.get(CHANGE).status_code == 403


def test_password_change_page_uses_password_autocomplete(client, official):
    client.force_login(official)

    content = client.get(CHANGE).content.decode()

    assert 'autocomplete="current-password"' in content
    assert content.count('autocomplete="new-password"') == 2


def test_password_change_requires_current_password(client, official):
    client.force_login(official)

    response = _change(client, old="not-my-password-1")

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    official.refresh_from_db()
    assert official.check_password(DEFAULT_PASSWORD)


@pytest.mark.parametrize("new", ["short1234", "password1234", "busan2025!!"])
def test_password_change_applies_password_rules(client, official, new):
    client.force_login(official)

    response = _change(client, new=new)

    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    official.refresh_from_db()
    assert official.check_password(DEFAULT_PASSWORD)


def test_password_change_sets_password_keeps_session_and_audits(client, official):
    client.force_login(official)

    response = _change(client)

    assert response.url == reverse("accounts:profile")
    official.refresh_from_db()
    assert official.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:profile")).status_code == 200
    event = AuditEvent.objects.get(verb="accounts.password_changed")
    assert (event.actor_id, event.target_id) == (official.pk, str(official.pk))
    assert NEW_PASSWORD not in str(event.data) + str(event.changes)


def test_password_change_signs_out_other_sessions(client, official):
    other = Client()
    post_login(other, official.username)
    client.force_login(official)

    _change(client)

    response = other.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_password_change_works_for_verified_staff(client):
    staff = make_staff(Role.SECRETARIAT)
    login_verified(client, staff)

    response = _change(client)

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)


# --- reset -----------------------------------------------------------------------------------------------


def test_password_reset_sends_link_to_official(client, official):
    response = client.post(RESET, {"email": official.email.upper()})

    assert response.url == reverse("accounts:password-reset-sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [official.email]
    assert AuditEvent.objects.filter(verb="accounts.password_reset_requested", target_id=str(official.pk)).exists()


def test_password_reset_unknown_email_shows_the_same_page(client, official):
    known = client.post(RESET, {"email": official.email}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@busan.example"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain == [(reverse("accounts:password-reset-sent"), 302)]
    assert [t.name for t in known.templates] == [t.name for t in unknown.templates]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("kind", ["citizen", "unusable", "inactive"])
def test_password_reset_sends_nothing_to_accounts_that_cannot_reset(client, kind):
    if kind == "citizen":
        user = CitizenFactory()
    elif kind == "unusable":
        user = UserFactory()
        user.set_unusable_password()
        user.save()
    else:
        user = UserFactory(is_active=False)

    response = client.post(RESET, {"email": user.email})

    assert response.url == reverse("accounts:password-reset-sent")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("en", "Reset your password for the proactive-administration system"),
        ("ko", "적극행정 시스템 비밀번호 재설정 안내"),
        ("", "적극행정 시스템 비밀번호 재설정 안내"),
    ],
)
def test_password_reset_email_is_in_the_users_language(client, language, subject):
    user = UserFactory(preferred_language=language)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en" if language != "en" else "ko"

    client.post(RESET, {"email": user.email})

    assert mail.outbox[0].subject == subject


def test_password_reset_link_moves_token_out_of_the_url(client, official):
    client.post(RESET, {"email": official.email})
    path = _reset_path(last_reset_link(official.email))

    response = client.get(path)

    assert response.status_code == 302
    assert response.url.endswith("/set-password/")
    assert path.rstrip("/").rsplit("/", 1)[1] not in response.url


def test_password_reset_token_works_once(lang_en, official):
    lang_en.post(RESET, {"email": official.email})
    path = _reset_path(last_reset_link(official.email))

    form_url = lang_en.get(path).url
    done = lang_en.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.url == reverse("accounts:password-reset-complete")
    official.refresh_from_db()
    assert official.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(verb="accounts.password_reset", target_id=str(official.pk)).exists()

    again = lang_en.get(path)
    assert again.status_code == 200
    assert "This password reset link is not valid." in again.content.decode()
    replay = lang_en.post(form_url, {"new_password1": "another-orchard-99", "new_password2": "another-orchard-99"})
    assert "This password reset link is not valid." in replay.content.decode()
    official.refresh_from_db()
    assert official.check_password(NEW_PASSWORD)


def test_password_reset_applies_password_rules(client, official):
    client.post(RESET, {"email": official.email})
    form_url = client.get(_reset_path(last_reset_link(official.email))).url

    response = client.post(form_url, {"new_password1": "admin12345", "new_password2": "admin12345"})

    assert response.status_code == 200
    official.refresh_from_db()
    assert official.check_password(DEFAULT_PASSWORD)


def test_password_reset_does_not_sign_in_and_keeps_second_factor(client):
    staff = make_staff(Role.AUDIT_OFFICER)
    client.post(RESET, {"email": staff.email})
    form_url = client.get(_reset_path(last_reset_link(staff.email))).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert "_auth_user_id" not in client.session
    response = post_login(client, staff.username, NEW_PASSWORD)
    assert response.url == reverse("accounts:otp-verify")
    assert client.get(reverse("web:dashboard")).url.startswith(reverse("accounts:otp-verify"))


def test_password_reset_rejects_forged_token(lang_en, official):
    uid = urlsafe_base64_encode(force_bytes(official.pk))

    response = lang_en.get(reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": "abc-123"}))

    assert response.status_code == 200
    assert "This password reset link is not valid." in response.content.decode()


def test_password_reset_set_password_step_without_session_token_is_refused(lang_en, official):
    uid = urlsafe_base64_encode(force_bytes(official.pk))
    url = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": "set-password"})

    response = lang_en.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert "This password reset link is not valid." in response.content.decode()
    official.refresh_from_db()
    assert official.check_password(DEFAULT_PASSWORD)


def test_password_reset_link_for_citizen_is_refused(lang_en):
    citizen = CitizenFactory()
    uid = urlsafe_base64_encode(force_bytes(citizen.pk))
    token = default_token_generator.make_token(citizen)

    response = lang_en.get(reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token}))

    assert "This password reset link is not valid." in response.content.decode()


def test_password_reset_garbled_uid_is_refused(lang_en):
    url = reverse("accounts:password-reset-confirm", kwargs={"uidb64": "!!notbase64", "token": "abc-123"})

    assert "This password reset link is not valid." in lang_en.get(url).content.decode()
