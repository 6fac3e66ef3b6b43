"""Models of the yearly action plan (적극행정 실행계획/추진계획; DOMAIN.md §4.1, issue #7).

A ``Plan`` is one year's plan. The secretariat writes it as a draft (strategic ``Direction`` rows numbered ①–⑥,
each with ``Task`` rows: owner department, KPI, unit, baseline, target, optional weight), optionally consults
residents and experts, has the committee deliberate it and adopts it; from then on it is public. Each quarter the
owner department (its head, or officials the head designates: ``Reporter``) files a ``ProgressReport`` (actual
value, status, narrative, evidence files); the secretariat accepts it or returns it with a comment. Reports are due
on the plan's quarter due dates; a quarter without a due date is not reported. The mid-year and year-end reviews
read the reports (PDF and XLSX). See docs/workflows/actionplan.md.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.actionplan.enums import PlanState, ReportState, TaskStatus
from proactive.core.models import TimeStampedModel

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫"


def default_due_dates(year: int) -> dict[str, datetime.date]:
    """Reports are due on the 10th day after each quarter ends."""
    return {
        "q1_due_on": datetime.date(year, 4, 10),
        "q2_due_on": datetime.date(year, 7, 10),
        "q3_due_on": datetime.date(year, 10, 10),
        "q4_due_on": datetime.date(year + 1, 1, 10),
    }


class Plan(TimeStampedModel):
    """One year's action plan and where it stands (``PlanState``)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    state = models.CharField(
        pgettext_lazy("action plan", "state"), max_length=30, choices=PlanState.choices, default=PlanState.DRAFT
    )
    consultation_note = models.TextField(
        _("consultation"),
        blank=True,
        help_text=_("Whom the draft was shown to (residents, experts) and what came of it."),
    )
    deliberated_on = models.DateField(_("deliberated by the committee on"), null=True, blank=True)
    committee_reference = models.CharField(
        _("committee deliberation reference"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 2025년 제2차 적극행정위원회"),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    q1_due_on = models.DateField(_("Q1 report due on"), null=True, blank=True)
    q2_due_on = models.DateField(_("Q2 report due on"), null=True, blank=True)
    q3_due_on = models.DateField(_("Q3 report due on"), null=True, blank=True)
    q4_due_on = models.DateField(_("Q4 report due on"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("copied from")
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return self.title

    def due_on(self, quarter: int) -> datetime.date | None:
        return getattr(self, f"q{quarter}_due_on")


class Direction(models.Model):
    """A strategic direction (추진전략) of a plan, numbered ①, ②, … in ``number`` order."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="directions", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("strategic direction")
        verbose_name_plural = _("strategic directions")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="actionplan_direction_number")]

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}"

    @property
    def symbol(self) -> str:
        return CIRCLED[self.number - 1] if 0 < self.number <= len(CIRCLED) else f"({self.number})"


class Task(models.Model):
    """An action task (실행과제) of a direction, with its owner department and KPI."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan"))
    direction = models.ForeignKey(
        Direction, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("strategic direction")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=250)
    owner_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner department")
    )
    kpi = models.CharField(_("KPI"), max_length=250, help_text=_("What is measured, e.g. 적극행정위원회 개최 횟수"))
    unit = models.CharField(pgettext_lazy("unit of a KPI", "unit"), max_length=20, help_text=_("e.g. 건, 회, %, 명"))
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(pgettext_lazy("KPI", "target"), max_digits=14, decimal_places=2)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, null=True, blank=True, help_text=_("Optional; 1 when empty.")
    )

    class Meta:
        ordering = ["direction__number", "number"]
        verbose_name = _("action task")
        verbose_name_plural = _("action tasks")
        constraints = [
            models.UniqueConstraint(fields=["direction", "number"], name="actionplan_task_number"),
            models.CheckConstraint(condition=Q(target__gt=0), name="actionplan_task_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        return f"{self.direction.number}-{self.number}"

    @property
    def effective_weight(self) -> Decimal:
        return self.weight if self.weight is not None and self.weight > 0 else Decimal(1)


class Reporter(TimeStampedModel):
    """An official of the owner department whom its head designated to report a task's progress. Ended, never
    deleted (``ended_on``)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reporters", verbose_name=_("task"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("official")
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("designated by")
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["task", "created_at"]
        verbose_name = _("designated reporter")
        verbose_name_plural = _("designated reporters")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "user"], condition=Q(ended_on__isnull=True), name="actionplan_one_active_reporter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.task}"


class ProgressReport(TimeStampedModel):
    """A task's progress in one quarter, as its owner department reports it and the secretariat reviews it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports", verbose_name=_("task"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    actual = models.DecimalField(_("actual value"), max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(pgettext_lazy("action plan task", "status"), max_length=20, choices=TaskStatus.choices)
    narrative = models.TextField(_("what was done"))
    evidence = models.ManyToManyField("documents.Document", blank=True, related_name="+", verbose_name=_("evidence"))
    state = models.CharField(
        pgettext_lazy("progress report", "state"),
        max_length=20,
        choices=ReportState.choices,
        default=ReportState.SUBMITTED,
        db_index=True,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    submitted_at = models.DateTimeField(_("reported at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        ordering = ["task", "quarter"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(fields=["task", "quarter"], name="actionplan_one_report_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="actionplan_quarter_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.task} Q{self.quarter}"
