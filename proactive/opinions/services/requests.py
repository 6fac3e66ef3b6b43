"""Opinion requests (의견제시) and ex-post ratifications (사후 추인), DOMAIN.md §4.2: drafts, the workflow, the
committee's decision, how the requester acted on it, deadlines.

**Workflow** (``workflow.REQUEST_TRANSITIONS``, applied only by ``transition_request``; the named wrappers below all
go through it)::

    draft ─submit─▶ submitted ─screen─▶ accepted ─[ask audit ─▶ audit_requested ─answer─▶ audit_given]─▶ on_agenda
                              ─screen─▶ returned ─edit, resubmit─▶ submitted
                              ─screen─▶ rejected                                                          [end]
    on_agenda ─committee─▶ opinion_issued ─acted─▶ acted_on | returned | ratified | not_ratified       [end]

- **Draft** (``create_request``, ``update_request``, files): any official, also the staff of a local public
  enterprise; the body and its kind come from their unit (``queries.body_of``).
- **Submit**: everything the committee needs must be there (``missing_parts``); the requester's name, rank and
  department are frozen, a reference number (``2026-0001``) is given on the first submission, and the
  secretariat is told.
- **Screen** (secretariat): accept only when the case is in scope (a case blocked by a regulation tied to a permit,
  or by unclear law), the private interest has been checked and the facts suffice; the answer is then due in the
  configured days (``OpinionSettings``: calendar or business days). Return for more information or reject as out
  of scope with a reason the requester reads.
- **Audit office** (optional): the secretariat asks an audit officer, who writes an opinion and says whether the
  audit office objects. Since the 2025 amendment, a committee opinion given after the audit body's opinion (without
  its objection) is also presumed to exempt the official at the BAI stage.
- **Table**: the secretariat puts the request before the committee (``committee.services.agenda.table_item``). The
  committee's decision arrives through ``on_decided`` in the committee's transaction: the resolution becomes the
  opinion, numbered in this app's series (``services.decisions``), rendered as a PDF after the commit, and the
  requester is told. "Returned" by the committee sends it back to the requester.
- **Acted on**: the requester records the date, what was done and evidence files.
- **Withdraw**: the requester, until the request is before the committee.

Every change locks the request row and writes an audit event ``opinions.<verb>`` and an entry on the request's
own timeline; notifications are sent after the commit.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, cast

from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext

from proactive.audit.services import record_event
from proactive.committee.services.agenda import table_item
from proactive.core import deadlines
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.core.workflow import TransitionTable, check_transition
from proactive.documents.services import store_upload
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify
from proactive.opinions import queries
from proactive.opinions.enums import (
    EDITABLE_STATES,
    SLA_STATES,
    CommitteeOutcome,
    PermitType,
    PrivateInterest,
    RequestKind,
    RequestState,
)
from proactive.opinions.models import Event, Extension, OpinionRequest, OpinionSettings, Statute
from proactive.opinions.rules import EVIDENCE_PURPOSE, FILE_PURPOSE
from proactive.opinions.services import decisions
from proactive.opinions.services.common import (
    MAX_REASON,
    MAX_TEXT,
    log,
    may,
    require,
    secretariat_users,
    text,
    today,
)
from proactive.opinions.workflow import COMMITTEE, REQUEST_TRANSITIONS

S = RequestState

KIND_SUBMITTED = "opinions.submitted"
KIND_SCREENED = "opinions.screened"
KIND_AUDIT_ASKED = "opinions.audit_opinion_asked"
KIND_AUDIT_GIVEN = "opinions.audit_opinion_given"
KIND_DECIDED = "opinions.decided"
KIND_OVERDUE = "opinions.overdue"

REQUEST = "opinions.request_opinion"
EDIT = "opinions.edit_request"
HANDLE = "opinions.handle_request"

MAX_FILES = 10
MAX_STATUTES = 20
TEXT_FIELDS = [
    "title",
    "facts",
    "question",
    "options",
    "own_review",
    "action_taken",
    "urgency",
    "disaster_context",
    "private_interest_details",
]
DRAFT_FIELDS = [*TEXT_FIELDS, "permit_type", "private_interest", "taken_on"]


def register_notification_kinds() -> None:
    """Declare this app's notification kinds. Called from ``views.requests.register``."""
    register_kind(KIND_SUBMITTED, gettext_lazy("A request to the committee was submitted"))
    register_kind(KIND_SCREENED, gettext_lazy("The screening of your request to the committee"))
    register_kind(KIND_AUDIT_ASKED, gettext_lazy("The audit office's opinion on a request to the committee is asked"))
    register_kind(KIND_AUDIT_GIVEN, gettext_lazy("The audit office gave its opinion on a request to the committee"))
    register_kind(KIND_DECIDED, gettext_lazy("The committee decided on your request"))
    register_kind(KIND_OVERDUE, gettext_lazy("Requests to the committee are overdue"))


