"""Catalogue screens: officials read, only the secretariat changes (every URL's denial is tested), refused input
keeps what was typed, reading writes nothing, and the page's query count does not grow with the catalogue."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.mileage.enums import EntryKind, RewardKind
from proactive.mileage.models import ActivityRule, ActivityType, MileagePolicy, RewardOption
from proactive.mileage.services.automatic import BEST_PRACTICE_SELECTED, grant_for_selected_case
from proactive.mileage.services.catalogue import (
    revise_activity_rule,
    save_reward_option,
    set_activity_active,
    set_reward_active,
)
from proactive.mileage.services.ledger import post_entry
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import CitizenFactory, OfficialFactory, OrgUnitFactory, UserFactory
from tests.mileage.test_catalogue_support import (  # noqa: F401  (default_catalogue is a fixture)
    DAY,
    activity,
    default_catalogue,
    secretariat,
    this_year,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _coupon(name="커피 쿠폰", points=5):
    return save_reward_option(
        actor=None, kind=RewardKind.COUPON, name=name, name_en="Coffee coupon", points=points, value_won=5000
    )


def _others():
    """Signed-in users who may read the catalogue but not change it."""
    unit = OrgUnitFactory()
    return [
        UserFactory(),
        make_staff(Role.DEPARTMENT_HEAD, unit=unit),
        make_staff(Role.BUREAU_CHIEF, unit=unit),
        make_staff(Role.HR_OFFICER),
        make_staff(Role.APPEALS_PANEL),
        make_staff(Role.SYSADMIN),
    ]


# --- Permission denials --------------------------------------------------------------------------------------


def test_citizens_cannot_read_the_catalogue(client):
    client.force_login(CitizenFactory())
    assert client.get(reverse("mileage:catalogue")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    item = activity()
    for url in (reverse("mileage:catalogue"), reverse("mileage:activity-revise", args=[item.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_only_the_secretariat_opens_the_edit_pages(client):
    item = activity()
    option = _coupon()
    urls = [
        reverse("mileage:policy-edit", args=[this_year()]),
        reverse("mileage:activity-create"),
        reverse("mileage:activity-revise", args=[item.pk]),
        reverse("mileage:reward-create"),
        reverse("mileage:reward-edit", args=[option.pk]),
    ]
    for user in _others():
        login_verified(client, user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)


def test_only_the_secretariat_changes_anything(client):
    item = activity()
    option = _coupon()
    posts = [
        (reverse("mileage:policy-edit", args=[this_year()]), {"cap_per_person": 1, "cap_per_department": 1}),
        (reverse("mileage:activity-create"), {"code": "x", "name": "x", "points_min": 1, "points_max": 1}),
        (reverse("mileage:activity-revise", args=[item.pk]), {"step": "terms", "terms-points_min": 9}),
        (reverse("mileage:activity-toggle", args=[item.pk]), {"active": "0"}),
        (reverse("mileage:reward-create"), {"kind": "coupon", "name": "x", "points": 1, "value_won": 1}),
        (reverse("mileage:reward-edit", args=[option.pk]), {"kind": "coupon", "name": "x", "points": 1}),
        (reverse("mileage:reward-toggle", args=[option.pk]), {"active": "0"}),
    ]
    before = AuditEvent.objects.count()
    for user in _others():
        login_verified(client, user)
        for url, data in posts:
            assert client.post(url, data).status_code == 403, (user, url)
    assert AuditEvent.objects.count() == before
    assert not MileagePolicy.objects.exists()
    item.refresh_from_db()
    option.refresh_from_db()
    assert (item.active, option.active, option.name, item.rules.count()) == (True, True, "커피 쿠폰", 1)


def test_a_secretariat_member_without_the_second_factor_changes_nothing(client):
    item = activity()
    client.force_login(secretariat())
    response = client.post(reverse("mileage:activity-toggle", args=[item.pk]), {"active": "0"})
    assert response.status_code in (302, 403)
    item.refresh_from_db()
    assert item.active is True


def test_the_switches_refuse_get(client):
    item = activity()
    option = _coupon()
    login_verified(client, secretariat())
    assert client.get(reverse("mileage:activity-toggle", args=[item.pk])).status_code == 405
    assert client.get(reverse("mileage:reward-toggle", args=[option.pk])).status_code == 405


def test_unknown_objects_and_years_are_404(client):
    login_verified(client, secretariat())
    assert client.get(reverse("mileage:activity-revise", args=[999999])).status_code == 404
    assert client.get(reverse("mileage:reward-edit", args=[999999])).status_code == 404
    assert client.post(reverse("mileage:activity-toggle", args=[999999]), {"active": "0"}).status_code == 404
    assert client.get(reverse("mileage:policy-edit", args=[1999])).status_code == 404


# --- Reading -------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("default_catalogue")
def test_an_official_reads_what_is_offered_without_the_controls(client):
    switched_off = activity("old-thing", name="폐지된 활동", name_en="Retired activity")
    set_activity_active(actor=None, activity=switched_off, active=False)
    hidden = _coupon(name="단종 쿠폰")
    set_reward_active(actor=None, option=hidden, active=False)
    login_verified(client, UserFactory())
    response = client.get(reverse("mileage:catalogue"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Selected as a best practice" in html  # English names in English
    assert "Passive administration upheld (deduction)" in html
    assert "-5 points" in html
    assert "Dongbaekjeon 10,000 won" in html
    assert "Retired activity" not in html
    assert "Coffee coupon" not in html
    assert reverse("mileage:activity-create") not in html
    assert reverse("mileage:activity-toggle", args=[switched_off.pk]) not in html
    assert "Automatic postings reduced or not made" not in html
    assert "these are the defaults" in html


@pytest.mark.usefixtures("default_catalogue")
def test_the_secretariat_sees_everything_and_the_controls(client):
    switched_off = activity("old-thing", name="폐지된 활동", name_en="Retired activity")
    set_activity_active(actor=None, activity=switched_off, active=False)
    later = timezone.localdate() + datetime.timedelta(days=40)
    revise_activity_rule(actor=None, activity=switched_off, points_min=2, points_max=4, valid_from=later)
    MileagePolicy.objects.create(year=this_year(), cap_per_person=5)
    official = OfficialFactory()
    grant_for_selected_case(
        actor=None, official=official, unit=official.unit, source="award:3", idempotency_key="k", year=this_year()
    )
    login_verified(client, secretariat())
    html = client.get(reverse("mileage:catalogue")).content.decode()
    assert "Retired activity" in html
    assert "Switched off" in html
    assert f"Version 2 from {later.isoformat()}" in html
    assert reverse("mileage:activity-revise", args=[switched_off.pk]) in html
    assert reverse("mileage:policy-edit", args=[this_year() + 1]) in html
    assert "Automatic postings reduced or not made" in html
    assert "award:3" in html
    assert "cap of 5 points per official" in html


def test_reading_writes_nothing(client):
    login_verified(client, secretariat())
    before = (MileagePolicy.objects.count(), AuditEvent.objects.count())
    assert client.get(reverse("mileage:catalogue")).status_code == 200
    assert client.get(reverse("mileage:policy-edit", args=[this_year() + 1])).status_code == 200
    assert (MileagePolicy.objects.count(), AuditEvent.objects.count()) == before


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(n: int, tag: str) -> None:
    for i in range(n):
        item = activity(f"{tag}-{i}")
        revise_activity_rule(actor=secretariat(), activity=item, points_min=2, points_max=3, valid_from=DAY)
        _coupon(name=f"{tag} 쿠폰 {i}", points=5 + i)


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.OFFICIAL])
def test_the_catalogue_query_count_does_not_grow_with_the_catalogue(client, role):
    user = secretariat() if role == Role.SECRETARIAT else UserFactory()
    login_verified(client, user)
    url = reverse("mileage:catalogue")
    _grow(1, "one")
    _queries(client, url)  # warm-up: the first request after sign-in renews the session
    one = _queries(client, url)
    _grow(3, "three")
    assert ActivityRule.objects.count() >= 8
    assert _queries(client, url) == one


def test_the_catalogue_page_stays_within_its_query_budget(client, django_assert_max_num_queries):
    login_verified(client, secretariat())
    _grow(3, "budget")
    url = reverse("mileage:catalogue")
    client.get(url)
    with django_assert_max_num_queries(14):  # 9 for sign-in, menu and layout; 5 for the page
        client.get(url)


# --- The year's policy ---------------------------------------------------------------------------------------


def _policy_data(**changes):
    data = {
        "cap_per_person": 60,
        "cap_per_department": 600,
        "eligible_from_grade": 5,
        "won_per_point": 1000,
        "min_redeem_points": 10,
        "expires_at_year_end": "on",
        "appeal_window_days": 14,
        "appeal_decision_days": 14,
    }
    return data | changes


def test_the_secretariat_sets_next_years_policy(client):
    login_verified(client, secretariat())
    year = this_year() + 1
    response = client.post(reverse("mileage:policy-edit", args=[year]), _policy_data())
    assert response.status_code == 302
    assert response.url == reverse("mileage:catalogue") + "#policy"
    policy = MileagePolicy.objects.get(year=year)
    assert (policy.cap_per_person, policy.cap_per_department, policy.eligible_from_grade) == (60, 600, 5)
    assert AuditEvent.objects.filter(verb="mileage.policy_changed").exists()


def test_a_refused_policy_keeps_what_was_typed(client):
    login_verified(client, secretariat())
    response = client.post(
        reverse("mileage:policy-edit", args=[this_year()]), _policy_data(cap_per_person=700, cap_per_department=650)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be lower than the cap per official" in html
    assert 'value="700"' in html
    assert 'value="650"' in html
    assert not MileagePolicy.objects.exists()


def test_lowering_a_cap_below_what_was_earned_warns(client):
    official = OfficialFactory()
    post_entry(actor=None, official=official, kind=EntryKind.GRANT, points=30, year=this_year())
    login_verified(client, secretariat())
    response = client.post(
        reverse("mileage:policy-edit", args=[this_year()]), _policy_data(cap_per_person=20), follow=True
    )
    assert "have already earned more than the new cap" in response.content.decode()


# --- Activities ----------------------------------------------------------------------------------------------


def _activity_data(**changes):
    data = {
        "code": "street-lights",
        "name": "가로등 정비",
        "name_en": "Street lights",
        "description": "",
        "order": 5,
        "points_min": 1,
        "points_max": 3,
        "evidence_required": "정비 전후 사진",
        "team_split": "on",
        "valid_from": DAY.isoformat(),
    }
    return data | changes


def test_the_secretariat_adds_an_activity(client):
    login_verified(client, secretariat())
    response = client.post(reverse("mileage:activity-create"), _activity_data())
    item = ActivityType.objects.get(code="street-lights")
    assert response.status_code == 302
    assert response.url == reverse("mileage:catalogue") + f"#activity-{item.pk}"
    rule = item.rules.get()
    assert (rule.version, rule.points_min, rule.points_max, rule.team_split, rule.automatic, rule.valid_from) == (
        1,
        1,
        3,
        True,
        False,
        DAY,
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"points_min": 4, "points_max": 2}, "cannot be more than"),
        ({"points_min": -5, "points_max": -5}, "Only an activity posted by another workflow can take points"),
        ({"code": "가로등"}, "Enter a valid"),
    ],
)
def test_a_refused_activity_keeps_what_was_typed(client, changes, message):
    login_verified(client, secretariat())
    response = client.post(reverse("mileage:activity-create"), _activity_data(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "정비 전후 사진" in html
    assert not ActivityType.objects.filter(name="가로등 정비").exists()


def test_a_duplicate_code_is_shown_on_the_code_field(client):
    activity("street-lights")
    login_verified(client, secretariat())
    response = client.post(reverse("mileage:activity-create"), _activity_data())
    assert response.status_code == 400
    assert "id_code_error" in response.content.decode()


def test_revising_adds_a_version_from_the_chosen_date(client):
    item = activity(evidence_required="사진")
    login_verified(client, secretariat())
    page = client.get(reverse("mileage:activity-revise", args=[item.pk]))
    assert page.status_code == 200
    assert 'value="사진"' in page.content.decode() or "사진</textarea>" in page.content.decode()
    later = DAY + datetime.timedelta(days=10)
    response = client.post(
        reverse("mileage:activity-revise", args=[item.pk]),
        {
            "step": "terms",
            "terms-points_min": 2,
            "terms-points_max": 4,
            "terms-evidence_required": "사진",
            "terms-team_split": "on",
            "terms-valid_from": later.isoformat(),
        },
    )
    assert response.status_code == 302
    assert list(item.rules.order_by("version").values_list("version", "points_max", "valid_from")) == [
        (1, 3, DAY),
        (2, 4, later),
    ]


def test_a_refused_version_keeps_what_was_typed(client):
    item = activity()
    login_verified(client, secretariat())
    response = client.post(
        reverse("mileage:activity-revise", args=[item.pk]),
        {
            "step": "terms",
            "terms-points_min": 2,
            "terms-points_max": 7,
            "terms-evidence_required": "새 증빙 요건",
            "terms-valid_from": (DAY - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot start before version 1" in html
    assert "새 증빙 요건" in html
    assert 'value="7"' in html
    assert item.rules.count() == 1


def test_renaming_an_activity_does_not_add_a_version(client):
    item = activity()
    login_verified(client, secretariat())
    response = client.post(
        reverse("mileage:activity-revise", args=[item.pk]),
        {"step": "details", "details-name": "가로등 정비 개선", "details-name_en": "Street lights", "details-order": 3},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.name, item.order, item.rules.count()) == ("가로등 정비 개선", 3, 1)


def test_a_refused_rename_shows_the_saved_name_in_the_title_and_the_typed_one_in_the_form(client):
    item = activity()
    login_verified(client, secretariat())
    response = client.post(
        reverse("mileage:activity-revise", args=[item.pk]),
        {"step": "details", "details-name": "", "details-name_en": "Typed English", "details-order": 3},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Change 가로등 정비" in html
    assert 'value="Typed English"' in html


@pytest.mark.usefixtures("default_catalogue")
def test_an_activity_other_workflows_post_stays_automatic_on_the_form(client):
    selected = ActivityType.objects.get(code=BEST_PRACTICE_SELECTED)
    login_verified(client, secretariat())
    page = client.get(reverse("mileage:activity-revise", args=[selected.pk])).content.decode()
    assert "Another workflow posts this activity, so this stays ticked." in page
    response = client.post(
        reverse("mileage:activity-revise", args=[selected.pk]),
        {
            "step": "terms",
            "terms-points_min": 8,
            "terms-points_max": 8,
            "terms-valid_from": timezone.localdate().isoformat(),
        },  # "automatic" not posted: the disabled field keeps it
    )
    assert response.status_code == 302
    newest = selected.rules.order_by("-version").first()
    assert (newest.version, newest.points_max, newest.automatic) == (2, 8, True)


def test_switching_an_activity_off_and_on(client):
    item = activity()
    login_verified(client, secretariat())
    url = reverse("mileage:activity-toggle", args=[item.pk])
    assert client.post(url, {"active": "0"}).status_code == 302
    item.refresh_from_db()
    assert item.active is False
    client.post(url, {"active": "0"})  # a second click changes nothing
    item.refresh_from_db()
    assert item.active is False
    client.post(url, {"active": "1"})
    item.refresh_from_db()
    assert item.active is True
    assert AuditEvent.objects.filter(verb="mileage.activity_switched").count() == 2


# --- Rewards -------------------------------------------------------------------------------------------------


def test_the_secretariat_adds_a_dongbaek_reward_priced_by_the_rate(client):
    login_verified(client, secretariat())
    response = client.post(
        reverse("mileage:reward-create"),
        {"kind": "dongbaek", "name": "동백전 2만원", "name_en": "", "points": 20, "value_won": "", "order": 0},
    )
    assert response.status_code == 302
    option = RewardOption.objects.get(name="동백전 2만원")
    assert (option.points, option.value_won) == (20, 20_000)


def test_a_refused_reward_keeps_what_was_typed(client):
    login_verified(client, secretariat())
    response = client.post(
        reverse("mileage:reward-create"),
        {"kind": "leave", "name": "포상휴가 반일", "points": 25, "leave_days": "", "order": 0},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the number of days of leave." in html
    assert 'value="포상휴가 반일"' in html
    assert not RewardOption.objects.filter(name="포상휴가 반일").exists()


def test_editing_a_reward(client):
    option = _coupon()
    login_verified(client, secretariat())
    assert client.get(reverse("mileage:reward-edit", args=[option.pk])).status_code == 200
    response = client.post(
        reverse("mileage:reward-edit", args=[option.pk]),
        {"kind": "coupon", "name": "커피 쿠폰", "name_en": "Coffee", "points": 6, "value_won": 6000, "order": 1},
    )
    assert response.status_code == 302
    option.refresh_from_db()
    assert (option.points, option.value_won, option.name_en) == (6, 6000, "Coffee")


def test_switching_a_reward_off(client):
    option = _coupon()
    login_verified(client, secretariat())
    assert client.post(reverse("mileage:reward-toggle", args=[option.pk]), {"active": "0"}).status_code == 302
    option.refresh_from_db()
    assert option.active is False


def test_the_menu_offers_the_catalogue_to_officials_but_not_citizens(client):
    login_verified(client, UserFactory())
    html = client.get(reverse("web:dashboard")).content.decode()
    assert reverse("mileage:catalogue") in html
    client.force_login(CitizenFactory())
    assert reverse("mileage:catalogue") not in client.get(reverse("web:dashboard")).content.decode()
