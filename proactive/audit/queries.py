"""Reads of the audit trail and the access records: searches, the CSV export and the auditors' panel."""

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord, AuditEvent


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the site's time zone (Asia/Seoul), as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone())


def _in_date_range(qs: QuerySet, date_from: datetime.date | None, date_to: datetime.date | None) -> QuerySet:
    # Explicit bounds keep the occurred_at index usable (``__date`` lookups would not).
    if date_from:
        qs = qs.filter(occurred_at__gte=day_start(date_from))
    if date_to:
        qs = qs.filter(occurred_at__lt=day_start(date_to + datetime.timedelta(days=1)))
    return qs


def search_events(criteria: dict[str, Any]) -> QuerySet[AuditEvent]:
    """Audit events matching the cleaned EventSearchForm data, newest first."""
    qs = AuditEvent.objects.all()
    if criteria.get("actor"):
        qs = qs.filter(actor_label__icontains=criteria["actor"])
    if criteria.get("verb"):
        qs = qs.filter(verb__startswith=criteria["verb"])
    if criteria.get("target_type"):
        qs = qs.filter(target_type=criteria["target_type"].lower())
    if criteria.get("target_id"):
        qs = qs.filter(target_id=criteria["target_id"])
    if criteria.get("q"):
        qs = qs.filter(target_label__icontains=criteria["q"])
    return _in_date_range(qs, criteria.get("date_from"), criteria.get("date_to")).order_by("-occurred_at", "-id")


def search_access_records(criteria: dict[str, Any]) -> QuerySet[AccessRecord]:
    """Access records matching the cleaned AccessSearchForm data, newest first."""
    qs = AccessRecord.objects.all()
    if criteria.get("account"):
        qs = qs.filter(account__icontains=criteria["account"])
    if criteria.get("action"):
        qs = qs.filter(action=criteria["action"])
    if criteria.get("subject"):
        qs = qs.filter(Q(subject_label__icontains=criteria["subject"]) | Q(subject_id=criteria["subject"]))
    return _in_date_range(qs, criteria.get("date_from"), criteria.get("date_to")).order_by("-occurred_at", "-id")


def describe_criteria(criteria: dict[str, Any]) -> str:
    """A short, stable description of a search, stored as the ``resource`` of the search's own access record."""
    parts = [f"{key}={value}" for key, value in criteria.items() if value not in (None, "")]
    return "; ".join(parts) or "all"


CSV_COLUMNS = ["occurred_at", "account", "ip_address", "action", "subject_type", "subject_id", "subject_label",
               "resource", "reason"]  # fmt: skip


def _csv_safe(value: Any) -> str:
    # Spreadsheet programs run cells that start with these characters as formulas (CSV injection).
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def access_record_rows(qs: QuerySet[AccessRecord]) -> Iterator[list[str]]:
    """The header row, then one row per record, in the site's time zone; streamed in chunks."""
    yield CSV_COLUMNS
    tz = timezone.get_default_timezone()
    for record in qs.iterator(chunk_size=2000):
        yield [
            record.occurred_at.astimezone(tz).isoformat(timespec="seconds"),
            *(_csv_safe(getattr(record, name)) for name in CSV_COLUMNS[1:]),
        ]


def auditor_panel(user: Any) -> dict[str, Any]:
    """Counts for the auditors' dashboard panel: today's access records, and this month's downloads and exports
    that the monthly review (안전조치 §8②) has to look at."""
    today = timezone.localdate()
    month_start = today.replace(day=1)
    records = AccessRecord.objects.filter(occurred_at__gte=day_start(month_start))
    counts = records.aggregate(
        today=Count("id", filter=Q(occurred_at__gte=day_start(today))),
        downloads=Count("id", filter=Q(action__in=[AccessAction.DOWNLOAD, AccessAction.EXPORT])),
    )
    return {"today": counts["today"], "downloads": counts["downloads"], "today_date": today, "month_start": month_start}
