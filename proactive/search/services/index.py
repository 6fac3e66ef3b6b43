"""Writes of the search index: re-index one document, rebuild everything (decision 0021).

The index is a derived read model: a document is analysed from its source (``sources.py``) and written, or removed
when its source is no longer public. Re-indexing one document is not a business event and records no audit event
(the source's own service did); the full rebuild records ``search.index_rebuilt`` with the counts.
"""

import logging
from collections.abc import Iterable
from itertools import islice
from typing import Any

from django.db import transaction
from django.tasks import task

from proactive.audit.services import record_event
from proactive.search.analysis import analyse_many
from proactive.search.models import IndexRebuild, SearchDocument
from proactive.search.sources import SOURCES, DocumentData

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
FIELDS = ["title", "summary", "url", "visibility", "date", "year", "subtitle", "title_terms", "body_terms"]


def _rows(kind: str, documents: list[DocumentData]) -> list[SearchDocument]:
    analysed = analyse_many([d.title for d in documents] + [d.body for d in documents])
    count = len(documents)
    return [
        SearchDocument(
            kind=kind,
            source_id=d.source_id,
            title=d.title[:300],
            summary=d.summary,
            url=d.url,
            visibility=d.visibility,
            date=d.date,
            year=d.year,
            subtitle=d.subtitle[:300],
            title_terms=analysed[i],
            body_terms=analysed[count + i],
        )
        for i, d in enumerate(documents)
    ]


@transaction.atomic
def reindex_documents(*, kind: str, source_ids: Iterable[int], actor: Any = None) -> int:
    """Bring the documents of ``source_ids`` in step with their source: written when public, removed otherwise.
    Returns how many are in the index afterwards. Side effects: none besides the index (no audit event)."""
    ids = sorted(set(source_ids))
    if not ids:
        return 0
    rows = _rows(kind, SOURCES[kind].build(ids))
    found = {row.source_id for row in rows}
    SearchDocument.objects.filter(kind=kind, source_id__in=[i for i in ids if i not in found]).delete()
    existing = dict(SearchDocument.objects.filter(kind=kind, source_id__in=found).values_list("source_id", "pk"))
    for row in rows:
        row.pk = existing.get(row.source_id)
    SearchDocument.objects.bulk_update([r for r in rows if r.pk], FIELDS)
    SearchDocument.objects.bulk_create([r for r in rows if not r.pk])
    return len(rows)


@task
def task_reindex_documents(kind: str, source_ids: list[int]) -> None:
    if kind not in SOURCES:
        logger.warning("search: unknown kind %s", kind)
        return
    reindex_documents(kind=kind, source_ids=source_ids)


@transaction.atomic
def rebuild_index(*, actor: Any = None, kinds: Iterable[str] | None = None, batch_size: int = BATCH_SIZE) -> dict:
    """Re-analyse every public document of ``kinds`` (default all) in batches, replacing their documents in one
    transaction (searches keep seeing the old index until it commits). Returns counts per kind. Side effect: audit
    event ``search.index_rebuilt``."""
    counts: dict[str, int] = {}
    for kind in kinds or SOURCES:
        source = SOURCES[kind]
        SearchDocument.objects.filter(kind=kind).delete()
        ids = iter(source.all_ids())
        total = 0
        while batch := list(islice(ids, batch_size)):
            rows = _rows(kind, source.build(batch))
            SearchDocument.objects.bulk_create(rows, batch_size=batch_size)
            total += len(rows)
        counts[str(kind)] = total
    run = IndexRebuild.objects.create(actor=actor if getattr(actor, "pk", None) else None, counts=counts)
    record_event(actor=actor, verb="search.index_rebuilt", target=run, data={"documents": counts})
    return counts
