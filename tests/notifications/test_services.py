import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proactive.audit.models import AuditEvent
from proactive.core.exceptions import PermissionDeniedError
from proactive.notifications.kinds import SYSTEM_MESSAGE, all_kinds, register_kind
from proactive.notifications.models import Notification, NotificationPreference
from proactive.notifications.services import mark_all_read, mark_read, notify, send_email, set_email_preference
from tests.factories.accounts import UserFactory
from tests.factories.notifications import NotificationFactory, NotificationPreferenceFactory

QUIET_KIND = "tests.quiet"
register_kind(QUIET_KIND, "Quiet test kind", email_default=False)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the callbacks a committed transaction would run (the test's own transaction never commits)."""

    def run(fn):
        with django_capture_on_commit_callbacks(execute=True):
            return fn()

    return run


@pytest.mark.django_db
def test_notify_creates_an_inbox_row_and_sends_the_email(on_commit):
    recipient = UserFactory(email="kim@busan.example", preferred_language="ko")

    notification = on_commit(
        lambda: notify(
            recipient=recipient, kind=SYSTEM_MESSAGE, title="점검 안내", body="내일 점검합니다.", url="/dashboard/"
        )
    )

    assert Notification.objects.get() == notification
    assert notification.recipient == recipient
    assert notification.read_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "점검 안내"
    assert message.to == ["kim@busan.example"]
    assert "내일 점검합니다." in message.body
    assert f"{settings.PROACTIVE_SITE_URL}/dashboard/" in message.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "footer"),
    [
        ("en", "Messages from the system administrators", "You can choose which notifications you also get by e-mail"),
        ("ko", "시스템 관리자의 안내", "이메일로도 받을 알림을 고를 수 있습니다"),
        ("", "시스템 관리자의 안내", "이메일로도 받을 알림을 고를 수 있습니다"),  # no choice: the site default
    ],
)
def test_notification_and_email_are_in_the_recipients_language(on_commit, language, title, footer):
    recipient = UserFactory(preferred_language=language)

    notification = on_commit(
        lambda: notify(
            recipient=recipient, kind=SYSTEM_MESSAGE, title=_("Messages from the system administrators"), url="/"
        )
    )

    assert notification.title == title
    assert mail.outbox[0].subject == title
    assert footer in mail.outbox[0].body


@pytest.mark.django_db
def test_no_email_when_the_recipient_turned_it_off(on_commit):
    recipient = UserFactory()
    NotificationPreferenceFactory(user=recipient, kind=SYSTEM_MESSAGE, email_enabled=False)

    on_commit(lambda: notify(recipient=recipient, kind=SYSTEM_MESSAGE, title="t"))

    assert Notification.objects.filter(recipient=recipient).count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_kind_default_applies_without_a_preference_and_a_preference_overrides_it(on_commit):
    quiet, keen = UserFactory(), UserFactory()
    NotificationPreferenceFactory(user=keen, kind=QUIET_KIND, email_enabled=True)

    on_commit(lambda: notify(recipient=quiet, kind=QUIET_KIND, title="t"))
    on_commit(lambda: notify(recipient=keen, kind=QUIET_KIND, title="t"))

    assert [m.to for m in mail.outbox] == [[keen.email]]


@pytest.mark.django_db
def test_no_email_without_an_address(on_commit):
    on_commit(lambda: notify(recipient=UserFactory(email=""), kind=SYSTEM_MESSAGE, title="t"))
    assert mail.outbox == []


@pytest.mark.django_db
def test_no_email_before_the_transaction_commits():
    notify(recipient=UserFactory(), kind=SYSTEM_MESSAGE, title="t")
    assert mail.outbox == []


@pytest.mark.django_db
def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify(recipient=UserFactory(), kind="no.such.kind", title="t")
    assert Notification.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "relative/path"])
def test_links_must_stay_on_this_site(url):
    with pytest.raises(ValueError, match="path on this site"):
        notify(recipient=UserFactory(), kind=SYSTEM_MESSAGE, title="t", url=url)


@pytest.mark.django_db
def test_sending_is_idempotent():
    notification = NotificationFactory()

    assert send_email(notification_id=notification.pk) is True
    assert send_email(notification_id=notification.pk) is False

    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_task_sends_through_the_task_backend():
    from proactive.notifications.tasks import send_notification_email

    notification = NotificationFactory()
    result = send_notification_email.enqueue(notification.pk)

    assert result.return_value is True
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_mark_read_only_by_the_recipient():
    notification = NotificationFactory()

    with pytest.raises(PermissionDeniedError):
        mark_read(actor=UserFactory(), notification=notification)
    mark_read(actor=notification.recipient, notification=notification)

    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.django_db
def test_mark_all_read_touches_only_the_actors_unread_notifications():
    me, other = UserFactory(), UserFactory()
    earlier = timezone.now() - timezone.timedelta(days=1)
    NotificationFactory.create_batch(2, recipient=me)
    already = NotificationFactory(recipient=me, read_at=earlier)
    NotificationFactory(recipient=other)

    assert mark_all_read(actor=me) == 2

    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1
    already.refresh_from_db()
    assert already.read_at == earlier


@pytest.mark.django_db
def test_set_email_preference_records_an_audit_event_when_it_changes():
    user = UserFactory()

    set_email_preference(actor=user, user=user, kind=SYSTEM_MESSAGE, enabled=False)
    set_email_preference(actor=user, user=user, kind=SYSTEM_MESSAGE, enabled=False)  # no change: no event

    assert NotificationPreference.objects.get(user=user, kind=SYSTEM_MESSAGE).email_enabled is False
    event = AuditEvent.objects.get(verb="notifications.preference_changed")
    assert event.actor == user
    assert event.changes == {"email_enabled": [True, False]}
    assert event.data == {"kind": SYSTEM_MESSAGE}


@pytest.mark.django_db
def test_nobody_changes_someone_elses_preferences():
    with pytest.raises(PermissionDeniedError):
        set_email_preference(actor=UserFactory(), user=UserFactory(), kind=SYSTEM_MESSAGE, enabled=False)


def test_system_message_kind_is_registered():
    assert SYSTEM_MESSAGE in {kind.key for kind in all_kinds()}
