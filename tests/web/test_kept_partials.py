"""The shell's kept partials (proactive/web/templatetags/proactive_kept.py): rendered once per language and values,
never holding anything of one request."""

import pytest
from django.template.loader import render_to_string as real_render

from proactive.programme.queries import current_settings
from proactive.web.templatetags import proactive_kept

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    proactive_kept.forget()
    rendered: list[str] = []
    monkeypatch.setattr(
        proactive_kept, "render_to_string", lambda name, values: rendered.append(name) or real_render(name, values)
    )
    yield rendered
    proactive_kept.forget()


def test_the_footer_and_masthead_are_rendered_once_per_language(client, renders):
    korean = client.get("/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    parts = ["search/_box.html", "web/base.html#footer", "web/base.html#masthead", "web/base.html#skip-link"]
    assert sorted(renders) == parts
    again = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert len(renders) == len(parts)  # another page, same language and values: kept
    for page in (korean, again):
        assert "개인정보처리방침" in page
        assert "본문 바로가기" in page
        assert page.count('id="krds-footer"') == 1
        assert page.count('id="site-search-q"') == 1
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert len(renders) == 2 * len(parts)  # each language its own
    assert "Privacy policy" in english
    assert "개인정보처리방침" not in english


def test_a_changed_setting_shows_at_once(client, renders):
    client.get("/", HTTP_ACCEPT_LANGUAGE="ko")
    settings = current_settings()
    settings.address = "(48058) 부산광역시 해운대구 테스트로 1"
    settings.save()  # forgets the shell's copy of the settings in this process
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "(48058) 부산광역시 해운대구 테스트로 1" in page
    assert renders.count("web/base.html#footer") == 2


def test_a_kept_partial_holds_nothing_of_one_request(client, official, renders):
    client.force_login(official)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    footer = page[page.index('<footer id="krds-footer">') : page.index("</footer>")]
    assert "csrfmiddlewaretoken" not in footer
    assert official.display_name not in footer
    assert page.count('id="krds-masthead"') == 1


def test_the_search_page_shows_its_own_box_only(client, renders):
    page = client.get("/search/?q=%EC%A0%81%EA%B7%B9", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "search/_box.html" not in renders
    assert page.count('name="q"') >= 1
