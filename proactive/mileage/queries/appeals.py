"""Reads of the mileage appeals area: my appeals, the secretariat's list, a panel member's queue, one appeal, the
chain that decided what an appeal disputes, and who may sit on its panel."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proactive.accounts.enums import Role
from proactive.accounts.models import RoleMembership, User
from proactive.audit.models import AuditEvent
from proactive.mileage.enums import AppealState, ClaimState
from proactive.mileage.models import Appeal, Claim, ClaimShare, LedgerEntry

OPEN_STATES = (AppealState.FILED, AppealState.UNDER_REVIEW)
DECIDED_STATES = (AppealState.UPHELD, AppealState.ADJUSTED)


def _overdue() -> ExpressionWrapper:
    return ExpressionWrapper(Q(state__in=OPEN_STATES, due_on__lt=timezone.localdate()), output_field=BooleanField())


def _base() -> QuerySet[Appeal]:
    """Appeals with what every list shows (official, unit, claim, entry) and ``overdue``: still open after the
    decision was due."""
    return Appeal.objects.select_related("official__unit", "claim__rule__activity", "entry", "decided_by").annotate(
        overdue=_overdue()
    )


def _with_panel(qs: QuerySet[Appeal]) -> QuerySet[Appeal]:
    return qs.prefetch_related(Prefetch("panel", queryset=User.objects.order_by("name", "pk")))


def my_appeals(user: Any) -> QuerySet[Appeal]:
    """The signed-in official's appeals, newest first (with their panels)."""
    official_id = getattr(user, "official_id", None)
    if not getattr(user, "is_authenticated", False) or official_id is None:
        return Appeal.objects.none()
    return _with_panel(_base().filter(official_id=official_id)).order_by("-created_at", "-pk")


def all_appeals(*, state: str = "", overdue: bool = False) -> QuerySet[Appeal]:
    """Every appeal for the secretariat: open ones first, by due date; then the rest, newest first."""
    qs = _base()
    if state:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(state__in=OPEN_STATES, due_on__lt=timezone.localdate())
    return _with_panel(qs).order_by(_open_first(), "due_on", "-created_at", "-pk")


def panel_appeals(user: Any, *, open_only: bool = False) -> QuerySet[Appeal]:
    """The appeals whose panel ``user`` sits on: open ones first, by due date."""
    if not getattr(user, "is_authenticated", False):
        return Appeal.objects.none()
    qs = _base().filter(panel=user)
    if open_only:
        qs = qs.filter(state__in=OPEN_STATES)
    return _with_panel(qs).order_by(_open_first(), "due_on", "-created_at", "-pk")


def _open_first() -> Case:
    return Case(When(state__in=OPEN_STATES, then=Value(0)), default=Value(1), output_field=IntegerField())


def state_counts() -> dict[str, int]:
    rows = Appeal.objects.values("state").annotate(n=Count("pk")).order_by()
    return {row["state"]: row["n"] for row in rows}


def overdue_count() -> int:
    return Appeal.objects.filter(state__in=OPEN_STATES, due_on__lt=timezone.localdate()).count()


def get_appeal(pk: int) -> Appeal | None:
    """One appeal with everything its page shows: the claim and its shares, the entry, panel and files."""
    return (
        _with_panel(
            _base().select_related(
                "filed_by",
                "claim__unit",
                "claim__claimed_by",
                "claim__granted_by",
                "claim__checked_by",
                "claim__decided_by",
                "entry__created_by",
                "entry__rule__activity",
                "entry__unit",
            )
        )
        .prefetch_related("evidence")
        .filter(pk=pk)
        .first()
    )


def claim_shares(claim: Claim) -> list[ClaimShare]:
    return list(claim.shares.select_related("official__unit", "entry").order_by("-contribution", "pk"))


def open_appeal_for(*, official_id: int, claim: Claim | None = None, entry: LedgerEntry | None = None) -> Appeal | None:
    """The official's open appeal about ``claim`` or ``entry``, if there is one (one open appeal each)."""
    about = Q()
    if claim is not None:
        about |= Q(claim=claim)
    if entry is not None:
        about |= Q(entry=entry)
    if not about:
        return None
    return Appeal.objects.filter(about, official_id=official_id, state__in=OPEN_STATES).first()


# --- The chain that decided, and the panel -------------------------------------------------------------------

MADE = _("made the claim")
GRANTED = _("granted the claim")
CHECKED = _("checked the claim")
DECIDED = _("approved the claim")
REJECTED = _("rejected the claim")
SHARES = _("shares in the claim")
POSTED = _("posted the entry")
APPELLANT = _("is the appellant")


