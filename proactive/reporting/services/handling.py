"""Handling a report (소극행정 신고 처리, DOMAIN.md §4.9): triage, investigation, finding, action, closing.

**Workflow** (``workflow.REPORT_TRANSITIONS``, applied only by ``transition_report``; the named wrappers below all
go through it)::

    received ─triage─▶ forwarded          (not passive administration: sent on as an ordinary complaint) [end]
    received ─triage─▶ investigating      (assignee, field, due date from the centre's deadline rule)
    investigating ─finding─▶ substantiated ─action─▶ action_taken ─close─▶ closed                      [end]
    investigating ─finding─▶ unsubstantiated ─────────────────────close─▶ closed                      [end]

Every step needs ``reporting.handle_report`` on the report (an audit officer of the body that handles it; never a
system administrator or a superuser, SECURITY.md AC-05), locks the report row, writes the change, an audit event
``reporting.<step>`` (metadata only: never anything the reporter or a handler wrote) and an entry on the report's
own timeline (``common.log``), and sends content-free notifications (REP-09).

- **Forward** (not passive administration): the unit it goes to, a reason the reporter sees (a handler message),
  the field; the report ends with outcome ``forwarded``, ``closed_on`` today and ``purge_on`` from the centre's
  retention rule.
- **Investigate**: an assignee who handles the same body (``queries.handlers_of``), the field; ``due_on`` is the
  centre's ``handling_days`` (business or calendar days) from today. Extensions (``extend_deadline``) need a
  reason and a later date and are possible while investigating, or once substantiated until the action is taken.
- **Finding**: substantiated or not, with the findings as an internal note.
- **Action** (substantiated only): one or more actions (discipline request under 징계양정기준, warning, caution,
  correction order), each optionally against an official of the body (a correction order may name a unit
  instead), with a sealed note. A discipline request, warning or caution against an official deducts mileage
  (``mileage.services.automatic.deduct_for_passive_administration``, once per report and official).
- **Close**: the text the reporter is told (a handler message they read on the receipt page or in "my reports"),
  outcome ``unsubstantiated`` or ``actioned``, ``closed_on``, ``purge_on``. A named reporter gets a content-free
  notification; nothing is ever sent to an anonymous reporter.

Outside the state machine: messages and internal notes (``send_message``) and revealing a named reporter's
identity to a handler who is not the assignee (``reveal_identity``: reason required, access record written).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, cast

from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from proactive.accounts.models import Official, OrgUnit
from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access, record_event
from proactive.core import deadlines
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.core.workflow import TransitionTable, check_transition
from proactive.mileage.services.automatic import deduct_for_passive_administration
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify
from proactive.reporting import crypto
from proactive.reporting.enums import ActionKind, MessageAuthor, Outcome, ReportField, ReportState
from proactive.reporting.models import Action, CentreSettings, Event, Extension, Message, Report
from proactive.reporting.queries import handlers_of, handling_body
from proactive.reporting.queries.handling import overdue_reports
from proactive.reporting.services.common import (
    add_message,
    identity_of,
    log,
    store_attachment,
    today,
)
from proactive.reporting.services.retention import purge_on
from proactive.reporting.workflow import REPORT_TRANSITIONS

S = ReportState

KIND_ASSIGNED = "reporting.report_assigned"
KIND_RESULT = "reporting.report_result"
KIND_REPLY = "reporting.handler_message"
KIND_OVERDUE = "reporting.report_overdue"

HANDLE = "reporting.handle_report"
SEE_IDENTITY = "reporting.see_reporter_identity"
REVEAL_IDENTITY = "reporting.reveal_reporter_identity"

MAX_TEXT = 10_000
MAX_REASON = 500
MAX_FILES = 10
# Actions that weigh on the official personally: they cost mileage (the −5 of the default catalogue).
PERSONAL_SANCTIONS = frozenset({ActionKind.DISCIPLINE_REQUEST, ActionKind.WARNING, ActionKind.CAUTION})
# Steps that may still extend the deadline: the investigation, and a substantiated finding awaiting its action.
EXTENDABLE = frozenset({S.INVESTIGATING, S.SUBSTANTIATED})


def register_handling_notification_kinds() -> None:
    """Declare this area's notification kinds. Called from ``views.handling.register``."""
    register_kind(KIND_ASSIGNED, gettext_lazy("A passive-administration report was assigned to you"))
    register_kind(KIND_RESULT, gettext_lazy("The result of your passive-administration report"))
    register_kind(KIND_REPLY, gettext_lazy("A new message about your passive-administration report"))
    register_kind(KIND_OVERDUE, gettext_lazy("A passive-administration report is overdue"))


