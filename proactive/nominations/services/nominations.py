"""Writes for nominations: drafts, the team, evidence, the workflow, matching a citizen's nominee, and consent.

Every state change goes through ``transition_nomination``, which applies ``workflow.NOMINATION_TRANSITIONS``.
See docs/workflows/nomination.md.
"""

from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.models import Official
from proactive.audit.services import diff, record_event, snapshot
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.core.workflow import TransitionTable, check_transition
from proactive.documents.models import Document
from proactive.documents.services import store_upload
from proactive.nominations.enums import (
    CaseType,
    Consent,
    NominationState,
    NominatorType,
    RoundPhase,
)
from proactive.nominations.models import Nomination, NominationMember, SelectionRound
from proactive.nominations.queries.nominations import find_duplicate
from proactive.nominations.rules.nominations import EVIDENCE_PURPOSE
from proactive.nominations.services import rounds as round_services
from proactive.nominations.workflow import NOMINATION_TRANSITIONS
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify

S = NominationState

# What a nominator writes; the rest (state, nominator, dates, duplicate flag) is set by the services.
DRAFT_FIELDS = [
    "case_type",
    "title",
    "summary",
    "problem",
    "action",
    "outcome",
    "quantified_results",
    "period_from",
    "period_to",
    "regulation_improved",
    "regulation_detail",
    "nominee_name_given",
    "nominee_unit_given",
]

KIND_SUBMITTED = "nominations.submitted"
KIND_RETURNED = "nominations.returned"
KIND_VERIFIED = "nominations.verified"
KIND_REJECTED = "nominations.rejected"
KIND_CONSENT_REQUESTED = "nominations.consent_requested"
KIND_MERGED = "nominations.merged"


def register_notification_kinds() -> None:
    """Declare this module's notification kinds. Called from ``NominationsConfig.ready``."""
    register_kind(KIND_SUBMITTED, gettext_lazy("A nomination you are part of was submitted"))
    register_kind(KIND_RETURNED, gettext_lazy("A nomination was returned for more information"))
    register_kind(KIND_VERIFIED, gettext_lazy("A nomination's results were verified"))
    register_kind(KIND_REJECTED, gettext_lazy("A nomination was rejected"))
    register_kind(KIND_CONSENT_REQUESTED, gettext_lazy("You are asked to consent to publication of your name"))
    register_kind(KIND_MERGED, gettext_lazy("A nomination was merged with another of the same achievement"))


class IncompleteNominationError(DomainError):
    """Submission refused because required items are missing; ``missing`` lists the field names."""

    def __init__(self, message: str, *, missing: list[str]) -> None:
        super().__init__(message, code="incomplete")
        self.missing = missing


# --- Guards ------------------------------------------------------------------------------------------------


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def window_allows_changes(nomination: Nomination, *, now=None) -> bool:
    """Drafts change only while the round's nomination window is open. A nomination returned for more
    information may also be changed and resubmitted during verification, when the window is already closed."""
    selection_round = nomination.round
    if selection_round.nominations_open(now):
        return True
    return nomination.state == S.RETURNED and selection_round.phase(now) == RoundPhase.VERIFICATION


def _require_window(selection_round: SelectionRound, nomination: Nomination | None = None) -> None:
    open_now = window_allows_changes(nomination) if nomination is not None else selection_round.nominations_open()
    if not open_now:
        raise DomainError(
            _(
                "Nominations for %(round)s are not open now (window: %(opens)s – %(closes)s). "
                "Nothing was saved; what you entered is still in the form."
            )
            % {
                "round": selection_round.title,
                "opens": _local(selection_round.nominations_open_at),
                "closes": _local(selection_round.nominations_close_at),
            },
            code="window_closed",
        )


def _freeze_round_config(selection_round: SelectionRound) -> None:
    # The round's configuration must be frozen once nominations are accepted; the rounds service owns that.
    ensure_config_frozen = getattr(round_services, "ensure_config_frozen", None)
    if callable(ensure_config_frozen):
        ensure_config_frozen(selection_round)


