"""The mileage ledger's only writer: post an entry, with the locks, caps, idempotency and audit it needs.

Rules every caller gets for free:
- **Serialised per official (and per department for grants):** the department's OrgUnit row (for entries that
  count against a department cap) and then the official's ``MileageAccount`` row are locked with
  ``select_for_update`` (on SQLite, ``transaction_mode=IMMEDIATE`` takes the write lock when the transaction
  begins), so concurrent requests against one balance run one after the other.
- **Held points:** points in dispute in an open appeal cannot be redeemed until the panel decides.
- **Never below zero:** an entry that takes points (a redemption, an expiry, a negative adjustment) is refused when
  the balance would go below zero; a deduction (e.g. −5 when passive administration is upheld) takes at most
  what is there, and records the shortfall in its memo.
- **Caps:** points earned in a year (grants, adjustments and their reversals; not deductions, nor the reversal
  that gives a deduction back) may not exceed the year's cap per official, nor, summed over a department, the cap
  per department. Refusals say which cap, by how
  much, and what is left.
- **Idempotent:** an ``idempotency_key`` (unique in the ledger) makes a repeated request return the entry the
  first one posted, so a double submit or a retried request takes effect once.
- **Audited:** every entry writes ``mileage.entry_posted`` in the same transaction.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.accounts.models import Official, OrgUnit
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.mileage.enums import AppealState, EntryKind
from proactive.mileage.models import ActivityRule, LedgerEntry, MileageAccount, MileagePolicy

EARNING_KINDS = (EntryKind.GRANT, EntryKind.ADJUSTMENT, EntryKind.REVERSAL)


class CapExceededError(DomainError):
    def __init__(self, message: str, *, remaining: int) -> None:
        super().__init__(message, code="cap_exceeded")
        self.remaining = remaining


class InsufficientBalanceError(DomainError):
    def __init__(self, message: str, *, balance: int) -> None:
        super().__init__(message, code="insufficient_balance")
        self.balance = balance


def account_for(official: Official) -> MileageAccount:
    """The official's account, opened on first use (safe when two requests open it at once)."""
    account = MileageAccount.objects.filter(official=official).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return MileageAccount.objects.create(official=official)
    except IntegrityError:
        return MileageAccount.objects.get(official=official)


def balance_of(official: Official) -> int:
    """The official's balance: the sum of their ledger entries (one query)."""
    total = LedgerEntry.objects.filter(account__official=official).aggregate(total=Sum("points"))["total"]
    return int(total or 0)


def held_of(official: Official) -> int:
    """Points held while the official's appeals are open (not redeemable until the panel decides)."""
    from proactive.mileage.models import Appeal  # the appeal workflow lives on the ledger

    open_appeals = Appeal.objects.filter(official=official, state__in=[AppealState.FILED, AppealState.UNDER_REVIEW])
    return int(open_appeals.aggregate(total=Sum("points_disputed"))["total"] or 0)


def available_of(official: Official) -> int:
    """What the official may redeem now: the balance less the points held by open appeals."""
    return balance_of(official) - held_of(official)


def earning_entries(year: int) -> QuerySet[LedgerEntry]:
    """The entries that count as earned in ``year`` towards the caps (every screen that shows what a cap still
    allows reads this too). A deduction given back (its reversal) restores points taken and earns nothing: it is
    not counted, and ``post_entry`` does not check the caps for it."""
    return LedgerEntry.objects.filter(year=year, kind__in=EARNING_KINDS).exclude(
        kind=EntryKind.REVERSAL, reverses__kind=EntryKind.DEDUCTION
    )


def earned_in(*, official: Official | None = None, unit: OrgUnit | None = None, year: int) -> int:
    """Points earned in ``year`` (grants, adjustments and their reversals) by an official or in a department."""
    entries = earning_entries(year)
    if official is not None:
        entries = entries.filter(account__official=official)
    if unit is not None:
        entries = entries.filter(unit=unit)
    return int(entries.aggregate(total=Sum("points"))["total"] or 0)


def policy_for(year: int) -> MileagePolicy:
    """The year's policy (created with the defaults if the secretariat has not set it yet)."""
    policy, _created = MileagePolicy.objects.get_or_create(year=year)
    return policy


def check_person_cap(*, official: Official, year: int, points: int) -> None:
    """Refuse (CapExceededError, explained) if ``points`` more would take ``official`` over the year's cap."""
    policy = policy_for(year)
    left = policy.cap_per_person - earned_in(official=official, year=year)
    if points > left:
        raise CapExceededError(
            _(
                "This would exceed the yearly cap of %(cap)s points per official: %(left)s points are left for "
                "%(name)s in %(year)s."
            )
            % {"cap": policy.cap_per_person, "left": max(left, 0), "name": official.name, "year": year},
            remaining=max(left, 0),
        )


