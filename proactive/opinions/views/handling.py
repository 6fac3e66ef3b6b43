"""The secretariat's screens: the queue with its filters and counts, and the steps on a request's page
(screening, asking the audit office, tabling, extending the deadline, rendering a decision document again), the
dashboard panel."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_POST

from proactive.core.exceptions import DomainError
from proactive.opinions import queries
from proactive.opinions.enums import RequestState
from proactive.opinions.forms.handling import AskAuditForm, ExtendForm, QueueFilterForm, ScreenForm
from proactive.opinions.services import decisions
from proactive.opinions.services import requests as services
from proactive.opinions.services.common import today
from proactive.opinions.views.common import done, fresh, no_superuser, render_detail, require, visible_or_404
from proactive.web.navigation import DashboardPanel, MenuItem, add_menu_items, register_panel
from proactive.web.pagination import paginate
from proactive.web.refusals import refusal_status, submit

S = RequestState
QUEUE = "opinions.view_queue"
HANDLE = "opinions.handle_request"
PER_PAGE = 30


def register() -> None:
    add_menu_items("support", [MenuItem(gettext_lazy("Requests to screen and table"), "opinions:queue", QUEUE)])
    register_panel(
        DashboardPanel(
            key="opinions-queue", template="opinions/handling/_panel.html", permission=QUEUE, order=44, context=panel
        )
    )


def panel(user: Any) -> dict[str, Any]:
    return queries.secretariat_counts(today=today())


@login_required
@require_GET
def queue(request):
    no_superuser(request)
    require(request, QUEUE)
    day = today()
    filter_form = QueueFilterForm(request.GET or None)
    criteria = queries.QueueFilter()
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        criteria = queries.QueueFilter(
            state=data["state"], kind=data["kind"], overdue=data["overdue"], search=data["q"]
        )
    context = paginate(request, queries.queue(criteria, today=day), PER_PAGE)
    queries.annotate_deadlines(context["page_obj"], today=day)
    counts = queries.state_counts()
    context |= {
        "filter_form": filter_form,
        "filtered": criteria != queries.QueueFilter(),
        "state_counts": [(v, label, counts.get(v, 0)) for v, label in S.choices if v != S.DRAFT],
        "overdue_count": queries.overdue_requests(day).count(),
    }
    return render(request, "opinions/handling/queue.html", context)


@require_POST
@login_required
def request_screen(request, pk: int):
    opinion_request = visible_or_404(request, pk)
    require(request, HANDLE, opinion_request)
    form = ScreenForm(request.POST)
    status = submit(
        form,
        lambda data: services.screen_request(
            actor=request.user,
            request=opinion_request,
            decision=data["decision"],
            note=data["note"],
            in_scope=data["in_scope"],
            interest_checked=data["interest_checked"],
            facts_sufficient=data["facts_sufficient"],
        ),
    )
    if status is None:
        message = {
            "accept": pgettext("opinion request", "The request was accepted; the deadline started."),
            "return": _("The request was returned to the requester for more information."),
            "reject": _("The request was rejected as out of scope; the requester was told why."),
        }[form.cleaned_data["decision"]]
        return done(request, opinion_request, message)
    return render_detail(request, fresh(opinion_request), status=status, screen_form=form)


@require_POST
@login_required
def request_ask_audit(request, pk: int):
    opinion_request = visible_or_404(request, pk)
    require(request, HANDLE, opinion_request)
    form = AskAuditForm(request.POST, officers=queries.audit_officer_choices())
    status = submit(
        form,
        lambda data: services.ask_audit_opinion(
            actor=request.user,
            request=opinion_request,
            audit_officer=data["audit_officer"],
            question=data["question"],
        ),
    )
    if status is None:
        return done(request, opinion_request, _("The audit office's opinion was asked."))
    return render_detail(request, fresh(opinion_request), status=status, ask_audit_form=form)


@require_POST
@login_required
def request_table(request, pk: int):
    opinion_request = visible_or_404(request, pk)
    require(request, HANDLE, opinion_request)
    try:
        services.table_request(actor=request.user, request=opinion_request)
    except DomainError as exc:
        status = refusal_status(exc)
        return render_detail(request, fresh(opinion_request), status=status, table_error=exc.message)
    return done(request, opinion_request, _("The request was put before the committee."))


@require_POST
@login_required
def request_extend(request, pk: int):
    opinion_request = visible_or_404(request, pk)
    require(request, HANDLE, opinion_request)
    form = ExtendForm(request.POST)
    status = submit(
        form,
        lambda data: services.extend_deadline(
            actor=request.user,
            request=opinion_request,
            new_due_on=data["due_on"],
            reason=data["reason"],
        ),
    )
    if status is None:
        return done(request, opinion_request, _("The deadline was extended."))
    return render_detail(request, fresh(opinion_request), status=status, extend_form=form)


@require_POST
@login_required
def decision_render(request, pk: int):
    opinion_request = visible_or_404(request, pk)
    require(request, HANDLE, opinion_request)
    try:
        decisions.render_decision_again(actor=request.user, request=opinion_request)
    except DomainError as exc:
        refusal_status(exc)
        messages.error(request, exc.message)
        return render_detail(request, fresh(opinion_request), status=409)
    return done(request, opinion_request, _("The decision document is being prepared again."))
