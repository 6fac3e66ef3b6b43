"""Appeals (이의신청) against mileage decisions, decided by the appeals review panel (DOMAIN.md §4.5, issue #4).

**What an official may appeal** (``appeal_subject``), each within the year's ``MileagePolicy.appeal_window_days``
(default 14) counted from the day of the decision; after that the appeal is refused with the date the window
closed:

- a **rejected claim** they made or share in — ground ``rejection``, counted from the rejection (the claim's
  ``decided_at`` if stamped, else its ``updated_at``: a rejected claim is not changed again). Nothing is held.
- **their share of an approved claim** — ground ``amount``, counted from the approval (``decided_at``). The panel
  may adjust up or down, so the share's granted points are **held** (``points_disputed``; ``ledger.held_of``) and
  cannot be redeemed until the panel decides or the appeal is withdrawn. An automatic grant entry that belongs to
  no claim (e.g. a case selected in a round) is appealed the same way, through ``?entry=``; a grant entry that
  belongs to a claim share is treated as an appeal about that claim.
- a **deduction** on their own ledger — ground ``deduction``, counted from the entry's ``created_at``. Nothing is
  held (the points are already gone). A deduction already reversed cannot be appealed.

One open appeal (filed or under review) per claim or entry per official. Reasons are required; files are optional
(at most ``MAX_FILES``, stored through the documents app under ``rules.appeals.EVIDENCE_PURPOSE``, readable only by
the appellant, the panel and the secretariat). Filing locks the official's ``MileageAccount`` row (the ledger's
own lock), so two filings at once make one appeal and a redemption never slips past points being held.

**Workflow** (``workflow.APPEAL_TRANSITIONS``, applied only by ``transition_appeal``)::

    filed ─secretariat assigns the panel─▶ under_review ─panel: uphold─▶ upheld
      │                                        │        └─panel: adjust─▶ adjusted (posts entries)
      └──────── appellant withdraws ───────────┴──────────────────────▶ withdrawn

- ``due_on`` = the filing date + ``appeal_decision_days`` (default 14), set at filing; open appeals past it are
  *overdue* (flagged in the lists).
- **The panel** is one or more active users holding ``Role.APPEALS_PANEL``, none of them in the chain that decided
  (``queries.appeals.deciding_chain``): the appellant, whoever made, granted, checked, approved or rejected the
  claim and the officials who share in it, whoever posted the entry. The secretariat may change the panel while
  the appeal is under review (e.g. a member leaves).
- **Uphold** (reasons): nothing is posted. **Adjust** (reasons and a signed number of points): entries are posted
  through ``ledger.post_entry`` (kind ``adjustment``, the claim's — or entry's — rule, department and year, so the
  caps apply; ``idempotency_key=f"appeal:{pk}"``): for an amount, up or down, never below zero for the share and
  never above the activity's maximum; for a rejection, points granted (positive); for a deduction, points given
  back (positive, at most what was deducted) — giving back the whole deduction *reverses* it
  (``ledger.reverse_entry``).
- Deciding, withdrawing or changing anything writes an audit event (``mileage.appeal_*``) in the same
  transaction. Notifications: the secretariat when an appeal is filed; the panel members when assigned (and when
  the appellant withdraws); the appellant when the panel decides, with the panel's reasons.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.enums import Role
from proactive.accounts.models import Official, RoleMembership, User
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.core.workflow import TransitionTable, check_transition
from proactive.documents.services import store_upload
from proactive.mileage.enums import AppealGround, AppealState, ClaimState, EntryKind
from proactive.mileage.models import Appeal, Claim, ClaimShare, LedgerEntry, MileageAccount, MileagePolicy
from proactive.mileage.queries.appeals import deciding_chain, open_appeal_for, panel_holders
from proactive.mileage.rules.appeals import EVIDENCE_PURPOSE
from proactive.mileage.services.ledger import account_for, policy_for, post_entry, reverse_entry
from proactive.mileage.workflow import APPEAL_TRANSITIONS
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify

A = AppealState
G = AppealGround

KIND_FILED = "mileage.appeal_filed"
KIND_ASSIGNED = "mileage.appeal_assigned"
KIND_DECIDED = "mileage.appeal_decided"
KIND_WITHDRAWN = "mileage.appeal_withdrawn"

MAX_FILES = 10
REASONS_MAX = 4000
EVIDENCE_KINDS = frozenset({"pdf", "hwp", "hwpx", "docx", "xlsx", "pptx", "jpeg", "png"})

_VERBS: dict[str, str] = {
    A.UNDER_REVIEW: "assigned",
    A.UPHELD: "upheld",
    A.ADJUSTED: "adjusted",
    A.WITHDRAWN: "withdrawn",
}


def register_appeal_notification_kinds() -> None:
    """Declare this module's notification kinds. Called from ``views.appeals.register``."""
    register_kind(KIND_FILED, gettext_lazy("A mileage appeal was filed"))
    register_kind(KIND_ASSIGNED, gettext_lazy("A mileage appeal was assigned to your panel"))
    register_kind(KIND_DECIDED, gettext_lazy("The panel decided your mileage appeal"))
    register_kind(KIND_WITHDRAWN, gettext_lazy("A mileage appeal on your panel was withdrawn"), email_default=False)


