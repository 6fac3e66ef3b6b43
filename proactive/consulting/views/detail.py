"""One request's page, shared by the requester, their head, the audit office and (for a referred matter) the
committee: the request, its deadline and countdown, the timeline, and the forms of the steps the viewer may take.

Every step posts to its own URL (``views.requests``, ``views.office``); a refusal re-renders this page with what was
typed and the reason (400, 409 for a step no longer possible, 403 for a permission refusal).
"""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import pgettext_lazy

from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.consulting.enums import ANSWERED_STATES, PAUSED_STATES, RequestState, SelfCheckItem
from proactive.consulting.forms.office import (
    AcceptForm,
    AssignForm,
    EscalateForm,
    EscalationReplyForm,
    ExtendForm,
    JointReviewForm,
    OpinionForm,
    ReferForm,
    ReturnForm,
)
from proactive.consulting.forms.requests import ApprovalForm, ImplementationForm, WithdrawForm
from proactive.consulting.models import ConsultingRequest, RequestFile
from proactive.consulting.queries import audit_office
from proactive.consulting.queries import requests as queries
from proactive.consulting.services.common import current_settings, may, today
from proactive.consulting.services.requests import missing_for_sending
from proactive.consulting.services.review import AGENDA_KIND
from proactive.core.http import client_ip

S = RequestState
VIEW = "consulting.view_request"

# Labels of the timeline's verbs; an unknown verb is shown as it is.
TIMELINE_LABELS: dict[str, Any] = {
    "created": pgettext_lazy("pre-consulting timeline", "Draft started"),
    "sent_for_approval": pgettext_lazy("pre-consulting timeline", "Sent to the head for approval"),
    "approved": pgettext_lazy("pre-consulting timeline", "Approved by the head and submitted to the audit office"),
    "submitted": pgettext_lazy("pre-consulting timeline", "Submitted to the audit office"),
    "sent_back": pgettext_lazy("pre-consulting timeline", "Sent back by the head"),
    "withdrawn": pgettext_lazy("pre-consulting timeline", "Withdrawn by the requester"),
    "revised": pgettext_lazy("pre-consulting timeline", "Reopened for revision"),
    "accepted": pgettext_lazy("pre-consulting timeline", "Accepted; the deadline started"),
    "returned": pgettext_lazy("pre-consulting timeline", "Returned by the audit office"),
    "reviewers_assigned": pgettext_lazy("pre-consulting timeline", "Reviewers assigned"),
    "reviewers_changed": pgettext_lazy("pre-consulting timeline", "Reviewers changed"),
    "joint_review": pgettext_lazy("pre-consulting timeline", "Joint review held"),
    "escalated": pgettext_lazy("pre-consulting timeline", "Escalated; the clock paused"),
    "escalation_replied": pgettext_lazy("pre-consulting timeline", "Reply received; the review resumed"),
    "referred": pgettext_lazy("pre-consulting timeline", "Referred to the committee; the clock paused"),
    "committee_decided": pgettext_lazy("pre-consulting timeline", "The committee decided; the review resumed"),
    "committee_withdrawn": pgettext_lazy("pre-consulting timeline", "Withdrawn from the committee; the review resumed"),
    "deadline_extended": pgettext_lazy("pre-consulting timeline", "Deadline extended"),
    "opinion_issued": pgettext_lazy("pre-consulting timeline", "Opinion issued"),
    "implementation_reminded": pgettext_lazy("pre-consulting timeline", "Reminded to report the implementation"),
    "implementation_reported": pgettext_lazy("pre-consulting timeline", "Implementation reported"),
    "published": pgettext_lazy("pre-consulting timeline", "Published anonymised"),
    "taken_down": pgettext_lazy("pre-consulting timeline", "Taken off the public pages"),
    "overdue_flagged": pgettext_lazy("pre-consulting timeline", "Overdue: the reviewers were reminded"),
}


def visible_or_404(request, pk: int) -> ConsultingRequest:
    """The request if the signed-in user may see it; a 404 otherwise, as if it did not exist (superusers too)."""
    req = queries.get_request(pk)
    if req is None or not may(request.user, VIEW, req):
        raise Http404
    return req


def fresh(req: ConsultingRequest) -> ConsultingRequest:
    return queries.get_request(req.pk) or req


