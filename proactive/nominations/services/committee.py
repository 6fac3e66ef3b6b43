"""Writes of the committee stage (위원회 심사): assignments, recusal, scores, the meeting record and the grades.

Once the vote tally is frozen, the secretariat assigns every committee member to every shortlisted case (a
member with a conflict from the org chart is recorded as recused). Members score each case on the committee
rubric or declare a recusal (제척·기피·회피) with its reason. The secretariat records the meeting and proposes
grades from the ranking (queries.committee.compute_totals); the chair or the secretariat may adjust a proposed
grade with a reason; the chair confirms the grades with the meeting's decision, once.

Grades are proposed only when every shortlisted case has at least one submitted committee score sheet and no
live (not recused) committee assignment is still waiting: the ranking must rest on the whole committee's view.
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.nominations.enums import CaseType, Grade, ScoredStage
from proactive.nominations.models import (
    Award,
    CommitteeMeeting,
    GradeRule,
    Nomination,
    ReviewAssignment,
    SelectionRound,
    StageResult,
)
from proactive.nominations.queries import committee as queries
from proactive.nominations.queries.reviews import ConflictChecker, conflicts_of
from proactive.nominations.services.certificates import issue_certificates
from proactive.nominations.services.incentives import create_incentives
from proactive.nominations.services.reviews import save_scores
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify

COMMITTEE = ScoredStage.COMMITTEE
GRADE_ORDER = [Grade.TOP, Grade.EXCELLENT, Grade.ENCOURAGEMENT, Grade.CHALLENGE]
KIND_AWARDED = "nominations.awarded"


def register_committee_notification_kinds() -> None:
    """Declare this module's notification kinds. Called from ``NominationsConfig.ready``."""
    register_kind(KIND_AWARDED, gettext_lazy("A case won an award"))


def _require_perm(actor: Any, *perms: str, obj: Any = None) -> None:
    if not any(actor.has_perm(perm, obj) for perm in perms):
        raise PermissionDeniedError(_("You do not have permission to do this."))


def _require_open_committee(selection_round: SelectionRound) -> None:
    if selection_round.tally_frozen_at is None:
        raise DomainError(_("The committee review starts once the vote tally is frozen."), code="tally_open")
    if Award.objects.filter(nomination__round=selection_round, confirmed_at__isnull=False).exists():
        raise DomainError(_("The grades of this round are already confirmed."), code="confirmed")


@transaction.atomic
def assign_committee(*, actor: Any, round: SelectionRound) -> list[ReviewAssignment]:
    """Assign every current committee member to every shortlisted case of ``round`` not yet assigned to them.

    A member with a conflict from the org chart is recorded as recused (제척) with the reasons.
    Side effects: one audit event for the round with the number of assignments.
    """
    _require_perm(actor, "nominations.manage_committee")
    _require_open_committee(round)
    nominations = list(queries.shortlisted_nominations(round))
    members = list(queries.committee_pool())
    checker = ConflictChecker(nominations, members)
    taken = set(queries.round_committee_assignments(round).values_list("nomination_id", "reviewer_id"))
    rows = []
    for nomination in nominations:
        for member in members:
            if (nomination.pk, member.pk) in taken:
                continue
            reasons = checker.reasons(member, nomination)
            rows.append(
                ReviewAssignment(
                    nomination=nomination,
                    reviewer=member,
                    stage=COMMITTEE,
                    assigned_by=actor,
                    recused=bool(reasons),
                    recusal_reason=" ".join(reasons)[:300],
                )
            )
    created = ReviewAssignment.objects.bulk_create(rows)
    record_event(
        actor=actor,
        verb="nominations.committee_assigned",
        target=round,
        data={"assignments": len(created), "recused": sum(1 for a in created if a.recused)},
    )
    return created


@transaction.atomic
def declare_recusal(*, actor: Any, assignment: ReviewAssignment, reason: str) -> ReviewAssignment:
    """The assigned member declares a recusal (제척·기피·회피) from the case, with the reason; their scores on
    it are removed. Side effects: an audit event with the reason."""
    _require_perm(actor, "nominations.committee_review", obj=assignment)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the recusal."), code="reason_required")
    _require_open_committee(assignment.nomination.round)
    had_scores = assignment.submitted_at is not None
    assignment.scores.all().delete()
    assignment.recused = True
    assignment.recusal_reason = reason[:300]
    assignment.submitted_at = None
    assignment.save(update_fields=["recused", "recusal_reason", "submitted_at", "updated_at"])
    record_event(
        actor=actor,
        verb="nominations.committee_recused",
        target=assignment,
        data={"reason": assignment.recusal_reason, "scores_removed": had_scores},
    )
    return assignment


