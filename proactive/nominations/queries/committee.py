"""Reads of the committee stage (위원회 심사): the members' cases, the committee rubric and the final ranking.

Total = working-level stage points + online-vote stage points + committee points, where committee points = the
mean of the submitted (not recused) committee totals ÷ the committee rubric maximum × ``round.weight_committee``.
Equal totals are ordered by the round's ``tie_breaks`` (committee, working, vote, earlier submission), then id.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from proactive.accounts.enums import Role
from proactive.accounts.models import RoleMembership, User
from proactive.nominations.enums import ScoredStage, TieBreak
from proactive.nominations.models import (
    Award,
    Criterion,
    Nomination,
    ReviewAssignment,
    Score,
    SelectionRound,
    StageResult,
)
from proactive.nominations.queries.reviews import FOUR_PLACES

COMMITTEE = ScoredStage.COMMITTEE
FORMULA = "working points + vote points + committee mean ÷ committee rubric max × committee weight"


def committee_pool() -> QuerySet[User]:
    """Everyone holding the committee member or chair role today, by name."""
    holders = RoleMembership.objects.active().filter(role__in=[Role.COMMITTEE_MEMBER, Role.COMMITTEE_CHAIR])
    return (
        User.objects.filter(pk__in=holders.values("user_id"), is_active=True)
        .select_related("official", "official__unit")
        .order_by("name", "username")
    )


def shortlisted_nominations(selection_round: SelectionRound) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(round=selection_round, shortlisted=True)
        .select_related("nominating_unit", "nominated_by")
        .order_by("submitted_at", "pk")
    )


def committee_criteria(selection_round: SelectionRound) -> list[Criterion]:
    return list(Criterion.objects.filter(round=selection_round, stage=COMMITTEE).order_by("order", "pk"))


def committee_rubric_max(selection_round: SelectionRound) -> Decimal:
    total = Criterion.objects.filter(round=selection_round, stage=COMMITTEE).aggregate(t=Sum("max_points"))["t"]
    return total or Decimal(0)


def my_committee_assignments(user: Any) -> QuerySet[ReviewAssignment]:
    """``user``'s committee assignments (one query), newest rounds first, with how many criteria they scored."""
    return (
        ReviewAssignment.objects.filter(reviewer=user, stage=COMMITTEE, nomination__shortlisted=True)
        .select_related("nomination", "nomination__round", "nomination__nominating_unit")
        .annotate(scored=Count("scores"))
        .order_by("submitted_at", "-nomination__round__year", "nomination__submitted_at", "pk")
    )


def get_committee_assignment(pk: int) -> ReviewAssignment | None:
    return (
        ReviewAssignment.objects.select_related(
            "nomination", "nomination__round", "nomination__nominating_unit", "nomination__nominated_by"
        )
        .filter(pk=pk, stage=COMMITTEE)
        .first()
    )


def round_committee_assignments(selection_round: SelectionRound) -> QuerySet[ReviewAssignment]:
    return ReviewAssignment.objects.filter(nomination__round=selection_round, stage=COMMITTEE)


def _mean(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class TotalRow:
    nomination: Nomination
    working: Decimal
    vote: Decimal
    committee_raw: Decimal | None  # mean committee total, None when no member has submitted
    committee: Decimal
    members: int
    total: Decimal = Decimal(0)
    rank: int = 0
    inputs: dict[str, Any] = field(default_factory=dict)


def _tie_key(row: TotalRow, order: list[str]) -> tuple:
    moment = row.nomination.submitted_at or row.nomination.created_at
    parts: list[Any] = [-row.total]
    for rule in order:
        if rule == TieBreak.COMMITTEE:
            parts.append(-row.committee)
        elif rule == TieBreak.WORKING:
            parts.append(-row.working)
        elif rule == TieBreak.VOTE:
            parts.append(-row.vote)
        elif rule == TieBreak.EARLIER:
            parts.append(moment or datetime.datetime.max.replace(tzinfo=datetime.UTC))
    parts.append(row.nomination.pk)
    return tuple(parts)


def compute_totals(selection_round: SelectionRound) -> list[TotalRow]:
    """Every shortlisted case of the round with its three stage points, its total and its rank (1…n), best
    first. A constant number of queries (four)."""
    nominations = list(shortlisted_nominations(selection_round))
    maximum = committee_rubric_max(selection_round)
    weight = selection_round.weight_committee
    stage_points: dict[tuple[int, str], Decimal] = {
        (n, s): p
        for n, s, p in StageResult.objects.filter(
            nomination__in=nominations, stage__in=["working", "vote"]
        ).values_list("nomination_id", "stage", "points")
    }
    totals: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for nomination_id, assignment_id, points in Score.objects.filter(
        assignment__nomination__in=nominations,
        assignment__stage=COMMITTEE,
        assignment__recused=False,
        assignment__submitted_at__isnull=False,
        criterion__stage=COMMITTEE,
    ).values_list("assignment__nomination_id", "assignment_id", "points"):
        totals[nomination_id][assignment_id] += points
    rows = []
    for nomination in nominations:
        by_member = totals.get(nomination.pk, {})
        raw = _mean(list(by_member.values())) if by_member else None
        committee = (
            (raw / maximum * weight).quantize(FOUR_PLACES, ROUND_HALF_UP) if raw is not None and maximum else Decimal(0)
        )
        row = TotalRow(
            nomination=nomination,
            working=stage_points.get((nomination.pk, "working"), Decimal(0)),
            vote=stage_points.get((nomination.pk, "vote"), Decimal(0)),
            committee_raw=raw,
            committee=committee,
            members=len(by_member),
        )
        row.total = row.working + row.vote + row.committee
        row.inputs = {
            "formula": FORMULA,
            "working": str(row.working),
            "vote": str(row.vote),
            "committee_mean": str(raw) if raw is not None else None,
            "committee_rubric_max": str(maximum),
            "committee_weight": str(weight),
            "committee": str(committee),
            "members": row.members,
            "tie_breaks": list(selection_round.tie_breaks),
        }
        rows.append(row)
    order = list(selection_round.tie_breaks or [])
    rows.sort(key=lambda r: _tie_key(r, order))
    for position, row in enumerate(rows, start=1):
        row.rank = position
    return rows


def round_awards(selection_round: SelectionRound) -> list[Award]:
    return list(
        Award.objects.filter(nomination__round=selection_round)
        .select_related("nomination", "nomination__nominating_unit", "nomination__nominated_by")
        .order_by("rank")
    )


def committee_waiting_panel(user: Any) -> dict[str, Any]:
    """The dashboard panel: shortlisted cases waiting for my committee scores, grades not yet confirmed (one query)."""
    waiting = list(
        my_committee_assignments(user).filter(
            submitted_at__isnull=True, recused=False, nomination__award__confirmed_at__isnull=True
        )
    )
    return {"count": len(waiting), "latest": waiting[:5]}
