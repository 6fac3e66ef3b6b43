from django.utils.functional import SimpleLazyObject

from proactive.notifications.queries import unread_count


def unread(request):
    """The unread count for the header badge: one query, and only when a template actually shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
