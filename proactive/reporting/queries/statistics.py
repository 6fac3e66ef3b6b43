"""Statistics of the reporting centre (DOMAIN.md §4.9): counts by type, field, body, month and outcome, and the
handling time, for a period. Metadata only: nothing here opens a sealed value.

Every figure counts the reports **received** in the period (``received_on``), so the breakdowns add up to the same
total. The handling time is that of those reports which are closed (forwarded, or closed with a result): days
from ``received_on`` to ``closed_on``. A report is handled **within the deadline** when it was closed on or before
its due date (extensions included); a report forwarded at triage has no due date and counts as within the
deadline when it was forwarded within the centre's handling days of its receipt (business or calendar days as
the centre counts them).

Each breakdown is one grouped query in the database (``statistics_for`` runs a fixed number of queries, whatever
the number of reports).
"""

import datetime
import statistics as stats
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.accounts.queries import role_units
from proactive.core import deadlines
from proactive.reporting.enums import OPEN_STATES, Outcome, ReportField, ReportType
from proactive.reporting.models import CentreSettings, Report
from proactive.reporting.queries import bodies_handled_by, city_root
from proactive.reporting.queries.handling import centre_settings, overdue_q

CENTRE_OPENED = datetime.date(2022, 5, 18)  # Busan's centre opened on the city website (DOMAIN.md §4.9)

# The body groups of Busan's 2022 analysis: city headquarters and affiliated bodies, 구·군, corporations, other.
GROUP_CITY = "city"
GROUP_DISTRICT = "district"
GROUP_CORPORATION = "corporation"
GROUP_OTHER = "other"
GROUP_OF_KIND = {
    OrgUnitKind.CITY: GROUP_CITY,
    OrgUnitKind.AFFILIATE: GROUP_CITY,
    OrgUnitKind.DISTRICT: GROUP_DISTRICT,
    OrgUnitKind.CORPORATION: GROUP_CORPORATION,
}


def group_labels() -> dict[str, str]:
    return {
        GROUP_CITY: _("City headquarters and affiliated bodies"),
        GROUP_DISTRICT: _("Districts (구·군)"),
        GROUP_CORPORATION: _("Public corporations (공사·공단)"),
        GROUP_OTHER: _("Other bodies (outside the organisation chart)"),
    }


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    year: int | None = None  # set when the period is a calendar year

    @property
    def slug(self) -> str:
        return str(self.year) if self.year else f"{self.start.isoformat()}-{self.end.isoformat()}"

    def __str__(self) -> str:
        return str(self.year) if self.year else f"{self.start.isoformat()} – {self.end.isoformat()}"


def year_period(year: int) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), year)


@dataclass
class Row:
    key: str
    label: str
    count: int
    share: int = 0  # per cent of the breakdown's total, rounded
    bar: int = 0  # per cent of the breakdown's largest row (the bar's length), rounded
    group: str = ""  # for the per-body rows: the body's group


@dataclass
class HandlingTime:
    closed: int = 0
    mean_days: float | None = None
    median_days: float | None = None
    within: int = 0
    share_within: int | None = None  # per cent of the closed reports handled within the deadline


@dataclass
class Statistics:
    period: Period
    total: int
    by_type: list[Row]
    by_field: list[Row]
    by_group: list[Row]
    by_body: list[Row]
    by_month: list[Row]
    by_outcome: list[Row]
    handling: HandlingTime
    open_count: int = 0
    overdue_count: int = 0
    all_bodies: bool = True
    breakdowns: list[tuple[str, str, list[Row]]] = field(default_factory=list)  # (key, title, rows), for exports


# --- Scope --------------------------------------------------------------------------------------------------


def serves_the_city(user: Any) -> bool:
    """Whether ``user`` is an audit officer of the city's own centre: a membership without a unit (organisation-
    wide), or one within the city's own branches rather than a 구·군, corporation or affiliated body."""
    held = role_units(user, Role.AUDIT_OFFICER) if getattr(user, "is_authenticated", False) else []
    if not held:
        return False
    if any(h.unit_path is None for h in held):
        return True
    root = city_root()
    return root is not None and root.pk in bodies_handled_by(user)


def statistics_scope(user: Any) -> frozenset[int] | None:
    """The bodies whose reports ``user`` counts: None (every body) for the city's audit officers, who run the
    centre and answer for its figures; otherwise the bodies the user handles (a 구·군's audit officer counts that
    구·군's reports only)."""
    return None if serves_the_city(user) else bodies_handled_by(user)


def scoped_reports(scope: frozenset[int] | None) -> QuerySet[Report]:
    reports = Report.objects.all()
    return reports if scope is None else reports.filter(body_id__in=scope)


def report_years(scope: frozenset[int] | None, today: datetime.date | None = None) -> list[int]:
    """The years one may choose, newest first: from the centre's opening (or an earlier first report) to this
    year, at most eleven years."""
    this_year = (today or timezone.localdate()).year
    first = scoped_reports(scope).aggregate(first=Min("received_on"))["first"]
    start = max(min(first.year if first else this_year, CENTRE_OPENED.year, this_year), this_year - 10)
    return list(range(this_year, start - 1, -1))


# --- Rows ---------------------------------------------------------------------------------------------------


