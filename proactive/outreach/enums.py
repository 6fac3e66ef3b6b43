"""Choices of outreach: campaigns and promotion, training, liaison meetings and the figures' periods (DOMAIN.md
§4.10). Imports nothing from the project."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ActivityKind(models.TextChoices):
    """A campaign or promotion activity (홍보·캠페인)."""

    CAMPAIGN = "campaign", _("Campaign event")
    VIDEO = "video", _("Promotional video")
    SNS = "sns", _("SNS post")
    GOODS = "goods", _("Commemorative items")
    OTHER = "other", pgettext_lazy("kind of promotion activity", "Other")


class TrainingKind(models.TextChoices):
    """A training session (교육)."""

    WORKPLACE = "workplace", _("Workplace education")
    ADVANCED = "advanced", _("Advanced course")
    LECTURE = "lecture", _("Lecture")


class MeetingKind(models.TextChoices):
    LIAISON = "liaison", _("Liaison meeting")
    WORKSHOP = "workshop", _("Joint workshop")


class ActionState(models.TextChoices):
    """An action item of a liaison meeting: OPEN → IN_PROGRESS → DONE | DROPPED (workflow.py)."""

    OPEN = "open", pgettext_lazy("action item state", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("action item state", "In progress")
    DONE = "done", pgettext_lazy("action item state", "Done")
    DROPPED = "dropped", pgettext_lazy("action item state", "Dropped")


# Still to be followed up: these count as overdue once their due date has passed.
OPEN_ACTION_STATES = frozenset({ActionState.OPEN, ActionState.IN_PROGRESS})


class PeriodKind(models.TextChoices):
    YEAR = "year", pgettext_lazy("period of the figures", "Year")
    HALF = "half", pgettext_lazy("period of the figures", "Half-year")
    QUARTER = "quarter", pgettext_lazy("period of the figures", "Quarter")
    CUSTOM = "custom", pgettext_lazy("period of the figures", "Custom range")
