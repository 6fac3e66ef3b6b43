"""The applicant's screens: "my applications", the application form (drafts kept, input kept on error), one
application's page (summary, countdown, documents, earlier answers, the committee's decision, payments, comments,
timeline), withdrawal, comments, more files, and the decision PDFs.

An application one may not read answers 404, as if it did not exist; a superuser gets 403 everywhere.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.core.exceptions import DomainError
from proactive.core.http import client_ip
from proactive.legalsupport import queries
from proactive.legalsupport.enums import ApplicationState, Outcome
from proactive.legalsupport.forms.applications import ApplicationForm, CommentForm, FilesForm, WithdrawForm
from proactive.legalsupport.forms.handling import DownloadReasonForm
from proactive.legalsupport.models import Application
from proactive.legalsupport.rules import is_party
from proactive.legalsupport.services import applications as services
from proactive.legalsupport.services.common import may, today
from proactive.legalsupport.services.decisions import file_name
from proactive.legalsupport.views.common import (
    TIMELINE_LABELS,
    done,
    fresh,
    no_store,
    no_superuser,
    record_view,
    require,
    visible_or_404,
)
from proactive.web.navigation import DashboardPanel, MenuItem, add_menu_items, register_panel
from proactive.web.pagination import paginate
from proactive.web.refusals import refusal_status, refused
from proactive.web.refusals import submit as submit_form  # the view submit() below takes the name

S = ApplicationState
MINE = "legalsupport.view_my_applications"
CREATE = services.CREATE
ON_BEHALF = services.ON_BEHALF
PER_PAGE = 30


def register() -> None:
    """Menu items and the applicant's dashboard panel (called from LegalsupportConfig.ready)."""
    add_menu_items(
        "support",
        [
            MenuItem(gettext_lazy("My legal-support applications"), "legalsupport:mine", MINE),
            MenuItem(gettext_lazy("Apply for legal support"), "legalsupport:create", CREATE),
        ],
    )
    register_panel(
        DashboardPanel(
            key="legalsupport-mine",
            template="legalsupport/_mine_panel.html",
            permission=MINE,
            order=60,
            context=queries.my_counts,
        )
    )


# --- My applications -----------------------------------------------------------------------------------------


@login_required
@require_GET
def mine(request):
    no_superuser(request)
    require(request, MINE)
    context = paginate(request, queries.my_applications(request.user), PER_PAGE)
    settings = queries.support_settings()
    day = today()
    for application in context["page_obj"]:
        application.days_left = queries.days_left(application, today=day, business=settings.business_days)
    context |= {"business_days": settings.business_days, "can_apply": may(request.user, CREATE)}
    return render(request, "legalsupport/mine.html", context)


# --- The form ------------------------------------------------------------------------------------------------


def _render_form(request, form: ApplicationForm, *, application: Application | None = None, status: int = 200):
    context = {
        "form": form,
        "application": application,
        "caps": queries.support_settings().caps(),
        "on_behalf": "official_employee_no" in form.fields,
    }
    return no_store(render(request, "legalsupport/application_form.html", context, status=status))


def _show_missing(form: ApplicationForm, exc: services.IncompleteApplicationError) -> None:
    form.add_error(None, _("The draft was saved, but it cannot be submitted yet. Complete what is marked below."))
    for name, message in exc.missing:
        target = name if name in form.fields and name not in form.errors else None
        form.add_error(target, message)


