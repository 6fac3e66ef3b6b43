"""Choices of the publications (사례집, 카드뉴스). The editorial states live in ``editorial.py`` (shared with the
bulletin). Imports nothing from the project except ``editorial``."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.publications.editorial import EditorialState

__all__ = ["EditorialState", "Selection", "JobState", "MaskKind", "MaskDecision", "CardKind", "CARD_KINDS"]


class Selection(models.TextChoices):
    """How the secretariat picked the casebook's cases."""

    ROUND = "round", _("A selection round")
    YEAR = "year", _("A year")
    THEME = "theme", _("A theme (cases picked by hand)")


class JobState(models.TextChoices):
    """The background generation of a publication's files."""

    IDLE = "idle", pgettext_lazy("generation state", "Not generated")
    QUEUED = "queued", pgettext_lazy("generation state", "Queued")
    RUNNING = "running", pgettext_lazy("generation state", "Generating")
    DONE = "done", pgettext_lazy("generation state", "Generated")
    FAILED = "failed", pgettext_lazy("generation state", "Failed")


ACTIVE_JOB_STATES = frozenset({JobState.QUEUED, JobState.RUNNING})


class MaskKind(models.TextChoices):
    NAME = "name", _("Name of a person who did not consent")
    PHONE = "phone", _("Phone number")
    RRN = "rrn", _("Resident registration number")
    EMAIL = "email", _("E-mail address")
    ADDRESS = "address", _("Street address")


class MaskDecision(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("mask decision", "Proposed")
    CONFIRMED = "confirmed", pgettext_lazy("mask decision", "Masked")
    REJECTED = "rejected", pgettext_lazy("mask decision", "Left as it is")


class CardKind(models.TextChoices):
    COVER = "cover", pgettext_lazy("card-news card", "Cover")
    POINT_1 = "point_1", pgettext_lazy("card-news card", "Key point 1")
    POINT_2 = "point_2", pgettext_lazy("card-news card", "Key point 2")
    POINT_3 = "point_3", pgettext_lazy("card-news card", "Key point 3")
    FIGURES = "figures", pgettext_lazy("card-news card", "Figures")
    CLOSING = "closing", pgettext_lazy("card-news card", "Closing")


CARD_KINDS = list(CardKind)
