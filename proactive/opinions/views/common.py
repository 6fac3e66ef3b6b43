"""What the opinions screens share: loading a request the user may see (or a 404), refusals, the request's page
with every form the viewer may use, the timeline's labels."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import pgettext_lazy

from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.committee.queries import item_url, items_of
from proactive.core.http import client_ip
from proactive.opinions import queries
from proactive.opinions.enums import ANSWERED_STATES, EDITABLE_STATES, SLA_STATES, WITHDRAWABLE_STATES, RequestState
from proactive.opinions.forms.handling import AskAuditForm, AuditOpinionForm, ExtendForm, ScreenForm
from proactive.opinions.forms.requests import ActForm, FilesForm, WithdrawForm
from proactive.opinions.models import OpinionRequest, Publication
from proactive.opinions.services import requests as services
from proactive.opinions.services.common import may, today

S = RequestState
VIEW = "opinions.view_request"
HANDLE = "opinions.handle_request"

TIMELINE_LABELS: dict[str, Any] = {
    "created": pgettext_lazy("opinion timeline", "Draft started"),
    "changed": pgettext_lazy("opinion timeline", "Draft changed"),
    "files_added": pgettext_lazy("opinion timeline", "Files added"),
    "file_removed": pgettext_lazy("opinion timeline", "File removed"),
    "submitted": pgettext_lazy("opinion timeline", "Submitted to the secretariat"),
    "resubmitted": pgettext_lazy("opinion timeline", "Submitted again with more information"),
    "returned": pgettext_lazy("opinion timeline", "Returned for more information"),
    "rejected": pgettext_lazy("opinion timeline", "Rejected as out of scope"),
    "accepted": pgettext_lazy("opinion timeline", "Accepted; the deadline started"),
    "audit_opinion_asked": pgettext_lazy("opinion timeline", "The audit office's opinion was asked"),
    "audit_opinion_given": pgettext_lazy("opinion timeline", "The audit office gave its opinion"),
    "tabled": pgettext_lazy("opinion timeline", "Put before the committee"),
    "agenda_withdrawn": pgettext_lazy("opinion timeline", "Taken off the committee's agenda"),
    "decided": pgettext_lazy("opinion timeline", "The committee decided; the requester was notified"),
    "returned_by_committee": pgettext_lazy("opinion timeline", "The committee returned it for more information"),
    "decision_rendered": pgettext_lazy("opinion timeline", "Decision document issued"),
    "acted_on": pgettext_lazy("opinion timeline", "The requester recorded how they acted"),
    "withdrawn": pgettext_lazy("opinion timeline", "Withdrawn by the requester"),
    "deadline_extended": pgettext_lazy("opinion timeline", "Deadline extended"),
    "overdue_flagged": pgettext_lazy("opinion timeline", "Overdue: the secretariat was reminded"),
    "published": pgettext_lazy("opinion timeline", "Published in the register of past answers"),
    "unpublished": pgettext_lazy("opinion timeline", "Taken out of the register of past answers"),
}


def no_superuser(request) -> None:
    # Django grants a superuser every permission: request content is not for system administrators (AC-05).
    if request.user.is_superuser:
        raise PermissionDenied


def visible_or_404(request, pk: int) -> OpinionRequest:
    """The request ``pk`` if the user may view it; a 404 for anyone else, as if it did not exist."""
    no_superuser(request)
    opinion_request = queries.get_request(pk)
    if opinion_request is None or not may(request.user, VIEW, opinion_request):
        raise Http404
    return opinion_request


def require(request, permission: str, obj: Any = None) -> None:
    if not may(request.user, permission, obj):
        raise PermissionDenied


def done(request, opinion_request: OpinionRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("opinions:request-detail", opinion_request.pk)


def fresh(opinion_request: OpinionRequest) -> OpinionRequest:
    return queries.get_request(opinion_request.pk) or opinion_request


def agenda_items(opinion_request: OpinionRequest) -> list[dict[str, Any]]:
    """The request's agenda items with their meetings, and the item's page in the committee app when the viewer
    may open it (the committee's ``can_view`` admits whoever may view the request)."""
    return [{"item": item, "url": _item_url(item)} for item in items_of(opinion_request.kind, opinion_request.pk)]


def _item_url(item: Any) -> str:
    try:
        return item_url(item)
    except NoReverseMatch:  # the committee app's item page is not there (yet)
        return ""


def step_forms(request, opinion_request: OpinionRequest, bound: dict[str, Any]) -> dict[str, Any]:
    """The forms of the steps the viewer may take now (a bound form, passed in ``bound``, is always shown)."""
    user = request.user
    state = opinion_request.state
    forms: dict[str, Any] = {}
    if may(user, "opinions.edit_request", opinion_request):
        forms["files_form"] = FilesForm()
    if may(user, "opinions.withdraw_request", opinion_request) and state in WITHDRAWABLE_STATES:
        forms["withdraw_form"] = WithdrawForm()
    if state == S.OPINION_ISSUED and may(user, "opinions.record_action", opinion_request):
        forms["act_form"] = ActForm()
    if state == S.AUDIT_OPINION_REQUESTED and may(user, "opinions.give_audit_opinion", opinion_request):
        forms["audit_opinion_form"] = AuditOpinionForm()
    if may(user, HANDLE, opinion_request):
        if state == S.SUBMITTED:
            forms["screen_form"] = ScreenForm()
        if state == S.ACCEPTED:
            forms["ask_audit_form"] = AskAuditForm(officers=queries.audit_officer_choices())
        if state in SLA_STATES and opinion_request.due_on:
            forms["extend_form"] = ExtendForm()
    forms.update({k: v for k, v in bound.items() if v is not None})
    return forms


def render_detail(request, opinion_request: OpinionRequest, *, status: int = 200, **bound: Any) -> HttpResponse:
    user = request.user
    own = opinion_request.requester_id == user.pk
    if not own:
        # Someone else's request: its requester's data and declaration are personal data (안전조치 §8).
        record_access(
            actor=user,
            ip_address=client_ip(request),
            action=AccessAction.VIEW,
            subject=opinion_request.requester,
            resource=f"opinions.request:{opinion_request.pk}",
        )
    day = today()
    handles = may(user, HANDLE, opinion_request)
    state = opinion_request.state
    publication = Publication.objects.filter(request=opinion_request).first() if handles else None
    context: dict[str, Any] = {
        "req": opinion_request,
        "own": own,
        "statutes": queries.statutes(opinion_request),
        "files": queries.files(opinion_request),
        "action_files": queries.action_files(opinion_request),
        "timeline": [
            {"event": e, "label": TIMELINE_LABELS.get(e.verb, e.verb)} for e in queries.timeline(opinion_request)
        ],
        "extensions": queries.extensions(opinion_request),
        "agenda_items": agenda_items(opinion_request),
        "days_left": queries.days_left(opinion_request, today=day),
        "deadline_runs": state in SLA_STATES,
        "can_edit": may(user, "opinions.edit_request", opinion_request) and state in EDITABLE_STATES,
        "can_submit": own and state in EDITABLE_STATES and may(user, "opinions.submit_request", opinion_request),
        "missing": services.missing_parts(opinion_request) if own and state in EDITABLE_STATES else [],
        "can_table": handles and state in (S.ACCEPTED, S.AUDIT_OPINION_GIVEN),
        "handles": handles,
        "answered": state in ANSWERED_STATES,
        "publication": publication,
        "can_render_again": handles
        and state in ANSWERED_STATES
        and opinion_request.decision_number
        and opinion_request.decision_document_id is None,
    }
    context |= step_forms(request, opinion_request, bound)
    response = render(request, "opinions/requests/detail.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
