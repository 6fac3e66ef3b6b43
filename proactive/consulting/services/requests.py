"""The requester's and the head's side of a pre-consulting request (DOMAIN.md §4.6): drafting, files, sending,
the head's approval, withdrawal, revision after a return, and the implementation report.

- **Drafting** (``create_request``, ``update_request``): any official; only a title is needed to keep a draft, the
  rest may follow. The request belongs to the requester's unit at the time (their head approves it) and to that
  unit's body (the city, a 구·군, a corporation or an affiliated body).
- **Sending** (``send_request``): the request must be complete (``missing_for_sending``): background, statutes, key
  issues, proposed handling, the self-check list (the relevant laws reviewed, every ticked item explained), the
  private-interest declaration and a contact. An official sends it to their department head (``awaiting_approval``;
  refused when no head of the unit has an account); a requester who heads their own unit submits it directly.
- **Approval** (``decide_approval``): the head submits it to the audit office, or sends it back with a comment.
- **Withdrawal** until the office answers; **revision** of a request returned for insufficient own review (back to
  a draft, sent again through the head).
- **Implementation** (``report_implementation``): followed as advised or not (then the reason), the date, a note and
  evidence files; the reviewers are told.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.audit.services import diff, record_event, snapshot
from proactive.consulting.enums import REQUIRED_CHECKS, RequestState, SelfCheckItem
from proactive.consulting.models import ConsultingRequest, Implementation, RequestFile
from proactive.consulting.queries import audit_office, body_of, heads_of
from proactive.consulting.rules import REQUEST_FILE_PURPOSE
from proactive.consulting.services.common import (
    KIND_APPROVAL,
    KIND_IMPLEMENTED,
    KIND_SENT_BACK,
    KIND_SUBMITTED,
    MAX_REASON,
    clean_text,
    detail_url,
    log,
    may,
    require,
    today,
)
from proactive.consulting.services.transitions import StepResult, step, transition_request
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.documents.services import store_upload
from proactive.notifications.services import notify

S = RequestState
FILE_KINDS = ("pdf", "hwp", "hwpx", "docx", "xlsx", "pptx", "jpeg", "png", "txt")
MAX_FILES = 10
TITLE_MAX = 200
EDITABLE_FIELDS = [
    "title",
    "background",
    "statutes",
    "issues",
    "proposed_handling",
    "self_check",
    "has_private_interest",
    "private_interest_detail",
    "contact_phone",
    "contact_email",
]


@dataclass
class RequestInput:
    """What the requester writes. ``self_check`` maps a ``SelfCheckItem`` to ``{"checked": bool, "note": str}``."""

    title: str = ""
    background: str = ""
    statutes: str = ""
    issues: str = ""
    proposed_handling: str = ""
    self_check: dict[str, dict[str, Any]] = field(default_factory=dict)
    has_private_interest: bool = False
    private_interest_detail: str = ""
    contact_phone: str = ""
    contact_email: str = ""


def _clean_self_check(raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
    unknown = set(raw) - set(SelfCheckItem.values)
    if unknown:
        raise DomainError(_("The self-check list has an unknown item."), code="unknown_check")
    cleaned = {}
    for item in SelfCheckItem.values:
        entry = raw.get(item) or {}
        note = clean_text(entry.get("note"), limit=2_000)
        cleaned[item] = {"checked": bool(entry.get("checked")), "note": note}
    return cleaned


def _apply(req: ConsultingRequest, data: RequestInput) -> None:
    req.title = clean_text(
        data.title, required_message=_("Please give the request a title."), code="title_required", limit=TITLE_MAX
    )
    req.background = clean_text(data.background)
    req.statutes = clean_text(data.statutes, limit=5_000)
    req.issues = clean_text(data.issues)
    req.proposed_handling = clean_text(data.proposed_handling)
    req.self_check = _clean_self_check(data.self_check or {})
    req.has_private_interest = bool(data.has_private_interest)
    req.private_interest_detail = clean_text(data.private_interest_detail, limit=2_000)
    if req.has_private_interest and not req.private_interest_detail:
        raise DomainError(
            _("Please describe the private interest you declare."), code="private_interest_detail_required"
        )
    if not req.has_private_interest:
        req.private_interest_detail = ""
    req.contact_phone = clean_text(data.contact_phone, limit=30)
    req.contact_email = clean_text(data.contact_email, limit=254)


@transaction.atomic
def create_request(*, actor: Any, data: RequestInput) -> ConsultingRequest:
    """Start a draft for ``actor`` (an official), in their current unit. Contact details default to their work
    phone and e-mail. Side effects: audit event ``consulting.request_created``, timeline entry ``created``."""
    require(actor, "consulting.create_request")
    official = getattr(actor, "official", None)
    if official is None:
        raise PermissionDeniedError(_("Only officials may ask for pre-consulting."))
    unit = official.unit
    req = ConsultingRequest(requester=actor, official=official, unit=unit, body=body_of(unit))
    data.contact_phone = data.contact_phone or official.phone
    data.contact_email = data.contact_email or official.email or actor.email
    _apply(req, data)
    req.save()
    record_event(actor=actor, verb="consulting.request_created", target=req, data={"unit": unit.pk})
    log(req, "created", actor=actor)
    return req


@transaction.atomic
def update_request(*, actor: Any, req: ConsultingRequest, data: RequestInput) -> ConsultingRequest:
    """Change a draft (only its requester, only while it is a draft). Side effects: audit event
    ``consulting.request_changed`` with the changed field names (not their text); nothing when nothing changed."""
    locked = ConsultingRequest.objects.select_for_update().get(pk=req.pk)
    require(actor, "consulting.edit_request", locked)
    before = snapshot(locked, EDITABLE_FIELDS)
    _apply(locked, data)
    changed = sorted(diff(locked, before, EDITABLE_FIELDS))
    if changed:
        locked.save()
        record_event(actor=actor, verb="consulting.request_changed", target=locked, data={"fields": changed})
    return locked


@transaction.atomic
def attach_file(*, actor: Any, req: ConsultingRequest, uploaded_file: Any) -> RequestFile:
    """Add a file to a draft (documents app: type, size and metadata checks, private storage). At most
    ``MAX_FILES``. Side effects: the document's own audit event; audit event ``consulting.file_added``."""
    require(actor, "consulting.edit_request", req)
    if req.files.filter(purpose=RequestFile.Purpose.REQUEST).count() >= MAX_FILES:
        raise DomainError(
            _("A request may have at most %(count)d files.") % {"count": MAX_FILES}, code="too_many_files"
        )
    document = store_upload(actor=actor, uploaded_file=uploaded_file, purpose=REQUEST_FILE_PURPOSE, allowed=FILE_KINDS)
    row = RequestFile.objects.create(request=req, document=document, added_on=today())
    record_event(actor=actor, verb="consulting.file_added", target=req, data={"document": str(document.pk)})
    return row


