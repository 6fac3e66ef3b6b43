"""What the action plan's screens share: loading with a permission check (404 when the object is unknown, 403 when
it may not be opened), and the charts of a plan."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from proactive.actionplan import charts, queries
from proactive.actionplan.models import Direction, Plan, ProgressReport, Task
from proactive.actionplan.services.common import may


def require(request, permission: str, obj: Any = None) -> None:
    if not may(request.user, permission, obj):
        raise PermissionDenied


def plan_or_404(pk: int) -> Plan:
    plan = queries.get_plan(pk)
    if plan is None:
        raise Http404
    return plan


def direction_or_404(pk: int) -> Direction:
    direction = queries.get_direction(pk)
    if direction is None:
        raise Http404
    return direction


def task_or_404(pk: int) -> Task:
    task = queries.get_task(pk)
    if task is None:
        raise Http404
    return task


def report_or_404(pk: int) -> ProgressReport:
    report = queries.get_report(pk)
    if report is None:
        raise Http404
    return report


def chart_context(overview: queries.Overview) -> dict[str, Any]:
    return {
        "direction_chart": charts.direction_chart(
            overview,
            chart_id="chart-directions",
            title=_("Achievement against the targets, per strategic direction"),
            desc=_(
                "For each strategic direction, the weighted mean of its tasks' latest accepted figures against "
                "their targets (each task counts at most 100%). The same figures are in the table below."
            ),
        ),
        "status_chart": charts.status_chart(
            overview,
            chart_id="chart-statuses",
            title=_("Tasks by status"),
            desc=_(
                "How many tasks stand at each status in their latest accepted report. The same figures are in the table below."
            ),
            unit=_(" tasks"),
        ),
    }
