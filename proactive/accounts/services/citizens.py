"""Citizen accounts: created on first verified sign-in, identified only by their e-mail address."""

import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.accounts.enums import UserKind
from proactive.accounts.identity import normalise_email
from proactive.accounts.models import User
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError


def _new_username() -> str:
    while True:
        username = f"c-{secrets.token_hex(6)}"
        if not User.objects.filter(username=username).exists():
            return username


def get_or_create_verified_citizen(*, actor: Any, email: str) -> User:
    """Return the citizen account for ``email``, creating it on first sign-in, after the address was verified.

    Rules: the address is stored lower-cased and is unique among citizens; a new account gets a random username
    ("c-" and 12 hex digits) and no usable password (citizens sign in by code only); a disabled account is
    refused. ``actor`` is whoever asks; when that is nobody yet (the visitor signing in), the event is attributed
    to the citizen.

    Side effects: ``email_verified_at`` set to now; audit event ``accounts.citizen_verified``.
    """
    email = normalise_email(email)
    try:
        return _verify(actor, email)
    except IntegrityError:
        # Two first sign-ins for one address raced; the other created the account, so use it.
        return _verify(actor, email)


@transaction.atomic
def _verify(actor: Any, email: str) -> User:
    now = timezone.now()
    user = User.objects.select_for_update().filter(kind=UserKind.CITIZEN, email=email).first()
    created = user is None
    if user is None:
        user = User(username=_new_username(), kind=UserKind.CITIZEN, email=email, email_verified_at=now)
        user.set_unusable_password()
        with transaction.atomic():
            user.save()
    elif not user.is_active:
        raise DomainError(
            _("This account has been disabled. Please contact the programme secretariat."), code="account_disabled"
        )
    else:
        user.email_verified_at = now
        user.save(update_fields=["email_verified_at"])
    record_event(
        actor=actor if getattr(actor, "pk", None) else user,
        verb="accounts.citizen_verified",
        target=user,
        data={"created": created},
    )
    return user
