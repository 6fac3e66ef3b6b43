"""The plans: the list, a new plan (or a copy of an earlier one), the plan at a glance, its settings, its state,
and the review reports (PDF, XLSX)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.actionplan import queries
from proactive.actionplan.enums import PlanState, Review
from proactive.actionplan.forms import PlanCreateForm, PlanForm, TransitionForm
from proactive.actionplan.services import plans as services
from proactive.actionplan.services import reports
from proactive.actionplan.services.common import may
from proactive.actionplan.views.common import chart_context, plan_or_404, require
from proactive.actionplan.workflow import PLAN_TRANSITIONS
from proactive.core import tabular
from proactive.core.exceptions import DomainError
from proactive.web.navigation import OUTREACH_SECTION, MenuItem, register_section
from proactive.web.refusals import refused

FORMATS = {"pdf": "application/pdf", "xlsx": tabular.CONTENT_TYPES["xlsx"]}


def register() -> None:
    register_section(
        *OUTREACH_SECTION,
        [
            MenuItem(gettext_lazy("Action plans"), "actionplan:plans", "actionplan.view_plans"),
            MenuItem(gettext_lazy("Action-plan tasks to report"), "actionplan:mine", "actionplan.view_my_tasks"),
            MenuItem(
                gettext_lazy("Action-plan reports to review"), "actionplan:reviews", "actionplan.view_review_queue"
            ),
        ],
    )
    register_section(
        "about",
        gettext_lazy("About the programme"),
        10,
        [MenuItem(gettext_lazy("Action plan"), "actionplan:public-list")],
    )


@login_required
@require_GET
def plan_list(request):
    require(request, "actionplan.view_plans")
    plans = list(queries.plans_visible_to(request.user))
    return render(
        request,
        "actionplan/plan_list.html",
        {"plans": plans, "can_manage": may(request.user, services.MANAGE)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    require(request, services.MANAGE)
    form = PlanCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["copy_from"] is not None:
                    plan = services.copy_plan(actor=request.user, source=data["copy_from"], year=data["year"])
                else:
                    plan = services.create_plan(actor=request.user, year=data["year"], title=data["title"])
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The draft plan was created."))
                return redirect("actionplan:plan-detail", plan.pk)
        return render(request, "actionplan/plan_create.html", {"form": form}, status=400)
    return render(request, "actionplan/plan_create.html", {"form": form})


@login_required
@require_GET
def plan_detail(request, pk: int):
    plan = plan_or_404(pk)
    require(request, "actionplan.view_plan", plan)
    overview = queries.plan_overview(plan)
    targets = [
        (to, PlanState(to).label)
        for to in PLAN_TRANSITIONS.get(plan.state, {})
        if may(request.user, "actionplan.change_plan_state", plan)
    ]
    context = {
        "plan": plan,
        "overview": overview,
        "can_edit": may(request.user, "actionplan.edit_plan", plan),
        "can_manage": may(request.user, services.MANAGE),
        "can_settings": may(request.user, "actionplan.change_plan_state", plan),
        "can_download": may(request.user, "actionplan.download_report", plan),
        "targets": targets,
        "transition_form": TransitionForm(),
        "reviews": Review.choices,
        "dues": [(q, plan.due_on(q)) for q in (1, 2, 3, 4)],
        **chart_context(overview),
    }
    return render(request, "actionplan/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    plan = plan_or_404(pk)
    require(request, "actionplan.change_plan_state", plan)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_plan(actor=request.user, plan=plan_or_404(pk), data=form.cleaned_data)
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The plan was saved."))
                return redirect("actionplan:plan-detail", pk)
        return render(request, "actionplan/plan_edit.html", {"form": form, "plan": plan}, status=400)
    return render(request, "actionplan/plan_edit.html", {"form": form, "plan": plan})


@login_required
@require_POST
def plan_transition(request, pk: int):
    plan = plan_or_404(pk)
    require(request, "actionplan.change_plan_state", plan)
    form = TransitionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["to"] not in PlanState.values:
        messages.error(request, _("Choose the next step."))
        return redirect("actionplan:plan-detail", pk)
    data = form.cleaned_data
    try:
        plan = services.transition_plan(
            plan, to=data["to"], actor=request.user, reason=data["reason"], on=data["on"], reference=data["reference"]
        )
    except DomainError as exc:
        refused(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The plan is now: %(state)s.") % {"state": plan.get_state_display()})
    return redirect("actionplan:plan-detail", pk)


@login_required
@require_POST
def plan_copy(request, pk: int):
    source = plan_or_404(pk)
    require(request, services.MANAGE)
    try:
        plan = services.copy_plan(actor=request.user, source=source)
    except DomainError as exc:
        refused(exc)
        messages.error(request, exc.message)
        return redirect("actionplan:plan-detail", pk)
    messages.success(request, _("A draft for %(year)s was copied from this plan.") % {"year": plan.year})
    return redirect("actionplan:plan-detail", plan.pk)


@login_required
@require_GET
def plan_report(request, pk: int, review: str, fmt: str):
    plan = plan_or_404(pk)
    require(request, "actionplan.download_report", plan)
    if review not in Review.values or fmt not in FORMATS:
        raise Http404
    content = reports.report_pdf(plan, review) if fmt == "pdf" else reports.report_xlsx(plan, review)
    if fmt == "xlsx":
        return tabular.download(content, reports.file_name(plan, review, fmt), fmt)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=reports.file_name(plan, review, fmt)
    )
    response["Cache-Control"] = "no-store"
    return response
