"""Reads of the working-level review: conflicts from the org chart, the reviewer's list, progress and ranking.

Conflicts: a reviewer may not review a case they nominated or whose team they are on, nor one nominated by their
own department or by a department in the same bureau (국) — for units outside the city's bureaus (구·군, 공사·공단,
출자·출연기관) the same top-level body counts as the bureau.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.accounts.models import Official, OrgUnit, RoleMembership, User
from proactive.nominations.enums import NominationState, RoundStatus, ScoredStage
from proactive.nominations.models import (
    Criterion,
    Nomination,
    NominationMember,
    ReviewAssignment,
    Score,
    SelectionRound,
)

WORKING = ScoredStage.WORKING
_BODY_KINDS = frozenset({OrgUnitKind.DISTRICT, OrgUnitKind.CORPORATION, OrgUnitKind.AFFILIATE})
FOUR_PLACES = Decimal("0.0001")


# --- Conflicts ----------------------------------------------------------------------------------------------


def _path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


class ConflictChecker:
    """Conflicts between many reviewers and many nominations, computed with a constant number of queries."""

    def __init__(self, nominations: Iterable[Nomination], reviewers: Iterable[Any]) -> None:
        self.nominations = list(nominations)
        self.reviewers = list(reviewers)
        official_ids = [r.official_id for r in self.reviewers if getattr(r, "official_id", None)]
        self._official_unit: dict[int, tuple[int, str]] = {
            pk: (unit_id, path)
            for pk, unit_id, path in Official.objects.filter(pk__in=official_ids).values_list(
                "pk", "unit_id", "unit__path"
            )
        }
        unit_ids = {n.nominating_unit_id for n in self.nominations if n.nominating_unit_id}
        self._unit_path: dict[int, str] = dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
        paths = [p for _u, p in self._official_unit.values()] + list(self._unit_path.values())
        all_ids = {i for p in paths for i in _path_ids(p)}
        self._kind: dict[int, str] = dict(OrgUnit.objects.filter(pk__in=all_ids).values_list("pk", "kind"))
        self._members: dict[int, set[int]] = defaultdict(set)
        for nomination_id, official_id in NominationMember.objects.filter(
            nomination__in=[n.pk for n in self.nominations]
        ).values_list("nomination_id", "official_id"):
            self._members[nomination_id].add(official_id)

    def group_of(self, path: str) -> int | None:
        """The bureau a unit belongs to (nearest ancestor-or-self of kind bureau), else its top-level body."""
        ids = _path_ids(path)
        for pk in reversed(ids):
            if self._kind.get(pk) == OrgUnitKind.BUREAU:
                return pk
        for pk in ids:
            if self._kind.get(pk) in _BODY_KINDS:
                return pk
        return None

    def reasons(self, reviewer: Any, nomination: Nomination) -> list[str]:
        found: list[str] = []
        if nomination.nominated_by_id == reviewer.pk:
            found.append(_("The reviewer nominated this case."))
        official_id = getattr(reviewer, "official_id", None)
        if official_id and official_id in self._members.get(nomination.pk, set()):
            found.append(_("The reviewer is a member of the team."))
        own = self._official_unit.get(official_id) if official_id else None
        nominating_path = self._unit_path.get(nomination.nominating_unit_id or 0)
        if own and nominating_path is not None:
            own_unit_id, own_path = own
            if own_unit_id == nomination.nominating_unit_id:
                found.append(_("The reviewer works in the nominating department."))
            else:
                group = self.group_of(own_path)
                if group is not None and group == self.group_of(nominating_path):
                    found.append(_("The reviewer works in the same bureau as the nominating department."))
        return found


def conflicts_of(reviewer: Any, nomination: Nomination) -> list[str]:
    """Why ``reviewer`` may not review ``nomination`` (empty when there is no conflict)."""
    return ConflictChecker([nomination], [reviewer]).reasons(reviewer, nomination)


# --- Reviewers and assignments ------------------------------------------------------------------------------


def reviewer_pool() -> QuerySet[User]:
    """Everyone holding the working-level reviewer role today, with their unit, by name."""
    holders = RoleMembership.objects.active().filter(role=Role.REVIEWER).values("user_id")
    return (
        User.objects.filter(pk__in=holders, is_active=True)
        .select_related("official", "official__unit")
        .order_by("name", "username")
    )


def verified_nominations(selection_round: SelectionRound) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(round=selection_round, state=NominationState.VERIFIED)
        .select_related("nominating_unit", "nominated_by")
        .order_by("submitted_at", "pk")
    )


def _scored_count() -> Subquery:
    """How many criteria an assignment has scored (``OuterRef("pk")`` is the assignment)."""
    return Subquery(
        Score.objects.filter(assignment=OuterRef("pk"))
        .order_by()
        .values("assignment")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def _criteria_count() -> Subquery:
    return Subquery(
        Criterion.objects.filter(round=OuterRef("nomination__round"), stage=WORKING)
        .values("round")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


@dataclass(frozen=True, slots=True)
class MyAssignment:
    """One row of a reviewer's dashboard: plain values, not four model instances per row (the assignment, its
    nomination, round and department were half of the page's time; docs/performance.md)."""

    pk: int
    title: str
    round_title: str
    unit_name: str
    submitted_at: datetime.datetime | None
    recused: bool
    scored: int  # criteria scored
    criteria: int  # criteria of the round's working-level rubric
    url: str  # the scoring page


