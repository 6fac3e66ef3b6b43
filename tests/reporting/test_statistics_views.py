"""The statistics page and its exports: who may open them, the period form, the reason for an export."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord
from proactive.web.navigation import menu_for
from tests.conftest import login_verified, make_staff
from tests.reporting.support import anonymous_report, arrange_centre
from tests.reporting.test_statistics_support import add_bodies, closed_report, day, forwarded_report, settle

pytestmark = pytest.mark.django_db
URL = reverse("reporting:statistics")


@pytest.fixture
def centre():
    return arrange_centre()


def export_url(fmt: str, query: str = "year=2025") -> str:
    return reverse("reporting:statistics-export", args=[fmt]) + "?" + query


def test_the_citys_audit_officer_sees_this_years_figures_by_default(client, centre):
    closed_report(centre)
    anonymous_report(centre, unit=centre.district_dept)
    login_verified(client, centre.handler)

    response = client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    stats = response.context["stats"]
    assert stats.period.year == timezone.localdate().year
    assert stats.total == 2
    assert "해운대구" in page
    assert "기관 구분별" in page  # the kinds of body: shown to the city, which counts every body
    assert 'class="reporting-bar reporting-bar-w100' in page
    assert 'aria-hidden="true"' in page
    assert "style=" not in page  # strict CSP: the bars' widths are classes


def test_a_districts_audit_officer_sees_only_its_own_reports(client, centre):
    anonymous_report(centre)
    anonymous_report(centre, unit=centre.district_dept)
    login_verified(client, centre.district_handler)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["stats"].total == 1
    assert "부산광역시" not in [row.label for row in response.context["stats"].by_body]
    assert "기관 구분별" not in response.content.decode()


@pytest.mark.parametrize("who", ["official", "citizen"])
def test_others_may_not_see_the_statistics(client, centre, who):
    login_verified(client, getattr(centre, who))

    assert client.get(URL).status_code == 403
    assert client.get(export_url("csv")).status_code == 403
    assert client.post(export_url("csv"), {"reason": "보고"}).status_code == 403


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECRETARIAT])
def test_staff_outside_the_audit_office_may_not_see_the_statistics(client, centre, role):
    login_verified(client, make_staff(role))

    assert client.get(URL).status_code == 403


def test_a_superuser_may_not_see_the_statistics(client, centre):
    login_verified(client, make_staff(Role.AUDIT_OFFICER, is_superuser=True))

    assert client.get(URL).status_code == 403
    assert client.get(export_url("csv")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_period_of_dates_takes_precedence_over_the_year(client, centre):
    settle(anonymous_report(centre)[0], received_on=day("2025-03-10"))
    settle(anonymous_report(centre)[0], received_on=day("2025-06-10"))
    login_verified(client, centre.handler)

    response = client.get(URL, {"year": "2025", "date_from": "2025-03-01", "date_to": "2025-03-31"})

    assert response.status_code == 200
    assert response.context["stats"].total == 1


def test_a_wrong_period_is_refused_with_what_was_typed(client, centre):
    login_verified(client, centre.handler)

    response = client.get(URL, {"date_from": "2025-05-01", "date_to": "2025-04-01"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "종료일은 시작일보다 앞설 수 없습니다." in page
    assert 'value="2025-05-01"' in page
    assert response.context["stats"] is None


def test_one_date_alone_is_refused(client, centre):
    login_verified(client, centre.handler)

    response = client.get(URL, {"date_from": "2025-05-01"})

    assert response.status_code == 400
    assert "모두 입력하거나" in response.content.decode()


def test_an_export_asks_for_the_reason_first(client, centre):
    login_verified(client, centre.handler)

    response = client.get(export_url("csv"))

    assert response.status_code == 200
    assert "report-statistics-2025.csv" in response.content.decode()
    assert not AccessRecord.objects.exists()


def test_an_export_without_a_reason_is_refused(client, centre):
    login_verified(client, centre.handler)

    response = client.post(export_url("csv"), {"reason": "  "})

    assert response.status_code == 400
    assert "내보내기 사유를 입력해 주세요." in response.content.decode()
    assert not AccessRecord.objects.exists()


def test_an_export_with_a_reason_sends_the_figures_and_records_the_access(client, centre):
    settle(closed_report(centre), received_on=day("2025-03-03"), closed_on=day("2025-03-07"))
    settle(forwarded_report(centre), received_on=day("2025-04-01"), closed_on=day("2025-04-02"))
    login_verified(client, centre.handler)

    response = client.post(export_url("csv"), {"reason": "상반기 감사위원회 보고"})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('report-statistics-2025.csv"')
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode("utf-8-sig")
    assert "유형별,업무해태,2,100" in text
    assert "처리 기간,종결된 신고,2," in text
    record = AccessRecord.objects.get()
    assert (record.action, record.reason, record.actor) == (
        AccessAction.EXPORT,
        "상반기 감사위원회 보고",
        centre.handler,
    )
    assert record.resource == "report-statistics-2025.csv"


def test_an_excel_export_of_a_period_of_dates(client, centre):
    login_verified(client, centre.handler)

    response = client.post(export_url("xlsx", "date_from=2025-01-01&date_to=2025-06-30"), {"reason": "분기 보고"})

    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert AccessRecord.objects.get().resource == "report-statistics-2025-01-01-2025-06-30.xlsx"


def test_an_unknown_format_is_not_found(client, centre):
    login_verified(client, centre.handler)

    assert client.get(export_url("pdf")).status_code == 404


def _queries(client, url) -> int:
    client.get(url)  # warm-up: the first request after sign-in renews the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_statistics_page_takes_the_same_number_of_queries_whatever_the_number_of_reports(
    client, centre, django_assert_max_num_queries
):
    bodies = add_bodies(centre)
    closed_report(centre)
    login_verified(client, centre.handler)
    one = _queries(client, URL)
    for unit in (centre.district_dept, bodies["corporation_dept"], bodies["affiliate_dept"]):
        closed_report(centre, unit=unit)
        forwarded_report(centre, unit=unit)
    assert _queries(client, URL) == one
    with django_assert_max_num_queries(one):
        client.get(URL)


def _menu_urls(user) -> set[str]:
    return {item["url"] for section in menu_for(user) for item in section["items"]}


def test_the_menu_offers_statistics_to_audit_officers_only(centre):
    assert URL in _menu_urls(centre.handler)
    assert URL in _menu_urls(centre.district_handler)
    assert URL not in _menu_urls(centre.official)
