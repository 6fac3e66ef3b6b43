"""Quarterly progress: a task's page (its quarters, reports, evidence, designated reporters), the report form of
the owner department, the secretariat's review, designations, the tasks a user reports and the review queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.actionplan import queries
from proactive.actionplan.enums import QUARTERS
from proactive.actionplan.forms import ProgressForm, ReporterForm, ReviewForm
from proactive.actionplan.models import Reporter
from proactive.actionplan.services import progress as services
from proactive.actionplan.services.common import may
from proactive.actionplan.views.common import report_or_404, require, task_or_404
from proactive.core.exceptions import DomainError
from proactive.web.navigation import DashboardPanel, register_panel
from proactive.web.pagination import paginate
from proactive.web.refusals import refused


def register() -> None:
    register_panel(
        DashboardPanel(
            key="actionplan.reviews",
            template="actionplan/_reviews_panel.html",
            permission="actionplan.view_review_queue",
            order=60,
            context=lambda user: {"actionplan_awaiting": queries.review_queue().count()},
        )
    )
    register_panel(
        DashboardPanel(
            key="actionplan.mine",
            template="actionplan/_mine_panel.html",
            permission="actionplan.view_my_tasks",
            order=61,
            context=lambda user: {"actionplan_tasks": queries.tasks_to_report(user).count()},
        )
    )


def _task_context(request, task, **extra):
    reports = queries.task_reports(task)
    cells = [
        queries.QuarterCell(
            q,
            task.plan.due_on(q),
            reports.get(q),
            queries.is_overdue(task.plan, q, reports.get(q), timezone.localdate()),
        )
        for q in QUARTERS
    ]
    bound = extra.pop("bound_review", None)
    for cell in cells:
        if cell.report is not None and cell.report.state == "submitted":
            prefix = f"r{cell.report.pk}"
            cell.review_form = bound if bound is not None and bound.prefix == prefix else ReviewForm(prefix=prefix)
    can_designate = may(request.user, services.DESIGNATE, task)
    context = {
        "task": task,
        "plan": task.plan,
        "cells": cells,
        "can_report": may(request.user, services.REPORT, task),
        "can_review": may(request.user, "actionplan.view_review_queue"),
        "can_designate": can_designate,
        "reporters": queries.active_reporters(task),
        "reporter_form": ReporterForm(users=queries.designatable_users(task)) if can_designate else None,
    }
    context.update(extra)
    return context


@login_required
@require_GET
def task_detail(request, pk: int):
    task = task_or_404(pk)
    require(request, "actionplan.view_plan", task.plan)
    return render(request, "actionplan/task_detail.html", _task_context(request, task))


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk: int, quarter: int):
    task = task_or_404(pk)
    require(request, services.REPORT, task)
    if quarter not in QUARTERS:
        raise Http404
    existing = queries.task_reports(task).get(quarter)
    initial = (
        {"status": existing.status, "actual": existing.actual, "narrative": existing.narrative} if existing else {}
    )
    form = ProgressForm(request.POST or None, request.FILES or None, initial=initial, request=request)
    context = {
        "task": task,
        "plan": task.plan,
        "quarter": quarter,
        "existing": existing,
        "due_on": task.plan.due_on(quarter),
    }
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_progress(
                    actor=request.user,
                    task=task,
                    quarter=quarter,
                    actual=data["actual"],
                    status=data["status"],
                    narrative=data["narrative"],
                    files=[data["evidence"]] if data.get("evidence") else [],
                )
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The progress report was submitted for review."))
                return redirect("actionplan:task-detail", task.pk)
        return render(request, "actionplan/report_form.html", {**context, "form": form}, status=400)
    return render(request, "actionplan/report_form.html", {**context, "form": form})


@login_required
@require_POST
def review(request, pk: int):
    progress = report_or_404(pk)
    require(request, "actionplan.review_progress", progress)
    form = ReviewForm(request.POST, prefix=f"r{progress.pk}")
    task = queries.get_task(progress.task_id)
    if not form.is_valid():
        context = _task_context(request, task, bound_review=form)
        return render(request, "actionplan/task_detail.html", context, status=400)
    data = form.cleaned_data
    try:
        if data["decision"] == "accept":
            services.accept_report(actor=request.user, report=progress, comment=data["comment"])
            messages.success(request, _("The report was accepted."))
        else:
            services.return_report(actor=request.user, report=progress, comment=data["comment"])
            messages.success(request, _("The report was returned with your comment."))
    except DomainError as exc:
        refused(exc)
        messages.error(request, exc.message)
    if request.POST.get("next") == "queue":
        return redirect("actionplan:reviews")
    return redirect("actionplan:task-detail", progress.task_id)


@login_required
@require_POST
def reporter_add(request, pk: int):
    task = task_or_404(pk)
    require(request, services.DESIGNATE, task)
    form = ReporterForm(request.POST, users=queries.designatable_users(task))
    if not form.is_valid():
        return render(
            request, "actionplan/task_detail.html", _task_context(request, task, reporter_form=form), status=400
        )
    try:
        services.designate_reporter(actor=request.user, task=task, user=form.cleaned_data["user"])
    except DomainError as exc:
        refused(exc)
        form.add_error(None, exc.message)
        return render(
            request, "actionplan/task_detail.html", _task_context(request, task, reporter_form=form), status=400
        )
    messages.success(request, _("The official was designated to report this task."))
    return redirect("actionplan:task-detail", task.pk)


@login_required
@require_POST
def reporter_end(request, pk: int):
    reporter = Reporter.objects.select_related("task__plan", "task__owner_unit").filter(pk=pk).first()
    if reporter is None:
        raise Http404
    require(request, services.DESIGNATE, reporter.task)
    services.end_reporter(actor=request.user, reporter=reporter)
    messages.success(request, _("The designation was ended."))
    return redirect("actionplan:task-detail", reporter.task_id)


@login_required
@require_GET
def mine(request):
    require(request, "actionplan.view_my_tasks")
    context = paginate(request, queries.tasks_to_report(request.user), 50)
    for task in context["page_obj"]:
        reports = {r.quarter: r for r in task.reports.all()}
        task.quarter_cells = [
            queries.QuarterCell(
                q,
                task.plan.due_on(q),
                reports.get(q),
                queries.is_overdue(task.plan, q, reports.get(q), timezone.localdate()),
            )
            for q in QUARTERS
        ]
    return render(request, "actionplan/mine.html", context)


@login_required
@require_GET
def reviews(request):
    require(request, "actionplan.view_review_queue")
    context = paginate(request, queries.review_queue(), 50)
    return render(request, "actionplan/reviews.html", context)
