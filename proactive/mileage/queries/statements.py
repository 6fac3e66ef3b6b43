"""Reads of the statements area: an official's statement and dashboard panel, and the reports by department,
activity and month for department heads, bureau chiefs and the secretariat.

The statement reads only index-backed rows of ONE official (the ledger's (account, year) index, the appeals',
claim shares' and redemptions' official foreign keys), in a fixed number of queries whatever the ledger's size.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from proactive.accounts.enums import Role
from proactive.accounts.models import OrgUnit
from proactive.accounts.queries import role_units
from proactive.accounts.rules import is_secretariat
from proactive.mileage.enums import AppealState, ClaimState, EntryKind, RedemptionState
from proactive.mileage.models import ActivityType, Appeal, ClaimShare, LedgerEntry, MileagePolicy, Redemption
from proactive.mileage.services.expiry import expiry_source, points_to_expire

PER_PAGE = 20
OPEN_APPEAL_STATES = (AppealState.FILED, AppealState.UNDER_REVIEW)
# Claims not yet approved or rejected (nor withdrawn): their shares are pending points.
PENDING_CLAIM_STATES = (ClaimState.CLAIMED, ClaimState.GRANTED, ClaimState.CHECKED)
# Rewards whose points are reserved and not yet paid out or returned.
RESERVED_STATES = (RedemptionState.RESERVED, RedemptionState.IN_BATCH)
# Decisions an official may appeal from their statement (a grant's amount, a deduction).
APPEALABLE_KINDS = (EntryKind.GRANT, EntryKind.DEDUCTION)
# Pages of the other mileage areas (plain paths: those areas are built alongside this one).
CLAIM_NEW_PATH = "/mileage/claims/new/"
REDEEM_PATH = "/mileage/redeem/"
APPEAL_NEW_PATH = "/mileage/appeals/new/"
PROGRAMME_START_YEAR = 2023  # Busan piloted mileage in 2023 (DOMAIN.md §4.5)


def _policy(year: int, policies: dict[int, MileagePolicy]) -> MileagePolicy:
    """The year's policy, or the defaults a policy would have (reads never create one)."""
    return policies.get(year) or MileagePolicy(year=year)


def _language() -> str:
    return (translation.get_language() or "ko").split("-")[0]


def activity_label(activity: ActivityType | None, language: str | None = None) -> str:
    if activity is None:
        return ""
    return activity.display_name(language)


def _source_labels() -> dict[str, str]:
    return {
        "claim": _("Claim no. %(ref)s"),
        "redemption": _("Reward request no. %(ref)s"),
        "reward": _("Reward request"),  # the reserving entry; its reference is the reward option's number
        "award": _("Selected as a best practice (award no. %(ref)s)"),
        "appeal": _("Appeal no. %(ref)s"),
        "expiry": _("Year-end expiry of %(ref)s"),
    }


def source_label(source: str, labels: dict[str, str] | None = None) -> str:
    """What posted an entry, in words: ``claim:12`` → "Claim no. 12"; unknown sources are shown as they are."""
    prefix, _sep, reference = source.partition(":")
    labels = labels if labels is not None else _source_labels()
    if reference and prefix in labels:
        return labels[prefix] % {"ref": reference}
    return source


# --- The official's statement -----------------------------------------------------------------------------------


