"""Every role, in Korean and in English, opens every page of its main menu (the browser walk in
tests/e2e/test_roles_walk.py checks each of these pages once for accessibility and CSP)."""

import pytest

from tests.roles import ROLES, menu_paths, role_user, signed_in_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_every_role_opens_every_page_of_its_menu(role, language):
    client = signed_in_client(role_user(role), language)
    paths = menu_paths(client)
    assert len(paths) >= 2
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (role, language, path, response.status_code)
        assert f'<html lang="{language}">' in response.content.decode(), (role, language, path)


def test_the_pages_only_the_secretariat_sees_in_its_menu_are_refused_to_a_citizen():
    """Menus differ by role, and a page left out of a role's menu is not open to it either."""
    citizen = signed_in_client(role_user("citizen"), "ko")
    secretariat_only = set(menu_paths(signed_in_client(role_user("secretariat"), "ko"))) - set(menu_paths(citizen))
    assert len(secretariat_only) >= 10
    for path in sorted(secretariat_only):
        assert citizen.get(path).status_code in (302, 403, 404), path
