"""Writes of the working-level review (실무심사): assigning reviewers, recusal, scores, and the shortlist.

Reviewers are assigned to verified nominations by hand or balanced automatically; a pair with a conflict from
the org chart (queries.reviews.conflicts_of) is refused. A reviewer scores every working-level criterion during
verification or the working-level review; the secretariat then confirms the shortlist, which freezes each case's
working-level result (StageResult "working") and marks the top ``shortlist_size`` cases as shortlisted.
See docs/workflows/selection-round.md.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.nominations.enums import NominationState, RoundPhase, RoundStatus, ScoredStage
from proactive.nominations.models import (
    VOTE_STRIPES,
    Criterion,
    Nomination,
    ReviewAssignment,
    Score,
    SelectionRound,
    StageResult,
    VoteCount,
)
from proactive.nominations.queries import reviews as queries
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify

WORKING = ScoredStage.WORKING
SCORING_PHASES = frozenset({RoundPhase.VERIFICATION, RoundPhase.WORKING_REVIEW})

KIND_REVIEW_ASSIGNED = "nominations.review_assigned"
KIND_SHORTLISTED = "nominations.shortlisted"


def register_review_notification_kinds() -> None:
    """Declare this module's notification kinds. Called from ``NominationsConfig.ready``."""
    register_kind(KIND_REVIEW_ASSIGNED, gettext_lazy("A case was assigned to you for working-level review"))
    register_kind(KIND_SHORTLISTED, gettext_lazy("A nomination was shortlisted"))


