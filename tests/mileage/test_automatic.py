"""Automatic postings from other workflows: a bonus for a selected case, −5 for upheld passive administration.
They use the catalogue's terms in force, never break the caller (caps, eligibility, a switched-off catalogue) and
take effect once per idempotency key."""

import threading

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone, translation

from proactive.accounts.models import OrgUnit
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError
from proactive.mileage.enums import EntryKind
from proactive.mileage.models import ActivityType, LedgerEntry, MileagePolicy
from proactive.mileage.queries.catalogue import automatic_shortfalls
from proactive.mileage.services.automatic import (
    BEST_PRACTICE_SELECTED,
    PASSIVE_ADMINISTRATION_UPHELD,
    deduct_for_passive_administration,
    grant_for_selected_case,
    post_automatic,
)
from proactive.mileage.services.catalogue import revise_activity_rule, set_activity_active
from proactive.mileage.services.ledger import balance_of, post_entry
from tests.factories.accounts import OfficialFactory, OrgUnitFactory, UserFactory
from tests.mileage.test_catalogue_support import (  # noqa: F401  (default_catalogue is a fixture)
    MIGRATION,
    activity,
    default_catalogue,
    this_year,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_catalogue")]


def _select(official, key="award:1:member:1", unit=None, **kwargs):
    return grant_for_selected_case(
        actor=None,
        official=official,
        unit=unit or official.unit,
        source="award:1",
        idempotency_key=key,
        year=this_year(),
        **kwargs,
    )


def _deduct(official, key="finding:1:official:1"):
    return deduct_for_passive_administration(actor=None, official=official, source="finding:1", idempotency_key=key)


def _give(official, points):
    return post_entry(actor=None, official=official, kind=EntryKind.GRANT, points=points, year=this_year())


# --- Selected as a best practice -----------------------------------------------------------------------------


def test_a_selected_case_grants_the_bonus_under_the_rule_in_force():
    official = OfficialFactory(grade=6)
    result = _select(official)
    assert result.in_full
    assert (result.points_due, result.points_posted, result.reason) == (10, 10, "")
    entry = result.entry
    assert (entry.kind, entry.points, entry.source, entry.unit, entry.year) == (
        EntryKind.GRANT,
        10,
        "award:1",
        official.unit,
        this_year(),
    )
    assert entry.rule.activity.code == BEST_PRACTICE_SELECTED
    assert entry.memo == "적극행정 우수사례 선정"
    assert balance_of(official) == 10
    assert not AuditEvent.objects.filter(verb__startswith="mileage.automatic").exists()


def test_the_same_selection_repeated_takes_effect_once():
    official = OfficialFactory()
    first = _select(official)
    again = _select(official)
    assert again.entry == first.entry
    assert LedgerEntry.objects.count() == 1
    assert balance_of(official) == 10


def test_a_cap_hit_grants_what_fits_and_says_why():
    MileagePolicy.objects.create(year=this_year(), cap_per_person=14)
    official = OfficialFactory()
    _give(official, 10)
    result = _select(official)
    assert (result.points_due, result.points_posted, result.reason) == (10, 4, "person_cap")
    assert not result.in_full
    assert result.entry.points == 4
    assert result.entry.memo.startswith("적극행정 우수사례 선정 (")
    assert "4점" in result.entry.memo
    event = AuditEvent.objects.get(verb="mileage.automatic_capped")
    assert (event.target_type, event.target_id) == ("accounts.official", str(official.pk))
    assert event.data["points_due"] == 10
    assert event.data["points_posted"] == 4
    with translation.override("en"):
        assert "cap of 14 points per official" in result.explanation
    # Repeated: the same outcome, nothing new.
    again = _select(official)
    assert (again.entry, again.points_posted, again.reason) == (result.entry, 4, "person_cap")
    assert AuditEvent.objects.filter(verb="mileage.automatic_capped").count() == 1
    assert balance_of(official) == 14


def test_a_full_cap_posts_nothing_does_not_raise_and_is_listed_for_the_secretariat():
    MileagePolicy.objects.create(year=this_year(), cap_per_person=1000, cap_per_department=20)
    unit = OrgUnitFactory()
    official, colleague = OfficialFactory(unit=unit), OfficialFactory(unit=unit)
    post_entry(actor=None, official=colleague, kind=EntryKind.GRANT, points=20, year=this_year(), unit=unit)
    with transaction.atomic():  # the caller's own transaction goes on
        result = _select(official, unit=unit)
        OrgUnit.objects.filter(pk=unit.pk).update(name="계속 쓸 수 있음")
    assert (result.entry, result.points_due, result.points_posted, result.reason) == (None, 10, 0, "department_cap")
    assert OrgUnit.objects.get(pk=unit.pk).name == "계속 쓸 수 있음"
    assert balance_of(official) == 0
    assert AuditEvent.objects.filter(verb="mileage.automatic_skipped").count() == 1
    again = _select(official, unit=unit)
    assert (again.entry, again.reason) == (None, "department_cap")
    assert AuditEvent.objects.filter(verb="mileage.automatic_skipped").count() == 1
    with translation.override("en"):
        [listed] = automatic_shortfalls()
    assert (listed.points_due, listed.points_posted, listed.source) == (10, 0, "award:1")
    assert "per department" in listed.explanation


def test_an_official_above_the_eligible_grade_gets_nothing():
    official = OfficialFactory(grade=3)
    result = _select(official)
    assert (result.entry, result.reason) == (None, "not_eligible")
    assert balance_of(official) == 0


def test_a_switched_off_activity_posts_nothing():
    set_activity_active(actor=None, activity=ActivityType.objects.get(code=BEST_PRACTICE_SELECTED), active=False)
    result = _select(OfficialFactory())
    assert (result.entry, result.reason) == (None, "inactive")
    assert not LedgerEntry.objects.exists()


def test_the_new_version_of_the_terms_applies_and_old_entries_keep_theirs():
    official = OfficialFactory()
    first = _select(official, key="award:1:member:1").entry
    selected = ActivityType.objects.get(code=BEST_PRACTICE_SELECTED)
    rule = revise_activity_rule(
        actor=None,
        activity=selected,
        points_min=7,
        points_max=7,
        automatic=True,
        team_split=False,
        valid_from=timezone.localdate(),
    )
    second = _select(official, key="award:2:member:1").entry
    first.refresh_from_db()
    assert (first.points, first.rule.version) == (10, 1)
    assert (second.points, second.rule) == (7, rule)


def test_a_team_split_rule_gives_each_member_their_contribution():
    selected = ActivityType.objects.get(code=BEST_PRACTICE_SELECTED)
    revise_activity_rule(
        actor=None,
        activity=selected,
        points_min=10,
        points_max=10,
        automatic=True,
        team_split=True,
        valid_from=timezone.localdate(),
    )
    a, b = OfficialFactory(), OfficialFactory()
    assert _select(a, key="award:1:member:a", contribution=35).points_posted == 4  # 3.5 rounds up
    assert _select(b, key="award:1:member:b", contribution=1).points_posted == 1  # never below one point


def test_contribution_is_ignored_when_the_rule_does_not_split():
    assert _select(OfficialFactory(), contribution=30).points_posted == 10


# --- Passive administration upheld ---------------------------------------------------------------------------


def test_upheld_passive_administration_deducts_five():
    official = OfficialFactory()
    _give(official, 12)
    result = _deduct(official)
    assert result.in_full
    assert (result.entry.kind, result.entry.points, result.points_due) == (EntryKind.DEDUCTION, -5, -5)
    assert result.entry.rule.activity.code == PASSIVE_ADMINISTRATION_UPHELD
    assert balance_of(official) == 7
    assert _deduct(official).entry == result.entry
    assert balance_of(official) == 7


def test_a_deduction_never_takes_the_balance_below_zero():
    official = OfficialFactory()
    _give(official, 3)
    result = _deduct(official)
    assert (result.points_due, result.points_posted, result.reason) == (-5, -3, "balance_short")
    assert balance_of(official) == 0
    assert AuditEvent.objects.filter(verb="mileage.automatic_capped").count() == 1


def test_a_deduction_from_nothing_posts_nothing_and_does_not_raise():
    official = OfficialFactory()
    result = _deduct(official)
    assert (result.entry, result.points_due, result.reason) == (None, -5, "nothing_to_deduct")
    assert not LedgerEntry.objects.exists()
    assert _deduct(official).reason == "nothing_to_deduct"
    assert AuditEvent.objects.filter(verb="mileage.automatic_skipped").count() == 1


def test_a_deduction_does_not_count_against_the_caps():
    MileagePolicy.objects.create(year=this_year(), cap_per_person=10)
    official = OfficialFactory()
    _give(official, 10)
    _deduct(official)
    assert _select(official).reason == "person_cap"
    assert balance_of(official) == 5


# --- post_automatic itself -----------------------------------------------------------------------------------


def test_post_automatic_refuses_a_claimable_activity_without_raising():
    activity("street-lights")
    result = post_automatic(
        actor=None, official=OfficialFactory(), activity_code="street-lights", source="x:1", idempotency_key="x:1"
    )
    assert (result.entry, result.reason) == (None, "not_automatic")


def test_post_automatic_with_an_unknown_code_posts_nothing():
    result = post_automatic(
        actor=None, official=OfficialFactory(), activity_code="no-such-thing", source="x:1", idempotency_key="x:1"
    )
    assert (result.entry, result.reason) == (None, "unknown_activity")


def test_post_automatic_takes_points_within_the_rule_and_records_the_actor():
    activity("road-works", low=2, high=6, automatic=True)
    user = UserFactory()
    result = post_automatic(
        actor=user,
        official=OfficialFactory(),
        activity_code="road-works",
        source="x:1",
        idempotency_key="x:1",
        points=3,
        memo="도로 정비",
    )
    assert (result.entry.points, result.entry.memo, result.entry.created_by) == (3, "도로 정비", user)
    with pytest.raises(DomainError):
        post_automatic(
            actor=None,
            official=OfficialFactory(),
            activity_code="road-works",
            source="x:2",
            idempotency_key="x:2",
            points=7,
        )


def test_post_automatic_needs_an_idempotency_key():
    with pytest.raises(ValueError, match="idempotency"):
        post_automatic(
            actor=None, official=OfficialFactory(), activity_code=BEST_PRACTICE_SELECTED, source="x", idempotency_key=""
        )


def test_the_catalogue_fixture_is_the_migrations_catalogue():
    assert BEST_PRACTICE_SELECTED in [a[0] for a in MIGRATION.ACTIVITIES]
    assert PASSIVE_ADMINISTRATION_UPHELD in [a[0] for a in MIGRATION.ACTIVITIES]


# --- Concurrency ---------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_automatic_grants_fill_the_department_cap_exactly_and_never_raise():
    MileagePolicy.objects.create(year=this_year(), cap_per_person=1000, cap_per_department=45)
    unit = OrgUnitFactory()
    officials = [OfficialFactory(unit=unit) for _ in range(8)]
    barrier = threading.Barrier(len(officials))
    crashes: list[str] = []

    def run(i, official):
        try:
            barrier.wait()
            _select(official, key=f"award:9:member:{i}", unit=unit)
        except Exception as exc:  # noqa: BLE001  (reported by the assertion below)
            crashes.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, o)) for i, o in enumerate(officials)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert crashes == []
    granted = LedgerEntry.objects.filter(unit=unit).aggregate(s=Sum("points"))["s"]
    assert granted == 45  # four in full, one capped at 5, three with nothing
    assert LedgerEntry.objects.filter(unit=unit).count() == 5
    assert AuditEvent.objects.filter(verb="mileage.automatic_capped").count() == 1
    assert AuditEvent.objects.filter(verb="mileage.automatic_skipped").count() == 3