@transaction.atomic
def remove_file(*, actor: Any, req: ConsultingRequest, file_id: int) -> None:
    """Take a file off a draft (the document itself stays, as every document does). Side effect: audit event."""
    require(actor, "consulting.edit_request", req)
    row = req.files.filter(pk=file_id, purpose=RequestFile.Purpose.REQUEST).first()
    if row is None:
        raise DomainError(_("This file is not attached to the request."), code="no_such_file")
    row.delete()
    record_event(actor=actor, verb="consulting.file_removed", target=req, data={"document": str(row.document_id)})


def missing_for_sending(req: ConsultingRequest) -> list[str]:
    """What a request still lacks before it may be sent, as messages for the requester (empty when complete)."""
    missing = []
    for name, message in (
        ("background", _("the background and facts")),
        ("statutes", _("the statutes concerned")),
        ("issues", _("the key issues")),
        ("proposed_handling", _("the proposed handling")),
    ):
        if not getattr(req, name).strip():
            missing.append(message)
    checks = req.self_check or {}
    for item in REQUIRED_CHECKS:
        entry = checks.get(item) or {}
        if not entry.get("checked") or not entry.get("note"):
            missing.append(
                _("the self-check item “%(item)s”, ticked and explained") % {"item": SelfCheckItem(item).label}
            )
    for item in SelfCheckItem:
        entry = checks.get(item.value) or {}
        if item.value not in REQUIRED_CHECKS and entry.get("checked") and not entry.get("note"):
            missing.append(_("an explanation of the self-check item “%(item)s”") % {"item": item.label})
    if not (req.contact_phone or req.contact_email):
        missing.append(_("a contact phone number or e-mail address"))
    return missing


