"""Screens of the requester and the head: my requests, the request form (draft, files, send), the request's page
and its requester/head steps (send, withdraw, revise, approve or send back, report the implementation), the head's
approvals and the opinion's PDF."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.consulting.enums import RequestState
from proactive.consulting.forms.requests import (
    ApprovalForm,
    DownloadReasonForm,
    ImplementationForm,
    RequestForm,
    WithdrawForm,
)
from proactive.consulting.models import ConsultingRequest
from proactive.consulting.queries import requests as queries
from proactive.consulting.services import opinions as opinion_services
from proactive.consulting.services import requests as services
from proactive.consulting.services.common import may
from proactive.consulting.views.detail import done, fresh, render_detail, visible_or_404
from proactive.core.exceptions import DomainError
from proactive.core.http import client_ip
from proactive.documents.pdf import PdfRenderingError
from proactive.web.pagination import paginate
from proactive.web.refusals import refusal_status, submit

S = RequestState
PER_PAGE = 30


def _require(request, permission: str, obj: Any = None) -> None:
    if not may(request.user, permission, obj):
        raise PermissionDenied


@login_required
@require_GET
def my_requests(request):
    _require(request, "consulting.view_my_requests")
    context = paginate(request, queries.my_requests(request.user), PER_PAGE)
    return render(request, "consulting/my_requests.html", context)


def _save_files(request, req: ConsultingRequest, files: list) -> None:
    for uploaded in files:
        services.attach_file(actor=request.user, req=req, uploaded_file=uploaded)


def _handle_form(request, form: RequestForm, req: ConsultingRequest | None) -> tuple[ConsultingRequest | None, str]:
    """Save the draft (and its new files) and, with ``action=send``, send it. Returns the request and "" or the
    request (maybe None) and the refusal to show on the form."""
    data = form.to_input()
    try:
        if req is None:
            req = services.create_request(actor=request.user, data=data)
        else:
            req = services.update_request(actor=request.user, req=req, data=data)
        _save_files(request, req, form.cleaned_data.get("attachments") or [])
    except DomainError as exc:
        refusal_status(exc)
        return req, exc.message
    if request.POST.get("action") == "send":
        try:
            req = services.send_request(actor=request.user, req=req)
        except DomainError as exc:
            refusal_status(exc)
            return req, exc.message
    return req, ""


def _form_page(request, form: RequestForm, req: ConsultingRequest | None, *, status: int = 200) -> HttpResponse:
    files = queries.files_of(req) if req is not None else []
    context = {"form": form, "req": req, "files": files}
    return render(request, "consulting/request_form.html", context, status=status)


def _after_save(request, req: ConsultingRequest) -> HttpResponse:
    if req.state == S.AWAITING_APPROVAL:
        return done(request, req, _("The request was sent to your department head for approval."))
    if req.state == S.SUBMITTED:
        return done(request, req, _("The request was submitted to the audit office."))
    messages.success(request, _("The draft was saved."))
    return redirect("consulting:request-edit", req.pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    _require(request, "consulting.create_request")
    if request.method == "GET":
        return _form_page(request, RequestForm(), None)
    form = RequestForm(request.POST, request.FILES, request=request)
    if form.is_valid():
        req, error = _handle_form(request, form, None)
        if not error and req is not None:
            return _after_save(request, req)
        if req is not None:
            # The draft was kept; sending was refused: continue on the edit page with the reason.
            messages.error(request, error)
            return redirect("consulting:request-edit", req.pk)
        form.add_error(None, error)
    return _form_page(request, form, None, status=413 if form.upload_rejected else 400)


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request, pk: int):
    req = visible_or_404(request, pk)
    _require(request, "consulting.edit_request", req)
    if request.method == "GET":
        return _form_page(request, RequestForm(initial=RequestForm.initial_from(req)), req)
    form = RequestForm(request.POST, request.FILES, request=request)
    if form.is_valid():
        saved, error = _handle_form(request, form, req)
        if not error and saved is not None:
            return _after_save(request, saved)
        form.add_error(None, error)
    return _form_page(request, form, fresh(req), status=413 if form.upload_rejected else 400)


@require_POST
@login_required
def request_file_remove(request, pk: int, file_pk: int):
    req = visible_or_404(request, pk)
    _require(request, "consulting.edit_request", req)
    try:
        services.remove_file(actor=request.user, req=req, file_id=file_pk)
    except DomainError as exc:
        refusal_status(exc)
        raise Http404 from exc
    messages.success(request, _("The file was removed from the request."))
    return redirect("consulting:request-edit", req.pk)


@login_required
@require_GET
def request_detail(request, pk: int):
    return render_detail(request, visible_or_404(request, pk))


@require_POST
@login_required
def request_send(request, pk: int):
    req = visible_or_404(request, pk)
    if not (
        may(request.user, "consulting.send_request", req)
        or may(request.user, "consulting.submit_request_directly", req)
    ):
        raise PermissionDenied
    try:
        sent = services.send_request(actor=request.user, req=req)
    except DomainError as exc:
        return render_detail(request, fresh(req), status=refusal_status(exc), error=exc.message)
    if sent.state == S.SUBMITTED:
        return done(request, sent, _("The request was submitted to the audit office."))
    return done(request, sent, _("The request was sent to your department head for approval."))


@require_POST
@login_required
def request_withdraw(request, pk: int):
    req = visible_or_404(request, pk)
    _require(request, "consulting.withdraw_request", req)
    form = WithdrawForm(request.POST)
    status = submit(form, lambda data: services.withdraw_request(actor=request.user, req=req, reason=data["reason"]))
    if status is None:
        return done(request, req, _("The request was withdrawn."))
    return render_detail(request, fresh(req), status=status, withdraw_form=form)


@require_POST
@login_required
def request_revise(request, pk: int):
    req = visible_or_404(request, pk)
    _require(request, "consulting.revise_request", req)
    try:
        services.revise_request(actor=request.user, req=req)
    except DomainError as exc:
        return render_detail(request, fresh(req), status=refusal_status(exc), error=exc.message)
    messages.success(request, _("The request is a draft again: complete your own review and send it again."))
    return redirect("consulting:request-edit", req.pk)


@require_POST
@login_required
def request_approve(request, pk: int):
    req = visible_or_404(request, pk)
    _require(request, "consulting.approve_request", req)
    form = ApprovalForm(request.POST)
    status = submit(
        form,
        lambda data: services.decide_approval(
            actor=request.user, req=req, approve=data["decision"] == "approve", comment=data["comment"]
        ),
    )
    if status is None:
        if form.cleaned_data["decision"] == "approve":
            return done(request, req, _("You approved the request; it was submitted to the audit office."))
        return done(request, req, _("The request was sent back to the requester."))
    return render_detail(request, fresh(req), status=status, approval_form=form)


@require_POST
@login_required
def request_implementation(request, pk: int):
    req = visible_or_404(request, pk)
    _require(request, "consulting.report_implementation", req)
    form = ImplementationForm(request.POST, request.FILES, request=request)
    status = submit(
        form,
        lambda data: services.report_implementation(
            actor=request.user,
            req=req,
            followed=data["followed"] == "yes",
            acted_on=data["acted_on"],
            note=data["note"],
            files=data["evidence"],
        ),
    )
    if status is None:
        return done(request, req, _("Thank you: your implementation report was recorded."))
    if form.upload_rejected:
        status = 413
    return render_detail(request, fresh(req), status=status, implementation_form=form)


@login_required
@require_GET
def approvals(request):
    _require(request, "consulting.view_approvals")
    context = paginate(request, queries.approvals_for(request.user), PER_PAGE)
    return render(request, "consulting/approvals.html", context)


def _pdf_response(opinion: Any) -> FileResponse:
    document = opinion.document
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def opinion_pdf(request, pk: int):
    """The requester downloads at once; their head and the audit office give a reason first (an access record)."""
    req = visible_or_404(request, pk)
    if not may(request.user, "consulting.download_opinion", req):
        raise Http404
    opinion = req.opinion
    own = req.requester_id == request.user.pk
    form = None if own else DownloadReasonForm(request.POST if request.method == "POST" else None)
    if form is not None and not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(
            request, "consulting/opinion_download.html", {"req": req, "opinion": opinion, "form": form}, status=status
        )
    try:
        opinion = opinion_services.ensure_pdf(opinion)
    except PdfRenderingError:
        return render(request, "consulting/opinion_unavailable.html", {"req": req, "opinion": opinion}, status=503)
    if form is not None:
        record_access(
            actor=request.user,
            ip_address=client_ip(request),
            action=AccessAction.DOWNLOAD,
            subject=req.requester,
            resource=opinion_services.file_name_of(opinion),
            reason=form.cleaned_data["reason"],
        )
    return _pdf_response(opinion)
