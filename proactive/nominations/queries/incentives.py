"""Reads of the winners' incentives: my awards, a round's incentives for HR, the prize payments, dashboard panels."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from proactive.nominations.enums import Grade, IncentiveState
from proactive.nominations.models import GradeRule, Incentive, SelectionRound

# The winner may choose while waiting for the choice or after HR found the earlier choice not possible.
CHOOSABLE_STATES = (IncentiveState.AWAITING_CHOICE, IncentiveState.INELIGIBLE)
# What HR has to act on: a choice to check, an eligible benefit to decide, a decision to record applied.
HR_WAITING_STATES = (IncentiveState.CHOSEN, IncentiveState.ELIGIBLE, IncentiveState.DECIDED)
GRADE_ORDER = {grade: i for i, grade in enumerate(Grade.values)}


def _base() -> QuerySet[Incentive]:
    return Incentive.objects.select_related(
        "award__nomination__round", "member__official__unit", "member__official__user"
    )


def attach_rules(incentives: Iterable[Incentive]) -> list[Incentive]:
    """Give each incentive ``rule`` (its grade's GradeRule or None) and ``benefit_options`` (value, label) in one
    query for the whole list."""
    rows = list(incentives)
    round_ids = {i.award.nomination.round_id for i in rows}
    rules = {(r.round_id, r.grade): r for r in GradeRule.objects.filter(round_id__in=round_ids)} if rows else {}
    for incentive in rows:
        rule = rules.get((incentive.award.nomination.round_id, incentive.award.grade))
        incentive.rule = rule  # type: ignore[attr-defined]
        labels = dict(zip(rule.benefits, rule.benefit_labels(), strict=True)) if rule is not None else {}
        incentive.benefit_options = list(labels.items())  # type: ignore[attr-defined]
    return rows


def my_incentives(user: Any) -> list[Incentive]:
    """The signed-in official's incentives, newest round first, with their grade rules (two queries)."""
    if not user.is_authenticated or user.official_id is None:
        return []
    qs = _base().filter(member__official_id=user.official_id)
    return attach_rules(qs.order_by("-award__nomination__round__year", "-award__nomination__round__half", "pk"))


def has_benefit_to_choose(user: Any) -> bool:
    if not user.is_authenticated or user.official_id is None:
        return False
    return Incentive.objects.filter(member__official_id=user.official_id, state__in=CHOOSABLE_STATES).exists()


def get_incentive(pk: int) -> Incentive | None:
    return _base().filter(pk=pk).first()


def round_incentives(selection_round: SelectionRound, *, state: str = "") -> QuerySet[Incentive]:
    """Every incentive of the round for HR, in award rank order, team members by contribution."""
    qs = _base().filter(award__nomination__round=selection_round)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("award__rank", "award__pk", "-member__contribution", "pk")


def state_counts(selection_round: SelectionRound) -> dict[str, int]:
    rows = (
        Incentive.objects.filter(award__nomination__round=selection_round)
        .values("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["state"]: row["n"] for row in rows}


@dataclass(frozen=True)
class PaymentRow:
    employee_no: str
    name: str
    unit: str
    grade: str
    case_title: str
    contribution: int
    amount: int


def payment_rows(selection_round: SelectionRound) -> list[PaymentRow]:
    """One row per winning official: the prize shares to pay, by grade (최우수 first), rank and contribution."""
    incentives = sorted(
        round_incentives(selection_round),
        key=lambda i: (GRADE_ORDER.get(i.award.grade, 99), i.award.rank, -i.member.contribution, i.pk),
    )
    return [
        PaymentRow(
            employee_no=i.member.official.employee_no,
            name=i.member.official.name,
            unit=i.member.official.unit.name,
            grade=str(i.award.get_grade_display()),
            case_title=i.award.nomination.title,
            contribution=i.member.contribution,
            amount=i.prize_amount,
        )
        for i in incentives
    ]


def rounds_with_incentives() -> QuerySet[SelectionRound]:
    """Rounds that have incentives, newest first, each with ``incentive_count``, ``hr_waiting`` and
    ``prize_total`` (one query)."""
    return (
        SelectionRound.objects.annotate(
            incentive_count=Count("nominations__award__incentives"),
            hr_waiting=Count(
                "nominations__award__incentives",
                filter=Q(nominations__award__incentives__state__in=HR_WAITING_STATES),
            ),
            prize_total=Sum("nominations__award__incentives__prize_amount"),
        )
        .filter(incentive_count__gt=0)
        .order_by("-year", "-half")
    )


def choice_panel(user: Any) -> dict[str, Any]:
    """The winner's dashboard panel: incentives waiting for their choice (one query)."""
    if not user.is_authenticated or user.official_id is None:
        return {"count": 0, "latest": []}
    waiting = list(
        Incentive.objects.filter(member__official_id=user.official_id, state__in=CHOOSABLE_STATES)
        .select_related("award__nomination__round")
        .order_by("pk")
    )
    return {"count": len(waiting), "latest": waiting[:5]}


def hr_panel(user: Any) -> dict[str, Any]:
    """HR's dashboard panel: incentives waiting for HR, per round (one query)."""
    rounds = list(
        SelectionRound.objects.annotate(
            hr_waiting=Count(
                "nominations__award__incentives",
                filter=Q(nominations__award__incentives__state__in=HR_WAITING_STATES),
            )
        )
        .filter(hr_waiting__gt=0)
        .order_by("-year", "-half")
    )
    return {"count": sum(r.hr_waiting for r in rounds), "rounds": rounds}
