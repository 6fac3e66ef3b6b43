"""The official's statement (/mileage/), the dashboard panel and the menu: who may open them, what they show,
and a constant number of queries however long the ledger is."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.mileage.enums import AppealState, ClaimState, EntryKind, RedemptionState
from proactive.mileage.models import LedgerEntry, MileagePolicy
from proactive.mileage.queries.statements import PER_PAGE, balance_panel, statement_for
from proactive.mileage.services.expiry import expire_year
from proactive.web.navigation import menu_for
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import CitizenFactory, UserFactory
from tests.mileage.test_statements_support import (
    activity_rule,
    appeal,
    claim_for,
    deduct,
    grant,
    many_entries,
    reserve,
    this_year,
)

pytestmark = pytest.mark.django_db
URL = "/mileage/"


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def rule():
    return activity_rule()


@pytest.fixture
def busy(rule):
    """An official with grants this year and last, a deduction under appeal, a reserved reward, pending claims."""
    user = UserFactory()
    official = user.official
    grant(official, 5, year=this_year() - 1, rule=rule)
    grant(official, 30, rule=rule)
    deduction = deduct(official, 2, source="passive:7", memo="소극행정 확인")
    appeal(user, points=4, entry=deduction)
    reserve(official, 10)
    reserve(official, 3, state=RedemptionState.FULFILLED)
    claim_for(user, rule, 3, state=ClaimState.GRANTED, title="민원 처리 기간 단축")
    claim_for(user, rule, 2, state=ClaimState.CLAIMED)
    claim_for(user, rule, 1, state=ClaimState.REJECTED)
    claim_for(user, rule, 1, state=ClaimState.WITHDRAWN)
    return user


# --- Who may open it ------------------------------------------------------------------------------------------------


def test_the_statement_url_is_the_apps_front_page():
    assert reverse("mileage:statement") == URL


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_citizen_is_refused(client):
    client.force_login(CitizenFactory())
    assert client.get(URL).status_code == 403


def test_the_statement_refuses_post(client):
    client.force_login(UserFactory())
    assert client.post(URL).status_code == 405


def test_an_official_sees_only_their_own_ledger(client, busy):
    other = UserFactory()
    grant(other.official, 7, memo="남의 기록")
    client.force_login(other)
    response = client.get(URL)
    assert response.status_code == 200
    statement = response.context["statement"]
    assert (statement.balance, statement.entry_count, statement.pending, statement.reserved) == (7, 1, [], [])
    assert "남의 기록" in response.content.decode()
    assert "소극행정 확인" not in response.content.decode()


# --- What it shows --------------------------------------------------------------------------------------------------


def test_balance_available_pending_reserved_and_expiring(client, busy):
    client.force_login(busy)
    response = client.get(URL)
    s = response.context["statement"]
    # 5 + 30 − 2 − 10 − 3 = 20; 4 held by the open appeal.
    assert (s.balance, s.held, s.available) == (20, 4, 16)
    assert s.pending_points == 5  # the granted and the claimed claims; not the rejected or withdrawn ones
    assert [share.claim.title for share in s.pending][0] in {"민원 처리 기간 단축", "항만 인허가 간소화"}
    assert s.reserved_points == 10  # the fulfilled reward is no longer reserved
    assert s.expiring == 16  # everything counted towards this year or earlier, except the held points
    assert s.expires_on == datetime.date(this_year(), 12, 31)
    html = response.content.decode()
    assert f"16 points will expire on {this_year()}-12-31 unless you redeem them." in html
    assert "Points held by an open appeal do not expire." in html
    assert 'href="/mileage/claims/new/"' in html
    assert 'href="/mileage/redeem/"' in html
    assert "민원 처리 기간 단축" in html
    assert "Regulation improved" in html
    assert "v1" in html
    assert "소극행정 확인" in html  # the memo


def test_history_is_newest_first_with_kind_source_and_year(client, busy):
    client.force_login(busy)
    entries = list(client.get(URL).context["statement"].page_obj)
    assert [e.kind for e in entries] == [
        EntryKind.REDEMPTION,
        EntryKind.REDEMPTION,
        EntryKind.DEDUCTION,
        EntryKind.GRANT,
        EntryKind.GRANT,
    ]
    assert entries[-1].year == this_year() - 1
    assert entries[-1].source_label == "Claim no. 1"
    assert entries[0].source_label == "Reward request no. 0"
    assert entries[2].source_label == "passive:7"  # a source this page does not know is shown as it is


def test_grants_and_deductions_link_to_an_appeal_while_the_window_is_open(client, rule):
    user = UserFactory()
    recent = grant(user.official, 3, rule=rule)
    old = grant(user.official, 2, rule=rule)
    disputed = deduct(user.official, 1)
    appeal(user, points=1, entry=disputed)
    spent = reserve(user.official, 1).reserve_entry
    LedgerEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=15))
    client.force_login(user)
    response = client.get(URL)
    by_pk = {e.pk: e for e in response.context["statement"].page_obj}
    assert by_pk[recent.pk].appeal_url == f"/mileage/appeals/new/?entry={recent.pk}"
    assert by_pk[old.pk].appeal_url == ""  # the policy's 14 days are over
    assert (by_pk[disputed.pk].appeal_url, by_pk[disputed.pk].appeal_note) == ("", "Under appeal")
    assert by_pk[spent.pk].appeal_url == ""  # a reward is not a decision to appeal
    assert f'href="/mileage/appeals/new/?entry={recent.pk}"' in response.content.decode()


def test_the_appeal_window_follows_the_policy_of_the_entrys_year(client):
    MileagePolicy.objects.create(year=this_year(), appeal_window_days=30)
    user = UserFactory()
    entry = grant(user.official, 3)
    LedgerEntry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - datetime.timedelta(days=20))
    client.force_login(user)
    (shown,) = client.get(URL).context["statement"].page_obj
    assert shown.appeal_url.endswith(f"?entry={entry.pk}")


def test_no_expiry_when_the_years_policy_keeps_points(client):
    MileagePolicy.objects.create(year=this_year(), expires_at_year_end=False)
    user = UserFactory()
    grant(user.official, 8)
    client.force_login(user)
    response = client.get(URL)
    assert response.context["statement"].expiring == 0
    assert "unspent points do not expire at the end of the year" in response.content.decode()


def test_points_of_a_later_year_do_not_expire_this_year():
    user = UserFactory()
    grant(user.official, 4)
    grant(user.official, 6, year=this_year() + 1)
    statement = statement_for(user.official_id)
    assert (statement.balance, statement.expiring) == (10, 4)


def test_after_the_years_expiry_the_statement_says_so(client):
    user = UserFactory()
    grant(user.official, 8)
    expire_year(actor=None, year=this_year())
    client.force_login(user)
    response = client.get(URL)
    s = response.context["statement"]
    assert (s.balance, s.expiring, s.expired_this_year) == (0, 0, True)
    html = response.content.decode()
    assert f"The unspent points of {this_year()} have expired" in html
    assert f"Year-end expiry of {this_year()}" in html


def test_an_official_without_entries_sees_an_empty_statement(client):
    client.force_login(UserFactory())
    response = client.get(URL)
    s = response.context["statement"]
    assert (s.balance, s.available, s.pending_points, s.reserved_points, s.expiring) == (0, 0, 0, 0, 0)
    assert "Your ledger has no entries yet." in response.content.decode()


def test_history_pages_and_bad_page_numbers(client):
    user = UserFactory()
    many_entries(user.official, 2 * PER_PAGE + 5)
    client.force_login(user)
    assert len(client.get(URL).context["statement"].page_obj) == PER_PAGE
    third = client.get(URL + "?page=3").context["statement"].page_obj
    assert (third.number, len(third)) == (3, 5)
    assert client.get(URL + "?page=abc").context["statement"].page_obj.number == 1
    assert client.get(URL + "?page=99").context["statement"].page_obj.number == 3


def test_the_page_is_in_korean_by_default(client):
    client.cookies.clear()
    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.status_code == 200
    assert '<html lang="ko">' in response.content.decode()


# --- Cost -----------------------------------------------------------------------------------------------------------


def _count(client, url: str) -> int:
    client.get(url)  # warm-up: the first request after sign-in renews the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_statement_costs_the_same_queries_for_an_empty_and_a_long_ledger(
    client, rule, django_assert_max_num_queries
):
    empty = UserFactory()
    client.force_login(empty)
    without = _count(client, URL)

    full = UserFactory()
    many_entries(full.official, 150, rule=rule)
    many_entries(full.official, 30, year=this_year() - 1, rule=rule)
    deduction = deduct(full.official, 2)
    appeal(full, points=2, entry=deduction)
    for n in range(3):
        reserve(full.official, 1 + n)
        claim_for(full, rule, 2)
    client.force_login(full)
    with_entries = _count(client, URL)
    page_five = _count(client, URL + "?page=5")
    assert with_entries == without == page_five
    with django_assert_max_num_queries(without):
        client.get(URL + "?page=2")


def test_the_statement_reads_six_queries_of_its_own(rule, django_assert_num_queries):
    user = UserFactory()
    many_entries(user.official, 60, rule=rule)
    with django_assert_num_queries(6):
        statement = statement_for(user.official_id, page="2")
        list(statement.page_obj)


# --- Dashboard panel and menu ---------------------------------------------------------------------------------------


def test_the_dashboard_shows_balance_and_available_points(client, busy):
    client.force_login(busy)
    response = client.get(reverse("web:dashboard"))
    html = response.content.decode()
    assert 'id="panel-mileage-balance"' in html
    assert "4 points held by open appeals" in html
    panel = next(p for p in response.context["panels"] if p["key"] == "mileage-balance")
    assert panel["context"] == {"balance": 20, "available": 16, "held": 4}


def test_the_panel_is_cheap(busy, django_assert_num_queries):
    with django_assert_num_queries(2):
        balance_panel(busy)


def test_a_citizen_gets_no_mileage_panel(client):
    client.force_login(CitizenFactory())
    html = client.get(reverse("web:dashboard")).content.decode()
    assert "panel-mileage-balance" not in html


def _menu_urls(user) -> set[str]:
    return {item["url"] for section in menu_for(user) for item in section["items"]}


def test_menu_offers_my_mileage_to_officials_and_reports_to_heads_and_the_secretariat():
    assert URL in _menu_urls(UserFactory())
    assert "/mileage/reports/" not in _menu_urls(UserFactory())
    assert URL not in _menu_urls(CitizenFactory())
    for role in (Role.DEPARTMENT_HEAD, Role.BUREAU_CHIEF, Role.SECRETARIAT):
        from tests.factories.accounts import OrgUnitFactory

        unit = OrgUnitFactory() if role != Role.SECRETARIAT else None
        assert "/mileage/reports/" in _menu_urls(make_staff(role, unit=unit))
    assert "/mileage/reports/" not in _menu_urls(make_staff(Role.HR_OFFICER))


def test_a_signed_in_staff_member_sees_their_own_statement(client):
    head = make_staff(Role.DEPARTMENT_HEAD, unit=None)
    grant(head.official, 2)
    login_verified(client, head)
    assert client.get(URL).context["statement"].balance == 2


def test_open_appeals_only_hold_points_while_open(client):
    user = UserFactory()
    entry = grant(user.official, 9)
    appeal(user, points=3, entry=entry, state=AppealState.UPHELD)
    appeal(user, points=2, entry=entry, state=AppealState.UNDER_REVIEW)
    client.force_login(user)
    s = client.get(URL).context["statement"]
    assert (s.balance, s.held, s.available) == (9, 2, 7)
