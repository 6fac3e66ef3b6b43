"""Screens of the reporting centre's handling area (신고 처리): the queue of the bodies a handler serves, one
report's page with the forms of the steps the workflow allows next, the files, and the dashboard panel.

Only audit officers of the report's body see a report; anyone else gets a 404, as if it did not exist, and a
superuser or system administrator never sees one (403 on the queue and on a report: SECURITY.md AC-05). The list
shows metadata only; the report's page decrypts its content and records the staff access (안전조치 §8). Each form
posts to its own URL; a refusal re-renders the page with what was typed and the reason.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.core.exceptions import DomainError, InvalidTransitionError
from proactive.core.http import client_ip
from proactive.reporting import crypto
from proactive.reporting.enums import MessageAuthor, ReportState
from proactive.reporting.forms.handling import (
    ActionFormSet,
    CloseForm,
    ExtendForm,
    FindingForm,
    ForwardForm,
    InvestigateForm,
    MessageForm,
    QueueFilterForm,
    RevealForm,
)
from proactive.reporting.models import Report
from proactive.reporting.queries import handling as queries
from proactive.reporting.services import handling as services
from proactive.reporting.services.common import (
    attachment_bytes,
    attachment_name,
    content_of,
    identity_of,
    message_text,
    today,
)
from proactive.web.navigation import DashboardPanel, MenuItem, add_menu_items, register_panel
from proactive.web.pagination import paginate
from proactive.web.refusals import refused

S = ReportState
QUEUE = "reporting.view_report_queue"
VIEW = "reporting.view_report"
HANDLE = services.HANDLE
PER_PAGE = 30

# Labels of the timeline's verbs (services.intake, services.handling); an unknown verb is shown as it is.
TIMELINE_LABELS: dict[str, Any] = {
    "filed": pgettext_lazy("report timeline", "Report filed"),
    "reporter_replied": pgettext_lazy("report timeline", "The reporter wrote"),
    "forwarded": pgettext_lazy("report timeline", "Forwarded as an ordinary complaint"),
    "investigation_started": pgettext_lazy("report timeline", "Investigation started"),
    "substantiated": pgettext_lazy("report timeline", "Found substantiated"),
    "unsubstantiated": pgettext_lazy("report timeline", "Found not substantiated"),
    "action_taken": pgettext_lazy("report timeline", "Action recorded"),
    "closed": pgettext_lazy("report timeline", "Closed; the reporter was told the result"),
    "deadline_extended": pgettext_lazy("report timeline", "Deadline extended"),
    "message_sent": pgettext_lazy("report timeline", "Message to the reporter"),
    "note_added": pgettext_lazy("report timeline", "Internal note"),
    "identity_revealed": pgettext_lazy("report timeline", "Reporter's identity revealed"),
    "overdue_flagged": pgettext_lazy("report timeline", "Overdue: the audit officers were reminded"),
}


def register() -> None:
    """Notification kinds, the menu item and the dashboard panel of this area (called from ReportingConfig)."""
    services.register_handling_notification_kinds()
    add_menu_items("reporting", [MenuItem(gettext_lazy("Report handling"), "reporting:report-list", QUEUE)])
    register_panel(
        DashboardPanel(
            key="reporting-queue",
            template="reporting/handling/_queue_panel.html",
            permission=QUEUE,
            order=35,
            context=queue_panel,
        )
    )


def queue_panel(user: Any) -> dict[str, Any]:
    return queries.dashboard_counts(user, today=today())


# --- Access --------------------------------------------------------------------------------------------------


def _no_superuser(request) -> None:
    # Django grants a superuser every permission: report content is not for system administrators (AC-05).
    if request.user.is_superuser:
        raise PermissionDenied


def _visible_or_404(request, pk: int) -> Report:
    _no_superuser(request)
    report = queries.get_report(pk)
    if report is None or not services.may(request.user, VIEW, report):
        raise Http404
    return report


def _require_handle(request, report: Report) -> None:
    if not services.may(request.user, HANDLE, report):
        raise PermissionDenied


# --- The queue -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def report_list(request):
    _no_superuser(request)
    if not services.may(request.user, QUEUE):
        raise PermissionDenied
    day = today()
    filter_form = QueueFilterForm(request.GET or None)
    criteria = queries.QueueFilter()
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        criteria = queries.QueueFilter(
            state=data["state"],
            report_type=data["report_type"],
            field=data["field"],
            mine=data["mine"],
            overdue=data["overdue"],
            search=data["q"],
        )
    context = paginate(request, queries.report_queue(request.user, criteria, today=day), PER_PAGE)
    business = queries.centre_settings().business_days
    for report in context["page_obj"]:
        report.days_left = queries.days_left(report, today=day, business=business)
        report.is_overdue = report.days_left is not None and report.days_left < 0
        report.days_late = -report.days_left if report.is_overdue else 0
    counts = queries.state_counts(request.user)
    context |= {
        "filter_form": filter_form,
        "filtered": criteria != queries.QueueFilter(),
        "state_counts": [(value, label, counts.get(value, 0)) for value, label in S.choices],
        "overdue_count": queries.overdue_count(request.user, today=day),
        "business_days": business,
    }
    return render(request, "reporting/handling/report_list.html", context)


# --- One report ----------------------------------------------------------------------------------------------


def _thread(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "message": message,
            "text": message_text(message),
            "from_reporter": message.author_kind == MessageAuthor.REPORTER,
            "files": [(a, attachment_name(a)) for a in message.attachments.all()],
        }
        for message in queries.thread(report)
    ]


def _actions(report: Report) -> list[dict[str, Any]]:
    return [
        {"action": a, "note": crypto.open_text(a.note, context=report.context(f"action:{a.uid}"))}
        for a in queries.actions(report)
    ]


def _timeline(report: Report) -> list[dict[str, Any]]:
    return [{"event": e, "label": TIMELINE_LABELS.get(e.verb, e.verb)} for e in queries.timeline(report)]


def _action_formset(report: Report, data: Any = None) -> Any:
    kwargs = {"officials": queries.official_choices(report), "units": queries.body_units(report)}
    initial = [{"official": report.official_id}] if report.official_id else None
    return ActionFormSet(data, prefix="action", form_kwargs=kwargs, initial=initial)


def _step_forms(report: Report, bound: dict[str, Any]) -> dict[str, Any]:
    """The forms of the steps the workflow allows from the report's state (a bound form is always shown)."""
    state = report.state
    forms: dict[str, Any] = {}
    if state == S.RECEIVED:
        forms["investigate_form"] = InvestigateForm(handlers=_handlers(report))
        forms["forward_form"] = ForwardForm(units=queries.forward_choices())
    if state == S.INVESTIGATING:
        forms["finding_form"] = FindingForm()
    if state in services.EXTENDABLE:
        forms["extend_form"] = ExtendForm()
    if state == S.SUBSTANTIATED:
        forms["action_formset"] = _action_formset(report)
    if state in (S.UNSUBSTANTIATED, S.ACTION_TAKEN):
        forms["close_form"] = CloseForm()
    forms["message_form"] = MessageForm()
    forms.update(bound)
    return forms