def _later(message: Any, **values: Any) -> Any:
    """``message % values``, rendered when shown (in the recipient's language), not now."""
    return lazy(lambda: str(message) % {k: str(v) for k, v in values.items()}, str)()


def _detail_url(appeal: Appeal) -> str:
    return reverse("mileage:appeal-detail", args=[appeal.pk])


# --- What may be appealed ------------------------------------------------------------------------------------


class AppealAlreadyOpenError(DomainError):
    """The official already has an open appeal about this claim or entry (``appeal`` is that one)."""

    def __init__(self, message: str, *, appeal: Appeal) -> None:
        super().__init__(message, code="already_open")
        self.appeal = appeal


@dataclass(frozen=True)
class AppealSubject:
    """What an appeal would be about, and the window it must be filed in."""

    official: Official
    claim: Claim | None
    entry: LedgerEntry | None
    share: ClaimShare | None
    ground: str
    points_disputed: int
    decided_on: datetime.date
    closes_on: datetime.date
    policy: MileagePolicy


def _not_yours() -> PermissionDeniedError:
    return PermissionDeniedError(_("You can appeal only decisions on your own points."), code="not_yours")


def _claim_subject(actor: Any, claim: Claim) -> tuple[str, int, ClaimShare | None, LedgerEntry | None, Any]:
    share = claim.shares.select_related("entry").filter(official_id=actor.official_id).first()
    if claim.claimed_by_id != actor.pk and share is None:
        raise _not_yours()
    if claim.state == ClaimState.REJECTED:
        return G.REJECTION, 0, share, None, claim.decided_at or claim.updated_at
    if claim.state == ClaimState.APPROVED:
        if share is None:
            raise DomainError(
                _("Only the officials who share in an approved claim can appeal the points it granted."),
                code="not_a_member",
            )
        points = share.entry.points if share.entry is not None else share.points
        return G.AMOUNT, points, share, share.entry, claim.decided_at or claim.updated_at
    raise DomainError(
        _("Only a rejected claim, or the points of an approved claim, can be appealed. This claim is: %(state)s.")
        % {"state": claim.get_state_display()},
        code="not_appealable",
    )