@dataclass
class Statement:
    year: int
    balance: int
    held: int
    entry_count: int
    page_obj: Page
    page_range: list
    pending: list[ClaimShare]
    reserved: list[Redemption]
    policy: MileagePolicy
    expiring: int  # points that expire at the end of ``year`` if not redeemed
    expired_this_year: bool  # the year-end expiry of ``year`` has already run for this official
    links: dict[str, str] = field(default_factory=dict)

    @property
    def available(self) -> int:
        return max(0, self.balance - self.held)

    @property
    def pending_points(self) -> int:
        return sum(share.points for share in self.pending)

    @property
    def reserved_points(self) -> int:
        return sum(redemption.points for redemption in self.reserved)

    @property
    def expires_on(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def can_redeem(self) -> bool:
        return self.available >= self.policy.min_redeem_points


def _ledger_totals(official_id: int, year: int) -> dict[str, int]:
    """Balance, points counted towards ``year`` or earlier, number of entries, and whether this year's expiry ran:
    one aggregate over the official's entries (the (account, year) index)."""
    totals = LedgerEntry.objects.filter(account__official_id=official_id).aggregate(
        balance=Sum("points"),
        up_to=Sum("points", filter=Q(year__lte=year)),
        count=Count("pk"),
        expired=Count("pk", filter=Q(kind=EntryKind.EXPIRY, source=expiry_source(year))),
    )
    return {key: int(value or 0) for key, value in totals.items()}


def _open_appeals(official_id: int) -> list[tuple[int | None, int]]:
    """(entry id, points disputed) of the official's open appeals."""
    return list(
        Appeal.objects.filter(official_id=official_id, state__in=OPEN_APPEAL_STATES)
        .order_by()
        .values_list("entry_id", "points_disputed")
    )


def _page_number(paginator: Paginator, number: Any) -> int:
    try:
        return paginator.validate_number(number)
    except PageNotAnInteger:
        return 1
    except EmptyPage:
        return paginator.num_pages


def _history_page(official_id: int, count: int, number: Any) -> tuple[Page, list]:
    """The requested page of the official's entries, newest first. The count comes from the totals query, and the
    page is read even when empty, so the page costs the same number of queries for every official."""
    entries = (
        LedgerEntry.objects.filter(account__official_id=official_id)
        .select_related("rule__activity")
        .order_by("-created_at", "-pk")
    )
    paginator = Paginator(entries, PER_PAGE)
    paginator.count = count  # known already: spare the paginator its COUNT query
    current = _page_number(paginator, number)
    bottom = (current - 1) * PER_PAGE
    page = Page(list(entries[bottom : bottom + PER_PAGE]), current, paginator)
    return page, list(paginator.get_elided_page_range(current, on_each_side=2, on_ends=1))


def _describe_entries(
    entries: Iterable[LedgerEntry], policies: dict[int, MileagePolicy], under_appeal: set[int], today: datetime.date
) -> None:
    """Give each entry its activity and source labels and, for grants and deductions, whether (and where) the
    official may still appeal it: within the appeal window of the entry's year, unless an appeal is open."""
    language = _language()
    labels = _source_labels()
    for entry in entries:
        activity = entry.rule.activity if entry.rule else None
        entry.activity_label = activity_label(activity, language)  # type: ignore[attr-defined]
        entry.source_label = source_label(entry.source, labels)  # type: ignore[attr-defined]
        entry.appeal_url = ""  # type: ignore[attr-defined]
        entry.appeal_note = ""  # type: ignore[attr-defined]
        if entry.kind not in APPEALABLE_KINDS:
            continue
        window = _policy(entry.year, policies).appeal_window_days
        last_day = timezone.localdate(entry.created_at) + datetime.timedelta(days=window)
        if entry.pk in under_appeal:
            entry.appeal_note = _("Under appeal")  # type: ignore[attr-defined]
        elif today <= last_day:
            entry.appeal_url = f"{APPEAL_NEW_PATH}?entry={entry.pk}"  # type: ignore[attr-defined]
            entry.appeal_last_day = last_day  # type: ignore[attr-defined]


def statement_for(official_id: int, *, page: Any = None, today: datetime.date | None = None) -> Statement:
    """The official's statement in six queries, whatever the size of their ledger or of the whole ledger."""
    today = today or timezone.localdate()
    year = today.year
    totals = _ledger_totals(official_id, year)
    page_obj, page_range = _history_page(official_id, totals["count"], page)
    appeals = _open_appeals(official_id)
    held = sum(points for _entry, points in appeals)
    years = {year} | {entry.year for entry in page_obj}
    policies = {p.year: p for p in MileagePolicy.objects.filter(year__in=years)}
    _describe_entries(page_obj, policies, {entry for entry, _points in appeals if entry}, today)
    pending = list(
        ClaimShare.objects.filter(official_id=official_id, claim__state__in=PENDING_CLAIM_STATES)
        .select_related("claim__rule__activity")
        .order_by("-claim__created_at", "-pk")
    )
    for share in pending:
        share.activity_label = activity_label(share.claim.rule.activity)  # type: ignore[attr-defined]
    reserved = list(
        Redemption.objects.filter(official_id=official_id, state__in=RESERVED_STATES)
        .select_related("option")
        .order_by("-created_at", "-pk")
    )
    policy = _policy(year, policies)
    expired = totals["expired"] > 0
    expiring = 0
    if policy.expires_at_year_end and not expired:
        expiring = points_to_expire(up_to_year=totals["up_to"], balance=totals["balance"], held=held)
    return Statement(
        year=year,
        balance=totals["balance"],
        held=held,
        entry_count=totals["count"],
        page_obj=page_obj,
        page_range=page_range,
        pending=pending,
        reserved=reserved,
        policy=policy,
        expiring=expiring,
        expired_this_year=expired,
        links={"claim": CLAIM_NEW_PATH, "redeem": REDEEM_PATH},
    )


def balance_panel(user: Any) -> dict[str, Any]:
    """The official's dashboard panel: balance and available points (two index-backed queries)."""
    if not user.is_authenticated or user.official_id is None:
        return {"balance": 0, "available": 0, "held": 0}
    balance = int(
        LedgerEntry.objects.filter(account__official_id=user.official_id).aggregate(s=Sum("points"))["s"] or 0
    )
    held = sum(points for _entry, points in _open_appeals(user.official_id))
    return {"balance": balance, "available": max(0, balance - held), "held": held}


# --- Reports by department, activity and month -----------------------------------------------------------------


@dataclass
class Figures:
    """Points by what happened to them. Deducted, redeemed and expired are shown as positive amounts; corrections
    (adjustments and reversals) keep their sign; ``net`` is the sum of the entries."""

    granted: int = 0
    deducted: int = 0
    corrected: int = 0
    redeemed: int = 0
    expired: int = 0

    def add(self, kind: str, points: int) -> None:
        if kind == EntryKind.GRANT:
            self.granted += points
        elif kind == EntryKind.DEDUCTION:
            self.deducted -= points
        elif kind in (EntryKind.REDEMPTION, EntryKind.REDEMPTION_RETURN):
            self.redeemed -= points
        elif kind == EntryKind.EXPIRY:
            self.expired -= points
        else:  # adjustments and reversals
            self.corrected += points

    def merge(self, other: "Figures") -> None:
        for name in ("granted", "deducted", "corrected", "redeemed", "expired"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def net(self) -> int:
        return self.granted - self.deducted + self.corrected - self.redeemed - self.expired

    def as_list(self) -> list[int]:
        return [self.granted, self.deducted, self.corrected, self.redeemed, self.expired, self.net]


@dataclass
class ReportRow:
    key: Any
    label: str
    figures: Figures = field(default_factory=Figures)


@dataclass
class Report:
    year: int
    by_unit: list[ReportRow]
    by_activity: list[ReportRow]
    by_month: list[ReportRow]
    total: Figures


@dataclass(frozen=True)
class ScopeUnit:
    pk: int
    code: str
    name: str
    path: str
    depth: int


def report_scope(user: Any) -> list[str] | None:
    """Unit paths whose figures ``user`` may see: ``None`` for every unit (the secretariat), else the units the
    user heads as department head or bureau chief and everything below them."""
    if is_secretariat.test(user):
        return None
    holds = role_units(user, Role.DEPARTMENT_HEAD) + role_units(user, Role.BUREAU_CHIEF)
    return sorted({h.unit_path for h in holds if h.unit_path})


def scope_units(scope: list[str] | None) -> list[ScopeUnit]:
    """The units in the scope, in tree order (one query)."""
    qs = OrgUnit.objects.all()
    if scope is not None:
        condition = Q(pk__in=[])
        for path in scope:
            condition |= Q(path__startswith=path)
        qs = qs.filter(condition)
    language = _language()
    return [
        ScopeUnit(pk, code, name_en if language == "en" and name_en else name, path, depth)
        for pk, code, name, name_en, path, depth in qs.order_by("path").values_list(
            "pk", "code", "name", "name_en", "path", "depth"
        )
    ]


def report_years(today: datetime.date | None = None) -> list[int]:
    """Years to report on, newest first: the programme's years up to this one and every year with a policy."""
    this_year = (today or timezone.localdate()).year
    years = set(range(PROGRAMME_START_YEAR, this_year + 1))
    years.update(MileagePolicy.objects.values_list("year", flat=True))
    return sorted(years, reverse=True)


def report_activities() -> list[ActivityType]:
    return list(ActivityType.objects.order_by("order", "code"))


def _month_range(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end


def _halves(
    base: QuerySet[LedgerEntry], unit_ids: list[int] | None
) -> tuple[QuerySet[LedgerEntry], QuerySet[LedgerEntry]]:
    """Entries that name the department they count against, and those that do not (rewards, for instance), which
    count for their official's current department. Two queries instead of a join over every entry."""
    attributed = base.filter(unit__isnull=False)
    unattributed = base.filter(unit__isnull=True)
    if unit_ids is not None:
        attributed = attributed.filter(unit_id__in=unit_ids)
        unattributed = unattributed.filter(account__official__unit_id__in=unit_ids)
    return attributed, unattributed


def _sums(qs: QuerySet[LedgerEntry], unit_key: str) -> list[tuple[int, int | None, datetime.date, str, int]]:
    """(department, activity, month posted, kind, points) for ``qs``: one aggregate query, so one pass over the
    entries gives all three breakdowns."""
    rows = (
        qs.values("kind", unit_group=F(unit_key), activity_group=F("rule__activity_id"), month=TruncMonth("created_at"))
        .annotate(points=Sum("points"))
        .order_by()
    )
    return [
        (
            row["unit_group"],
            row["activity_group"],
            timezone.localtime(row["month"]).date(),
            row["kind"],
            int(row["points"] or 0),
        )
        for row in rows
    ]


def mileage_report(
    *,
    year: int,
    unit_ids: list[int] | None,
    activity_id: int | None = None,
    month: int | None = None,
    units: Iterable[ScopeUnit] = (),
    activities: Iterable[ActivityType] = (),
) -> Report:
    """Points of ``year`` (the year they count towards) in the given units (``None``: all) by department, by
    activity and by month of posting: two aggregate queries. ``units`` and ``activities`` (loaded for the filters
    already) name the rows."""
    base = LedgerEntry.objects.filter(year=year)
    if activity_id is not None:
        base = base.filter(rule__activity_id=activity_id)
    if month is not None:
        start, end = _month_range(year, month)
        base = base.filter(created_at__gte=start, created_at__lt=end)
    attributed, unattributed = _halves(base, unit_ids)

    by_unit: dict[int, Figures] = {}
    by_activity: dict[int | None, Figures] = {}
    by_month: dict[datetime.date, Figures] = {}
    for half, unit_key in ((attributed, "unit_id"), (unattributed, "account__official__unit_id")):
        for unit, activity, month_start, kind, points in _sums(half, unit_key):
            by_unit.setdefault(unit, Figures()).add(kind, points)
            by_activity.setdefault(activity, Figures()).add(kind, points)
            by_month.setdefault(month_start, Figures()).add(kind, points)

    language = _language()
    named = {u.pk: u for u in units}
    unit_rows = sorted(
        (ReportRow(pk, named[pk].name if pk in named else str(pk), f) for pk, f in by_unit.items()),
        key=lambda row: named[row.key].path if row.key in named else "",
    )
    order = {a.pk: (i, activity_label(a, language)) for i, a in enumerate(activities)}
    activity_rows = sorted(
        (
            ReportRow(pk, order[pk][1] if pk in order else _("No activity (rewards, expiry, other entries)"), f)
            for pk, f in by_activity.items()
        ),
        key=lambda row: order.get(row.key, (len(order), ""))[0],
    )
    month_rows = [ReportRow(start, start.strftime("%Y-%m"), f) for start, f in sorted(by_month.items())]
    total = Figures()
    for figures in by_unit.values():
        total.merge(figures)
    return Report(year=year, by_unit=unit_rows, by_activity=activity_rows, by_month=month_rows, total=total)
