"""Writes after the grades are confirmed: a department re-nominates a case that was not selected for
special-promotion consideration (DOMAIN.md §4.3: NOT_SELECTED → RENOMINATED_FOR_SPECIAL_PROMOTION), and HR or the
secretariat accepts or declines it.

Workflow (``RENOMINATION_TRANSITIONS``): submitted → accepted | declined, both final. A case is re-nominated at
most once (the database holds one request per nomination), whatever became of the request.
"""

from collections.abc import Iterable
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.enums import Role
from proactive.accounts.models import RoleMembership, User
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.core.workflow import TransitionTable, check_transition
from proactive.nominations.enums import NominationState, RenominationState
from proactive.nominations.models import Nomination, NominationMember, SpecialPromotionRequest
from proactive.nominations.queries import awards as queries
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify

R = RenominationState

# state → {target: permission}. Kept here with the only service that applies it.
RENOMINATION_TRANSITIONS = {
    R.SUBMITTED: {R.ACCEPTED: "nominations.decide_renomination", R.DECLINED: "nominations.decide_renomination"},
    R.ACCEPTED: {},
    R.DECLINED: {},
}
_VERBS = {R.ACCEPTED: "nominations.renomination_accepted", R.DECLINED: "nominations.renomination_declined"}

KIND_RENOMINATION_SUBMITTED = "nominations.renomination_submitted"
KIND_RENOMINATION_DECIDED = "nominations.renomination_decided"
REASON_MAX = 4000


def register_award_notification_kinds() -> None:
    """Declare this module's notification kinds. Called from ``views.awards.register``."""
    register_kind(KIND_RENOMINATION_SUBMITTED, gettext_lazy("A department re-nominated a case for special promotion"))
    register_kind(KIND_RENOMINATION_DECIDED, gettext_lazy("A special-promotion re-nomination was decided"))


def _clean_reason(reason: str, *, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(message, code="reason_required")
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("Please keep the reason under %(max)d characters.") % {"max": REASON_MAX}, code="reason_too_long"
        )
    return reason


def renomination_refusal(nomination: Nomination) -> str | None:
    """Why ``nomination`` cannot be re-nominated now, or None if it can (who may is the permission's rule)."""
    if nomination.state != NominationState.VERIFIED:
        return _("Only a case whose results were verified can be re-nominated.")
    if not queries.grades_confirmed(nomination.round_id):
        return _("A case can be re-nominated once the committee has confirmed the round's grades.")
    grade = Nomination.objects.filter(pk=nomination.pk).values_list("award__grade", flat=True).first()
    if grade:
        return _("This case won an award; only a case that was not selected can be re-nominated.")
    if SpecialPromotionRequest.objects.filter(nomination_id=nomination.pk).exists():
        return _("This case has already been re-nominated.")
    return None


def _deciders() -> list[User]:
    holders = RoleMembership.objects.active().filter(role__in=[Role.HR_OFFICER, Role.SECRETARIAT])
    return list(User.objects.filter(pk__in=holders.values("user_id"), is_active=True).order_by("pk"))


