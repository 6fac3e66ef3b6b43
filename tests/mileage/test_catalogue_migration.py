"""The default catalogue (migration 0004): what it adds, that it can run twice, and that going back removes only
what is not in use."""

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

from proactive.mileage.enums import EntryKind, RewardKind
from proactive.mileage.models import ActivityRule, ActivityType, MileagePolicy, Redemption, RewardOption
from proactive.mileage.services.automatic import BEST_PRACTICE_SELECTED, PASSIVE_ADMINISTRATION_UPHELD, WORKFLOW_CODES
from proactive.mileage.services.catalogue import _check_terms
from proactive.mileage.services.ledger import post_entry
from tests.factories.accounts import OfficialFactory
from tests.mileage.test_catalogue_support import MIGRATION

CODES = [
    "proactive-work",
    "best-practice-submitted",
    "best-practice-selected",
    "committee-opinion",
    "pre-consulting",
    "regulation-improved",
    "cross-department-collaboration",
    "citizen-recommended",
    "passive-administration-upheld",
]


def _fresh_catalogue():
    """Empty the catalogue (the test database was migrated with it) and add it again."""
    ActivityRule.objects.all().delete()
    ActivityType.objects.all().delete()
    RewardOption.objects.all().delete()
    MIGRATION.add_catalogue(django_apps, None)


@pytest.mark.django_db
def test_the_default_catalogue_has_the_activities_with_one_version_each():
    _fresh_catalogue()
    assert list(ActivityType.objects.values_list("code", flat=True)) == CODES
    assert all(a.name and a.name_en and a.active for a in ActivityType.objects.all())
    rules = {r.activity.code: r for r in ActivityRule.objects.select_related("activity")}
    assert {r.version for r in rules.values()} == {1}
    terms = {code: (r.points_min, r.points_max, r.team_split, r.automatic) for code, r in rules.items()}
    assert terms["proactive-work"] == (1, 3, True, False)
    assert terms[BEST_PRACTICE_SELECTED] == (10, 10, False, True)
    assert terms[PASSIVE_ADMINISTRATION_UPHELD] == (-5, -5, False, True)
    for code in ("committee-opinion", "pre-consulting", "regulation-improved", "cross-department-collaboration"):
        assert terms[code][3] is False  # officials claim these with evidence
        assert rules[code].evidence_required
    # The terms pass the checks the secretariat's own changes must pass.
    for rule in rules.values():
        _check_terms(points_min=rule.points_min, points_max=rule.points_max, automatic=rule.automatic)
    assert {code for code, r in rules.items() if r.automatic} == WORKFLOW_CODES


@pytest.mark.django_db
def test_the_default_rewards_are_priced_at_the_value_of_a_point():
    _fresh_catalogue()
    options = list(RewardOption.objects.all())
    by_kind = {kind: [o for o in options if o.kind == kind] for kind in RewardKind.values}
    assert [(o.points, o.value_won) for o in by_kind[RewardKind.DONGBAEK]] == [
        (10, 10_000),
        (30, 30_000),
        (50, 50_000),
        (100, 100_000),
    ]
    assert [(o.points, o.value_won) for o in by_kind[RewardKind.COUPON]] == [
        (10, 10_000),
        (30, 30_000),
        (50, 50_000),
    ]
    assert [(o.points, o.leave_days, o.value_won) for o in by_kind[RewardKind.LEAVE]] == [(50, 1, 0)]


@pytest.mark.django_db
def test_the_rewards_follow_a_rate_set_before_the_migration_runs():
    ActivityRule.objects.all().delete()
    ActivityType.objects.all().delete()
    RewardOption.objects.all().delete()
    MileagePolicy.objects.create(year=2026, won_per_point=2000)
    MIGRATION.add_catalogue(django_apps, None)
    coupon = RewardOption.objects.get(name="모바일 쿠폰 3만원권")
    dongbaek = RewardOption.objects.get(name="동백전 1만원")
    assert (coupon.points, coupon.value_won, dongbaek.points, dongbaek.value_won) == (15, 30_000, 10, 20_000)


@pytest.mark.django_db
def test_running_it_twice_adds_nothing_more():
    _fresh_catalogue()
    counts = (ActivityType.objects.count(), ActivityRule.objects.count(), RewardOption.objects.count())
    MIGRATION.add_catalogue(django_apps, None)
    assert (ActivityType.objects.count(), ActivityRule.objects.count(), RewardOption.objects.count()) == counts


@pytest.mark.django_db
def test_going_back_removes_what_is_unused_and_keeps_what_history_needs():
    _fresh_catalogue()
    official = OfficialFactory()
    used_rule = ActivityRule.objects.get(activity__code="proactive-work")
    post_entry(actor=None, official=official, kind=EntryKind.GRANT, points=20, year=2026, rule=used_rule)
    used_option = RewardOption.objects.get(name="동백전 1만원")
    reserve = post_entry(actor=None, official=official, kind=EntryKind.REDEMPTION, points=-10, year=2026)
    Redemption.objects.create(official=official, option=used_option, points=10, reserve_entry=reserve)
    own = ActivityType.objects.create(code="secretariat-own", name="사무국 추가 활동")
    MIGRATION.remove_catalogue(django_apps, None)
    assert set(ActivityType.objects.values_list("code", flat=True)) == {"proactive-work", "secretariat-own"}
    assert list(RewardOption.objects.values_list("name", flat=True)) == ["동백전 1만원"]
    assert ActivityRule.objects.get().pk == used_rule.pk
    assert own.pk in ActivityType.objects.values_list("pk", flat=True)


def test_the_migration_is_data_only_reversible_and_follows_0003():
    migration = MigrationLoader(None, ignore_no_migrations=True).disk_migrations[("mileage", "0004_default_catalogue")]
    assert migration.dependencies == [("mileage", "0003_redemption_handling_and_appeal_ground")]
    assert [type(op) for op in migration.operations] == [RunPython]
    assert migration.operations[0].reversible


@pytest.mark.django_db(transaction=True)
def test_the_migration_runs_backwards_and_forwards():
    call_command("migrate", "mileage", "0003", verbosity=0)
    assert not ActivityType.objects.filter(code__in=CODES).exists()
    assert not RewardOption.objects.exists()
    call_command("migrate", "mileage", verbosity=0)
    assert list(ActivityType.objects.values_list("code", flat=True)) == CODES
    assert RewardOption.objects.count() == 8
