"""Retention of reports (SECURITY.md: keep personal data no longer than needed).

A closed report is kept for the centre's retention period of its outcome (``CentreSettings``: forwarded,
unsubstantiated, action taken), counted from ``closed_on``; then ``purge_expired`` deletes it with everything it
holds: messages, attachments (their stored files too), timeline events, extensions and actions. A case study
written from it stays (its link to the report is cleared). What remains is one audit event per purged report,
``reporting.report_purged``, with its number, outcome and dates: the record that it existed and was deleted,
with nothing from its content. Open reports are never purged.

``Report.purge_on`` shows staff when a closed report will go; it is set when the report is closed
(``services.handling``) and moved for every closed report of an outcome when its retention period changes
(``recompute_purge_dates``). The purge itself reads the settings at purge time, so a shortened period takes
effect at the next run.
"""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import DateField, ExpressionWrapper, F, Q

from proactive.audit.services import record_event
from proactive.reporting.enums import Outcome
from proactive.reporting.models import Attachment, CentreSettings, Report
from proactive.reporting.services.common import today as local_today

logger = logging.getLogger(__name__)
BATCH = 500


@dataclass
class PurgeResult:
    by_outcome: Counter = field(default_factory=Counter)
    files_deleted: int = 0
    files_missing: int = 0

    @property
    def reports(self) -> int:
        return sum(self.by_outcome.values())


def purge_on(closed_on: datetime.date, outcome: str, settings: CentreSettings | None = None) -> datetime.date:
    """The day a report closed on ``closed_on`` with ``outcome`` is purged under the current settings."""
    settings = settings or CentreSettings.current()
    return closed_on + datetime.timedelta(days=settings.retention_days(outcome))


def recompute_purge_dates(*, outcome: str, days: int) -> int:
    """Set ``purge_on`` = ``closed_on`` + ``days`` for every closed report with ``outcome``, in one UPDATE.
    Returns the number of reports whose purge date changed. Call inside the settings change's transaction."""
    target = ExpressionWrapper(F("closed_on") + datetime.timedelta(days=days), output_field=DateField())
    return (
        Report.objects.filter(outcome=outcome, closed_on__isnull=False)
        .filter(Q(purge_on__isnull=True) | ~Q(purge_on=target))
        .update(purge_on=target)
    )


def expired(*, today: datetime.date | None = None, settings: CentreSettings | None = None):
    """Closed reports whose retention period (under the settings now) has passed: closed on or before today
    less the period of their outcome."""
    day = today or local_today()
    settings = settings or CentreSettings.current()
    condition = Q()
    for outcome in Outcome:
        cutoff = day - datetime.timedelta(days=settings.retention_days(outcome))
        condition |= Q(outcome=outcome, closed_on__lte=cutoff)
    return Report.objects.filter(condition, closed_on__isnull=False).order_by("pk")


def purge_expired(*, actor: Any = None, today: datetime.date | None = None) -> PurgeResult:
    """Delete every report whose retention period has passed (see the module docstring), in batches.

    Side effects per batch, in one transaction: an audit event ``reporting.report_purged`` per report (number,
    outcome, received and closed dates), then the rows (cascading to messages, attachments, events, extensions and
    actions; case studies lose their link). After the transaction commits, the attachments' stored files are
    deleted. Idempotent: a second run finds nothing to do. ``actor`` is None for the scheduled run ("system").
    """
    result = PurgeResult()
    settings = CentreSettings.current()
    while True:
        with transaction.atomic():
            batch = list(
                expired(today=today, settings=settings)
                .select_for_update()
                .values_list("pk", "number", "outcome", "received_on", "closed_on")[:BATCH]
            )
            if not batch:
                break
            ids = [row[0] for row in batch]
            files = list(Attachment.objects.filter(report_id__in=ids).exclude(file="").values_list("file", flat=True))
            for pk, number, outcome, received_on, closed_on in batch:
                target = Report(pk=pk, number=number)
                record_event(
                    actor=actor,
                    verb="reporting.report_purged",
                    target=target,
                    data={
                        "number": number,
                        "outcome": outcome,
                        "received_on": received_on.isoformat(),
                        "closed_on": closed_on.isoformat(),
                    },
                )
                result.by_outcome[outcome] += 1
            Report.objects.filter(pk__in=ids).delete()
        _delete_files(files, result)
    return result


def _delete_files(names: list[str], result: PurgeResult) -> None:
    """Remove the sealed files of purged attachments from storage (after the rows are gone)."""
    storage = Attachment._meta.get_field("file").storage  # type: ignore[attr-defined]
    for name in names:
        try:
            if storage.exists(name):
                storage.delete(name)
                result.files_deleted += 1
            else:
                result.files_missing += 1
        except OSError:
            logger.exception("Could not delete the stored file of a purged report attachment")
            result.files_missing += 1
