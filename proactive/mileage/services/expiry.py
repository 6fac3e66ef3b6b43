"""Year-end expiry of unspent mileage points (DOMAIN.md §4.5: "expiry of unspent points at year end (configurable)";
"expiry is an entry").

**The rule.** When the policy of ``year`` has ``expires_at_year_end``, each official's unspent points counted towards
``year`` or an earlier year become one ``expiry`` entry (posted with ``year``) that takes

    amount = min(points counted towards ``year`` or earlier, balance − points held by open appeals)

and nothing when that is zero or less (``points_to_expire``). So points held by an open appeal stay until the panel
decides; the balance never goes below zero; points an official redeemed in January, before the run, count as
spent; points counted towards a later year never expire early; and points granted for ``year`` after the run
(a claim approved late) stay until the next year's run.

**Once per official and year.** Each expiry entry carries the idempotency key ``expiry:<year>:<account pk>``; an
account that has it is skipped, so running the expiry again posts nothing more.

**Correct while officials keep redeeming, fast with 100,000 officials and 10,000,000 entries.** Instead of one
``post_entry`` per official (a lock, three aggregates and an audit event each), the run is set-based:

1. *Barrier.* One short transaction waits until every ledger write in progress has committed and holds new
   ones back for a moment (PostgreSQL: ``LOCK TABLE`` on the accounts in EXCLUSIVE mode, which conflicts with the
   account row locks ``post_entry`` takes; SQLite: the IMMEDIATE transaction is the lock), then reads the
   highest entry id: the *mark*. Any entry the existing accounts get later has a higher id. Ledger writes wait
   only for this moment, never for an aggregate; reads never wait.
2. *Snapshot.* ONE aggregate query over the entries up to the mark gives each account's balance and its points
   counted towards ``year`` or earlier. Entries are append-only, so this needs no lock.
3. *Chunks.* For each chunk of accounts (by id), one transaction locks them as ``post_entry`` does
   (``select_for_update``; SQLite: the IMMEDIATE transaction), skips those that already have their expiry entry,
   adds what was posted since the mark (a short range of the primary key), reads the points their open appeals
   hold, and writes the expiry entries with ``bulk_create``. A redemption during the run either committed
   before the chunk's lock (and is counted) or waits for it (and then sees the expiry entry in its own balance
   check): nothing is lost, nothing expires twice, no balance goes below zero. Chunks lock accounts in id order; a
   request that locks several accounts in another order (a team claim approved) may deadlock with a chunk, and
   PostgreSQL then rolls one of them back whole: a chunk is simply run again.
4. One audit event, ``mileage.points_expired``, with the run's counts (not one ``entry_posted`` per entry).

Side effects: ``expiry`` ledger entries (attributed to each official's current department, for the reports); one
audit event. No notifications: the notifications app sends one at a time, too slow for 100,000 officials.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models import Count, Max, Q, Sum

from proactive.audit.services import record_event
from proactive.mileage.enums import AppealState, EntryKind
from proactive.mileage.models import Appeal, LedgerEntry, MileageAccount, MileagePolicy
from proactive.mileage.services.ledger import policy_for

CHUNK_SIZE = 2000  # accounts per locking transaction
DEADLOCK_RETRIES = 3
OPEN_APPEAL_STATES = (AppealState.FILED, AppealState.UNDER_REVIEW)
# The snapshot may read millions of rows: give it more than the web requests' statement_timeout (PostgreSQL).
SNAPSHOT_TIMEOUT = "600s"


def expiry_key(year: int, account_pk: int) -> str:
    return f"expiry:{year}:{account_pk}"


def expiry_source(year: int) -> str:
    return f"expiry:{year}"


def points_to_expire(*, up_to_year: int, balance: int, held: int) -> int:
    """How many points expire: those counted towards the year or earlier, but never the points open appeals hold
    and never more than the balance (the rule in the module docstring)."""
    return max(0, min(up_to_year, balance - held))


@dataclass(frozen=True)
class ExpiryRun:
    """What a run did (or, with ``dry_run``, would do)."""

    year: int
    expires: bool  # the year's policy lets unspent points expire
    dry_run: bool
    accounts: int = 0  # officials whose points expired
    points: int = 0  # points expired in total
    held_back: int = 0  # points that stayed because open appeals hold them
    already_expired: int = 0  # officials whose points of the year had expired in an earlier run

    def as_data(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "expires": self.expires,
            "accounts": self.accounts,
            "points": self.points,
            "held_back": self.held_back,
            "already_expired": self.already_expired,
        }


@dataclass
class _Tally:
    accounts: int = 0
    points: int = 0
    held_back: int = 0
    already_expired: int = 0

    def add(self, other: "_Tally") -> None:
        self.accounts += other.accounts
        self.points += other.points
        self.held_back += other.held_back
        self.already_expired += other.already_expired


def _barrier() -> tuple[set[int], int]:
    """Wait until every ledger write in progress has committed, then read the mark and the accounts it covers.

    PostgreSQL: ``LOCK TABLE … IN EXCLUSIVE MODE`` on the accounts conflicts with the row locks ``post_entry`` takes
    (``SELECT … FOR UPDATE``) and with the key-share locks of inserting entries, so it waits for every transaction
    holding one and holds new ones back until this transaction ends; plain reads go on. One lock, not one per
    account, so it cannot deadlock with a transaction that locks several accounts. SQLite: the IMMEDIATE
    transaction is the lock.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            table = connection.ops.quote_name(MileageAccount._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        accounts = set(MileageAccount.objects.values_list("pk", flat=True))
        mark = LedgerEntry.objects.aggregate(mark=Max("pk"))["mark"] or 0
    return accounts, mark


def _snapshot(year: int, mark: int) -> tuple[dict[int, tuple[int, int]], set[int]]:
    """ONE aggregate over the entries up to ``mark``: {account: (balance, points up to ``year``)} for the accounts
    that may have points to expire, and the accounts whose expiry entry for ``year`` is already posted."""
    rows = (
        LedgerEntry.objects.filter(pk__lte=mark)
        .values("account_id")
        .annotate(
            balance=Sum("points"),
            up_to=Sum("points", filter=Q(year__lte=year)),
            done=Count("pk", filter=Q(kind=EntryKind.EXPIRY, source=expiry_source(year))),
        )
        .filter(Q(balance__gt=0, up_to__gt=0) | Q(done__gt=0))
        .order_by()
        .values_list("account_id", "balance", "up_to", "done")
    )
    with _long_statements():
        candidates: dict[int, tuple[int, int]] = {}
        done: set[int] = set()
        for account_id, balance, up_to, already in rows:
            if already:
                done.add(account_id)
            else:
                candidates[account_id] = (int(balance or 0), int(up_to or 0))
    return candidates, done


@contextmanager
def _long_statements() -> Iterator[None]:
    """On PostgreSQL, a transaction in which statements may run longer than a web request's timeout."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = '{SNAPSHOT_TIMEOUT}'")
        yield


def _held(official_ids: list[int]) -> dict[int, int]:
    rows = (
        Appeal.objects.filter(official_id__in=official_ids, state__in=OPEN_APPEAL_STATES)
        .values("official_id")
        .annotate(held=Sum("points_disputed"))
        .order_by()
        .values_list("official_id", "held")
    )
    return {official_id: int(held or 0) for official_id, held in rows}


def _expire_chunk(
    *, actor: Any, year: int, mark: int, chunk: list[int], snapshot: dict[int, tuple[int, int]]
) -> _Tally:
    """Post the expiry entries of one chunk of accounts under their locks (step 3 of the module docstring)."""
    tally = _Tally()
    with transaction.atomic():
        accounts = list(
            MileageAccount.objects.select_for_update(of=("self",))
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", "official_id", "official__unit_id")
        )
        posted = set(
            LedgerEntry.objects.filter(idempotency_key__in=[expiry_key(year, pk) for pk in chunk]).values_list(
                "account_id", flat=True
            )
        )
        since_mark = {
            account_id: (int(balance or 0), int(up_to or 0))
            for account_id, balance, up_to in LedgerEntry.objects.filter(account_id__in=chunk, pk__gt=mark)
            .values("account_id")
            .annotate(balance=Sum("points"), up_to=Sum("points", filter=Q(year__lte=year)))
            .order_by()
            .values_list("account_id", "balance", "up_to")
        }
        held = _held([official_id for _pk, official_id, _unit in accounts])
        created_by = actor if getattr(actor, "pk", None) else None
        entries = []
        for pk, official_id, unit_id in accounts:
            if pk in posted:
                tally.already_expired += 1
                continue
            balance, up_to = snapshot[pk]
            later_balance, later_up_to = since_mark.get(pk, (0, 0))
            balance, up_to = balance + later_balance, up_to + later_up_to
            amount = points_to_expire(up_to_year=up_to, balance=balance, held=held.get(official_id, 0))
            tally.held_back += points_to_expire(up_to_year=up_to, balance=balance, held=0) - amount
            if amount == 0:
                continue
            entries.append(
                LedgerEntry(
                    account_id=pk,
                    kind=EntryKind.EXPIRY,
                    points=-amount,
                    year=year,
                    unit_id=unit_id,
                    source=expiry_source(year),
                    idempotency_key=expiry_key(year, pk),
                    created_by=created_by,
                )
            )
            tally.accounts += 1
            tally.points += amount
        LedgerEntry.objects.bulk_create(entries)
    return tally


def _with_retries(work: Callable[[], _Tally], attempts: int = DEADLOCK_RETRIES) -> _Tally:
    """Run one chunk; if PostgreSQL chose it as the victim of a deadlock (with a request that locks several
    accounts in another order), it was rolled back whole: run it again."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except OperationalError as exc:
            if attempt == attempts or "deadlock" not in str(exc).lower():
                raise
    raise AssertionError("unreachable")


def _dry_run(year: int) -> ExpiryRun:
    """What a run would post now, read without locks and without writing."""
    mark = LedgerEntry.objects.aggregate(mark=Max("pk"))["mark"] or 0
    snapshot, done = _snapshot(year, mark)
    tally = _Tally(already_expired=len(done))
    officials = dict(MileageAccount.objects.filter(pk__in=list(snapshot)).values_list("pk", "official_id"))
    held = _held(list(officials.values()))
    for pk, (balance, up_to) in snapshot.items():
        amount = points_to_expire(up_to_year=up_to, balance=balance, held=held.get(officials.get(pk, 0), 0))
        tally.held_back += points_to_expire(up_to_year=up_to, balance=balance, held=0) - amount
        if amount:
            tally.accounts += 1
            tally.points += amount
    return ExpiryRun(
        year=year,
        expires=True,
        dry_run=True,
        accounts=tally.accounts,
        points=tally.points,
        held_back=tally.held_back,
        already_expired=tally.already_expired,
    )


def expire_year(*, actor: Any, year: int, dry_run: bool = False, chunk_size: int = CHUNK_SIZE) -> ExpiryRun:
    """Expire every official's unspent points of ``year`` if that year's policy says so (rule, idempotency and
    locking in the module docstring); return the counts. With ``dry_run`` nothing is written or locked.

    Side effects (not in a dry run): ``expiry`` ledger entries, committed chunk by chunk (a run stopped half-way is
    completed by running it again); one audit event ``mileage.points_expired`` on the year's policy.
    """
    if dry_run:
        policy = MileagePolicy.objects.filter(year=year).first() or MileagePolicy(year=year)
        if not policy.expires_at_year_end:
            return ExpiryRun(year=year, expires=False, dry_run=True)
        return _dry_run(year)
    policy = policy_for(year)
    if not policy.expires_at_year_end:
        run = ExpiryRun(year=year, expires=False, dry_run=False)
    else:
        covered, mark = _barrier()
        snapshot, done = _snapshot(year, mark)
        # Accounts opened after the barrier are left to the next run: only those that existed at the barrier are
        # sure to have every entry up to the mark committed.
        todo = sorted(pk for pk in snapshot if pk in covered)
        tally = _Tally(already_expired=len(done))
        for start in range(0, len(todo), chunk_size):
            chunk = todo[start : start + chunk_size]

            def work(chunk: list[int] = chunk) -> _Tally:
                return _expire_chunk(actor=actor, year=year, mark=mark, chunk=chunk, snapshot=snapshot)

            tally.add(_with_retries(work))
        run = ExpiryRun(
            year=year,
            expires=True,
            dry_run=False,
            accounts=tally.accounts,
            points=tally.points,
            held_back=tally.held_back,
            already_expired=tally.already_expired,
        )
    with transaction.atomic():
        record_event(actor=actor, verb="mileage.points_expired", target=policy, data=run.as_data())
    return run
