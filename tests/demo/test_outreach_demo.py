"""Outreach's demo data (proactive/demo/outreach.py), on top of the whole demo, loaded once."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.models import User
from proactive.demo.outreach import ACTIVITIES, SESSIONS, write_outreach_demo
from proactive.outreach.enums import ActionState
from proactive.outreach.models import ActionItem, Activity, Attendance, LiaisonMeeting, TrainingSession
from proactive.outreach.queries.activities import video_target
from proactive.outreach.queries.figures import figures_for, year_period
from tests.conftest import login_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="module")
def demo(loaded_demo, django_db_blocker):
    """The whole demo, which holds the outreach records; writing them again writes nothing."""
    with django_db_blocker.unblock():
        created = write_outreach_demo()
    return SimpleNamespace(output=loaded_demo.output, created=created)


def test_campaigns_meet_the_video_target_in_both_years(demo):
    assert demo.created == 0
    assert Activity.objects.count() == len(ACTIVITIES)
    assert video_target(2025).met
    assert video_target(2026).met
    assert Activity.objects.filter(cases__isnull=False).exists()


def test_training_has_attendance_from_the_demo_officials(demo):
    assert TrainingSession.objects.count() == len(SESSIONS)
    official = User.objects.get(username="official").official
    assert Attendance.objects.filter(official=official).count() >= 2
    assert Attendance.objects.count() > 20


def test_liaison_meetings_have_open_done_and_overdue_items(demo):
    assert LiaisonMeeting.objects.count() == 3
    states = set(ActionItem.objects.values_list("state", flat=True))
    assert {ActionState.OPEN, ActionState.DONE, ActionState.IN_PROGRESS} <= states
    today = timezone.localdate()
    assert ActionItem.objects.filter(state__in=["open", "in_progress"], due_on__lt=today).exists()


def test_the_secretariat_sees_the_figures(client, demo):
    figures = figures_for(year_period(2025)).as_dict()
    assert figures["campaigns"] == 5
    assert figures["training_hours"] > 0
    login_verified(client, User.objects.get(username="secretariat"))
    assert client.get(reverse("outreach:figures"), {"kind": "year", "year": "2025"}).status_code == 200
    assert client.get(reverse("outreach:actions"), {"overdue": "on"}).status_code == 200
