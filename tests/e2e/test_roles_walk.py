"""Every page of every role's main menu, in Korean and in English, opened in the browser by a role that sees it:
axe-clean and no Content-Security-Policy violation. Each page is checked once per language (the roles' menus
overlap); that every role opens every page of its own menu is tests/web/test_role_menus.py, with the test client.
The roles sign in through the real forms (password and TOTP, or the citizen's e-mailed code)."""

import re

import pytest
from django.core import mail

from proactive.accounts.enums import Role
from tests.browser import tick
from tests.conftest import current_totp
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.roles import ROLES, menu_paths, role_user, signed_in_client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The roles with the widest menus first, so fewer roles have to sign in to cover every page.
WALK_ORDER = [Role.SECRETARIAT, Role.SYSADMIN, Role.CITIZEN, Role.OFFICIAL, *ROLES]


def sign_in_official(page, user, *, staff: bool) -> None:
    page.goto("/accounts/login/")
    page.page.locator("input[name=username]").fill(user.username)
    page.page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.page.locator("form button[type=submit]").last.click()
    page.page.wait_for_load_state("load")
    if staff:
        assert "/accounts/otp/" in page.page.url
        page.page.locator("input[name=code]").fill(current_totp(user))
        page.page.locator("form button[type=submit]").last.click()
        page.page.wait_for_load_state("load")
    assert "/accounts/" not in page.page.url or page.page.url.endswith("/profile/"), page.page.url


def sign_in_citizen(page, email: str) -> None:
    page.goto("/accounts/citizen/")
    page.page.locator("input[name=email]").fill(email)
    consent = page.page.locator("input[type=checkbox]")
    if consent.count():
        tick(consent.first)
    page.page.locator("form button[type=submit]").last.click()
    page.page.wait_for_load_state("load")
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.page.locator("input[name=code]").fill(code)
    page.page.locator("form:has(input[name=code]) button[type=submit]").click()
    page.page.wait_for_load_state("load")
    assert "/accounts/citizen/" not in page.page.url, page.page.url  # signed in, not back on the code form


def switch_language(page, code: str) -> None:
    page.page.locator(".krds-language .drop-btn").click()
    page.page.locator(f"button[lang={code}]").click()
    page.page.wait_for_load_state("load")
    assert page.page.locator("html").get_attribute("lang") == code


def pages_to_walk(language: str) -> list[tuple[str, object, list[str]]]:
    """(role, account, the menu pages no earlier role showed) for each role that adds a page, in ``WALK_ORDER``;
    the citizen with all of its menu."""
    seen: set[str] = set()
    walks = []
    for role in dict.fromkeys(WALK_ORDER):
        user = role_user(role)
        paths = menu_paths(signed_in_client(user, language))
        # A citizen's pages are the officials' pages seen from outside: walked whole, with the citizen's own shell.
        new = paths if role == Role.CITIZEN else [path for path in paths if path not in seen]
        seen.update(new)
        if new:
            walks.append((role, user, new))
    return walks


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_menu_page_is_accessible_and_csp_clean_for_a_role_that_sees_it(make_page, language):
    walks = pages_to_walk(language)
    assert {role for role, _, _ in walks} >= {Role.SECRETARIAT, Role.CITIZEN}
    for role, user, paths in walks:
        page = make_page()
        if role == Role.CITIZEN:
            sign_in_citizen(page, f"walker-{language}@example.com")
        else:
            sign_in_official(page, user, staff=role != Role.OFFICIAL)
        if language == "en":
            switch_language(page, "en")
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, (role, language, path, response.status)
            assert page.page.locator("html").get_attribute("lang") == language, (role, path)
            page.assert_clean()
        if role in (Role.SYSADMIN, Role.CITIZEN):
            page.goto("/dashboard/")
            page.screenshot(f"dashboard-{role}-{language}")
