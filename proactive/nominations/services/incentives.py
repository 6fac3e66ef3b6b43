"""Writes of the winners' incentives (DOMAIN.md §4.4): prize shares and the personnel benefit each winner chooses.

When the committee's grades are confirmed, every team member of a graded award gets one ``Incentive``
(``create_incentives``, idempotent: members who already have one are skipped). Its prize share is the grade's
``GradeRule.prize_money`` split by the members' contribution percentages (normalised when a team's percentages do
not add up to 100) into whole 원 by the largest-remainder method, so the shares always add up exactly to the
grade's prize money. A graded award whose grade has no rule in the round gets a zero prize and no benefit.

Workflow (``INCENTIVE_TRANSITIONS``, applied only by ``transition_incentive``)::

    awaiting_choice ─choose─▶ chosen ─HR: eligible─▶ eligible ─HR: decide─▶ decided ─HR: applied─▶ applied
          ▲                      │
          └──── ineligible ◀─────┘ HR: not eligible (with a note; the winner chooses again)

A grade that allows **no** personnel benefit needs no choice: its incentives start ``eligible`` with an empty
benefit, so there is nothing for the winner to choose and nothing for HR to check; HR still records the decision
(the reference of the decision letter) and marks it applied, which closes the winner's file like any other. The
prize share is paid through the payment export whatever the incentive's state.

Who may: the winner (the official's own sign-in account) chooses; HR officers (``Role.HR_OFFICER``) check
eligibility, decide and record the application. Every change writes an audit event and notifies the winner; a
choice also notifies the HR officers.
"""

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.enums import Role
from proactive.accounts.models import RoleMembership, User
from proactive.audit.services import diff, record_event, snapshot
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.core.workflow import TransitionTable, check_transition
from proactive.mileage.queries.claims import home_unit
from proactive.mileage.services.automatic import grant_for_selected_case
from proactive.nominations.enums import Benefit, IncentiveState
from proactive.nominations.models import Award, GradeRule, Incentive, NominationMember, SelectionRound
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify

S = IncentiveState
CHOOSE = "nominations.choose_benefit"
PROCESS = "nominations.process_incentives"

# state → {target: permission}. Kept here with the only function that applies it.
INCENTIVE_TRANSITIONS: TransitionTable = {
    S.AWAITING_CHOICE: {S.CHOSEN: CHOOSE},
    S.INELIGIBLE: {S.CHOSEN: CHOOSE},
    S.CHOSEN: {S.ELIGIBLE: PROCESS, S.INELIGIBLE: PROCESS},
    S.ELIGIBLE: {S.DECIDED: PROCESS},
    S.DECIDED: {S.APPLIED: PROCESS},
    S.APPLIED: {},
}

KIND_CHOOSE = "nominations.incentive_choose"
KIND_UPDATED = "nominations.incentive_updated"
KIND_CHOSEN = "nominations.incentive_chosen"
NOTE_MAX = 2000
REFERENCE_MAX = 100

# What the winner is told when their incentive reaches a state (the choice itself is told to HR instead).
_WINNER_NOTICES: dict[str, tuple[str, Any]] = {
    S.INELIGIBLE: (KIND_CHOOSE, gettext_lazy("Your chosen personnel benefit is not possible: please choose again")),
    S.ELIGIBLE: (KIND_UPDATED, gettext_lazy("HR confirmed your personnel benefit is possible")),
    S.DECIDED: (KIND_UPDATED, gettext_lazy("Your personnel benefit was decided")),
    S.APPLIED: (KIND_UPDATED, gettext_lazy("Your personnel benefit was applied")),
}


def register_incentive_notification_kinds() -> None:
    """Declare this module's notification kinds. Called from ``views.incentives.register``."""
    register_kind(KIND_CHOOSE, gettext_lazy("Choose your personnel benefit"))
    register_kind(KIND_UPDATED, gettext_lazy("Your personnel benefit moved on"))
    register_kind(KIND_CHOSEN, gettext_lazy("A winner chose a personnel benefit"), email_default=False)


# --- Prize money ---------------------------------------------------------------------------------------------


def split_prize(prize: int, contributions: Sequence[int]) -> list[int]:
    """Split ``prize`` whole 원 by ``contributions`` (any positive weights, normalised), largest remainder first.

    Every share is the floor of its exact share; the 원 left over go one each to the largest remainders (ties: the
    larger contribution, then the earlier member), so the shares add up exactly to ``prize``. Contributions that
    are all zero or negative are treated as equal.
    """
    if not contributions:
        return []
    weights = [max(int(c), 0) for c in contributions]
    if sum(weights) == 0:
        weights = [1] * len(weights)
    total = sum(weights)
    shares = [prize * w // total for w in weights]
    remainders = [prize * w % total for w in weights]
    left = prize - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], -weights[i], i))
    for i in order[:left]:
        shares[i] += 1
    return shares


# --- Creating the incentives ---------------------------------------------------------------------------------


