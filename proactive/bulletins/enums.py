"""Choices of the monthly bulletin (적극행정 월보). Imports nothing from the project but the editorial states."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ItemKind(models.TextChoices):
    """What an item of an edition is; cases and opinions are snapshots of their public records."""

    CASE = "case", pgettext_lazy("bulletin item kind", "Selected case")
    OPINION = "opinion", pgettext_lazy("bulletin item kind", "Committee opinion")
    NEWS = "news", pgettext_lazy("bulletin item kind", "News")


# The order of the sections of an edition (items keep their own order inside a section).
SECTION_ORDER = (ItemKind.CASE, ItemKind.OPINION, ItemKind.NEWS)


class JobState(models.TextChoices):
    """The state of an edition's background work (the PDF, the e-mails)."""

    NONE = "", pgettext_lazy("background job state", "Not started")
    QUEUED = "queued", pgettext_lazy("background job state", "Queued")
    RUNNING = "running", pgettext_lazy("background job state", "Running")
    DONE = "done", pgettext_lazy("background job state", "Done")
    FAILED = "failed", pgettext_lazy("background job state", "Failed")


class SubscriberKind(models.TextChoices):
    STAFF = "staff", _("Staff (signed-in official)")
    CITIZEN = "citizen", _("Citizen (e-mail address)")


class Language(models.TextChoices):
    KO = "ko", "한국어"
    EN = "en", "English"


# The figures of the month, in the order shown; labels live in queries.statistics.STAT_LABELS.
STAT_KEYS = (
    "cases_selected",
    "nominations_submitted",
    "opinions_requested",
    "opinions_published",
    "consultings_received",
    "exemptions_submitted",
    "exemptions_decided",
    "reports_received",
    "mileage_granted",
)
