"""Mileage reports by department, activity and month, and their CSV/XLSX export: who may see which departments,
what is counted where, denials, and a constant number of queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from proactive.accounts.enums import Role
from proactive.mileage.enums import EntryKind
from proactive.mileage.models import LedgerEntry
from proactive.mileage.services.expiry import expire_year
from proactive.mileage.services.ledger import post_entry, reverse_entry
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import CitizenFactory, UserFactory
from tests.mileage.test_statements_support import (
    activity_rule,
    deduct,
    grant,
    organisation,
    reserve,
    this_year,
)

pytestmark = pytest.mark.django_db
REPORT = "/mileage/reports/"


def export_url(fmt: str) -> str:
    return reverse("mileage:report-export", args=[fmt])


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def city():
    """Points in three departments of two bureaus, under two activities, plus rewards, a correction and expiry."""
    units = organisation()
    regulation = activity_rule()
    teamwork = activity_rule(code="teamwork", name="부서 간 협업", name_en="Collaboration across departments")
    a = UserFactory(official__unit=units["policy"], official__name="김바다")
    b = UserFactory(official__unit=units["fish"], official__name="이수산")
    c = UserFactory(official__unit=units["care"], official__name="박복지")
    grant(a.official, 10, rule=regulation)
    wrong = grant(a.official, 3, rule=teamwork)
    reverse_entry(actor=None, entry=wrong, memo="중복 부여")
    grant(b.official, 6, rule=teamwork)
    deduct(b.official, 2)
    grant(c.official, 20, rule=regulation)
    reserve(a.official, 4)  # no department recorded: counts for 김바다's department
    grant(a.official, 9, rule=regulation, year=this_year() - 1)  # another year
    return {"units": units, "a": a, "b": b, "c": c, "regulation": regulation, "teamwork": teamwork}


def rows(report_rows) -> dict[str, list[int]]:
    return {row.label: row.figures.as_list() for row in report_rows}


# --- Denials --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.OFFICIAL, Role.HR_OFFICER, Role.REVIEWER, Role.AUDIT_OFFICER, Role.APPEALS_PANEL]
)
def test_reports_and_exports_are_refused_to_other_roles(client, role):
    user = UserFactory() if role == Role.OFFICIAL else make_staff(role)
    login_verified(client, user)
    assert client.get(REPORT).status_code == 403
    assert client.get(export_url("csv")).status_code == 403
    assert client.get(export_url("xlsx")).status_code == 403


def test_a_citizen_is_refused(client):
    client.force_login(CitizenFactory())
    assert client.get(REPORT).status_code == 403
    assert client.get(export_url("csv")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_for_the_export(client):
    response = client.get(export_url("csv"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_staff_without_the_second_factor_are_refused(client, city):
    head = make_staff(Role.SECRETARIAT)
    client.force_login(head)  # signed in, TOTP not done
    assert client.get(REPORT).status_code != 200


def test_reports_refuse_post(client):
    login_verified(client, make_staff(Role.SECRETARIAT))
    assert client.post(REPORT).status_code == 405
    assert client.post(export_url("csv")).status_code == 405


# --- What is counted where ------------------------------------------------------------------------------------------


def test_the_secretariat_sees_every_department(client, city):
    login_verified(client, make_staff(Role.SECRETARIAT))
    response = client.get(REPORT)
    assert response.status_code == 200
    report = response.context["report"]
    # granted, deducted, corrections, redeemed, expired, net
    assert rows(report.by_unit) == {
        "Ocean Policy": [13, 0, -3, 4, 0, 6],
        "Fisheries Policy": [6, 2, 0, 0, 0, 4],
        "Welfare Policy": [20, 0, 0, 0, 0, 20],
    }
    assert report.total.as_list() == [39, 2, -3, 4, 0, 30]
    assert rows(report.by_activity) == {
        "Regulation improved": [30, 0, 0, 0, 0, 30],
        "Collaboration across departments": [9, 0, -3, 0, 0, 6],
        "No activity (rewards, expiry, other entries)": [0, 2, 0, 4, 0, -6],
    }
    this_month = timezone.localdate().strftime("%Y-%m")
    assert rows(report.by_month) == {this_month: [39, 2, -3, 4, 0, 30]}
    html = response.content.decode()
    assert "Ocean Policy" in html
    assert "Welfare Policy" in html
    for name in ("김바다", "이수산", "박복지"):
        assert name not in html  # aggregated figures only


def test_a_department_head_sees_only_their_department(client, city):
    head = make_staff(Role.DEPARTMENT_HEAD, unit=city["units"]["fish"])
    login_verified(client, head)
    report = client.get(REPORT).context["report"]
    assert list(rows(report.by_unit)) == ["Fisheries Policy"]
    assert report.total.as_list() == [6, 2, 0, 0, 0, 4]


def test_a_bureau_chief_sees_the_departments_below_their_bureau(client, city):
    chief = make_staff(Role.BUREAU_CHIEF, unit=city["units"]["sea"])
    login_verified(client, chief)
    response = client.get(REPORT)
    assert set(rows(response.context["report"].by_unit)) == {"Ocean Policy", "Fisheries Policy"}
    assert "Welfare" not in response.content.decode()  # not even as a filter choice


def test_a_head_cannot_ask_for_a_department_outside_their_scope(client, city):
    head = make_staff(Role.DEPARTMENT_HEAD, unit=city["units"]["fish"])
    login_verified(client, head)
    response = client.get(REPORT, {"year": this_year(), "unit": city["units"]["care"].pk, "month": "3"})
    assert response.status_code == 400
    assert response.context["report"] is None
    assert "Choose a department you may see reports for." in response.content.decode()
    assert response.context["form"]["month"].value() == "3"  # what was typed is kept
    response = client.get(export_url("csv"), {"unit": city["units"]["care"].pk})
    assert response.status_code == 400


def test_filters_by_department_activity_year_and_month(client, city):
    login_verified(client, make_staff(Role.SECRETARIAT))
    sea = city["units"]["sea"].pk
    report = client.get(REPORT, {"unit": sea}).context["report"]
    assert set(rows(report.by_unit)) == {"Ocean Policy", "Fisheries Policy"}
    report = client.get(REPORT, {"activity": city["teamwork"].activity_id}).context["report"]
    assert report.total.as_list() == [9, 0, -3, 0, 0, 6]
    report = client.get(REPORT, {"year": this_year() - 1}).context["report"]
    assert rows(report.by_unit) == {"Ocean Policy": [9, 0, 0, 0, 0, 9]}
    other_month = 1 if timezone.localdate().month != 1 else 2
    report = client.get(REPORT, {"month": other_month}).context["report"]
    assert report.by_unit == []
    assert client.get(REPORT, {"month": timezone.localdate().month}).context["report"].total.net == 30


def test_bad_filters_are_explained_and_kept(client, city):
    login_verified(client, make_staff(Role.SECRETARIAT))
    response = client.get(REPORT, {"year": "1999", "month": "13"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose one of the years in the list." in html
    assert "Choose a month from 1 to 12." in html


def test_expiry_counts_for_the_officials_department(client, city):
    expire_year(actor=None, year=this_year())
    login_verified(client, make_staff(Role.SECRETARIAT))
    report = client.get(REPORT).context["report"]
    by_unit = rows(report.by_unit)
    # Last year's 9 unspent points expire with this year's: the expiry entry counts towards this year.
    assert by_unit["Ocean Policy"] == [13, 0, -3, 4, 15, -9]
    assert by_unit["Welfare Policy"] == [20, 0, 0, 0, 20, 0]
    last_year = client.get(REPORT, {"year": this_year() - 1}).context["report"]
    assert report.total.net + last_year.total.net == 0  # nothing is left anywhere


def test_an_entry_without_department_counts_for_the_officials_current_department(client, city):
    adjustment = post_entry(
        actor=None, official=city["c"].official, kind=EntryKind.ADJUSTMENT, points=2, year=this_year()
    )
    assert adjustment.unit_id is None
    head = make_staff(Role.DEPARTMENT_HEAD, unit=city["units"]["care"])
    login_verified(client, head)
    assert rows(client.get(REPORT).context["report"].by_unit) == {"Welfare Policy": [20, 0, 2, 0, 0, 22]}


# --- Export ---------------------------------------------------------------------------------------------------------


def test_csv_export_has_the_three_breakdowns_and_no_names(client, city):
    login_verified(client, make_staff(Role.SECRETARIAT))
    response = client.get(export_url("csv"), {"unit": city["units"]["sea"].pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"mileage-report-{this_year()}-SEA.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "Breakdown,Item,Granted,Deducted,Corrections,Redeemed,Expired,Net"
    assert "Department,Ocean Policy,13,0,-3,4,0,6" in lines
    assert "Department,Fisheries Policy,6,2,0,0,0,4" in lines
    assert "Activity,Regulation improved,10,0,0,0,0,10" in lines
    assert lines[-1] == "Total,,19,2,-3,4,0,10"
    for name in ("김바다", "이수산"):
        assert name not in text


def test_xlsx_export_opens_in_a_spreadsheet(client, city):
    head = make_staff(Role.DEPARTMENT_HEAD, unit=city["units"]["care"])
    login_verified(client, head)
    response = client.get(export_url("xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Breakdown", "Item", "Granted"]
    assert ["Department", "Welfare Policy", 20, 0, 0, 0, 0, 20] in values
    assert values[-1] == ["Total", None, 20, 0, 0, 0, 0, 20]


def test_an_unknown_format_is_a_404(client):
    login_verified(client, make_staff(Role.SECRETARIAT))
    assert client.get(reverse("mileage:report-export", args=["pdf"])).status_code == 404


def test_the_page_links_to_the_export_with_its_filters(client, city):
    login_verified(client, make_staff(Role.SECRETARIAT))
    html = client.get(REPORT, {"month": "5"}).content.decode()
    assert f'href="/mileage/reports/export.csv?month=5&amp;year={this_year()}"' in html


# --- Cost -----------------------------------------------------------------------------------------------------------


def _count(client, url: str, data=None) -> int:
    client.get(url, data)  # warm-up: the first request after sign-in renews the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, data).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.DEPARTMENT_HEAD])
def test_the_report_costs_the_same_queries_whatever_the_data(client, role, django_assert_max_num_queries):
    units = organisation()
    user = make_staff(role, unit=units["sea"] if role == Role.DEPARTMENT_HEAD else None)
    login_verified(client, user)
    empty = _count(client, REPORT)
    rule = activity_rule()
    for unit in ("policy", "fish", "care"):
        for _n in range(3):
            official = UserFactory(official__unit=units[unit]).official
            grant(official, 3, rule=rule)
            reserve(official, 1)
            deduct(official, 1)
    LedgerEntry.objects.filter(points=3).update(created_at=timezone.now() - datetime.timedelta(days=40))
    full = _count(client, REPORT)
    export = _count(client, export_url("csv"))
    assert empty == full
    assert export <= full
    with django_assert_max_num_queries(full):
        client.get(REPORT, {"unit": units["policy"].pk})


def test_the_report_names_departments_and_activities_in_korean_by_default(client, city):
    client.cookies.clear()
    login_verified(client, make_staff(Role.SECRETARIAT))
    report = client.get(REPORT).context["report"]
    assert {row.label for row in report.by_unit} == {"해양정책과", "수산정책과", "복지정책과"}
    assert "규제 개선" in {row.label for row in report.by_activity}