@transaction.atomic
def submit_committee_scores(
    *, actor: Any, assignment: ReviewAssignment, scores: Mapping[int, tuple[Any, str]], comment: str = ""
) -> ReviewAssignment:
    """The assigned, non-recused member submits (or resubmits) points for every committee criterion, after the
    tally is frozen and before the grades are confirmed. Side effects: as ``reviews.save_scores``."""
    _require_perm(actor, "nominations.committee_review", obj=assignment)
    nomination = assignment.nomination
    reasons = conflicts_of(actor, nomination)
    if reasons:
        raise DomainError(" ".join(reasons), code="conflict")
    if not nomination.shortlisted:
        raise DomainError(_("Only shortlisted cases are scored by the committee."), code="not_shortlisted")
    _require_open_committee(nomination.round)
    criteria = queries.committee_criteria(nomination.round)
    if not criteria:
        raise DomainError(_("This round has no committee criteria."), code="no_rubric")
    return save_scores(actor=actor, assignment=assignment, criteria=criteria, scores=scores, comment=comment)


@transaction.atomic
def record_meeting(
    *,
    actor: Any,
    round: SelectionRound,
    held_at: datetime.datetime,
    place: str = "",
    attendees: Iterable[Any] = (),
    minutes: str = "",
) -> CommitteeMeeting:
    """Record (or correct, until the decision) the round's one committee meeting. Side effects: an audit event."""
    _require_perm(actor, "nominations.manage_committee")
    meeting = CommitteeMeeting.objects.filter(round=round).first()
    if meeting is not None and meeting.decided_at is not None:
        raise DomainError(_("The meeting's decision is already recorded."), code="decided")
    created = meeting is None
    if meeting is None:
        meeting = CommitteeMeeting(round=round)
    meeting.held_at = held_at
    meeting.place = place or ""
    meeting.minutes = minutes or ""
    meeting.save()
    attendee_list = list(attendees)
    meeting.attendees.set(attendee_list)
    record_event(
        actor=actor,
        verb="nominations.committee_meeting_recorded",
        target=meeting,
        data={"created": created, "attendees": [u.pk for u in attendee_list], "held_at": held_at.isoformat()},
    )
    return meeting


def propose_by_quota(rows: list[queries.TotalRow], quotas: Mapping[str, int]) -> dict[int, str]:
    """Nomination id → proposed grade ("" for none). Grades are filled top → excellent → encouragement by rank;
    the challenge-grade quota goes first to the best-ranked challenge cases left, then to the rest by rank."""
    left = list(rows)
    proposed: dict[int, str] = {}
    for grade in GRADE_ORDER:
        quota = quotas.get(grade, 0)
        if grade == Grade.CHALLENGE:
            left.sort(key=lambda r: (r.nomination.case_type != CaseType.CHALLENGE, r.rank))
        chosen, left = left[:quota], left[quota:]
        for row in chosen:
            proposed[row.nomination.pk] = grade
        left.sort(key=lambda r: r.rank)
    for row in left:
        proposed[row.nomination.pk] = ""
    return proposed


@transaction.atomic
def propose_grades(*, actor: Any, round: SelectionRound) -> list[Award]:
    """Rank the shortlisted cases and propose grades by the round's quotas (replacing earlier proposals).

    Refused before the tally is frozen, after confirmation, and while a case has no submitted committee score
    sheet or a live committee assignment is still waiting. Side effects: Award rows; an audit event.
    """
    _require_perm(actor, "nominations.manage_committee")
    locked = SelectionRound.objects.select_for_update().get(pk=round.pk)
    _require_open_committee(locked)
    if queries.round_committee_assignments(locked).filter(recused=False, submitted_at__isnull=True).exists():
        raise DomainError(_("Some committee members have not submitted their scores yet."), code="incomplete")
    rows = queries.compute_totals(locked)
    if not rows:
        raise DomainError(_("This round has no shortlisted case."), code="no_cases")
    unscored = [r.nomination.title for r in rows if r.committee_raw is None]
    if unscored:
        raise DomainError(
            _("No committee member has scored: %(cases)s") % {"cases": ", ".join(unscored)}, code="unscored"
        )
    quotas = dict(GradeRule.objects.filter(round=locked).values_list("grade", "quota"))
    proposed = propose_by_quota(rows, quotas)
    Award.objects.filter(nomination__round=locked).delete()
    awards = Award.objects.bulk_create(
        Award(
            nomination=row.nomination,
            total=row.total,
            rank=row.rank,
            proposed_grade=proposed[row.nomination.pk],
            inputs=row.inputs,
        )
        for row in rows
    )
    record_event(
        actor=actor,
        verb="nominations.grades_proposed",
        target=locked,
        data={"awards": {str(a.nomination_id): a.proposed_grade for a in awards}, "quotas": quotas},
    )
    return awards


