"""The menu's permission answers kept per fingerprint (proactive/web/navigation.py): the same roles and flags give
the same answer, and anything else makes its own."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation

from proactive.accounts.enums import Role
from proactive.web import navigation
from proactive.web.navigation import _fingerprint, _fingerprinted, menu_for, panels_for
from tests.conftest import make_staff
from tests.factories.accounts import CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db


def urls(user) -> set[str]:
    return {item["url"] for section in menu_for(user) for item in section["items"]}


def test_only_permissions_of_roles_and_account_flags_are_fingerprinted():
    assert _fingerprinted("mileage.view_own_statement")  # has_role:official
    assert _fingerprinted("nominations.create_nomination")  # roles or a verified citizen
    assert _fingerprinted("outreach.view_training")  # not a superuser, and the secretariat
    assert not _fingerprinted("nominations.choose_pending_benefit")  # depends on the data
    assert not _fingerprinted("publications.view_publications")  # the programme lead: depends on the settings
    assert not _fingerprinted("consulting.view_queue")  # the audit office the officer serves
    assert not _fingerprinted("no.such_permission")


def test_a_second_user_with_the_same_roles_gets_the_same_menu_and_another_role_does_not_inherit_it():
    navigation._answers.clear()
    first, second = UserFactory(), UserFactory()
    secretariat = make_staff(Role.SECRETARIAT)
    secretariat.is_verified = lambda: True
    assert _fingerprint(first) == _fingerprint(second)
    assert urls(first) == urls(second)
    assert "/mileage/" in urls(first)
    assert _fingerprint(secretariat) != _fingerprint(first)
    assert reverse("programme:settings") in urls(secretariat)
    assert reverse("programme:settings") not in urls(first)  # asked after the secretariat's answer was kept


def test_staff_without_the_second_factor_are_refused_what_the_same_role_with_it_is_shown():
    navigation._answers.clear()
    verified, unverified = make_staff(Role.SECRETARIAT), make_staff(Role.SECRETARIAT)
    verified.is_verified = lambda: True
    unverified.is_verified = lambda: False
    assert reverse("programme:settings") in urls(verified)
    assert reverse("programme:settings") not in urls(unverified)
    assert urls(unverified) < urls(verified)


def test_a_role_granted_changes_the_fingerprint_and_a_django_model_permission_grants_nothing():
    navigation._answers.clear()
    user = UserFactory()
    before = _fingerprint(user)
    auditor = make_staff(Role.AUDIT_OFFICER)
    auditor.is_verified = lambda: True
    assert _fingerprint(auditor) != before
    granted = UserFactory()
    granted.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    fresh = type(granted).objects.get(pk=granted.pk)  # Django caches permissions on the object
    assert _fingerprint(fresh) == _fingerprint(UserFactory())  # permissions come from roles (decision 0009)
    assert not fresh.has_perm("audit.view_auditevent")
    assert urls(fresh) == urls(UserFactory())


def test_a_citizen_and_an_anonymous_visitor_are_not_shown_the_officials_items():
    navigation._answers.clear()
    official = UserFactory()
    assert "/mileage/" in urls(official)
    citizen = CitizenFactory()
    assert "/mileage/" not in urls(citizen)
    anonymous = Client().get("/").wsgi_request.user
    assert urls(anonymous) <= urls(citizen) | urls(official)
    assert [p.key for p in panels_for(official)] == [p.key for p in panels_for(UserFactory())]


def test_the_menu_html_is_rendered_once_per_menu_and_language(monkeypatch):
    rendered = []
    real = navigation.render_to_string
    monkeypatch.setattr(navigation, "render_to_string", lambda *a, **k: rendered.append(a[0]) or real(*a, **k))
    navigation._menu_html.clear()
    first, second = UserFactory(), UserFactory()
    secretariat = make_staff(Role.SECRETARIAT)
    secretariat.is_verified = lambda: True
    with translation.override("ko"):
        html = navigation.menu_html(first)
        assert navigation.menu_html(second) is html  # the same menu: kept, not rendered again
        assert len(rendered) == len(navigation.MENU_PARTS)
        assert 'href="/mileage/"' in html["desktop"]
        assert 'href="/mileage/"' in html["mobile"]
        assert "마일리지" in html["desktop"]
        staff_html = navigation.menu_html(secretariat)  # another menu: its own rendering
        assert staff_html is not html
        assert reverse("programme:settings") in staff_html["desktop"]
        assert reverse("programme:settings") not in html["desktop"]
    with translation.override("en"):
        english = navigation.menu_html(first)
        assert english is not html
        assert "Mileage" in english["desktop"]
    assert len(rendered) == 3 * len(navigation.MENU_PARTS)


def test_every_page_shows_the_menu_of_its_user(client):
    navigation._menu_html.clear()
    official = UserFactory()
    client.force_login(official)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert page.count('href="/mileage/"') >= 2  # desktop and mobile menus
    client.logout()
    anonymous = client.get("/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert 'href="/mileage/"' not in anonymous


def test_a_signed_out_visitor_s_menu_is_kept_without_asking_a_permission(monkeypatch):
    """Everyone signed out gets the same menu: once rendered for a language it is served without working the menu
    out (no permission asked), and a signed-in user with the same links does not get it by mistake."""
    navigation._menu_html.clear()
    anonymous = Client().get("/").wsgi_request.user
    with translation.override("ko"):
        html = navigation.menu_html(anonymous)
        asked = []
        monkeypatch.setattr(navigation, "menu_for", lambda user: asked.append(user) or [])
        assert navigation.menu_html(anonymous) is html
        assert asked == []
    monkeypatch.undo()
    with translation.override("en"):
        assert navigation.menu_html(anonymous) is not html  # each language its own
    with translation.override("ko"):
        official = navigation.menu_html(UserFactory())
        assert official is not html
        assert 'href="/mileage/"' in official["desktop"]
        assert 'href="/mileage/"' not in html["desktop"]


def test_the_header_links_are_reversed_once_per_script_prefix(client):
    from django.urls import set_script_prefix

    assert navigation.shell_urls() == {key: reverse(name) for key, name in navigation.SHELL_URL_NAMES.items()}
    assert navigation.shell_urls() is navigation.shell_urls()
    set_script_prefix("/city/")
    try:
        assert navigation.shell_urls()["home"] == "/city/"
        assert navigation.shell_urls()["login"] == reverse("accounts:login")
        assert navigation.shell_urls()["login"].startswith("/city/")
    finally:
        set_script_prefix("/")
    anonymous = client.get("/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert f'action="{reverse("web:set-language")}"' in anonymous
    assert f'href="{reverse("accounts:login")}"' in anonymous
    client.force_login(UserFactory())
    signed_in = client.get("/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    for name in ("notifications:inbox", "web:dashboard", "accounts:session-extend", "accounts:logout"):
        assert f'"{reverse(name)}"' in signed_in, name
