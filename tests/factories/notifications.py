import factory

from proactive.notifications.kinds import SYSTEM_MESSAGE
from proactive.notifications.models import Notification, NotificationPreference
from tests.factories.accounts import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = SYSTEM_MESSAGE
    title = factory.Sequence(lambda n: f"알림 {n}")
    body = "본문"
    url = ""


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    kind = SYSTEM_MESSAGE
    email_enabled = False
