"""The foundation screens in a real browser: My documents (upload, the too-large message) and the inbox (htmx
marks a row read in place, with the CSRF header from <body>); every page axe- and CSP-clean.
"""

import pytest

from proactive.documents.models import Document
from proactive.notifications.models import Notification
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.factories.documents import pdf_bytes
from tests.factories.notifications import NotificationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.page.locator("input[name=username]").fill(user.username)
    page.page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.page.locator("form button[type=submit]").last.click()
    page.page.wait_for_load_state("load")


def test_upload_and_too_large_in_the_browser(make_page, settings):
    user = UserFactory(preferred_language="ko")
    page = make_page()
    sign_in(page, user)

    page.goto("/documents/")
    page.assert_clean()
    page.page.locator("input[type=file]").set_input_files(
        {"name": "증빙자료.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(author="홍길동")}
    )
    page.page.locator("form.proactive-form button[type=submit]").click()
    page.page.wait_for_load_state("load")
    assert page.page.get_by_role("link", name="증빙자료.pdf").is_visible()
    assert Document.objects.get().owner == user
    page.assert_clean()

    settings.DOCUMENT_MAX_BYTES = 64 * 1024
    page.page.locator("input[type=file]").set_input_files(
        {"name": "큰파일.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)}
    )
    page.page.locator("form.proactive-form button[type=submit]").click()
    page.page.wait_for_load_state("load")
    assert page.page.get_by_text("파일이 너무 큽니다.").is_visible()
    assert Document.objects.count() == 1
    page.assert_clean()


@pytest.mark.parametrize(("locale", "read_label"), [("ko-KR", "읽음"), ("en-US", "Read")])
def test_mark_read_in_place_with_htmx(make_page, locale, read_label):
    user = UserFactory(preferred_language=locale[:2])
    notification = NotificationFactory(recipient=user, title="점검 안내", url="/dashboard/")
    page = make_page(locale=locale)
    sign_in(page, user)

    page.goto("/notifications/")
    page.assert_clean()
    page.page.evaluate("window.__stillHere = true")
    row = page.page.locator(f"#notification-{notification.pk}")
    row.get_by_role("button").click()
    row.get_by_text(read_label, exact=True).wait_for()

    assert page.page.evaluate("window.__stillHere") is True  # swapped in place, no reload
    assert Notification.objects.get(pk=notification.pk).read_at is not None
    page.assert_clean()

    page.goto("/notifications/preferences/")
    page.assert_clean()
