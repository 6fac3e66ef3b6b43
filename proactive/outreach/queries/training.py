"""Reads of training: sessions with their attendance, an official's own history, the officials picker and the
totals of hours per period and department."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr

from proactive.accounts.enums import OfficialStatus
from proactive.accounts.models import Official, OrgUnit
from proactive.accounts.queries import search_officials
from proactive.accounts.services.org import PATH_STEP
from proactive.outreach.models import Attendance, TrainingSession

ZERO = Decimal("0")
# A depth-1 unit's path ("000001/000002/"): the level below the city (실·국·본부, 구·군, 공사·공단, 출연기관).
TOP_PATH_LENGTH = 2 * (PATH_STEP + 1)
PICKER_LIMIT = 20


def sessions_filtered(*, year: int | None = None, kind: str = "") -> QuerySet[TrainingSession]:
    qs = TrainingSession.objects.annotate(
        attendee_count=Count("attendances"), hours_total=Coalesce(Sum("attendances__hours"), ZERO)
    )
    if year:
        qs = qs.filter(held_on__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-held_on", "-pk")


def session_years() -> list[int]:
    return sorted({d.year for d in TrainingSession.objects.dates("held_on", "year")}, reverse=True)


def get_session(pk: int) -> TrainingSession | None:
    return TrainingSession.objects.filter(pk=pk).first()


def attendance_of(session: TrainingSession) -> QuerySet[Attendance]:
    return session.attendances.select_related("official", "unit").order_by("unit__path", "official__name", "pk")


def history_of(official_id: int | None) -> QuerySet[Attendance]:
    """An official's own training: every attendance, newest first."""
    if official_id is None:
        return Attendance.objects.none()
    return Attendance.objects.filter(official_id=official_id).select_related("session").order_by("-session__held_on")


def pick_officials(*, q: str = "", unit: OrgUnit | None = None, exclude_session: TrainingSession | None = None):
    """Active officials matching a name (or employee number) and/or a unit's subtree, for the attendance picker;
    at most ``PICKER_LIMIT``, none when nothing was asked."""
    if not q.strip() and unit is None:
        return Official.objects.none()
    qs = search_officials(Official.objects.filter(status=OfficialStatus.ACTIVE), q=q, unit=unit)
    if exclude_session is not None:
        qs = qs.exclude(pk__in=exclude_session.attendances.values("official_id"))
    return qs.select_related("unit").order_by("name", "pk")[:PICKER_LIMIT]


@dataclass
class UnitHours:
    unit: OrgUnit | None
    label: str
    attendees: int
    hours: Decimal


@dataclass
class HoursTotals:
    start: datetime.date
    end: datetime.date
    sessions: int
    attendances: int
    officials: int
    hours: Decimal
    units: list[UnitHours]


def hours_totals(start: datetime.date, end: datetime.date, *, by_top_unit: bool = True) -> HoursTotals:
    """Training hours attended between ``start`` and ``end`` (inclusive), in all and per department (the unit the
    official was in when added) or per top-level unit; three queries."""
    base = Attendance.objects.filter(session__held_on__range=(start, end))
    overall = base.aggregate(
        attendances=Count("pk"),
        officials=Count("official", distinct=True),
        sessions=Count("session", distinct=True),
        hours=Coalesce(Sum("hours"), ZERO),
    )
    rows: list[dict[str, Any]]
    if by_top_unit:
        grouped = (
            base.annotate(key=Substr("unit__path", 1, TOP_PATH_LENGTH))
            .values("key")
            .annotate(attendees=Count("official", distinct=True), hours=Sum("hours"))
            .order_by("-hours", "key")
        )
        rows = [dict(r) for r in grouped]
        by_path = {u.path: u for u in OrgUnit.objects.filter(path__in=[r["key"] for r in rows])}
    else:
        per_unit = (
            base.values("unit__path")
            .annotate(attendees=Count("official", distinct=True), hours=Sum("hours"))
            .order_by("-hours", "unit__path")
        )
        rows = [{**r, "key": r["unit__path"]} for r in per_unit]
        by_path = {u.path: u for u in OrgUnit.objects.filter(path__in=[r["key"] for r in rows])}
    units = []
    for row in rows:
        unit = by_path.get(row["key"])
        units.append(
            UnitHours(unit=unit, label=unit.name if unit else "—", attendees=row["attendees"], hours=row["hours"])
        )
    return HoursTotals(
        start=start,
        end=end,
        sessions=overall["sessions"],
        attendances=overall["attendances"],
        officials=overall["officials"],
        hours=overall["hours"],
        units=units,
    )
