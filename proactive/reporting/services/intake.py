"""Filing a report (anonymous or named) and the reporter's side of the thread.

An anonymous report gets a receipt, returned once and stored only as its Argon2id hash; a named report belongs to
the signed-in verified citizen or official, whose name and contact are sealed with it. Handlers of the body
concerned are told that a report arrived, with nothing from its content (SECURITY.md REP-09); nothing is ever sent
to a reporter automatically.
"""

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify
from proactive.reporting import crypto, receipts
from proactive.reporting.enums import MessageAuthor, ReportChannel, ReportState, ReportType
from proactive.reporting.models import Report
from proactive.reporting.queries import city_root, handlers_of, handling_body
from proactive.reporting.services.common import add_message, log, next_number, store_attachment, today

NEW_REPORT_KIND = "reporting.new_report"
REPORTER_MESSAGE_KIND = "reporting.reporter_message"
MAX_TEXT = 10_000
MIN_WHAT = 20


def register_intake_notification_kinds() -> None:
    register_kind(NEW_REPORT_KIND, gettext_lazy("New passive-administration report"))
    register_kind(REPORTER_MESSAGE_KIND, gettext_lazy("A reporter answered"))


@dataclass
class Filed:
    report: Report
    receipt: str | None  # the anonymous reporter's receipt: show it once, never store or send it


def _check_text(what: str, when_text: str, prior_complaint: str, outside_body: str) -> None:
    if len((what or "").strip()) < MIN_WHAT:
        raise DomainError(
            _("Please describe what happened in at least %(count)d characters.") % {"count": MIN_WHAT},
            code="what_too_short",
        )
    for value in (what, when_text, prior_complaint, outside_body):
        if len(value or "") > MAX_TEXT:
            raise DomainError(_("The text is too long (at most 10,000 characters)."), code="too_long")


def file_report(
    *,
    actor: Any,
    named: bool,
    report_type: str,
    what: str,
    unit: Any = None,
    outside_body: str = "",
    official: Any = None,
    official_name: str = "",
    occurred_on: date | None = None,
    when_text: str = "",
    prior_complaint: str = "",
    files: list | tuple = (),
    channel: str = ReportChannel.WEB,
) -> Filed:
    """File a report. ``named`` needs ``actor`` to hold ``reporting.file_named_report``; otherwise the report is
    anonymous whoever files it, and no account is linked to it.

    The concerned ``unit`` (from the org chart) decides the handling body; a body outside the org chart
    (``outside_body``, free text) goes to the city's centre, which forwards it. Raises ``DomainError`` with a
    message for the reporter when something is missing or a file is refused; then nothing is stored.
    """
    if report_type not in ReportType.values:
        raise DomainError(_("Please choose the kind of passive administration."), code="type_required")
    if unit is None and not (outside_body or "").strip():
        raise DomainError(
            _("Please choose the department concerned, or name the body if it is not in the list."),
            code="unit_required",
        )
    if occurred_on is not None and occurred_on > today():
        raise DomainError(_("The date it happened cannot be in the future."), code="future_date")
    _check_text(what, when_text, prior_complaint, outside_body)
    if named and not (getattr(actor, "is_authenticated", False) and actor.has_perm("reporting.file_named_report")):
        raise PermissionDeniedError(_("Sign in as a verified citizen or an official to file a named report."))
    body = handling_body(unit) if unit is not None else city_root()
    if body is None:
        raise DomainError(_("The reporting centre is not set up yet (no organisation chart)."), code="no_org")

    for _attempt in range(5):
        receipt = None if named else receipts.new_receipt()
        try:
            with transaction.atomic():
                report = _create(
                    actor=actor,
                    named=named,
                    receipt=receipt,
                    body=body,
                    report_type=report_type,
                    unit=unit,
                    outside_body=outside_body,
                    official=official,
                    official_name=official_name,
                    occurred_on=occurred_on,
                    when_text=when_text,
                    prior_complaint=prior_complaint,
                    what=what,
                    channel=channel,
                )
                for uploaded in files:
                    store_attachment(report=report, uploaded_file=uploaded, from_reporter=True)
                log(report, "filed", data={"files": len(files), "named": named})
                transaction.on_commit(partial(_tell_handlers, report))
            return Filed(report=report, receipt=receipt)
        except IntegrityError:
            # A receipt-hash or number collision (another filing in the same instant): try again.
            continue
    raise DomainError(_("The report could not be filed. Please try again."), code="collision")