def _rows(pairs: Iterable[tuple[str, str, int]], *, keep_zero: bool = False) -> list[Row]:
    rows = [Row(key=k, label=label, count=n) for k, label, n in pairs if n or keep_zero]
    total = sum(r.count for r in rows)
    largest = max((r.count for r in rows), default=0)
    for r in rows:
        r.share = round(100 * r.count / total) if total else 0
        r.bar = round(100 * r.count / largest) if largest else 0
    return rows


def _language() -> str:
    return (translation.get_language() or "ko").split("-")[0]


def _months(period: Period) -> list[datetime.date]:
    months = []
    day = period.start.replace(day=1)
    while day <= period.end:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def _month_key(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date().replace(day=1)
    if isinstance(value, str):  # a back end that returns the truncated date as text
        return datetime.date.fromisoformat(value[:10]).replace(day=1)
    return value.replace(day=1)


def _handling(
    groups: Iterable[tuple[datetime.date, datetime.date, datetime.date | None, int]], settings: CentreSettings
) -> HandlingTime:
    """Mean, median and share within the deadline from the closed reports grouped by (received, closed, due)."""
    durations: list[int] = []
    within = 0
    for received, closed, due, n in groups:
        days = (closed - received).days
        durations.extend([days] * n)
        limit = due or deadlines.add_days(received, settings.handling_days, business=settings.business_days)
        if closed <= limit:
            within += n
    if not durations:
        return HandlingTime()
    return HandlingTime(
        closed=len(durations),
        mean_days=round(sum(durations) / len(durations), 1),
        median_days=float(stats.median(durations)),
        within=within,
        share_within=round(100 * within / len(durations)),
    )


def statistics_for(*, period: Period, scope: frozenset[int] | None, today: datetime.date | None = None) -> Statistics:
    """The centre's figures for ``period`` over the bodies in ``scope`` (None: every body). Eight queries."""
    day = today or timezone.localdate()
    language = _language()
    reports = scoped_reports(scope).filter(received_on__gte=period.start, received_on__lte=period.end).order_by()

    type_counts = dict(reports.values_list("report_type").annotate(n=Count("pk")))
    by_type = _rows(((t.value, str(t.label), type_counts.get(t.value, 0)) for t in ReportType), keep_zero=True)
    total = sum(type_counts.values())

    field_counts = dict(reports.values_list("field").annotate(n=Count("pk")))
    by_field = _rows(
        [
            *((f.value, str(f.label), field_counts.get(f.value, 0)) for f in ReportField),
            ("", _("Not triaged yet"), field_counts.get("", 0)),
        ]
    )

    body_counts = list(
        reports.values_list("body_id", "body__name", "body__name_en", "body__kind", "outside_body")
        .annotate(n=Count("pk"))
        .order_by("body__path", "outside_body")
    )
    labels = group_labels()
    group_counts = dict.fromkeys(labels, 0)
    body_pairs: list[tuple[str, str, int, str]] = []
    for body_id, name, name_en, kind, outside, n in body_counts:
        group = GROUP_OTHER if outside else GROUP_OF_KIND.get(kind, GROUP_CITY)
        group_counts[group] += n
        if outside:
            body_pairs.append(("outside", str(labels[GROUP_OTHER]), n, group))
        else:
            body_name = name_en if language == "en" and name_en else name
            body_pairs.append((str(body_id), body_name, n, group))
    by_group = _rows(((g, str(labels[g]), group_counts[g]) for g in labels), keep_zero=True)
    by_body = _rows((k, label, n) for k, label, n, _group in body_pairs)
    for row, (_k, _label, _n, group) in zip(by_body, body_pairs, strict=True):
        row.group = group

    month_counts = {
        _month_key(m): n
        for m, n in reports.annotate(month=TruncMonth("received_on")).values_list("month").annotate(n=Count("pk"))
    }
    by_month = _rows(
        ((m.strftime("%Y-%m"), m.strftime("%Y-%m"), month_counts.get(m, 0)) for m in _months(period)), keep_zero=True
    )

    outcome_counts = dict(reports.values_list("outcome").annotate(n=Count("pk")))
    by_outcome = _rows(
        [
            *((o.value, str(o.label), outcome_counts.get(o.value, 0)) for o in Outcome),
            ("", pgettext("reports not closed yet", "Still open"), outcome_counts.get("", 0)),
        ],
        keep_zero=True,
    )

    closed = (
        reports.filter(closed_on__isnull=False)
        .values_list("received_on", "closed_on", "due_on")
        .annotate(n=Count("pk"))
    )
    handling = _handling(closed, centre_settings())

    live = reports.filter(state__in=OPEN_STATES).aggregate(open=Count("pk"), overdue=Count("pk", filter=overdue_q(day)))
    result = Statistics(
        period=period,
        total=total,
        by_type=by_type,
        by_field=by_field,
        by_group=by_group,
        by_body=by_body,
        by_month=by_month,
        by_outcome=by_outcome,
        handling=handling,
        open_count=live["open"],
        overdue_count=live["overdue"],
        all_bodies=scope is None,
    )
    result.breakdowns = [
        ("type", _("By type"), by_type),
        ("field", _("By field"), by_field),
        ("group", _("By kind of body"), by_group),
        ("body", _("By body"), by_body),
        ("month", _("By month received"), by_month),
        ("outcome", _("By outcome"), by_outcome),
    ]
    return result