def _claim_chain(claim: Claim, chain: dict[int, Any]) -> None:
    def add(user_id: int | None, why: Any) -> None:
        if user_id is not None:
            chain.setdefault(user_id, why)

    add(claim.claimed_by_id, MADE)
    add(claim.granted_by_id, GRANTED)
    add(claim.checked_by_id, CHECKED)
    add(claim.decided_by_id, REJECTED if claim.state == ClaimState.REJECTED else DECIDED)
    if claim.state == ClaimState.REJECTED:
        # A rejection stamps no "rejected by" on the claim: the claim service's audit event is the record of who.
        rejecters = AuditEvent.objects.filter(
            target_type=Claim._meta.label_lower, target_id=str(claim.pk), verb="mileage.claim_rejected"
        ).values_list("actor_id", flat=True)
        for user_id in rejecters:
            add(user_id, REJECTED)
    for user_id in User.objects.filter(official__mileage_shares__claim=claim).values_list("pk", flat=True):
        add(user_id, SHARES)


def deciding_chain(appeal: Appeal) -> dict[int, Any]:
    """user id → why they cannot sit on (or decide) ``appeal``'s panel: the appellant, whoever made, granted,
    checked, approved or rejected the claim in dispute and the officials who share in it, whoever posted the
    entry in dispute. Cached on the appeal."""
    cached = getattr(appeal, "_deciding_chain", None)
    if cached is not None:
        return cached
    chain: dict[int, Any] = {}
    chain[appeal.filed_by_id] = APPELLANT
    for user_id in User.objects.filter(official_id=appeal.official_id).values_list("pk", flat=True):
        chain.setdefault(user_id, APPELLANT)
    if appeal.claim is not None:
        _claim_chain(appeal.claim, chain)
    entry = appeal.entry
    if entry is not None:
        if entry.created_by_id is not None:
            chain.setdefault(entry.created_by_id, POSTED)
        share = ClaimShare.objects.filter(entry=entry).select_related("claim").first()
        if share is not None and share.claim_id != appeal.claim_id:
            _claim_chain(share.claim, chain)
    appeal._deciding_chain = chain  # type: ignore[attr-defined]
    return chain


@dataclass(frozen=True)
class ChainStep:
    step: Any
    who: User | None
    when: datetime.datetime | None


def _rejecter(claim: Claim) -> User | None:
    event = (
        AuditEvent.objects.filter(
            target_type=Claim._meta.label_lower, target_id=str(claim.pk), verb="mileage.claim_rejected"
        )
        .select_related("actor")
        .order_by("-pk")
        .first()
    )
    return event.actor if event is not None else None


def chain_steps(appeal: Appeal) -> list[ChainStep]:
    """Who decided what the appeal disputes, step by step, for its page: the claim up the line (or the entry)."""
    steps: list[ChainStep] = []
    claim = appeal.claim
    if claim is not None:
        steps.append(ChainStep(_("Claimed"), claim.claimed_by, claim.created_at))
        if claim.granted_by_id:
            steps.append(ChainStep(_("Granted by the department head"), claim.granted_by, claim.granted_at))
        if claim.checked_by_id:
            steps.append(ChainStep(_("Checked by the bureau chief"), claim.checked_by, claim.checked_at))
        if claim.state == ClaimState.REJECTED:
            who = claim.decided_by if claim.decided_by_id else _rejecter(claim)
            steps.append(ChainStep(_("Rejected"), who, claim.decided_at or claim.updated_at))
        elif claim.decided_by_id:
            steps.append(ChainStep(_("Approved and posted"), claim.decided_by, claim.decided_at))
    elif appeal.entry is not None:
        steps.append(ChainStep(_("Posted to the ledger"), appeal.entry.created_by, appeal.entry.created_at))
    return steps


def panel_holders() -> QuerySet[User]:
    """Active users who hold the appeals-panel role today."""
    holders = RoleMembership.objects.active().filter(role=Role.APPEALS_PANEL).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True).select_related("official__unit").order_by("name", "pk")


def panel_candidates(appeal: Appeal) -> list[User]:
    """Who may sit on ``appeal``'s panel: appeals-panel members outside its deciding chain."""
    chain = deciding_chain(appeal)
    return [user for user in panel_holders() if user.pk not in chain]


def panel_excluded(appeal: Appeal) -> list[tuple[User, Any]]:
    """Appeals-panel members who may not sit on ``appeal``'s panel, each with the reason."""
    chain = deciding_chain(appeal)
    return [(user, chain[user.pk]) for user in panel_holders() if user.pk in chain]


def panel_open_count(user: Any) -> int:
    """How many open appeals wait for ``user``'s panel."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Appeal.objects.filter(panel=user, state__in=OPEN_STATES).count()