def detail_url(request: OpinionRequest) -> str:
    return f"/opinions/{request.pk}/"


def _later(message: Any, **values: Any) -> Any:
    """``message % values``, rendered when shown (in the recipient's language), not now."""
    return lazy(lambda: str(message) % values, str)()


# --- Drafts --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatuteInput:
    """One statute or ordinance article the request concerns: the law, the article, its text or a reference."""

    law: str
    article: str = ""
    text: str = ""


def _clean_statutes(items: Sequence[StatuteInput]) -> list[StatuteInput]:
    cleaned = []
    for item in items:
        law, article, body = (item.law or "").strip(), (item.article or "").strip(), (item.text or "").strip()
        if not (law or article or body):
            continue
        if not law:
            raise DomainError(_("Please name the statute or ordinance of each article."), code="statute_law_required")
        if len(law) > 200 or len(article) > 100 or len(body) > MAX_TEXT:
            raise DomainError(_("A statute entry is too long."), code="too_long")
        cleaned.append(StatuteInput(law=law, article=article, text=body))
    if len(cleaned) > MAX_STATUTES:
        raise DomainError(
            _("List at most %(count)d statutes or articles.") % {"count": MAX_STATUTES}, code="too_many_statutes"
        )
    return cleaned


def _apply(request: OpinionRequest, data: dict[str, Any]) -> list[str]:
    """Copy the draft fields of ``data`` onto ``request`` after checking them; the names of the changed fields."""
    changed = []
    for name in DRAFT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in TEXT_FIELDS:
            value = (value or "").strip()
            limit = 200 if name == "title" else MAX_TEXT
            if len(value) > limit:
                raise DomainError(
                    _("The text is too long (at most %(count)s characters).") % {"count": f"{limit:,}"},
                    code="too_long",
                )
        elif name == "permit_type":
            value = value or ""
            if value and value not in PermitType.values:
                raise DomainError(_("Please choose the kind of permit from the list."), code="permit_type_invalid")
        elif name == "private_interest":
            value = value or ""
            if value and value not in PrivateInterest.values:
                raise DomainError(_("Please choose one of the private-interest answers."), code="interest_invalid")
        elif name == "taken_on" and value is not None and not isinstance(value, date):
            raise DomainError(_("Enter a valid date."), code="taken_on_invalid")
        if getattr(request, name) != value:
            setattr(request, name, value)
            changed.append(name)
    if not request.title:
        raise DomainError(_("Please give the case a title."), code="title_required")
    return changed


def _store_files(request: OpinionRequest, actor: Any, uploaded: Sequence[Any], *, purpose: str, field: str) -> list:
    if len(uploaded) > MAX_FILES:
        raise DomainError(_("Attach at most %(count)d files at a time.") % {"count": MAX_FILES}, code="too_many_files")
    documents = [store_upload(actor=actor, uploaded_file=f, purpose=purpose) for f in uploaded]
    if documents:
        getattr(request, field).add(*documents)
    return documents


def _write_statutes(request: OpinionRequest, items: list[StatuteInput]) -> None:
    request.statutes.all().delete()
    Statute.objects.bulk_create(
        [
            Statute(request=request, law=item.law, article=item.article, text=item.text, position=index)
            for index, item in enumerate(items, start=1)
        ]
    )


def _freeze_requester(request: OpinionRequest, actor: Any) -> None:
    """The requester's name, rank, department and body as they are now."""
    official = getattr(actor, "official", None)
    request.requester_name = (getattr(actor, "name", "") or getattr(official, "name", "") or str(actor))[:60]
    if official is not None:
        request.requester_rank = (official.rank or "")[:30]
        unit = official.unit
        request.unit = unit
        request.unit_name = unit.name[:200]
        request.agency, request.agency_kind = queries.body_of(unit)