def appeal_subject(
    *,
    actor: Any,
    claim: Claim | None = None,
    entry: LedgerEntry | None = None,
    today: datetime.date | None = None,
) -> AppealSubject:
    """What ``actor`` would appeal about ``claim`` or ``entry`` (exactly one), under the rules in the module
    docstring. Raises ``PermissionDeniedError`` when it is not the actor's (views answer 404), ``DomainError``
    when it cannot be appealed (not a rejection, amount or deduction; already reversed; the window closed — with
    the date it closed), ``AppealAlreadyOpenError`` when an appeal about it is already open."""
    if (claim is None) == (entry is None):
        raise DomainError(_("Choose one claim or one ledger entry to appeal."), code="no_subject")
    official_id = getattr(actor, "official_id", None)
    if not getattr(actor, "is_authenticated", False) or official_id is None:
        raise _not_yours()
    share: ClaimShare | None = None
    if entry is not None:
        share = ClaimShare.objects.select_related("claim").filter(entry=entry).first()
        if share is not None:  # a grant that came from a claim: the appeal is about that claim's points
            if share.official_id != official_id:
                raise _not_yours()
            claim = share.claim
    if claim is not None:
        ground, points, share, entry, decided_at = _claim_subject(actor, claim)
        year = claim.occurred_on.year
    else:
        assert entry is not None
        if entry.account.official_id != official_id:
            raise _not_yours()
        if entry.kind == EntryKind.DEDUCTION:
            ground, points = G.DEDUCTION, 0
        elif entry.kind == EntryKind.GRANT:
            ground, points = G.AMOUNT, entry.points
        else:
            raise DomainError(
                _("Only points granted or deducted can be appealed; this entry is: %(kind)s.")
                % {"kind": entry.get_kind_display()},
                code="not_appealable",
            )
        if LedgerEntry.objects.filter(reverses=entry).exists():
            raise DomainError(_("This entry has already been reversed."), code="already_reversed")
        decided_at, year = entry.created_at, entry.year
    policy = policy_for(year)
    decided_on = timezone.localdate(decided_at)
    closes_on = decided_on + datetime.timedelta(days=policy.appeal_window_days)
    if (today or timezone.localdate()) > closes_on:
        raise DomainError(
            _(
                "The time to appeal closed on %(closed)s: an appeal must be filed within %(days)s days of the "
                "decision (%(decided)s)."
            )
            % {"closed": closes_on.isoformat(), "days": policy.appeal_window_days, "decided": decided_on.isoformat()},
            code="window_closed",
        )
    existing = open_appeal_for(official_id=official_id, claim=claim, entry=entry)
    if existing is not None:
        raise AppealAlreadyOpenError(
            _("You already have an open appeal about this, filed on %(date)s.")
            % {"date": timezone.localdate(existing.created_at).isoformat()},
            appeal=existing,
        )
    return AppealSubject(
        official=Official.objects.get(pk=official_id),
        claim=claim,
        entry=entry,
        share=share,
        ground=ground,
        points_disputed=points,
        decided_on=decided_on,
        closes_on=closes_on,
        policy=policy,
    )


# --- Filing --------------------------------------------------------------------------------------------------


def _secretariat() -> list[User]:
    holders = RoleMembership.objects.active().filter(role=Role.SECRETARIAT).values("user_id")
    return list(User.objects.filter(pk__in=holders, is_active=True).order_by("pk"))


def _store_files(actor: Any, appeal: Appeal, files: Sequence[Any]) -> list[Any]:
    documents: list[Any] = []
    try:
        for uploaded_file in files:
            documents.append(
                store_upload(actor=actor, uploaded_file=uploaded_file, purpose=EVIDENCE_PURPOSE, allowed=EVIDENCE_KINDS)
            )
        appeal.evidence.add(*documents)
    except Exception:
        for document in documents:  # the rows roll back with the transaction; the stored files must go too
            document.file.delete(save=False)
        raise
    return documents


@transaction.atomic
def file_appeal(
    *,
    actor: Any,
    claim: Claim | None = None,
    entry: LedgerEntry | None = None,
    reasons: str,
    files: Sequence[Any] = (),
) -> Appeal:
    """File ``actor``'s appeal about ``claim`` or ``entry`` (see ``appeal_subject`` for what may be appealed).

    Rules: ``mileage.file_appeal``; reasons required; at most ``MAX_FILES`` files of ``EVIDENCE_KINDS``; within
    the window; one open appeal per claim or entry per official (checked under the official's account lock).
    Side effects, in order: the Appeal (state ``filed``, ``due_on`` = today + the policy's decision days; for an
    amount, the share's points held); the files stored and attached; audit ``mileage.appeal_filed``; a notification
    to every member of the secretariat.
    """
    if not actor.has_perm("mileage.file_appeal"):
        raise PermissionDeniedError(_("You do not have permission to do this."))
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError(_("Please give your reasons: the panel decides on them."), code="reason_required")
    if len(reasons) > REASONS_MAX:
        raise DomainError(
            _("Please keep the reasons under %(max)s characters; add longer texts as a file.") % {"max": REASONS_MAX},
            code="reason_too_long",
        )
    if len(files) > MAX_FILES:
        raise DomainError(_("Attach at most %(max)s files.") % {"max": MAX_FILES}, code="too_many_files")
    official_id = getattr(actor, "official_id", None)
    official = Official.objects.filter(pk=official_id).first() if official_id is not None else None
    if official is None:
        raise _not_yours()
    # The ledger's own lock: filings (and redemptions) for one official run one after the other.
    MileageAccount.objects.select_for_update().get(pk=account_for(official).pk)
    subject = appeal_subject(actor=actor, claim=claim, entry=entry)
    today = timezone.localdate()
    appeal = Appeal.objects.create(
        official=official,
        filed_by=actor,
        claim=subject.claim,
        entry=subject.entry,
        ground=subject.ground,
        points_disputed=subject.points_disputed,
        reasons=reasons,
        state=A.FILED,
        due_on=today + datetime.timedelta(days=subject.policy.appeal_decision_days),
    )
    documents = _store_files(actor, appeal, files)
    record_event(
        actor=actor,
        verb="mileage.appeal_filed",
        target=appeal,
        data={
            "ground": subject.ground,
            "claim": subject.claim.pk if subject.claim else None,
            "entry": subject.entry.pk if subject.entry else None,
            "points_disputed": subject.points_disputed,
            "due_on": appeal.due_on.isoformat(),
            "files": [str(d.pk) for d in documents],
        },
    )
    body = _later(
        gettext_lazy("%(name)s · %(ground)s · decision due %(due)s"),
        name=official.name,
        ground=appeal.get_ground_display(),
        due=appeal.due_on.isoformat(),
    )
    for member in _secretariat():
        notify(
            recipient=member,
            kind=KIND_FILED,
            title=gettext_lazy("A mileage appeal was filed: assign a panel"),
            body=body,
            url=_detail_url(appeal),
            actor=actor,
        )
    return appeal


