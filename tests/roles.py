"""Every role's account and main menu, for the walks of tests/web/test_role_menus.py (Django's test client: every
role opens every page of its menu) and tests/e2e/test_roles_walk.py (the browser: every menu page, once per
language, is axe-clean and keeps the Content-Security-Policy)."""

import re

from django.test import Client
from django.urls import reverse

from proactive.accounts.enums import Role
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import CitizenFactory, OrgUnitFactory, UserFactory

STAFF_ROLES = [r for r in Role if r not in (Role.CITIZEN, Role.OFFICIAL)]
ROLES = [Role.CITIZEN, Role.OFFICIAL, *STAFF_ROLES]
MAIN_MENU = re.compile(r'<nav class="krds-main-menu".*?</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def role_user(role: str):
    """A new account holding ``role`` (department heads and bureau chiefs with a unit; staff with a TOTP device)."""
    if role == Role.CITIZEN:
        return CitizenFactory()
    if role == Role.OFFICIAL:
        return UserFactory()
    unit = OrgUnitFactory() if role in (Role.DEPARTMENT_HEAD, Role.BUREAU_CHIEF) else None
    return make_staff(role, unit=unit)


def signed_in_client(user, language: str) -> Client:
    """A test client signed in as ``user`` (second factor done) that chose ``language`` in the header."""
    client = login_verified(Client(), user)
    if language != "ko":
        client.post(reverse("web:set-language"), {"language": language, "next": "/"})
    return client


def menu_paths(client: Client) -> list[str]:
    """The dashboard and every page of the main menu the client's user sees, in menu order, each once."""
    response = client.get("/dashboard/")
    assert response.status_code == 200
    menu = MAIN_MENU.search(response.content.decode())
    assert menu, "the page has no main menu"
    links = HREF.findall(menu.group(0))
    assert links, "the main menu is empty"
    return list(dict.fromkeys(["/dashboard/", *links]))