def _handlers(report: Report) -> Any:
    from proactive.accounts.models import User  # noqa: PLC0415  (only the assignee choice needs the model)

    ids = [u.pk for u in queries.assignee_choices(report)]
    return User.objects.filter(pk__in=ids).select_related("official__unit").order_by("name", "pk")


def _render_detail(
    request, report: Report, *, status: int = 200, revealed: dict | None = None, **bound: Any
) -> HttpResponse:
    user = request.user
    record_access(
        actor=user,
        ip_address=client_ip(request),
        action=AccessAction.VIEW,
        subject=report.reporter if not report.is_anonymous else None,
        resource=f"reporting.report:{report.pk}",
    )
    day = today()
    settings = queries.centre_settings()
    can_handle = services.may(user, HANDLE, report)
    identity = None
    reveal_form = None
    if not report.is_anonymous:
        if services.may(user, services.SEE_IDENTITY, report):
            identity = identity_of(report)
        elif revealed is not None:
            identity = revealed
        elif services.may(user, services.REVEAL_IDENTITY, report):
            reveal_form = bound.pop("reveal_form", None) or RevealForm()
    days_left = queries.days_left(report, today=day, business=settings.business_days)
    context: dict[str, Any] = {
        "report": report,
        "content": content_of(report),
        "identity": identity,
        "revealed": revealed is not None,
        "reveal_form": reveal_form,
        "report_files": [(a, attachment_name(a)) for a in queries.report_files(report)],
        "thread": _thread(report),
        "timeline": _timeline(report),
        "extensions": queries.extensions(report),
        "actions": _actions(report),
        "days_left": days_left,
        "is_overdue": days_left is not None and days_left < 0,
        "days_late": -days_left if days_left is not None and days_left < 0 else 0,
        "business_days": settings.business_days,
        "can_handle": can_handle,
    }
    if can_handle:
        context |= _step_forms(report, bound)
    response = render(request, "reporting/handling/report_detail.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def report_detail(request, pk: int):
    return _render_detail(request, _visible_or_404(request, pk))


def _refusal_status(exc: DomainError) -> int:
    refused(exc)  # a permission refusal is a 403
    return 409 if isinstance(exc, InvalidTransitionError) else 400


def _fresh(report: Report) -> Report:
    return queries.get_report(report.pk) or report


def _done(request, report: Report, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("reporting:report-detail", report.pk)


@require_POST
@login_required
def report_triage(request, pk: int):
    """Investigate (assignee, field) or forward as an ordinary complaint (unit, field, reason)."""
    report = _visible_or_404(request, pk)
    _require_handle(request, report)
    forward = request.POST.get("decision") == "forward"
    form: Any
    if forward:
        form = ForwardForm(request.POST, units=queries.forward_choices())
    else:
        form = InvestigateForm(request.POST, handlers=_handlers(report))
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            if forward:
                services.forward_report(
                    actor=request.user,
                    report=report,
                    forwarded_to=data["forwarded_to"],
                    reason=data["reason"],
                    field=data["field"],
                )
            else:
                services.start_investigation(
                    actor=request.user, report=report, assignee=data["assignee"], field=data["field"]
                )
        except DomainError as exc:
            status = _refusal_status(exc)
            form.add_error(None, exc.message)
        else:
            if forward:
                return _done(request, report, _("The report was forwarded as an ordinary complaint."))
            return _done(request, report, _("The investigation started; the officer was notified."))
    key = "forward_form" if forward else "investigate_form"
    return _render_detail(request, _fresh(report), status=status, **{key: form})


@require_POST
@login_required
def report_extend(request, pk: int):
    report = _visible_or_404(request, pk)
    _require_handle(request, report)
    form = ExtendForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.extend_deadline(
                actor=request.user,
                report=report,
                new_due_on=form.cleaned_data["due_on"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            status = _refusal_status(exc)
            form.add_error(None, exc.message)
        else:
            return _done(request, report, _("The deadline was extended."))
    return _render_detail(request, _fresh(report), status=status, extend_form=form)


@require_POST
@login_required
def report_finding(request, pk: int):
    report = _visible_or_404(request, pk)
    _require_handle(request, report)
    form = FindingForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.record_finding(
                actor=request.user,
                report=report,
                substantiated=form.cleaned_data["result"] == "substantiated",
                findings=form.cleaned_data["findings"],
            )
        except DomainError as exc:
            status = _refusal_status(exc)
            form.add_error(None, exc.message)
        else:
            return _done(request, report, _("The finding was recorded."))
    return _render_detail(request, _fresh(report), status=status, finding_form=form)


@require_POST
@login_required
def report_action(request, pk: int):
    report = _visible_or_404(request, pk)
    _require_handle(request, report)
    formset = _action_formset(report, request.POST)
    status = 400
    if formset.is_valid():
        actions = [
            services.ActionInput(kind=row["kind"], official=row.get("official"), unit=row.get("unit"), note=row["note"])
            for row in formset.rows()
        ]
        try:
            services.record_action(actor=request.user, report=report, actions=actions)
        except DomainError as exc:
            status = _refusal_status(exc)
            formset._non_form_errors = formset.error_class([exc.message], error_class="nonform")
        else:
            return _done(request, report, _("The action was recorded."))
    return _render_detail(request, _fresh(report), status=status, action_formset=formset)


@require_POST
@login_required
def report_close(request, pk: int):
    report = _visible_or_404(request, pk)
    _require_handle(request, report)
    form = CloseForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.close_report(actor=request.user, report=report, reporter_text=form.cleaned_data["reporter_text"])
        except DomainError as exc:
            status = _refusal_status(exc)
            form.add_error(None, exc.message)
        else:
            return _done(request, report, _("The report was closed; the result is ready for the reporter."))
    return _render_detail(request, _fresh(report), status=status, close_form=form)


@require_POST
@login_required
def report_message(request, pk: int):
    report = _visible_or_404(request, pk)
    _require_handle(request, report)
    form = MessageForm(request.POST, request.FILES, request=request)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.send_message(
                actor=request.user,
                report=report,
                text=data["text"],
                files=data["attachments"],
                internal=data["internal"],
            )
        except DomainError as exc:
            status = _refusal_status(exc)
            form.add_error(None, exc.message)
        else:
            if data["internal"]:
                return _done(request, report, _("The internal note was added."))
            return _done(request, report, _("The message was sent to the reporter."))
    elif form.upload_rejected:
        status = 413
    return _render_detail(request, _fresh(report), status=status, message_form=form)


@require_POST
@login_required
def report_reveal(request, pk: int):
    """Show a named reporter's identity on this response only, after a reason (recorded)."""
    report = _visible_or_404(request, pk)
    if not services.may(request.user, services.REVEAL_IDENTITY, report):
        raise PermissionDenied
    form = RevealForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            identity = services.reveal_identity(
                actor=request.user,
                report=report,
                reason=form.cleaned_data["reason"],
                ip_address=client_ip(request),
            )
        except DomainError as exc:
            status = _refusal_status(exc)
            form.add_error(None, exc.message)
        else:
            return _render_detail(request, report, revealed=identity)
    return _render_detail(request, report, status=status, reveal_form=form)


@login_required
@require_GET
def attachment_download(request, pk: int, file_pk: int):
    """Decrypt one file of the report and send it as a download (the access is recorded)."""
    report = _visible_or_404(request, pk)
    attachment = report.attachments.filter(pk=file_pk).first()
    if attachment is None:
        raise Http404
    attachment.report = report
    record_access(
        actor=request.user,
        ip_address=client_ip(request),
        action=AccessAction.VIEW,
        subject=report.reporter if not report.is_anonymous else None,
        resource=f"reporting.attachment:{attachment.pk} (report {report.pk})",
    )
    response = HttpResponse(attachment_bytes(attachment), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment_name(attachment)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response
