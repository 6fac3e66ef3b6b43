"""Changing the centre's settings: who may, the audited diff, and purge dates moved with a retention period."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import PermissionDeniedError
from proactive.reporting.models import CentreSettings, Report
from proactive.reporting.services.settings import update_centre_settings
from tests.conftest import make_staff
from tests.reporting.support import arrange_centre
from tests.reporting.test_statistics_support import closed_report, day, forwarded_report, investigating_report, settle

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    return arrange_centre()


def events():
    return list(AuditEvent.objects.filter(verb="reporting.settings_changed").order_by("pk"))


def test_a_change_is_saved_and_audited_with_its_diff(centre):
    settings = update_centre_settings(
        actor=centre.handler, data={"handling_days": 10, "business_days": False, "reporter_access_days": 180}
    )

    assert (settings.handling_days, settings.business_days) == (10, False)
    assert CentreSettings.current().handling_days == 10
    (event,) = events()
    assert event.actor == centre.handler
    assert event.changes == {"handling_days": [7, 10], "business_days": [True, False]}
    assert event.data == {}


def test_nothing_changed_records_nothing(centre):
    update_centre_settings(actor=centre.handler, data={"handling_days": 7})

    assert events() == []


def test_a_new_retention_period_moves_the_purge_date_of_closed_reports_with_that_outcome(centre):
    actioned = settle(closed_report(centre), closed_on=day("2025-03-01"), purge_on=day("2030-02-28"))
    unsubstantiated = settle(closed_report(centre, substantiated=False), closed_on=day("2025-03-01"))
    forwarded = settle(forwarded_report(centre), closed_on=day("2025-04-01"), purge_on=day("2026-04-01"))
    open_report = investigating_report(centre)
    before_unsubstantiated = unsubstantiated.purge_on

    update_centre_settings(actor=centre.handler, data={"retain_actioned_days": 730, "retain_forwarded_days": 90})

    actioned.refresh_from_db()
    forwarded.refresh_from_db()
    unsubstantiated.refresh_from_db()
    open_report.refresh_from_db()
    assert actioned.purge_on == datetime.date(2025, 3, 1) + datetime.timedelta(days=730)
    assert forwarded.purge_on == datetime.date(2025, 6, 30)
    assert unsubstantiated.purge_on == before_unsubstantiated
    assert open_report.purge_on is None
    (event,) = events()
    assert event.changes == {"retain_forwarded_days": [365, 90], "retain_actioned_days": [1825, 730]}
    assert event.data == {"purge_dates_moved": {"forwarded": 1, "actioned": 1}}


def test_a_districts_audit_officer_may_not_change_the_settings(centre):
    with pytest.raises(PermissionDeniedError):
        update_centre_settings(actor=centre.district_handler, data={"handling_days": 3})

    assert CentreSettings.current().handling_days == 7


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECRETARIAT])
def test_other_staff_may_not_change_the_settings(centre, role):
    with pytest.raises(PermissionDeniedError):
        update_centre_settings(actor=make_staff(role), data={"handling_days": 3})


def test_a_superuser_may_not_change_the_settings(centre):
    with pytest.raises(PermissionDeniedError):
        update_centre_settings(actor=make_staff(Role.AUDIT_OFFICER, is_superuser=True), data={"handling_days": 3})


def test_a_value_the_model_refuses_changes_nothing(centre):
    with pytest.raises(ValidationError):
        update_centre_settings(actor=centre.handler, data={"handling_days": -1})

    assert CentreSettings.current().handling_days == 7
    assert events() == []
    assert Report.objects.count() == 0
