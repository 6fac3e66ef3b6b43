"""The ledger's guarantees: the balance is the sum of entries, never below zero, caps hold, a repeated request
takes effect once, entries are append-only, and concurrent requests against one balance are serialised.

The concurrency tests run on SQLite (WAL, IMMEDIATE transactions) and on PostgreSQL (DATABASE_URL=postgres://…).
"""

import threading
import uuid

import pytest
from django.db import connection
from django.db.models import Sum

from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError
from proactive.mileage.enums import EntryKind
from proactive.mileage.models import LedgerEntry, MileagePolicy
from proactive.mileage.services.ledger import (
    CapExceededError,
    InsufficientBalanceError,
    balance_of,
    post_entry,
    reverse_entry,
)
from tests.factories.accounts import OfficialFactory, OrgUnitFactory, UserFactory

YEAR = 2026


def grant(official, points, **kw):
    return post_entry(actor=None, official=official, kind=EntryKind.GRANT, points=points, year=YEAR, **kw)


def redeem(official, points, **kw):
    return post_entry(actor=None, official=official, kind=EntryKind.REDEMPTION, points=-points, year=YEAR, **kw)


@pytest.mark.django_db
def test_the_balance_is_the_sum_of_entries_and_each_entry_is_audited():
    official = OfficialFactory()
    grant(official, 30)
    grant(official, 12)
    redeem(official, 20)
    assert balance_of(official) == 22
    assert AuditEvent.objects.filter(verb="mileage.entry_posted").count() == 3


@pytest.mark.django_db
def test_a_redemption_beyond_the_balance_is_refused_and_changes_nothing():
    official = OfficialFactory()
    grant(official, 10)
    with pytest.raises(InsufficientBalanceError) as refused:
        redeem(official, 11)
    assert refused.value.balance == 10
    assert balance_of(official) == 10
    assert LedgerEntry.objects.count() == 1


@pytest.mark.django_db
def test_a_deduction_takes_at_most_what_is_there_and_says_so():
    official = OfficialFactory()
    grant(official, 3)
    entry = post_entry(actor=None, official=official, kind=EntryKind.DEDUCTION, points=-5, year=YEAR)
    assert entry.points == -3
    assert "2" in entry.memo
    assert balance_of(official) == 0


@pytest.mark.django_db
def test_caps_per_official_and_per_department_are_explained():
    MileagePolicy.objects.create(year=YEAR, cap_per_person=20, cap_per_department=30)
    unit = OrgUnitFactory(name="해양정책과")
    a, b = OfficialFactory(unit=unit), OfficialFactory(unit=unit)
    grant(a, 15, unit=unit)
    with pytest.raises(CapExceededError) as per_person:
        grant(a, 6, unit=unit)
    assert per_person.value.remaining == 5
    grant(b, 15, unit=unit)
    with pytest.raises(CapExceededError) as per_department:
        grant(b, 1, unit=unit)
    assert per_department.value.remaining == 0
    assert "해양정책과" in per_department.value.message
    # A deduction does not make room under the cap.
    post_entry(actor=None, official=a, kind=EntryKind.DEDUCTION, points=-5, year=YEAR, unit=unit)
    with pytest.raises(CapExceededError):
        grant(a, 6, unit=unit)


@pytest.mark.django_db
def test_a_repeated_request_takes_effect_once():
    official = OfficialFactory()
    first = grant(official, 5, idempotency_key="claim-7-grant")
    again = grant(official, 5, idempotency_key="claim-7-grant")
    assert again.pk == first.pk
    assert balance_of(official) == 5


@pytest.mark.django_db
def test_entries_are_append_only_and_corrected_by_reversal():
    official = OfficialFactory()
    entry = grant(official, 8)
    entry.points = 80
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    entry.refresh_from_db()
    reversal = reverse_entry(actor=None, entry=entry, memo="잘못 부여")
    assert (reversal.kind, reversal.points, reversal.reverses_id) == (EntryKind.REVERSAL, -8, entry.pk)
    assert balance_of(official) == 0
    with pytest.raises(DomainError):
        reverse_entry(actor=None, entry=entry)


@pytest.mark.django_db
def test_zero_point_entries_are_refused():
    with pytest.raises(DomainError):
        grant(OfficialFactory(), 0)


