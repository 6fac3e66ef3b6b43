"""Claims for mileage points, up the line (DOMAIN.md §4.5): an official claims (or their department head proposes
for one or many officials), the department head grants, the bureau chief checks, the secretariat approves — which
posts one ledger entry per official — or anyone on the way rejects with a reason the claimant sees.

Every state change goes through ``transition_claim`` (``workflow.CLAIM_TRANSITIONS``). The caps are checked when
the claim is made and at every step up (a claim that no longer fits is refused with the cap's explanation), and
the ledger checks them once more, under its locks, when the points are posted.
"""

from collections.abc import Sequence
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.accounts.models import Official, OrgUnit
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.core.workflow import TransitionTable, check_transition
from proactive.mileage.enums import ClaimState, EntryKind
from proactive.mileage.models import ActivityRule, Claim, ClaimShare
from proactive.mileage.services.ledger import check_department_cap, check_person_cap, policy_for, post_entry
from proactive.mileage.workflow import CLAIM_TRANSITIONS

C = ClaimState


def split_points(points: int, contributions: Sequence[int]) -> list[int]:
    """``points`` split by contribution in whole points, largest remainder first; the shares add up to ``points``."""
    total = sum(contributions)
    if total <= 0:
        raise DomainError(_("Contributions must add up to more than zero."), code="no_contribution")
    exact = [points * c / total for c in contributions]
    shares = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - shares[i]), -contributions[i], i))
    for i in order[: points - sum(shares)]:
        shares[i] += 1
    return shares


def _check_fits(claim: Claim) -> None:
    """Refuse when the claim would no longer fit under the year's caps (the ledger's checks, explained)."""
    year = claim.occurred_on.year
    check_department_cap(unit=claim.unit, year=year, points=claim.points)
    for share in claim.shares.select_related("official"):
        check_person_cap(official=share.official, year=year, points=share.points)


@transaction.atomic
def submit_claim(
    *,
    actor: Any,
    rule: ActivityRule,
    unit: OrgUnit,
    title: str,
    occurred_on,
    points: int,
    officials: Sequence[tuple[Official, int]],
    description: str = "",
) -> Claim:
    """Make a claim: ``officials`` are (official, contribution %) pairs — the claimant alone, or a team proposed by
    the department head. Points must lie within the activity rule's range; the caps must still allow them."""
    if not officials:
        raise DomainError(_("Name at least one official."), code="no_officials")
    if not rule.points_min <= points <= rule.points_max:
        raise DomainError(
            _("This activity earns between %(min)s and %(max)s points.")
            % {"min": rule.points_min, "max": rule.points_max},
            code="points_out_of_range",
        )
    policy = policy_for(occurred_on.year)
    for official, _contribution in officials:
        if official.grade is not None and official.grade < policy.eligible_from_grade:
            raise DomainError(
                _("%(name)s is not eligible: mileage is for officials of grade %(grade)s and below.")
                % {"name": official.name, "grade": policy.eligible_from_grade},
                code="not_eligible",
            )
    claim = Claim.objects.create(
        rule=rule,
        unit=unit,
        title=title.strip(),
        description=description.strip(),
        occurred_on=occurred_on,
        claimed_by=actor,
        proposed_by_head=len(officials) > 1 or any(o.pk != getattr(actor, "official_id", None) for o, _c in officials),
        points=points,
    )
    shares = split_points(points, [c for _o, c in officials]) if rule.team_split else [points] * len(officials)
    ClaimShare.objects.bulk_create(
        ClaimShare(claim=claim, official=o, contribution=c, points=p)
        for (o, c), p in zip(officials, shares, strict=True)
    )
    _check_fits(claim)
    record_event(
        actor=actor, verb="mileage.claim_submitted", target=claim, data={"points": points, "officials": len(officials)}
    )
    return claim


_VERBS: dict[str, str] = {
    C.GRANTED: "granted",
    C.CHECKED: "checked",
    C.APPROVED: "approved",
    C.REJECTED: "rejected",
    C.WITHDRAWN: "withdrawn",
}


@transaction.atomic
def transition_claim(claim: Claim, *, to: str, actor: Any, reason: str = "") -> Claim:
    """Move ``claim`` to ``to`` as ``CLAIM_TRANSITIONS`` allows for ``actor``. Rejecting needs a reason; going up
    re-checks the caps; approving posts one ledger entry per official (idempotent per share)."""
    claim = Claim.objects.select_for_update().select_related("unit", "rule").get(pk=claim.pk)
    old = claim.state
    check_transition(cast(TransitionTable, CLAIM_TRANSITIONS), obj=claim, current=old, to=to, actor=actor)
    reason = (reason or "").strip()
    now = timezone.now()
    fields = ["state", "updated_at"]
    if to == C.REJECTED:
        if not reason:
            raise DomainError(_("Please give a reason; the claimant will see it."), code="reason_required")
        claim.decision_reason = reason
        fields.append("decision_reason")
    elif to in (C.GRANTED, C.CHECKED, C.APPROVED):
        _check_fits(claim)
        stamps: dict[str, str] = {C.GRANTED: "granted", C.CHECKED: "checked", C.APPROVED: "decided"}
        stamp = stamps[to]
        setattr(claim, f"{stamp}_by", actor)
        setattr(claim, f"{stamp}_at", now)
        fields += [f"{stamp}_by", f"{stamp}_at"]
    if to == C.APPROVED:
        for share in claim.shares.select_related("official"):
            share.entry = post_entry(
                actor=actor,
                official=share.official,
                kind=EntryKind.GRANT,
                points=share.points,
                year=claim.occurred_on.year,
                rule=claim.rule,
                unit=claim.unit,
                source=f"claim:{claim.pk}",
                memo=claim.title[:300],
                idempotency_key=f"claim:{claim.pk}:share:{share.pk}",
            )
            share.save(update_fields=["entry"])
    claim.state = to
    claim.save(update_fields=fields)
    record_event(
        actor=actor,
        verb=f"mileage.claim_{_VERBS[to]}",
        target=claim,
        changes={"state": [str(old), str(to)]},
        data={"reason": reason} if reason else None,
    )
    return claim
