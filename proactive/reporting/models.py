"""Models of the passive-administration reporting centre (소극행정 신고센터, issue #5).

What is stored in the clear is the metadata staff search and count on (type, body, unit, state, dates, field,
outcome). Everything a reporter wrote, every message and every file is sealed with AES-256-GCM under a key kept
outside the database (``crypto``); ``Report.uid`` binds each sealed value to its report.

No table here has a time of day: dates only (SECURITY.md REP-06), so a submission cannot be matched to an access
log by its second. No IP address, user agent or session key is stored anywhere for reporters.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.documents.storage import private_storage
from proactive.reporting.enums import (
    ActionKind,
    CaseStudyState,
    MessageAuthor,
    Outcome,
    ReportChannel,
    ReportField,
    ReportState,
    ReportType,
)


class CentreSettings(models.Model):
    """The centre's rules, one row (pk=1), changed by audit officers on the settings page (audited)."""

    handling_days = models.PositiveSmallIntegerField(_("days to handle a report"), default=7)
    business_days = models.BooleanField(
        _("count business days"), default=True, help_text=_("Skip weekends and Korean public holidays.")
    )
    reporter_access_days = models.PositiveSmallIntegerField(
        _("days a receipt stays valid without activity"), default=180
    )
    retain_forwarded_days = models.PositiveIntegerField(_("keep forwarded reports for (days)"), default=365)
    retain_unsubstantiated_days = models.PositiveIntegerField(
        _("keep unsubstantiated reports for (days)"), default=3 * 365
    )
    retain_actioned_days = models.PositiveIntegerField(_("keep reports with action taken for (days)"), default=5 * 365)

    class Meta:
        verbose_name = _("reporting centre settings")
        verbose_name_plural = _("reporting centre settings")

    def __str__(self) -> str:
        return str(_("Reporting centre settings"))

    @classmethod
    def current(cls) -> "CentreSettings":
        return cls.objects.get_or_create(pk=1)[0]

    def retention_days(self, outcome: str) -> int:
        return {
            Outcome.FORWARDED: self.retain_forwarded_days,
            Outcome.UNSUBSTANTIATED: self.retain_unsubstantiated_days,
            Outcome.ACTIONED: self.retain_actioned_days,
        }[Outcome(outcome)]