def _hr_officers() -> list[User]:
    holders = RoleMembership.objects.active().filter(role=Role.HR_OFFICER)
    return list(User.objects.filter(pk__in=holders.values("user_id"), is_active=True).order_by("pk"))


def _winner(member: NominationMember) -> User | None:
    user = getattr(member.official, "user", None)
    return user if user is not None and user.is_active else None


def grade_rule_for(award: Award) -> GradeRule | None:
    return GradeRule.objects.filter(round_id=award.nomination.round_id, grade=award.grade).first()


@transaction.atomic
def create_incentives(*, actor: Any, round: SelectionRound) -> list[Incentive]:
    """Create the incentives of every confirmed, graded award of ``round`` for team members who have none yet.

    Rules: ``nominations.create_incentives`` (the chair, who confirms the grades; HR or the secretariat to create
    any still missing). Idempotent and safe inside the caller's transaction (``committee.confirm_grades``): it
    locks the round row, so two calls never create one member's incentive twice.
    Side effects: Incentive rows (prize shares split by contribution, frozen); one audit event
    ``nominations.incentive_created`` per incentive; the mileage bonus of a selected case for each member
    (``mileage.services.automatic.grant_for_selected_case``: idempotent per award and member, never raises on a
    cap, which it records instead); each winner with a sign-in account whose grade allows
    benefits is asked to choose.
    """
    if not actor.has_perm("nominations.create_incentives"):
        raise PermissionDeniedError(_("You do not have permission to do this."))
    locked = SelectionRound.objects.select_for_update().get(pk=round.pk)
    awards = list(
        Award.objects.filter(nomination__round=locked, confirmed_at__isnull=False)
        .exclude(grade="")
        .select_related("nomination")
        .order_by("rank", "pk")
    )
    rules = {rule.grade: rule for rule in GradeRule.objects.filter(round=locked)}
    members_of: dict[int, list[NominationMember]] = {}
    for member in (
        NominationMember.objects.filter(nomination__in=[a.nomination_id for a in awards])
        .select_related("official__user", "official__unit")
        .order_by("-contribution", "pk")
    ):
        members_of.setdefault(member.nomination_id, []).append(member)
    existing = set(Incentive.objects.filter(award__in=awards).values_list("member_id", flat=True))
    created: list[Incentive] = []
    for award in awards:
        team = members_of.get(award.nomination_id, [])
        rule = rules.get(award.grade)
        prize = rule.prize_money if rule is not None else 0
        benefits = list(rule.benefits) if rule is not None else []
        shares = split_prize(prize, [m.contribution for m in team])
        for member, share in zip(team, shares, strict=True):
            if member.pk in existing:
                continue
            incentive = Incentive.objects.create(
                award=award,
                member=member,
                prize_amount=share,
                state=S.AWAITING_CHOICE if benefits else S.ELIGIBLE,
            )
            record_event(
                actor=actor,
                verb="nominations.incentive_created",
                target=incentive,
                data={
                    "award": award.pk,
                    "grade": award.grade,
                    "contribution": member.contribution,
                    "prize_amount": share,
                    "grade_prize_money": prize,
                    "state": incentive.state,
                },
            )
            grant_for_selected_case(
                actor=actor,
                official=member.official,
                unit=home_unit(member.official),  # a team's points count against its department
                source=f"award:{award.pk}",
                idempotency_key=f"award:{award.pk}:member:{member.pk}",
                year=locked.year,
                contribution=member.contribution,
            )
            winner = _winner(member)
            if benefits and winner is not None:
                notify(
                    recipient=winner,
                    kind=KIND_CHOOSE,
                    title=gettext_lazy("Choose your personnel benefit"),
                    body=f"{award.nomination.title} · {award.get_grade_display()}",
                    url=reverse("nominations:my-awards"),
                    actor=actor,
                )
            created.append(incentive)
    return created


# --- The one transition function -----------------------------------------------------------------------------


def _notify_change(incentive: Incentive, to: str, actor: Any) -> None:
    nomination = incentive.award.nomination
    body = f"{nomination.title} · {incentive.get_benefit_display() or incentive.award.get_grade_display()}"
    if to == S.CHOSEN:
        url = reverse("nominations:incentive-list", args=[nomination.round_id]) + f"?state={S.CHOSEN}"
        for person in _hr_officers():
            notify(
                recipient=person,
                kind=KIND_CHOSEN,
                title=gettext_lazy("A winner chose a personnel benefit"),
                body=f"{incentive.member.official.name} · {body}",
                url=url,
                actor=actor,
            )
        return
    winner = _winner(incentive.member)
    notice = _WINNER_NOTICES.get(to)
    if winner is None or notice is None:
        return
    kind, title = notice
    if to == S.INELIGIBLE and incentive.hr_note:
        body = f"{body}\n{incentive.hr_note}"
    notify(recipient=winner, kind=kind, title=title, body=body, url=reverse("nominations:my-awards"), actor=actor)


