"""Choices of the reporting centre (소극행정 신고센터). Imports nothing from the project."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportType(models.TextChoices):
    """Busan's four kinds of passive administration (DOMAIN §4.9), and "other"."""

    PERFUNCTORY = "perfunctory", _("Perfunctory handling (적당편의)")
    NEGLECT = "neglect", _("Neglect of duty (업무해태)")
    DESK_BOUND = "desk_bound", _("Desk-bound administration (탁상행정)")
    SELF_SERVING = "self_serving", _("Authority-centred administration (관중심행정)")
    OTHER = "other", pgettext_lazy("kind of passive administration", "Other")


class ReportChannel(models.TextChoices):
    WEB = "web", _("Website")
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone")
    NATIONAL = "national", _("People's e-petition (국민신문고)")


class ReportState(models.TextChoices):
    """RECEIVED → FORWARDED (not passive administration: sent on as an ordinary complaint) | INVESTIGATING →
    SUBSTANTIATED → ACTION_TAKEN → CLOSED, or INVESTIGATING → UNSUBSTANTIATED → CLOSED (workflow.py)."""

    RECEIVED = "received", pgettext_lazy("report state", "Received")
    FORWARDED = "forwarded", _("Forwarded as an ordinary complaint")
    INVESTIGATING = "investigating", _("Under investigation")
    SUBSTANTIATED = "substantiated", _("Substantiated")
    UNSUBSTANTIATED = "unsubstantiated", _("Not substantiated")
    ACTION_TAKEN = "action_taken", _("Action taken")
    CLOSED = "closed", pgettext_lazy("report state", "Closed")


OPEN_STATES = frozenset(
    {
        ReportState.RECEIVED,
        ReportState.INVESTIGATING,
        ReportState.SUBSTANTIATED,
        ReportState.UNSUBSTANTIATED,
        ReportState.ACTION_TAKEN,
    }
)


class ReportField(models.TextChoices):
    """The field (분야) a report concerns, set at triage; Busan's 2022 analysis used these."""

    ROADS_TRANSPORT = "roads_transport", _("Roads and transport")
    HOUSING_BUILDING = "housing_building", _("Housing and building")
    WELFARE = "welfare", _("Welfare")
    ENVIRONMENT = "environment", _("Environment")
    GENERAL_ADMIN = "general_admin", _("General administration")
    FINANCE_TAX = "finance_tax", _("Finance and tax")
    URBAN_CONSTRUCTION = "urban_construction", _("Urban planning and construction")
    OTHER = "other", pgettext_lazy("field of a report", "Other")


class ActionKind(models.TextChoices):
    """What was done about substantiated passive administration (징계양정기준; DOMAIN §4.9)."""

    DISCIPLINE_REQUEST = "discipline_request", _("Discipline request")
    WARNING = "warning", _("Warning (경고)")
    CAUTION = "caution", _("Caution (주의)")
    CORRECTION_ORDER = "correction_order", _("Correction order (시정)")


class Outcome(models.TextChoices):
    """How a report ended, for statistics and retention."""

    FORWARDED = "forwarded", _("Forwarded as an ordinary complaint")
    UNSUBSTANTIATED = "unsubstantiated", _("Not substantiated")
    ACTIONED = "actioned", _("Action taken")


class MessageAuthor(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    HANDLER = "handler", _("Handler")


class CaseStudyState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("case study state", "Draft")
    PUBLISHED = "published", pgettext_lazy("case study state", "Published")