@transaction.atomic
def create_request(
    *,
    actor: Any,
    kind: str = RequestKind.OPINION,
    data: dict[str, Any],
    statutes: Sequence[StatuteInput] = (),
    files: Sequence[Any] = (),
    submit: bool = False,
) -> OpinionRequest:
    """Start a draft request (an opinion or an ex-post ratification) for ``actor``, who must be an official, and
    submit it at once when ``submit`` is true (all or nothing: a refused submission stores no draft either).

    Only a title is needed for a draft; ``submit_request`` checks the rest. Raises ``PermissionDeniedError`` (not an
    official, or a superuser) or ``DomainError`` (a value refused; then nothing is stored). Side effects: the
    files stored as private documents (``documents.uploaded`` events); an audit event ``opinions.request_created``;
    the timeline's first entry.
    """
    require(actor, REQUEST, message=_("Only officials may ask the committee."))
    if kind not in RequestKind.values:
        raise DomainError(_("Unknown kind of request."), code="kind_invalid")
    request = OpinionRequest(kind=kind, requester=actor)
    _apply(request, data)
    cleaned = _clean_statutes(statutes)
    _freeze_requester(request, actor)
    request.save()
    _write_statutes(request, cleaned)
    stored = _store_files(request, actor, files, purpose=FILE_PURPOSE, field="files")
    record_event(
        actor=actor,
        verb="opinions.request_created",
        target=request,
        data={"kind": kind, "statutes": len(cleaned), "files": len(stored)},
    )
    log(request, "created", actor=actor)
    if submit:
        return submit_request(actor=actor, request=request)
    return request


@transaction.atomic
def update_request(
    *,
    actor: Any,
    request: OpinionRequest,
    data: dict[str, Any],
    statutes: Sequence[StatuteInput] | None = None,
    files: Sequence[Any] = (),
    submit: bool = False,
) -> OpinionRequest:
    """Change a draft or a returned request (its requester only); ``statutes``, when given, replace the list.
    With ``submit``, (re)submit it in the same transaction: a refused submission keeps none of the changes.

    Side effects: new files stored; an audit event ``opinions.request_changed`` naming the changed fields (not
    their text); a timeline entry. Nothing is written when nothing changed.
    """
    locked = OpinionRequest.objects.select_for_update().get(pk=request.pk)
    require(actor, EDIT, locked, _("Only the requester may change a draft or a returned request."))
    changed = _apply(locked, data)
    if statutes is not None:
        cleaned = _clean_statutes(statutes)
        current = [StatuteInput(s.law, s.article, s.text) for s in locked.statutes.all()]
        if cleaned != current:
            _write_statutes(locked, cleaned)
            changed.append("statutes")
    stored = _store_files(locked, actor, files, purpose=FILE_PURPOSE, field="files")
    if stored:
        changed.append("files")
    if changed:
        locked.save()
        record_event(actor=actor, verb="opinions.request_changed", target=locked, data={"fields": changed})
        log(locked, "changed", actor=actor)
    if submit:
        return submit_request(actor=actor, request=locked)
    return locked


@transaction.atomic
def add_files(*, actor: Any, request: OpinionRequest, files: Sequence[Any]) -> list:
    """Attach files to a draft or a returned request. Side effects: documents, audit ``opinions.files_added``."""
    locked = OpinionRequest.objects.select_for_update().get(pk=request.pk)
    require(actor, EDIT, locked, _("Only the requester may change a draft or a returned request."))
    if not files:
        raise DomainError(_("Please choose a file."), code="file_required")
    stored = _store_files(locked, actor, files, purpose=FILE_PURPOSE, field="files")
    record_event(actor=actor, verb="opinions.files_added", target=locked, data={"files": [str(d.pk) for d in stored]})
    log(locked, "files_added", actor=actor, data={"count": len(stored)})
    return stored


