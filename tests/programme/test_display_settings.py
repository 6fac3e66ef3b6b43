"""programme.queries.display_settings: the shell's copy of the settings, read at most every 30 s per process."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proactive.programme import queries
from proactive.programme.queries import current_settings, display_settings, forget_display_settings
from tests.factories.accounts import OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.PROACTIVE_SHELL_SETTINGS_SECONDS = 30.0  # the test settings read every time
    forget_display_settings()
    yield
    forget_display_settings()


def test_kept_between_pages_and_forgotten_on_save():
    first = display_settings()
    with CaptureQueriesContext(connection) as ctx:
        assert display_settings() is first
    assert len(ctx.captured_queries) == 0
    settings = current_settings()
    settings.contact_phone = "051-888-1234"
    settings.save()
    assert display_settings().contact_phone == "051-888-1234"


def test_read_again_after_its_time(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(queries.time, "monotonic", lambda: clock[0])
    first = display_settings()
    clock[0] += 29
    assert display_settings() is first
    type(first).objects.filter(pk=first.pk).update(contact_phone="051-777-0000")  # no signal: another process
    assert display_settings().contact_phone == first.contact_phone
    clock[0] += 31
    assert display_settings().contact_phone == "051-777-0000"


def test_a_renamed_lead_department_shows_at_once():
    settings = current_settings()
    settings.programme_unit = unit = OrgUnitFactory(name="혁신정책과")
    settings.save()
    assert display_settings().programme_unit.name == "혁신정책과"
    unit.name = "적극행정혁신과"
    unit.save()
    assert display_settings().programme_unit.name == "적극행정혁신과"
