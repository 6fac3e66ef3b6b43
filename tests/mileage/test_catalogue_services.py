"""The secretariat's catalogue services: the year's policy, activities with versioned terms, rewards."""

import datetime

import pytest
from django.utils import timezone, translation

from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError
from proactive.mileage.enums import EntryKind, RewardKind
from proactive.mileage.models import ActivityRule, ActivityType, LedgerEntry, MileagePolicy, Redemption, RewardOption
from proactive.mileage.services.automatic import BEST_PRACTICE_SELECTED
from proactive.mileage.services.catalogue import (
    add_activity_type,
    change_policy,
    current_rule,
    revise_activity_rule,
    save_reward_option,
    set_activity_active,
    set_reward_active,
    update_activity_type,
)
from proactive.mileage.services.ledger import post_entry
from tests.factories.accounts import OfficialFactory
from tests.mileage.test_catalogue_support import (  # noqa: F401  (default_catalogue is a fixture)
    DAY,
    activity,
    default_catalogue,
    secretariat,
    this_year,
)

pytestmark = pytest.mark.django_db


def _verbs() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("verb", flat=True))


# --- The year's policy ---------------------------------------------------------------------------------------


def test_change_policy_creates_the_year_and_records_what_changed():
    actor = secretariat()
    policy = change_policy(actor=actor, year=2027, cap_per_person=50, cap_per_department=400, won_per_point=2000)
    assert (policy.year, policy.cap_per_person, policy.cap_per_department, policy.won_per_point) == (
        2027,
        50,
        400,
        2000,
    )
    assert policy.min_redeem_points == 10  # untouched: the default
    event = AuditEvent.objects.get(verb="mileage.policy_changed")
    assert event.changes == {
        "cap_per_person": [100, 50],
        "cap_per_department": [1000, 400],
        "won_per_point": [1000, 2000],
    }
    assert event.actor == actor


def test_change_policy_without_a_change_writes_nothing():
    change_policy(actor=None, year=2027, cap_per_person=50)
    change_policy(actor=None, year=2027, cap_per_person=50)
    assert _verbs().count("mileage.policy_changed") == 1


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ({"cap_per_person": 0}, "at least 1 point"),
        ({"cap_per_person": 200, "cap_per_department": 100}, "cannot be lower"),
        ({"eligible_from_grade": 10}, "between 1 and 9"),
        ({"won_per_point": 0}, "at least 1 won"),
        ({"appeal_window_days": 0}, "at least 1 day"),
    ],
)
def test_change_policy_refuses_impossible_rules_and_keeps_the_old_ones(terms, message):
    MileagePolicy.objects.create(year=2027)
    with translation.override("en"), pytest.raises(DomainError, match=message):
        change_policy(actor=None, year=2027, **terms)
    policy = MileagePolicy.objects.get(year=2027)
    assert (policy.cap_per_person, policy.eligible_from_grade, policy.won_per_point) == (100, 4, 1000)


def test_change_policy_refuses_a_year_out_of_range():
    with pytest.raises(DomainError):
        change_policy(actor=None, year=1999, cap_per_person=10)
    assert not MileagePolicy.objects.exists()


def test_a_new_rate_this_year_reprices_the_dongbaek_rewards_only():
    dongbaek = save_reward_option(actor=None, kind=RewardKind.DONGBAEK, name="동백전 테스트", points=10)
    coupon = save_reward_option(actor=None, kind=RewardKind.COUPON, name="쿠폰 테스트", points=10, value_won=9000)
    assert dongbaek.value_won == 10_000
    change_policy(actor=None, year=this_year(), won_per_point=1500)
    dongbaek.refresh_from_db()
    coupon.refresh_from_db()
    assert (dongbaek.value_won, coupon.value_won) == (15_000, 9000)
    assert AuditEvent.objects.filter(verb="mileage.reward_repriced", target_id=str(dongbaek.pk)).count() == 1


def test_a_new_rate_for_next_year_leaves_todays_rewards_alone():
    dongbaek = save_reward_option(actor=None, kind=RewardKind.DONGBAEK, name="동백전 테스트", points=10)
    change_policy(actor=None, year=this_year() + 1, won_per_point=1500)
    dongbaek.refresh_from_db()
    assert dongbaek.value_won == 10_000


# --- Activities and versions ---------------------------------------------------------------------------------


