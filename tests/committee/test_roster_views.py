"""Roster pages: the list (filters, terms ending, query count), a member's page, adding and editing members,
appointing and ending terms, the settings page — and who is refused."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.committee.enums import MemberCategory, MemberField
from proactive.committee.models import CommitteeSettings, Member
from proactive.committee.services.roster import add_months, appoint_term
from tests.committee.conftest import enrol
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_roster_lists_serving_members_by_category(client, committee):
    login_verified(client, committee.secretariat)

    response = client.get(reverse("committee:member-list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "위원 명단" in page
    assert page.index(committee.chair.user.display_name) < page.index(committee.members[0].user.display_name)
    assert "위원장" in page
    assert "전문가 풀" in page
    assert reverse("committee:member-create") in page


def test_the_roster_flags_terms_ending_soon(client, committee):
    ending = enrol(committee.secretariat, starts_on=add_months(timezone.localdate(), -24) + datetime.timedelta(days=20))
    login_verified(client, committee.secretariat)

    page = client.get(reverse("committee:member-list")).content.decode()

    assert "임기 만료 임박" in page
    assert "곧 만료되는 임기 1건" in page
    assert ending.user.display_name in page


def test_the_roster_filters(client, committee):
    login_verified(client, committee.members[0].user)
    response = client.get(reverse("committee:member-list"), {"field": MemberField.MARITIME_TRANSPORT, "pool": "on"})
    members = list(response.context["page_obj"])
    assert members == [committee.members[2]]
    assert reverse("committee:member-create") not in response.content.decode()  # members only read


def test_the_roster_queries_do_not_grow_with_members(client, committee):
    login_verified(client, committee.secretariat)
    url = reverse("committee:member-list")
    few = _queries(client, url)
    for _i in range(4):
        member = enrol(committee.secretariat, starts_on=timezone.localdate() - datetime.timedelta(days=800))
        appoint_term(
            actor=committee.secretariat, member=member, starts_on=timezone.localdate() - datetime.timedelta(days=10)
        )
    assert _queries(client, url) == few


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.SYSADMIN, Role.AUDIT_OFFICER, Role.REVIEWER])
def test_outsiders_do_not_see_the_roster(client, committee, role):
    user = UserFactory() if role == Role.OFFICIAL else make_staff(role)
    login_verified(client, user)
    assert client.get(reverse("committee:member-list")).status_code == 403
    assert client.get(reverse("committee:member-detail", args=[committee.chair.pk])).status_code == 403


def test_a_superuser_does_not_see_the_roster(client, committee):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("committee:member-list")).status_code == 403


def test_a_members_page_shows_terms_and_the_appointment_form(client, committee):
    login_verified(client, committee.secretariat)
    member = committee.members[0]

    page = client.get(reverse("committee:member-detail", args=[member.pk])).content.decode()

    assert member.user.display_name in page
    assert "1기" in page or "1</th>" in page
    assert reverse("committee:term-appoint", args=[member.pk]) in page
    assert reverse("committee:term-end", args=[member.terms.get().pk]) in page


def test_adding_an_external_expert(client, committee):
    login_verified(client, committee.secretariat)

    response = client.post(
        reverse("committee:member-create"),
        {
            "name": "한바다",
            "email": "bada@kmou.example",
            "category": MemberCategory.PRIVATE,
            "field": MemberField.MARITIME_TRANSPORT,
            "affiliation": "한국해양대학교 해양정책학과 교수",
            "in_pool": "on",
            "starts_on": timezone.localdate().isoformat(),
        },
    )

    member = Member.objects.get(user__name="한바다")
    assert response.status_code == 302
    assert response.url == reverse("committee:member-detail", args=[member.pk])
    assert member.in_pool
    assert member.is_external
    assert member.terms.count() == 1


def test_adding_an_official_by_employee_number(client, committee):
    official = OfficialFactory(employee_no="E2026001")
    user = UserFactory(official=official)
    login_verified(client, committee.secretariat)

    response = client.post(
        reverse("committee:member-create"),
        {
            "user_ref": "E2026001",
            "category": MemberCategory.EX_OFFICIO,
            "field": MemberField.REGULATION,
            "starts_on": "2026-01-01",
        },
    )

    assert response.status_code == 302
    assert Member.objects.get(user=user).category == MemberCategory.EX_OFFICIO


def test_bad_input_is_refused_in_korean_and_kept(client, committee):
    login_verified(client, committee.secretariat)

    response = client.post(
        reverse("committee:member-create"),
        {
            "user_ref": "nobody-here",
            "affiliation": "부경대학교",
            "category": "",
            "field": MemberField.LEGAL,
            "starts_on": "2026-13-45",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "아이디 또는 사번이 “nobody-here”인 공무원 계정이 없습니다." in page
    assert "날짜를 YYYY-MM-DD 형식으로 입력해 주십시오." in page
    assert 'value="부경대학교"' in page
    assert not Member.objects.filter(affiliation="부경대학교").exists()


def test_a_name_or_an_account_is_needed(client, committee):
    login_verified(client, committee.secretariat)
    response = client.post(
        reverse("committee:member-create"),
        {"category": MemberCategory.PRIVATE, "field": MemberField.LEGAL, "starts_on": "2026-01-01"},
    )
    assert response.status_code == 400
    assert "외부 전문가의 이름을 입력하십시오" in response.content.decode()


def test_a_second_chair_is_refused_with_the_reason(client, committee):
    login_verified(client, committee.secretariat)
    response = client.post(
        reverse("committee:member-create"),
        {"name": "새 위원장", "category": MemberCategory.CHAIR, "field": MemberField.LEGAL, "starts_on": "2026-01-01"},
    )
    assert response.status_code == 400
    assert "위원회에 이미 위원장" in response.content.decode()


def test_members_cannot_add_members(client, committee):
    login_verified(client, committee.chair.user)
    assert client.get(reverse("committee:member-create")).status_code == 403
    assert client.post(reverse("committee:member-edit", args=[committee.members[0].pk]), {}).status_code == 403
    assert client.post(reverse("committee:term-appoint", args=[committee.members[0].pk])).status_code == 403


def test_editing_a_member(client, committee):
    member = committee.members[0]
    login_verified(client, committee.secretariat)
    url = reverse("committee:member-edit", args=[member.pk])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "category": MemberCategory.PRIVATE,
            "field": MemberField.CIVIL_SOCIETY,
            "affiliation": "시민단체 대표",
            "in_pool": "on",
        },
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.field, member.in_pool, member.affiliation) == (MemberField.CIVIL_SOCIETY, True, "시민단체 대표")


def test_reappointing_and_the_third_term_refused(client, committee):
    member = committee.members[0]
    login_verified(client, committee.secretariat)
    url = reverse("committee:term-appoint", args=[member.pk])

    assert client.post(url, {"starts_on": ""}).status_code == 302
    assert member.terms.count() == 2
    page = client.get(reverse("committee:member-detail", args=[member.pk])).content.decode()
    assert "한 차례만 연임할 수 있으므로" in page

    response = client.post(url, {"starts_on": ""})
    assert response.status_code == 400
    assert "최대 2번(한 차례 연임)까지만" in response.content.decode()
    assert member.terms.count() == 2


def test_ending_a_term_early(client, committee):
    member = committee.members[1]
    term = member.terms.get()
    login_verified(client, committee.secretariat)
    url = reverse("committee:term-end", args=[term.pk])
    assert client.get(url).status_code == 200

    bad = client.post(url, {"ends_on": timezone.localdate().isoformat(), "reason": ""})
    assert bad.status_code == 400
    response = client.post(url, {"ends_on": timezone.localdate().isoformat(), "reason": "해외 연수"})
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.end_reason == "해외 연수"


def test_the_settings_page(client, committee):
    login_verified(client, committee.secretariat)
    url = reverse("committee:settings")
    assert 'name="warn_days"' in client.get(url).content.decode()
    data = {
        "term_months": "24",
        "max_terms": "2",
        "warn_days": "45",
        "quorum_base": "invited",
        "opening_quorum": "majority",
        "decision_rule": "majority_of_present",
        "written_days": "5",
        "pool_draw_per_field": "2",
    }
    assert client.post(url, data).status_code == 302
    rules = CommitteeSettings.current()
    assert (rules.warn_days, rules.decision_rule) == (45, "majority_of_present")

    bad = client.post(url, {**data, "term_months": "0", "warn_days": "999"})
    assert bad.status_code == 400
    assert 'value="999"' in bad.content.decode()
    assert CommitteeSettings.current().warn_days == 45


def test_the_settings_page_is_for_the_secretariat_only(client, committee):
    login_verified(client, committee.chair.user)
    assert client.get(reverse("committee:settings")).status_code == 403
