"""Screens of the audit office: the queue with its filters and countdowns, the steps on a request's page
(screening, reviewers, joint review, escalation and reply, committee referral, extension, opinion), the publication
page and the settings."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.consulting.enums import RequestState
from proactive.consulting.forms.office import (
    AcceptForm,
    AssignForm,
    EscalateForm,
    EscalationReplyForm,
    ExtendForm,
    JointReviewForm,
    OpinionForm,
    PublicationForm,
    PublishForm,
    QueueFilterForm,
    ReferForm,
    ReturnForm,
    SettingsForm,
    TakeDownForm,
)
from proactive.consulting.models import ConsultingSettings
from proactive.consulting.queries import office as queries
from proactive.consulting.queries.requests import days_left
from proactive.consulting.services import publication as publication_services
from proactive.consulting.services import review as services
from proactive.consulting.services.common import current_settings, may, today
from proactive.consulting.services.settings import update_settings
from proactive.consulting.views.detail import done, fresh, officers, render_detail, visible_or_404
from proactive.web.pagination import paginate
from proactive.web.refusals import submit

S = RequestState
QUEUE = "consulting.view_queue"
REVIEW = "consulting.review_request"
PER_PAGE = 30


def _require(request, permission: str, obj: Any = None) -> None:
    if not may(request.user, permission, obj):
        raise PermissionDenied


# --- The queue -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def queue(request):
    _require(request, QUEUE)
    settings = current_settings()
    day = today()
    filter_form = QueueFilterForm(request.GET or None)
    criteria = queries.QueueFilter()
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        criteria = queries.QueueFilter(
            state=data["state"], mine=data["mine"], overdue=data["overdue"], due_soon=data["due_soon"], search=data["q"]
        )
    rows = queries.queue(
        request.user, criteria, today=day, due_soon_days=settings.due_soon_days, business=settings.business_days
    )
    context = paginate(request, rows, PER_PAGE)
    for req in context["page_obj"]:
        req.days_left = days_left(req, today=day, business=settings.business_days)
        req.is_overdue = req.days_left is not None and req.days_left < 0
        req.days_late = -req.days_left if req.is_overdue else 0
    counts = queries.state_counts(request.user)
    context |= {
        "filter_form": filter_form,
        "filtered": criteria != queries.QueueFilter(),
        "state_counts": [(v, label, counts.get(v, 0)) for v, label in S.choices if counts.get(v)],
        "panel": queries.office_counts(
            request.user, today=day, due_soon_days=settings.due_soon_days, business=settings.business_days
        ),
        "business_days": settings.business_days,
    }
    return render(request, "consulting/queue.html", context)


# --- Steps on a request ----------------------------------------------------------------------------------------


def _post_step(request, pk: int, permission: str, form_class: Any, key: str, call: Any, success: str, **form_kwargs):
    """The shape every office step shares: load, check, bind the form, call the service, redirect or re-render."""
    req = visible_or_404(request, pk)
    _require(request, permission, req)
    form = form_class(request.POST, **form_kwargs)
    status = submit(form, lambda data: call(req, data))
    if status is None:
        return done(request, req, success)
    return render_detail(request, fresh(req), status=status, **{key: form})


@require_POST
@login_required
def request_screen(request, pk: int):
    """Accept (with reviewers, optionally) or return with an exclusion reason."""
    if request.POST.get("decision") == "return":
        return _post_step(
            request,
            pk,
            "consulting.screen_request",
            ReturnForm,
            "return_form",
            lambda req, d: services.return_request(actor=request.user, req=req, reason=d["reason"], note=d["note"]),
            _("The request was returned; the requester was told why."),
        )
    return _post_step(
        request,
        pk,
        "consulting.screen_request",
        AcceptForm,
        "accept_form",
        lambda req, d: services.accept_request(
            actor=request.user, req=req, reviewers=list(d["reviewers"]), lead=d["lead"]
        ),
        _("The request was accepted; the deadline started."),
        officers=officers(),
    )


@require_POST
@login_required
def request_assign(request, pk: int):
    return _post_step(
        request,
        pk,
        REVIEW,
        AssignForm,
        "assign_form",
        lambda req, d: services.assign_reviewers(
            actor=request.user, req=req, reviewers=list(d["reviewers"]), lead=d["lead"]
        ),
        _("The reviewers were assigned."),
        officers=officers(),
    )


@require_POST
@login_required
def request_joint_review(request, pk: int):
    return _post_step(
        request,
        pk,
        REVIEW,
        JointReviewForm,
        "joint_form",
        lambda req, d: services.record_joint_review(
            actor=request.user,
            req=req,
            held_on=d["held_on"],
            participant_kinds=d["participant_kinds"],
            participants=d["participants"],
            notes=d["notes"],
        ),
        _("The joint review was recorded."),
    )


@require_POST
@login_required
def request_escalate(request, pk: int):
    return _post_step(
        request,
        pk,
        REVIEW,
        EscalateForm,
        "escalate_form",
        lambda req, d: services.escalate_request(actor=request.user, req=req, to=d["to"], question=d["question"]),
        _("The question was sent on; the clock is paused until the reply."),
    )


@require_POST
@login_required
def request_escalation_reply(request, pk: int):
    return _post_step(
        request,
        pk,
        REVIEW,
        EscalationReplyForm,
        "reply_form",
        lambda req, d: services.record_escalation_reply(
            actor=request.user, req=req, reply=d["reply"], reply_on=d["reply_on"]
        ),
        _("The reply was recorded; the review resumed."),
    )


@require_POST
@login_required
def request_refer(request, pk: int):
    return _post_step(
        request,
        pk,
        REVIEW,
        ReferForm,
        "refer_form",
        lambda req, d: services.refer_to_committee(actor=request.user, req=req, reason=d["reason"]),
        _("The matter was put before the committee; the clock is paused until it decides."),
    )


@require_POST
@login_required
def request_extend(request, pk: int):
    return _post_step(
        request,
        pk,
        "consulting.extend_deadline",
        ExtendForm,
        "extend_form",
        lambda req, d: services.extend_deadline(
            actor=request.user, req=req, new_due_on=d["due_on"], reason=d["reason"]
        ),
        _("The deadline was extended; the requester was told."),
    )


@require_POST
@login_required
def request_opinion(request, pk: int):
    return _post_step(
        request,
        pk,
        "consulting.issue_opinion",
        OpinionForm,
        "opinion_form",
        lambda req, d: services.issue_opinion(
            actor=request.user, req=req, conclusion=d["conclusion"], reasons=d["reasons"]
        ),
        _("The opinion was issued; the requester and their head were notified."),
    )


# --- Publication ---------------------------------------------------------------------------------------------


def _publication_page(request, req: Any, *, status: int = 200, **forms: Any):
    publication = getattr(req, "publication", None)
    initial = {}
    if publication is not None:
        initial = {"title": publication.title, "question": publication.question, "answer": publication.answer}
    else:
        opinion = req.opinion
        initial = {"title": req.title, "question": req.issues, "answer": opinion.conclusion}
    context = {
        "req": req,
        "publication": publication,
        "edit_form": forms.get("edit_form") or PublicationForm(initial=initial),
        "publish_form": forms.get("publish_form") or PublishForm(),
        "takedown_form": forms.get("takedown_form") or TakeDownForm(),
        "problems": publication_services.masking_problems(
            req, publication.title, publication.question, publication.answer
        )
        if publication is not None
        else [],
    }
    response = render(request, "consulting/publication.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def publication_edit(request, pk: int):
    req = visible_or_404(request, pk)
    _require(request, "consulting.publish_request", req)
    if request.method == "GET":
        return _publication_page(request, req)
    form = PublicationForm(request.POST)
    status = submit(form, lambda data: publication_services.save_publication(actor=request.user, req=req, **data))
    if status is None:
        messages.success(request, _("The summary was saved. Check the masking, then publish it."))
        return redirect("consulting:publication-edit", req.pk)
    return _publication_page(request, fresh(req), status=status, edit_form=form)


@require_POST
@login_required
def publication_publish(request, pk: int):
    req = visible_or_404(request, pk)
    _require(request, "consulting.publish_request", req)
    form = PublishForm(request.POST)
    status = submit(
        form,
        lambda data: publication_services.publish(
            actor=request.user, req=req, masking_confirmed=data["masking_confirmed"]
        ),
    )
    if status is None:
        messages.success(request, _("The answer was published."))
        return redirect("consulting:publication-edit", req.pk)
    return _publication_page(request, fresh(req), status=status, publish_form=form)


@require_POST
@login_required
def publication_take_down(request, pk: int):
    req = visible_or_404(request, pk)
    _require(request, "consulting.publish_request", req)
    form = TakeDownForm(request.POST)
    status = submit(
        form, lambda data: publication_services.take_down(actor=request.user, req=req, reason=data["reason"])
    )
    if status is None:
        messages.success(request, _("The answer was taken off the public pages."))
        return redirect("consulting:publication-edit", req.pk)
    return _publication_page(request, fresh(req), status=status, takedown_form=form)


# --- Settings ------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    _require(request, "consulting.manage_settings")
    current = current_settings()
    status = 200
    if request.method == "POST":
        form = SettingsForm(request.POST, instance=ConsultingSettings(pk=1))
        if (
            submit(
                form, lambda data: update_settings(actor=request.user, data={name: data[name] for name in form.fields})
            )
            is None
        ):
            messages.success(request, _("The pre-consulting settings were saved."))
            return redirect("consulting:settings")
        status = 400
    else:
        form = SettingsForm(instance=current)
    return render(request, "consulting/settings.html", {"form": form}, status=status)
