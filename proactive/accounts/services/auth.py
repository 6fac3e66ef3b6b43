"""Sign-in writes: second-factor devices, password changes and resets.

Views handle the session (``login``, ``django_otp.login``, ``update_session_auth_hash``) and access records;
these functions change accounts and devices and write the audit trail.
"""

import logging
import math
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from proactive.accounts.models import User
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError

logger = logging.getLogger(__name__)


class SecondFactorError(DomainError):
    """A TOTP code was refused. ``code`` is one of: wrong, reused, throttled."""


def _is_replay(device: TOTPDevice, token: str) -> bool:
    """True if ``token`` is a valid code for a time step that was already used (the replay guard refused it)."""
    try:
        value = int(token)
    except ValueError:
        return False
    # Called after verify_token() failed with the guard min_t = last_t + 1: a match without the guard can only be
    # for a step at or before last_t.
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return device.last_t >= 0 and totp.verify(value, device.tolerance)


def _check_token(device: TOTPDevice, token: str) -> tuple[TOTPDevice, SecondFactorError | None]:
    """Verify ``token`` with django-otp's throttling and replay protection; never raises inside the transaction,
    so a counted failure is kept."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, info = device.verify_is_allowed()
        if not allowed:
            locked_until = (info or {}).get("locked_until")
            seconds = math.ceil((locked_until - timezone.now()).total_seconds()) if locked_until else 1
            return device, SecondFactorError(
                _("Too many wrong codes. Please wait %(seconds)s seconds and try again.")
                % {"seconds": max(seconds, 1)},
                code="throttled",
            )
        if device.verify_token(token):
            return device, None
        if _is_replay(device, token):
            return device, SecondFactorError(
                _("This code has already been used. Please wait for the next code in your authenticator app."),
                code="reused",
            )
        return device, SecondFactorError(
            _("This code is not correct. Check the time on your phone and the code in your authenticator app."),
            code="wrong",
        )


def verify_totp(*, actor: Any, device: TOTPDevice, token: str) -> TOTPDevice:
    """Check a TOTP code against ``actor``'s confirmed device.

    Rules: each code works once (the device remembers the last used time step); wrong codes slow further tries
    down exponentially (django-otp throttling). Side effects: the device's last-used step, drift and throttle
    counters are updated. Raises ``SecondFactorError``.
    """
    if device.user_id != getattr(actor, "pk", None) or not device.confirmed:
        raise SecondFactorError(_("This authenticator is not registered to your account."), code="wrong")
    device, error = _check_token(device, token)
    if error is not None:
        raise error
    return device


@transaction.atomic
def start_totp_enrolment(*, actor: Any, user: User) -> TOTPDevice:
    """Give ``user`` an unconfirmed authenticator to scan; reuse the pending one so reloading keeps the QR code.

    Rules: only while the user has no confirmed authenticator (replacing one needs the secretariat).
    Side effects: an unconfirmed TOTPDevice; audit event ``accounts.totp_enrolment_started`` when created.
    """
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        raise DomainError(_("You already have an authenticator app registered."), code="already_enrolled")
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
        record_event(actor=actor, verb="accounts.totp_enrolment_started", target=user, data={"device": device.pk})
    return device


def confirm_totp_device(*, actor: Any, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm a newly scanned authenticator with a first valid code.

    Side effects: ``device.confirmed`` set; other pending devices of the user removed; audit event
    ``accounts.totp_enrolled``. Raises ``SecondFactorError`` for a wrong, reused or throttled code.
    """
    if device.user_id != getattr(actor, "pk", None) or device.confirmed:
        raise DomainError(_("This authenticator cannot be confirmed."), code="invalid_device")
    device, error = _check_token(device, token)
    if error is not None:
        raise error
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).delete()
        record_event(actor=actor, verb="accounts.totp_enrolled", target=device.user, data={"device": device.pk})
    return device


@transaction.atomic
def change_password(*, actor: Any, user: User, new_password: str) -> User:
    """Set a new password chosen by the signed-in user (the form already checked the old one and the rules).

    Side effects: the password hash changes, which signs out the user's other sessions; audit event
    ``accounts.password_changed`` (never with the password).
    """
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_event(actor=actor, verb="accounts.password_changed", target=user)
    return user


@transaction.atomic
def reset_password(*, actor: Any, user: User, new_password: str) -> User:
    """Set a new password through an e-mailed reset link (the view already checked the token).

    Rules: the reset does not sign the user in; the second factor is still asked at the next sign-in.
    Side effects: the password hash changes, which makes the reset link and all other sessions invalid; audit
    event ``accounts.password_reset``.
    """
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_event(actor=actor, verb="accounts.password_reset", target=user)
    return user


def send_password_reset(*, actor: Any, users: Iterable[User], domain: str, use_https: bool) -> int:
    """E-mail each of ``users`` a single-use reset link, in their own language. Returns how many were sent.

    Rules: the caller passes only accounts allowed to reset (active officials with a usable password), and tells
    the person the same thing whether or not any account matched. Side effects: an e-mail per user; audit
    event ``accounts.password_reset_requested`` per user.
    """
    sent = 0
    protocol = "https" if use_https else "http"
    for user in users:
        path = reverse(
            "accounts:password-reset-confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context = {
            "user": user,
            "reset_url": f"{protocol}://{domain}{path}",
            "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
        }
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            subject = "".join(render_to_string("accounts/emails/password_reset_subject.txt", context).splitlines())
            body = render_to_string("accounts/emails/password_reset.txt", context)
        record_event(actor=actor, verb="accounts.password_reset_requested", target=user)
        try:
            send_mail(subject, body, None, [user.email])
        except Exception:  # the page must not reveal whether an account exists, so a failed send is only logged
            logger.exception("Sending a password reset e-mail failed for user %s", user.pk)
            continue
        sent += 1
    return sent
