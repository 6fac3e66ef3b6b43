"""``manage.py flag_overdue_opinions``."""

import io

import pytest
from django.core.management import call_command

from proactive.notifications.models import Notification
from proactive.opinions.services.requests import KIND_OVERDUE
from tests.opinions.support import accepted, secretariat

pytestmark = pytest.mark.django_db


def test_the_command_flags_overdue_requests_once_a_day(time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to("2026-03-02 10:00 +09:00")
    handler = secretariat()
    accepted(handler=handler)
    time_machine.move_to("2026-04-06 08:00 +09:00")
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("flag_overdue_opinions", stdout=out)
    assert "1 overdue request(s) flagged." in out.getvalue()
    out = io.StringIO()
    call_command("flag_overdue_opinions", stdout=out)
    assert "0 overdue request(s) flagged." in out.getvalue()
    assert Notification.objects.filter(recipient=handler, kind=KIND_OVERDUE).count() == 1
