"""Append-only records: business events (who changed what) and staff access records (who saw whose data).

Neither table can be edited or deleted from the application: the model refuses ``save()`` on an existing row
and ``delete()``, the queryset refuses ``update()`` and ``delete()``, and database triggers (migration 0002)
refuse UPDATE and DELETE even from raw SQL. Retention purges, when configured, run as a documented database
maintenance task outside the application.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from proactive.audit.enums import AccessAction


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit records are append-only.")

    def delete(self):
        raise AppendOnlyError("Audit records are append-only.")

    def _raw_delete(self, using=None):  # also the collector's fast path, called as _raw_delete(using=...)
        raise AppendOnlyError("Audit records are append-only.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Audit records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit records are append-only.")


class AuditEvent(AppendOnlyModel):
    """A business event: ``actor`` did ``verb`` to ``target``, with a summary of what changed."""

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=120)
    verb = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("target type"), max_length=80, db_index=True)
    target_id = models.CharField(_("target id"), max_length=64, db_index=True)
    target_label = models.CharField(_("target"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["target_type", "target_id", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.target_label}"


class AccessRecord(AppendOnlyModel):
    """A staff access record (개인정보처리시스템 접속기록): account, time, IP, whose data, what action, why."""

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    account = models.CharField(_("account"), max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    subject_type = models.CharField(_("data subject type"), max_length=80, blank=True)
    subject_id = models.CharField(_("data subject id"), max_length=64, blank=True, db_index=True)
    subject_label = models.CharField(_("data subject"), max_length=200, blank=True)
    resource = models.CharField(_("what was handled"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("access record")
        verbose_name_plural = _("access records")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.account} {self.action} {self.subject_label}"
