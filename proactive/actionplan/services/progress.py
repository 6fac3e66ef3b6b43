"""Quarterly progress: the owner department reports (its head, or officials the head designates), the secretariat
accepts or returns with a comment, and the one transition function of a report (``transition_report``)."""

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.models import User
from proactive.actionplan.enums import QUARTERS, ReportState, TaskStatus
from proactive.actionplan.models import ProgressReport, Reporter, Task
from proactive.actionplan.queries import role_users
from proactive.actionplan.rules import EVIDENCE_PURPOSE
from proactive.actionplan.services.common import number, require, text
from proactive.actionplan.workflow import REPORT_TRANSITIONS
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.core.workflow import check_transition
from proactive.documents.services import store_upload
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify

REPORT = "actionplan.report_progress"
DESIGNATE = "actionplan.designate_reporter"
MAX_FILES = 10
EVIDENCE_KINDS = ("pdf", "hwp", "hwpx", "docx", "xlsx", "pptx", "jpeg", "png", "txt")

KIND_SUBMITTED = "actionplan.report_submitted"
KIND_REVIEWED = "actionplan.report_reviewed"
KIND_DESIGNATED = "actionplan.reporter_designated"


def register_notification_kinds() -> None:
    """Called from ``ActionplanConfig.ready``."""
    register_kind(KIND_SUBMITTED, gettext_lazy("An action-plan progress report awaits review"), email_default=False)
    register_kind(KIND_REVIEWED, gettext_lazy("Your action-plan progress report was reviewed"))
    register_kind(KIND_DESIGNATED, gettext_lazy("You were designated to report an action-plan task"))


def quarter_starts(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, 3 * (quarter - 1) + 1, 1)


def _task_url(task: Task) -> str:
    return reverse("actionplan:task-detail", args=[task.pk])


def _tell(recipients: list, *, kind: str, title: Any, task: Task, actor: Any, body: Any = "") -> None:
    actor_pk = getattr(actor, "pk", None)
    for recipient in recipients:
        if recipient.pk != actor_pk:
            notify(recipient=recipient, kind=kind, title=title, body=body, url=_task_url(task), actor=actor)


# --- Designated reporters -----------------------------------------------------------------------------------


@transaction.atomic
def designate_reporter(*, actor: Any, task: Task, user: User) -> Reporter:
    """The head of the owner department designates an official of that department (its unit or a team below it) to
    report the task. Side effects: audit event ``actionplan.reporter_designated``; the official is notified."""
    require(actor, DESIGNATE, task)
    official = getattr(user, "official", None)
    if official is None or not user.is_active or not official.unit.path.startswith(task.owner_unit.path):
        raise DomainError(_("Choose an official of the task's owner department."), code="reporter_outside")
    if task.reporters.filter(user=user, ended_on__isnull=True).exists():
        raise DomainError(_("This official already reports this task."), code="reporter_exists")
    reporter = Reporter.objects.create(task=task, user=user, designated_by=actor)
    record_event(actor=actor, verb="actionplan.reporter_designated", target=reporter, data={"task": task.pk})
    _tell(
        [user],
        kind=KIND_DESIGNATED,
        title=_("Report the progress of %(task)s") % {"task": task},
        task=task,
        actor=actor,
    )
    return reporter


@transaction.atomic
def end_reporter(*, actor: Any, reporter: Reporter) -> Reporter:
    """End a designation (kept, with ``ended_on``). Side effect: audit event ``actionplan.reporter_ended``."""
    require(actor, DESIGNATE, reporter.task)
    if reporter.ended_on is None:
        reporter.ended_on = timezone.localdate()
        reporter.save(update_fields=["ended_on", "updated_at"])
        record_event(actor=actor, verb="actionplan.reporter_ended", target=reporter, data={"task": reporter.task_id})
    return reporter


# --- Reports ------------------------------------------------------------------------------------------------


