"""Sign in as every role, in Korean and in English, and walk the shell: every menu page opens, is axe-clean
and breaks no Content-Security-Policy rule."""

import re

import pytest
from django.core import mail

from proactive.accounts.enums import Role
from tests.browser import tick
from tests.conftest import current_totp, make_staff
from tests.factories.accounts import DEFAULT_PASSWORD, OrgUnitFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STAFF_ROLES = [r for r in Role if r not in (Role.CITIZEN, Role.OFFICIAL)]
_checked: set[tuple[str, str]] = set()  # (path, language) pairs already checked with axe in this run


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


def walk(page, language: str, label: str) -> int:
    """Open the dashboard and every page in the main menu; return how many pages were opened."""
    response = page.goto("/dashboard/")
    assert response.status == 200
    links = page.page.eval_on_selector_all(
        "nav.krds-main-menu a[href]", "els => [...new Set(els.map(e => e.getAttribute('href')))]"
    )
    assert links, "the main menu is empty"
    opened = 0
    for path in ["/dashboard/", *links]:
        response = page.goto(path)
        assert response.status == 200, (label, path, response.status)
        assert page.page.locator("html").get_attribute("lang") == language
        opened += 1
        if (path, language) not in _checked:
            page.assert_clean()
            _checked.add((path, language))
    return opened


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("role", [Role.CITIZEN, Role.OFFICIAL, *STAFF_ROLES])
def test_every_role_signs_in_and_walks_the_shell(make_page, role, language):
    page = make_page()
    if role == Role.CITIZEN:
        sign_in_citizen(page, f"walker-{language}@example.com")
    else:
        unit = OrgUnitFactory() if role in (Role.DEPARTMENT_HEAD, Role.BUREAU_CHIEF) else None
        user = make_staff(role, unit=unit) if role != Role.OFFICIAL else UserFactory()
        sign_in_official(page, user, staff=role != Role.OFFICIAL)
    if language == "en":
        switch_language(page, "en")
    assert walk(page, language, f"{role}/{language}") >= 2
    if role in (Role.SYSADMIN, Role.CITIZEN):
        page.screenshot(f"dashboard-{role}-{language}")
