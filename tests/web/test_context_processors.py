"""The shell's context (proactive/web/context_processors.py): the menu and the settings are worked out only when a
template uses them."""

import pytest
from django.db import connection
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from proactive.web import context_processors
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_a_fragment_that_shows_no_shell_makes_no_query_for_it(monkeypatch):
    calls = []
    monkeypatch.setattr(context_processors, "menu_html", lambda user: calls.append(user) or {})
    request = RequestFactory().get("/")
    request.user = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        html = Template("<p>{{ greeting }}</p>").render(RequestContext(request, {"greeting": "안녕하세요"}))
    assert html == "<p>안녕하세요</p>"
    assert calls == []
    assert len(queries) == 0


def test_the_shell_gets_the_menu_once_and_the_settings_when_used(monkeypatch):
    calls = []
    monkeypatch.setattr(
        context_processors, "menu_html", lambda user: calls.append(user) or {"desktop": "메뉴", "mobile": "메뉴"}
    )
    request = RequestFactory().get("/")
    request.user = UserFactory()
    context = context_processors.shell(request)
    html = Template("{{ main_menu_html.desktop }}{{ main_menu_html.mobile }}{{ programme.organisation_name }}").render(
        Context(context)
    )
    assert html.startswith("메뉴메뉴")
    assert len(calls) == 1
    assert len(html) > len("메뉴메뉴")