def test_add_activity_type_adds_version_one_and_audits():
    actor = secretariat()
    item = add_activity_type(
        actor=actor,
        code=" Street-Lights ",
        name="가로등 정비",
        name_en="Street lights",
        points_min=1,
        points_max=3,
        evidence_required="사진",
        valid_from=DAY,
    )
    rule = item.rules.get()
    assert (item.code, rule.version, rule.points_min, rule.points_max, rule.valid_from) == (
        "street-lights",
        1,
        1,
        3,
        DAY,
    )
    assert rule.created_by == actor
    assert _verbs() == ["mileage.activity_added"]


def test_add_activity_type_refuses_a_code_in_use():
    activity("street-lights")
    with pytest.raises(DomainError) as refused:
        activity("street-lights")
    assert refused.value.code == "duplicate_code"


@pytest.mark.parametrize(
    ("low", "high", "automatic", "code"),
    [
        (3, 1, False, "points_range_reversed"),
        (0, 3, False, "points_below_one"),
        (-1, 2, True, "points_below_one"),
        (-5, -5, False, "deduction_not_automatic"),
        (1, 101, False, "points_too_many"),
    ],
)
def test_terms_must_make_sense(low, high, automatic, code):
    with pytest.raises(DomainError) as refused:
        activity(low=low, high=high, automatic=automatic)
    assert refused.value.code == code


def test_a_deduction_is_allowed_when_posted_by_another_workflow():
    item = activity(low=-5, high=-5, automatic=True, team_split=False)
    assert (item.rules.get().points_min, item.rules.get().points_max) == (-5, -5)


def test_revise_adds_a_version_and_keeps_the_earlier_ones():
    actor = secretariat()
    item = activity(low=1, high=3)
    first = item.rules.get()
    official = OfficialFactory()
    entry = post_entry(actor=None, official=official, kind=EntryKind.GRANT, points=2, year=2026, rule=first)
    later = DAY + datetime.timedelta(days=30)
    second = revise_activity_rule(actor=actor, activity=item, points_min=2, points_max=5, valid_from=later)
    assert (second.version, second.points_min, second.points_max, second.created_by) == (2, 2, 5, actor)
    assert list(item.rules.order_by("version").values_list("version", "points_max")) == [(1, 3), (2, 5)]
    entry.refresh_from_db()
    assert entry.rule == first  # an entry keeps the rule it was granted under
    assert current_rule(item, on=later - datetime.timedelta(days=1)) == first
    assert current_rule(item, on=later) == second
    assert current_rule(item, on=DAY - datetime.timedelta(days=1)) is None
    event = AuditEvent.objects.get(verb="mileage.activity_rule_revised")
    assert event.changes == {"points_min": [1, 2], "points_max": [3, 5]}
    assert event.data == {"version": 2, "valid_from": later.isoformat()}


def test_revise_refuses_a_version_that_starts_before_the_newest():
    item = activity()
    with pytest.raises(DomainError) as refused:
        revise_activity_rule(
            actor=None, activity=item, points_min=1, points_max=5, valid_from=DAY - datetime.timedelta(days=1)
        )
    assert refused.value.code == "valid_from_too_early"
    assert item.rules.count() == 1


def test_revise_refuses_when_nothing_changed():
    item = activity(evidence_required="사진")
    with pytest.raises(DomainError) as refused:
        revise_activity_rule(
            actor=None, activity=item, points_min=1, points_max=3, evidence_required=" 사진 ", valid_from=DAY
        )
    assert refused.value.code == "terms_unchanged"


def test_a_same_day_correction_wins_over_the_version_it_corrects():
    item = activity()
    fixed = revise_activity_rule(actor=None, activity=item, points_min=1, points_max=2, valid_from=DAY)
    assert current_rule(item, on=DAY) == fixed


@pytest.mark.usefixtures("default_catalogue")
def test_activities_other_workflows_post_stay_automatic():
    selected = ActivityType.objects.get(code=BEST_PRACTICE_SELECTED)
    with pytest.raises(DomainError) as refused:
        revise_activity_rule(
            actor=None, activity=selected, points_min=5, points_max=5, automatic=False, valid_from=timezone.localdate()
        )
    assert refused.value.code == "workflow_activity"
    rule = revise_activity_rule(
        actor=None,
        activity=selected,
        points_min=5,
        points_max=5,
        automatic=True,
        team_split=False,
        valid_from=timezone.localdate(),
    )
    assert rule.version == 2


def test_update_activity_type_changes_names_only():
    item = activity()
    update_activity_type(actor=None, activity=item, name="가로등 정비 개선", name_en="Street lights", order=5)
    item.refresh_from_db()
    assert (item.name, item.name_en, item.order) == ("가로등 정비 개선", "Street lights", 5)
    assert item.rules.count() == 1
    event = AuditEvent.objects.get(verb="mileage.activity_updated")
    assert event.changes["name"] == ["가로등 정비", "가로등 정비 개선"]