def _check_complete(req: ConsultingRequest) -> None:
    missing = missing_for_sending(req)
    if missing:
        raise DomainError(
            _("Before sending, please complete: %(items)s.") % {"items": ", ".join(str(m) for m in missing)},
            code="incomplete",
        )


def _tell_office(req: ConsultingRequest, actor: Any) -> list:
    def send() -> None:
        for officer in audit_office():
            notify(
                recipient=officer,
                kind=KIND_SUBMITTED,
                title=gettext_lazy("A pre-consulting request was submitted to the audit office"),
                body=req.title,
                url=detail_url(req),
                actor=actor,
            )

    return [send]


@step(S.DRAFT, S.AWAITING_APPROVAL)
def _send_to_head(actor: Any, req: ConsultingRequest) -> StepResult:
    _check_complete(req)
    heads = heads_of(req.unit)
    if not heads:
        raise DomainError(
            _(
                "No department head of your unit uses the system yet, so nobody can approve the request. Please "
                "ask the audit office for help."
            ),
            code="no_head",
        )
    req.sent_on = today()
    req.head_comment = ""

    def send() -> None:
        for head in heads:
            notify(
                recipient=head,
                kind=KIND_APPROVAL,
                title=gettext_lazy("A pre-consulting request awaits your approval"),
                body=req.title,
                url=detail_url(req),
                actor=actor,
            )

    return StepResult("sent_for_approval", {"heads": [h.pk for h in heads]}, [send])


@step(S.DRAFT, S.SUBMITTED)
def _submit_directly(actor: Any, req: ConsultingRequest) -> StepResult:
    _check_complete(req)
    day = today()
    req.sent_on = day
    req.submitted_on = day
    req.approved_by = actor
    req.head_comment = ""
    return StepResult("submitted", {"directly": True}, _tell_office(req, actor))


@step(S.AWAITING_APPROVAL, S.SUBMITTED)
def _approve(actor: Any, req: ConsultingRequest, *, comment: str = "") -> StepResult:
    req.head_comment = clean_text(comment, limit=2_000)
    req.submitted_on = today()
    req.approved_by = actor
    return StepResult("approved", {}, _tell_office(req, actor))


@step(S.AWAITING_APPROVAL, S.DRAFT)
def _send_back(actor: Any, req: ConsultingRequest, *, comment: str = "") -> StepResult:
    req.head_comment = clean_text(
        comment,
        required_message=_("Please tell the requester what to change."),
        code="comment_required",
        limit=2_000,
    )
    requester = req.requester

    def send() -> None:
        notify(
            recipient=requester,
            kind=KIND_SENT_BACK,
            title=gettext_lazy("Your head sent your pre-consulting request back"),
            body=req.head_comment,
            url=detail_url(req),
            actor=actor,
        )

    return StepResult("sent_back", {}, [send])


def _withdraw_step(actor: Any, req: ConsultingRequest, *, reason: str = "") -> StepResult:
    reason = clean_text(reason, limit=MAX_REASON)
    return StepResult("withdrawn", {"reason": reason} if reason else {})


for _source in (S.DRAFT, S.AWAITING_APPROVAL, S.SUBMITTED, S.RETURNED):
    step(_source, S.WITHDRAWN)(_withdraw_step)


@step(S.RETURNED, S.DRAFT)
def _revise(actor: Any, req: ConsultingRequest) -> StepResult:
    return StepResult("revised", {"return_reason": req.return_reason})


