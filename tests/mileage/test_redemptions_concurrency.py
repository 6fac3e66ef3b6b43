"""Redemptions at the same moment, each on its own database connection: exactly the affordable requests are
accepted, the balance never goes below zero, a request key takes effect once, points return once, and the sum of
entries equals the sum of balances.

Run on SQLite (WAL, IMMEDIATE transactions) and on PostgreSQL (DATABASE_URL=postgres://…).
"""

import threading

import pytest
from django.db import connection
from django.db.models import Sum

from proactive.core.exceptions import DomainError
from proactive.mileage.enums import EntryKind, RedemptionState
from proactive.mileage.models import LedgerEntry, Redemption
from proactive.mileage.services.ledger import balance_of
from proactive.mileage.services.redemptions import (
    cancel_redemption,
    create_payout_batch,
    fulfil_redemption,
    request_redemption,
)
from tests.mileage.test_redemptions_support import (  # noqa: F401  (_redemption_kinds is an autouse fixture)
    _redemption_kinds,
    catalogue,
    key,
    official_with,
    policy,
    redeem,
    secretariat,
)

R = RedemptionState


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
            except DomainError as exc:
                result = f"refused:{exc.code}"
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


def _entries_equal_balances(users) -> None:
    total = LedgerEntry.objects.aggregate(s=Sum("points"))["s"] or 0
    assert total == sum(balance_of(u.official) for u in users)


@pytest.mark.django_db(transaction=True)
def test_concurrent_redemptions_accept_exactly_the_affordable_ones():
    policy(min_redeem_points=5)
    option = catalogue()["dongbaek"]  # 10 points
    user = official_with(105)
    outcomes = _race([lambda: redeem(user, option) for _ in range(24)])
    assert not [o for o in outcomes if o.startswith("crash")], outcomes
    assert outcomes.count("ok") == 10
    assert set(outcomes) == {"ok", "refused:insufficient_balance"}
    assert balance_of(user.official) == 5
    assert Redemption.objects.count() == LedgerEntry.objects.filter(kind=EntryKind.REDEMPTION).count() == 10
    _entries_equal_balances([user])


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_of_several_officials_and_kinds_never_overdraw():
    policy(min_redeem_points=5)
    rewards = catalogue()
    users = [official_with(points) for points in (30, 17, 50)]
    jobs = []
    for user in users:
        jobs += [lambda u=user: redeem(u, rewards["dongbaek"]) for _ in range(4)]  # 10 each
        jobs += [lambda u=user: redeem(u, rewards["coupon"]) for _ in range(3)]  # 5 each
    outcomes = _race(jobs)
    assert not [o for o in outcomes if o.startswith("crash")], outcomes
    for user in users:
        assert balance_of(user.official) >= 0
        spent = sum(Redemption.objects.filter(official=user.official).values_list("points", flat=True))
        assert (
            balance_of(user.official)
            == LedgerEntry.objects.filter(account__official=user.official, kind=EntryKind.GRANT).aggregate(
                s=Sum("points")
            )["s"]
            - spent
        )
    _entries_equal_balances(users)


@pytest.mark.django_db(transaction=True)
def test_the_same_request_key_sent_concurrently_reserves_once():
    policy()
    option = catalogue()["dongbaek"]
    user = official_with(50)
    request_key = key()
    results: list[int] = []
    lock = threading.Lock()

    def send():
        redemption = request_redemption(actor=user, official=user.official, option=option, idempotency_key=request_key)
        with lock:
            results.append(redemption.pk)

    outcomes = _race([send for _ in range(20)])
    assert set(outcomes) == {"ok"}, outcomes
    assert len(set(results)) == 1
    assert Redemption.objects.count() == 1
    assert LedgerEntry.objects.filter(kind=EntryKind.REDEMPTION).count() == 1
    assert balance_of(user.official) == 40


@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_return_the_points_once():
    policy()
    option = catalogue()["dongbaek"]
    user = official_with(30)
    staff = secretariat()
    redemption = redeem(user, option)
    jobs = [lambda: cancel_redemption(actor=user, redemption=redemption) for _ in range(5)]
    jobs += [lambda: cancel_redemption(actor=staff, redemption=redemption, reason="중복 신청") for _ in range(5)]
    outcomes = _race(jobs)
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", "refused:invalid_transition"}, outcomes
    assert LedgerEntry.objects.filter(kind=EntryKind.REDEMPTION_RETURN).count() == 1
    assert balance_of(user.official) == 30
    _entries_equal_balances([user])


@pytest.mark.django_db(transaction=True)
def test_fulfilment_cancellation_and_batching_at_once_settle_each_request_one_way():
    policy()
    option = catalogue()["dongbaek"]
    users = [official_with(20) for _ in range(6)]
    staff = secretariat()
    requests = [redeem(u, option) for u in users]
    jobs = [lambda: create_payout_batch(actor=staff) for _ in range(3)]
    for redemption, user in zip(requests, users, strict=True):
        jobs.append(lambda r=redemption, u=user: cancel_redemption(actor=u, redemption=r))
        jobs.append(lambda r=redemption: fulfil_redemption(actor=staff, redemption=r, reference=f"T-{r.pk}"))
    outcomes = _race(jobs)
    assert not [o for o in outcomes if o.startswith("crash")], outcomes
    for redemption, user in zip(requests, users, strict=True):
        redemption.refresh_from_db()
        returned = LedgerEntry.objects.filter(kind=EntryKind.REDEMPTION_RETURN, source=f"redemption:{redemption.pk}")
        if redemption.state == R.CANCELLED:
            assert returned.count() == 1
            assert balance_of(user.official) == 20
        else:
            assert redemption.state in (R.FULFILLED, R.IN_BATCH)
            assert not returned.exists()
            assert balance_of(user.official) == 10
    batched = Redemption.objects.filter(batch__isnull=False)
    assert batched.values("batch").distinct().count() <= 1  # no line went into two batches
    _entries_equal_balances(users)