@transaction.atomic
def adjust_grade(*, actor: Any, award: Award, grade: str, reason: str) -> Award:
    """The chair or the secretariat changes a proposed grade ("" for none) before confirmation. A reason is
    always required; it is also what allows a grade's quota to be exceeded. Side effects: an audit event."""
    _require_perm(actor, "nominations.confirm_grades", "nominations.manage_committee")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the adjustment."), code="reason_required")
    if grade and grade not in Grade.values:
        raise DomainError(_("Unknown grade."), code="grade")
    locked = Award.objects.select_for_update().get(pk=award.pk)
    if locked.confirmed_at is not None:
        raise DomainError(_("The grades of this round are already confirmed."), code="confirmed")
    before = locked.grade if locked.adjustment_reason else locked.proposed_grade
    locked.grade = grade
    locked.adjustment_reason = reason[:300]
    locked.save(update_fields=["grade", "adjustment_reason", "updated_at"])
    record_event(
        actor=actor,
        verb="nominations.grade_adjusted",
        target=locked,
        changes={"grade": [before, grade]},
        data={"reason": locked.adjustment_reason},
    )
    return locked


def _final_grade(award: Award) -> str:
    return award.grade if award.adjustment_reason else award.proposed_grade


def _winners_recipients(nomination: Nomination) -> list[Any]:
    people = {nomination.nominated_by_id: nomination.nominated_by}
    for member in nomination.members.select_related("official__user"):
        user = getattr(member.official, "user", None)
        if user is not None:
            people[user.pk] = user
    return list(people.values())


@transaction.atomic
def confirm_grades(*, actor: Any, round: SelectionRound, decision: str) -> list[Award]:
    """The chair confirms the grades (adjusted, else proposed) with the meeting's decision text, once.

    Side effects: the awards' grades and confirmed moment; an incentive per winning official (prize share, benefit
    to choose: ``incentives.create_incentives``); certificates (``certificates.issue_certificates``, PDFs rendered
    by a task after commit); the committee StageResults; the meeting's decision; an audit event; the nominators and
    team members of winning cases are notified.
    """
    _require_perm(actor, "nominations.confirm_grades")
    decision = (decision or "").strip()
    if not decision:
        raise DomainError(_("Write the committee's decision."), code="decision_required")
    locked = SelectionRound.objects.select_for_update().get(pk=round.pk)
    meeting = CommitteeMeeting.objects.select_for_update().filter(round=locked).first()
    if meeting is None:
        raise DomainError(_("Record the committee meeting first."), code="no_meeting")
    if meeting.decided_at is not None:
        raise DomainError(_("The grades of this round are already confirmed."), code="confirmed")
    awards = queries.round_awards(locked)
    if not awards:
        raise DomainError(_("No grades have been proposed yet."), code="no_awards")
    now = timezone.now()
    for award in awards:
        award.grade = _final_grade(award)
        award.confirmed_at = now
    Award.objects.bulk_update(awards, ["grade", "confirmed_at"])
    # What follows the decision, in the same transaction: each winner's prize share and benefit to choose, and
    # the certificates (rendered to PDF by a task once this commits).
    create_incentives(actor=actor, round=locked)
    issue_certificates(actor=actor, round=locked)
    StageResult.objects.filter(nomination__round=locked, stage=COMMITTEE).delete()
    StageResult.objects.bulk_create(
        StageResult(
            nomination=award.nomination,
            stage=COMMITTEE,
            raw=Decimal(award.inputs.get("committee_mean") or 0),
            points=Decimal(award.inputs.get("committee") or 0),
            rank=award.rank,
            detail=award.inputs,
            confirmed_by=actor,
        )
        for award in awards
    )
    meeting.decision = decision
    meeting.decided_at = now
    meeting.save(update_fields=["decision", "decided_at", "updated_at"])
    record_event(
        actor=actor,
        verb="nominations.grades_confirmed",
        target=locked,
        data={"grades": {str(a.nomination_id): a.grade for a in awards}},
    )
    for award in awards:
        if not award.grade:
            continue
        for person in _winners_recipients(award.nomination):
            notify(
                recipient=person,
                kind=KIND_AWARDED,
                title=gettext_lazy("Your case won an award"),
                body=f"{award.nomination.title} · {award.get_grade_display()}",
                url=reverse("nominations:nomination-detail", args=[award.nomination.pk]),
                actor=actor,
            )
    return awards
