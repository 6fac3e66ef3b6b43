"""Subscriptions: citizens' double opt-in with recorded consent, staff with their account, unsubscribing deletes,
pending addresses purged, the same answer whether an address is known or not."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from proactive.audit.models import AuditEvent
from proactive.bulletins.models import Subscription
from proactive.bulletins.queries import subscriber_counts
from proactive.bulletins.services import subscriptions as services
from proactive.core.exceptions import DomainError, PermissionDeniedError
from tests.bulletins.support import arrange

pytestmark = pytest.mark.django_db


def token_of(message) -> str:
    return re.search(r"/bulletin/subscribe/confirm/([^/\s]+)/", message.body).group(1)


def test_a_citizen_confirms_by_the_link_and_the_consent_is_recorded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pending = services.subscribe_citizen(email=" Reader@Example.com ", language="en", consent=True)
    assert pending.email == "reader@example.com"
    assert pending.confirmed_at is None
    assert "보유 기간" in pending.consent_text
    assert pending.consented_at is not None
    (message,) = mail.outbox
    assert message.to == ["reader@example.com"]
    assert message.subject.startswith("Confirm")
    assert "reader@example.com" not in str(AuditEvent.objects.values_list("data", flat=True))
    confirmed = services.confirm_subscription(token=token_of(message))
    assert confirmed.confirmed_at is not None
    assert subscriber_counts().citizens == 1


def test_subscribing_needs_consent_and_a_valid_address():
    with pytest.raises(DomainError) as refused:
        services.subscribe_citizen(email="reader@example.com", language="ko", consent=False)
    assert refused.value.code == "consent_required"
    with pytest.raises(DomainError):
        services.subscribe_citizen(email="not-an-address", language="ko", consent=True)


def test_a_known_address_gets_no_second_mail_soon_after(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.subscribe_citizen(email="reader@example.com", language="ko", consent=True)
        services.subscribe_citizen(email="reader@example.com", language="ko", consent=True)
    assert len(mail.outbox) == 1
    assert Subscription.objects.count() == 1


def test_a_bad_or_expired_link_is_refused():
    with pytest.raises(DomainError):
        services.confirm_subscription(token="nonsense")
    pending = services.subscribe_citizen(email="reader@example.com", language="ko", consent=True)
    token = services.confirm_token(pending)
    Subscription.objects.filter(pk=pending.pk).update(nonce="changed")
    with pytest.raises(DomainError):
        services.confirm_subscription(token=token)


def test_unconfirmed_addresses_are_deleted_after_seven_days():
    pending = services.subscribe_citizen(email="reader@example.com", language="ko", consent=True)
    Subscription.objects.filter(pk=pending.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert services.purge_unconfirmed() == 1
    assert not Subscription.objects.exists()


def test_staff_subscribe_with_their_account_and_unsubscribe():
    people = arrange()
    subscription = services.subscribe_staff(actor=people.official, language="en")
    assert (subscription.kind, subscription.email, subscription.confirmed_at is not None) == ("staff", "", True)
    services.subscribe_staff(actor=people.official, language="ko")
    assert Subscription.objects.get().language == "ko"
    services.unsubscribe_staff(actor=people.official)
    assert not Subscription.objects.exists()
    assert AuditEvent.objects.filter(verb="bulletins.unsubscribed").count() == 1


def test_a_citizen_account_cannot_subscribe_as_staff():
    people = arrange()
    with pytest.raises(PermissionDeniedError):
        services.subscribe_staff(actor=people.citizen)
