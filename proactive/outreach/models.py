"""Outreach records (DOMAIN.md §4.10): campaigns and promotion activities with their reach and materials,
training sessions with attendance from the officials register, liaison meetings and joint workshops with the
구·군, public corporations and affiliated bodies, and the meetings' action items followed to completion.

Rows are written only through ``outreach.services`` (audited); the programme's figures are read by
``outreach.queries.figures`` from every domain's own tables.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.outreach.enums import ActionState, ActivityKind, MeetingKind, TrainingKind


class Activity(models.Model):
    """A campaign event, promotional video, SNS post, commemorative items or another promotion activity."""

    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("date"), db_index=True)
    ends_on = models.DateField(pgettext_lazy("last day of an activity", "last day"), null=True, blank=True)
    place = models.CharField(_("place or channel"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(
        pgettext_lazy("people reached by an activity", "participants"), null=True, blank=True
    )
    views = models.PositiveIntegerField(_("views"), null=True, blank=True)
    links = models.TextField(_("links"), blank=True)
    materials = models.ManyToManyField("documents.Document", blank=True, related_name="+", verbose_name=_("materials"))
    cases = models.ManyToManyField(
        "nominations.Nomination", blank=True, related_name="+", verbose_name=_("selected cases featured")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("promotion activity")
        verbose_name_plural = _("promotion activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="outreach_activity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class TrainingSession(models.Model):
    """A training session: workplace education, an advanced course or a lecture."""

    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"), db_index=True)
    hours = models.DecimalField(
        pgettext_lazy("length of a training session", "hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    lecturer = models.CharField(_("lecturer"), max_length=120, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="outreach_session_hours_positive")]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """An official at a training session and the hours they attended. ``unit`` is the official's unit when they
    were added, so the totals per department stay as they were after a transfer."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    official = models.ForeignKey("accounts.Official", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, related_name="+")
    hours = models.DecimalField(_("hours attended"), max_digits=4, decimal_places=1)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__path", "official__name", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "official"], name="outreach_attend_once"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="outreach_attendance_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.official} · {self.session}"


class LiaisonMeeting(models.Model):
    """A liaison meeting or joint workshop with 구·군, public corporations and affiliated bodies."""

    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.LIAISON)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    bodies = models.ManyToManyField("accounts.OrgUnit", related_name="+", verbose_name=_("participating bodies"))
    attendees = models.TextField(_("attendees"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("liaison meeting")
        verbose_name_plural = _("liaison meetings")

    def __str__(self) -> str:
        return self.title


class ActionItem(models.Model):
    """Something a meeting agreed to do, owned by a body or department, with a due date, followed to completion
    (``workflow.ACTION_TRANSITIONS``)."""

    meeting = models.ForeignKey(LiaisonMeeting, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(pgettext_lazy("liaison action item", "action"), max_length=300)
    owner = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner body or department")
    )
    due_on = models.DateField(_("due on"), db_index=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ActionState.choices, default=ActionState.OPEN, db_index=True
    )
    note = models.TextField(_("progress note"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    flagged_on = models.DateField(null=True, blank=True)  # last day the overdue flag was raised
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title