@transaction.atomic
def remove_file(*, actor: Any, request: OpinionRequest, document: Any) -> None:
    """Detach a file from a draft or a returned request (the document itself is kept, like every document).
    Side effects: audit ``opinions.file_removed``."""
    locked = OpinionRequest.objects.select_for_update().get(pk=request.pk)
    require(actor, EDIT, locked, _("Only the requester may change a draft or a returned request."))
    if not locked.files.filter(pk=document.pk).exists():
        raise DomainError(pgettext("opinion request", "This file is not attached to the request."), code="not_attached")
    locked.files.remove(document)
    record_event(actor=actor, verb="opinions.file_removed", target=locked, data={"file": str(document.pk)})
    log(locked, "file_removed", actor=actor)


def missing_parts(request: OpinionRequest) -> list[str]:
    """What the request still lacks before it can be submitted (labels for the requester), in form order."""
    missing: list[str] = []
    has_statute = request.statutes.exists() if request.pk else False
    if request.is_ratification:
        checks: list[tuple[bool, Any]] = [
            (bool(request.taken_on), gettext_lazy("the date the action was taken")),
            (bool(request.action_taken), gettext_lazy("the action taken")),
            (bool(request.urgency), gettext_lazy("the urgency and necessity")),
            (bool(request.disaster_context), gettext_lazy("the disaster or safety situation")),
        ]
    else:
        checks = [
            (bool(request.permit_type), gettext_lazy("the kind of permit")),
            (bool(request.facts), gettext_lazy("the facts")),
            (has_statute, gettext_lazy("at least one statute or ordinance article")),
            (bool(request.question), gettext_lazy("the question")),
            (bool(request.options), gettext_lazy("the options considered")),
            (bool(request.own_review), gettext_lazy("your own review")),
        ]
    checks.append((bool(request.private_interest), gettext_lazy("the private-interest declaration")))
    if request.private_interest == PrivateInterest.DECLARED:
        checks.append((bool(request.private_interest_details), gettext_lazy("the details of the private interest")))
    for present, label in checks:
        if not present:
            missing.append(str(label))
    return missing


# --- The one transition function -----------------------------------------------------------------------------


def transition_request(
    *, actor: Any, request: OpinionRequest, to: str, by_committee: bool = False, **details: Any
) -> OpinionRequest:
    """Move ``request`` to ``to`` under ``REQUEST_TRANSITIONS``: lock it, check the table and ``actor``'s
    permission (or, for the committee's moves, that the call comes from the committee's decision), validate and
    write the step's ``details`` (see the wrappers), then record the audit event, the timeline entry and the
    notifications.

    Raises ``PermissionDeniedError``, ``InvalidTransitionError`` (not possible from the current state) or
    ``DomainError`` (a detail missing or wrong); then nothing changes. Returns the request as written.
    """
    with transaction.atomic():
        locked = OpinionRequest.objects.select_for_update().get(pk=request.pk)
        current = S(locked.state)
        permission = REQUEST_TRANSITIONS.get(current, {}).get(S(to)) if to in S.values else None
        if permission is None:
            raise InvalidTransitionError(
                _("This step is not possible from the current state."), code="invalid_transition"
            )
        if permission == COMMITTEE:
            if not by_committee:
                raise PermissionDeniedError(_("Only the committee's decision takes this step."))
        else:
            if by_committee:
                raise InvalidTransitionError(
                    _("This step is not possible from the current state."), code="invalid_transition"
                )
            if getattr(actor, "is_superuser", False) or not getattr(actor, "is_authenticated", False):
                raise PermissionDeniedError(_("You do not have permission to take this step."))
            check_transition(
                cast(TransitionTable, REQUEST_TRANSITIONS), obj=locked, current=current, to=to, actor=actor
            )
        step = _STEPS.get((current, S(to))) or _STEPS[(None, S(to))]
        verb, data, after_commit = step(actor, locked, **details)
        locked.state = to
        locked.save()
        record_event(
            actor=actor,
            verb=f"opinions.{verb}",
            target=locked,
            changes={"state": [str(current), str(to)]},
            data=data,
        )
        log(locked, verb, actor=actor, data=data)
        for send in after_commit:
            transaction.on_commit(send)
    return locked


def _tell(recipients: Sequence[Any], kind: str, title: Any, request: OpinionRequest, actor: Any = None) -> list:
    url = detail_url(request)
    return [
        partial(notify, recipient=user, kind=kind, title=title, body=request.title, url=url, actor=actor)
        for user in recipients
        if user is not None and getattr(user, "pk", None) != getattr(actor, "pk", None)
    ]


