"""The officials register pages: who may see whom, 404 outside scope, access records, filters, query counts."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.accounts.enums import OfficialStatus, Role
from proactive.accounts.models import Official
from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord
from tests.accounts.test_org_fixtures import City, signed_in
from tests.factories.accounts import CitizenFactory, OfficialFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

LIST = reverse("accounts:official-list")


def detail(official):
    return reverse("accounts:official-detail", args=[official.pk])


# --- Permissions -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["citizen", "official", Role.REVIEWER, Role.COMMITTEE_MEMBER])
def test_register_is_refused_without_permission(client, who):
    city = City()
    official = OfficialFactory(unit=city.dept)
    if who == "citizen":
        signed_in(client, user=CitizenFactory())
    elif who == "official":
        signed_in(client)
    else:
        signed_in(client, who)
    assert client.get(LIST).status_code == 403
    assert client.get(detail(official)).status_code == 403


def test_register_needs_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.HR_OFFICER, Role.AUDIT_OFFICER, Role.SYSADMIN])
def test_organisation_wide_roles_see_everyone(client, role):
    city = City()
    mine = OfficialFactory(unit=city.team, name="가공무원")
    other = OfficialFactory(unit=city.corporation, name="나공무원")
    signed_in(client, role)
    html = client.get(LIST).content.decode()
    assert "가공무원" in html
    assert "나공무원" in html
    assert client.get(detail(mine)).status_code == 200
    assert client.get(detail(other)).status_code == 200


def test_department_head_sees_only_their_subtree_and_gets_404_outside(client):
    city = City()
    inside = OfficialFactory(unit=city.team, name="안쪽공무원")
    outside = OfficialFactory(unit=city.other_dept, name="바깥공무원")
    signed_in(client, Role.DEPARTMENT_HEAD, unit=city.dept)

    html = client.get(LIST).content.decode()
    assert "안쪽공무원" in html
    assert "바깥공무원" not in html
    assert client.get(detail(inside)).status_code == 200
    assert client.get(detail(outside)).status_code == 404
    assert not AccessRecord.objects.filter(subject_id=str(outside.pk)).exists()


def test_bureau_chief_sees_the_bureau(client):
    city = City()
    inside = OfficialFactory(unit=city.team)
    outside = OfficialFactory(unit=city.district)
    signed_in(client, Role.BUREAU_CHIEF, unit=city.bureau)
    assert client.get(detail(inside)).status_code == 200
    assert client.get(detail(outside)).status_code == 404


# --- Detail and access records --------------------------------------------------------------------------------


def test_detail_shows_work_contacts_and_records_the_view_with_ip(client):
    city = City()
    official = OfficialFactory(unit=city.team, email="hong@busan.example", phone="051-888-0000")
    viewer = signed_in(client, Role.HR_OFFICER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(detail(official), REMOTE_ADDR="10.1.2.3")

    html = response.content.decode()
    assert "hong@busan.example" in html
    assert "051-888-0000" in html
    assert "Proactive Team" in html
    assert "Planning Bureau" in html
    assert response["Cache-Control"] == "no-store"
    record = AccessRecord.objects.get()
    assert record.action == AccessAction.VIEW
    assert record.actor == viewer
    assert record.ip_address == "10.1.2.3"
    assert record.subject_type == "accounts.official"
    assert record.subject_id == str(official.pk)


def test_detail_shows_the_account_and_roles_of_an_official_with_one(client):
    city = City()
    from tests.conftest import make_staff

    staff = make_staff(Role.REVIEWER)
    signed_in(client, Role.SECRETARIAT)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(detail(staff.official)).content.decode()
    assert staff.username in html
    assert "Working-level reviewer" in html
    assert city  # the city exists only to have a tree


# --- List: search, filters, pagination ---------------------------------------------------------------------------


def test_search_by_name_or_employee_number_is_recorded(client):
    city = City()
    OfficialFactory(unit=city.dept, name="홍길동", employee_no="E0000777")
    OfficialFactory(unit=city.dept, name="김철수")
    signed_in(client, Role.SECRETARIAT)

    html = client.get(LIST, {"q": "길동"}, REMOTE_ADDR="10.0.0.9").content.decode()
    assert "홍길동" in html
    assert "김철수" not in html
    html = client.get(LIST, {"q": "E0000777"}).content.decode()
    assert "홍길동" in html
    assert "김철수" not in html

    records = list(AccessRecord.objects.order_by("occurred_at", "pk"))
    assert [(r.action, r.resource) for r in records] == [
        (AccessAction.SEARCH, "길동"),
        (AccessAction.SEARCH, "E0000777"),
    ]
    assert records[0].ip_address == "10.0.0.9"


def test_listing_without_a_query_records_nothing(client):
    City()
    signed_in(client, Role.SECRETARIAT)
    client.get(LIST)
    assert not AccessRecord.objects.exists()


def test_filters_by_unit_subtree_status_and_rank(client):
    city = City()
    OfficialFactory(unit=city.team, name="팀원", rank="7급", grade=7)
    OfficialFactory(unit=city.dept, name="휴직자", status=OfficialStatus.ON_LEAVE)
    OfficialFactory(unit=city.other_dept, name="다른국")
    signed_in(client, Role.HR_OFFICER)

    def names(**params):
        return {o.name for o in client.get(LIST, params).context["page_obj"]}

    assert names(unit=city.bureau.pk) == {"팀원", "휴직자"}
    assert names(status=OfficialStatus.ON_LEAVE) == {"휴직자"}
    assert names(rank="7급") == {"팀원"}
    assert names(unit=city.bureau.pk, rank="6급") == {"휴직자"}


def test_department_head_cannot_filter_on_a_unit_outside_scope(client):
    city = City()
    OfficialFactory(unit=city.other_dept, name="바깥")
    signed_in(client, Role.DEPARTMENT_HEAD, unit=city.dept)
    response = client.get(LIST, {"unit": city.other_dept.pk})
    assert response.status_code == 200
    assert "바깥" not in response.content.decode()
    assert response.context["form"].errors  # not a valid choice


def test_list_is_paginated_by_50(client):
    city = City()
    OfficialFactory.create_batch(51, unit=city.dept)
    signed_in(client, Role.SECRETARIAT)
    html = client.get(LIST).content.decode()
    assert 'class="krds-pagination"' in html
    second = client.get(LIST, {"page": 2}).context["page_obj"]
    assert len(second.object_list) == Official.objects.count() - 50  # the signed-in official is listed too


def test_list_uses_the_same_number_of_queries_for_1_and_3_officials(client):
    city = City()
    OfficialFactory(unit=city.dept)
    signed_in(client, Role.SECRETARIAT)
    client.get(LIST)

    def count(params):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST, params).status_code == 200
        return len(ctx)

    one = count({})
    one_searched = count({"q": "김", "unit": city.city.pk})
    OfficialFactory(unit=city.team)
    OfficialFactory(unit=OrgUnitFactory(parent=city.other_bureau), rank="5급", grade=5)
    assert count({}) == one
    assert count({"q": "김", "unit": city.city.pk}) == one_searched


def test_export_form_is_offered_only_to_those_who_may_export(client):
    City()
    signed_in(client, Role.AUDIT_OFFICER)  # may view, may not export
    assert reverse("accounts:org-export", args=["officials", "xlsx"]) not in client.get(LIST).content.decode()
    client.logout()
    signed_in(client, Role.HR_OFFICER)
    assert reverse("accounts:org-export", args=["officials", "xlsx"]) in client.get(LIST).content.decode()
