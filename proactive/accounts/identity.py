"""How a citizen proves who they are: a pluggable identity provider.

The built-in provider sends a one-time code to an e-mail address. Another provider (a mobile-phone identity
service, 간편인증, …) plugs in through ``settings.IDENTITY_VERIFICATION_PROVIDER`` by implementing the same two
calls. Providers raise an ``IdentityError`` (a ``DomainError``) with a message that is safe to show the user.
"""

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from proactive.accounts.models import CitizenCode
from proactive.core.exceptions import DomainError

logger = logging.getLogger(__name__)

CODE_DIGITS = 6
# Sending limits per address: protect people's inboxes and the mail server from abuse.
RESEND_INTERVAL = timedelta(seconds=60)
HOURLY_SEND_LIMIT = 5


class IdentityError(DomainError):
    """The provider refused: the message explains why and what to do next."""


class CodeExpiredError(IdentityError):
    pass


class CodeExhaustedError(IdentityError):
    pass


class CodeMissingError(IdentityError):
    pass


class SendLimitError(IdentityError):
    pass


class DeliveryError(IdentityError):
    pass


class IdentityProvider(Protocol):
    """Proves that a person controls an e-mail address (or another identifier that maps to one)."""

    def start(self, email: str) -> None:
        """Send the person a challenge. Raises ``IdentityError`` when sending is not possible now."""
        ...

    def verify(self, email: str, code: str) -> bool:
        """True if ``code`` answers the latest challenge; raises ``IdentityError`` when no answer can succeed."""
        ...


def get_provider() -> IdentityProvider:
    return import_string(settings.IDENTITY_VERIFICATION_PROVIDER)()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_code(email: str, code: str) -> str:
    """HMAC-SHA256 of the code, bound to the address, keyed with SECRET_KEY: a leaked table reveals no codes."""
    message = f"{normalise_email(email)}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


class EmailCodeProvider:
    """A 6-digit code sent by e-mail.

    Rules: the code lives for ``CITIZEN_CODE_TTL``; ``CITIZEN_CODE_MAX_ATTEMPTS`` wrong tries kill it; a new code
    kills all older ones; an address gets at most one code a minute and five an hour. Only the code's HMAC is
    stored. Codes are short-lived credentials, so they are not written to the audit trail; the successful
    verification is (``accounts.citizen_verified``).
    """

    def start(self, email: str) -> None:
        email = normalise_email(email)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        now = timezone.now()
        with transaction.atomic():
            recent = CitizenCode.objects.filter(email=email, created_at__gte=now - timedelta(hours=1))
            if recent.filter(created_at__gt=now - RESEND_INTERVAL).exists():
                raise SendLimitError(
                    _("A code was sent to this address less than a minute ago. Please wait a minute and try again."),
                    code="resend_too_soon",
                )
            if recent.count() >= HOURLY_SEND_LIMIT:
                raise SendLimitError(
                    _("Too many codes were sent to this address in the last hour. Please try again later."),
                    code="hourly_limit",
                )
            CitizenCode.objects.filter(email=email, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
            record = CitizenCode.objects.create(
                email=email, code_hash=hash_code(email, code), expires_at=now + settings.CITIZEN_CODE_TTL
            )
        minutes = int(settings.CITIZEN_CODE_TTL.total_seconds() // 60)
        context = {"code": code, "minutes": minutes, "email": email}
        # The code is sent in the language the person is using right now.
        with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
            subject = "".join(render_to_string("accounts/emails/citizen_code_subject.txt", context).splitlines())
            body = render_to_string("accounts/emails/citizen_code.txt", context)
        try:
            send_mail(subject, body, None, [email])
        except Exception as exc:  # any transport failure: the code never arrived, so it must not stay usable
            logger.exception("Sending a citizen sign-in code failed")
            CitizenCode.objects.filter(pk=record.pk).update(expires_at=timezone.now())
            raise DeliveryError(
                _("We could not send the e-mail just now. Please try again in a minute."), code="delivery_failed"
            ) from exc

    def verify(self, email: str, code: str) -> bool:
        email = normalise_email(email)
        now = timezone.now()
        error: IdentityError | None = None
        verified = False
        # Errors are raised after the transaction so a counted attempt is never rolled back.
        with transaction.atomic():
            record = CitizenCode.objects.select_for_update().filter(email=email).order_by("-created_at", "-pk").first()
            if record is None or record.used_at is not None:
                error = CodeMissingError(
                    _("There is no valid code for this address. Please ask for a new code."), code="no_code"
                )
            elif record.attempts >= settings.CITIZEN_CODE_MAX_ATTEMPTS:
                error = CodeExhaustedError(
                    _("This code was entered wrongly too many times and no longer works. Please ask for a new code."),
                    code="code_exhausted",
                )
            elif now >= record.expires_at:
                error = CodeExpiredError(_("This code has expired. Please ask for a new code."), code="code_expired")
            else:
                record.attempts += 1
                verified = hmac.compare_digest(record.code_hash, hash_code(email, code.strip()))
                if verified:
                    record.used_at = now
                record.save(update_fields=["attempts", "used_at"])
        if error is not None:
            raise error
        return verified