def my_assignments(user: Any) -> list[MyAssignment]:
    """``user``'s working-level assignments in published rounds, in one query, with how many criteria they have
    scored out of the rubric; department names in the current language."""
    rows = (
        ReviewAssignment.objects.filter(
            reviewer=user,
            stage=WORKING,
            nomination__state=NominationState.VERIFIED,
            nomination__round__status=RoundStatus.PUBLISHED,
        )
        # Counts as subqueries, not a join grouped by every column: a third of the SQL's time and half its compiling.
        .annotate(scored=Coalesce(_scored_count(), Value(0)), criteria=Coalesce(_criteria_count(), Value(0)))
        .order_by("submitted_at", "nomination__round", "nomination__submitted_at", "pk")
        .values_list(
            "pk",
            "nomination__title",
            "nomination__round__year",
            "nomination__round__half",
            "nomination__nominating_unit__name",
            "nomination__nominating_unit__name_en",
            "submitted_at",
            "recused",
            "scored",
            "criteria",
        )
    )
    english = get_language() == "en"
    round_titles: dict[tuple[int, int], str] = {}
    score_url = _url_for_pk("nominations:review-score")
    out = []
    for pk, title, year, half, name, name_en, submitted_at, recused, scored, criteria in rows:
        round_title = round_titles.get((year, half))
        if round_title is None:
            round_title = round_titles[(year, half)] = SelectionRound.title_of(year, half)
        out.append(
            MyAssignment(
                pk=pk,
                title=title,
                round_title=round_title,
                unit_name=(name_en if english and name_en else name) or "",
                submitted_at=submitted_at,
                recused=recused,
                scored=scored,
                criteria=criteria,
                url=score_url(pk),
            )
        )
    return out


def _url_for_pk(name: str) -> Callable[[int], str]:
    """``pk → reverse(name, args=[pk])`` for a route whose only argument is an ``int``, reversing once."""
    marker = 987654321
    before, _found, after = reverse(name, args=[marker]).partition(str(marker))
    return lambda pk: f"{before}{pk}{after}"


def waiting_panel(user: Any) -> dict[str, Any]:
    """The dashboard panel: cases waiting for my scores (one query)."""
    waiting = [a for a in my_assignments(user) if not a.submitted_at and not a.recused]
    return {"count": len(waiting), "latest": waiting[:5]}


def get_assignment(pk: int) -> ReviewAssignment | None:
    return (
        ReviewAssignment.objects.select_related(
            "nomination", "nomination__round", "nomination__nominating_unit", "nomination__nominated_by"
        )
        .filter(pk=pk, stage=WORKING)
        .first()
    )


def working_criteria(selection_round: SelectionRound) -> list[Criterion]:
    return list(Criterion.objects.filter(round=selection_round, stage=WORKING).order_by("order", "pk"))


def round_assignments(selection_round: SelectionRound) -> QuerySet[ReviewAssignment]:
    return ReviewAssignment.objects.filter(nomination__round=selection_round, stage=WORKING).select_related("reviewer")


@dataclass
class OthersSummary:
    """The anonymised mean of the other reviewers' submitted scores."""

    count: int
    total: Decimal | None
    by_criterion: dict[int, Decimal] = field(default_factory=dict)


def others_summary(assignment: ReviewAssignment) -> OthersSummary:
    rows = Score.objects.filter(
        assignment__nomination=assignment.nomination_id,
        assignment__stage=assignment.stage,
        assignment__recused=False,
        assignment__submitted_at__isnull=False,
    ).exclude(assignment=assignment)
    per_criterion: dict[int, list[Decimal]] = defaultdict(list)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for assignment_id, criterion_id, points in rows.values_list("assignment_id", "criterion_id", "points"):
        per_criterion[criterion_id].append(points)
        totals[assignment_id] += points
    if not totals:
        return OthersSummary(count=0, total=None)
    return OthersSummary(
        count=len(totals),
        total=_mean(list(totals.values())),
        by_criterion={c: _mean(v) for c, v in per_criterion.items()},
    )