@transaction.atomic
def renominate_for_special_promotion(
    *, actor: Any, nomination: Nomination, members: Iterable[NominationMember], reason: str
) -> SpecialPromotionRequest:
    """The head of the nominating department re-nominates a case that was not selected for special promotion.

    Rules: ``nominations.renominate_nomination`` (head of the nominating unit or a unit above it); the case is
    verified, its round's grades are confirmed and it got no graded award (shortlisted or not); once per case;
    at least one official, all from the case's team; a reason.
    Side effects: the SpecialPromotionRequest (state submitted) with its officials; audit
    ``nominations.renominated``; HR officers and the secretariat are notified.
    """
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("round", "nominating_unit")
        .get(pk=nomination.pk)
    )
    if not actor.has_perm("nominations.renominate_nomination", nomination):
        raise PermissionDeniedError(_("Only the head of the nominating department may re-nominate this case."))
    unit = nomination.nominating_unit
    if unit is None:  # a citizen's nomination has no nominating department (the permission refuses it too)
        raise PermissionDeniedError(_("Only the head of the nominating department may re-nominate this case."))
    refusal = renomination_refusal(nomination)
    if refusal:
        raise DomainError(refusal, code="not_renominatable")
    chosen = list(members)
    if not chosen:
        raise DomainError(_("Choose at least one official from the team."), code="no_officials")
    team = set(nomination.members.values_list("pk", flat=True))
    if any(m.pk not in team for m in chosen):
        raise DomainError(_("Only officials of this case's team can be proposed."), code="not_in_team")
    reason = _clean_reason(reason, message=_("Please give the reason for the re-nomination."))
    try:
        with transaction.atomic():
            renomination = SpecialPromotionRequest.objects.create(
                nomination=nomination,
                unit=unit,
                requested_by=actor,
                reason=reason,
            )
    except IntegrityError:
        raise DomainError(_("This case has already been re-nominated."), code="not_renominatable") from None
    renomination.officials.set(chosen)
    record_event(
        actor=actor,
        verb="nominations.renominated",
        target=renomination,
        data={
            "nomination": nomination.pk,
            "officials": sorted(m.pk for m in chosen),
            "reason": reason,
        },
    )
    url = reverse("nominations:renomination-decide", args=[renomination.pk])
    for person in _deciders():
        notify(
            recipient=person,
            kind=KIND_RENOMINATION_SUBMITTED,
            title=gettext_lazy("A case was re-nominated for special promotion"),
            body=f"{nomination.round.title} · {nomination.title}",
            url=url,
            actor=actor,
        )
    return renomination


@transaction.atomic
def transition_renomination(
    renomination: SpecialPromotionRequest, *, to: str, actor: Any, reason: str
) -> SpecialPromotionRequest:
    """Move a re-nomination as ``RENOMINATION_TRANSITIONS`` allows for ``actor`` (HR officer or secretariat).

    Rules: only a submitted request is decided, once; a reason is required either way (the department sees it).
    Side effects: state, decided moment, decider and reason written; audit ``nominations.renomination_<verb>``;
    the requesting department head and the nominator are notified.
    """
    renomination = (
        SpecialPromotionRequest.objects.select_for_update(of=("self",))
        .select_related("nomination__round", "nomination__nominated_by", "requested_by")
        .get(pk=renomination.pk)
    )
    old = renomination.state
    check_transition(cast(TransitionTable, RENOMINATION_TRANSITIONS), obj=renomination, current=old, to=to, actor=actor)
    reason = _clean_reason(reason, message=_("Please give the reason for the decision; the department will see it."))
    renomination.state = to
    renomination.decided_at = timezone.now()
    renomination.decided_by = actor
    renomination.decision_reason = reason
    renomination.save(update_fields=["state", "decided_at", "decided_by", "decision_reason", "updated_at"])
    record_event(
        actor=actor,
        verb=_VERBS[cast(R, to)],
        target=renomination,
        changes={"state": [str(old), str(to)]},
        data={"reason": reason, "nomination": renomination.nomination_id},
    )
    nomination = renomination.nomination
    title = (
        gettext_lazy("The special-promotion re-nomination was accepted")
        if to == R.ACCEPTED
        else gettext_lazy("The special-promotion re-nomination was declined")
    )
    recipients = {
        renomination.requested_by_id: (renomination.requested_by, reverse("nominations:renomination-mine")),
    }
    recipients.setdefault(
        nomination.nominated_by_id,
        (nomination.nominated_by, reverse("nominations:nomination-detail", args=[nomination.pk])),
    )
    for person, url in recipients.values():
        if person.is_active:
            notify(
                recipient=person,
                kind=KIND_RENOMINATION_DECIDED,
                title=title,
                body=f"{nomination.title}: {reason}",
                url=url,
                actor=actor,
            )
    return renomination


def accept_renomination(*, actor: Any, renomination: SpecialPromotionRequest, reason: str) -> SpecialPromotionRequest:
    return transition_renomination(renomination, to=R.ACCEPTED, actor=actor, reason=reason)


def decline_renomination(*, actor: Any, renomination: SpecialPromotionRequest, reason: str) -> SpecialPromotionRequest:
    return transition_renomination(renomination, to=R.DECLINED, actor=actor, reason=reason)
