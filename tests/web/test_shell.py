import re

import pytest
from django.conf import settings
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from tests.conftest import login_verified, make_staff

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
STYLE_ATTR = re.compile(r"<[^>]+\sstyle=", re.I)
EVENT_ATTR = re.compile(r"<[^>]+\son[a-z]+=", re.I)


def test_home_is_korean_by_default(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ko">' in html
    assert "본문 바로가기" in html


def test_home_in_english_when_the_language_cookie_says_so(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("path", ["/", "/privacy/", "/accessibility/", "/does-not-exist/"])
def test_public_pages_have_no_inline_script_or_style(client, path):
    html = client.get(path).content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not STYLE_ATTR.search(html)
    assert not EVENT_ATTR.search(html)


def test_shell_has_krds_landmarks(client):
    html = client.get("/privacy/").content.decode()
    for marker in (
        'id="krds-skip-link"',
        'href="#main-content"',
        'id="krds-masthead"',
        'id="krds-header"',
        'id="mobile-nav"',
        'class="krds-breadcrumb-wrap"',
        'id="krds-footer"',
        'id="main-content"',
    ):
        assert marker in html


def test_unknown_page_gets_the_krds_404_in_the_users_language(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "The page could not be found" in client.get("/no-such-page/").content.decode()


def test_default_admin_path_does_not_exist(client):
    assert client.get("/admin/").status_code == 404


def test_dashboard_requires_sign_in(client):
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_set_language_remembers_the_choice_on_the_account(client, official):
    client.force_login(official)
    response = client.post(reverse("web:set-language"), {"language": "en", "next": "/privacy/"})
    assert response.status_code == 302
    assert response.url == "/privacy/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    official.refresh_from_db()
    assert official.preferred_language == "en"
    assert AuditEvent.objects.filter(verb="accounts.language_changed", target_id=str(official.pk)).count() == 1


def test_set_language_refuses_get_and_offsite_next(client):
    assert client.get(reverse("web:set-language")).status_code == 405
    response = client.post(reverse("web:set-language"), {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


def test_forged_csrf_token_gets_the_krds_form_expired_page(official):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(official)
    response = client.post(reverse("web:set-language"), {"language": "en", "csrfmiddlewaretoken": "forged"})
    assert response.status_code == 403
    assert "양식이 만료되었거나" in response.content.decode()


def test_menu_shows_only_permitted_items(client):
    secretariat = make_staff(Role.SECRETARIAT)
    login_verified(client, secretariat)
    html = client.get(reverse("web:dashboard")).content.decode()
    assert reverse("programme:settings") in html
    assert reverse("audit:event-list") not in html