def _race(jobs) -> list[str]:
    """Run every job at the same moment, each on its own connection; return their outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(job):
        try:
            barrier.wait()
            try:
                job()
                result = "ok"
            except InsufficientBalanceError:
                result = "refused"
            except CapExceededError:
                result = "cap"
            except Exception as exc:  # noqa: BLE001  (reported by the assertions, never swallowed)
                result = f"crash:{type(exc).__name__}:{exc}"
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_redemptions_accept_exactly_the_affordable_ones():
    official = OfficialFactory()
    grant(official, 100)
    outcomes = _race([lambda: redeem(official, 10) for _ in range(25)])
    assert set(outcomes) <= {"ok", "refused"}, outcomes
    assert outcomes.count("ok") == 10
    assert balance_of(official) == 0
    assert LedgerEntry.objects.filter(kind=EntryKind.REDEMPTION).count() == 10


@pytest.mark.django_db(transaction=True)
def test_concurrent_grants_and_redemptions_never_break_the_cap_or_the_balance():
    MileagePolicy.objects.create(year=YEAR, cap_per_person=1000, cap_per_department=60)
    unit = OrgUnitFactory()
    officials = [OfficialFactory(unit=unit) for _ in range(3)]
    grant(officials[0], 20, unit=unit)
    jobs = [lambda o=o: grant(o, 5, unit=unit) for o in officials for _ in range(8)]  # 24 × 5 asked, 40 left
    jobs += [lambda: redeem(officials[0], 7) for _ in range(6)]  # 42 asked of a balance that only grows
    outcomes = _race(jobs)
    assert not [o for o in outcomes if o.startswith("crash")], outcomes
    earned = LedgerEntry.objects.filter(unit=unit, kind=EntryKind.GRANT).aggregate(s=Sum("points"))["s"]
    assert earned == 60  # the department cap, exactly: 8 of the 24 grants were accepted
    assert outcomes.count("cap") == 16
    for official in officials:
        assert balance_of(official) >= 0
    total = LedgerEntry.objects.aggregate(s=Sum("points"))["s"]
    assert total == sum(balance_of(o) for o in officials)


@pytest.mark.django_db(transaction=True)
def test_a_request_repeated_concurrently_takes_effect_once():
    official = OfficialFactory()
    key = f"redeem-{uuid.uuid4()}"
    grant(official, 50)
    outcomes = _race([lambda: redeem(official, 10, idempotency_key=key) for _ in range(20)])
    assert set(outcomes) == {"ok"}, outcomes
    assert LedgerEntry.objects.filter(idempotency_key=key).count() == 1
    assert balance_of(official) == 40


@pytest.mark.django_db
def test_entries_are_written_for_users_as_actors():
    user = UserFactory()
    entry = grant(user.official, 2)
    assert entry.created_by is None  # actor None: posted by the system
    entry2 = post_entry(actor=user, official=user.official, kind=EntryKind.GRANT, points=1, year=YEAR)
    assert entry2.created_by == user


@pytest.mark.django_db
def test_points_held_by_an_open_appeal_cannot_be_redeemed():
    import datetime

    from proactive.mileage.enums import AppealState
    from proactive.mileage.models import Appeal
    from proactive.mileage.services.ledger import available_of

    user = UserFactory()
    official = user.official
    entry = grant(official, 20)
    appeal = Appeal.objects.create(
        official=official,
        filed_by=user,
        entry=entry,
        points_disputed=15,
        reasons="부여 점수 이의",
        due_on=datetime.date(YEAR, 12, 31),
    )
    assert available_of(official) == 5
    with pytest.raises(InsufficientBalanceError, match="15"):
        redeem(official, 6)
    redeem(official, 5)
    appeal.state = AppealState.UPHELD
    appeal.save()
    assert available_of(official) == 15


@pytest.mark.django_db
def test_giving_back_a_deduction_is_not_earning_and_ignores_the_caps():
    official = OfficialFactory()
    MileagePolicy.objects.create(year=YEAR, cap_per_person=10, cap_per_department=1000)
    grant(official, 10)
    deduction = post_entry(actor=None, official=official, kind=EntryKind.DEDUCTION, points=-5, year=YEAR)
    with pytest.raises(CapExceededError):
        grant(official, 1)
    reverse_entry(actor=None, entry=deduction, memo="면책 인정")
    assert balance_of(official) == 10
    from proactive.mileage.services.ledger import earned_in

    assert earned_in(official=official, year=YEAR) == 10
