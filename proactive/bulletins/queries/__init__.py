"""Reads of the monthly bulletin: editions for the public archive and the staff, the month's material for the
assembly, and the subscriber counts (never the addresses)."""

import datetime
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet

from proactive.bulletins.enums import SECTION_ORDER, ItemKind, SubscriberKind
from proactive.bulletins.models import Delivery, Edition, Item, Subscription
from proactive.publications.editorial import EditorialState


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The month as an aware [start, end) in Asia/Seoul."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime(year, month, 1, tzinfo=zone)
    end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
    return start, end


def month_days(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """The month's first and last day."""
    start, end = month_bounds(year, month)
    return start.date(), (end - datetime.timedelta(days=1)).date()


# --- Editions --------------------------------------------------------------------------------------------------


def _with_items(qs: QuerySet[Edition]) -> QuerySet[Edition]:
    return qs.select_related("corrects", "pdf").prefetch_related(
        Prefetch("items", queryset=Item.objects.select_related("image").order_by("position", "pk"))
    )


def published_editions() -> QuerySet[Edition]:
    return Edition.objects.filter(state=EditorialState.PUBLISHED)


def archive() -> dict[int, list[Edition]]:
    """The current version of every published month, newest first, grouped by year (one query)."""
    editions = published_editions().filter(superseded_at__isnull=True).order_by("-year", "-month")
    years: dict[int, list[Edition]] = {}
    for edition in editions:
        years.setdefault(edition.year, []).append(edition)
    return years


def public_edition(year: int, month: int, version: int | None = None) -> Edition | None:
    """A published edition: the given version, or the current one of the month."""
    qs = _with_items(published_editions().filter(year=year, month=month))
    if version is not None:
        return qs.filter(version=version).first()
    return qs.order_by("-version").first()


def versions_of(edition: Edition) -> list[Edition]:
    """Every published version of the edition's month, oldest first (for the links between versions)."""
    return list(published_editions().filter(year=edition.year, month=edition.month).order_by("version"))


def get_edition(pk: int) -> Edition | None:
    return (
        _with_items(Edition.objects.filter(pk=pk))
        .select_related("created_by", "submitted_by", "approved_by", "published_by")
        .first()
    )


def staff_editions() -> QuerySet[Edition]:
    return (
        Edition.objects.select_related("corrects")
        .annotate(item_count=Count("items"))
        .order_by("-year", "-month", "-version")
    )


@dataclass
class Section:
    kind: str
    label: Any
    items: list[Item] = field(default_factory=list)


def sections(edition: Edition, items: list[Item] | None = None) -> list[Section]:
    """The edition's items by section (cases, opinions, news), each in the editor's order (prefetched items, or
    ``items`` already in order)."""
    by_kind: dict[str, Section] = {k: Section(k, ItemKind(k).label) for k in SECTION_ORDER}
    for item in edition.items.all() if items is None else items:
        by_kind[item.kind].items.append(item)
    return [s for s in by_kind.values() if s.items]


def previous_edition(edition: Edition) -> Edition | None:
    return (
        published_editions()
        .filter(superseded_at__isnull=True)
        .filter(Q(year__lt=edition.year) | Q(year=edition.year, month__lt=edition.month))
        .order_by("-year", "-month")
        .first()
    )


# --- Material of a month -----------------------------------------------------------------------------------------


def month_cases(year: int, month: int) -> list[Any]:
    """The selected cases published in the month: awards confirmed then, in public rounds, best grade first."""
    from proactive.nominations.queries.awards import grade_order_expression, published_awards

    start, end = month_bounds(year, month)
    awards = published_awards().filter(confirmed_at__gte=start, confirmed_at__lt=end)
    return list(awards.annotate(g=grade_order_expression()).order_by("g", "rank", "pk"))


def month_opinions(year: int, month: int) -> list[Any]:
    """The committee's anonymised answers published in the month (the public register's text only)."""
    from proactive.opinions.models import Publication

    first, last = month_days(year, month)
    return list(
        Publication.objects.filter(is_published=True, published_on__gte=first, published_on__lte=last).order_by(
            "published_on", "pk"
        )
    )


# --- Subscribers ---------------------------------------------------------------------------------------------------


@dataclass
class SubscriberCounts:
    staff: int
    citizens: int
    pending: int
    by_language: dict[str, int]

    @property
    def total(self) -> int:
        return self.staff + self.citizens


def subscriber_counts() -> SubscriberCounts:
    """How many subscribe (confirmed), by kind and language, and how many citizens have not confirmed yet."""
    unconfirmed = ExpressionWrapper(Q(confirmed_at__isnull=True), output_field=BooleanField())
    rows = (
        Subscription.objects.annotate(unconfirmed=unconfirmed)
        .values_list("kind", "language", "unconfirmed")
        .annotate(n=Count("pk"))
    )
    staff = citizens = pending = 0
    languages: dict[str, int] = {}
    for kind, language, unconfirmed, n in rows.order_by():
        if unconfirmed:
            pending += n
            continue
        if kind == SubscriberKind.STAFF:
            staff += n
        else:
            citizens += n
        languages[language] = languages.get(language, 0) + n
    return SubscriberCounts(staff=staff, citizens=citizens, pending=pending, by_language=languages)


def recipients() -> QuerySet[Subscription]:
    """Confirmed subscriptions that can be sent to: citizens, and staff whose account is active with an address."""
    return (
        Subscription.objects.filter(confirmed_at__isnull=False)
        .filter(Q(kind=SubscriberKind.CITIZEN) | Q(user__is_active=True) & ~Q(user__email=""))
        .select_related("user")
        .order_by("pk")
    )


def staff_subscription(user: Any) -> Subscription | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Subscription.objects.filter(user=user).first()


def delivery_counts(edition: Edition) -> dict[str, int]:
    rows = Delivery.objects.filter(edition=edition).aggregate(
        claimed=Count("pk"), sent=Count("pk", filter=Q(sent_at__isnull=False))
    )
    return {"claimed": rows["claimed"], "sent": rows["sent"]}