class Report(models.Model):
    """One report of passive administration.

    ``body`` is the body that handles it (the city, a 구·군, a corporation or an affiliated body: the top of the
    concerned unit's branch, ``queries.handling_body``); its audit officers handle it. ``content`` is the sealed
    JSON of what the reporter wrote: ``{"what": …, "when": …, "prior_complaint": …, "outside_body": …,
    "official_name": …}``; ``identity`` is the sealed JSON of a named reporter's name and contact.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("report number"), max_length=20, unique=True)  # 2026-000123, for staff only
    channel = models.CharField(_("channel"), max_length=20, choices=ReportChannel.choices, default=ReportChannel.WEB)
    report_type = models.CharField(_("type"), max_length=20, choices=ReportType.choices, db_index=True)
    body = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("handling body")
    )
    unit = models.ForeignKey(
        "accounts.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department concerned"),
    )
    outside_body = models.BooleanField(_("body outside the org chart"), default=False)
    official = models.ForeignKey(
        "accounts.Official",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("official concerned"),
    )
    # The reporter: a named reporter's account, or nobody (anonymous; the receipt is the only key).
    is_anonymous = models.BooleanField(_("anonymous"), default=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("named reporter"),
    )
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    identity = models.BinaryField(null=True, blank=True, editable=False)
    content = models.BinaryField(editable=False)
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)

    state = models.CharField(
        _("state"), max_length=20, choices=ReportState.choices, default=ReportState.RECEIVED, db_index=True
    )
    field = models.CharField(_("field"), max_length=30, choices=ReportField.choices, blank=True)
    received_on = models.DateField(_("received on"), db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned handler"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    triaged_on = models.DateField(_("triaged on"), null=True, blank=True)
    forwarded_to = models.ForeignKey(
        "accounts.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forwarded to"),
    )
    finding_on = models.DateField(_("finding recorded on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, db_index=True)
    outcome = models.CharField(
        pgettext_lazy("how a report ended", "outcome"),
        max_length=20,
        choices=Outcome.choices,
        blank=True,
        db_index=True,
    )
    # What the reporter is told at the end (sealed text; named reporters also get a notification).
    reporter_last_active_on = models.DateField(_("reporter last active on"))
    purge_on = models.DateField(_("purge on"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("passive-administration report")
        verbose_name_plural = _("passive-administration reports")
        indexes = [
            models.Index(fields=["body", "state", "received_on"], name="reporting_body_state_idx"),
            models.Index(fields=["assignee", "state"], name="reporting_assignee_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(is_anonymous=True, reporter__isnull=True, receipt_hash__isnull=False))
                | Q(is_anonymous=False, reporter__isnull=False, receipt_hash__isnull=True),
                name="reporting_anonymous_has_receipt_named_has_reporter",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def context(self, purpose: str) -> str:
        """The associated data that binds a sealed value to this report (crypto)."""
        return f"report:{self.uid}:{purpose}"


class Message(models.Model):
    """A message in a report's thread: reporter ↔ handler, or a handler's internal note (``internal``)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author_kind = models.CharField(max_length=10, choices=MessageAuthor.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # handlers only: a reporter's messages carry no account, even a named reporter's
    internal = models.BooleanField(_("internal note"), default=False)
    body = models.BinaryField(editable=False)  # sealed, context report.context(f"message:{uid}")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sent_on = models.DateField(_("sent on"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("report message")
        verbose_name_plural = _("report messages")


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"reports/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file a reporter or handler added. Stored cleaned of metadata, then sealed; the name is sealed too."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    from_reporter = models.BooleanField(default=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.BinaryField(editable=False)  # sealed original file name
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    file = models.FileField(max_length=200, upload_to=attachment_path, storage=private_storage)  # sealed bytes
    added_on = models.DateField()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")


class Event(models.Model):
    """The report's own timeline, dated by day: what the reporter and the handlers did (verbs in
    ``services.timeline``). Staff actions are also on the global audit trail; the reporter's are only here."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    on = models.DateField()
    verb = models.CharField(max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]


class Extension(models.Model):
    """A deadline extension, with its reason."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="extensions")
    previous_due_on = models.DateField()
    due_on = models.DateField()
    reason = models.CharField(_("reason"), max_length=500)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_on = models.DateField()

    class Meta:
        ordering = ["pk"]


class Action(models.Model):
    """What was done about a substantiated report: a discipline request, a warning, a caution, a correction
    order; against an official (or a unit, for a correction order)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(
        pgettext_lazy("what was done about a report", "action"), max_length=30, choices=ActionKind.choices
    )
    official = models.ForeignKey(
        "accounts.Official", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.BinaryField(editable=False)  # sealed details, context report.context(f"action:{uid}")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    taken_on = models.DateField()
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]


class CaseStudy(models.Model):
    """An anonymised case study for staff education, written from a report (which may later be purged)."""

    report = models.ForeignKey(Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="case_studies")
    title = models.CharField(_("title"), max_length=200)
    report_type = models.CharField(_("type"), max_length=20, choices=ReportType.choices)
    field = models.CharField(_("field"), max_length=30, choices=ReportField.choices)
    summary = models.TextField(_("what happened (anonymised)"))
    finding = models.TextField(_("what was found"))
    lesson = models.TextField(_("lesson for staff"))
    action_kind = models.CharField(
        pgettext_lazy("what was done about a report", "action"), max_length=30, choices=ActionKind.choices, blank=True
    )
    state = models.CharField(max_length=20, choices=CaseStudyState.choices, default=CaseStudyState.DRAFT)
    anonymisation_confirmed = models.BooleanField(_("anonymisation confirmed"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    def __str__(self) -> str:
        return self.title
