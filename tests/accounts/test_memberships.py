"""Role memberships: granting and ending (audited, notified, never deleted) and the management pages."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from proactive.accounts.enums import Role
from proactive.accounts.models import RoleMembership
from proactive.accounts.queries import has_role
from proactive.accounts.services.memberships import end_membership, grant_role
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.notifications.models import Notification
from tests.accounts.test_org_fixtures import City, official_user, signed_in
from tests.conftest import make_staff
from tests.factories.accounts import CitizenFactory, RoleMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
LIST = reverse("accounts:membership-list")
CREATE = reverse("accounts:membership-create")


def end_url(membership):
    return reverse("accounts:membership-end", args=[membership.pk])


# --- Services ------------------------------------------------------------------------------------------------------


def test_grant_role_audits_notifies_and_takes_effect():
    city = City()
    secretariat = make_staff(Role.SECRETARIAT)
    user = official_user(unit=city.dept)
    assert not has_role(user, Role.DEPARTMENT_HEAD)  # caches held roles on the object

    membership = grant_role(
        actor=secretariat, user=user, role=Role.DEPARTMENT_HEAD, unit=city.dept, starts_on=TODAY(), note=" 인사발령 "
    )

    assert membership.note == "인사발령"
    assert has_role(user, Role.DEPARTMENT_HEAD)  # the cache was forgotten
    event = AuditEvent.objects.get(verb="accounts.role_granted")
    assert event.actor == secretariat
    assert event.target_id == str(membership.pk)
    assert event.data == {
        "user": user.username,
        "role": "department_head",
        "unit": "D11",
        "starts_on": TODAY().isoformat(),
        "ends_on": None,
    }
    notification = Notification.objects.get(recipient=user)
    assert notification.kind == "accounts.role_granted"
    assert notification.url == reverse("web:dashboard")


def test_notification_is_in_the_recipients_language():
    city = City()
    user = official_user(unit=city.dept, preferred_language="en")
    grant_role(actor=make_staff(Role.SYSADMIN), user=user, role=Role.REVIEWER, unit=None, starts_on=TODAY())
    notification = Notification.objects.get(recipient=user)
    assert notification.title == "You have a new role"
    assert "Working-level reviewer" in notification.body


def test_department_head_needs_a_unit():
    user = official_user()
    with pytest.raises(DomainError) as excinfo:
        grant_role(actor=make_staff(Role.SECRETARIAT), user=user, role=Role.DEPARTMENT_HEAD, starts_on=TODAY())
    assert excinfo.value.code == "unit_required"
    assert not RoleMembership.objects.filter(user=user).exists()


def test_secretariat_may_not_grant_sysadmin_but_a_sysadmin_may():
    user = official_user()
    with pytest.raises(PermissionDeniedError) as excinfo:
        grant_role(actor=make_staff(Role.SECRETARIAT), user=user, role=Role.SYSADMIN, starts_on=TODAY())
    assert excinfo.value.code == "sysadmin_only"
    assert not RoleMembership.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(verb="accounts.role_granted").exists()

    grant_role(actor=make_staff(Role.SYSADMIN), user=user, role=Role.SYSADMIN, starts_on=TODAY())
    assert RoleMembership.objects.filter(user=user, role=Role.SYSADMIN).exists()


@pytest.mark.parametrize("actor_role", [Role.HR_OFFICER, Role.REVIEWER])
def test_only_membership_managers_may_grant(actor_role):
    with pytest.raises(PermissionDeniedError):
        grant_role(actor=make_staff(actor_role), user=official_user(), role=Role.REVIEWER, starts_on=TODAY())


def test_grant_refuses_base_roles_citizens_bad_dates_and_overlaps():
    translation.activate("en")  # the assertions below match the English messages
    actor = make_staff(Role.SECRETARIAT)
    user = official_user()
    with pytest.raises(DomainError, match="cannot be granted"):
        grant_role(actor=actor, user=user, role=Role.OFFICIAL, starts_on=TODAY())
    with pytest.raises(DomainError) as excinfo:
        grant_role(actor=actor, user=CitizenFactory(), role=Role.REVIEWER, starts_on=TODAY())
    assert excinfo.value.code == "citizen"
    with pytest.raises(DomainError) as excinfo:
        grant_role(
            actor=actor, user=user, role=Role.REVIEWER, starts_on=TODAY(), ends_on=TODAY() - datetime.timedelta(days=1)
        )
    assert excinfo.value.code == "invalid_dates"
    grant_role(actor=actor, user=user, role=Role.REVIEWER, starts_on=TODAY())
    with pytest.raises(DomainError) as excinfo:
        grant_role(actor=actor, user=user, role=Role.REVIEWER, starts_on=TODAY() + datetime.timedelta(days=10))
    assert excinfo.value.code == "overlap"


def test_end_membership_sets_the_last_day_keeps_the_row_and_audits():
    actor = make_staff(Role.SECRETARIAT)
    membership = RoleMembershipFactory(role=Role.REVIEWER)

    end_membership(actor=actor, membership=membership)

    membership.refresh_from_db()
    assert membership.ends_on == TODAY()
    event = AuditEvent.objects.get(verb="accounts.role_ended")
    assert event.changes == {"ends_on": [None, TODAY().isoformat()]}
    assert event.data["role"] == "reviewer"
    assert Notification.objects.get(recipient=membership.user).kind == "accounts.role_ended"
    with pytest.raises(DomainError) as excinfo:
        end_membership(actor=actor, membership=membership)
    assert excinfo.value.code == "already_ended"


def test_end_membership_on_a_given_day_and_not_before_it_starts():
    actor = make_staff(Role.SECRETARIAT)
    membership = RoleMembershipFactory(role=Role.REVIEWER, starts_on=TODAY() - datetime.timedelta(days=5))
    with pytest.raises(DomainError):
        end_membership(actor=actor, membership=membership, ends_on=TODAY() - datetime.timedelta(days=6))
    end_membership(actor=actor, membership=membership, ends_on=TODAY() - datetime.timedelta(days=1))
    membership.refresh_from_db()
    assert membership.ends_on == TODAY() - datetime.timedelta(days=1)
    assert not has_role(membership.user, Role.REVIEWER)


def test_secretariat_may_not_end_a_sysadmin_membership():
    membership = RoleMembershipFactory(role=Role.SYSADMIN)
    with pytest.raises(PermissionDeniedError):
        end_membership(actor=make_staff(Role.SECRETARIAT), membership=membership)
    membership.refresh_from_db()
    assert membership.ends_on is None


# --- Pages: permissions -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["citizen", "official", Role.HR_OFFICER, Role.DEPARTMENT_HEAD])
def test_membership_pages_are_refused_without_permission(client, who):
    city = City()
    membership = RoleMembershipFactory(role=Role.REVIEWER)
    if who == "citizen":
        signed_in(client, user=CitizenFactory())
    elif who == "official":
        signed_in(client)
    else:
        signed_in(client, who, unit=city.dept)
    assert client.get(LIST).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"user_ref": "x", "role": Role.SYSADMIN, "starts_on": "2030-01-01"}).status_code == 403
    assert client.post(end_url(membership)).status_code == 403
    membership.refresh_from_db()
    assert membership.ends_on is None


# --- Pages: list ----------------------------------------------------------------------------------------------------


def test_list_shows_memberships_and_filters_by_role_and_state(client):
    city = City()
    signed_in(client, Role.SECRETARIAT)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    head = official_user(unit=city.team, name="팀장님")
    RoleMembershipFactory(user=head, role=Role.DEPARTMENT_HEAD, unit=city.dept)
    RoleMembershipFactory(role=Role.REVIEWER, ends_on=TODAY() - datetime.timedelta(days=1))

    html = client.get(LIST).content.decode()
    assert "팀장님" in html
    assert "Proactive Team" in html
    assert "Innovation Policy Division" in html
    assert "Department head" in html
    assert "<caption>" in html

    roles = {m.role for m in client.get(LIST, {"role": Role.DEPARTMENT_HEAD}).context["page_obj"]}
    assert roles == {Role.DEPARTMENT_HEAD}
    ended = list(client.get(LIST, {"state": "ended"}).context["page_obj"])
    assert [m.role for m in ended] == [Role.REVIEWER]


def test_list_uses_the_same_number_of_queries_for_1_and_3_memberships(client):
    city = City()
    signed_in(client, Role.SYSADMIN)
    client.get(LIST)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST, {"state": "all"}).status_code == 200
        return len(ctx)

    one = count()
    RoleMembershipFactory(user=official_user(unit=city.dept), role=Role.DEPARTMENT_HEAD, unit=city.dept)
    RoleMembershipFactory(role=Role.REVIEWER, user=UserFactory(official=None))  # an external member
    assert count() == one


# --- Pages: create and end ------------------------------------------------------------------------------------------


def test_grant_by_employee_number(client):
    city = City()
    actor = signed_in(client, Role.SECRETARIAT)
    user = official_user(unit=city.dept)

    response = client.post(
        CREATE,
        {
            "user_ref": user.official.employee_no,
            "role": Role.DEPARTMENT_HEAD,
            "unit": city.dept.pk,
            "starts_on": TODAY().isoformat(),
            "note": "발령",
        },
    )

    assert response.status_code == 302
    membership = RoleMembership.objects.get(user=user)
    assert (membership.role, membership.unit, membership.note) == (Role.DEPARTMENT_HEAD, city.dept, "발령")
    assert AuditEvent.objects.get(verb="accounts.role_granted").actor == actor


def test_grant_by_username_with_clear_errors(client):
    City()
    signed_in(client, Role.SECRETARIAT)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    user = official_user()

    unknown = client.post(CREATE, {"user_ref": "nobody", "role": Role.REVIEWER, "starts_on": TODAY().isoformat()})
    assert "No official&#x27;s account has the username or employee number “nobody”." in unknown.content.decode()

    no_unit = client.post(
        CREATE, {"user_ref": user.username, "role": Role.DEPARTMENT_HEAD, "starts_on": TODAY().isoformat()}
    )
    assert "Choose the unit for a Department head." in no_unit.content.decode()

    citizen = CitizenFactory()
    refused = client.post(
        CREATE, {"user_ref": citizen.username, "role": Role.REVIEWER, "starts_on": TODAY().isoformat()}
    )
    assert "No official&#x27;s account" in refused.content.decode()

    sysadmin = client.post(CREATE, {"user_ref": user.username, "role": Role.SYSADMIN, "starts_on": TODAY().isoformat()})
    assert sysadmin.status_code == 200
    assert "Only a system administrator may grant" in sysadmin.content.decode()
    assert not RoleMembership.objects.filter(user__in=[user, citizen]).exists()


def test_create_form_defaults_to_today(client):
    signed_in(client, Role.SECRETARIAT)
    html = client.get(CREATE).content.decode()
    assert f'value="{TODAY().isoformat()}"' in html


def test_end_page_confirms_then_post_ends_today_or_on_the_given_day(client):
    signed_in(client, Role.SECRETARIAT)
    first = RoleMembershipFactory(role=Role.REVIEWER)
    second = RoleMembershipFactory(role=Role.COMMITTEE_MEMBER)

    assert client.get(end_url(first)).status_code == 200
    first.refresh_from_db()
    assert first.ends_on is None  # GET changes nothing

    assert client.post(end_url(first)).status_code == 302
    first.refresh_from_db()
    assert first.ends_on == TODAY()

    day = TODAY() + datetime.timedelta(days=14)
    client.post(end_url(second), {"ends_on": day.isoformat()})
    second.refresh_from_db()
    assert second.ends_on == day
    assert RoleMembership.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert AuditEvent.objects.filter(verb="accounts.role_ended").count() == 2


def test_end_shows_a_refusal_for_an_already_ended_membership(client):
    signed_in(client, Role.SECRETARIAT)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    membership = RoleMembershipFactory(role=Role.REVIEWER, ends_on=TODAY() - datetime.timedelta(days=1))
    response = client.post(end_url(membership))
    assert response.status_code == 200
    assert "already ends on" in response.content.decode()


def test_unknown_membership_is_404(client):
    signed_in(client, Role.SECRETARIAT)
    assert client.post(reverse("accounts:membership-end", args=[987654])).status_code == 404


def test_ending_needs_the_csrf_token():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    signed_in(client, Role.SECRETARIAT)
    membership = RoleMembershipFactory(role=Role.REVIEWER)
    assert client.post(end_url(membership)).status_code == 403
    membership.refresh_from_db()
    assert membership.ends_on is None