def done(request, req: ConsultingRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("consulting:request-detail", req.pk)


def officers() -> Any:
    from proactive.accounts.models import User  # noqa: PLC0415  (only the reviewer choice needs the model)

    ids = [u.pk for u in audit_office()]
    return User.objects.filter(pk__in=ids).select_related("official__unit").order_by("name", "pk")


def _step_forms(request, req: ConsultingRequest, bound: dict[str, Any]) -> dict[str, Any]:
    """The forms of the steps the viewer may take now (a bound form, from a refused post, replaces its blank)."""
    user = request.user
    forms: dict[str, Any] = {}
    if may(user, "consulting.withdraw_request", req):
        forms["withdraw_form"] = WithdrawForm()
    if may(user, "consulting.approve_request", req):
        forms["approval_form"] = ApprovalForm()
    if may(user, "consulting.report_implementation", req):
        forms["implementation_form"] = ImplementationForm(initial={"acted_on": today()})
    if may(user, "consulting.screen_request", req):
        people = officers()
        forms["accept_form"] = AcceptForm(officers=people)
        forms["return_form"] = ReturnForm()
    if may(user, "consulting.review_request", req):
        if req.state in (S.ACCEPTED, S.UNDER_REVIEW):
            current = [a.reviewer_id for a in req.assignments.all()]
            forms["assign_form"] = AssignForm(officers=officers(), initial={"reviewers": current})
        if req.state in (S.UNDER_REVIEW, S.ESCALATED):
            forms["joint_form"] = JointReviewForm(initial={"held_on": today()})
        if req.state == S.UNDER_REVIEW:
            forms["escalate_form"] = EscalateForm()
            forms["refer_form"] = ReferForm()
        if req.state == S.ESCALATED:
            forms["reply_form"] = EscalationReplyForm(initial={"reply_on": today()})
    if may(user, "consulting.extend_deadline", req):
        forms["extend_form"] = ExtendForm()
    if may(user, "consulting.issue_opinion", req):
        forms["opinion_form"] = OpinionForm()
    forms.update({key: value for key, value in bound.items() if key.endswith("_form")})
    return forms


def _committee_items(req: ConsultingRequest) -> list:
    if not req.referrals.exists():
        return []
    from proactive.committee.queries import items_of  # noqa: PLC0415  (only referred requests need it)

    return items_of(AGENDA_KIND, req.pk)


def render_detail(request, req: ConsultingRequest, *, status: int = 200, **bound: Any) -> HttpResponse:
    user = request.user
    own = req.requester_id == user.pk
    staff = may(user, "consulting.view_queue")
    if not own:
        record_access(
            actor=user,
            ip_address=client_ip(request),
            action=AccessAction.VIEW,
            subject=req.requester,
            resource=f"consulting.request:{req.pk}",
        )
    settings = current_settings()
    day = today()
    days_left = queries.days_left(req, today=day, business=settings.business_days)
    files = queries.files_of(req)
    checks = [
        {"item": item, **((req.self_check or {}).get(item.value) or {"checked": False, "note": ""})}
        for item in SelfCheckItem
    ]
    context: dict[str, Any] = {
        "req": req,
        "own": own,
        "staff": staff,
        "heads": may(user, "consulting.view_approvals"),
        "checks": checks,
        "request_files": [f for f in files if f.purpose == RequestFile.Purpose.REQUEST],
        "implementation_files": [f for f in files if f.purpose == RequestFile.Purpose.IMPLEMENTATION],
        "assignments": queries.assignments(req),
        "timeline": [
            {"event": e, "label": TIMELINE_LABELS.get(e.verb, e.verb)} for e in queries.timeline(req, staff=staff)
        ],
        "deadline_changes": queries.deadline_changes(req),
        "joint_reviews": queries.joint_reviews(req) if staff else [],
        "escalations": queries.escalations(req),
        "referrals": queries.referrals(req),
        "committee_items": _committee_items(req),
        "days_left": days_left,
        "is_overdue": days_left is not None and days_left < 0,
        "paused": req.state in PAUSED_STATES,
        "business_days": settings.business_days,
        "answered": req.state in ANSWERED_STATES,
        "opinion": getattr(req, "opinion", None) if req.state in ANSWERED_STATES else None,
        "implementation": getattr(req, "implementation", None),
        "publication": getattr(req, "publication", None),
        "can_edit": may(user, "consulting.edit_request", req),
        "can_send": may(user, "consulting.send_request", req),
        "can_submit": may(user, "consulting.submit_request_directly", req),
        "can_revise": may(user, "consulting.revise_request", req),
        "can_download": may(user, "consulting.download_opinion", req),
        "can_publish": may(user, "consulting.publish_request", req),
        "missing": missing_for_sending(req) if req.state == S.DRAFT and own else [],
    }
    context |= _step_forms(request, req, bound)
    if "error" in bound:
        context["error"] = bound["error"]
    response = render(request, "consulting/request_detail.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