def _submit(actor: Any, request: OpinionRequest) -> tuple:
    missing = missing_parts(request)
    if missing:
        raise DomainError(
            _("Please complete the request before submitting it: %(parts)s.") % {"parts": ", ".join(missing)},
            code="incomplete",
        )
    resubmitted = request.state == S.RETURNED
    _freeze_requester(request, actor)
    day = today()
    if not request.reference:
        request.reference = _next_reference(day.year)
    request.submitted_on = day
    title = (
        gettext_lazy("A returned request to the committee was submitted again")
        if resubmitted
        else gettext_lazy("A new request to the committee was submitted")
    )
    data = {"reference": request.reference, "kind": request.kind}
    return (
        ("resubmitted" if resubmitted else "submitted"),
        data,
        _tell(secretariat_users(), KIND_SUBMITTED, title, request),
    )


def _next_reference(year: int) -> str:
    prefix = f"{year}-"
    numbers = OpinionRequest.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    last = max((int(n.removeprefix(prefix)) for n in numbers if n and n.removeprefix(prefix).isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def _screened(actor: Any, request: OpinionRequest, note: str) -> None:
    request.screened_on = today()
    request.screened_by = actor
    request.screening_note = note


def _return(actor: Any, request: OpinionRequest, *, note: str = "") -> tuple:
    note = text(note, required_message=_("Please write what the requester must add."), code="note_required")
    _screened(actor, request, note)
    request.return_count += 1
    title = gettext_lazy("Your request to the committee was returned for more information")
    return "returned", {}, _tell([request.requester], KIND_SCREENED, title, request, actor)


def _reject(actor: Any, request: OpinionRequest, *, note: str = "") -> tuple:
    note = text(note, required_message=_("Please write why the request is out of scope."), code="note_required")
    _screened(actor, request, note)
    title = gettext_lazy("Your request to the committee was not accepted")
    return "rejected", {}, _tell([request.requester], KIND_SCREENED, title, request, actor)


def _accept(
    actor: Any,
    request: OpinionRequest,
    *,
    in_scope: bool = False,
    interest_checked: bool = False,
    facts_sufficient: bool = False,
    note: str = "",
) -> tuple:
    if not (in_scope and interest_checked and facts_sufficient):
        raise DomainError(
            _(
                "A request is accepted only when it is in scope, the private interest was checked and the facts "
                "suffice. Otherwise return it or reject it."
            ),
            code="checks_required",
        )
    if len((note or "").strip()) > MAX_TEXT:
        raise DomainError(_("The text is too long."), code="too_long")
    _screened(actor, request, (note or "").strip())
    request.in_scope = request.interest_checked = request.facts_sufficient = True
    rule = OpinionSettings.current()
    day = today()
    request.accepted_on = day
    request.due_business = rule.business_days
    request.due_on = deadlines.add_days(day, rule.sla_days, business=rule.business_days)
    title = gettext_lazy("Your request to the committee was accepted")
    data = {"due_on": request.due_on.isoformat(), "business_days": rule.business_days}
    return "accepted", data, _tell([request.requester], KIND_SCREENED, title, request, actor)


def _ask_audit(actor: Any, request: OpinionRequest, *, audit_officer: Any = None, question: str = "") -> tuple:
    if audit_officer is None:
        raise DomainError(_("Please choose the audit officer to ask."), code="audit_officer_required")
    if audit_officer.pk not in set(queries.audit_officer_choices().values_list("pk", flat=True)):
        raise DomainError(_("Choose an audit officer of the city's audit office."), code="audit_officer_invalid")
    if len((question or "").strip()) > MAX_TEXT:
        raise DomainError(_("The text is too long."), code="too_long")
    request.audit_officer = audit_officer
    request.audit_question = (question or "").strip()
    request.audit_requested_on = today()
    request.audit_opinion, request.audit_objects, request.audit_given_on = "", None, None
    title = gettext_lazy("The audit office's opinion is asked on a request to the committee")
    return (
        "audit_opinion_asked",
        {"audit_officer": audit_officer.pk},
        _tell([audit_officer], KIND_AUDIT_ASKED, title, request, actor),
    )


def _give_audit(actor: Any, request: OpinionRequest, *, opinion: str = "", objects: bool | None = None) -> tuple:
    opinion = text(opinion, required_message=_("Please write the audit office's opinion."), code="opinion_required")
    if objects is None:
        raise DomainError(_("Please say whether the audit office objects."), code="objects_required")
    request.audit_opinion = opinion
    request.audit_objects = bool(objects)
    request.audit_given_on = today()
    title = gettext_lazy("The audit office gave its opinion on a request to the committee")
    return (
        "audit_opinion_given",
        {"objects": bool(objects)},
        _tell(secretariat_users(), KIND_AUDIT_GIVEN, title, request, actor),
    )


def agenda_title(request: OpinionRequest) -> str:
    return f"[{request.reference}] {request.title}" if request.reference else request.title


def _table(actor: Any, request: OpinionRequest) -> tuple:
    item = table_item(actor=actor, kind=request.kind, subject_id=request.pk, title=agenda_title(request))
    request.tabled_on = today()
    return "tabled", {"agenda_item": item.pk}, []


# Which state each of the committee's outcomes leads to, by kind.
OUTCOME_STATES = {
    RequestKind.OPINION: {CommitteeOutcome.OPINION_ISSUED: S.OPINION_ISSUED, CommitteeOutcome.RETURNED: S.RETURNED},
    RequestKind.RATIFICATION: {CommitteeOutcome.RATIFIED: S.RATIFIED, CommitteeOutcome.NOT_RATIFIED: S.NOT_RATIFIED},
}


def _decided(actor: Any, request: OpinionRequest, *, item: Any) -> tuple:
    decisions.apply_decision(request, item)
    data = {"number": request.decision_number, "outcome": item.outcome, "agenda_item": item.pk}
    titles = {
        S.OPINION_ISSUED: gettext_lazy("The committee gave its opinion on your request"),
        S.RATIFIED: gettext_lazy("The committee ratified your urgent action"),
        S.NOT_RATIFIED: gettext_lazy("The committee did not ratify your urgent action"),
    }
    title = titles[OUTCOME_STATES[RequestKind(request.kind)][item.outcome]]
    sends = _tell([request.requester], KIND_DECIDED, title, request)
    pk = request.pk
    sends.append(lambda: decisions.task_render_decision.enqueue(pk))
    return "decided", data, sends


def _returned_by_committee(actor: Any, request: OpinionRequest, *, item: Any) -> tuple:
    request.screening_note = item.resolution
    request.screened_on = item.decided_on or today()
    request.return_count += 1
    request.tabled_on = None
    title = gettext_lazy("The committee returned your request for more information")
    return "returned_by_committee", {"agenda_item": item.pk}, _tell([request.requester], KIND_DECIDED, title, request)


def _agenda_withdrawn(actor: Any, request: OpinionRequest, *, item: Any) -> tuple:
    request.tabled_on = None
    return "agenda_withdrawn", {"agenda_item": item.pk}, []


def _act(
    actor: Any, request: OpinionRequest, *, acted_on: date | None = None, what: str = "", files: Sequence[Any] = ()
) -> tuple:
    if acted_on is None:
        raise DomainError(pgettext("opinion request", "Please give the date you acted."), code="acted_on_required")
    if acted_on > today():
        raise DomainError(
            pgettext("opinion request", "The date you acted cannot be in the future."), code="acted_on_future"
        )
    if request.decided_on and acted_on < request.decided_on:
        raise DomainError(
            _("The date you acted cannot be before the committee's opinion (%(date)s).")
            % {"date": request.decided_on.isoformat()},
            code="acted_before_opinion",
        )
    request.acted_text = text(what, required_message=_("Please write what you did."), code="what_required")
    request.acted_on = acted_on
    request.action_recorded_on = today()
    stored = _store_files(request, actor, files, purpose=EVIDENCE_PURPOSE, field="action_files")
    return "acted_on", {"acted_on": acted_on.isoformat(), "files": len(stored)}, []


def _withdraw(actor: Any, request: OpinionRequest, *, reason: str = "") -> tuple:
    reason = (reason or "").strip()
    if request.state != S.DRAFT:
        reason = text(
            reason,
            required_message=_("Please give the reason for withdrawing."),
            code="reason_required",
            limit=MAX_REASON,
        )
    elif len(reason) > MAX_REASON:
        raise DomainError(_("The text is too long."), code="too_long")
    request.withdrawn_on = today()
    request.withdraw_reason = reason
    sends = []
    if request.state != S.DRAFT:
        title = gettext_lazy("A request to the committee was withdrawn")
        sends = _tell(secretariat_users(), KIND_SUBMITTED, title, request, actor)
    return "withdrawn", {}, sends


Step = Callable[..., tuple[str, dict[str, Any], list[Callable[[], Any]]]]
_STEPS: dict[tuple[Any, Any], Step] = {
    (None, S.SUBMITTED): _submit,
    (S.SUBMITTED, S.RETURNED): _return,
    (S.SUBMITTED, S.REJECTED): _reject,
    (S.SUBMITTED, S.ACCEPTED): _accept,
    (None, S.AUDIT_OPINION_REQUESTED): _ask_audit,
    (None, S.AUDIT_OPINION_GIVEN): _give_audit,
    (None, S.ON_AGENDA): _table,
    (None, S.OPINION_ISSUED): _decided,
    (None, S.RATIFIED): _decided,
    (None, S.NOT_RATIFIED): _decided,
    (S.ON_AGENDA, S.RETURNED): _returned_by_committee,
    (S.ON_AGENDA, S.ACCEPTED): _agenda_withdrawn,
    (None, S.ACTED_ON): _act,
    (None, S.WITHDRAWN): _withdraw,
}


# --- Named steps (they only call transition_request) ---------------------------------------------------------


def submit_request(*, actor: Any, request: OpinionRequest) -> OpinionRequest:
    """Submit a complete draft (or resubmit a returned request) to the secretariat."""
    return transition_request(actor=actor, request=request, to=S.SUBMITTED)


def screen_request(
    *,
    actor: Any,
    request: OpinionRequest,
    decision: str,
    note: str = "",
    in_scope: bool = False,
    interest_checked: bool = False,
    facts_sufficient: bool = False,
) -> OpinionRequest:
    """The secretariat's screening: ``decision`` is ``accept`` (all three checks), ``return`` or ``reject`` (a note
    the requester reads)."""
    if decision == "accept":
        return transition_request(
            actor=actor,
            request=request,
            to=S.ACCEPTED,
            in_scope=in_scope,
            interest_checked=interest_checked,
            facts_sufficient=facts_sufficient,
            note=note,
        )
    if decision == "return":
        return transition_request(actor=actor, request=request, to=S.RETURNED, note=note)
    if decision == "reject":
        return transition_request(actor=actor, request=request, to=S.REJECTED, note=note)
    raise DomainError(_("Please choose the screening decision."), code="decision_required")


def ask_audit_opinion(*, actor: Any, request: OpinionRequest, audit_officer: Any, question: str = "") -> OpinionRequest:
    """Ask an audit officer of the city's audit office for the audit body's opinion."""
    return transition_request(
        actor=actor, request=request, to=S.AUDIT_OPINION_REQUESTED, audit_officer=audit_officer, question=question
    )


def give_audit_opinion(*, actor: Any, request: OpinionRequest, opinion: str, objects: bool | None) -> OpinionRequest:
    """The audit officer asked writes the audit office's opinion and says whether it objects."""
    return transition_request(actor=actor, request=request, to=S.AUDIT_OPINION_GIVEN, opinion=opinion, objects=objects)


def table_request(*, actor: Any, request: OpinionRequest) -> OpinionRequest:
    """Put the request before the committee (an agenda item of kind ``opinion`` or ``ratification``)."""
    return transition_request(actor=actor, request=request, to=S.ON_AGENDA)


def record_action(
    *, actor: Any, request: OpinionRequest, acted_on: date | None, what: str, files: Sequence[Any] = ()
) -> OpinionRequest:
    """The requester records how they acted on the committee's opinion: date, what was done, evidence files."""
    return transition_request(actor=actor, request=request, to=S.ACTED_ON, acted_on=acted_on, what=what, files=files)


def withdraw_request(*, actor: Any, request: OpinionRequest, reason: str = "") -> OpinionRequest:
    """The requester withdraws the request (a reason is needed once it was submitted)."""
    return transition_request(actor=actor, request=request, to=S.WITHDRAWN, reason=reason)


# --- The committee's side (committee.agenda.AgendaKind callbacks) ---------------------------------------------


def on_decided(*, actor: Any, item: Any) -> None:
    """The committee decided the request's agenda item: move the request to the outcome's state (in the
    committee's transaction). An outcome this kind does not know is a programming error (``KeyError``)."""
    request = OpinionRequest.objects.get(pk=item.subject_id)
    to = OUTCOME_STATES[RequestKind(request.kind)][item.outcome]
    transition_request(actor=actor, request=request, to=to, by_committee=True, item=item)


def on_withdrawn(*, actor: Any, item: Any) -> None:
    """The committee took the item off its list: the request waits to be tabled again."""
    request = OpinionRequest.objects.get(pk=item.subject_id)
    if request.state == S.ON_AGENDA:
        transition_request(actor=actor, request=request, to=S.ACCEPTED, by_committee=True, item=item)


# --- Deadlines -----------------------------------------------------------------------------------------------


@transaction.atomic
def extend_deadline(*, actor: Any, request: OpinionRequest, new_due_on: date | None, reason: str) -> Extension:
    """Move the answer's due date later, with a reason (an ``Extension`` row), while the deadline runs.
    Side effects: audit event ``opinions.deadline_extended``, timeline entry."""
    require(actor, HANDLE, request)
    locked = OpinionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state not in SLA_STATES or locked.due_on is None:
        raise DomainError(
            _("The deadline can be extended only while the request waits for the committee's answer."),
            code="not_extendable",
        )
    reason = text(
        reason,
        required_message=_("Please give the reason for the extension."),
        code="reason_required",
        limit=MAX_REASON,
    )
    if new_due_on is None:
        raise DomainError(_("Please choose the new due date."), code="due_on_required")
    previous = locked.due_on
    if new_due_on <= previous:
        raise DomainError(
            _("The new due date must be later than the current one (%(date)s).") % {"date": previous.isoformat()},
            code="not_later",
        )
    if new_due_on <= today():
        raise DomainError(_("The new due date must be in the future."), code="not_future")
    extension = Extension.objects.create(
        request=locked, previous_due_on=previous, due_on=new_due_on, reason=reason, granted_by=actor, granted_on=today()
    )
    locked.due_on = new_due_on
    locked.save(update_fields=["due_on"])
    data = {"from": previous.isoformat(), "to": new_due_on.isoformat()}
    record_event(
        actor=actor, verb="opinions.deadline_extended", target=locked, changes={"due_on": [data["from"], data["to"]]}
    )
    log(locked, "deadline_extended", actor=actor, data=data | {"reason": reason})
    return extension


@transaction.atomic
def flag_overdue_opinions(*, on: date | None = None) -> int:
    """Tell the secretariat how many requests are past their due date, once a day.

    A request counts once per day: flagging writes an ``overdue_flagged`` entry dated today on its timeline, and a
    request already flagged today is skipped, so running the command twice a day sends nothing the second time.
    Each secretariat member gets one notification per run, linking to the overdue filter of the queue.
    Returns the number of requests flagged.
    """
    day = on or today()
    flagged_today = Event.objects.filter(verb="overdue_flagged", on=day).values("request_id")
    overdue = list(queries.overdue_requests(day).exclude(pk__in=flagged_today))
    for request in overdue:
        Event.objects.create(
            request=request,
            on=day,
            verb="overdue_flagged",
            data={"due_on": request.due_on.isoformat() if request.due_on else None},
        )
        record_event(actor=None, verb="opinions.overdue_flagged", target=request, data={"on": day.isoformat()})
    if overdue:
        count = len(overdue)
        title = _later(
            ngettext_lazy(
                "%(count)d request to the committee is overdue",
                "%(count)d requests to the committee are overdue",
                count,
            ),
            count=count,
        )
        recipients = secretariat_users()
        transaction.on_commit(partial(_tell_overdue, recipients, title))
    return len(overdue)


def _tell_overdue(recipients: list, title: Any) -> None:
    for user in recipients:
        notify(recipient=user, kind=KIND_OVERDUE, title=title, url="/opinions/queue/?overdue=on")


def may_edit(actor: Any, request: OpinionRequest) -> bool:
    return may(actor, EDIT, request) and request.state in EDITABLE_STATES
