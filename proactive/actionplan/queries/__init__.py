"""Reads of the action plan: which plans a user sees, the plan at a glance (per direction and task: the latest
accepted figure, its ratio to the target, the status, each quarter's report and whether it is overdue), a user's
tasks to report, and the secretariat's review queue. Every read of a plan page is a fixed number of queries."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.accounts.models import RoleMembership, User
from proactive.accounts.queries import has_role, role_units
from proactive.actionplan.enums import (
    PUBLIC_STATES,
    QUARTERS,
    REPORTING_STATES,
    ReportState,
    TaskStatus,
)
from proactive.actionplan.models import Direction, Plan, ProgressReport, Reporter, Task

NO_REPORT = "no_report"


def role_users(role: str) -> list[User]:
    """Active accounts holding ``role`` today."""
    ids = RoleMembership.objects.active().filter(role=role).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))


def plans_visible_to(user: Any) -> QuerySet[Plan]:
    """The secretariat sees every plan; other staff and officials see plans from their adoption on."""
    qs = Plan.objects.annotate(
        directions_count=Count("directions", distinct=True), tasks_count=Count("tasks", distinct=True)
    )
    if has_role(user, Role.SECRETARIAT):
        return qs
    return qs.filter(state__in=PUBLIC_STATES)


def public_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(state__in=PUBLIC_STATES).annotate(tasks_count=Count("tasks"))


def get_plan(pk: int) -> Plan | None:
    return Plan.objects.filter(pk=pk).first()


def get_direction(pk: int) -> Direction | None:
    return Direction.objects.select_related("plan").filter(pk=pk).first()


def get_task(pk: int) -> Task | None:
    """A task with what its pages and rules read (plan, direction, owner department, active reporters' ids)."""
    task = Task.objects.select_related("plan", "direction", "owner_unit").filter(pk=pk).first()
    if task is not None:
        active = task.reporters.filter(ended_on__isnull=True).values_list("user_id", flat=True)
        task.active_reporter_ids = set(active)  # type: ignore[attr-defined]  # read by rules.is_designated_reporter
    return task


def get_report(pk: int) -> ProgressReport | None:
    return (
        ProgressReport.objects.select_related("task__plan", "task__direction", "task__owner_unit", "submitted_by")
        .filter(pk=pk)
        .first()
    )


# --- The plan at a glance -----------------------------------------------------------------------------------


def ratio(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Actual over target, as a percentage with one decimal (may exceed 100)."""
    if actual is None or not target:
        return None
    return (actual * 100 / target).quantize(Decimal("0.1"))


@dataclass
class QuarterCell:
    quarter: int
    due_on: datetime.date | None
    report: ProgressReport | None
    overdue: bool
    review_form: Any = None  # the secretariat's review form, on the task page

    @property
    def expected(self) -> bool:
        return self.due_on is not None


@dataclass
class TaskRow:
    task: Task
    cells: list[QuarterCell]
    latest: ProgressReport | None  # the latest accepted report (within the quarters read)

    @property
    def actual(self) -> Decimal | None:
        return self.latest.actual if self.latest else None

    @property
    def percent(self) -> Decimal | None:
        return ratio(self.actual, self.task.target)

    @property
    def bar(self) -> int:
        """The progress bar's value, 0–100."""
        return max(0, min(100, int(self.percent or 0)))

    @property
    def status(self) -> str:
        return self.latest.status if self.latest else NO_REPORT

    @property
    def status_label(self) -> Any:
        return status_label(self.status)

    @property
    def overdue_count(self) -> int:
        return sum(1 for c in self.cells if c.overdue)


@dataclass
class DirectionRow:
    direction: Direction
    tasks: list[TaskRow] = field(default_factory=list)

    @property
    def percent(self) -> Decimal:
        """Weighted mean of the tasks' ratios, each capped at 100 (a task without an accepted report counts 0)."""
        total = sum((t.task.effective_weight for t in self.tasks), Decimal(0))
        if not total:
            return Decimal(0)
        done = sum(
            (t.task.effective_weight * min(t.percent or Decimal(0), Decimal(100)) for t in self.tasks), Decimal(0)
        )
        return (done / total).quantize(Decimal("0.1"))

    @property
    def bar(self) -> int:
        return max(0, min(100, int(self.percent)))

    @property
    def counts(self) -> dict[str, int]:
        return Counter(t.status for t in self.tasks)

    @property
    def status_counts(self) -> list[tuple[str, Any, int]]:
        counts = self.counts
        return [(value, label, counts.get(value, 0)) for value, label in status_choices()]


@dataclass
class Overview:
    plan: Plan
    directions: list[DirectionRow]
    quarters: tuple[int, ...]
    today: datetime.date

    @property
    def tasks(self) -> list[TaskRow]:
        return [t for d in self.directions for t in d.tasks]

    @property
    def percent(self) -> Decimal:
        rows = DirectionRow(direction=None, tasks=self.tasks)  # type: ignore[arg-type]
        return rows.percent

    @property
    def status_counts(self) -> list[tuple[str, Any, int]]:
        counts = Counter(t.status for t in self.tasks)
        return [(value, label, counts.get(value, 0)) for value, label in status_choices()]

    @property
    def overdue_count(self) -> int:
        return sum(t.overdue_count for t in self.tasks)

    @property
    def awaiting_review(self) -> int:
        return sum(1 for t in self.tasks for c in t.cells if c.report and c.report.state == ReportState.SUBMITTED)


def status_choices() -> list[tuple[str, Any]]:
    from django.utils.translation import pgettext_lazy  # labels only

    return [*TaskStatus.choices, (NO_REPORT, pgettext_lazy("action plan task status", "No report yet"))]


def status_label(value: str) -> Any:
    return dict(status_choices()).get(value, value)


def is_overdue(plan: Plan, quarter: int, report: ProgressReport | None, today: datetime.date) -> bool:
    """A quarter is overdue once its due date has passed with no report, or with a report returned for correction,
    while the plan takes reports."""
    due = plan.due_on(quarter)
    if plan.state not in REPORTING_STATES or due is None or today <= due:
        return False
    return report is None or report.state == ReportState.RETURNED


def plan_overview(
    plan: Plan, *, quarters: tuple[int, ...] = QUARTERS, public: bool = False, today: datetime.date | None = None
) -> Overview:
    """The plan with every direction, task and quarter, in three queries (directions, tasks, reports).

    ``public``: only accepted reports are read (the public page shows no report awaiting review and no comment).
    """
    today = today or timezone.localdate()
    directions = {d.pk: DirectionRow(direction=d) for d in plan.directions.order_by("number")}
    reports_qs = ProgressReport.objects.filter(task__plan=plan, quarter__in=quarters)
    if public:
        reports_qs = reports_qs.filter(state=ReportState.ACCEPTED).defer("review_comment")
    by_task: dict[int, dict[int, ProgressReport]] = {}
    for report in reports_qs:
        by_task.setdefault(report.task_id, {})[report.quarter] = report
    tasks = Task.objects.filter(plan=plan).select_related("owner_unit").order_by("direction__number", "number")
    for task in tasks:
        row_direction = directions.get(task.direction_id)
        if row_direction is None:
            continue
        task.direction = row_direction.direction  # no query for task.code
        reports = by_task.get(task.pk, {})
        cells = [
            QuarterCell(q, plan.due_on(q), reports.get(q), not public and is_overdue(plan, q, reports.get(q), today))
            for q in quarters
        ]
        accepted = [reports[q] for q in sorted(reports, reverse=True) if reports[q].state == ReportState.ACCEPTED]
        row_direction.tasks.append(TaskRow(task=task, cells=cells, latest=accepted[0] if accepted else None))
    return Overview(plan=plan, directions=list(directions.values()), quarters=quarters, today=today)


# --- My tasks and the review queue --------------------------------------------------------------------------


def tasks_to_report(user: Any) -> QuerySet[Task]:
    """Tasks of plans taking reports that ``user`` may report: the tasks of departments they head (or below a unit
    they head) and the tasks they were designated for."""
    if not getattr(user, "is_authenticated", False):
        return Task.objects.none()
    condition = Q(reporters__user=user, reporters__ended_on__isnull=True)
    for held in role_units(user, Role.DEPARTMENT_HEAD):
        if held.unit_path:
            condition |= Q(owner_unit__path__startswith=held.unit_path)
    ids = Task.objects.filter(condition, plan__state__in=REPORTING_STATES).values("pk")
    return (
        Task.objects.filter(pk__in=ids)
        .select_related("plan", "direction", "owner_unit")
        .prefetch_related(
            Prefetch("reports", queryset=ProgressReport.objects.only("pk", "task_id", "quarter", "state"))
        )
        .order_by("-plan__year", "direction__number", "number")
    )


def review_queue() -> QuerySet[ProgressReport]:
    """Reports awaiting the secretariat's review, oldest first."""
    return (
        ProgressReport.objects.filter(state=ReportState.SUBMITTED)
        .select_related("task__plan", "task__direction", "task__owner_unit", "submitted_by")
        .annotate(evidence_count=Count("evidence"))
        .order_by("submitted_at", "pk")
    )


def task_reports(task: Task) -> dict[int, ProgressReport]:
    """The task's reports by quarter, with their evidence and people (two queries)."""
    reports = (
        ProgressReport.objects.filter(task=task)
        .select_related("submitted_by", "reviewed_by")
        .prefetch_related("evidence")
    )
    return {r.quarter: r for r in reports}


def active_reporters(task: Task) -> list[Reporter]:
    return list(task.reporters.filter(ended_on__isnull=True).select_related("user__official__unit"))


def designatable_users(task: Task) -> QuerySet[User]:
    """Active sign-in accounts of officials of the task's owner department (its subtree)."""
    return (
        User.objects.filter(is_active=True, official__unit__path__startswith=task.owner_unit.path)
        .select_related("official")
        .order_by("official__name")
    )
