"""The secretariat writes the plan's directions and tasks, and puts them in order (while the plan is editable)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from proactive.actionplan.forms import DirectionForm, TaskForm
from proactive.actionplan.services import structure as services
from proactive.actionplan.views.common import direction_or_404, plan_or_404, require, task_or_404
from proactive.core.exceptions import DomainError
from proactive.web.refusals import refused

EDIT = services.EDIT


def _save(request, form, template: str, context: dict, call, success: str, plan_pk: int):
    """Validate ``form``, call the service, and go back to the plan; on a refusal show the form again, filled in."""
    if request.method == "POST":
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, success)
                return redirect("actionplan:plan-detail", plan_pk)
        return render(request, template, {**context, "form": form}, status=400)
    return render(request, template, {**context, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def direction_add(request, pk: int):
    plan = plan_or_404(pk)
    require(request, EDIT, plan)
    form = DirectionForm(request.POST or None)
    return _save(
        request,
        form,
        "actionplan/direction_form.html",
        {"plan": plan, "direction": None},
        lambda data: services.add_direction(actor=request.user, plan=plan, data=data),
        _("The direction was added."),
        plan.pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def direction_edit(request, pk: int):
    direction = direction_or_404(pk)
    require(request, EDIT, direction.plan)
    form = DirectionForm(request.POST or None, initial={"title": direction.title, "description": direction.description})
    return _save(
        request,
        form,
        "actionplan/direction_form.html",
        {"plan": direction.plan, "direction": direction},
        lambda data: services.update_direction(actor=request.user, direction=direction, data=data),
        _("The direction was saved."),
        direction.plan_id,
    )


@login_required
@require_POST
def direction_remove(request, pk: int):
    direction = direction_or_404(pk)
    require(request, EDIT, direction.plan)
    services.remove_direction(actor=request.user, direction=direction)
    messages.success(request, _("The direction was removed with its tasks."))
    return redirect("actionplan:plan-detail", direction.plan_id)


@login_required
@require_POST
def direction_move(request, pk: int, where: str):
    direction = direction_or_404(pk)
    require(request, EDIT, direction.plan)
    try:
        services.move_direction(actor=request.user, direction=direction, up=where == "up")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("actionplan:plan-detail", direction.plan_id)


@login_required
@require_http_methods(["GET", "POST"])
def task_add(request, pk: int):
    direction = direction_or_404(pk)
    require(request, EDIT, direction.plan)
    form = TaskForm(request.POST or None)
    return _save(
        request,
        form,
        "actionplan/task_form.html",
        {"plan": direction.plan, "direction": direction, "task": None},
        lambda data: services.add_task(actor=request.user, direction=direction, data=data),
        _("The task was added."),
        direction.plan_id,
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk: int):
    task = task_or_404(pk)
    require(request, EDIT, task.plan)
    initial = {f: getattr(task, f) for f in ("title", "owner_unit", "kpi", "unit", "baseline", "target", "weight")}
    form = TaskForm(request.POST or None, initial=initial)
    return _save(
        request,
        form,
        "actionplan/task_form.html",
        {"plan": task.plan, "direction": task.direction, "task": task},
        lambda data: services.update_task(actor=request.user, task=task, data=data),
        _("The task was saved."),
        task.plan_id,
    )


@login_required
@require_POST
def task_remove(request, pk: int):
    task = task_or_404(pk)
    require(request, EDIT, task.plan)
    services.remove_task(actor=request.user, task=task)
    messages.success(request, _("The task was removed."))
    return redirect("actionplan:plan-detail", task.plan_id)


@login_required
@require_POST
def task_move(request, pk: int, where: str):
    task = task_or_404(pk)
    require(request, EDIT, task.plan)
    try:
        services.move_task(actor=request.user, task=task, up=where == "up")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("actionplan:plan-detail", task.plan_id)
