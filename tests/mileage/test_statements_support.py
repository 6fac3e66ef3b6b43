"""Shared set-up of the statements and expiry tests: a small organisation, an activity rule, and helpers that post
entries and make claims, rewards and appeals the way the other mileage areas do."""

import datetime
from typing import Any

from django.utils import timezone

from proactive.accounts.enums import OrgUnitKind
from proactive.accounts.models import Official, OrgUnit
from proactive.mileage.enums import AppealGround, AppealState, ClaimState, EntryKind, RedemptionState, RewardKind
from proactive.mileage.models import (
    ActivityRule,
    ActivityType,
    Appeal,
    Claim,
    ClaimShare,
    LedgerEntry,
    MileageAccount,
    Redemption,
    RewardOption,
)
from proactive.mileage.services.ledger import account_for, post_entry
from tests.factories.accounts import OrgUnitFactory, UserFactory


def this_year() -> int:
    return timezone.localdate().year


def organisation() -> dict[str, OrgUnit]:
    """Two bureaus: 해양농수산국 with 해양정책과 and 수산정책과, 복지국 with 복지정책과."""
    sea = OrgUnitFactory(kind=OrgUnitKind.BUREAU, name="해양농수산국", name_en="Maritime Bureau", code="SEA")
    policy = OrgUnitFactory(kind=OrgUnitKind.DEPARTMENT, name="해양정책과", name_en="Ocean Policy", parent=sea)
    fish = OrgUnitFactory(kind=OrgUnitKind.DEPARTMENT, name="수산정책과", name_en="Fisheries Policy", parent=sea)
    welfare = OrgUnitFactory(kind=OrgUnitKind.BUREAU, name="복지국", name_en="Welfare Bureau", code="WEL")
    care = OrgUnitFactory(kind=OrgUnitKind.DEPARTMENT, name="복지정책과", name_en="Welfare Policy", parent=welfare)
    units = {"sea": sea, "policy": policy, "fish": fish, "welfare": welfare, "care": care}
    for unit in units.values():
        unit.refresh_from_db()
    return units


def activity_rule(code: str = "regulation", name: str = "규제 개선", name_en: str = "Regulation improved"):
    activity = ActivityType.objects.create(code=code, name=name, name_en=name_en)
    return ActivityRule.objects.create(
        activity=activity, version=1, points_min=1, points_max=5, valid_from=datetime.date(2023, 1, 1)
    )


def official_user(unit: OrgUnit | None = None, **kwargs: Any):
    extra = {"official__unit": unit} if unit is not None else {}
    return UserFactory(**extra, **kwargs)


def grant(official: Official, points: int, *, year: int | None = None, rule=None, unit=None, **kw) -> LedgerEntry:
    return post_entry(
        actor=None,
        official=official,
        kind=EntryKind.GRANT,
        points=points,
        year=year or this_year(),
        rule=rule,
        unit=unit if unit is not None else official.unit,
        source=kw.pop("source", "claim:1"),
        **kw,
    )


def deduct(official: Official, points: int, *, year: int | None = None, **kw) -> LedgerEntry:
    return post_entry(
        actor=None,
        official=official,
        kind=EntryKind.DEDUCTION,
        points=-points,
        year=year or this_year(),
        unit=official.unit,
        **kw,
    )


def redeem(official: Official, points: int, **kw) -> LedgerEntry:
    return post_entry(actor=None, official=official, kind=EntryKind.REDEMPTION, points=-points, **kw)


def reward_option(points: int = 10) -> RewardOption:
    return RewardOption.objects.create(
        kind=RewardKind.DONGBAEK, name="동백전 1만원", name_en="Dongbaekjeon", points=points
    )


def reserve(official: Official, points: int, *, state: str = RedemptionState.RESERVED) -> Redemption:
    """A reward request as the redemptions area makes it: the points reserved at once by a ledger entry."""
    entry = redeem(official, points, source="redemption:0")
    return Redemption.objects.create(
        official=official, option=reward_option(points), points=points, state=state, reserve_entry=entry
    )


def claim_for(user, rule, points: int, *, state: str = ClaimState.GRANTED, title: str = "항만 인허가 간소화") -> Claim:
    official = user.official
    claim = Claim.objects.create(
        rule=rule,
        unit=official.unit,
        title=title,
        occurred_on=timezone.localdate(),
        claimed_by=user,
        points=points,
        state=state,
    )
    ClaimShare.objects.create(claim=claim, official=official, points=points)
    return claim


def appeal(user, *, points: int, entry: LedgerEntry | None = None, state: str = AppealState.FILED) -> Appeal:
    return Appeal.objects.create(
        official=user.official,
        filed_by=user,
        entry=entry,
        ground=AppealGround.DEDUCTION if entry is not None and entry.points < 0 else AppealGround.AMOUNT,
        points_disputed=points,
        reasons="부당한 차감입니다.",
        state=state,
        due_on=timezone.localdate() + datetime.timedelta(days=14),
    )


def many_entries(official: Official, count: int, *, year: int | None = None, rule=None) -> None:
    """``count`` one-point grants written in bulk (data set-up only; the services are tested elsewhere)."""
    account = account_for(official)
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            account=account,
            kind=EntryKind.GRANT,
            points=1,
            year=year or this_year(),
            rule=rule,
            unit=official.unit,
            source=f"claim:{n}",
        )
        for n in range(count)
    )


def balances() -> dict[int, int]:
    from django.db.models import Sum

    return {
        row["pk"]: int(row["b"] or 0) for row in MileageAccount.objects.values("pk").annotate(b=Sum("entries__points"))
    }