def detail_url(report: Report) -> str:
    return f"/reporting/{report.pk}/"


def reporter_url(report: Report) -> str:
    return f"/report/mine/{report.pk}/"


# --- Checks --------------------------------------------------------------------------------------------------


def _deny_superuser(actor: Any) -> None:
    # Django grants a superuser every permission; report content is not for them (AC-05).
    if getattr(actor, "is_superuser", False):
        raise PermissionDeniedError(_("System administrators have no access to reports."))


def may(actor: Any, permission: str, report: Report | None = None) -> bool:
    """Whether ``actor`` holds ``permission`` (on ``report``); never for a superuser (AC-05)."""
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "is_superuser", False):
        return False
    return bool(actor.has_perm(permission, report))


def _require(actor: Any, permission: str, report: Report) -> None:
    _deny_superuser(actor)
    if not may(actor, permission, report):
        raise PermissionDeniedError(_("You do not have permission to take this step."))


def _text(value: str | None, *, required_message: str, code: str, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(required_message, code=code)
    if len(text) > limit:
        raise DomainError(
            _("The text is too long (at most %(count)s characters).") % {"count": f"{limit:,}"}, code="too_long"
        )
    return text


def _field(value: str | None) -> str:
    if value not in ReportField.values:
        raise DomainError(_("Please choose the field the report concerns."), code="field_required")
    return str(value)


def _in_body(unit: OrgUnit | None, report: Report) -> bool:
    return unit is not None and handling_body(unit).pk == report.body_id


# --- The one transition function -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionInput:
    """One action to record: its kind, whom it is against (an official, or a unit for a correction order) and a
    note (sealed)."""

    kind: str
    official: Official | None = None
    unit: OrgUnit | None = None
    note: str = ""


def transition_report(*, actor: Any, report: Report, to: str, **details: Any) -> Report:
    """Move ``report`` to ``to`` under ``REPORT_TRANSITIONS``: lock it, check the table and ``actor``'s
    permission, validate and write the step's ``details`` (see the wrappers), then record the audit event, the
    timeline entry and the notifications.

    Raises ``PermissionDeniedError`` (not a handler of the report's body, or a superuser), ``InvalidTransitionError``
    (not possible from the current state) or ``DomainError`` (a detail missing or wrong); then nothing changes.
    Returns the report as written.
    """
    _deny_superuser(actor)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        current = locked.state
        check_transition(cast(TransitionTable, REPORT_TRANSITIONS), obj=locked, current=current, to=to, actor=actor)
        step = _STEPS[(S(current), S(to))]
        verb, data, after_commit = step(actor, locked, **details)
        locked.state = to
        locked.save()
        record_event(
            actor=actor,
            verb=f"reporting.{verb}",
            target=locked,
            changes={"state": [str(current), str(to)]},
            data=data,
        )
        # The timeline stays free of mileage details: it shows what happened to the report, not to the official.
        log(locked, verb, actor=actor, data={k: v for k, v in data.items() if k != "mileage"})
        for send in after_commit:
            transaction.on_commit(send)
    return locked


def _forward(
    actor: Any, report: Report, *, forwarded_to: OrgUnit | None = None, reason: str = "", field: str = ""
) -> tuple:
    if forwarded_to is None:
        raise DomainError(
            _("Please choose the department the complaint is forwarded to."), code="forwarded_to_required"
        )
    reason = _text(
        reason,
        required_message=_("Please write the reason the reporter will read."),
        code="reason_required",
    )
    report.field = _field(field)
    day = today()
    report.forwarded_to = forwarded_to
    report.triaged_on = day
    report.outcome = Outcome.FORWARDED
    report.closed_on = day
    report.purge_on = purge_on(day, Outcome.FORWARDED)
    add_message(report=report, author_kind=MessageAuthor.HANDLER, text=reason, author=actor)
    data = {"forwarded_to": forwarded_to.pk, "field": report.field, "outcome": Outcome.FORWARDED}
    return "forwarded", data, _tell_reporter(report)


def _investigate(actor: Any, report: Report, *, assignee: Any = None, field: str = "") -> tuple:
    if assignee is None:
        raise DomainError(_("Please choose the officer who investigates."), code="assignee_required")
    if assignee.pk not in {u.pk for u in handlers_of(report.body)}:
        raise DomainError(
            _("The investigating officer must be an audit officer who handles this body's reports."),
            code="assignee_not_handler",
        )
    report.field = _field(field)
    settings = CentreSettings.current()
    day = today()
    report.assignee = assignee
    report.triaged_on = day
    report.due_on = deadlines.add_days(day, settings.handling_days, business=settings.business_days)
    data = {"assignee": assignee.pk, "field": report.field, "due_on": report.due_on.isoformat()}
    sends = []
    if assignee.pk != getattr(actor, "pk", None):
        sends.append(
            lambda: notify(
                recipient=assignee,
                kind=KIND_ASSIGNED,
                title=gettext_lazy("A passive-administration report was assigned to you"),
                url=detail_url(report),
                actor=actor,
            )
        )
    return "investigation_started", data, sends


def _finding(actor: Any, report: Report, *, findings: str = "") -> tuple:
    findings = _text(findings, required_message=_("Please write the findings."), code="findings_required")
    report.finding_on = today()
    add_message(report=report, author_kind=MessageAuthor.HANDLER, text=findings, author=actor, internal=True)
    return "finding_recorded", {}, []


def _substantiated(actor: Any, report: Report, **details: Any) -> tuple:
    verb, data, sends = _finding(actor, report, **details)
    return "substantiated", data | {"substantiated": True}, sends


def _unsubstantiated(actor: Any, report: Report, **details: Any) -> tuple:
    verb, data, sends = _finding(actor, report, **details)
    return "unsubstantiated", data | {"substantiated": False}, sends


def _check_action(report: Report, item: ActionInput) -> None:
    if item.kind not in ActionKind.values:
        raise DomainError(_("Please choose the kind of each action."), code="action_kind_required")
    if item.unit is not None and item.kind != ActionKind.CORRECTION_ORDER:
        raise DomainError(
            _("Only a correction order can be addressed to a department; the other actions concern an official."),
            code="unit_not_allowed",
        )
    if item.unit is not None and item.official is not None:
        raise DomainError(
            _("Address a correction order either to an official or to a department, not both."),
            code="official_and_unit",
        )
    if item.official is not None and not _in_body(item.official.unit, report):
        raise DomainError(
            _("The official must belong to the body that handles this report."), code="official_outside_body"
        )
    if item.unit is not None and not _in_body(item.unit, report):
        raise DomainError(
            _("The department must belong to the body that handles this report."), code="unit_outside_body"
        )
    if len(item.note or "") > MAX_TEXT:
        raise DomainError(_("The text is too long (at most 10,000 characters)."), code="too_long")


def _act(actor: Any, report: Report, *, actions: Sequence[ActionInput] = ()) -> tuple:
    if not actions:
        raise DomainError(_("Please record at least one action."), code="actions_required")
    for item in actions:
        _check_action(report, item)
    day = today()
    kinds: list[str] = []
    deductions: list[dict[str, Any]] = []
    for item in actions:
        action = Action(
            report=report, kind=item.kind, official=item.official, unit=item.unit, taken_on=day, taken_by=actor
        )
        action.note = crypto.seal_text((item.note or "").strip(), context=report.context(f"action:{action.uid}"))
        action.save(force_insert=True)
        kinds.append(item.kind)
        if item.kind in PERSONAL_SANCTIONS and item.official is not None:
            posting = deduct_for_passive_administration(
                actor=actor,
                official=item.official,
                source=f"report:{report.pk}",
                idempotency_key=f"finding:{report.pk}:official:{item.official.pk}",
            )
            deductions.append({"official": item.official.pk, "points": posting.points_posted})
    return "action_taken", {"actions": kinds, "mileage": deductions}, []


def _close(actor: Any, report: Report, *, reporter_text: str = "") -> tuple:
    text = _text(
        reporter_text,
        required_message=_("Please write what the reporter will be told."),
        code="reporter_text_required",
    )
    outcome = Outcome.ACTIONED if report.state == S.ACTION_TAKEN else Outcome.UNSUBSTANTIATED
    day = today()
    report.outcome = outcome
    report.closed_on = day
    report.purge_on = purge_on(day, outcome)
    add_message(report=report, author_kind=MessageAuthor.HANDLER, text=text, author=actor)
    return "closed", {"outcome": outcome}, _tell_reporter(report)


def _tell_reporter(report: Report) -> list:
    """A content-free notification for a named reporter; nothing for an anonymous one (REP-09)."""
    if report.is_anonymous or report.reporter_id is None:
        return []
    reporter = report.reporter
    return [
        lambda: notify(
            recipient=reporter,
            kind=KIND_RESULT,
            title=gettext_lazy("The result of your report is ready"),
            url=reporter_url(report),
        )
    ]


Step = Callable[..., tuple[str, dict[str, Any], list[Callable[[], Any]]]]
_STEPS: dict[tuple[str, str], Step] = {
    (S.RECEIVED, S.FORWARDED): _forward,
    (S.RECEIVED, S.INVESTIGATING): _investigate,
    (S.INVESTIGATING, S.SUBSTANTIATED): _substantiated,
    (S.INVESTIGATING, S.UNSUBSTANTIATED): _unsubstantiated,
    (S.SUBSTANTIATED, S.ACTION_TAKEN): _act,
    (S.UNSUBSTANTIATED, S.CLOSED): _close,
    (S.ACTION_TAKEN, S.CLOSED): _close,
}


# --- Named steps (they only call transition_report) ----------------------------------------------------------


def forward_report(*, actor: Any, report: Report, forwarded_to: OrgUnit | None, reason: str, field: str) -> Report:
    """Triage as not passive administration: forward it to ``forwarded_to`` as an ordinary complaint."""
    return transition_report(
        actor=actor, report=report, to=S.FORWARDED, forwarded_to=forwarded_to, reason=reason, field=field
    )


def start_investigation(*, actor: Any, report: Report, assignee: Any, field: str) -> Report:
    """Triage as passive administration: ``assignee`` investigates, due by the centre's deadline rule."""
    return transition_report(actor=actor, report=report, to=S.INVESTIGATING, assignee=assignee, field=field)


def triage(
    *,
    actor: Any,
    report: Report,
    to: str,
    field: str,
    assignee: Any = None,
    forwarded_to: OrgUnit | None = None,
    reason: str = "",
) -> Report:
    """Triage a received report: ``to`` is ``forwarded`` (needs ``forwarded_to`` and ``reason``) or
    ``investigating`` (needs ``assignee``)."""
    if to == S.FORWARDED:
        return forward_report(actor=actor, report=report, forwarded_to=forwarded_to, reason=reason, field=field)
    return start_investigation(actor=actor, report=report, assignee=assignee, field=field)


def record_finding(*, actor: Any, report: Report, substantiated: bool, findings: str) -> Report:
    """Record the investigation's finding; ``findings`` is kept as an internal note."""
    to = S.SUBSTANTIATED if substantiated else S.UNSUBSTANTIATED
    return transition_report(actor=actor, report=report, to=to, findings=findings)


def record_action(*, actor: Any, report: Report, actions: Sequence[ActionInput]) -> Report:
    """Record what was done about a substantiated report (see the module docstring for mileage)."""
    return transition_report(actor=actor, report=report, to=S.ACTION_TAKEN, actions=list(actions))


def close_report(*, actor: Any, report: Report, reporter_text: str) -> Report:
    """Close the report with what the reporter is told."""
    return transition_report(actor=actor, report=report, to=S.CLOSED, reporter_text=reporter_text)


close = close_report


# --- Outside the state machine -------------------------------------------------------------------------------


@transaction.atomic
def extend_deadline(*, actor: Any, report: Report, new_due_on: date | None, reason: str) -> Extension:
    """Move the due date later, with a reason (an ``Extension`` row). Possible while investigating, or while a
    substantiated report awaits its action. Side effects: audit event ``reporting.deadline_extended``, timeline
    entry (dates only)."""
    _require(actor, HANDLE, report)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.state not in EXTENDABLE:
        raise DomainError(
            _("The deadline can be extended only during the investigation, until the action is recorded."),
            code="not_extendable",
        )
    reason = _text(
        reason,
        required_message=_("Please give the reason for the extension."),
        code="reason_required",
        limit=MAX_REASON,
    )
    if new_due_on is None:
        raise DomainError(_("Please choose the new due date."), code="due_on_required")
    previous = locked.due_on
    if previous is not None and new_due_on <= previous:
        raise DomainError(
            _("The new due date must be later than the current one (%(date)s).") % {"date": previous.isoformat()},
            code="not_later",
        )
    if new_due_on <= today():
        raise DomainError(_("The new due date must be in the future."), code="not_future")
    extension = Extension.objects.create(
        report=locked,
        previous_due_on=previous or locked.received_on,
        due_on=new_due_on,
        reason=reason,
        granted_by=actor,
        granted_on=today(),
    )
    locked.due_on = new_due_on
    locked.save(update_fields=["due_on"])
    data = {"from": previous.isoformat() if previous else None, "to": new_due_on.isoformat()}
    record_event(
        actor=actor, verb="reporting.deadline_extended", target=locked, changes={"due_on": [data["from"], data["to"]]}
    )
    log(locked, "deadline_extended", actor=actor, data=data)
    return extension


@transaction.atomic
def send_message(
    *, actor: Any, report: Report, text: str, files: Sequence[Any] = (), internal: bool = False
) -> Message:
    """A handler writes to the reporter (``internal=False``: they read it on the receipt page or in "my
    reports") or an internal note for the handlers, with files. A named reporter gets a content-free
    notification of a message; an anonymous one is never contacted. Side effects: audit event
    ``reporting.message_sent`` / ``reporting.note_added`` (no text), timeline entry."""
    _require(actor, HANDLE, report)
    text = (text or "").strip()
    if not text and not files:
        raise DomainError(_("Please write a message or attach a file."), code="empty")
    if len(text) > MAX_TEXT:
        raise DomainError(_("The text is too long (at most 10,000 characters)."), code="too_long")
    if len(files) > MAX_FILES:
        raise DomainError(_("Attach at most %(count)d files at a time.") % {"count": MAX_FILES}, code="too_many_files")
    locked = Report.objects.select_for_update().get(pk=report.pk)
    message = add_message(report=locked, author_kind=MessageAuthor.HANDLER, text=text, author=actor, internal=internal)
    for uploaded in files:
        store_attachment(report=locked, uploaded_file=uploaded, from_reporter=False, message=message)
    verb = "note_added" if internal else "message_sent"
    data = {"files": len(files)}
    record_event(actor=actor, verb=f"reporting.{verb}", target=locked, data=data | {"message": message.pk})
    log(locked, verb, actor=actor, data=data)
    if not internal and not locked.is_anonymous and locked.reporter_id is not None:
        reporter = locked.reporter
        transaction.on_commit(
            lambda: notify(
                recipient=reporter,
                kind=KIND_REPLY,
                title=gettext_lazy("There is a new message about your report"),
                url=reporter_url(locked),
            )
        )
    return message


def reveal_identity(*, actor: Any, report: Report, reason: str = "", ip_address: str | None = None) -> dict:
    """A named reporter's identity for this one response. The assigned handler sees it without a reason
    (``reporting.see_reporter_identity``); another handler of the body (``reporting.reveal_reporter_identity``)
    must give one, which is recorded as an access record (``REVEAL``) and an audit event
    ``reporting.identity_revealed``. Nothing is persisted that keeps showing it afterwards.

    Raises ``PermissionDeniedError`` for anyone else, ``DomainError`` for an anonymous report or a missing reason.
    """
    report = Report.objects.get(pk=report.pk)  # who is assigned now decides, not a copy loaded earlier
    _require(actor, REVEAL_IDENTITY, report)
    if report.is_anonymous:
        raise DomainError(_("An anonymous report has no reporter identity."), code="anonymous")
    if may(actor, SEE_IDENTITY, report):
        return identity_of(report)
    reason = _text(
        reason,
        required_message=_("Please give the reason for revealing the reporter's identity."),
        code="reason_required",
        limit=300,
    )
    with transaction.atomic():
        access = record_access(
            actor=actor,
            ip_address=ip_address,
            action=AccessAction.REVEAL,
            reason=reason,
            subject=report.reporter,
            resource=f"reporting.report:{report.pk}",
        )
        record_event(actor=actor, verb="reporting.identity_revealed", target=report, data={"access_record": access.pk})
        log(report, "identity_revealed", actor=actor)
    return identity_of(report)


# --- Deadlines -----------------------------------------------------------------------------------------------


def _later(message: Any, **values: Any) -> Any:
    """``message % values``, rendered when shown (in the recipient's language), not now."""
    return lazy(lambda: str(message) % values, str)()


@transaction.atomic
def flag_overdue_reports(*, on: date | None = None) -> int:
    """Tell each body's handlers (its audit officers) how many of its reports are overdue, once a day.

    A report counts once per day: flagging writes an ``overdue_flagged`` entry dated today on its timeline, and a
    report already flagged today is skipped, so running the command twice a day sends nothing the second time.
    Each handler gets one content-free notification per run, linking to the overdue filter of the queue.
    Returns the number of reports flagged.
    """
    day = on or today()
    flagged_today = Event.objects.filter(verb="overdue_flagged", on=day).values("report_id")
    reports = list(overdue_reports(day).exclude(pk__in=flagged_today))
    per_body: dict[int, list[Report]] = {}
    for report in reports:
        per_body.setdefault(report.body_id, []).append(report)
    for batch in per_body.values():
        body = batch[0].body
        for report in batch:
            log(report, "overdue_flagged", data={"due_on": report.due_on.isoformat() if report.due_on else None})
            record_event(actor=None, verb="reporting.overdue_flagged", target=report, data={"on": day.isoformat()})
        count = len(batch)
        title = _later(
            ngettext_lazy(
                "%(count)d passive-administration report is overdue",
                "%(count)d passive-administration reports are overdue",
                count,
            ),
            count=count,
        )
        transaction.on_commit(partial(_tell_overdue, handlers_of(body), title))
    return len(reports)


def _tell_overdue(handlers: list, title: Any) -> None:
    for handler in handlers:
        notify(recipient=handler, kind=KIND_OVERDUE, title=title, url="/reporting/?overdue=on")
