"""The requester's screens: my requests, the request form (an opinion or a ratification, in parts), the request's
page, files, submitting, withdrawing, recording how the opinion was acted on, and the decision document.

A request someone may not view answers 404, as if it did not exist; superusers get a 403 (AC-05).
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.core.exceptions import DomainError
from proactive.core.http import client_ip
from proactive.documents.forms import DownloadReasonForm
from proactive.documents.models import Document
from proactive.opinions import queries
from proactive.opinions.enums import RequestKind, RequestState
from proactive.opinions.forms.requests import ActForm, FilesForm, RequestForm, WithdrawForm, statute_formset
from proactive.opinions.models import OpinionRequest
from proactive.opinions.services import decisions
from proactive.opinions.services import requests as services
from proactive.opinions.services.common import today
from proactive.opinions.views.common import done, fresh, no_superuser, render_detail, require, visible_or_404
from proactive.web.navigation import DashboardPanel, MenuItem, add_menu_items, register_panel
from proactive.web.pagination import paginate
from proactive.web.refusals import refusal_status, submit

S = RequestState
REQUEST = "opinions.request_opinion"
PER_PAGE = 20


def register() -> None:
    """Notification kinds, menu items and the requester's dashboard panel (called from OpinionsConfig.ready)."""
    services.register_notification_kinds()
    add_menu_items(
        "support",
        [
            MenuItem(gettext_lazy("My requests to the committee"), "opinions:mine", REQUEST),
            MenuItem(gettext_lazy("Ask the committee's opinion"), "opinions:request-create", REQUEST),
            MenuItem(gettext_lazy("Ask for ex-post ratification"), "opinions:ratification-create", REQUEST),
        ],
    )
    register_panel(
        DashboardPanel(
            key="opinions-mine", template="opinions/requests/_panel.html", permission=REQUEST, order=46, context=panel
        )
    )


def panel(user: Any) -> dict[str, Any]:
    return queries.requester_counts(user)


# --- My requests ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def mine(request):
    no_superuser(request)
    require(request, REQUEST)
    context = paginate(request, queries.requests_of(request.user), PER_PAGE)
    queries.annotate_deadlines(context["page_obj"], today=today())
    return render(request, "opinions/requests/mine.html", context)


# --- The form ------------------------------------------------------------------------------------------------


def _statute_initial(opinion_request: OpinionRequest) -> list[dict[str, str]]:
    return [{"law": s.law, "article": s.article, "text": s.text} for s in queries.statutes(opinion_request)]


def _initial(opinion_request: OpinionRequest) -> dict[str, Any]:
    names = [
        "title",
        "permit_type",
        "facts",
        "question",
        "options",
        "own_review",
        "taken_on",
        "action_taken",
        "urgency",
        "disaster_context",
        "private_interest",
        "private_interest_details",
    ]
    return {name: getattr(opinion_request, name) for name in names}


def _form_page(request, *, kind: str, form: Any, formset: Any, opinion_request=None, status: int = 200):
    context = {
        "form": form,
        "formset": formset,
        "kind": kind,
        "is_ratification": kind == RequestKind.RATIFICATION,
        "req": opinion_request,
        "files": queries.files(opinion_request) if opinion_request else [],
    }
    return render(request, "opinions/requests/form.html", context, status=status)


def _save(request, *, kind: str, opinion_request: OpinionRequest | None):
    """Validate the posted form and its statutes, then save the draft or submit it; re-render on a refusal."""
    submitting = request.POST.get("action") == "submit"
    form = RequestForm(request.POST, request.FILES, kind=kind, submitting=submitting, request=request)
    formset = statute_formset(request.POST)
    valid = form.is_valid() & formset.is_valid()
    if valid and submitting and kind == RequestKind.OPINION and not formset.rows():
        formset.refuse(_("Please name at least one statute or ordinance article the case concerns."))
        valid = False
    status = 413 if form.upload_rejected else 400
    if valid:
        data, files = form.draft_data(), form.cleaned_data["new_files"]
        try:
            if opinion_request is None:
                saved = services.create_request(
                    actor=request.user, kind=kind, data=data, statutes=formset.rows(), files=files, submit=submitting
                )
            else:
                saved = services.update_request(
                    actor=request.user,
                    request=opinion_request,
                    data=data,
                    statutes=formset.rows(),
                    files=files,
                    submit=submitting,
                )
        except DomainError as exc:
            status = refusal_status(exc)
            form.add_error(None, exc.message)
        else:
            if submitting:
                return done(request, saved, _("Your request was submitted to the secretariat."))
            return done(request, saved, _("Your draft was saved."))
    return _form_page(request, kind=kind, form=form, formset=formset, opinion_request=opinion_request, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request, kind: str = RequestKind.OPINION):
    no_superuser(request)
    require(request, REQUEST)
    if request.method == "POST":
        return _save(request, kind=kind, opinion_request=None)
    return _form_page(request, kind=kind, form=RequestForm(kind=kind), formset=statute_formset())


