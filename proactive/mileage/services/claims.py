"""Claims for mileage points, up the line (DOMAIN.md §4.5): an official claims (or their department head proposes
for one or many officials), the department head grants, the bureau chief checks, the secretariat approves — which
posts one ledger entry per official — or anyone on the way rejects with a reason the claimant sees.

Every state change goes through ``transition_claim`` (``workflow.CLAIM_TRANSITIONS``). The caps are checked when
the claim is made and at every step up (a claim that no longer fits is refused with the cap's explanation), and
the ledger checks them once more, under its locks, when the points are posted.

Notifications: whoever takes the next step (the department heads over the claim's department, then the bureau
chiefs over it, then the secretariat) is told when the claim reaches them; the claimant and the officials named
are told when it is approved (points posted) or rejected (with the reason).
"""

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.models import Official, OrgUnit
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.core.workflow import TransitionTable, check_transition
from proactive.documents.models import Document
from proactive.documents.services import store_upload
from proactive.mileage.enums import ClaimState, EntryKind
from proactive.mileage.models import ActivityRule, Claim, ClaimShare
from proactive.mileage.queries import claims as queries
from proactive.mileage.rules.claims import EVIDENCE_PURPOSE, heads_unit
from proactive.mileage.services.ledger import (
    account_for,
    check_department_cap,
    check_person_cap,
    policy_for,
    post_entry,
)
from proactive.mileage.workflow import CLAIM_TRANSITIONS
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify

C = ClaimState
EVIDENCE_KINDS = frozenset({"pdf", "hwp", "hwpx", "docx", "xlsx", "pptx", "jpeg", "png"})
MAX_EVIDENCE_FILES = 5

KIND_WAITING = "mileage.claim_waiting"
KIND_APPROVED = "mileage.claim_approved"
KIND_REJECTED = "mileage.claim_rejected"

# What the next person in line is asked to do when a claim reaches them.
_WAITING_TITLES: dict[str, Any] = {
    C.CLAIMED: gettext_lazy("A mileage claim is waiting for your grant"),
    C.GRANTED: gettext_lazy("A mileage claim is waiting for your check"),
    C.CHECKED: gettext_lazy("A mileage claim is waiting for approval"),
}


def register_claim_notification_kinds() -> None:
    """Declare this module's notification kinds. Called from ``views.claims.register``."""
    register_kind(KIND_WAITING, gettext_lazy("A mileage claim is waiting for your decision"))
    register_kind(KIND_APPROVED, gettext_lazy("Your mileage claim was approved"))
    register_kind(KIND_REJECTED, gettext_lazy("Your mileage claim was rejected"))


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


def shares_for(rule: ActivityRule, points: int, contributions: Sequence[int]) -> list[int]:
    """Each official's points: split by contribution when the rule splits team work, else the full points each."""
    if len(contributions) == 1:
        return [points]
    return split_points(points, contributions) if rule.team_split else [points] * len(contributions)


def _check_fits(claim: Claim) -> None:
    """Refuse when the claim would no longer fit under the year's caps (the ledger's checks, explained)."""
    year = claim.occurred_on.year
    shares = list(claim.shares.select_related("official"))
    check_department_cap(unit=claim.unit, year=year, points=sum(s.points for s in shares))
    for share in shares:
        check_person_cap(official=share.official, year=year, points=share.points)


def _claim_url(claim: Claim) -> str:
    return reverse("mileage:claim-detail", args=[claim.pk])


def _notify_next(claim: Claim, actor: Any) -> None:
    """Tell whoever takes the claim's next step, except the actor and anyone holding a share (they may not)."""
    title = _WAITING_TITLES.get(claim.state)
    if title is None:
        return
    excluded = queries.share_official_ids(claim)
    body = f"{claim.title} · {claim.unit.name} · {claim.points}P"
    for person in queries.next_in_line(claim):
        if person.pk == getattr(actor, "pk", None) or (person.official_id and person.official_id in excluded):
            continue
        notify(recipient=person, kind=KIND_WAITING, title=title, body=body, url=_claim_url(claim), actor=actor)


def _notify_people(claim: Claim, actor: Any) -> None:
    """Tell the claimant and the officials named that the claim was approved (points posted) or rejected."""
    if claim.state == C.APPROVED:
        kind, title = KIND_APPROVED, gettext_lazy("Your mileage claim was approved and the points were posted")
        body = f"{claim.title} · {claim.points}P"
    elif claim.state == C.REJECTED:
        kind, title = KIND_REJECTED, gettext_lazy("Your mileage claim was rejected")
        body = f"{claim.title}\n{claim.decision_reason}"
    else:
        return
    for person in queries.people_of(claim):
        if person.pk == getattr(actor, "pk", None):
            continue
        notify(recipient=person, kind=kind, title=title, body=body, url=_claim_url(claim), actor=actor)


