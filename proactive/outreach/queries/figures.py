"""The programme's figures per period (DOMAIN.md §4.10 "KPI snapshot"), read from every domain's own tables with
aggregate queries only: a fixed number of queries (``QUERY_COUNT``) whatever the amount of data, each covering
the period and the one before it at once (conditional aggregates), so the comparison costs nothing more.

Definitions (also printed on the dashboard):

* **cases nominated**: nominations submitted in the period (``submitted_at``), except drafts, withdrawn and
  merged ones;
* **cases selected**: awards with a grade confirmed in the period; **officials rewarded**: distinct officials on
  those cases;
* **opinion requests**, **pre-consultings**, **exemption reviews**: requests and applications submitted in the
  period (``submitted_on``); **passive-administration reports**: reports received in the period (metadata only);
* **mileage granted**: points of grant entries posted in the period; **mileage redeemed**: points reserved for
  rewards in the period less those returned;
* **training hours**: hours attended (person-hours) at sessions held in the period, with the sessions held;
* **campaigns**: promotion activities that started in the period, with their participants and views.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from proactive.consulting.models import ConsultingRequest
from proactive.mileage.enums import EntryKind
from proactive.mileage.models import LedgerEntry
from proactive.nominations.enums import NominationState
from proactive.nominations.models import Award, Nomination, NominationMember
from proactive.opinions.models import OpinionRequest
from proactive.outreach.enums import PeriodKind
from proactive.outreach.models import Activity, Attendance, TrainingSession
from proactive.protection.models import ExemptionApplication
from proactive.reporting.queries.statistics import scoped_reports

QUERY_COUNT = 11
NOT_NOMINATED = (NominationState.DRAFT, NominationState.WITHDRAWN, NominationState.MERGED)


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # inclusive
    year: int = 0
    part: int = 0  # the half (1–2) or quarter (1–4)

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return _("%(year)d") % {"year": self.year}
        if self.kind == PeriodKind.HALF:
            return (_("H1 %(year)d") if self.part == 1 else _("H2 %(year)d")) % {"year": self.year}
        if self.kind == PeriodKind.QUARTER:
            return _("Q%(quarter)d %(year)d") % {"quarter": self.part, "year": self.year}
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        if self.kind == PeriodKind.YEAR:
            return year_period(self.year - 1)
        if self.kind == PeriodKind.HALF:
            return half_period(self.year - 1, 2) if self.part == 1 else half_period(self.year, 1)
        if self.kind == PeriodKind.QUARTER:
            return quarter_period(self.year - 1, 4) if self.part == 1 else quarter_period(self.year, self.part - 1)
        end = self.start - datetime.timedelta(days=1)
        return custom_period(end - datetime.timedelta(days=self.days - 1), end)


def _month_end(year: int, month: int) -> datetime.date:
    first_next = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def year_period(year: int) -> Period:
    return Period(PeriodKind.YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31), year)


def half_period(year: int, half: int) -> Period:
    first = 1 if half == 1 else 7
    return Period(PeriodKind.HALF, datetime.date(year, first, 1), _month_end(year, first + 5), year, half)


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    return Period(PeriodKind.QUARTER, datetime.date(year, first, 1), _month_end(year, first + 2), year, quarter)


def custom_period(start: datetime.date, end: datetime.date) -> Period:
    return Period(PeriodKind.CUSTOM, start, end, start.year)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Any
    unit: Any  # what the number counts ("cases", "points", "hours")


INDICATORS: list[Indicator] = [
    Indicator("nominated", gettext_lazy("Cases nominated"), pgettext_lazy("unit of a figure", "cases")),
    Indicator("selected", gettext_lazy("Cases selected"), pgettext_lazy("unit of a figure", "cases")),
    Indicator("officials", gettext_lazy("Officials rewarded"), pgettext_lazy("unit of a figure", "people")),
    Indicator("opinions", gettext_lazy("Opinion requests"), pgettext_lazy("unit of a figure", "requests")),
    Indicator("consultings", gettext_lazy("Pre-consulting requests"), pgettext_lazy("unit of a figure", "requests")),
    Indicator("exemptions", gettext_lazy("Exemption reviews"), pgettext_lazy("unit of a figure", "applications")),
    Indicator("reports", gettext_lazy("Passive-administration reports"), pgettext_lazy("unit of a figure", "reports")),
    Indicator("mileage_granted", gettext_lazy("Mileage granted"), pgettext_lazy("unit of a figure", "points")),
    Indicator("mileage_redeemed", gettext_lazy("Mileage redeemed"), pgettext_lazy("unit of a figure", "points")),
    Indicator(
        "training_sessions",
        pgettext_lazy("programme figure", "Training sessions"),
        pgettext_lazy("unit of a figure", "sessions"),
    ),
    Indicator("training_hours", gettext_lazy("Training hours"), pgettext_lazy("unit of a figure", "person-hours")),
    Indicator("campaigns", gettext_lazy("Campaigns and promotion"), pgettext_lazy("unit of a figure", "activities")),
    Indicator("campaign_reach", gettext_lazy("Campaign reach"), pgettext_lazy("unit of a figure", "people and views")),
]


@dataclass
class Row:
    indicator: Indicator
    current: int | Decimal
    previous: int | Decimal

    @property
    def change(self) -> int | Decimal:
        return self.current - self.previous

    @property
    def change_percent(self) -> int | None:
        if not self.previous:
            return None
        return round(float(self.change) * 100 / float(self.previous))


@dataclass
class Figures:
    period: Period
    previous: Period
    rows: list[Row] = field(default_factory=list)

    def value(self, key: str) -> int | Decimal:
        return next(r.current for r in self.rows if r.indicator.key == key)

    def as_dict(self) -> dict[str, int | Decimal]:
        return {r.indicator.key: r.current for r in self.rows}


def _moment(day: datetime.date) -> datetime.datetime:
    """Midnight in Seoul at the start of ``day``, as an aware moment."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()), timezone.get_default_timezone())


