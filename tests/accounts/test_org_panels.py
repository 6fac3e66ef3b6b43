"""Dashboard panels contributed by accounts: "my roles" for everyone, organisation counts for HR and sysadmins."""

import pytest
from django.conf import settings
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.accounts.models import OrgUnit
from tests.accounts.test_org_fixtures import City, signed_in
from tests.factories.accounts import CitizenFactory, OfficialFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("web:dashboard")


def test_my_roles_panel_lists_the_users_roles(client):
    city = City()
    signed_in(client, Role.DEPARTMENT_HEAD, unit=city.dept)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(DASHBOARD).content.decode()
    assert 'id="panel-accounts-my-roles"' in html
    assert "Department head" in html
    assert "Innovation Policy Division" in html
    assert 'id="panel-accounts-organisation"' not in html


def test_my_roles_panel_for_a_citizen(client):
    signed_in(client, user=CitizenFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(DASHBOARD).content.decode()
    assert "You take part as a citizen." in html


@pytest.mark.parametrize("role", [Role.HR_OFFICER, Role.SYSADMIN])
def test_organisation_panel_for_hr_and_sysadmin(client, role):
    city = City()
    OfficialFactory.create_batch(2, unit=city.dept)
    signed_in(client, role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(DASHBOARD).content.decode()
    assert 'id="panel-accounts-organisation"' in html
    assert f"{OrgUnit.objects.filter(is_active=True).count()} units in use" in html
    assert reverse("accounts:org-import") in html
