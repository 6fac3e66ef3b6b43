"""The reporting centre's demo data (proactive/demo/reporting.py), on top of the whole demo, loaded once."""

import datetime
from collections import Counter
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.models import User
from proactive.demo.reporting import CENTRE_OPENED, DEMO_RECEIPTS, demo_receipt, write_reporting_demo
from proactive.reporting.enums import CaseStudyState, ReportField, ReportState
from proactive.reporting.models import CaseStudy, Report
from proactive.reporting.queries import bodies_handled_by
from proactive.reporting.queries.statistics import Period, statistics_for
from proactive.reporting.services.common import content_of
from proactive.reporting.services.intake import find_by_receipt
from tests.conftest import login_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="module")
def demo(loaded_demo):
    """The whole demo, loaded once for every module of tests/demo (conftest.py)."""
    accounts = (loaded_demo.path / "demo-accounts.txt").read_text(encoding="utf-8")
    return SimpleNamespace(output=loaded_demo.output, accounts=accounts)


def test_about_sixty_reports_from_the_centres_opening_in_every_state(demo):
    reports = Report.objects.all()
    today = timezone.localdate()

    assert 55 <= reports.count() <= 60
    assert "Reporting centre demo: " in demo.output
    assert {r.state for r in reports} == set(ReportState.values)
    first = reports.order_by("received_on").first()
    assert first is not None
    assert CENTRE_OPENED <= first.received_on <= datetime.date(2022, 12, 31)
    assert all(r.received_on <= today for r in reports)
    assert all(r.closed_on is None or r.received_on <= r.closed_on <= today for r in reports)
    # Numbered by the year received, in the order received.
    assert first.number == f"{first.received_on.year}-000001"


def test_the_reports_are_spread_like_busans_2022_analysis(demo):
    stats = statistics_for(period=Period(CENTRE_OPENED, timezone.localdate()), scope=None)
    groups = {row.key: row.count for row in stats.by_group}
    fields = {row.key: row.count for row in stats.by_field}

    assert groups["district"] > groups["city"] > groups["corporation"] >= groups["other"] > 0
    assert set(fields) >= set(ReportField.values)
    assert fields[ReportField.ROADS_TRANSPORT] == max(v for k, v in fields.items() if k != ReportField.OTHER)
    assert stats.handling.closed > 30
    assert 50 < stats.handling.share_within < 100  # mostly on time, a few late
    assert stats.overdue_count >= 1


def test_the_receipts_printed_for_visitors_open_their_reports(demo):
    for key, description in DEMO_RECEIPTS:
        shown = " ".join(demo_receipt(key)[i : i + 4] for i in range(0, 16, 4))
        assert f"{shown}  {description}" in demo.accounts
        report = find_by_receipt(shown)
        assert report is not None, key
        assert report.is_anonymous
    states = {key: find_by_receipt(demo_receipt(key)).state for key, _ in DEMO_RECEIPTS}  # type: ignore[union-attr]
    assert states == {"waiting": "received", "question": "investigating", "closed": "closed"}


def test_the_reports_content_is_sealed_and_opens(demo):
    report = Report.objects.order_by("pk").first()
    assert report is not None

    what = content_of(report)["what"]
    assert len(what) >= 20
    assert what.encode()[:24] not in bytes(report.content)  # not in the clear


def test_each_audit_office_has_work_and_sees_only_its_own_body(demo):
    auditor = User.objects.get(username="auditor")
    district_auditor = User.objects.get(username="district_auditor")
    district_bodies = bodies_handled_by(district_auditor)

    haeundae = Report.objects.filter(body__name="해운대구").values_list("body_id", flat=True).first()
    assert list(district_bodies) == [haeundae]
    states = Counter(Report.objects.filter(body_id__in=district_bodies).values_list("state", flat=True))
    assert states["received"] >= 1
    assert states["investigating"] >= 1
    city = Counter(Report.objects.filter(body_id__in=bodies_handled_by(auditor)).values_list("state", flat=True))
    for state in ("received", "investigating", "substantiated", "action_taken", "closed", "forwarded"):
        assert city[state] >= 1, state
    overdue = Report.objects.filter(state="investigating", due_on__lt=timezone.localdate())
    assert overdue.exists()


def test_two_case_studies_are_published(demo):
    published = CaseStudy.objects.filter(state=CaseStudyState.PUBLISHED)

    assert published.count() == 2
    assert len({c.title for c in published}) == 2
    assert all(c.report_id and c.anonymisation_confirmed and c.published_on for c in published)
    assert CaseStudy.objects.filter(state=CaseStudyState.DRAFT).count() == 1


def test_the_citizen_has_named_reports(demo):
    assert Report.objects.filter(reporter__username="citizen", is_anonymous=False).count() >= 2


def test_the_statistics_page_shows_the_demo(client, demo):
    login_verified(client, User.objects.get(username="auditor"))

    response = client.get(reverse("reporting:statistics"), {"date_from": "2022-05-18", "date_to": "2026-12-31"})

    assert response.status_code == 200
    assert response.context["stats"].total == Report.objects.filter(received_on__lte="2026-12-31").count()


def test_writing_the_demo_again_writes_nothing(demo):
    before = Report.objects.count()

    again = write_reporting_demo()

    assert again.created == 0
    assert len(again.receipts) == len(DEMO_RECEIPTS)
    assert Report.objects.count() == before