@transaction.atomic
def attach_appeal_evidence(*, actor: Any, appeal: Appeal, files: Sequence[Any]) -> Appeal:
    """Add files to an open appeal, all or none. Rules: ``mileage.add_appeal_evidence`` (the appellant, while it
    is open); at most ``MAX_FILES`` per appeal. Side effects: the Documents; audit
    ``mileage.appeal_evidence_attached``."""
    appeal = Appeal.objects.select_for_update(of=("self",)).get(pk=appeal.pk)
    if not actor.has_perm("mileage.add_appeal_evidence", appeal):
        raise PermissionDeniedError(_("You do not have permission to do this."))
    if not files:
        raise DomainError(_("Choose a file to add."), code="no_file")
    if appeal.evidence.count() + len(files) > MAX_FILES:
        raise DomainError(
            _("An appeal can have at most %(max)s files; it has %(count)s.")
            % {"max": MAX_FILES, "count": appeal.evidence.count()},
            code="too_many_files",
        )
    documents = _store_files(actor, appeal, files)
    record_event(
        actor=actor,
        verb="mileage.appeal_evidence_attached",
        target=appeal,
        data={"documents": [str(d.pk) for d in documents], "names": [d.original_name for d in documents]},
    )
    return appeal


# --- The panel -----------------------------------------------------------------------------------------------


def _check_panel(appeal: Appeal, panel: Sequence[User]) -> list[User]:
    members = list({u.pk: u for u in panel}.values())
    if not members:
        raise DomainError(_("Choose at least one panel member."), code="panel_empty")
    holders = set(panel_holders().filter(pk__in=[u.pk for u in members]).values_list("pk", flat=True))
    chain = deciding_chain(appeal)
    for user in members:
        if user.pk not in holders:
            raise DomainError(
                _("%(name)s is not a member of the appeals panel.") % {"name": user.display_name},
                code="not_panel_member",
            )
        if user.pk in chain:
            raise DomainError(
                _("%(name)s cannot sit on this panel (%(why)s).") % {"name": user.display_name, "why": chain[user.pk]},
                code="in_deciding_chain",
            )
    return members


def _notify_panel(appeal: Appeal, members: Sequence[User], actor: Any) -> None:
    body = _later(
        gettext_lazy("%(name)s · %(ground)s · decision due %(due)s"),
        name=appeal.official.name,
        ground=appeal.get_ground_display(),
        due=appeal.due_on.isoformat(),
    )
    for member in members:
        notify(
            recipient=member,
            kind=KIND_ASSIGNED,
            title=gettext_lazy("A mileage appeal was assigned to your panel"),
            body=body,
            url=_detail_url(appeal),
            actor=actor,
        )


