"""Casebooks (사례집) and card-news sets (카드뉴스): publications rendered from the selected cases' records.

Both follow the editorial workflow of ``editorial.py`` (draft → review → approved → published; nothing leaves
published; a correction is a new row with ``corrects`` and a ``correction_note``). Changed only through
``services``; every change is on the audit trail. Generated files live in the private storage and are served by
this app's views (published ones to everyone).
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.core.models import TimeStampedModel
from proactive.documents.storage import PrivateStorage
from proactive.publications.enums import CardKind, EditorialState, JobState, MaskDecision, MaskKind, Selection


def output_path(instance, filename: str) -> str:
    return f"publications/{instance._meta.model_name}/{filename}"


class Editorial(TimeStampedModel):
    """What every publication shares: the editorial state, versions, the author, the approver, generation."""

    state = models.CharField(
        _("state"), max_length=20, choices=EditorialState.choices, default=EditorialState.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(pgettext_lazy("edition", "version"), default=1)
    correction_note = models.TextField(_("correction note"), blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at (time)"), null=True, blank=True, db_index=True)
    superseded_at = models.DateTimeField(_("superseded by a correction at"), null=True, blank=True)
    # Background generation (htmx progress bar).
    job_state = models.CharField(_("generation"), max_length=20, choices=JobState.choices, default=JobState.IDLE)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    job_error = models.CharField(_("generation error"), max_length=300, blank=True)
    content_changed_at = models.DateTimeField(_("content changed at"), auto_now_add=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def generated_current(self) -> bool:
        return self.generated_at is not None and self.generated_at >= self.content_changed_at


class Casebook(Editorial):
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    foreword = models.TextField(_("foreword"), blank=True)
    selection = models.CharField(_("cases chosen by"), max_length=20, choices=Selection.choices)
    round = models.ForeignKey(
        "nominations.SelectionRound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("round"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    pdf = models.FileField(_("PDF"), storage=PrivateStorage(), upload_to=output_path, blank=True, max_length=200)
    pdf_pages = models.PositiveIntegerField(_("pages"), default=0)
    html_edition = models.TextField(_("HTML edition"), blank=True)

    class Meta:
        verbose_name = _("casebook")
        verbose_name_plural = _("casebooks")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class CasebookEntry(models.Model):
    casebook = models.ForeignKey(Casebook, on_delete=models.CASCADE, related_name="entries")
    award = models.ForeignKey("nominations.Award", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("order"))
    include_photos = models.BooleanField(_("include photos"), default=False)

    class Meta:
        verbose_name = _("case in a casebook")
        verbose_name_plural = _("cases in a casebook")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["casebook", "award"], name="publications_entry_unique_case")]


class Mask(models.Model):
    """A piece of a case's text proposed for masking; an editor confirms or rejects it before review."""

    entry = models.ForeignKey(CasebookEntry, on_delete=models.CASCADE, related_name="masks")
    field = models.CharField(pgettext_lazy("part of a case record", "field"), max_length=40)
    kind = models.CharField(pgettext_lazy("kind of personal data", "kind"), max_length=20, choices=MaskKind.choices)
    text = models.CharField(_("text found"), max_length=200)
    replacement = models.CharField(_("replacement"), max_length=60)
    decision = models.CharField(
        pgettext_lazy("mask", "decision"), max_length=20, choices=MaskDecision.choices, default=MaskDecision.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mask")
        verbose_name_plural = _("masks")
        ordering = ["entry__position", "field", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "field", "text"], name="publications_mask_unique_text")]

    @property
    def field_label(self) -> str:
        """The case record's field the text was found in, as its form labels it."""
        from proactive.nominations.models import Nomination  # the case record's own labels

        try:
            return str(getattr(Nomination._meta.get_field(self.field), "verbose_name", self.field))
        except FieldDoesNotExist:
            return self.field


class CardSet(Editorial):
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    award = models.ForeignKey("nominations.Award", on_delete=models.PROTECT, related_name="+", verbose_name=_("case"))
    headline = models.CharField(_("headline"), max_length=80)
    point_1 = models.CharField(_("key point 1"), max_length=120)
    point_2 = models.CharField(_("key point 2"), max_length=120)
    point_3 = models.CharField(_("key point 3"), max_length=120)
    figures = models.CharField(_("figures"), max_length=160, blank=True)
    closing = models.CharField(_("closing line"), max_length=120, blank=True)
    # Alt text per card, by CardKind value.
    alt_texts = models.JSONField(_("alt text"), default=dict, blank=True)

    class Meta:
        verbose_name = _("card-news set")
        verbose_name_plural = _("card-news sets")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.headline

    def alt_for(self, kind: str) -> str:
        return str((self.alt_texts or {}).get(kind, ""))


class Card(models.Model):
    """One generated 1080×1080 PNG of a card-news set."""

    card_set = models.ForeignKey(CardSet, on_delete=models.CASCADE, related_name="cards")
    kind = models.CharField(_("card"), max_length=20, choices=CardKind.choices)
    position = models.PositiveSmallIntegerField(_("order"))
    image = models.FileField(_("image"), storage=PrivateStorage(), upload_to=output_path, max_length=200)
    alt_text = models.TextField(_("alt text"))

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["card_set", "kind"], name="publications_card_unique_kind")]
