"""The signed-in user's own page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.accounts.enums import Role
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import OrgUnitFactory, RoleMembershipFactory

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")


def test_profile_requires_sign_in(client):
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={PROFILE}"


def test_profile_shows_official_record_roles_and_second_factor(lang_en):
    unit = OrgUnitFactory(name="감사위원회", name_en="Audit Committee")
    staff = make_staff(Role.DEPARTMENT_HEAD, unit=unit, preferred_language="en")
    RoleMembershipFactory(user=staff, role=Role.REVIEWER)
    login_verified(lang_en, staff)

    content = lang_en.get(PROFILE).content.decode()

    assert staff.name in content
    assert staff.official.rank in content
    assert staff.official.position in content
    assert staff.official.unit.name_en in content
    assert "Department head · Audit Committee" in content
    assert "Working-level reviewer" in content
    assert "On: authenticator app" in content
    assert "English" in content
    assert reverse("accounts:password-change") in content


def test_profile_role_units_cost_one_query(lang_en):
    staff = make_staff(Role.DEPARTMENT_HEAD, unit=OrgUnitFactory())
    for _ in range(3):
        RoleMembershipFactory(user=staff, role=Role.BUREAU_CHIEF, unit=OrgUnitFactory())
    login_verified(lang_en, staff)
    lang_en.get(PROFILE)  # warm caches (content types, programme settings)

    with CaptureQueriesContext(connection) as captured:
        lang_en.get(PROFILE)

    unit_queries = [q for q in captured.captured_queries if 'FROM "accounts_orgunit"' in q["sql"]]
    assert len(unit_queries) == 1  # all role units at once; the official's own unit is joined to the official


def test_profile_for_plain_official_says_second_factor_not_needed(lang_en, official):
    lang_en.force_login(official)

    content = lang_en.get(PROFILE).content.decode()

    assert "Not needed: your account holds no staff role." in content
    assert "You hold no roles at the moment." not in content  # the base role "Official" is listed
    assert "Official" in content


def test_profile_for_citizen_has_no_password_or_second_factor(lang_en, citizen):
    lang_en.force_login(citizen)

    content = lang_en.get(PROFILE).content.decode()

    assert citizen.email in content
    assert reverse("accounts:password-change") not in content
    assert "Two-step verification" not in content