def _after_save(request, application: Application, form: ApplicationForm, submit: bool):
    if not submit:
        messages.success(request, _("The draft was saved. It is kept until you submit it."))
        return redirect("legalsupport:detail", application.pk)
    try:
        services.submit_application(actor=request.user, application=application)
    except services.IncompleteApplicationError as exc:
        edit_form = ApplicationForm(
            request.POST,
            on_behalf=False,
            answers=services.answers_for(application.official),
            current_files=queries.files(application),
        )
        edit_form.is_valid()
        _show_missing(edit_form, exc)
        return _render_form(request, edit_form, application=fresh(application), status=400)
    except DomainError as exc:
        refused(exc)
        messages.error(request, exc.message)
        return redirect("legalsupport:detail", application.pk)
    messages.success(
        request, _("The application was submitted. The accountable officer checks the facts; you will be told.")
    )
    return redirect("legalsupport:detail", application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """A new application (draft or submitted at once). Protection officers may apply on an official's behalf."""
    no_superuser(request)
    require(request, CREATE)
    on_behalf = may(request.user, ON_BEHALF)
    own = getattr(request.user, "official", None)
    answers = [] if on_behalf or own is None else services.answers_for(own)
    if request.method != "POST":
        return _render_form(request, ApplicationForm(on_behalf=on_behalf, answers=answers))
    form = ApplicationForm(request.POST, request.FILES, request=request, on_behalf=on_behalf, answers=answers)
    if form.is_valid() and form.official is None and own is None:
        # A protection officer without an entry on the officials register applies only on someone's behalf.
        form.add_error("official_employee_no", _("Give the employee number of the official you apply for."))
    if not form.is_valid():
        return _render_form(request, form, status=413 if form.upload_rejected else 400)
    try:
        application = services.create_application(
            actor=request.user,
            data=form.service_data(),
            official=form.official,
            files=form.cleaned_data["attachments"],
            related=form.cleaned_data.get("related", []),
        )
    except DomainError as exc:
        refused(exc)
        form.add_error(None, exc.message)
        return _render_form(request, form, status=400)
    return _after_save(request, application, form, request.POST.get("action") == "submit")


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    application = visible_or_404(request, pk)
    require(request, services.EDIT, application)
    answers = services.answers_for(application.official)
    current = queries.files(application)
    if request.method != "POST":
        form = ApplicationForm(
            initial=ApplicationForm.initial_from(application), answers=answers, current_files=current
        )
        return _render_form(request, form, application=application)
    form = ApplicationForm(request.POST, request.FILES, request=request, answers=answers, current_files=current)
    if not form.is_valid():
        return _render_form(request, form, application=application, status=413 if form.upload_rejected else 400)
    try:
        application = services.update_draft(
            actor=request.user,
            application=application,
            data=form.service_data(),
            files=form.cleaned_data["attachments"],
            related=form.cleaned_data.get("related", []) if "related" in form.fields else None,
            remove_files=form.cleaned_data.get("remove_files", []),
        )
    except DomainError as exc:
        refused(exc)
        form.add_error(None, exc.message)
        return _render_form(request, form, application=application, status=400)
    return _after_save(request, application, form, request.POST.get("action") == "submit")


@require_POST
@login_required
def submit(request, pk: int):
    """Submit a saved draft from its page."""
    application = visible_or_404(request, pk)
    require(request, "legalsupport.submit_application", application)
    try:
        services.submit_application(actor=request.user, application=application)
    except services.IncompleteApplicationError as exc:
        form = ApplicationForm(
            initial=ApplicationForm.initial_from(application),
            answers=services.answers_for(application.official),
            current_files=queries.files(application),
        )
        _show_missing_unbound(form, exc)
        return _render_form(request, form, application=application, status=400)
    except DomainError as exc:
        status = refusal_status(exc)
        return _render_detail(request, application, status=status, error=exc.message)
    return done(
        request,
        _("The application was submitted. The accountable officer checks the facts; you will be told."),
        "legalsupport:detail",
        pk,
    )


def _show_missing_unbound(form: ApplicationForm, exc: services.IncompleteApplicationError) -> None:
    """An unbound form cannot carry errors; show them as a list above it instead."""
    form.missing_messages = [message for _name, message in exc.missing]  # type: ignore[attr-defined]


# --- One application -----------------------------------------------------------------------------------------


def _render_detail(
    request, application: Application, *, status: int = 200, error: str = "", **bound: Any
) -> HttpResponse:
    user = request.user
    record_view(request, application)
    settings = queries.support_settings()
    day = today()
    days_left = queries.days_left(application, today=day, business=settings.business_days)
    lodged = application.state != S.DRAFT
    context: dict[str, Any] = {
        "application": application,
        "error": error,
        "files": queries.files(application),
        "related": queries.related_answers(application),
        "comments": queries.comments(application) if lodged else [],
        "timeline": [{"event": e, "label": TIMELINE_LABELS.get(e.verb, e.verb)} for e in queries.timeline(application)],
        "extensions": queries.extensions(application),
        "committee_items": queries.committee_items(application) if lodged else [],
        "days_left": days_left,
        "business_days": settings.business_days,
        "cap": settings.cap_for(application.approved_stage or application.stage),
        "is_party": is_party(user, application),
        "approved": application.decision_outcome == Outcome.APPROVED,
        "can": {
            name: may(user, f"legalsupport.{name}", application)
            for name in (
                "edit_application",
                "submit_application",
                "withdraw_application",
                "comment_application",
                "add_application_file",
                "view_fact_finding",
                "check_facts",
                "table_application",
                "set_approved_amount",
                "record_payment",
                "cancel_application",
                "download_decision",
                "render_decision",
            )
        },
    }
    can = context["can"]
    if can["comment_application"]:
        context["comment_form"] = bound.get("comment_form") or CommentForm()
    if can["add_application_file"] and application.state in services.FILE_STATES:
        context["files_form"] = bound.get("files_form") or FilesForm()
    if can["withdraw_application"] and application.state in (S.SUBMITTED, S.FACTS_CHECKED):
        context["withdraw_form"] = bound.get("withdraw_form") or WithdrawForm()
    if application.state == S.DRAFT:
        context["missing"] = services.missing_for_submission(application)
    return no_store(render(request, "legalsupport/application_detail.html", context, status=status))


@login_required
@require_GET
def detail(request, pk: int):
    return _render_detail(request, visible_or_404(request, pk))


@require_POST
@login_required
def withdraw(request, pk: int):
    application = visible_or_404(request, pk)
    require(request, services.WITHDRAW_PERMISSION, application)
    form = WithdrawForm(request.POST)
    status = submit_form(
        form,
        lambda data: services.withdraw_application(actor=request.user, application=application, reason=data["reason"]),
    )
    if status is None:
        return done(request, _("The application was withdrawn."), "legalsupport:detail", pk)
    return _render_detail(request, fresh(application), status=status, withdraw_form=form)


@require_POST
@login_required
def comment(request, pk: int):
    application = visible_or_404(request, pk)
    require(request, services.COMMENT, application)
    form = CommentForm(request.POST)
    status = submit_form(
        form, lambda data: services.add_comment(actor=request.user, application=application, text=data["text"])
    )
    if status is None:
        return done(request, _("The comment was added."), "legalsupport:detail", pk)
    return _render_detail(request, fresh(application), status=status, comment_form=form)


@require_POST
@login_required
def add_files(request, pk: int):
    application = visible_or_404(request, pk)
    require(request, services.ADD_FILE, application)
    form = FilesForm(request.POST, request.FILES, request=request)
    status = submit_form(
        form, lambda data: services.add_files(actor=request.user, application=application, files=data["attachments"])
    )
    if status is None:
        return done(request, _("The files were attached to the application."), "legalsupport:detail", pk)
    if form.upload_rejected:
        status = 413
    return _render_detail(request, fresh(application), status=status, files_form=form)


# --- The decision documents ----------------------------------------------------------------------------------


def _pdf_response(application: Application, kind: str) -> FileResponse:
    document = application.cancellation_document if kind == "cancellation" else application.decision_document
    assert document is not None
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=file_name(application, kind),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document(request, pk: int, kind: str):
    """The decision (or the cancellation) PDF. The official and the filer download at once; the staff give a
    reason first (kept in the access records). While the PDF is being prepared, a page says so (409)."""
    if kind not in ("decision", "cancellation"):
        raise Http404
    application = visible_or_404(request, pk)
    if not may(request.user, "legalsupport.download_decision", application):
        raise Http404
    present = application.cancellation_document_id if kind == "cancellation" else application.decision_document_id
    context: dict[str, Any] = {"application": application, "kind": kind}
    if kind == "cancellation" and application.cancelled_on is None:
        raise Http404
    if not present:
        return render(request, "legalsupport/document_pending.html", context, status=409)
    if is_party(request.user, application):
        return _pdf_response(application, kind)
    form = DownloadReasonForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            record_access(
                actor=request.user,
                ip_address=client_ip(request),
                action=AccessAction.DOWNLOAD,
                subject=application.official,
                resource=file_name(application, kind),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_error("reason", exc.message)
        else:
            return _pdf_response(application, kind)
    status = 400 if request.method == "POST" else 200
    return render(request, "legalsupport/document_download.html", context | {"form": form}, status=status)
