"""Keeps the search index current: ``post_save`` / ``post_delete`` of the source models (``sources.SOURCES``)
queue a re-index of the documents they touch, after the transaction commits (a Django task).

This is a derived read index, not business flow (decision 0021, Consequences): the receivers only schedule the
refresh of a copy; no business rule depends on them. Which source ids an instance touches is worked out in the
commit callback, so nothing is added to the writing transaction; one change is queued once per transaction.
"""

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from proactive.search.sources import SOURCES


class _Reindex:
    """The commit callback: works out the source ids the change touches and queues their re-index."""

    def __init__(self, kind: str, resolve: Callable[[Any], Iterable[int]], instance: Any, key: tuple) -> None:
        self.kind, self.resolve, self.instance, self.key = kind, resolve, instance, key
        self.done = False

    def __call__(self) -> None:
        self.done = True
        from proactive.search.services.index import task_reindex_documents  # services import the sources

        ids = [int(i) for i in self.resolve(self.instance)]
        if ids:
            task_reindex_documents.enqueue(str(self.kind), ids)


def _already_queued(key: tuple) -> bool:
    # The callbacks waiting for this transaction's commit (dropped by Django on rollback, so nothing goes stale).
    return any(
        isinstance(entry[1], _Reindex) and entry[1].key == key and not entry[1].done
        for entry in connection.run_on_commit
    )


def _changed(kind: str, resolve: Callable[[Any], Iterable[int]], sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # fixtures
        return
    key = (kind, sender._meta.label_lower, instance.pk, kwargs.get("signal") is post_delete)
    if connection.in_atomic_block and _already_queued(key):
        return
    transaction.on_commit(_Reindex(kind, resolve, instance, key))


def connect() -> None:
    """Connect the receivers (``SearchConfig.ready``)."""
    for kind, source in SOURCES.items():
        for label, resolve in source.watched.items():
            model = apps.get_model(label)
            receiver = partial(_changed, kind, resolve)
            uid = f"search:{kind}:{label}"
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:save")
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