def _check_who_may_claim(*, actor: Any, unit: OrgUnit, officials: Sequence[Official]) -> bool:
    """Refuse unless ``actor`` may claim for ``officials`` in ``unit``; True when it is a proposal by a head.

    An official claims for themselves in their own department; a department head proposes for officials of a unit
    they head (or of a unit below it) — never someone from outside it.
    """
    own_official = getattr(actor, "official_id", None)
    if len(officials) == 1 and officials[0].pk == own_official and unit.pk == queries.home_unit(officials[0]).pk:
        if not actor.has_perm("mileage.create_claim"):
            raise PermissionDeniedError(_("Only officials can claim mileage points."))
        return False
    if not actor.has_perm("mileage.propose_claim") or not heads_unit(actor, unit):
        raise PermissionDeniedError(
            _("Only the head of %(unit)s can propose points for its officials.") % {"unit": unit.name}
        )
    for official in officials:
        if not official.unit.path.startswith(unit.path):
            raise DomainError(
                _("%(name)s does not work in %(unit)s or a unit below it.")
                % {"name": official.name, "unit": unit.name},
                code="outside_unit",
            )
    return True


def _store_evidence(*, actor: Any, claim: Claim, files: Sequence[Any]) -> list[Document]:
    documents: list[Document] = []
    try:
        for uploaded_file in files:
            documents.append(
                store_upload(actor=actor, uploaded_file=uploaded_file, purpose=EVIDENCE_PURPOSE, allowed=EVIDENCE_KINDS)
            )
        claim.evidence.add(*documents)
    except Exception:
        for document in documents:  # the rows roll back with the transaction; the stored files must go too
            document.file.delete(save=False)
        raise
    return documents


@transaction.atomic
def submit_claim(
    *,
    actor: Any,
    rule: ActivityRule,
    unit: OrgUnit,
    title: str,
    occurred_on: datetime.date,
    points: int,
    officials: Sequence[tuple[Official, int]],
    description: str = "",
    evidence: Sequence[Any] = (),
) -> Claim:
    """Make a claim: ``officials`` are (official, contribution %) pairs — the claimant alone (in their own
    department), or one or many officials proposed by the head of ``unit`` (of that unit or units below it).

    Rules: the activity's current rule, not one posted by another workflow; the work done and not in the future;
    points within the rule's range; every official named once, of the policy's grade or below; a team's
    contributions add up to 100 % and each official gets at least one point; evidence attached when the rule asks
    for it (at most ``MAX_EVIDENCE_FILES`` files); the year's caps still allow the points.

    Side effects, in order: the claim and its shares; the evidence files stored (``documents.uploaded``) and
    attached; audit ``mileage.claim_submitted``; the department heads over ``unit`` notified.
    """
    if not officials:
        raise DomainError(_("Name at least one official."), code="no_officials")
    people = [official for official, _contribution in officials]
    if len({o.pk for o in people}) != len(people):
        raise DomainError(_("Each official can be named only once."), code="duplicate_official")
    proposal = _check_who_may_claim(actor=actor, unit=unit, officials=people)
    if rule.automatic or not queries.rule_is_claimable(rule):
        raise DomainError(
            _("Points for “%(activity)s” cannot be claimed here: choose an activity from the current list.")
            % {"activity": rule.activity.name},
            code="rule_not_claimable",
        )
    if occurred_on > timezone.localdate():
        raise DomainError(_("The date of the work cannot be in the future."), code="future_date")
    if not rule.points_min <= points <= rule.points_max:
        raise DomainError(
            _("This activity earns between %(min)s and %(max)s points.")
            % {"min": rule.points_min, "max": rule.points_max},
            code="points_out_of_range",
        )
    if rule.evidence_required.strip() and not evidence:
        raise DomainError(
            _("This activity needs evidence: %(evidence)s") % {"evidence": rule.evidence_required.strip()},
            code="evidence_required",
        )
    if len(evidence) > MAX_EVIDENCE_FILES:
        raise DomainError(_("Attach at most %(n)s evidence files.") % {"n": MAX_EVIDENCE_FILES}, code="too_many_files")
    policy = policy_for(occurred_on.year)
    for official in people:
        if official.grade is not None and official.grade < policy.eligible_from_grade:
            raise DomainError(
                _("%(name)s is not eligible: mileage is for officials of grade %(grade)s and below.")
                % {"name": official.name, "grade": policy.eligible_from_grade},
                code="not_eligible",
            )
    contributions = [100] if len(officials) == 1 else [c for _o, c in officials]
    if len(officials) > 1 and sum(contributions) != 100:
        raise DomainError(
            _("The contributions must add up to 100 %% (they add up to %(total)s %%).") % {"total": sum(contributions)},
            code="contribution_total",
        )
    shares = shares_for(rule, points, contributions)
    for official, share in zip(people, shares, strict=True):
        if share < 1:
            raise DomainError(
                _(
                    "%(name)s's share would be 0 points: give more points or a larger contribution, or leave them "
                    "out of the team."
                )
                % {"name": official.name},
                code="empty_share",
            )
    claim = Claim.objects.create(
        rule=rule,
        unit=unit,
        title=title.strip(),
        description=description.strip(),
        occurred_on=occurred_on,
        claimed_by=actor,
        proposed_by_head=proposal,
        points=points,
    )
    ClaimShare.objects.bulk_create(
        ClaimShare(claim=claim, official=o, contribution=c, points=p)
        for o, c, p in zip(people, contributions, shares, strict=True)
    )
    _check_fits(claim)
    documents = _store_evidence(actor=actor, claim=claim, files=evidence)
    record_event(
        actor=actor,
        verb="mileage.claim_submitted",
        target=claim,
        data={"points": points, "officials": len(officials), "proposal": proposal, "evidence": len(documents)},
    )
    _notify_next(claim, actor)
    return claim


