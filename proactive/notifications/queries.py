"""Reads for notifications: a person's inbox, unread count, latest items and e-mail choices."""

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from proactive.notifications.kinds import all_kinds
from proactive.notifications.models import Notification, NotificationPreference


def inbox_for(user: Any) -> QuerySet[Notification]:
    """``user``'s own notifications: unread first, then newest first."""
    return (
        Notification.objects.filter(recipient=user)
        .annotate(unread=ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField()))
        .order_by("-unread", "-created_at", "-id")
    )


def unread_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def unread_panel(user: Any) -> dict[str, Any]:
    """The dashboard panel: the latest five unread notifications and how many there are (two queries)."""
    return {"latest": list(unread_for(user)[:5]), "count": unread_count(user)}


def email_choices(user: Any) -> dict[str, bool]:
    """Every registered kind → whether ``user`` gets e-mail for it (their choice, else the kind's default)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email_enabled"))
    return {kind.key: chosen.get(kind.key, kind.email_default) for kind in all_kinds()}
