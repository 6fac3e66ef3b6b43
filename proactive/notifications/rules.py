"""Who may see and change notifications: every signed-in person, and only their own."""

import rules


@rules.predicate
def is_recipient(user, notification) -> bool:
    return notification is not None and notification.recipient_id == user.pk


rules.add_perm("notifications.view_inbox", rules.is_authenticated)
rules.add_perm("notifications.change_preferences", rules.is_authenticated)
rules.add_perm("notifications.change_notification", rules.is_authenticated & is_recipient)
