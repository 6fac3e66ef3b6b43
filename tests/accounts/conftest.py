"""Fixtures for the accounts tests: signing in through the real forms, reading e-mailed codes and links."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.accounts import DEFAULT_PASSWORD

CODE_RE = re.compile(r"^\s*(\d{6})\s*$", re.MULTILINE)
LINK_RE = re.compile(r"https?://\S+/accounts/password/reset/\S+/")


def post_login(client, username, password=DEFAULT_PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password, **extra})


def last_code(to: str) -> str:
    """The sign-in code in the latest e-mail to ``to``."""
    message = [m for m in mail.outbox if to in m.to][-1]
    return CODE_RE.search(message.body).group(1)


def last_reset_link(to: str) -> str:
    message = [m for m in mail.outbox if to in m.to][-1]
    return LINK_RE.search(message.body).group(0)


@pytest.fixture
def lang_en(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def travel_start() -> datetime.datetime:
    """A moment near now (sessions and codes stay valid after the test) 5 s into a 30 s TOTP step."""
    return datetime.datetime.now(datetime.UTC).replace(second=5, microsecond=0)