def _create(
    *,
    actor,
    named,
    receipt,
    body,
    report_type,
    unit,
    outside_body,
    official,
    official_name,
    occurred_on,
    when_text,
    prior_complaint,
    what,
    channel,
) -> Report:
    day = today()
    report = Report(
        number=next_number(day.year),
        channel=channel,
        report_type=report_type,
        body=body,
        unit=unit,
        outside_body=unit is None,
        official=official,
        is_anonymous=not named,
        reporter=actor if named else None,
        receipt_hash=None if named else receipts.receipt_hash(receipt),
        occurred_on=occurred_on,
        state=ReportState.RECEIVED,
        received_on=day,
        reporter_last_active_on=day,
    )
    report.content = crypto.seal_json(
        {
            "what": what.strip(),
            "when": (when_text or "").strip(),
            "prior_complaint": (prior_complaint or "").strip(),
            "outside_body": (outside_body or "").strip(),
            "official_name": (official_name or "").strip(),
        },
        context=report.context("content"),
    )
    if named:
        report.identity = crypto.seal_json(
            {
                "name": actor.display_name() if callable(getattr(actor, "display_name", None)) else str(actor),
                "email": actor.email or "",
                "kind": actor.kind,
            },
            context=report.context("identity"),
        )
    report.save(force_insert=True)
    return report


def _tell_handlers(report: Report) -> None:
    for handler in handlers_of(report.body):
        notify(
            recipient=handler,
            kind=NEW_REPORT_KIND,
            title=gettext_lazy("A new passive-administration report"),
            url=f"/reporting/{report.pk}/",
        )


def find_by_receipt(receipt_text: str) -> Report | None:
    """The anonymous report whose receipt this is, or None; the same work whether it exists or not.

    Receipts expire after ``CentreSettings.reporter_access_days`` without the reporter's activity (REP-10), and a
    purged report has no receipt any more."""
    from proactive.reporting.models import CentreSettings

    digits = receipts.normalise(receipt_text)
    hashed = receipts.receipt_hash(digits or receipt_text or "")
    if digits is None:
        return None
    report = Report.objects.filter(receipt_hash=hashed, is_anonymous=True).first()
    if report is None:
        return None
    days = CentreSettings.current().reporter_access_days
    if (today() - report.reporter_last_active_on).days > days:
        return None
    return report


@transaction.atomic
def reporter_reply(*, report: Report, text: str, files: list | tuple = ()) -> None:
    """The reporter (anonymous, via the receipt; or named, signed in) answers in the thread, with files."""
    text = (text or "").strip()
    if not text and not files:
        raise DomainError(_("Please write a message or attach a file."), code="empty")
    if len(text) > MAX_TEXT:
        raise DomainError(_("The text is too long (at most 10,000 characters)."), code="too_long")
    report = Report.objects.select_for_update().get(pk=report.pk)
    message = add_message(report=report, author_kind=MessageAuthor.REPORTER, text=text)
    for uploaded in files:
        store_attachment(report=report, uploaded_file=uploaded, from_reporter=True, message=message)
    Report.objects.filter(pk=report.pk).update(reporter_last_active_on=today())
    log(report, "reporter_replied", data={"files": len(files)})
    recipients = [report.assignee] if report.assignee_id else handlers_of(report.body)
    transaction.on_commit(
        lambda: [
            notify(
                recipient=r,
                kind=REPORTER_MESSAGE_KIND,
                title=gettext_lazy("A reporter answered in a report you handle"),
                url=f"/reporting/{report.pk}/",
            )
            for r in recipients
        ]
    )


def touch(report: Report) -> None:
    """The reporter opened the report with the receipt: keep it alive (REP-10; date only)."""
    if report.reporter_last_active_on != today():
        Report.objects.filter(pk=report.pk).update(reporter_last_active_on=today())
