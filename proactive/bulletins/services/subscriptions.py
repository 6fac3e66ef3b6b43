"""Subscriptions to the monthly bulletin.

- **Staff** subscribe with their account (``subscribe_staff``): the address and the language are read from the
  account at sending time, so nothing is copied.
- **Citizens** subscribe with an e-mail address (``subscribe_citizen``): double opt-in. The row is pending until
  the link in the confirmation e-mail is followed (signed token, valid for ``CONFIRM_DAYS`` days); the notice they
  agreed to (purpose, items, retention) is stored with the time of consent (PIPA §15, §22). A pending address is
  deleted after ``CONFIRM_DAYS`` days (``purge_unconfirmed``, run by ``manage.py purge_bulletin_subscriptions``
  and on every new subscription).
- **Unsubscribing** (``unsubscribe``) deletes the row and with it the address; the link in every bulletin e-mail
  works without signing in (a signed token naming the subscription and its random nonce).

No audit event carries an address: the events name the subscription's number only.
"""

import datetime
from typing import Any

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.bulletins.enums import Language, SubscriberKind
from proactive.bulletins.models import Subscription
from proactive.bulletins.services.common import require
from proactive.core.exceptions import DomainError
from proactive.notifications.services import absolute_url

CONFIRM_DAYS = 7
CONFIRM_SALT = "bulletins.confirm"
UNSUBSCRIBE_SALT = "bulletins.unsubscribe"
RESEND_AFTER = datetime.timedelta(minutes=10)  # one confirmation e-mail per address per ten minutes
SUBSCRIBE_STAFF = "bulletins.subscribe_staff"


def consent_notice() -> str:
    """What a citizen agrees to, in the active language (the text shown is the text stored with the consent)."""
    return _(
        "Purpose: sending the proactive administration bulletin by e-mail. Items collected: your e-mail address and "
        "the language you choose. Kept until you unsubscribe (deleted at once); an address not confirmed is deleted "
        "after 7 days. You may refuse; you then cannot receive the bulletin by e-mail (it stays on the website)."
    )


def confirm_token(subscription: Subscription) -> str:
    return signing.dumps([subscription.pk, subscription.nonce], salt=CONFIRM_SALT)


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps([subscription.pk, subscription.nonce], salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute_url(reverse("bulletins:unsubscribe", args=[unsubscribe_token(subscription)]))


def subscription_for_token(token: str, *, salt: str, max_age: int | None = None) -> Subscription | None:
    """The subscription a signed link names, or None (bad signature, expired, already deleted)."""
    try:
        pk, nonce = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Subscription.objects.filter(pk=pk, nonce=nonce).first()


def _language(value: Any) -> str:
    return value if value in Language.values else Language.KO


@transaction.atomic
def subscribe_staff(*, actor: Any, language: str = "") -> Subscription:
    """The signed-in official subscribes with their account (or changes the language). Side effects: audit event
    ``bulletins.subscribed``."""
    require(actor, SUBSCRIBE_STAFF)
    language = _language(language or getattr(actor, "preferred_language", "") or Language.KO)
    subscription, created = Subscription.objects.get_or_create(
        user=actor,
        defaults={"kind": SubscriberKind.STAFF, "language": language, "confirmed_at": timezone.now()},
    )
    if not created and subscription.language != language:
        subscription.language = language
        subscription.save(update_fields=["language"])
    record_event(
        actor=actor,
        verb="bulletins.subscribed" if created else "bulletins.subscription_changed",
        target=subscription,
        data={"kind": SubscriberKind.STAFF, "language": language},
    )
    return subscription


@transaction.atomic
def unsubscribe_staff(*, actor: Any) -> None:
    """The signed-in official ends their subscription. Side effects: the row deleted; audit event."""
    subscription = Subscription.objects.filter(user=actor).first()
    if subscription is None:
        return
    _delete(subscription, actor=actor)


def _delete(subscription: Subscription, *, actor: Any) -> None:
    record_event(actor=actor, verb="bulletins.unsubscribed", target=subscription, data={"kind": subscription.kind})
    subscription.delete()


@transaction.atomic
def purge_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Delete citizens' addresses not confirmed within ``CONFIRM_DAYS`` days. Returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=CONFIRM_DAYS)
    stale = Subscription.objects.filter(kind=SubscriberKind.CITIZEN, confirmed_at__isnull=True, created_at__lt=cutoff)
    count, _rows = stale.delete()
    return count


def _send_confirmation(subscription: Subscription) -> None:
    link = absolute_url(reverse("bulletins:confirm", args=[confirm_token(subscription)]))
    with translation.override(subscription.language):
        context = {"link": link, "days": CONFIRM_DAYS, "notice": consent_notice()}
        message = EmailMultiAlternatives(
            subject=_("Confirm your subscription to the proactive administration bulletin"),
            body=render_to_string("bulletins/email/confirm.txt", context),
            to=[subscription.email],
        )
        message.attach_alternative(render_to_string("bulletins/email/confirm.html", context), "text/html")
        message.send()


@transaction.atomic
def subscribe_citizen(*, email: str, language: str, consent: bool) -> Subscription | None:
    """A citizen asks for the bulletin by e-mail (no account needed). Refused without consent.

    The answer is the same whether the address is new, pending or already confirmed (nobody learns who
    subscribes). Side effects: unconfirmed addresses past their time deleted; a pending row with the consent;
    a confirmation e-mail (at most one per address per ten minutes, none for an address already confirmed);
    audit event ``bulletins.subscription_requested`` (no address in it).
    """
    if not consent:
        raise DomainError(_("Agree to the collection of your e-mail address to subscribe."), code="consent_required")
    address = str(email or "").strip().lower()
    if not address or "@" not in address or len(address) > 254:
        raise DomainError(_("Enter a valid e-mail address."), code="email")
    purge_unconfirmed()
    now = timezone.now()
    subscription = Subscription.objects.select_for_update().filter(kind=SubscriberKind.CITIZEN, email=address).first()
    if subscription is None:
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(
                    kind=SubscriberKind.CITIZEN,
                    email=address,
                    language=_language(language),
                    consent_text=consent_notice(),
                    consented_at=now,
                )
        except IntegrityError:
            return None  # the same address at the same moment: the other request sends the confirmation
    elif (
        subscription.confirmed_at is not None
        or subscription.confirmation_sent_at
        and now - subscription.confirmation_sent_at < RESEND_AFTER
    ):
        return subscription
    subscription.confirmation_sent_at = now
    subscription.save(update_fields=["confirmation_sent_at"])
    record_event(actor=None, verb="bulletins.subscription_requested", target=subscription, data={"kind": "citizen"})
    transaction.on_commit(lambda: _send_confirmation(subscription))
    return subscription


@transaction.atomic
def confirm_subscription(*, token: str) -> Subscription:
    """The citizen followed the link: the subscription starts. Side effects: ``confirmed_at``; audit event."""
    subscription = subscription_for_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 86400)
    if subscription is None:
        raise DomainError(
            _("This confirmation link is not valid any more. Subscribe again to get a new one."), code="token"
        )
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
        record_event(actor=None, verb="bulletins.subscription_confirmed", target=subscription, data={})
    return subscription


@transaction.atomic
def unsubscribe(*, token: str) -> None:
    """The link in a bulletin e-mail: the subscription and the address are deleted. An unknown or already used
    link changes nothing (the answer is the same)."""
    subscription = subscription_for_token(token, salt=UNSUBSCRIBE_SALT)
    if subscription is not None:
        _delete(subscription, actor=None)