def check_department_cap(*, unit: OrgUnit, year: int, points: int) -> None:
    """Refuse (CapExceededError, explained) if ``points`` more would take ``unit`` over the year's cap."""
    policy = policy_for(year)
    left = policy.cap_per_department - earned_in(unit=unit, year=year)
    if points > left:
        raise CapExceededError(
            _(
                "This would exceed the yearly cap of %(cap)s points per department: %(left)s points are left "
                "for %(unit)s in %(year)s."
            )
            % {"cap": policy.cap_per_department, "left": max(left, 0), "unit": unit.name, "year": year},
            remaining=max(left, 0),
        )


@transaction.atomic
def post_entry(
    *,
    actor: Any,
    official: Official,
    kind: str,
    points: int,
    year: int | None = None,
    rule: ActivityRule | None = None,
    unit: OrgUnit | None = None,
    reverses: LedgerEntry | None = None,
    source: str = "",
    memo: str = "",
    idempotency_key: str | None = None,
) -> LedgerEntry:
    """Append one entry to ``official``'s ledger under the rules in the module docstring; return it.

    Callers (the claim, redemption, appeal and expiry services) check who may do what; this function checks
    what the ledger itself must guarantee.
    """
    if points == 0:
        raise DomainError(_("An entry must add or take at least one point."), code="zero_points")
    year = year or timezone.localdate().year
    if idempotency_key:
        earlier = LedgerEntry.objects.filter(idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier
    if unit is not None and kind in EARNING_KINDS and points > 0:
        OrgUnit.objects.select_for_update().filter(pk=unit.pk).first()  # department cap: one grant at a time
    account = account_for(official)
    account = MileageAccount.objects.select_for_update().get(pk=account.pk)
    if idempotency_key:  # a request that waited for the lock may find its twin already posted
        earlier = LedgerEntry.objects.filter(idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier
    gives_back_a_deduction = reverses is not None and reverses.kind == EntryKind.DEDUCTION
    if kind in EARNING_KINDS and points > 0 and not gives_back_a_deduction:
        check_person_cap(official=official, year=year, points=points)
        if unit is not None:
            check_department_cap(unit=unit, year=year, points=points)
    current = balance_of(official)
    if kind == EntryKind.REDEMPTION:
        held = held_of(official)
        if current - held + points < 0:
            raise InsufficientBalanceError(
                _(
                    "Not enough points: the balance is %(balance)s, of which %(held)s are held by an open appeal, "
                    "and this needs %(needed)s."
                )
                % {"balance": current, "held": held, "needed": -points},
                balance=current - held,
            )
    if points < 0 and current + points < 0:
        if kind == EntryKind.DEDUCTION:
            shortfall = -(current + points)
            memo = (memo + " " if memo else "") + _("(%(n)s points could not be deducted: balance exhausted)") % {
                "n": shortfall
            }
            points = -current
        else:
            raise InsufficientBalanceError(
                _("Not enough points: the balance is %(balance)s and this needs %(needed)s.")
                % {"balance": current, "needed": -points},
                balance=current,
            )
    if points == 0:
        raise InsufficientBalanceError(_("There are no points left to deduct."), balance=current)
    entry = LedgerEntry.objects.create(
        account=account,
        kind=kind,
        points=points,
        year=year,
        rule=rule,
        unit=unit,
        reverses=reverses,
        source=source,
        memo=memo[:300],
        idempotency_key=idempotency_key or None,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    record_event(
        actor=actor,
        verb="mileage.entry_posted",
        target=entry,
        data={"official": official.employee_no, "kind": kind, "points": points, "year": year, "source": source},
    )
    return entry


def reverse_entry(*, actor: Any, entry: LedgerEntry, memo: str = "", idempotency_key: str | None = None) -> LedgerEntry:
    """Post the entry that undoes a grant, adjustment or deduction (a correction); each is reversed at most once.

    Reserved points come back through the redemption service (``redemption_return``), not through a reversal.
    """
    if entry.kind not in (*EARNING_KINDS, EntryKind.DEDUCTION) or entry.kind == EntryKind.REVERSAL:
        raise DomainError(_("Only a grant, an adjustment or a deduction can be reversed."), code="not_reversible")
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise DomainError(_("This entry has already been reversed."), code="already_reversed")
    return post_entry(
        actor=actor,
        official=entry.account.official,
        kind=EntryKind.REVERSAL,
        points=-entry.points,
        year=entry.year,
        rule=entry.rule,
        unit=entry.unit,
        reverses=entry,
        source=entry.source,
        memo=memo,
        idempotency_key=idempotency_key,
    )
