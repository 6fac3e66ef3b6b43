"""The data generator of bench/mileage.py: the SQL it runs on either database writes exactly the entries its pure
twin describes, and no generated balance ever goes below zero. (The benchmark itself runs by hand:
docs/performance.md.)"""

import datetime
import importlib.util
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Sum

from proactive.mileage.models import ActivityRule, ActivityType, LedgerEntry, MileageAccount
from tests.factories.accounts import OfficialFactory

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bench_mileage", ROOT / "bench" / "mileage.py")
assert _spec is not None
assert _spec.loader is not None
mileage = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mileage)


@pytest.mark.parametrize("account_id", [1, 2, 3, 17, 100_003])
def test_a_generated_balance_never_goes_below_zero(account_id):
    running = 0
    for g in range(1, 201):
        running += mileage.entry_points(g, account_id)[1]
        assert running >= 0
    assert mileage.expected_balance(200, account_id) == running


@pytest.mark.django_db
def test_the_generating_sql_writes_what_the_pure_helpers_describe():
    officials = [OfficialFactory(), OfficialFactory(), OfficialFactory()]
    accounts = [MileageAccount.objects.create(official=o) for o in officials]
    activity = ActivityType.objects.create(code="bench-test", name="시험")
    rule = ActivityRule.objects.create(
        activity=activity, version=1, points_min=1, points_max=3, valid_from=datetime.date(2020, 1, 1)
    )
    ids = sorted(o.pk for o in officials[:2])  # the third official is outside the range and gets nothing
    sql = mileage.entries_sql(
        connection.vendor, entries=25, this_year=2026, rule_id=rule.pk, first_id=ids[0], last_id=ids[1]
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
    for account in accounts[:2]:
        entries = LedgerEntry.objects.filter(account=account)
        assert entries.count() == 25
        assert entries.aggregate(t=Sum("points"))["t"] == mileage.expected_balance(25, account.pk)
        assert sorted(set(entries.values_list("year", flat=True))) == [2024, 2025, 2026]
        assert entries.filter(kind="redemption").count() == 2
        assert entries.filter(kind="grant", rule=rule).count() == 23
        first = entries.order_by("created_at").first()
        assert first is not None
        assert first.created_at.year == 2024
    assert not LedgerEntry.objects.filter(account=accounts[2]).exists()
