import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.notifications.context_processors import unread
from proactive.notifications.kinds import SYSTEM_MESSAGE
from proactive.notifications.models import Notification, NotificationPreference
from tests.conftest import login_verified
from tests.factories.accounts import CitizenFactory, UserFactory
from tests.factories.notifications import NotificationFactory

INBOX = reverse("notifications:inbox")
MARK_ALL = reverse("notifications:mark-all-read")
PREFERENCES = reverse("notifications:preferences")


def mark_url(notification) -> str:
    return reverse("notifications:partial-mark-read", args=[notification.pk])


@pytest.fixture
def me(db):
    return UserFactory()


@pytest.fixture
def my_client(client, me):
    return login_verified(client, me)


# --- Permissions ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    notification = NotificationFactory()
    for method, url in [("get", INBOX), ("get", PREFERENCES), ("post", MARK_ALL), ("post", mark_url(notification))]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.django_db
def test_someone_elses_notification_is_not_found(my_client):
    notification = NotificationFactory()

    response = my_client.post(mark_url(notification), HTTP_HX_REQUEST="true")

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.django_db
def test_mark_read_needs_post(my_client, me):
    notification = NotificationFactory(recipient=me)
    assert my_client.get(mark_url(notification)).status_code == 405
    assert my_client.get(MARK_ALL).status_code == 405


# --- Inbox ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_inbox_lists_only_my_notifications_unread_first_then_newest(my_client, me):
    now = timezone.now()
    old_unread = NotificationFactory(recipient=me, title="안 읽은 옛 알림")
    read = NotificationFactory(recipient=me, title="읽은 알림", read_at=now)
    new_unread = NotificationFactory(recipient=me, title="안 읽은 새 알림")
    NotificationFactory(title="남의 알림")

    response = my_client.get(INBOX)

    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [new_unread, old_unread, read]
    assert "남의 알림" not in response.content.decode()


@pytest.mark.django_db
def test_inbox_is_paginated_by_thirty(my_client, me):
    NotificationFactory.create_batch(31, recipient=me)
    assert len(my_client.get(INBOX).context["page_obj"]) == 30
    assert len(my_client.get(INBOX, {"page": 2}).context["page_obj"]) == 1


@pytest.mark.django_db
def test_inbox_query_count_does_not_grow_with_rows(my_client, me):
    def count() -> int:
        my_client.get(INBOX)
        with CaptureQueriesContext(connection) as ctx:
            assert my_client.get(INBOX).status_code == 200
        return len(ctx.captured_queries)

    NotificationFactory(recipient=me, url="/dashboard/")
    one = count()
    NotificationFactory.create_batch(2, recipient=me, url="/dashboard/")
    three = count()
    assert one == three


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ko", ["알림", "모두 읽음으로 표시", "읽음으로 표시"]),
        ("en", ["Notifications", "Mark all as read", "Mark as read"]),
    ],
)
def test_inbox_renders_in_korean_and_english(client, language, expected):
    me = UserFactory(preferred_language=language)
    NotificationFactory(recipient=me)
    login_verified(client, me)

    response = client.get(INBOX, HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for text in expected:
        assert text in html


# --- Marking read --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_htmx_mark_read_returns_only_the_updated_row(my_client, me):
    notification = NotificationFactory(recipient=me, title="새 알림")

    response = my_client.post(mark_url(notification), HTTP_HX_REQUEST="true")

    html = response.content.decode().strip()
    assert response.status_code == 200
    assert html.startswith(f'<tr id="notification-{notification.pk}"')
    assert html.endswith("</tr>")
    assert "<html" not in html
    assert "hx-post" not in html  # read rows offer no button any more
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.django_db
def test_unread_rows_carry_the_htmx_attributes(my_client, me):
    notification = NotificationFactory(recipient=me)
    html = my_client.get(INBOX).content.decode()
    assert f'hx-post="{mark_url(notification)}"' in html
    assert 'hx-target="closest tr"' in html
    assert 'hx-swap="outerHTML"' in html


@pytest.mark.django_db
def test_mark_read_without_htmx_redirects_back(my_client, me):
    notification = NotificationFactory(recipient=me)

    response = my_client.post(mark_url(notification), {"next": f"{INBOX}?page=1"})

    assert response.status_code == 302
    assert response["Location"] == f"{INBOX}?page=1"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.django_db
def test_mark_read_never_redirects_off_site(my_client, me):
    notification = NotificationFactory(recipient=me)
    response = my_client.post(mark_url(notification), {"next": "https://evil.example/"})
    assert response["Location"] == INBOX


@pytest.mark.django_db
def test_mark_all_read(my_client, me):
    NotificationFactory.create_batch(2, recipient=me)
    other = NotificationFactory()

    response = my_client.post(MARK_ALL)

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


# --- Preferences ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_preferences_show_a_checkbox_per_kind_and_save_changes(my_client, me):
    response = my_client.get(PREFERENCES)
    assert response.status_code == 200
    assert f'name="{SYSTEM_MESSAGE}"' in response.content.decode()

    response = my_client.post(PREFERENCES, {})  # every box unticked

    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=me, kind=SYSTEM_MESSAGE).email_enabled is False


@pytest.mark.django_db
def test_citizens_have_preferences_too(client):
    login_verified(client, CitizenFactory())
    assert client.get(PREFERENCES).status_code == 200


# --- Header badge and dashboard ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_unread_context_processor_counts_with_one_query(rf, me, django_assert_num_queries):
    NotificationFactory.create_batch(2, recipient=me)
    NotificationFactory(recipient=me, read_at=timezone.now())
    request = rf.get("/")
    request.user = me

    context = unread(request)

    with django_assert_num_queries(1):
        assert context["unread_notifications"] == 2


def test_unread_context_processor_for_anonymous(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert unread(request) == {"unread_notifications": 0}


@pytest.mark.django_db
def test_header_badge_and_dashboard_panel_show_unread(my_client, me):
    NotificationFactory.create_batch(6, recipient=me)

    response = my_client.get(reverse("web:dashboard"))

    panel = next(p for p in response.context["panels"] if p["key"] == "notifications-unread")
    assert panel["context"]["count"] == 6
    assert len(panel["context"]["latest"]) == 5
    assert '<span class="krds-badge bg-danger">6</span>' in response.content.decode()