def _windows(periods: list[Period], field_name: str, *, moments: bool = False) -> dict[int, Q]:
    out = {}
    for index, period in enumerate(periods):
        if moments:
            after = _moment(period.end + datetime.timedelta(days=1))
            out[index] = Q(**{f"{field_name}__gte": _moment(period.start), f"{field_name}__lt": after})
        else:
            out[index] = Q(**{f"{field_name}__range": (period.start, period.end)})
    return out


def _counts(qs: Any, field_name: str, periods: list[Period], *, moments: bool = False, distinct: str = "") -> list:
    """One aggregate query: for each period, the rows of ``qs`` whose ``field_name`` falls in it (or the distinct
    values of ``distinct`` among them)."""
    windows = _windows(periods, field_name, moments=moments)
    any_window = Q()
    for q in windows.values():
        any_window |= q
    counted = distinct or "pk"
    result = qs.filter(any_window).aggregate(
        **{f"p{i}": Count(counted, filter=q, distinct=bool(distinct)) for i, q in windows.items()}
    )
    return [result[f"p{i}"] for i in range(len(periods))]


def _sums(qs: Any, field_name: str, periods: list[Period], sums: dict[str, Any], *, moments: bool = False) -> dict:
    """One aggregate query: for each period and each named total (an aggregate, its expression, an extra filter and
    the zero it falls back to), the value."""
    windows = _windows(periods, field_name, moments=moments)
    any_window = Q()
    for q in windows.values():
        any_window |= q
    aggregates = {}
    for name, (aggregate, expression, extra, zero) in sums.items():
        for i, q in windows.items():
            aggregates[f"{name}_{i}"] = Coalesce(aggregate(expression, filter=q & extra), zero)
    result = qs.filter(any_window).aggregate(**aggregates)
    return {name: [result[f"{name}_{i}"] for i in range(len(periods))] for name in sums}


def raw_figures(periods: list[Period]) -> dict[str, list]:
    """Every indicator for each of ``periods``: ``QUERY_COUNT`` queries, whatever their number or the data's size."""
    values: dict[str, list] = {}
    values["nominated"] = _counts(
        Nomination.objects.exclude(state__in=NOT_NOMINATED), "submitted_at", periods, moments=True
    )
    selected = Award.objects.filter(confirmed_at__isnull=False).exclude(grade="")
    values["selected"] = _counts(selected, "confirmed_at", periods, moments=True)
    winners = NominationMember.objects.filter(nomination__award__confirmed_at__isnull=False).exclude(
        nomination__award__grade=""
    )
    values["officials"] = _counts(
        winners, "nomination__award__confirmed_at", periods, moments=True, distinct="official"
    )
    values["opinions"] = _counts(OpinionRequest.objects.all(), "submitted_on", periods)
    values["consultings"] = _counts(ConsultingRequest.objects.all(), "submitted_on", periods)
    values["exemptions"] = _counts(ExemptionApplication.objects.all(), "submitted_on", periods)
    values["reports"] = _counts(scoped_reports(None), "received_on", periods)
    redeemed_kinds = Q(kind__in=[EntryKind.REDEMPTION, EntryKind.REDEMPTION_RETURN])
    mileage = _sums(
        LedgerEntry.objects.all(),
        "created_at",
        periods,
        {
            "granted": (Sum, "points", Q(kind=EntryKind.GRANT), 0),
            "redeemed": (Sum, "points", redeemed_kinds, 0),
        },
        moments=True,
    )
    values["mileage_granted"] = mileage["granted"]
    values["mileage_redeemed"] = [-v for v in mileage["redeemed"]]  # reservations are negative entries
    values["training_sessions"] = _counts(TrainingSession.objects.all(), "held_on", periods)
    values["training_hours"] = _sums(
        Attendance.objects.all(), "session__held_on", periods, {"hours": (Sum, "hours", Q(), Decimal("0"))}
    )["hours"]
    campaigns = _sums(
        Activity.objects.all(),
        "starts_on",
        periods,
        {
            "count": (Count, "pk", Q(), 0),
            "reach": (Sum, Coalesce("participants", 0) + Coalesce("views", 0), Q(), 0),
        },
    )
    values["campaigns"] = campaigns["count"]
    values["campaign_reach"] = campaigns["reach"]
    return values


def figures_for(period: Period) -> Figures:
    """The indicators of ``period`` beside those of the period before (``QUERY_COUNT`` queries)."""
    previous = period.previous()
    raw = raw_figures([period, previous])
    rows = [Row(indicator, raw[indicator.key][0], raw[indicator.key][1]) for indicator in INDICATORS]
    return Figures(period=period, previous=previous, rows=rows)
