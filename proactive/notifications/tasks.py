"""Background work for notifications: thin wrappers that take ids and call a service."""

from django.tasks import task

from proactive.notifications.services import send_email


@task
def send_notification_email(notification_id: int) -> bool:
    return send_email(notification_id=notification_id)
