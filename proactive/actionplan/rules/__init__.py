"""Permissions of the yearly action plan (django-rules autodiscovers this package).

Who may:
- **write the plan** (``manage_plans``: create, copy last year's plan; ``edit_plan``: directions, tasks, order,
  due dates, while the plan is a draft or in consultation; ``change_plan_state``): the secretariat.
- **read the internal plan page** (``view_plan``: quarterly reports with their review comments): the secretariat
  always; any official, department head or bureau chief once the plan is past the draft stages. The **public
  page** shows adopted plans to everyone, without comments.
- **report a quarter's progress** on a task (``report_progress``): the head of its owner department (a
  ``DEPARTMENT_HEAD`` membership scoped to that unit or one above it), or an official of that department whom the
  head designated (``Reporter``), while the plan is adopted and under way. Heads **designate** reporters
  (``designate_reporter``).
- **review** a report (``review_progress``: accept, or return with a comment): the secretariat, never on a report
  they filed themselves.
- **evidence files** are read by whoever may report the task and by the secretariat.
- the **review reports** (PDF, XLSX; ``download_report``): whoever reads the internal plan page, once adopted.

A superuser holds none of these by virtue of being one: the predicates below check roles.
"""

from typing import Any

import rules
from django.db.models import Q

from proactive.accounts.enums import Role
from proactive.accounts.queries import role_units
from proactive.accounts.rules import (
    _second_factor_done,
    is_bureau_chief,
    is_department_head,
    is_official,
    is_secretariat,
)
from proactive.actionplan.enums import EDITABLE_STATES, PUBLIC_STATES, REPORTING_STATES, ReportState
from proactive.documents.rules import register_access_rule

EVIDENCE_PURPOSE = "actionplan.evidence"


def heads_unit(user: Any, unit: Any) -> bool:
    """True if ``user`` heads ``unit`` or a unit above it (second factor done), as in mileage.rules.claims."""
    if unit is None or not getattr(user, "is_authenticated", False) or not _second_factor_done(user):
        return False
    return any(h.unit_path and unit.path.startswith(h.unit_path) for h in role_units(user, Role.DEPARTMENT_HEAD))


def _plan_of(obj: Any) -> Any:
    return getattr(obj, "plan", obj)


def _task_of(obj: Any) -> Any:
    """The task itself, or a report's task (the report workflow checks ``report_progress`` on the report)."""
    return getattr(obj, "task", obj)


@rules.predicate
def plan_is_editable(user, plan) -> bool:
    return plan is not None and _plan_of(plan).state in EDITABLE_STATES


@rules.predicate
def plan_is_public(user, plan) -> bool:
    return plan is not None and _plan_of(plan).state in PUBLIC_STATES


@rules.predicate
def plan_takes_reports(user, task) -> bool:
    return task is not None and _task_of(task).plan.state in REPORTING_STATES


@rules.predicate
def heads_owner_department(user, task) -> bool:
    return task is not None and heads_unit(user, _task_of(task).owner_unit)


@rules.predicate
def is_designated_reporter(user, task) -> bool:
    if task is None or getattr(user, "pk", None) is None:
        return False
    task = _task_of(task)
    active = getattr(task, "active_reporter_ids", None)  # set by queries.task_detail to save a query
    if active is not None:
        return user.pk in active
    return task.reporters.filter(user=user, ended_on__isnull=True).exists()


@rules.predicate
def report_is_submitted(user, report) -> bool:
    return report is not None and report.state == ReportState.SUBMITTED


@rules.predicate
def filed_the_report(user, report) -> bool:
    return report is not None and report.submitted_by_id == getattr(user, "pk", None)


is_reader = is_secretariat | is_official | is_department_head | is_bureau_chief
may_report = heads_owner_department | is_designated_reporter

rules.add_perm("actionplan.manage_plans", is_secretariat)
rules.add_perm("actionplan.view_plans", is_reader)
rules.add_perm("actionplan.view_my_tasks", is_official | is_department_head)
rules.add_perm("actionplan.view_review_queue", is_secretariat)

rules.add_perm("actionplan.view_plan", is_secretariat | (is_reader & plan_is_public))
rules.add_perm("actionplan.edit_plan", is_secretariat & plan_is_editable)
rules.add_perm("actionplan.change_plan_state", is_secretariat)
rules.add_perm("actionplan.download_report", is_reader & plan_is_public)
rules.add_perm("actionplan.report_progress", may_report & plan_takes_reports)
rules.add_perm("actionplan.designate_reporter", heads_owner_department & plan_takes_reports)
rules.add_perm("actionplan.review_progress", is_secretariat & ~filed_the_report)


def can_read_evidence(user, document) -> bool:
    """Evidence of a progress report: the secretariat, and whoever may report the task."""
    from proactive.actionplan.models import ProgressReport  # rules load before models in the import order

    if not getattr(user, "is_authenticated", False):
        return False
    reports = ProgressReport.objects.filter(Q(evidence=document)).select_related("task__plan", "task__owner_unit")
    return any(is_secretariat(user) or may_report(user, r.task) for r in reports)


register_access_rule(EVIDENCE_PURPOSE, can_read_evidence)
