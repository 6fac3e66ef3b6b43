"""The search index: one row per searchable document (a read model derived from its source, never edited by hand).

The analysed text (``title_terms``, ``body_terms``: Kiwi's content morphemes, ``analysis.py``) is matched by the
database: an FTS5 table on SQLite kept in step by triggers, a ``tsvector`` expression index with the ``simple``
configuration on PostgreSQL (migration 0002; queries in ``queries/search.py``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.search.enums import DocumentKind, Visibility


class SearchDocument(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    source_id = models.PositiveBigIntegerField(_("source record"))
    # Shown as they are (the sources write Korean; no translation is stored).
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(pgettext_lazy("search document", "summary"), blank=True)
    url = models.CharField(_("address"), max_length=300)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    subtitle = models.CharField(_("context"), max_length=300, blank=True)  # round, department …
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "source_id"], name="search_document_one_per_source"),
        ]
        indexes = [models.Index(fields=["visibility", "kind", "year"], name="search_doc_filter_idx")]

    def __str__(self) -> str:
        return self.title


class IndexRebuild(models.Model):
    """One full rebuild of the index (``manage.py rebuild_search_index``): when, by whom, how many documents."""

    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"
