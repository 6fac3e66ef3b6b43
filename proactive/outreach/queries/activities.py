"""Reads of campaigns and promotion: the filtered list, the years on record and this year's video target."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from proactive.nominations.models import Nomination
from proactive.outreach.enums import ActivityKind
from proactive.outreach.models import Activity

# The 2025 plan: promotional videos twice a year (DOMAIN.md §4.10).
VIDEOS_PER_YEAR = 2


def activities_filtered(*, year: int | None = None, kind: str = "") -> QuerySet[Activity]:
    """Activities, newest first, with the number of materials and featured cases (three queries for a page with
    the prefetches, whatever the number of rows)."""
    qs = Activity.objects.annotate(
        material_count=Count("materials", distinct=True), case_count=Count("cases", distinct=True)
    )
    if year:
        qs = qs.filter(starts_on__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-starts_on", "-pk")


def activity_years() -> list[int]:
    years = Activity.objects.annotate(y=ExtractYear("starts_on")).values_list("y", flat=True).distinct()
    return sorted(set(years), reverse=True)


@dataclass(frozen=True)
class VideoTarget:
    year: int
    made: int
    target: int = VIDEOS_PER_YEAR

    @property
    def met(self) -> bool:
        return self.made >= self.target


def video_target(year: int) -> VideoTarget:
    made = Activity.objects.filter(kind=ActivityKind.VIDEO, starts_on__year=year).count()
    return VideoTarget(year=year, made=made)


def get_activity(pk: int) -> Activity | None:
    return (
        Activity.objects.select_related("created_by")
        .prefetch_related("materials", "cases__round")
        .filter(pk=pk)
        .first()
    )


def selectable_cases() -> QuerySet[Nomination]:
    """Selected cases (a confirmed award with a grade) a campaign may feature, newest round first."""
    return (
        Nomination.objects.filter(award__confirmed_at__isnull=False)
        .exclude(award__grade="")
        .select_related("round")
        .order_by("-round__year", "-round__half", "title")
    )
