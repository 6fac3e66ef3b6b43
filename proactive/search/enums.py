"""Choices of the search index. Imports nothing from the project."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    """What a search result is: each kind has one source (``sources.py``)."""

    CASE = "case", pgettext_lazy("search result kind", "Selected case")
    OPINION = "opinion", pgettext_lazy("search result kind", "Committee opinion")
    PRECONSULTING = "preconsulting", pgettext_lazy("search result kind", "Pre-consulting answer")
    CASE_STUDY = "casestudy", pgettext_lazy("search result kind", "Reporting case study")


class Visibility(models.TextChoices):
    """Who finds a document: everyone, or signed-in officials and staff (``search.view_staff_documents``)."""

    PUBLIC = "public", _("Public")
    STAFF = "staff", _("Officials and staff")