def _require_perm(actor: Any, perm: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDeniedError(_("You do not have permission to do this."))


def _require_open_shortlist(selection_round: SelectionRound) -> None:
    if selection_round.shortlist_confirmed_at is not None:
        raise DomainError(_("The shortlist of this round is already confirmed."), code="shortlist_confirmed")


def _conflict_error(reviewer: Any, nomination: Nomination, reasons: list[str]) -> DomainError:
    return DomainError(
        _("%(reviewer)s cannot review “%(case)s”: %(reasons)s")
        % {"reviewer": reviewer, "case": nomination.title, "reasons": " ".join(reasons)},
        code="conflict",
    )


def _score_url(assignment: ReviewAssignment) -> str:
    return reverse("nominations:review-score", args=[assignment.pk])


def _create_assignments(actor: Any, pairs: list[tuple[Nomination, Any]], how: str) -> list[ReviewAssignment]:
    created = []
    for nomination, reviewer in pairs:
        assignment = ReviewAssignment.objects.create(
            nomination=nomination, reviewer=reviewer, stage=WORKING, assigned_by=actor
        )
        record_event(
            actor=actor,
            verb="nominations.review_assigned",
            target=assignment,
            data={"nomination": nomination.pk, "reviewer": reviewer.pk, "how": how},
        )
        created.append(assignment)
    for assignment in created:
        notify(
            recipient=assignment.reviewer,
            kind=KIND_REVIEW_ASSIGNED,
            title=gettext_lazy("A case was assigned to you for working-level review"),
            body=assignment.nomination.title,
            url=_score_url(assignment),
            actor=actor,
        )
    return created


def _pool_ids(reviewers: Iterable[Any]) -> set[int]:
    return set(queries.reviewer_pool().filter(pk__in=[r.pk for r in reviewers]).values_list("pk", flat=True))


@transaction.atomic
def assign_reviewers(*, actor: Any, nomination: Nomination, reviewers: Iterable[Any]) -> list[ReviewAssignment]:
    """Assign ``reviewers`` by hand to a verified nomination for the working-level review.

    All or nothing: a reviewer who does not hold the reviewer role, or who conflicts with the case, refuses the
    whole request with the reason. Reviewers already assigned (or recused) are left as they are.
    Side effects: one audit event per new assignment; each new reviewer is notified.
    """
    _require_perm(actor, "nominations.manage_reviews")
    reviewers = list(reviewers)
    _require_open_shortlist(nomination.round)
    if nomination.state != NominationState.VERIFIED:
        raise DomainError(_("Only verified nominations are reviewed."), code="not_verified")
    pool = _pool_ids(reviewers)
    checker = queries.ConflictChecker([nomination], reviewers)
    for reviewer in reviewers:
        if reviewer.pk not in pool:
            raise DomainError(
                _("%(reviewer)s is not a working-level reviewer.") % {"reviewer": reviewer}, code="not_reviewer"
            )
        reasons = checker.reasons(reviewer, nomination)
        if reasons:
            raise _conflict_error(reviewer, nomination, reasons)
    existing = set(
        ReviewAssignment.objects.filter(nomination=nomination, stage=WORKING).values_list("reviewer_id", flat=True)
    )
    pairs = [(nomination, r) for r in reviewers if r.pk not in existing]
    return _create_assignments(actor, pairs, "by_hand")


@dataclass
class BulkAssignment:
    created: list[ReviewAssignment] = field(default_factory=list)
    short: list[Nomination] = field(default_factory=list)  # cases left with fewer reviewers than asked


@transaction.atomic
def assign_in_bulk(
    *, actor: Any, round: SelectionRound, reviewers: Iterable[Any], per_nomination: int = 3
) -> BulkAssignment:
    """Give every verified nomination of ``round`` up to ``per_nomination`` live reviewers, balanced.

    Cases are taken in submission order; each gets the reviewers with the fewest live assignments in the round so
    far (then by id), skipping reviewers who conflict with it or were already assigned (a recused reviewer is not
    asked again). Cases that could not get enough reviewers are reported in ``short``.
    Side effects: as ``assign_reviewers``.
    """
    _require_perm(actor, "nominations.manage_reviews")
    if per_nomination < 1:
        raise DomainError(_("Ask for at least one reviewer per case."), code="per_nomination")
    locked = SelectionRound.objects.select_for_update().get(pk=round.pk)
    _require_open_shortlist(locked)
    pool = _pool_ids(reviewers)
    reviewers = [r for r in reviewers if r.pk in pool]
    nominations = list(queries.verified_nominations(locked))
    checker = queries.ConflictChecker(nominations, reviewers)
    load = queries.reviewer_loads(locked)
    taken: dict[int, set[int]] = {}
    live: dict[int, int] = {}
    for nomination_id, reviewer_id, recused in ReviewAssignment.objects.filter(
        nomination__round=locked, stage=WORKING
    ).values_list("nomination_id", "reviewer_id", "recused"):
        taken.setdefault(nomination_id, set()).add(reviewer_id)
        live[nomination_id] = live.get(nomination_id, 0) + (0 if recused else 1)
    result = BulkAssignment()
    pairs = []
    for nomination in nominations:
        need = per_nomination - live.get(nomination.pk, 0)
        if need <= 0:
            continue
        candidates = [
            r for r in reviewers if r.pk not in taken.get(nomination.pk, set()) and not checker.reasons(r, nomination)
        ]
        candidates.sort(key=lambda r: (load.get(r.pk, 0), r.pk))
        chosen = candidates[:need]
        for reviewer in chosen:
            load[reviewer.pk] = load.get(reviewer.pk, 0) + 1
            pairs.append((nomination, reviewer))
        if len(chosen) < need:
            result.short.append(nomination)
    result.created = _create_assignments(actor, pairs, "balanced")
    return result


@transaction.atomic
def declare_conflict(*, actor: Any, assignment: ReviewAssignment, reason: str) -> ReviewAssignment:
    """The assigned reviewer declares a conflict (회피) and is recused from the case.

    Any scores they gave are removed: a recused reviewer's scores never count. Refused once the shortlist is
    confirmed. Side effects: an audit event with the reason.
    """
    _require_perm(actor, "nominations.review_nomination", assignment)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the conflict."), code="reason_required")
    _require_open_shortlist(assignment.nomination.round)
    had_scores = assignment.submitted_at is not None
    assignment.scores.all().delete()
    assignment.recused = True
    assignment.recusal_reason = reason[:300]
    assignment.submitted_at = None
    assignment.save(update_fields=["recused", "recusal_reason", "submitted_at", "updated_at"])
    record_event(
        actor=actor,
        verb="nominations.review_recused",
        target=assignment,
        data={"reason": assignment.recusal_reason, "scores_removed": had_scores},
    )
    return assignment


def _points(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("Points must be a number."), code="points") from exc


@transaction.atomic
def submit_scores(
    *,
    actor: Any,
    assignment: ReviewAssignment,
    scores: Mapping[int, tuple[Any, str]],
    comment: str = "",
) -> ReviewAssignment:
    """The assigned reviewer submits (or resubmits) points for every working-level criterion.

    Allowed only to the assigned reviewer, not recused and without a conflict from the org chart, while the round
    is in verification or the working-level review and its shortlist is not confirmed. Every criterion of the
    rubric needs points from 0 to its maximum. ``scores`` maps criterion id → (points, comment).
    Side effects: the reviewer's scores are replaced; an audit event with the total.
    """
    _require_perm(actor, "nominations.review_nomination", assignment)
    nomination = assignment.nomination
    selection_round = nomination.round
    reasons = queries.conflicts_of(actor, nomination)
    if reasons:
        raise _conflict_error(actor, nomination, reasons)
    if nomination.state != NominationState.VERIFIED or assignment.stage != WORKING:
        raise DomainError(_("Only verified nominations are reviewed."), code="not_verified")
    _require_open_shortlist(selection_round)
    if selection_round.status != RoundStatus.PUBLISHED or selection_round.phase() not in SCORING_PHASES:
        raise DomainError(_("The working-level review of this round is not open now."), code="closed")
    criteria = queries.working_criteria(selection_round)
    if not criteria:
        raise DomainError(_("This round has no working-level criteria."), code="no_rubric")
    return save_scores(actor=actor, assignment=assignment, criteria=criteria, scores=scores, comment=comment)


def save_scores(
    *,
    actor: Any,
    assignment: ReviewAssignment,
    criteria: list[Criterion],
    scores: Mapping[int, tuple[Any, str]],
    comment: str = "",
) -> ReviewAssignment:
    """Check ``scores`` against the stage's rubric ``criteria`` and replace the assignment's scores with them.

    Shared by the scored stages (working-level, committee); callers check who may score and when. Every criterion
    needs points from 0 to its maximum. Side effects: an audit event with the total.
    """
    known = {c.pk for c in criteria}
    unknown = set(scores) - known
    if unknown:
        raise DomainError(_("Scores were given for criteria that are not in the rubric."), code="unknown_criterion")
    missing = [c.name for c in criteria if c.pk not in scores]
    if missing:
        raise DomainError(
            _("Score every criterion. Missing: %(names)s") % {"names": ", ".join(missing)}, code="missing"
        )
    rows = []
    for criterion in criteria:
        raw_points, criterion_comment = scores[criterion.pk]
        points = _points(raw_points)
        if points < 0 or points > criterion.max_points:
            raise DomainError(
                _("Points for %(name)s must be between 0 and %(max)s.")
                % {"name": criterion.name, "max": criterion.max_points},
                code="out_of_range",
            )
        rows.append(Score(assignment=assignment, criterion=criterion, points=points, comment=criterion_comment or ""))
    resubmitted = assignment.submitted_at is not None
    assignment.scores.all().delete()
    Score.objects.bulk_create(rows)
    assignment.comment = comment or ""
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["comment", "submitted_at", "updated_at"])
    record_event(
        actor=actor,
        verb="nominations.review_submitted",
        target=assignment,
        data={"total": str(sum((r.points for r in rows), Decimal(0))), "resubmitted": resubmitted},
    )
    return assignment


