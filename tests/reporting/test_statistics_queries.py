"""The statistics' figures: breakdowns, handling time, scope, period, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proactive.reporting import crypto
from proactive.reporting.enums import ActionKind, Outcome, ReportField, ReportType
from proactive.reporting.models import CentreSettings
from proactive.reporting.queries.statistics import (
    GROUP_CITY,
    GROUP_CORPORATION,
    GROUP_DISTRICT,
    GROUP_OTHER,
    Period,
    report_years,
    statistics_for,
    statistics_scope,
    year_period,
)
from tests.reporting.support import anonymous_report, arrange_centre
from tests.reporting.test_statistics_support import (
    add_bodies,
    closed_report,
    day,
    forwarded_report,
    investigating_report,
    settle,
)

pytestmark = pytest.mark.django_db
YEAR = year_period(2025)


@pytest.fixture
def centre():
    return arrange_centre()


def counts(rows) -> dict[str, int]:
    return {row.key: row.count for row in rows}


def test_statistics_break_the_reports_down_by_type_field_body_month_and_outcome(centre):
    bodies = add_bodies(centre)
    city = closed_report(centre, report_type=ReportType.PERFUNCTORY, kinds=(ActionKind.WARNING,))
    settle(city, received_on=day("2025-03-04"), closed_on=day("2025-03-10"), due_on=day("2025-03-13"))
    district = closed_report(centre, unit=centre.district_dept, substantiated=False, field=ReportField.WELFARE)
    settle(district, received_on=day("2025-03-20"), closed_on=day("2025-04-20"), due_on=day("2025-04-01"))
    corporation = forwarded_report(centre, unit=bodies["corporation_dept"], report_type=ReportType.DESK_BOUND)
    settle(corporation, received_on=day("2025-07-01"), closed_on=day("2025-07-02"))
    affiliate = anonymous_report(centre, unit=bodies["affiliate_dept"], report_type=ReportType.SELF_SERVING)[0]
    settle(affiliate, received_on=day("2025-12-31"))
    outside = anonymous_report(centre, unit=None, outside_body="부산항만공사")[0]
    settle(outside, received_on=day("2025-01-01"))
    last_year = anonymous_report(centre)[0]
    settle(last_year, received_on=day("2024-12-31"))

    stats = statistics_for(period=YEAR, scope=None, today=day("2026-01-15"))

    assert stats.total == 5
    assert counts(stats.by_type) == {
        ReportType.PERFUNCTORY: 1,
        ReportType.NEGLECT: 2,  # the district's and the outside body's
        ReportType.DESK_BOUND: 1,
        ReportType.SELF_SERVING: 1,
        ReportType.OTHER: 0,
    }
    assert counts(stats.by_field) == {
        ReportField.ROADS_TRANSPORT: 1,
        ReportField.WELFARE: 1,
        ReportField.GENERAL_ADMIN: 1,
        "": 2,  # not triaged yet
    }
    assert counts(stats.by_group) == {GROUP_CITY: 2, GROUP_DISTRICT: 1, GROUP_CORPORATION: 1, GROUP_OTHER: 1}
    assert {row.label: row.count for row in stats.by_body} == {
        "부산광역시": 1,
        "해운대구": 1,
        "부산교통공사": 1,
        "부산연구원": 1,
        "기타 기관(조직도 밖)": 1,
    }
    by_month = counts(stats.by_month)
    assert len(by_month) == 12
    assert (by_month["2025-01"], by_month["2025-03"], by_month["2025-07"], by_month["2025-12"]) == (1, 2, 1, 1)
    assert sum(by_month.values()) == 5
    assert counts(stats.by_outcome) == {
        Outcome.FORWARDED: 1,
        Outcome.UNSUBSTANTIATED: 1,
        Outcome.ACTIONED: 1,
        "": 2,
    }
    assert (stats.open_count, stats.overdue_count) == (2, 0)
    march = next(r for r in stats.by_month if r.key == "2025-03")
    assert (march.share, march.bar) == (40, 100)


def test_handling_time_counts_days_from_receipt_to_closing_and_the_deadline_met(centre):
    on_time = closed_report(centre)
    settle(on_time, received_on=day("2025-05-01"), closed_on=day("2025-05-05"), due_on=day("2025-05-12"))
    late = closed_report(centre, substantiated=False)
    settle(late, received_on=day("2025-05-01"), closed_on=day("2025-05-31"), due_on=day("2025-05-20"))
    extended = closed_report(centre)
    settle(extended, received_on=day("2025-06-02"), closed_on=day("2025-06-12"), due_on=day("2025-06-12"))
    # Forwarded at triage: no due date; the centre's 7 business days from receipt (Fri 2025-08-01 → Tue 08-12).
    forwarded_in_time = forwarded_report(centre)
    settle(forwarded_in_time, received_on=day("2025-08-01"), closed_on=day("2025-08-12"))
    forwarded_late = forwarded_report(centre)
    settle(forwarded_late, received_on=day("2025-08-01"), closed_on=day("2025-08-13"))
    investigating_report(centre)  # open: no handling time

    handling = statistics_for(period=YEAR, scope=None).handling

    assert handling.closed == 5
    assert handling.mean_days == round((4 + 30 + 10 + 11 + 12) / 5, 1)
    assert handling.median_days == 11
    assert (handling.within, handling.share_within) == (3, 60)


def test_calendar_days_rule_counts_forwarded_reports_by_calendar_days(centre):
    CentreSettings.objects.filter(pk=CentreSettings.current().pk).update(business_days=False)
    forwarded = forwarded_report(centre)
    settle(forwarded, received_on=day("2025-08-01"), closed_on=day("2025-08-09"))

    assert statistics_for(period=YEAR, scope=None).handling.within == 0


def test_no_closed_report_gives_no_handling_time(centre):
    settle(anonymous_report(centre)[0], received_on=day("2025-02-02"))

    handling = statistics_for(period=YEAR, scope=None).handling

    assert (handling.closed, handling.mean_days, handling.median_days, handling.share_within) == (0, None, None, None)


def test_a_period_of_dates_counts_both_ends(centre):
    for received in ("2025-02-28", "2025-03-01", "2025-03-31", "2025-04-01"):
        settle(anonymous_report(centre)[0], received_on=day(received))

    stats = statistics_for(period=Period(day("2025-03-01"), day("2025-03-31")), scope=None)

    assert stats.total == 2
    assert [r.key for r in stats.by_month] == ["2025-03"]


def test_overdue_counts_open_reports_past_their_due_date(centre):
    report = investigating_report(centre)
    settle(report, received_on=day("2025-09-01"), due_on=day("2025-09-10"))

    assert statistics_for(period=YEAR, scope=None, today=day("2025-09-11")).overdue_count == 1
    assert statistics_for(period=YEAR, scope=None, today=day("2025-09-10")).overdue_count == 0


def test_the_citys_officers_count_every_body_and_a_districts_only_its_own(centre):
    settle(anonymous_report(centre)[0], received_on=day("2025-03-03"))
    settle(anonymous_report(centre, unit=centre.district_dept)[0], received_on=day("2025-03-03"))

    assert statistics_scope(centre.handler) is None
    district_scope = statistics_scope(centre.district_handler)
    assert district_scope == frozenset({centre.district.pk})
    assert statistics_for(period=YEAR, scope=None).total == 2
    mine = statistics_for(period=YEAR, scope=district_scope)
    assert mine.total == 1
    assert [r.label for r in mine.by_body] == ["해운대구"]
    assert not mine.all_bodies


def test_statistics_never_open_a_sealed_value(centre, monkeypatch):
    closed_report(centre)
    forwarded_report(centre)

    def refuse(*args, **kwargs):
        raise AssertionError("statistics opened sealed content")

    for name in ("open_json", "open_text", "open_sealed"):
        monkeypatch.setattr(crypto, name, refuse)

    this_year = year_period(timezone.localdate().year)
    assert statistics_for(period=this_year, scope=None).total == 2


def _queries(period) -> int:
    CentreSettings.current()
    with CaptureQueriesContext(connection) as ctx:
        statistics_for(period=period, scope=None)
    return len(ctx.captured_queries)


def test_statistics_take_the_same_number_of_queries_whatever_the_number_of_reports(centre):
    bodies = add_bodies(centre)
    settle(closed_report(centre), received_on=day("2025-03-03"), closed_on=day("2025-03-05"))
    one = _queries(YEAR)
    for unit in (centre.district_dept, bodies["corporation_dept"], bodies["affiliate_dept"]):
        settle(closed_report(centre, unit=unit), received_on=day("2025-04-03"), closed_on=day("2025-04-09"))
        settle(forwarded_report(centre, unit=unit), received_on=day("2025-05-03"), closed_on=day("2025-05-04"))
    assert _queries(YEAR) == one <= 8


def test_years_run_from_the_centres_opening_or_the_first_report_to_this_year(centre):
    settle(anonymous_report(centre)[0], received_on=day("2021-06-01"))

    assert report_years(None, today=day("2026-02-01")) == [2026, 2025, 2024, 2023, 2022, 2021]
    # The centre opened in 2022: its years are there even before a body's first report.
    assert report_years(frozenset({centre.district.pk}), today=day("2026-02-01")) == [2026, 2025, 2024, 2023, 2022]
    assert report_years(None, today=day("2040-02-01"))[-1] == 2030