@transaction.atomic
def transition_incentive(
    *,
    actor: Any,
    incentive: Incentive,
    to: str,
    fields: dict[str, Any] | None = None,
    validate: Callable[[Incentive], dict[str, Any]] | None = None,
) -> Incentive:
    """Move ``incentive`` to ``to`` under ``INCENTIVE_TRANSITIONS``: the only place an incentive's state changes.

    Locks the row, checks the table and the move's permission, then ``validate(locked)`` (which may refuse with a
    DomainError and returns more fields to write), writes the state and ``fields``.
    Side effects: the audit event ``nominations.incentive_<to>`` with the changes; notifications (the HR officers
    for a choice, the winner for every other step).
    """
    locked = (
        Incentive.objects.select_for_update(of=("self",))
        .select_related("award__nomination", "member__official__user")
        .get(pk=incentive.pk)
    )
    check_transition(INCENTIVE_TRANSITIONS, obj=locked, current=locked.state, to=to, actor=actor)
    values = dict(fields or {})
    if validate is not None:
        values |= validate(locked)
    names = ["state", *values]
    before = snapshot(locked, names)
    locked.state = to
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*names, "updated_at"])
    record_event(
        actor=actor,
        verb=f"nominations.incentive_{to}",
        target=locked,
        changes=diff(locked, before, names),
        data={"award": locked.award_id, "member": locked.member_id},
    )
    _notify_change(locked, to, actor)
    return locked


# --- Named steps ---------------------------------------------------------------------------------------------


def allowed_benefits(incentive: Incentive) -> list[str]:
    rule = grade_rule_for(incentive.award)
    return [b for b in (rule.benefits if rule is not None else []) if b in Benefit.values]


def choose_benefit(*, actor: Any, incentive: Incentive, benefit: str) -> Incentive:
    """The winner chooses one of the personnel benefits their grade allows, while waiting for the choice or after
    HR found the earlier choice not possible. Side effects: as ``transition_incentive`` (HR officers told)."""

    def validate(locked: Incentive) -> dict[str, Any]:
        if benefit not in allowed_benefits(locked):
            raise DomainError(_("This benefit is not one your grade allows."), code="benefit_not_allowed")
        return {"benefit": benefit, "chosen_at": timezone.now()}

    return transition_incentive(actor=actor, incentive=incentive, to=S.CHOSEN, validate=validate)


def check_eligibility(*, actor: Any, incentive: Incentive, eligible: bool, note: str = "") -> Incentive:
    """HR records whether the winner's chosen benefit is possible (e.g. limits on special step increases).

    A "not eligible" needs the note explaining why: the winner sees it and chooses again.
    Side effects: as ``transition_incentive`` (the winner told).
    """
    note = (note or "").strip()

    def validate(locked: Incentive) -> dict[str, Any]:
        if not eligible and not note:
            raise DomainError(_("Explain why the benefit is not possible."), code="note_required")
        if len(note) > NOTE_MAX:
            raise DomainError(
                _("Please keep the note under %(max)d characters.") % {"max": NOTE_MAX}, code="note_too_long"
            )
        return {"hr_note": note, "checked_at": timezone.now()}

    to = S.ELIGIBLE if eligible else S.INELIGIBLE
    return transition_incentive(actor=actor, incentive=incentive, to=to, validate=validate)


def decide(*, actor: Any, incentive: Incentive, reference: str) -> Incentive:
    """HR decides the eligible benefit, with the reference of the decision letter sent to the winner's department.
    Side effects: as ``transition_incentive`` (the winner told)."""
    reference = (reference or "").strip()

    def validate(locked: Incentive) -> dict[str, Any]:
        if not reference:
            raise DomainError(_("Give the reference of the decision letter."), code="reference_required")
        if len(reference) > REFERENCE_MAX:
            raise DomainError(
                _("Please keep the reference under %(max)d characters.") % {"max": REFERENCE_MAX},
                code="reference_too_long",
            )
        return {"decision_reference": reference, "decided_at": timezone.now()}

    return transition_incentive(actor=actor, incentive=incentive, to=S.DECIDED, validate=validate)


def mark_applied(*, actor: Any, incentive: Incentive, applied_on: datetime.date) -> Incentive:
    """HR records the day the decided benefit was applied (promotion, step, bonus grade or points recorded).

    The day is neither in the future nor before the decision (Asia/Seoul). Side effects: as
    ``transition_incentive`` (the winner told).
    """

    def validate(locked: Incentive) -> dict[str, Any]:
        if applied_on is None:
            raise DomainError(_("Give the day the benefit was applied."), code="date_required")
        if applied_on > timezone.localdate():
            raise DomainError(_("The day it was applied cannot be in the future."), code="date_future")
        if locked.decided_at is not None and applied_on < timezone.localdate(locked.decided_at):
            raise DomainError(_("The day it was applied cannot be before the decision."), code="date_early")
        moment = datetime.datetime.combine(applied_on, datetime.time.min)
        return {"applied_at": timezone.make_aware(moment)}

    return transition_incentive(actor=actor, incentive=incentive, to=S.APPLIED, validate=validate)