@step(S.OPINION_ISSUED, S.IMPLEMENTED)
def _implemented(
    actor: Any,
    req: ConsultingRequest,
    *,
    followed: bool | None = None,
    acted_on: date | None = None,
    note: str = "",
) -> StepResult:
    if followed is None:
        raise DomainError(_("Please say whether you followed the opinion."), code="followed_required")
    message = (
        _("Please describe what you did.") if followed else _("Please give the reason for not following the opinion.")
    )
    note = clean_text(note, required_message=message, code="note_required", limit=5_000)
    if acted_on is None:
        raise DomainError(_("Please give the date you acted."), code="acted_on_required")
    if acted_on > today():
        raise DomainError(_("The date you acted cannot be in the future."), code="acted_on_future")
    if acted_on < req.opinion.issued_on:
        raise DomainError(
            _("The date you acted cannot be before the opinion was issued (%(date)s).")
            % {"date": req.opinion.issued_on.isoformat()},
            code="acted_on_before_opinion",
        )
    Implementation.objects.create(
        request=req, followed=followed, acted_on=acted_on, note=note, reported_on=today(), reported_by=actor
    )
    reviewers = [a.reviewer for a in req.assignments.select_related("reviewer")]

    def send() -> None:
        for reviewer in reviewers:
            notify(
                recipient=reviewer,
                kind=KIND_IMPLEMENTED,
                title=gettext_lazy("The implementation of a pre-consulting opinion was reported"),
                body=req.title,
                url=detail_url(req),
                actor=actor,
            )

    return StepResult("implementation_reported", {"followed": followed, "acted_on": acted_on.isoformat()}, [send])


# --- Named wrappers ------------------------------------------------------------------------------------------


def send_request(*, actor: Any, req: ConsultingRequest) -> ConsultingRequest:
    """Send a complete draft on: to the requester's department head, or straight to the audit office when the
    requester heads their own unit. Side effects: audit event ``consulting.sent_for_approval`` or
    ``consulting.submitted``; the heads, or the audit office, are notified."""
    if may(actor, "consulting.submit_request_directly", req):
        return transition_request(actor=actor, req=req, to=S.SUBMITTED)
    return transition_request(actor=actor, req=req, to=S.AWAITING_APPROVAL)


def decide_approval(*, actor: Any, req: ConsultingRequest, approve: bool, comment: str = "") -> ConsultingRequest:
    """The head submits the request to the audit office (``approve``; an optional comment) or sends it back to the
    requester (a comment is required). Side effects: audit event ``consulting.approved`` / ``consulting.sent_back``;
    the audit office, or the requester, is notified."""
    return transition_request(actor=actor, req=req, to=S.SUBMITTED if approve else S.DRAFT, comment=comment)


def withdraw_request(*, actor: Any, req: ConsultingRequest, reason: str = "") -> ConsultingRequest:
    """The requester withdraws a request the office has not answered (or accepted) yet. Side effect: audit event."""
    return transition_request(actor=actor, req=req, to=S.WITHDRAWN, reason=reason)


def revise_request(*, actor: Any, req: ConsultingRequest) -> ConsultingRequest:
    """A request returned for insufficient own review goes back to a draft, to be completed and sent again."""
    return transition_request(actor=actor, req=req, to=S.DRAFT)


def report_implementation(
    *,
    actor: Any,
    req: ConsultingRequest,
    followed: bool | None,
    acted_on: date | None,
    note: str,
    files: Sequence[Any] = (),
) -> ConsultingRequest:
    """The requester reports how they acted on the opinion, with evidence files. Side effects: audit event
    ``consulting.implementation_reported``, the files as documents, the reviewers notified."""
    if len(files) > MAX_FILES:
        raise DomainError(_("Attach at most %(count)d files at a time.") % {"count": MAX_FILES}, code="too_many_files")
    with transaction.atomic():
        result = transition_request(
            actor=actor, req=req, to=S.IMPLEMENTED, followed=followed, acted_on=acted_on, note=note
        )
        for uploaded in files:
            document = store_upload(
                actor=actor, uploaded_file=uploaded, purpose=REQUEST_FILE_PURPOSE, allowed=FILE_KINDS
            )
            RequestFile.objects.create(
                request=result, document=document, purpose=RequestFile.Purpose.IMPLEMENTATION, added_on=today()
            )
    return result
