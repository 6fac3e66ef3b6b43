"""Choices of the yearly action plan (적극행정 실행계획/추진계획; DOMAIN.md §4.1). Imports nothing from the project."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanState(models.TextChoices):
    """DRAFT → (CONSULTATION) → COMMITTEE_DELIBERATED → ADOPTED → IN_PROGRESS → MID_YEAR_REVIEW → YEAR_END_REVIEW
    → CLOSED (workflow.py)."""

    DRAFT = "draft", pgettext_lazy("action plan state", "Draft")
    CONSULTATION = "consultation", pgettext_lazy("action plan state", "Consultation")
    COMMITTEE_DELIBERATED = "committee_deliberated", pgettext_lazy("action plan state", "Deliberated by the committee")
    ADOPTED = "adopted", pgettext_lazy("action plan state", "Adopted")
    IN_PROGRESS = "in_progress", pgettext_lazy("action plan state", "In progress")
    MID_YEAR_REVIEW = "mid_year_review", pgettext_lazy("action plan state", "Mid-year review")
    YEAR_END_REVIEW = "year_end_review", pgettext_lazy("action plan state", "Year-end review")
    CLOSED = "closed", pgettext_lazy("action plan state", "Closed")


P = PlanState
# The secretariat may still change directions and tasks.
EDITABLE_STATES = frozenset({P.DRAFT, P.CONSULTATION})
# The plan is public (titles, KPIs, accepted progress) from its adoption on.
PUBLIC_STATES = frozenset({P.ADOPTED, P.IN_PROGRESS, P.MID_YEAR_REVIEW, P.YEAR_END_REVIEW, P.CLOSED})
# Owner departments report quarterly progress.
REPORTING_STATES = frozenset({P.ADOPTED, P.IN_PROGRESS, P.MID_YEAR_REVIEW, P.YEAR_END_REVIEW})


class TaskStatus(models.TextChoices):
    """How a task stands in a quarter, as its owner department reports it."""

    NOT_STARTED = "not_started", pgettext_lazy("action plan task status", "Not started")
    ON_TRACK = "on_track", pgettext_lazy("action plan task status", "On track")
    DELAYED = "delayed", pgettext_lazy("action plan task status", "Delayed")
    DONE = "done", pgettext_lazy("action plan task status", "Done")


class ReportState(models.TextChoices):
    """A quarter's progress report: SUBMITTED → ACCEPTED, or → RETURNED → SUBMITTED again (workflow.py)."""

    SUBMITTED = "submitted", pgettext_lazy("progress report state", "Awaiting review")
    RETURNED = "returned", pgettext_lazy("progress report state", "Returned")
    ACCEPTED = "accepted", pgettext_lazy("progress report state", "Accepted")


class Review(models.TextChoices):
    """The two reviews a report is made for: the mid-year review reads Q1–Q2, the year-end review Q1–Q4."""

    MID_YEAR = "mid-year", _("Mid-year review")
    YEAR_END = "year-end", _("Year-end review")


QUARTERS = (1, 2, 3, 4)
REVIEW_QUARTERS = {Review.MID_YEAR: (1, 2), Review.YEAR_END: (1, 2, 3, 4)}