def _require_perm(actor: Any, perm: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDeniedError(_("You do not have permission to do this."))


def _clean_period(data: Mapping[str, Any]) -> None:
    start, end = data.get("period_from"), data.get("period_to")
    if start and end and start > end:
        raise DomainError(_("The work period must end on or after the day it starts."), code="period")


def _assign(nomination: Nomination, data: Mapping[str, Any]) -> None:
    for name in DRAFT_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name not in ("period_from", "period_to"):
                value = ""
            setattr(nomination, name, value)


def _detail_url(nomination: Nomination) -> str:
    return reverse("nominations:nomination-detail", args=[nomination.pk])


def _team_accounts(nomination: Nomination) -> list[Any]:
    """Sign-in accounts of the team's officials (officials without an account cannot be notified)."""
    members = nomination.members.select_related("official__user").filter(official__user__isnull=False)
    return [m.official.user for m in members if m.official.user.is_active]


def _tell(nomination: Nomination, *, kind: str, title: Any, body: Any = "", actor: Any) -> None:
    recipients = {nomination.nominated_by_id: nomination.nominated_by}
    for user in _team_accounts(nomination):
        recipients.setdefault(user.pk, user)
    for user in recipients.values():
        notify(recipient=user, kind=kind, title=title, body=body, url=_detail_url(nomination), actor=actor)


def _ask_consent(nomination: Nomination, members: Iterable[NominationMember], *, actor: Any) -> None:
    for member in members:
        user = getattr(member.official, "user", None)
        if member.consent == Consent.PENDING and user is not None and user.is_active:
            notify(
                recipient=user,
                kind=KIND_CONSENT_REQUESTED,
                title=gettext_lazy("Please say whether your name and photo may be published"),
                body=gettext_lazy("You are named in a nomination for the proactive administration awards."),
                url=reverse("nominations:nomination-consent", args=[member.pk]),
                actor=actor,
            )


# --- Drafts ------------------------------------------------------------------------------------------------


@transaction.atomic
def create_draft(*, actor: Any, selection_round: SelectionRound, data: Mapping[str, Any]) -> Nomination:
    """Start a nomination to ``selection_round`` as a draft, kept for the nominator until they submit it.

    Rules: the actor may nominate (department head or official for their own department, or a verified citizen);
    the round's nomination window is open. Department nominations are made for the nominator's own unit.
    Side effects: the round's configuration frozen (if not yet); the Nomination row; audit ``nominations.created``.
    """
    _require_perm(actor, "nominations.create_nomination")
    _require_window(selection_round)
    _clean_period(data)
    _freeze_round_config(selection_round)
    is_citizen = getattr(actor, "is_citizen", False)
    official = None if is_citizen else getattr(actor, "official", None)
    nomination = Nomination(
        round=selection_round,
        nominated_by=actor,
        nominator_type=NominatorType.CITIZEN if is_citizen else NominatorType.DEPARTMENT,
        nominating_unit=official.unit if official is not None else None,
    )
    _assign(nomination, data)
    if not is_citizen:
        nomination.nominee_name_given = nomination.nominee_unit_given = ""
    nomination.save()
    record_event(
        actor=actor,
        verb="nominations.created",
        target=nomination,
        data={"round": selection_round.pk, "nominator_type": nomination.nominator_type},
    )
    return nomination


@transaction.atomic
def update_draft(*, actor: Any, nomination: Nomination, data: Mapping[str, Any]) -> Nomination:
    """Change what the nominator wrote. Only while the nomination is a draft or returned, and the window allows.

    Side effects: the round's configuration frozen (if not yet); audit ``nominations.updated`` with the changes.
    """
    nomination = Nomination.objects.select_for_update().select_related("round").get(pk=nomination.pk)
    _require_perm(actor, "nominations.edit_nomination", nomination)
    _require_window(nomination.round, nomination)
    _clean_period(data)
    _freeze_round_config(nomination.round)
    before = snapshot(nomination, DRAFT_FIELDS)
    _assign(nomination, data)
    if nomination.nominator_type != NominatorType.CITIZEN:
        nomination.nominee_name_given = nomination.nominee_unit_given = ""
    changes = diff(nomination, before, DRAFT_FIELDS)
    if changes:
        nomination.save(update_fields=[*changes, "updated_at"])
        record_event(actor=actor, verb="nominations.updated", target=nomination, changes=changes)
    return nomination


@transaction.atomic
def set_members(*, actor: Any, nomination: Nomination, members: list[Mapping[str, Any]]) -> list[NominationMember]:
    """Replace the team: each item has ``official`` (an Official or its id), ``role`` and ``contribution`` (%).

    Rules: the nomination is editable now; each official once; contributions add up to 100; a department
    nomination has at least one member (a citizen's may have none until the secretariat matches the nominee).
    Officials who stay on the team keep their consent answer.
    Side effects: the member rows; audit ``nominations.team_set`` with the old and new team.
    """
    nomination = Nomination.objects.select_for_update().select_related("round").get(pk=nomination.pk)
    _require_perm(actor, "nominations.edit_nomination", nomination)
    if nomination.nominator_type == NominatorType.CITIZEN:
        raise DomainError(
            _("The official a citizen names is matched to the organisation chart by the secretariat."),
            code="citizen_team",
        )
    _require_window(nomination.round, nomination)
    return _replace_team(actor=actor, nomination=nomination, members=members)


def _replace_team(*, actor: Any, nomination: Nomination, members: list[Mapping[str, Any]]) -> list[NominationMember]:
    rows: list[tuple[int, str, int]] = []
    for item in members:
        official = item["official"]
        official_id = official.pk if isinstance(official, Official) else int(official)
        rows.append((official_id, (item.get("role") or "").strip(), int(item["contribution"])))
    ids = [r[0] for r in rows]
    if len(set(ids)) != len(ids):
        raise DomainError(_("Each official can be on the team only once."), code="duplicate_member")
    if nomination.nominator_type == NominatorType.DEPARTMENT and not rows:
        raise DomainError(_("A department nomination needs at least one team member."), code="no_members")
    if any(not 1 <= c <= 100 for _o, _r, c in rows):
        raise DomainError(_("Each contribution must be between 1 and 100 %."), code="contribution_range")
    total = sum(c for _o, _r, c in rows)
    if rows and total != 100:
        raise DomainError(
            _("The contributions must add up to 100 %% (they add up to %(total)s %%).") % {"total": total},
            code="contribution_total",
        )
    if Official.objects.filter(pk__in=ids).count() != len(ids):
        raise DomainError(_("A team member is not in the organisation chart."), code="unknown_official")
    existing = {m.official_id: m for m in nomination.members.all()}
    before = sorted((m.official_id, m.role, m.contribution) for m in existing.values())
    nomination.members.exclude(official_id__in=ids).delete()
    saved: list[NominationMember] = []
    for official_id, role, contribution in rows:
        member = existing.get(official_id) or NominationMember(nomination=nomination, official_id=official_id)
        member.role, member.contribution = role, contribution
        member.save()
        saved.append(member)
    after = sorted(rows)
    if before != after:
        record_event(
            actor=actor,
            verb="nominations.team_set",
            target=nomination,
            changes={"team": [[list(r) for r in before], [list(r) for r in after]]},
        )
    return saved


@transaction.atomic
def attach_evidence(*, actor: Any, nomination: Nomination, uploaded_file: Any) -> Document:
    """Store an evidence file and attach it to the nomination (readable by nominator, team and secretariat).

    Side effects: the Document (``documents.uploaded`` audit event); audit ``nominations.evidence_attached``.
    """
    nomination = Nomination.objects.select_for_update().select_related("round").get(pk=nomination.pk)
    _require_perm(actor, "nominations.edit_nomination", nomination)
    _require_window(nomination.round, nomination)
    document = store_upload(actor=actor, uploaded_file=uploaded_file, purpose=EVIDENCE_PURPOSE)
    nomination.evidence.add(document)
    record_event(
        actor=actor,
        verb="nominations.evidence_attached",
        target=nomination,
        data={"document": str(document.pk), "name": document.original_name},
    )
    return document


# --- The workflow ------------------------------------------------------------------------------------------


def missing_for_submission(nomination: Nomination) -> list[tuple[str, str]]:
    """(field, label) of every required item still missing."""
    missing: list[tuple[str, str]] = []
    fields = Nomination._meta

    def need(name: str) -> None:
        if not str(getattr(nomination, name) or "").strip():
            missing.append((name, str(getattr(fields.get_field(name), "verbose_name", name))))

    need("title")
    need("summary")
    if nomination.case_type == CaseType.BEST_PRACTICE:
        need("problem")
        need("action")
        need("outcome")
    if nomination.regulation_improved:
        need("regulation_detail")
    has_members = nomination.members.exists()
    if nomination.nominator_type == NominatorType.DEPARTMENT and not has_members:
        missing.append(("members", _("at least one team member")))
    if nomination.nominator_type == NominatorType.CITIZEN and not has_members:
        need("nominee_name_given")
        need("nominee_unit_given")
    return missing


def _check_complete(nomination: Nomination) -> None:
    missing = missing_for_submission(nomination)
    if missing:
        raise IncompleteNominationError(
            _("The nomination cannot be submitted yet. Please fill in: %(items)s.")
            % {"items": ", ".join(label for _name, label in missing)},
            missing=[name for name, _label in missing],
        )


_VERBS: dict[str, str] = {
    S.SUBMITTED: "nominations.submitted",
    S.RETURNED: "nominations.returned",
    S.VERIFIED: "nominations.verified",
    S.REJECTED: "nominations.rejected",
    S.WITHDRAWN: "nominations.withdrawn",
    S.MERGED: "nominations.merged",
}
MERGE_TARGET_STATES = frozenset({S.SUBMITTED, S.RETURNED, S.VERIFIED})


@transaction.atomic
def transition_nomination(
    nomination: Nomination, *, to: str, actor: Any, reason: str = "", into: Nomination | None = None
) -> Nomination:
    """Move ``nomination`` to ``to`` as ``NOMINATION_TRANSITIONS`` allows for ``actor``.

    Rules: submitting needs the window open (or, for a returned nomination, verification under way) and every
    required item (``missing_for_submission``); returning and rejecting need a reason, which the nominator sees.
    Side effects, in order: the state (and submitted_at / reason / duplicate flag) written; on submit, the round's
    configuration frozen and a possible duplicate flagged for the secretariat; audit ``nominations.<verb>``;
    notifications to the nominator and the team (on submit, consent requests to members not yet asked).
    Merging (``to=MERGED``, the same achievement nominated twice) needs ``into``: another live nomination of the
    same round; the team members and evidence it lacks are added to it, and this one points at it for good.
    """
    nomination = Nomination.objects.select_for_update().select_related("round", "nominated_by").get(pk=nomination.pk)
    old = nomination.state
    check_transition(cast(TransitionTable, NOMINATION_TRANSITIONS), obj=nomination, current=old, to=to, actor=actor)
    reason = (reason or "").strip()
    fields = ["state", "updated_at"]
    data: dict[str, Any] = {}
    if to == S.SUBMITTED:
        _require_window(nomination.round, nomination)
        _check_complete(nomination)
        _freeze_round_config(nomination.round)
        nomination.submitted_at = timezone.now()
        nomination.decision_reason = ""
        duplicate = find_duplicate(nomination)
        nomination.duplicate_of = duplicate
        fields += ["submitted_at", "decision_reason", "duplicate_of"]
        if duplicate is not None:
            data["duplicate_of"] = duplicate.pk
    elif to in (S.RETURNED, S.REJECTED):
        if not reason:
            raise DomainError(_("Please give a reason; the nominator will see it."), code="reason_required")
        nomination.decision_reason = reason
        fields.append("decision_reason")
    elif to == S.VERIFIED:
        nomination.decision_reason = ""
        fields.append("decision_reason")
    elif to == S.MERGED:
        into = _check_merge_target(nomination, into)
        data |= {"into": into.pk, **_absorb(into, nomination, actor=actor)}
        nomination.duplicate_of = into
        nomination.decision_reason = reason
        fields += ["duplicate_of", "decision_reason"]
    nomination.state = to
    nomination.save(update_fields=fields)
    if reason:
        data["reason"] = reason
    record_event(actor=actor, verb=_VERBS[to], target=nomination, changes={"state": [str(old), str(to)]}, data=data)
    if to == S.SUBMITTED:
        _tell(nomination, kind=KIND_SUBMITTED, title=gettext_lazy("A nomination was submitted"), actor=actor)
        _ask_consent(nomination, nomination.members.select_related("official__user"), actor=actor)
    elif to == S.RETURNED:
        _tell(
            nomination,
            kind=KIND_RETURNED,
            title=gettext_lazy("A nomination was returned for more information"),
            body=reason,
            actor=actor,
        )
    elif to == S.VERIFIED:
        _tell(nomination, kind=KIND_VERIFIED, title=gettext_lazy("A nomination's results were verified"), actor=actor)
    elif to == S.REJECTED:
        _tell(nomination, kind=KIND_REJECTED, title=gettext_lazy("A nomination was rejected"), body=reason, actor=actor)
    elif to == S.MERGED:
        assert into is not None
        body = gettext_lazy("It continues as “%(title)s”.") % {"title": into.title}
        title = gettext_lazy("A nomination was merged with another of the same achievement")
        _tell(nomination, kind=KIND_MERGED, title=title, body=body, actor=actor)
        _tell(into, kind=KIND_MERGED, title=title, body=body, actor=actor)
    return nomination


def _check_merge_target(nomination: Nomination, into: Nomination | None) -> Nomination:
    if into is None:
        raise DomainError(_("Choose the nomination to merge this one into."), code="merge_target_required")
    into = Nomination.objects.select_for_update().get(pk=into.pk)
    if into.pk == nomination.pk:
        raise DomainError(_("A nomination cannot be merged into itself."), code="merge_into_self")
    if into.round_id != nomination.round_id:
        raise DomainError(_("Only nominations of the same round can be merged."), code="merge_other_round")
    if into.state not in MERGE_TARGET_STATES:
        raise DomainError(
            _("The nomination to keep must be submitted, returned or verified."), code="merge_target_state"
        )
    return into


def _absorb(into: Nomination, merged: Nomination, *, actor: Any) -> dict[str, list]:
    """Add the merged nomination's team members and evidence that ``into`` lacks; return what was added."""
    present = set(into.members.values_list("official_id", flat=True))
    added = [
        NominationMember(nomination=into, official_id=m.official_id, role=m.role, contribution=m.contribution)
        for m in merged.members.all()
        if m.official_id not in present
    ]
    NominationMember.objects.bulk_create(added)
    have = set(into.evidence.values_list("pk", flat=True))
    new_documents = [d for d in merged.evidence.all() if d.pk not in have]
    into.evidence.add(*new_documents)
    documents = [str(d.pk) for d in new_documents]
    officials = sorted(m.official_id for m in added)
    record_event(
        actor=actor,
        verb="nominations.merged_in",
        target=into,
        data={"from": merged.pk, "members_added": officials, "evidence_added": documents},
    )
    if added:
        _ask_consent(into, into.members.filter(official_id__in=officials).select_related("official__user"), actor=actor)
    return {"members_added": officials, "evidence_added": documents}


def merge_nomination(*, actor: Any, nomination: Nomination, into: Nomination, reason: str = "") -> Nomination:
    return transition_nomination(nomination, to=S.MERGED, actor=actor, reason=reason, into=into)


@transaction.atomic
def dismiss_duplicate_flag(*, actor: Any, nomination: Nomination) -> Nomination:
    """The secretariat finds that a flagged nomination is not the same achievement: the flag is cleared."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    _require_perm(actor, "nominations.verify_nomination", nomination)
    if nomination.state == S.MERGED or nomination.duplicate_of_id is None:
        raise DomainError(_("This nomination is not flagged as a possible duplicate."), code="not_flagged")
    old = nomination.duplicate_of_id
    nomination.duplicate_of = None
    nomination.save(update_fields=["duplicate_of", "updated_at"])
    record_event(
        actor=actor, verb="nominations.duplicate_dismissed", target=nomination, changes={"duplicate_of": [old, None]}
    )
    return nomination


def submit_nomination(*, actor: Any, nomination: Nomination) -> Nomination:
    return transition_nomination(nomination, to=S.SUBMITTED, actor=actor)


def withdraw_nomination(*, actor: Any, nomination: Nomination) -> Nomination:
    return transition_nomination(nomination, to=S.WITHDRAWN, actor=actor)


def verify_nomination(*, actor: Any, nomination: Nomination) -> Nomination:
    return transition_nomination(nomination, to=S.VERIFIED, actor=actor)


def return_nomination(*, actor: Any, nomination: Nomination, reason: str) -> Nomination:
    return transition_nomination(nomination, to=S.RETURNED, actor=actor, reason=reason)


def reject_nomination(*, actor: Any, nomination: Nomination, reason: str) -> Nomination:
    return transition_nomination(nomination, to=S.REJECTED, actor=actor, reason=reason)


# --- Citizen nominations and consent ------------------------------------------------------------------------


@transaction.atomic
def match_citizen_nominee(*, actor: Any, nomination: Nomination, official: Official) -> NominationMember:
    """The secretariat matches the official a citizen named to the org chart: the official becomes the sole
    team member (100 %) and is asked for consent.

    Rules: secretariat only; citizen nominations only; not once withdrawn, rejected or verified.
    Side effects: the member row (replacing any earlier match); audit ``nominations.nominee_matched``;
    a consent request to the official's account, if they have one.
    """
    nomination = Nomination.objects.select_for_update().select_related("round").get(pk=nomination.pk)
    _require_perm(actor, "nominations.verify_nomination", nomination)
    if nomination.nominator_type != NominatorType.CITIZEN:
        raise DomainError(_("Only a citizen's nomination is matched to the organisation chart."), code="not_citizen")
    if nomination.state in (S.WITHDRAWN, S.REJECTED, S.VERIFIED):
        raise DomainError(_("This nomination can no longer be changed."), code="closed")
    previous = list(nomination.members.values_list("official__employee_no", flat=True))
    _replace_team(actor=actor, nomination=nomination, members=[{"official": official, "role": "", "contribution": 100}])
    member = nomination.members.select_related("official__user").get(official=official)
    record_event(
        actor=actor,
        verb="nominations.nominee_matched",
        target=nomination,
        changes={"nominee": [previous, [official.employee_no]]},
        data={"name_given": nomination.nominee_name_given, "unit_given": nomination.nominee_unit_given},
    )
    _ask_consent(nomination, [member], actor=actor)
    return member


@transaction.atomic
def answer_consent(*, actor: Any, member: NominationMember, consent: str) -> NominationMember:
    """The team member says whether their name and photo may be published. They may change their answer.

    Side effects: consent and the time written; audit ``nominations.consent_answered``.
    """
    member = NominationMember.objects.select_for_update().get(pk=member.pk)
    _require_perm(actor, "nominations.answer_consent", member)
    if consent not in (Consent.GIVEN, Consent.REFUSED):
        raise DomainError(_("Please say whether you consent or refuse."), code="consent_choice")
    old = member.consent
    member.consent = consent
    member.consent_at = timezone.now()
    member.save(update_fields=["consent", "consent_at"])
    record_event(
        actor=actor,
        verb="nominations.consent_answered",
        target=member.nomination,
        changes={"consent": [str(old), str(consent)]},
        data={"member": member.pk},
    )
    return member
