"""Writes for notifications: create (and queue the e-mail), mark read, e-mail preferences, and the e-mail itself."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.core.exceptions import PermissionDeniedError
from proactive.notifications.kinds import get_kind
from proactive.notifications.models import Notification, NotificationPreference


def language_for(user: Any) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def wants_email(user: Any, kind: str) -> bool:
    """The person's choice for ``kind`` if they made one, else the kind's default; never without an address."""
    if not getattr(user, "email", ""):
        return False
    choice = NotificationPreference.objects.filter(user=user, kind=kind).values_list("email_enabled", flat=True).first()
    return get_kind(kind).email_default if choice is None else choice


def _one_line(text: str, limit: int) -> str:
    return " ".join(str(text).split())[:limit]


@transaction.atomic
def notify(*, recipient: Any, kind: str, title: Any, body: Any = "", url: str = "", actor: Any = None) -> Notification:
    """Put a notification in ``recipient``'s inbox and, if they want e-mail for ``kind``, queue one.

    ``title`` and ``body`` may be lazy translations: they are rendered in the recipient's language. ``url`` must be
    a path on this site. Unknown kinds raise ``ValueError``.

    Side effects: a Notification row; after the transaction commits, the ``send_notification_email`` task.
    No audit event: the business event that caused the notification is audited by its own service.
    """
    from proactive.notifications.tasks import send_notification_email  # tasks import this module

    get_kind(kind)
    if url and not (url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)):
        raise ValueError("A notification link must be a path on this site.")
    with translation.override(language_for(recipient)):
        notification = Notification.objects.create(
            recipient=recipient,
            kind=kind,
            title=_one_line(title, 200),
            body=str(body),
            url=url,
        )
    if wants_email(recipient, kind):
        transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def mark_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark one of ``actor``'s own notifications read. Only the recipient may."""
    if notification.recipient_id != getattr(actor, "pk", None):
        raise PermissionDeniedError(_("Only the recipient can mark a notification read."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, actor: Any) -> int:
    """Mark all of ``actor``'s unread notifications read; returns how many changed."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def set_email_preference(*, actor: Any, user: Any, kind: str, enabled: bool) -> NotificationPreference:
    """Record whether ``user`` wants e-mail for ``kind``. Only the person themself may change it.

    Side effect: an audit event when the effective choice changes.
    """
    if getattr(actor, "pk", None) != user.pk:
        raise PermissionDeniedError(_("You can change only your own notification settings."))
    default = get_kind(kind).email_default
    preference, created = NotificationPreference.objects.get_or_create(
        user=user, kind=kind, defaults={"email_enabled": enabled}
    )
    old = default if created else preference.email_enabled
    if not created and preference.email_enabled != enabled:
        preference.email_enabled = enabled
        preference.save(update_fields=["email_enabled"])
    if old != enabled:
        record_event(
            actor=actor,
            verb="notifications.preference_changed",
            target=preference,
            changes={"email_enabled": [old, enabled]},
            data={"kind": kind},
        )
    return preference


def absolute_url(path: str) -> str:
    """``path`` on this site as a full address, for e-mails (which have no request to build it from)."""
    base = getattr(settings, "PROACTIVE_SITE_URL", "")
    if not base:
        host = next((h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")), "localhost")
        base = f"{'https' if getattr(settings, 'HTTPS', True) else 'http'}://{host}"
    return base.rstrip("/") + path


@transaction.atomic
def send_email(*, notification_id: int) -> bool:
    """E-mail one notification to its recipient, in their language, at most once.

    Returns False (and sends nothing) if it was already e-mailed, or the recipient has no address.
    Side effects: one e-mail; ``emailed_at`` set.
    """
    notification = Notification.objects.select_for_update().select_related("recipient").get(pk=notification_id)
    recipient = notification.recipient
    if notification.emailed_at is not None or not recipient.email:
        return False
    with translation.override(language_for(recipient)):
        parts = [notification.body] if notification.body else []
        if notification.url:
            parts.append(_("Open it here: %(url)s") % {"url": absolute_url(notification.url)})
        parts.append(
            "-- \n"
            + _("You can choose which notifications you also get by e-mail: %(url)s")
            % {"url": absolute_url(reverse("notifications:preferences"))}
        )
        EmailMessage(
            subject=_one_line(notification.title, 200),
            body="\n\n".join(parts),
            to=[recipient.email],
        ).send()
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True