@transaction.atomic
def report_progress(
    *,
    actor: Any,
    task: Task,
    quarter: int,
    actual: Any,
    status: str,
    narrative: str,
    files: list | None = None,
) -> ProgressReport:
    """The owner department reports a quarter: actual value (optional for a task not started), status, narrative
    and evidence files.

    Rules: the quarter has a due date in the plan and has begun; a report still awaiting review may be corrected;
    a returned report is reported again (``returned → submitted``); an accepted report is final; at most
    ``MAX_FILES`` evidence files per report. Side effects: each file stored as a private document (purpose
    ``actionplan.evidence``); audit event ``actionplan.progress_reported`` (and ``actionplan.report_state_changed``
    on a resubmission); the secretariat is notified.
    """
    require(actor, REPORT, task)
    if quarter not in QUARTERS or task.plan.due_on(quarter) is None:
        raise DomainError(_("This quarter is not reported in this plan."), code="quarter_invalid")
    if quarter_starts(task.plan.year, quarter) > timezone.localdate():
        raise DomainError(_("This quarter has not begun yet."), code="quarter_future")
    if status not in TaskStatus.values:
        raise DomainError(_("Choose how the task stands."), code="status_required")
    values = {
        "actual": number(actual, required=status != TaskStatus.NOT_STARTED),
        "status": status,
        "narrative": text(narrative, required_message=_("Describe what was done in the quarter.")),
    }
    files = list(files or [])
    report = ProgressReport.objects.select_for_update().filter(task=task, quarter=quarter).first()
    if report is not None and report.state == ReportState.ACCEPTED:
        raise DomainError(_("This quarter's report was accepted and can no longer be changed."), code="accepted")
    if len(files) + (report.evidence.count() if report else 0) > MAX_FILES:
        raise DomainError(_("At most %(count)s evidence files per report.") % {"count": MAX_FILES}, code="too_many")
    now = timezone.now()
    if report is None:
        report = ProgressReport.objects.create(
            task=task, quarter=quarter, submitted_by=actor, submitted_at=now, **values
        )
    else:
        if report.state == ReportState.RETURNED:
            transition_report(report, to=ReportState.SUBMITTED, actor=actor)
        for field, value in values.items():
            setattr(report, field, value)
        report.submitted_by, report.submitted_at = actor, now
        report.save()
    documents = [
        store_upload(actor=actor, uploaded_file=f, purpose=EVIDENCE_PURPOSE, allowed=EVIDENCE_KINDS) for f in files
    ]
    if documents:
        report.evidence.add(*documents)
    record_event(
        actor=actor,
        verb="actionplan.progress_reported",
        target=report,
        data={
            "task": task.pk,
            "quarter": quarter,
            "actual": None if values["actual"] is None else str(values["actual"]),
            "status": status,
            "files": [str(d.pk) for d in documents],
        },
    )
    title = _("%(task)s: Q%(quarter)s progress reported") % {"task": task, "quarter": quarter}
    _tell(role_users("secretariat"), kind=KIND_SUBMITTED, title=title, task=task, actor=actor)
    return report


@transaction.atomic
def transition_report(report: ProgressReport, *, to: str, actor: Any, reason: str = "") -> ProgressReport:
    """Move a report along ``workflow.REPORT_TRANSITIONS``: accepting or returning records the reviewer, the time
    and the comment. Side effect: audit event ``actionplan.report_state_changed``."""
    check_transition(REPORT_TRANSITIONS, obj=report, current=report.state, to=to, actor=actor)
    previous = report.state
    report.state = to
    if to in (ReportState.ACCEPTED, ReportState.RETURNED):
        report.reviewed_by, report.reviewed_at, report.review_comment = actor, timezone.now(), reason
    report.save()
    record_event(
        actor=actor,
        verb="actionplan.report_state_changed",
        target=report,
        changes={"state": [previous, to]},
        data={"comment": reason},
    )
    return report


def accept_report(*, actor: Any, report: ProgressReport, comment: str = "") -> ProgressReport:
    """The secretariat accepts a quarter's report; the reporter is notified."""
    report = transition_report(report, to=ReportState.ACCEPTED, actor=actor, reason=text(comment, limit=1000))
    title = _("%(task)s: Q%(quarter)s report accepted") % {"task": report.task, "quarter": report.quarter}
    _tell([report.submitted_by], kind=KIND_REVIEWED, title=title, task=report.task, actor=actor, body=comment)
    return report


def return_report(*, actor: Any, report: ProgressReport, comment: str) -> ProgressReport:
    """The secretariat returns a report with a comment saying what to correct; the reporter is notified."""
    reason = text(comment, required_message=_("Say what needs correcting."), code="comment_required", limit=1000)
    report = transition_report(report, to=ReportState.RETURNED, actor=actor, reason=reason)
    title = _("%(task)s: Q%(quarter)s report returned") % {"task": report.task, "quarter": report.quarter}
    _tell([report.submitted_by], kind=KIND_REVIEWED, title=title, task=report.task, actor=actor, body=reason)
    return report
