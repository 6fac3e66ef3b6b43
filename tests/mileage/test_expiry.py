"""Year-end expiry (services/expiry.py and ``manage.py expire_mileage``): what expires, what stays, once only, and
entries posted while a run is under way. Runs on SQLite and on PostgreSQL (DATABASE_URL=postgres://…)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.db.models import Sum

from proactive.audit.models import AuditEvent
from proactive.mileage.enums import AppealState, EntryKind
from proactive.mileage.models import LedgerEntry, MileagePolicy
from proactive.mileage.services import expiry
from proactive.mileage.services.expiry import expire_year, points_to_expire
from proactive.mileage.services.ledger import InsufficientBalanceError, balance_of
from tests.factories.accounts import OfficialFactory, UserFactory
from tests.mileage.test_statements_support import appeal, balances, deduct, grant, redeem, this_year

pytestmark = pytest.mark.django_db
YEAR = 2025


def expiry_entries(year: int = YEAR):
    return LedgerEntry.objects.filter(kind=EntryKind.EXPIRY, year=year)


def assert_ledger_consistent():
    total = LedgerEntry.objects.aggregate(s=Sum("points"))["s"] or 0
    per_account = balances()
    assert total == sum(per_account.values())
    assert min(per_account.values(), default=0) >= 0


@pytest.mark.parametrize(
    ("up_to", "balance", "held", "expected"),
    [(10, 10, 0, 10), (10, 10, 4, 6), (10, 3, 0, 3), (4, 10, 0, 4), (10, 3, 5, 0), (0, 10, 0, 0), (-2, 5, 0, 0)],
)
def test_points_to_expire(up_to, balance, held, expected):
    assert points_to_expire(up_to_year=up_to, balance=balance, held=held) == expected


def test_unspent_points_of_the_year_expire_into_one_entry_each():
    a, b, empty = OfficialFactory(), OfficialFactory(), OfficialFactory()
    grant(a, 10, year=YEAR)
    grant(a, 5, year=YEAR)
    redeem(a, 4, year=YEAR)
    grant(b, 7, year=YEAR - 1)  # earlier years' unspent points expire too
    grant(empty, 3, year=YEAR)
    redeem(empty, 3, year=YEAR)
    run = expire_year(actor=None, year=YEAR)
    assert (run.accounts, run.points, run.held_back, run.already_expired) == (2, 18, 0, 0)
    assert (balance_of(a), balance_of(b), balance_of(empty)) == (0, 0, 0)
    entry = expiry_entries().get(account__official=a)
    assert (entry.points, entry.year, entry.unit_id, entry.source) == (-11, YEAR, a.unit_id, f"expiry:{YEAR}")
    assert entry.idempotency_key == f"expiry:{YEAR}:{entry.account_id}"
    assert not expiry_entries().filter(account__official=empty).exists()
    assert_ledger_consistent()


def test_one_audit_event_for_the_run_with_its_counts():
    user = UserFactory()
    for official in (OfficialFactory(), OfficialFactory()):
        grant(official, 5, year=YEAR)
    before = AuditEvent.objects.filter(verb="mileage.entry_posted").count()
    expire_year(actor=user, year=YEAR)
    (event,) = AuditEvent.objects.filter(verb="mileage.points_expired")
    assert event.actor == user
    assert event.target_type == "mileage.mileagepolicy"
    assert event.data == {
        "year": YEAR,
        "expires": True,
        "accounts": 2,
        "points": 10,
        "held_back": 0,
        "already_expired": 0,
    }
    assert AuditEvent.objects.filter(verb="mileage.entry_posted").count() == before  # not one per entry
    assert set(expiry_entries().values_list("created_by", flat=True)) == {user.pk}


def test_running_it_again_posts_nothing_more():
    officials = [OfficialFactory() for _ in range(3)]
    for official in officials:
        grant(official, 6, year=YEAR)
    first = expire_year(actor=None, year=YEAR)
    again = expire_year(actor=None, year=YEAR)
    assert (first.accounts, first.points) == (3, 18)
    assert (again.accounts, again.points, again.already_expired) == (0, 0, 3)
    assert expiry_entries().count() == 3
    assert_ledger_consistent()


def test_points_granted_for_the_year_after_the_run_stay_until_next_years_run():
    official = OfficialFactory()
    grant(official, 6, year=YEAR)
    expire_year(actor=None, year=YEAR)
    grant(official, 2, year=YEAR)  # a claim for that year's work approved late
    assert expire_year(actor=None, year=YEAR).points == 0
    assert balance_of(official) == 2
    assert expire_year(actor=None, year=YEAR + 1).points == 2
    assert balance_of(official) == 0


def test_points_held_by_open_appeals_stay():
    user = UserFactory()
    deduction_target = grant(user.official, 12, year=YEAR)
    appeal(user, points=5, entry=deduction_target)
    appeal(user, points=3, entry=deduction_target, state=AppealState.UPHELD)  # decided: holds nothing
    run = expire_year(actor=None, year=YEAR)
    assert (run.points, run.held_back) == (7, 5)
    assert balance_of(user.official) == 5


def test_never_below_zero_when_appeals_hold_more_than_the_balance():
    user = UserFactory()
    grant(user.official, 5, year=YEAR)
    disputed = deduct(user.official, 3, year=YEAR)
    appeal(user, points=4, entry=disputed)
    run = expire_year(actor=None, year=YEAR)
    assert (run.accounts, run.points) == (0, 0)
    assert balance_of(user.official) == 2


def test_points_counted_towards_a_later_year_do_not_expire():
    official = OfficialFactory()
    grant(official, 4, year=YEAR)
    grant(official, 9, year=YEAR + 1)
    redeem(official, 6, year=YEAR + 1)  # spent in January, before the run: it comes out of what could expire
    run = expire_year(actor=None, year=YEAR)
    assert run.points == 4
    assert balance_of(official) == 3  # next year's 9, less the 6 spent


def test_nothing_expires_when_the_years_policy_keeps_points():
    MileagePolicy.objects.create(year=YEAR, expires_at_year_end=False)
    official = OfficialFactory()
    grant(official, 8, year=YEAR)
    run = expire_year(actor=None, year=YEAR)
    assert (run.expires, run.accounts, run.points) == (False, 0, 0)
    assert balance_of(official) == 8
    assert AuditEvent.objects.get(verb="mileage.points_expired").data["expires"] is False


def test_a_dry_run_counts_without_writing():
    user = UserFactory()
    grant(user.official, 9, year=YEAR)
    appeal(user, points=2, entry=grant(user.official, 1, year=YEAR))
    grant(OfficialFactory(), 4, year=YEAR)
    dry = expire_year(actor=None, year=YEAR, dry_run=True)
    assert (dry.dry_run, dry.accounts, dry.points, dry.held_back) == (True, 2, 12, 2)
    assert not expiry_entries().exists()
    assert not AuditEvent.objects.filter(verb="mileage.points_expired").exists()
    real = expire_year(actor=None, year=YEAR)
    assert (real.accounts, real.points, real.held_back) == (dry.accounts, dry.points, dry.held_back)


def test_small_chunks_give_the_same_result():
    officials = [OfficialFactory() for _ in range(7)]
    for n, official in enumerate(officials, start=1):
        grant(official, n, year=YEAR)
    run = expire_year(actor=None, year=YEAR, chunk_size=2)
    assert (run.accounts, run.points) == (7, 28)
    assert all(balance_of(o) == 0 for o in officials)


def test_entries_posted_after_the_snapshot_are_counted_not_lost(monkeypatch):
    """A redemption and a late grant land between the snapshot and the chunk's lock: the chunk sees both."""
    spender, earner = OfficialFactory(), OfficialFactory()
    grant(spender, 10, year=YEAR)
    grant(earner, 10, year=YEAR)
    real_snapshot = expiry._snapshot

    def snapshot_then_more_entries(year, mark):
        result = real_snapshot(year, mark)
        redeem(spender, 7, year=YEAR + 1)
        grant(earner, 3, year=YEAR)
        return result

    monkeypatch.setattr(expiry, "_snapshot", snapshot_then_more_entries)
    run = expire_year(actor=None, year=YEAR)
    assert run.points == 3 + 13
    assert (balance_of(spender), balance_of(earner)) == (0, 0)
    assert_ledger_consistent()