@transaction.atomic
def assign_appeal_panel(*, actor: Any, appeal: Appeal, panel: Sequence[User]) -> Appeal:
    """Put ``panel`` on ``appeal``: one or more active appeals-panel members, none in its deciding chain.

    A filed appeal goes under review (``transition_appeal``). While it is under review the secretariat may change
    the panel: audit ``mileage.appeal_panel_changed``, and the members added are notified.
    Rules: ``mileage.assign_appeal_panel`` (the secretariat).
    """
    current = Appeal.objects.select_for_update(of=("self",)).select_related("official").get(pk=appeal.pk)
    if current.state != A.UNDER_REVIEW:
        return transition_appeal(current, to=A.UNDER_REVIEW, actor=actor, panel=panel)
    if not actor.has_perm("mileage.assign_appeal_panel", current):
        raise PermissionDeniedError(_("You do not have permission to take this step."))
    members = _check_panel(current, panel)
    before = set(current.panel.values_list("pk", flat=True))
    after = {u.pk for u in members}
    if before != after:
        current.panel.set(members)
        record_event(
            actor=actor,
            verb="mileage.appeal_panel_changed",
            target=current,
            changes={"panel": [sorted(before), sorted(after)]},
        )
        _notify_panel(current, [u for u in members if u.pk not in before], actor)
    return current


# --- The one transition function -----------------------------------------------------------------------------


def _adjustment_terms(appeal: Appeal) -> tuple[Any, Any, int, int | None]:
    """(rule, unit, year, the most the share may reach) the adjustment is posted under."""
    if appeal.claim is not None:
        claim = appeal.claim
        return claim.rule, claim.unit, claim.occurred_on.year, claim.rule.points_max
    entry = appeal.entry
    assert entry is not None
    return entry.rule, entry.unit, entry.year, (entry.rule.points_max if entry.rule is not None else None)


def _post_adjustment(appeal: Appeal, points: int, actor: Any, reason: str) -> LedgerEntry:
    """Post the panel's adjustment (rules in the module docstring); idempotent per appeal."""
    if points == 0:
        raise DomainError(_("Enter the points to add (e.g. 2) or to take back (e.g. -1)."), code="zero_points")
    key = f"appeal:{appeal.pk}"
    memo = (_("Appeal %(pk)s: %(reason)s") % {"pk": appeal.pk, "reason": " ".join(reason.split())})[:300]
    official = appeal.official
    if appeal.ground == G.DEDUCTION:
        entry = appeal.entry
        assert entry is not None
        deducted = -entry.points
        if points < 0:
            raise DomainError(
                _("A deduction is corrected by giving points back: enter a positive number."), code="wrong_sign"
            )
        if points > deducted:
            raise DomainError(
                _("%(n)s points were deducted: the panel can give back at most that.") % {"n": deducted},
                code="too_many_points",
            )
        if points == deducted:
            return reverse_entry(actor=actor, entry=entry, memo=memo, idempotency_key=key)
        return post_entry(
            actor=actor,
            official=official,
            kind=EntryKind.ADJUSTMENT,
            points=points,
            year=entry.year,
            rule=entry.rule,
            unit=entry.unit,
            source=key,
            memo=memo,
            idempotency_key=key,
        )
    rule, unit, year, most = _adjustment_terms(appeal)
    granted = appeal.points_disputed if appeal.ground == G.AMOUNT else 0
    if appeal.ground == G.REJECTION and points < 0:
        raise DomainError(
            _("A rejected claim granted no points: an adjustment can only grant points (a positive number)."),
            code="wrong_sign",
        )
    if granted + points < 0:
        raise DomainError(
            _("%(n)s points were granted: the panel can take back at most that.") % {"n": granted},
            code="too_many_points",
        )
    if most is not None and granted + points > most:
        raise DomainError(
            _("This activity earns at most %(max)s points: %(granted)s were granted, so at most %(left)s can be added.")
            % {"max": most, "granted": granted, "left": max(most - granted, 0)},
            code="above_rule_maximum",
        )
    return post_entry(
        actor=actor,
        official=official,
        kind=EntryKind.ADJUSTMENT,
        points=points,
        year=year,
        rule=rule,
        unit=unit,
        source=key,
        memo=memo,
        idempotency_key=key,
    )


def _appellant_users(appeal: Appeal) -> list[User]:
    users = {u.pk: u for u in User.objects.filter(official_id=appeal.official_id, is_active=True)}
    if not users and appeal.filed_by.is_active:
        users[appeal.filed_by_id] = appeal.filed_by
    return list(users.values())


def _notify_decision(appeal: Appeal, actor: Any) -> None:
    if appeal.state == A.ADJUSTED:
        title = _later(
            gettext_lazy("Your mileage appeal: adjusted by %(points)s points"), points=f"{appeal.adjustment:+d}"
        )
    else:
        title = gettext_lazy("Your mileage appeal: the decision was upheld")
    for user in _appellant_users(appeal):
        notify(
            recipient=user, kind=KIND_DECIDED, title=title, body=appeal.decision, url=_detail_url(appeal), actor=actor
        )


