"""KWCAG 2.2 응답시간 조절: the user sees the time left, is warned before idle sign-out and can extend it."""

import pytest

from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_warning_appears_and_extending_keeps_the_user_signed_in(make_page, settings):
    settings.SESSION_COOKIE_AGE = 124  # the warning shows at two minutes left
    user = UserFactory()
    page = make_page()
    page.goto("/accounts/login/")
    page.page.locator("input[name=username]").fill(user.username)
    page.page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.page.locator("form button[type=submit]").last.click()
    page.page.wait_for_load_state("load")
    warning = page.page.locator(".proactive-session-warning")
    warning.wait_for(state="visible", timeout=10000)
    page.assert_clean()
    with page.page.expect_response(lambda r: "/accounts/session/extend/" in r.url) as info:
        warning.get_by_role("button").click()
    assert info.value.status == 204
    warning.wait_for(state="hidden", timeout=5000)
    assert page.goto("/dashboard/").status == 200
    assert "/accounts/login/" not in page.page.url
