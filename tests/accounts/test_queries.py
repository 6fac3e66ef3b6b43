"""Reads about the organisation: register visibility, the tree, memberships, headline counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proactive.accounts import queries
from proactive.accounts.enums import OfficialStatus, Role
from tests.accounts.test_org_fixtures import City, official_user
from tests.conftest import make_staff
from tests.factories.accounts import CitizenFactory, OfficialFactory, OrgUnitFactory, RoleMembershipFactory

pytestmark = pytest.mark.django_db


def test_officials_visible_to_wide_roles_is_everyone():
    city = City()
    OfficialFactory(unit=city.team)
    OfficialFactory(unit=city.district)
    for role in (Role.SECRETARIAT, Role.HR_OFFICER, Role.AUDIT_OFFICER, Role.SYSADMIN):
        user = make_staff(role)
        assert queries.official_scope(user) is None
        assert queries.officials_visible_to(user).count() == queries.Official.objects.count()


def test_officials_visible_to_heads_is_their_subtree():
    city = City()
    inside = OfficialFactory(unit=city.team)
    outside = OfficialFactory(unit=city.other_dept)
    head = make_staff(Role.DEPARTMENT_HEAD, unit=city.dept)
    visible = set(queries.officials_visible_to(head))
    assert inside in visible
    assert outside not in visible
    assert queries.can_see_officials_in(head, city.team)
    assert not queries.can_see_officials_in(head, city.other_dept)


def test_officials_visible_to_a_head_of_two_units():
    city = City()
    head = make_staff(Role.DEPARTMENT_HEAD, unit=city.dept)
    RoleMembershipFactory(user=head, role=Role.BUREAU_CHIEF, unit=city.other_bureau)
    a = OfficialFactory(unit=city.team)
    b = OfficialFactory(unit=city.other_dept)
    c = OfficialFactory(unit=city.district)
    visible = set(queries.officials_visible_to(head))
    assert {a, b} <= visible
    assert c not in visible


def test_ended_head_membership_gives_no_scope():
    city = City()
    user = official_user()
    RoleMembershipFactory(
        user=user, role=Role.DEPARTMENT_HEAD, unit=city.dept, ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert not queries.officials_visible_to(user).exists()


@pytest.mark.parametrize("kind", ["official", "citizen", "reviewer"])
def test_officials_visible_to_others_is_nobody(kind):
    City()
    OfficialFactory()
    user = {"official": official_user, "citizen": CitizenFactory, "reviewer": lambda: make_staff(Role.REVIEWER)}[kind]()
    assert queries.official_scope(user) == []
    assert not queries.officials_visible_to(user).exists()


def test_search_officials_filters():
    city = City()
    a = OfficialFactory(unit=city.team, name="홍길동", employee_no="E77", rank="7급")
    OfficialFactory(unit=city.other_dept, name="홍두깨", status=OfficialStatus.ON_LEAVE)
    qs = queries.Official.objects.all()
    assert list(queries.search_officials(qs, q="E77")) == [a]
    assert {o.name for o in queries.search_officials(qs, q="홍")} == {"홍길동", "홍두깨"}
    assert list(queries.search_officials(qs, q="홍", unit=city.bureau)) == [a]
    assert list(queries.search_officials(qs, q="홍", status=OfficialStatus.ACTIVE, rank="7급")) == [a]
    assert queries.ranks_in(qs.filter(unit=city.team)) == ["7급"]


def test_org_tree_is_one_query_and_nests_units_in_order():
    city = City()
    OfficialFactory.create_batch(2, unit=city.team)
    OfficialFactory(unit=city.team, status=OfficialStatus.RETIRED)
    with CaptureQueriesContext(connection) as ctx:
        roots, total = queries.org_tree()
    assert len(ctx) == 1
    assert total == 8
    assert [r.unit for r in roots] == [city.city]
    assert roots[0].open
    bureau = next(n for n in roots[0].children if n.unit == city.bureau)
    team = bureau.children[0].children[0]
    assert team.unit == city.team
    assert team.officials_count == 2


def test_org_tree_children_follow_sort_order_then_name():
    root = OrgUnitFactory(name="시")
    OrgUnitFactory(parent=root, name="다", sort_order=1)
    OrgUnitFactory(parent=root, name="가", sort_order=2)
    OrgUnitFactory(parent=root, name="나", sort_order=1)
    roots, _total = queries.org_tree()
    assert [n.unit.name for n in roots[0].children] == ["나", "다", "가"]


def test_org_tree_search_keeps_ancestors_and_marks_matches():
    city = City()
    roots, matched = queries.org_tree("정책과")
    assert matched == 2
    names = []

    def walk(nodes):
        for node in nodes:
            names.append((node.unit.code, node.matches, node.open))
            walk(node.children)

    walk(roots)
    assert ("C0", False, True) in names
    assert ("D11", True, False) in names
    assert ("D21", True, False) in names
    assert all(code not in {"T111", "G1"} for code, _m, _o in names)
    assert city


def test_org_tree_hides_inactive_units_unless_asked():
    city = City()
    city.corporation.is_active = False
    city.corporation.save()
    codes = {n.unit.code for n in queries.org_tree()[0][0].children}
    assert "P1" not in codes
    codes = {n.unit.code for n in queries.org_tree(include_inactive=True)[0][0].children}
    assert "P1" in codes


def test_ancestors_children_officials_and_role_holders():
    city = City()
    assert queries.ancestors(city.team) == [city.city, city.bureau, city.dept]
    assert list(queries.unit_children(city.bureau)) == [city.dept]
    serving = OfficialFactory(unit=city.dept)
    OfficialFactory(unit=city.dept, status=OfficialStatus.RETIRED)
    assert list(queries.unit_officials(city.dept)) == [serving]
    holder = RoleMembershipFactory(role=Role.DEPARTMENT_HEAD, unit=city.dept)
    RoleMembershipFactory(
        role=Role.BUREAU_CHIEF, unit=city.dept, ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert list(queries.role_holders(city.dept)) == [holder]


def test_memberships_filtered_by_state_and_role():
    today = timezone.localdate()
    active = RoleMembershipFactory(role=Role.REVIEWER)
    upcoming = RoleMembershipFactory(role=Role.REVIEWER, starts_on=today + datetime.timedelta(days=3))
    ended = RoleMembershipFactory(role=Role.SECRETARIAT, ends_on=today - datetime.timedelta(days=1))
    assert list(queries.memberships_filtered()) == [active]
    assert list(queries.memberships_filtered(state="upcoming")) == [upcoming]
    assert list(queries.memberships_filtered(state="ended")) == [ended]
    assert set(queries.memberships_filtered(state="all")) == {active, upcoming, ended}
    assert list(queries.memberships_filtered(role=Role.SECRETARIAT, state="all")) == [ended]


def test_memberships_of_and_org_counts():
    city = City()
    user = make_staff(Role.REVIEWER)
    RoleMembershipFactory(user=user, role=Role.DEPARTMENT_HEAD, unit=city.dept)
    assert [m.role for m in queries.memberships_of(user)] == [Role.DEPARTMENT_HEAD, Role.REVIEWER]
    OfficialFactory(unit=city.dept, status=OfficialStatus.ON_LEAVE)
    city.district.is_active = False
    city.district.save()
    counts = queries.org_counts()
    assert counts["units_inactive"] == 1
    assert counts["officials_on_leave"] == 1
    assert counts["units"] == queries.OrgUnit.objects.filter(is_active=True).count()


@pytest.mark.django_db
def test_a_citizen_holds_the_citizen_role_only_without_a_query():
    citizen = CitizenFactory()
    # grant_role refuses a citizen; a row that got there another way (an import, the admin) grants nothing.
    RoleMembershipFactory(user=citizen, role=Role.SECRETARIAT, unit=None)
    with CaptureQueriesContext(connection) as ctx:
        held = queries.held_roles(citizen)
    assert [h.role for h in held] == [Role.CITIZEN]
    assert not queries.has_role(citizen, Role.SECRETARIAT)
    assert len(ctx.captured_queries) == 0
