"""Reads of the redemptions area: the reward catalogue, an official's points and rewards, the secretariat's queue,
the 동백전 payout batches and the lines the operator pays."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from proactive.accounts.models import Official
from proactive.mileage.enums import RedemptionState, RewardKind
from proactive.mileage.models import MileagePolicy, PayoutBatch, Redemption, RewardOption

R = RedemptionState
OPEN_STATES = (R.RESERVED, R.IN_BATCH)
DEFAULT_WON_PER_POINT: int = MileagePolicy._meta.get_field("won_per_point").default  # type: ignore[assignment]
DEFAULT_MIN_REDEEM: int = MileagePolicy._meta.get_field("min_redeem_points").default  # type: ignore[assignment]


# --- The catalogue and an official's points ------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueGroup:
    kind: str
    label: Any
    options: list[RewardOption]


def reward_catalogue() -> list[CatalogueGroup]:
    """The rewards on offer, grouped by kind in the order of ``RewardKind`` (one query)."""
    options = list(RewardOption.objects.filter(active=True).order_by("order", "points", "pk"))
    groups = []
    for kind, label in RewardKind.choices:
        of_kind = [o for o in options if o.kind == kind]
        if of_kind:
            groups.append(CatalogueGroup(kind, label, of_kind))
    return groups


@dataclass(frozen=True)
class PointsSummary:
    balance: int
    held: int  # points in dispute in open appeals
    reserved: int  # points already taken by rewards not yet settled (not part of the balance)
    minimum: int  # the year's minimum balance to redeem
    won_per_point: int

    @property
    def available(self) -> int:
        return self.balance - self.held

    @property
    def can_redeem(self) -> bool:
        return self.available >= self.minimum and self.available > 0


def policy_values(year: int) -> tuple[int, int]:
    """(minimum balance to redeem, 원 per point) of ``year`` — the defaults if the secretariat has not set them."""
    policy = MileagePolicy.objects.filter(year=year).only("min_redeem_points", "won_per_point").first()
    if policy is None:
        return DEFAULT_MIN_REDEEM, DEFAULT_WON_PER_POINT
    return policy.min_redeem_points, policy.won_per_point


def points_summary(official: Official) -> PointsSummary:
    """The official's balance, held, reserved and available points, with this year's minimum (four queries)."""
    # Imported here: the ledger service module holds the one definition of balance and held points.
    from proactive.mileage.services.ledger import balance_of, held_of

    reserved = Redemption.objects.filter(official=official, state__in=OPEN_STATES).aggregate(s=Sum("points"))["s"]
    minimum, won = policy_values(timezone.localdate().year)
    return PointsSummary(
        balance=balance_of(official),
        held=held_of(official),
        reserved=int(reserved or 0),
        minimum=minimum,
        won_per_point=won,
    )


# --- Redemptions ---------------------------------------------------------------------------------------------


def _base() -> QuerySet[Redemption]:
    return Redemption.objects.select_related("option", "official__unit")


def get_redemption(pk: int) -> Redemption | None:
    return _base().filter(pk=pk).first()


def my_redemptions(user: Any) -> QuerySet[Redemption]:
    """The signed-in official's reward requests, newest first."""
    if not user.is_authenticated or user.official_id is None:
        return Redemption.objects.none()
    return (
        Redemption.objects.select_related("option").filter(official_id=user.official_id).order_by("-created_at", "-pk")
    )


def redemption_queue(*, state: str = "", kind: str = "") -> QuerySet[Redemption]:
    """Every reward request for the secretariat: the open ones first, oldest first as they wait; then the settled
    ones, the most recently handled first."""
    qs = _base()
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(option__kind=kind)
    is_open = Q(state__in=OPEN_STATES)
    return qs.alias(
        closed=Case(When(is_open, then=Value(0)), default=Value(1)),
        waiting_since=Case(When(is_open, then=F("created_at"))),
        settled_at=Case(When(~is_open, then=F("handled_at"))),
    ).order_by("closed", F("waiting_since").asc(nulls_last=True), F("settled_at").desc(nulls_last=True), "-pk")


def state_counts() -> dict[str, int]:
    rows = Redemption.objects.values("state").annotate(n=Count("pk")).order_by()
    return {row["state"]: row["n"] for row in rows}


def waiting_for_batch() -> dict[str, int]:
    """Reserved 동백전 redemptions not yet in a batch: how many and their points (one query)."""
    row = Redemption.objects.filter(state=R.RESERVED, option__kind=RewardKind.DONGBAEK).aggregate(
        n=Count("pk"), points=Sum("points")
    )
    return {"count": row["n"] or 0, "points": int(row["points"] or 0)}


# --- Payout batches ------------------------------------------------------------------------------------------


def payout_batches() -> QuerySet[PayoutBatch]:
    """Batches newest first, each with ``line_count``, ``awaiting``, ``paid``, ``failed`` and ``points`` (one
    query)."""
    return (
        PayoutBatch.objects.select_related("created_by")
        .annotate(
            line_count=Count("redemptions"),
            awaiting=Count("redemptions", filter=Q(redemptions__state=R.IN_BATCH)),
            paid=Count("redemptions", filter=Q(redemptions__state=R.FULFILLED)),
            failed=Count("redemptions", filter=Q(redemptions__state=R.FAILED)),
            cancelled=Count("redemptions", filter=Q(redemptions__state=R.CANCELLED)),
            points=Sum("redemptions__points"),
        )
        .order_by("-created_at", "-pk")
    )


def get_batch(pk: int) -> PayoutBatch | None:
    return payout_batches().filter(pk=pk).first()


def batch_lines(batch: PayoutBatch) -> QuerySet[Redemption]:
    return (
        Redemption.objects.filter(batch=batch)
        .select_related("official__unit", "option", "reserve_entry")
        .order_by("pk")
    )


def won_per_point_by_year(years: Iterable[int]) -> dict[int, int]:
    """원 per point for each year (one query); a year without a policy has the default value."""
    wanted = set(years)
    found = dict(MileagePolicy.objects.filter(year__in=wanted).values_list("year", "won_per_point"))
    return {year: found.get(year, DEFAULT_WON_PER_POINT) for year in wanted}


def attach_amounts(redemptions: Iterable[Redemption]) -> list[Redemption]:
    """Give each redemption ``amount``: its points × 원 per point of the year it was reserved in (one query).
    The redemptions need ``reserve_entry`` selected."""
    rows = list(redemptions)
    rates = won_per_point_by_year(r.reserve_entry.year for r in rows) if rows else {}
    for r in rows:
        r.amount = r.points * rates[r.reserve_entry.year]  # type: ignore[attr-defined]
    return rows


@dataclass(frozen=True)
class PayoutLine:
    line_id: int
    employee_no: str
    name: str
    unit: str
    points: int
    amount: int
    requested_on: datetime.date


def payout_lines(batch: PayoutBatch) -> list[PayoutLine]:
    """The lines of ``batch`` still waiting for the operator's result, in line order (two queries)."""
    rows = attach_amounts(batch_lines(batch).filter(state=R.IN_BATCH))
    return [
        PayoutLine(
            line_id=r.pk,
            employee_no=r.official.employee_no,
            name=r.official.name,
            unit=r.official.unit.name if r.official.unit_id else "",
            points=r.points,
            amount=r.amount,  # type: ignore[attr-defined]
            requested_on=timezone.localdate(r.created_at),
        )
        for r in rows
    ]