@transaction.atomic
def attach_evidence(*, actor: Any, claim: Claim, uploaded_file: Any) -> Document:
    """Add an evidence file to a claim nobody has decided on yet; only who made the claim may.

    Side effects: the Document (``documents.uploaded``); audit ``mileage.claim_evidence_attached``.
    """
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if not actor.has_perm("mileage.add_claim_evidence", locked):
        if locked.claimed_by_id == getattr(actor, "pk", None):
            raise DomainError(_("Evidence can only be added before the claim is granted."), code="not_open")
        raise PermissionDeniedError(_("Only who made the claim can add evidence."))
    if locked.evidence.count() >= MAX_EVIDENCE_FILES * 2:
        raise DomainError(_("This claim already has as many evidence files as it can take."), code="too_many_files")
    (document,) = _store_evidence(actor=actor, claim=locked, files=[uploaded_file])
    record_event(
        actor=actor,
        verb="mileage.claim_evidence_attached",
        target=locked,
        data={"document": str(document.pk), "name": document.original_name},
    )
    return document


_VERBS: dict[str, str] = {
    C.GRANTED: "granted",
    C.CHECKED: "checked",
    C.APPROVED: "approved",
    C.REJECTED: "rejected",
    C.WITHDRAWN: "withdrawn",
}


@transaction.atomic
def transition_claim(claim: Claim, *, to: str, actor: Any, reason: str = "") -> Claim:
    """Move ``claim`` to ``to`` as ``CLAIM_TRANSITIONS`` allows for ``actor``: the only place a claim's state
    changes. Rejecting needs a reason (kept, with who rejected and when); going up re-checks the caps and records
    who took the step and when; approving posts one ledger entry per official (idempotent per share).

    Side effects: audit ``mileage.claim_<verb>``; the next person in line notified (granted → bureau chiefs,
    checked → secretariat); the claimant and the officials named notified of an approval or a rejection.
    """
    claim = Claim.objects.select_for_update(of=("self",)).select_related("unit", "rule").get(pk=claim.pk)
    old = claim.state
    check_transition(cast(TransitionTable, CLAIM_TRANSITIONS), obj=claim, current=old, to=to, actor=actor)
    reason = (reason or "").strip()
    now = timezone.now()
    fields = ["state", "updated_at"]
    if to == C.REJECTED:
        if not reason:
            raise DomainError(_("Please give a reason; the claimant will see it."), code="reason_required")
        claim.decision_reason = reason
        claim.decided_by = actor
        claim.decided_at = now
        fields += ["decision_reason", "decided_by", "decided_at"]
    elif to in (C.GRANTED, C.CHECKED, C.APPROVED):
        _check_fits(claim)
        stamps: dict[str, str] = {C.GRANTED: "granted", C.CHECKED: "checked", C.APPROVED: "decided"}
        stamp = stamps[to]
        setattr(claim, f"{stamp}_by", actor)
        setattr(claim, f"{stamp}_at", now)
        fields += [f"{stamp}_by", f"{stamp}_at"]
    if to == C.APPROVED:
        shares = list(claim.shares.select_related("official"))
        # Lock the accounts in one order (account pk), as the expiry run does, so two approvals never deadlock.
        account_pk = {share.pk: account_for(share.official).pk for share in shares}
        for share in sorted(shares, key=lambda s: account_pk[s.pk]):
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
    _notify_next(claim, actor)
    _notify_people(claim, actor)
    return claim