def test_a_redemption_after_the_run_sees_the_expiry():
    official = OfficialFactory()
    grant(official, 10, year=YEAR)
    expire_year(actor=None, year=YEAR)
    with pytest.raises(InsufficientBalanceError):
        redeem(official, 1)


# --- The management command -----------------------------------------------------------------------------------------


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("expire_mileage", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_what_it_did_and_a_rerun_posts_nothing():
    grant(OfficialFactory(), 5, year=YEAR)
    grant(OfficialFactory(), 4, year=YEAR)
    output = _command("--year", str(YEAR))
    assert f"{YEAR}: 9 points expired for 2 officials" in output
    assert "Running it again posts nothing more." in output
    again = _command("--year", str(YEAR))
    assert f"{YEAR}: 0 points expired for 0 officials" in again
    assert f"officials whose {YEAR} points had already expired in an earlier run: 2" in again


def test_the_command_dry_run_writes_nothing():
    grant(OfficialFactory(), 5, year=YEAR)
    output = _command("--year", str(YEAR), "--dry-run")
    assert f"{YEAR}: 5 points would expire for 1 officials" in output
    assert "Dry run: nothing was written." in output
    assert not expiry_entries().exists()


def test_the_command_refuses_a_year_not_yet_over_unless_told():
    official = OfficialFactory()
    grant(official, 5)
    with pytest.raises(CommandError, match="has not ended yet"):
        _command("--year", str(this_year()))
    with pytest.raises(CommandError, match="has not ended yet"):
        _command("--year", str(this_year() + 1), "--before-year-end")
    assert "would expire" in _command("--year", str(this_year()), "--dry-run")
    assert "5 points expired" in _command("--year", str(this_year()), "--before-year-end")


def test_the_command_records_the_actor_it_is_given():
    user = UserFactory(username="secretariat-kim")
    grant(OfficialFactory(), 5, year=YEAR)
    _command("--year", str(YEAR), "--actor", "secretariat-kim")
    assert AuditEvent.objects.get(verb="mileage.points_expired").actor == user
    with pytest.raises(CommandError, match="No user"):
        _command("--year", str(YEAR), "--actor", "nobody")


def test_the_command_says_when_the_policy_keeps_points():
    MileagePolicy.objects.create(year=YEAR, expires_at_year_end=False)
    assert "keeps unspent points" in _command("--year", str(YEAR))


def test_a_chunk_chosen_as_a_deadlock_victim_is_run_again():
    calls = []

    def work():
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("deadlock detected")
        return expiry._Tally(accounts=1, points=3)

    assert expiry._with_retries(work).points == 3
    assert len(calls) == 2


def test_other_database_errors_are_not_retried():
    def work():
        raise OperationalError("disk full")

    with pytest.raises(OperationalError, match="disk full"):
        expiry._with_retries(work)
