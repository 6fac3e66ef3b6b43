"""The public pages: adopted plans, and a plan with its directions, tasks, KPIs and accepted progress (no report
awaiting review, no comment, no evidence)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from proactive.actionplan import queries
from proactive.actionplan.views.common import chart_context


@require_GET
def public_list(request):
    return render(request, "actionplan/public_list.html", {"plans": list(queries.public_plans())})


@require_GET
def public_detail(request, year: int):
    plan = queries.public_plans().filter(year=year).first()
    if plan is None:
        raise Http404
    overview = queries.plan_overview(plan, public=True)
    return render(
        request, "actionplan/public_detail.html", {"plan": plan, "overview": overview, **chart_context(overview)}
    )
