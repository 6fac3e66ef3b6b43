"""Models of the monthly bulletin (적극행정 월보; issue 7, docs/workflows/bulletins.md).

An ``Edition`` is one month's bulletin in one version. It is assembled as a draft from the month's public material
(selected cases, published committee opinions, the month's figures) and the editor's news items, goes through the
editorial workflow (draft → review → approved → published, ``publications.editorial``) and, once published, never
changes: a correction is a new version (``corrects``, ``correction_note``) and the earlier one is marked
superseded. ``Item`` rows are snapshots: a case's or opinion's public text is copied in at assembly, so a published
edition reads the same whatever happens to the record later.

A ``Subscription`` is a staff member (their account: address and language read at sending time) or a citizen (an
e-mail address confirmed by a link, with the consent recorded); unsubscribing deletes the row and so the address.
A ``Delivery`` row per (edition, subscription) is claimed before the e-mail goes, so nobody gets an edition twice.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from proactive.bulletins.enums import ItemKind, JobState, Language, SubscriberKind
from proactive.core.models import TimeStampedModel
from proactive.publications.editorial import EditorialState


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


class Edition(TimeStampedModel):
    """One version of one month's bulletin."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    version = models.PositiveIntegerField(_("version"), default=1)
    state = models.CharField(
        _("state"), max_length=20, choices=EditorialState.choices, default=EditorialState.DRAFT, db_index=True
    )
    editorial = models.TextField(_("editor's note (발간사)"), blank=True)
    statistics = models.JSONField(_("figures of the month"), default=dict, blank=True)
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction", verbose_name=_("corrects")
    )
    correction_note = models.TextField(_("correction note"), blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    # Background work after publication: the PDF and the e-mails (progress shown on the staff page).
    pdf = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="PDF"
    )
    pdf_state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.NONE, blank=True)
    pdf_pages = models.PositiveIntegerField(default=0)
    mail_state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.NONE, blank=True)
    mail_total = models.PositiveIntegerField(default=0)
    mail_sent = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-year", "-month", "-version"]
        verbose_name = _("bulletin edition")
        verbose_name_plural = _("bulletin editions")
        constraints = [
            models.UniqueConstraint(fields=["year", "month", "version"], name="bulletins_one_version"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="bulletins_month_range"),
        ]

    def __str__(self) -> str:
        return f"적극행정 월보 {self.year}년 {self.month}월호 (v{self.version})"

    @property
    def is_published(self) -> bool:
        return self.state == EditorialState.PUBLISHED

    @property
    def is_latest(self) -> bool:
        return self.superseded_at is None


class Item(models.Model):
    """One article of an edition: a selected case, a published opinion (both copied from their public record) or
    a news item the editor wrote (with an optional link and image with its alt text)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    position = models.PositiveIntegerField(pgettext_lazy("bulletin item", "position"), default=0)
    award = models.ForeignKey("nominations.Award", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    opinion = models.ForeignKey(
        "opinions.Publication", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    meta = models.JSONField(default=dict, blank=True)  # snapshot: unit, grade, round, team, answer …
    link_url = models.URLField(_("link"), blank=True, max_length=500)
    link_text = models.CharField(_("link text"), max_length=100, blank=True)
    image = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("image")
    )
    image_alt = models.CharField(_("image description (alt text)"), max_length=300, blank=True)

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("bulletin item")
        verbose_name_plural = _("bulletin items")
        constraints = [
            models.UniqueConstraint(fields=["edition", "award"], name="bulletins_case_once"),
            models.UniqueConstraint(fields=["edition", "opinion"], name="bulletins_opinion_once"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def grade_label(self) -> str:
        from proactive.nominations.enums import Grade  # enums only; models load in any order

        grade = (self.meta or {}).get("grade", "")
        return str(Grade(grade).label) if grade in Grade.values else ""

    @property
    def unit_name(self) -> str:
        meta = self.meta or {}
        return meta.get("unit_en", "") if (get_language() or "ko").startswith("en") else meta.get("unit", "")

    @property
    def round_label(self) -> str:
        meta = self.meta or {}
        if not meta.get("year"):
            return ""
        from proactive.nominations.enums import Half  # enums only

        half = meta.get("half")
        label = str(Half(half).label) if half in Half.values else ""
        return str(_("%(year)s, %(half)s")) % {"year": meta["year"], "half": label}


class Subscription(models.Model):
    """A subscriber: a staff member's account, or a citizen's confirmed (or still pending) e-mail address."""

    kind = models.CharField(_("kind"), max_length=10, choices=SubscriberKind.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("e-mail address"), blank=True)  # citizens only; staff: the account's address
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.KO)
    nonce = models.CharField(max_length=40, default=new_nonce, unique=True)  # in the signed links
    consent_text = models.TextField(_("consent given to"), blank=True)  # the notice the citizen agreed to
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(
        pgettext_lazy("bulletin subscription", "confirmed at"), null=True, blank=True, db_index=True
    )
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bulletin subscription")
        verbose_name_plural = _("bulletin subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=Q(kind=SubscriberKind.CITIZEN), name="bulletins_one_citizen_address"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=SubscriberKind.STAFF, user__isnull=False, email="")
                    | Q(kind=SubscriberKind.CITIZEN, user__isnull=True) & ~Q(email="")
                ),
                name="bulletins_subscriber_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Delivery(models.Model):
    """One edition claimed for one subscriber. The row is written (committed) before the e-mail goes, and a
    subscriber with a row is never sent that edition again: at most once, even when the task is retried."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.SET_NULL, null=True, related_name="deliveries")
    claim = models.CharField(max_length=40)  # which run of the task claimed it
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "subscription"], name="bulletins_deliver_once"),
        ]
