"""Year-end expiry while officials keep redeeming, each request on its own connection: no balance below zero,
nothing expired twice, and the sum of the entries equals the sum of the balances. Runs on SQLite (WAL, IMMEDIATE
transactions) and on PostgreSQL (DATABASE_URL=postgres://…)."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import Sum

from proactive.mileage.enums import EntryKind
from proactive.mileage.models import LedgerEntry
from proactive.mileage.services.expiry import expire_year
from proactive.mileage.services.ledger import InsufficientBalanceError, balance_of
from tests.factories.accounts import UserFactory
from tests.mileage.test_statements_support import appeal, balances, grant, redeem, this_year

LAST_YEAR = this_year() - 1


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
        t.join(timeout=180)
    return outcomes


def _consistent() -> None:
    per_account = balances()
    assert (LedgerEntry.objects.aggregate(s=Sum("points"))["s"] or 0) == sum(per_account.values())
    assert min(per_account.values()) >= 0


@pytest.mark.django_db(transaction=True)
def test_redemptions_during_the_expiry_never_take_a_balance_below_zero():
    users = [UserFactory() for _ in range(10)]
    for user in users:
        grant(user.official, 50, year=LAST_YEAR)
    appeal(users[0], points=15, entry=LedgerEntry.objects.filter(account__official=users[0].official).first())
    jobs = [lambda u=u: redeem(u.official, 20) for u in users for _ in range(3)]
    jobs.append(lambda: expire_year(actor=None, year=LAST_YEAR, chunk_size=3))
    outcomes = _race(jobs)

    assert not [o for o in outcomes if o.startswith("crash")], outcomes
    _consistent()
    assert balance_of(users[0].official) == 15  # held by the open appeal: neither redeemed nor expired
    for user in users[1:]:
        assert balance_of(user.official) == 0  # whatever was not redeemed before its chunk expired
    for user in users:
        entries = LedgerEntry.objects.filter(account__official=user.official)
        assert entries.filter(kind=EntryKind.EXPIRY).count() <= 1
        redeemed = -(entries.filter(kind=EntryKind.REDEMPTION).aggregate(s=Sum("points"))["s"] or 0)
        expired = -(entries.filter(kind=EntryKind.EXPIRY).aggregate(s=Sum("points"))["s"] or 0)
        held = 15 if user == users[0] else 0
        assert redeemed + expired + held == 50


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_expire_each_officials_points_once():
    users = [UserFactory() for _ in range(8)]
    for n, user in enumerate(users, start=1):
        grant(user.official, 10 * n, year=LAST_YEAR)
    jobs = [lambda: expire_year(actor=None, year=LAST_YEAR, chunk_size=2) for _ in range(2)]
    jobs += [lambda u=u: redeem(u.official, 5) for u in users]
    outcomes = _race(jobs)

    assert not [o for o in outcomes if o.startswith("crash")], outcomes
    _consistent()
    assert LedgerEntry.objects.filter(kind=EntryKind.EXPIRY).count() <= len(users)
    for user in users:
        assert balance_of(user.official) == 0
        assert LedgerEntry.objects.filter(account__official=user.official, kind=EntryKind.EXPIRY).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_run_waits_for_a_redemption_in_progress():
    """A redemption that has locked its account and not yet committed when the run starts is counted, not lost."""
    user = UserFactory()
    grant(user.official, 50, year=LAST_YEAR)
    locked = threading.Event()

    def slow_redemption():
        try:
            with transaction.atomic():
                redeem(user.official, 30)
                locked.set()
                time.sleep(0.5)  # the run starts meanwhile
        finally:
            connection.close()

    thread = threading.Thread(target=slow_redemption)
    thread.start()
    assert locked.wait(timeout=30)
    run = expire_year(actor=None, year=LAST_YEAR)
    thread.join(timeout=30)
    assert run.points == 20
    assert balance_of(user.official) == 0
    _consistent()