def reviewer_progress(selection_round: SelectionRound) -> QuerySet[User]:
    """Each reviewer with assignments in the round: assigned, submitted and recused counts (one query)."""
    in_round = Q(review_assignments__nomination__round=selection_round, review_assignments__stage=WORKING)
    return (
        User.objects.filter(in_round)
        .annotate(
            assigned=Count("review_assignments", filter=in_round & Q(review_assignments__recused=False)),
            submitted=Count(
                "review_assignments",
                filter=in_round & Q(review_assignments__recused=False, review_assignments__submitted_at__isnull=False),
            ),
            recused=Count("review_assignments", filter=in_round & Q(review_assignments__recused=True)),
        )
        .order_by("name", "username")
        .distinct()
    )


def reviewer_loads(selection_round: SelectionRound) -> dict[int, int]:
    """Reviewer id → number of live (not recused) working-level assignments in the round."""
    return dict(
        ReviewAssignment.objects.filter(nomination__round=selection_round, stage=WORKING, recused=False)
        .values("reviewer_id")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "n")
    )


# --- Ranking ------------------------------------------------------------------------------------------------


def _mean(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class RankRow:
    nomination: Nomination
    reviewers: int
    raw: Decimal  # mean over reviewers of their total points
    points: Decimal  # raw scaled to the round's working-level weight
    by_criterion: dict[int, Decimal]
    rank: int = 0
    shortlisted: bool = False


def rubric_max(selection_round: SelectionRound) -> Decimal:
    total = Criterion.objects.filter(round=selection_round, stage=WORKING).aggregate(t=Sum("max_points"))["t"]
    return total or Decimal(0)


def working_ranking(selection_round: SelectionRound) -> list[RankRow]:
    """Verified nominations with at least one submitted review, ranked by their scaled working-level score.

    Stage score = mean over submitted (not recused) reviews of the review's total, scaled: total ÷ rubric maximum
    × the round's working-level weight. Equal scores are ordered by the earlier submission (the round's last
    tie-break), so ranks are 1…n and the top ``shortlist_size`` form the shortlist. Three queries.
    """
    maximum = rubric_max(selection_round)
    nominations = {n.pk: n for n in verified_nominations(selection_round)}
    scores = Score.objects.filter(
        assignment__nomination__in=list(nominations),
        assignment__stage=WORKING,
        assignment__recused=False,
        assignment__submitted_at__isnull=False,
        criterion__stage=WORKING,
    ).values_list("assignment__nomination_id", "assignment_id", "criterion_id", "points")
    totals: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    per_criterion: dict[int, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for nomination_id, assignment_id, criterion_id, points in scores:
        totals[nomination_id][assignment_id] += points
        per_criterion[nomination_id][criterion_id].append(points)
    rows = []
    for nomination_id, by_review in totals.items():
        raw = _mean(list(by_review.values()))
        scaled = (raw / maximum * selection_round.weight_working) if maximum else Decimal(0)
        rows.append(
            RankRow(
                nomination=nominations[nomination_id],
                reviewers=len(by_review),
                raw=raw,
                points=scaled.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP),
                by_criterion={c: _mean(v) for c, v in per_criterion[nomination_id].items()},
            )
        )
    rows.sort(key=lambda r: (-r.points, r.nomination.submitted_at or r.nomination.created_at, r.nomination.pk))
    for position, row in enumerate(rows, start=1):
        row.rank = position
        row.shortlisted = position <= selection_round.shortlist_size
    return rows


def round_assignment_grid(selection_round: SelectionRound) -> dict[str, Any]:
    """The secretariat's assignment page: verified nominations × reviewer pool, each cell one of ``assigned``,
    ``submitted``, ``recused``, ``conflict`` or empty, with the conflict reasons. Constant number of queries."""
    nominations = list(verified_nominations(selection_round))
    reviewers = list(reviewer_pool())
    assignments = list(round_assignments(selection_round))
    by_pair = {(a.nomination_id, a.reviewer_id): a for a in assignments}
    # Reviewers whose role has ended still appear if they hold assignments in the round.
    known = {r.pk for r in reviewers}
    for a in assignments:
        if a.reviewer_id not in known:
            known.add(a.reviewer_id)
            reviewers.append(a.reviewer)
    checker = ConflictChecker(nominations, reviewers)
    rows = []
    for nomination in nominations:
        cells = []
        for reviewer in reviewers:
            assignment = by_pair.get((nomination.pk, reviewer.pk))
            reasons = checker.reasons(reviewer, nomination)
            if assignment is None:
                state = "conflict" if reasons else ""
            elif assignment.recused:
                state = "recused"
            else:
                state = "submitted" if assignment.submitted_at else "assigned"
            cells.append({"reviewer": reviewer, "assignment": assignment, "state": state, "reasons": reasons})
        live = sum(1 for c in cells if c["state"] in ("assigned", "submitted"))
        rows.append({"nomination": nomination, "cells": cells, "live": live})
    return {"reviewers": reviewers, "rows": rows}