@login_required
@require_http_methods(["GET", "POST"])
def ratification_create(request):
    return request_create(request, kind=RequestKind.RATIFICATION)


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request, pk: int):
    opinion_request = visible_or_404(request, pk)
    require(request, "opinions.edit_request", opinion_request)
    if request.method == "POST":
        return _save(request, kind=opinion_request.kind, opinion_request=opinion_request)
    form = RequestForm(initial=_initial(opinion_request), kind=opinion_request.kind)
    formset = statute_formset(initial=_statute_initial(opinion_request))
    return _form_page(request, kind=opinion_request.kind, form=form, formset=formset, opinion_request=opinion_request)


# --- The request's page and the requester's steps -------------------------------------------------------------


@login_required
@require_GET
def request_detail(request, pk: int):
    return render_detail(request, visible_or_404(request, pk))


@require_POST
@login_required
def request_submit(request, pk: int):
    opinion_request = visible_or_404(request, pk)
    require(request, "opinions.submit_request", opinion_request)
    try:
        services.submit_request(actor=request.user, request=opinion_request)
    except DomainError as exc:
        status = refusal_status(exc)
        return render_detail(request, fresh(opinion_request), status=status, submit_error=exc.message)
    return done(request, opinion_request, _("Your request was submitted to the secretariat."))


@require_POST
@login_required
def request_withdraw(request, pk: int):
    opinion_request = visible_or_404(request, pk)
    require(request, "opinions.withdraw_request", opinion_request)
    form = WithdrawForm(request.POST)
    status = submit(
        form, lambda data: services.withdraw_request(actor=request.user, request=opinion_request, reason=data["reason"])
    )
    if status is None:
        return done(request, opinion_request, pgettext("opinion request", "The request was withdrawn."))
    return render_detail(request, fresh(opinion_request), status=status, withdraw_form=form)


@require_POST
@login_required
def request_files(request, pk: int):
    opinion_request = visible_or_404(request, pk)
    require(request, "opinions.edit_request", opinion_request)
    form = FilesForm(request.POST, request.FILES, request=request)
    status = submit(
        form,
        lambda data: services.add_files(actor=request.user, request=opinion_request, files=data["uploads"]),
        field="uploads",
    )
    if status is None:
        return done(request, opinion_request, _("The files were added."))
    if form.upload_rejected:
        status = 413
    return render_detail(request, fresh(opinion_request), status=status, files_form=form)


@require_POST
@login_required
def request_file_remove(request, pk: int, document_pk):
    opinion_request = visible_or_404(request, pk)
    require(request, "opinions.edit_request", opinion_request)
    document = Document.objects.filter(pk=document_pk).first()
    if document is None:
        raise Http404
    try:
        services.remove_file(actor=request.user, request=opinion_request, document=document)
    except DomainError as exc:
        refusal_status(exc)
        raise Http404 from exc
    return done(request, opinion_request, pgettext("opinion request", "The file was removed from the request."))


@require_POST
@login_required
def request_act(request, pk: int):
    opinion_request = visible_or_404(request, pk)
    require(request, "opinions.record_action", opinion_request)
    form = ActForm(request.POST, request.FILES, request=request)
    status = submit(
        form,
        lambda data: services.record_action(
            actor=request.user,
            request=opinion_request,
            acted_on=data["acted_on"],
            what=data["what"],
            files=data["evidence"],
        ),
    )
    if status is None:
        return done(request, opinion_request, _("How you acted on the opinion was recorded."))
    if form.upload_rejected:
        status = 413
    return render_detail(request, fresh(opinion_request), status=status, act_form=form)


# --- The decision document -----------------------------------------------------------------------------------


def _pdf_response(opinion_request: OpinionRequest) -> FileResponse:
    document = opinion_request.decision_document
    assert document is not None
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=decisions.file_name_of(opinion_request),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def decision_pdf(request, pk: int) -> HttpResponseBase:
    """The requester downloads at once; anyone else who may view the request gives a reason first (kept in the
    access records). While the PDF is being prepared a page says so."""
    opinion_request = visible_or_404(request, pk)
    if not opinion_request.decision_number:
        raise Http404
    own = opinion_request.requester_id == request.user.pk
    context: dict[str, Any] = {"req": opinion_request}
    if opinion_request.decision_document_id is None:
        return render(request, "opinions/requests/decision_unavailable.html", context, status=409)
    if own:
        return _pdf_response(opinion_request)
    form = DownloadReasonForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            record_access(
                actor=request.user,
                ip_address=client_ip(request),
                action=AccessAction.DOWNLOAD,
                subject=opinion_request.requester,
                resource=decisions.file_name_of(opinion_request),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_error("reason", exc.message)
        else:
            return _pdf_response(opinion_request)
    status = 400 if request.method == "POST" else 200
    return render(request, "opinions/requests/decision_download.html", context | {"form": form}, status=status)
