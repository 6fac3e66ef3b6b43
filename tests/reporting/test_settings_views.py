"""The centre's settings page: the city's audit officers only, a refused value shown with what was typed."""

import pytest
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.reporting.models import CentreSettings
from proactive.web.navigation import menu_for
from tests.conftest import login_verified, make_staff
from tests.reporting.support import arrange_centre

pytestmark = pytest.mark.django_db
URL = reverse("reporting:settings")
VALID = {
    "handling_days": "10",
    "business_days": "on",
    "reporter_access_days": "180",
    "retain_forwarded_days": "365",
    "retain_unsubstantiated_days": "1095",
    "retain_actioned_days": "1825",
}


@pytest.fixture
def centre():
    return arrange_centre()


def test_the_citys_audit_officer_sees_the_settings(client, centre):
    login_verified(client, centre.handler)

    response = client.get(URL)

    assert response.status_code == 200
    assert 'name="handling_days"' in response.content.decode()


def test_saving_the_settings(client, centre):
    login_verified(client, centre.handler)

    response = client.post(URL, VALID)

    assert response.status_code == 302
    assert response.url == URL
    assert CentreSettings.current().handling_days == 10
    assert AuditEvent.objects.filter(verb="reporting.settings_changed", actor=centre.handler).count() == 1


def test_a_value_out_of_range_is_refused_with_what_was_typed(client, centre):
    login_verified(client, centre.handler)

    response = client.post(URL, {**VALID, "handling_days": "0", "retain_actioned_days": "9999"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "1 이상의 수를 입력해 주십시오." in page
    assert "3650 이하의 수를 입력해 주십시오." in page
    assert 'value="9999"' in page
    assert CentreSettings.current().handling_days == 7


@pytest.mark.parametrize("who", ["district_handler", "official", "citizen"])
def test_others_may_not_open_the_settings(client, centre, who):
    login_verified(client, getattr(centre, who))

    assert client.get(URL).status_code == 403
    assert client.post(URL, VALID).status_code == 403
    assert CentreSettings.current().handling_days == 7


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECRETARIAT])
def test_staff_outside_the_audit_office_may_not_open_the_settings(client, centre, role):
    login_verified(client, make_staff(role))

    assert client.get(URL).status_code == 403


def test_a_superuser_may_not_open_the_settings(client, centre):
    login_verified(client, make_staff(Role.AUDIT_OFFICER, is_superuser=True))

    assert client.get(URL).status_code == 403


def test_the_menu_offers_the_settings_to_the_citys_audit_officers_only(centre):
    def urls(user):
        return {item["url"] for section in menu_for(user) for item in section["items"]}

    assert URL in urls(centre.handler)
    assert URL not in urls(centre.district_handler)