@transaction.atomic
def transition_appeal(
    appeal: Appeal,
    *,
    to: str,
    actor: Any,
    reason: str = "",
    points: int = 0,
    panel: Sequence[User] = (),
) -> Appeal:
    """Move ``appeal`` to ``to`` as ``APPEAL_TRANSITIONS`` allows for ``actor``, with the step's own rules:

    - ``under_review`` (the secretariat): ``panel`` checked (``assign_appeal_panel``) and set; the members are
      notified.
    - ``upheld`` / ``adjusted`` (a panel member): ``reason`` required (the appellant reads it); adjusting posts
      ``points`` (signed) to the ledger as the module docstring says, and a cap or balance refusal rolls the whole
      step back; ``decided_by``/``decided_at`` stamped; the appellant is notified with the reasons.
    - ``withdrawn`` (the appellant): held points are released; the panel members, if any, are notified.

    Side effect of every step: the audit event ``mileage.appeal_<assigned|upheld|adjusted|withdrawn>``.
    """
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("official", "filed_by", "claim__rule", "entry")
        .get(pk=appeal.pk)
    )
    old = appeal.state
    check_transition(cast(TransitionTable, APPEAL_TRANSITIONS), obj=appeal, current=old, to=to, actor=actor)
    reason = (reason or "").strip()
    fields = ["state", "updated_at"]
    data: dict[str, Any] = {}
    members: list[User] = []
    if to == A.UNDER_REVIEW:
        members = _check_panel(appeal, panel)
        appeal.panel.set(members)
        data["panel"] = sorted(u.pk for u in members)
    elif to in (A.UPHELD, A.ADJUSTED):
        if not reason:
            raise DomainError(
                _("Please give the panel's reasons: the appellant will read them."), code="reason_required"
            )
        if len(reason) > REASONS_MAX:
            raise DomainError(
                _("Please keep the reasons under %(max)s characters.") % {"max": REASONS_MAX}, code="reason_too_long"
            )
        if to == A.UPHELD and points:
            raise DomainError(_("Upholding changes no points: leave the points empty."), code="points_on_uphold")
        if to == A.ADJUSTED:
            posted = _post_adjustment(appeal, points, actor, reason)
            appeal.adjustment = points
            fields.append("adjustment")
            data |= {"points": points, "entry": posted.pk}
        appeal.decision = reason
        appeal.decided_by = actor
        appeal.decided_at = timezone.now()
        fields += ["decision", "decided_by", "decided_at"]
        data["reason"] = reason
    elif to == A.WITHDRAWN and reason:
        data["reason"] = reason
    appeal.state = to
    appeal.save(update_fields=fields)
    record_event(
        actor=actor,
        verb=f"mileage.appeal_{_VERBS[to]}",
        target=appeal,
        changes={"state": [str(old), str(to)]},
        data=data or None,
    )
    if to == A.UNDER_REVIEW:
        _notify_panel(appeal, members, actor)
    elif to in (A.UPHELD, A.ADJUSTED):
        _notify_decision(appeal, actor)
    elif to == A.WITHDRAWN:
        for member in appeal.panel.filter(is_active=True):
            notify(
                recipient=member,
                kind=KIND_WITHDRAWN,
                title=gettext_lazy("A mileage appeal on your panel was withdrawn"),
                body=appeal.official.name,
                url=_detail_url(appeal),
                actor=actor,
            )
    return appeal


# --- Named steps (each only calls transition_appeal) ---------------------------------------------------------


def decide_appeal(*, actor: Any, appeal: Appeal, outcome: str, reasons: str, points: int = 0) -> Appeal:
    """Record the panel's decision: ``outcome`` is ``upheld`` or ``adjusted`` (with signed ``points``)."""
    if outcome not in (A.UPHELD, A.ADJUSTED):
        raise DomainError(_("Choose whether the panel upholds or adjusts."), code="invalid_outcome")
    return transition_appeal(appeal, to=outcome, actor=actor, reason=reasons, points=points)


def withdraw_appeal(*, actor: Any, appeal: Appeal, reason: str = "") -> Appeal:
    """The appellant withdraws an open appeal (held points are released)."""
    return transition_appeal(appeal, to=A.WITHDRAWN, actor=actor, reason=reason)