def test_set_activity_active_switches_and_audits_only_a_change():
    item = activity()
    set_activity_active(actor=None, activity=item, active=False)
    set_activity_active(actor=None, activity=item, active=False)
    item.refresh_from_db()
    assert item.active is False
    assert _verbs().count("mileage.activity_switched") == 1
    set_activity_active(actor=None, activity=item, active=True)
    item.refresh_from_db()
    assert item.active is True


def test_rule_versions_are_never_edited_by_the_services():
    item = activity()
    before = list(ActivityRule.objects.values())
    revise_activity_rule(actor=None, activity=item, points_min=2, points_max=3, valid_from=DAY)
    assert list(ActivityRule.objects.filter(version=1).values()) == before


# --- Rewards -------------------------------------------------------------------------------------------------


def test_a_dongbaek_reward_is_worth_its_points_at_this_years_rate():
    change_policy(actor=None, year=this_year(), won_per_point=500)
    option = save_reward_option(actor=None, kind=RewardKind.DONGBAEK, name="동백전 테스트", points=40, value_won=1)
    assert (option.value_won, option.leave_days) == (20_000, 0)
    assert AuditEvent.objects.filter(verb="mileage.reward_added", target_id=str(option.pk)).exists()


@pytest.mark.parametrize(
    ("kind", "fields", "code"),
    [
        (RewardKind.COUPON, {"value_won": 0}, "reward_value"),
        (RewardKind.LEAVE, {"leave_days": 0}, "reward_leave_days"),
        (RewardKind.DONGBAEK, {"points": 0}, "reward_points"),
        ("cash", {}, "reward_kind"),
    ],
)
def test_a_reward_needs_what_its_kind_needs(kind, fields, code):
    with pytest.raises(DomainError) as refused:
        save_reward_option(actor=None, kind=kind, name="보상", **({"points": 10} | fields))
    assert refused.value.code == code
    assert not RewardOption.objects.filter(name="보상").exists()


def test_leave_is_worth_no_money_and_a_coupon_no_leave():
    leave = save_reward_option(actor=None, kind=RewardKind.LEAVE, name="휴가", points=50, value_won=5, leave_days=1)
    coupon = save_reward_option(
        actor=None, kind=RewardKind.COUPON, name="쿠폰", points=10, value_won=10_000, leave_days=2
    )
    assert (leave.value_won, leave.leave_days, coupon.value_won, coupon.leave_days) == (0, 1, 10_000, 0)


def test_changing_a_reward_records_what_changed():
    option = save_reward_option(actor=None, kind=RewardKind.COUPON, name="쿠폰", points=10, value_won=10_000)
    save_reward_option(
        actor=None, option=option, kind=RewardKind.COUPON, name="쿠폰 1만원", points=12, value_won=10_000
    )
    option.refresh_from_db()
    assert (option.name, option.points) == ("쿠폰 1만원", 12)
    event = AuditEvent.objects.get(verb="mileage.reward_changed")
    assert event.changes == {"name": ["쿠폰", "쿠폰 1만원"], "points": [10, 12]}


def test_a_redeemed_reward_keeps_its_kind():
    option = save_reward_option(actor=None, kind=RewardKind.COUPON, name="쿠폰", points=10, value_won=10_000)
    official = OfficialFactory()
    post_entry(actor=None, official=official, kind=EntryKind.GRANT, points=10, year=2026)
    reserve = post_entry(actor=None, official=official, kind=EntryKind.REDEMPTION, points=-10, year=2026)
    Redemption.objects.create(official=official, option=option, points=10, reserve_entry=reserve)
    with pytest.raises(DomainError) as refused:
        save_reward_option(actor=None, option=option, kind=RewardKind.LEAVE, name="쿠폰", points=10, leave_days=1)
    assert refused.value.code == "reward_kind_locked"
    # Other changes are still possible.
    save_reward_option(actor=None, option=option, kind=RewardKind.COUPON, name="쿠폰", points=11, value_won=10_000)
    option.refresh_from_db()
    assert (option.kind, option.points) == (RewardKind.COUPON, 11)
    assert LedgerEntry.objects.count() == 2


def test_set_reward_active_switches_and_audits_only_a_change():
    option = save_reward_option(actor=None, kind=RewardKind.COUPON, name="쿠폰", points=10, value_won=10_000)
    set_reward_active(actor=None, option=option, active=False)
    set_reward_active(actor=None, option=option, active=False)
    option.refresh_from_db()
    assert option.active is False
    assert _verbs().count("mileage.reward_switched") == 1