@transaction.atomic
def confirm_shortlist(*, actor: Any, round: SelectionRound) -> SelectionRound:
    """Freeze the working-level results of ``round`` and mark its shortlist.

    For every verified nomination with at least one submitted review: a StageResult "working" with the mean
    total (raw), the score scaled to the round's working-level weight (points), the rank and the inputs
    (reviewer count, per-criterion means). The top ``shortlist_size`` are shortlisted, the rest are not.
    Refused when already confirmed or when no review was submitted.
    Side effects: an audit event; the nominators of shortlisted cases are notified.
    """
    _require_perm(actor, "nominations.manage_reviews")
    locked = SelectionRound.objects.select_for_update().get(pk=round.pk)
    _require_open_shortlist(locked)
    if locked.status != RoundStatus.PUBLISHED:
        raise DomainError(_("Only a published round has a shortlist."), code="not_published")
    ranking = queries.working_ranking(locked)
    if not ranking:
        raise DomainError(_("No review has been submitted yet."), code="no_reviews")
    maximum = queries.rubric_max(locked)
    now = timezone.now()
    StageResult.objects.filter(nomination__round=locked, stage=WORKING).delete()
    StageResult.objects.bulk_create(
        StageResult(
            nomination=row.nomination,
            stage=WORKING,
            raw=row.raw,
            points=row.points,
            rank=row.rank,
            detail={
                "reviewers": row.reviewers,
                "rubric_max": str(maximum),
                "weight": str(locked.weight_working),
                "criteria": {str(c): str(v) for c, v in row.by_criterion.items()},
            },
            confirmed_by=actor,
        )
        for row in ranking
    )
    shortlisted = [row.nomination for row in ranking if row.shortlisted]
    Nomination.objects.filter(round=locked).update(shortlisted=False)
    Nomination.objects.filter(pk__in=[n.pk for n in shortlisted]).update(shortlisted=True)
    # The vote's running counts start at zero for every shortlisted case (models.VoteCount).
    VoteCount.objects.bulk_create(
        [VoteCount(nomination=n, stripe=stripe) for n in shortlisted for stripe in range(VOTE_STRIPES)],
        ignore_conflicts=True,
    )
    locked.shortlist_confirmed_at = now
    locked.save(update_fields=["shortlist_confirmed_at", "updated_at"])
    record_event(
        actor=actor,
        verb="nominations.shortlist_confirmed",
        target=locked,
        data={"ranked": len(ranking), "shortlisted": [n.pk for n in shortlisted]},
    )
    for nomination in shortlisted:
        notify(
            recipient=nomination.nominated_by,
            kind=KIND_SHORTLISTED,
            title=gettext_lazy("Your nomination was shortlisted"),
            body=nomination.title,
            url=reverse("nominations:nomination-detail", args=[nomination.pk]),
            actor=actor,
        )
    round.shortlist_confirmed_at = now
    return locked
