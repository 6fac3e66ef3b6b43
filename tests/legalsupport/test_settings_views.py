"""The settings (caps per stage, the fact-finding deadline: service and page) and the yearly summary with its
CSV and XLSX export (figures, query count, who may)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.audit.models import AuditEvent
from proactive.core.exceptions import PermissionDeniedError
from proactive.legalsupport.enums import Outcome, Stage
from proactive.legalsupport.models import LegalSupportSettings
from proactive.legalsupport.queries import summary_for
from proactive.legalsupport.services import applications as services
from proactive.legalsupport.services.settings import update_settings
from tests.conftest import login_verified
from tests.legalsupport.support import arrange, decided, invoice, pay, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return arrange()


# --- Settings ------------------------------------------------------------------------------------------------


def test_the_defaults_follow_the_mois_guideline():
    settings = LegalSupportSettings(pk=1)
    assert settings.cap_for(Stage.DISCIPLINARY) == 2_000_000
    assert settings.cap_for(Stage.CRIMINAL_INVESTIGATION) == 5_000_000
    assert settings.cap_for(Stage.CRIMINAL_TRIAL) == 5_000_000
    assert settings.cap_for(Stage.CIVIL) is None


def test_the_accountable_officer_changes_a_cap_and_it_is_audited(people):
    update_settings(actor=people.accountable, data={"cap_civil": 8_000_000, "cap_disciplinary": 2_000_000})
    event = AuditEvent.objects.get(verb="legalsupport.settings_changed")
    assert event.changes == {"cap_civil": [None, 8_000_000]}
    update_settings(actor=people.secretariat, data={"cap_civil": 8_000_000})  # nothing changed: nothing written
    assert AuditEvent.objects.filter(verb="legalsupport.settings_changed").count() == 1


def test_others_cannot_change_the_settings(people):
    for outsider in (people.protection, people.official, people.sysadmin):
        with pytest.raises(PermissionDeniedError):
            update_settings(actor=outsider, data={"cap_civil": 1})


def test_a_zero_day_deadline_is_refused(people):
    with pytest.raises(ValidationError):
        update_settings(actor=people.accountable, data={"fact_finding_days": -1})


def test_the_settings_page(client, people):
    login_verified(client, people.secretariat)
    page = client.get(reverse("legalsupport:settings")).content.decode()
    assert "법률 지원 설정" in page
    assert 'value="2000000"' in page
    bad = client.post(
        reverse("legalsupport:settings"),
        {"cap_disciplinary": "이백만", "cap_criminal_investigation": "5000000", "fact_finding_days": "0"},
    )
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "금액은 원 단위 정수로 입력해 주십시오." in page
    assert "1 이상의 수를 입력해 주십시오." in page
    assert 'value="이백만"' in page
    response = client.post(
        reverse("legalsupport:settings"),
        {
            "cap_disciplinary": "2000000",
            "cap_criminal_investigation": "5000000",
            "cap_criminal_trial": "",
            "cap_civil": "",
            "fact_finding_days": "15",
            "business_days": "on",
        },
    )
    assert response.status_code == 302
    settings = LegalSupportSettings.objects.get(pk=1)
    assert (settings.cap_criminal_trial, settings.fact_finding_days) == (None, 15)


@pytest.mark.parametrize("who", ["protection", "official", "other", "sysadmin"])
def test_the_settings_page_is_refused_to_others(client, people, who):
    login_verified(client, getattr(people, who))
    assert client.get(reverse("legalsupport:settings")).status_code == 403


# --- The yearly summary --------------------------------------------------------------------------------------


def _year_of_work(people):
    approved = decided(people)  # disciplinary, 2,000,000 approved
    pay(people, invoice(people, approved), 1_500_000)
    decided(people, Outcome.DENIED)
    submitted(people, stage=Stage.CRIMINAL_INVESTIGATION, amount_requested=4_000_000)
    cancelled = decided(people)
    pay(people, invoice(people, cancelled, number="B-1"), 1_000_000)
    cancelled = services.cancel_support(actor=people.accountable, application=cancelled, reason="허위")
    services.record_refund(
        actor=people.accountable, application=cancelled, amount=1_000_000, received_on=datetime.date.today()
    )


def test_the_summary_counts_and_sums_per_stage(people):
    _year_of_work(people)
    summary = summary_for(datetime.date.today().year)
    rows = {row.stage: row for row in summary.rows}

    disciplinary = rows[Stage.DISCIPLINARY]
    assert (disciplinary.applications, disciplinary.approved, disciplinary.denied, disciplinary.pending) == (3, 2, 1, 0)
    assert disciplinary.approved_amount == 4_000_000
    assert disciplinary.paid == 2_500_000
    assert disciplinary.refunded == 1_000_000
    assert disciplinary.paid_in_year == 2_500_000
    investigation = rows[Stage.CRIMINAL_INVESTIGATION]
    assert (investigation.applications, investigation.pending, investigation.requested) == (1, 1, 4_000_000)
    assert summary.total.applications == 4
    assert summary.total.paid == 2_500_000
    assert summary_for(datetime.date.today().year - 1).total.applications == 0


def test_the_summary_page_and_its_queries(client, people):
    decided(people)
    login_verified(client, people.accountable)
    client.get(reverse("legalsupport:summary"))  # the session's first request does its own one-off reads
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("legalsupport:summary"))
    assert response.status_code == 200
    assert "법률 지원 현황" in response.content.decode()
    _year_of_work(people)
    with CaptureQueriesContext(connection) as more:
        assert client.get(reverse("legalsupport:summary")).status_code == 200
    assert len(more) == len(one)
    page = client.get(reverse("legalsupport:summary")).content.decode()
    assert "징계 절차" in page
    assert "2,500,000원" in page


def test_an_unknown_year_is_refused(client, people):
    login_verified(client, people.accountable)
    response = client.get(reverse("legalsupport:summary"), {"year": "1999"})
    assert response.status_code == 400
    assert "목록에서 연도를 골라 주십시오." in response.content.decode()


def test_the_summary_exports_as_csv_and_xlsx(client, people):
    from openpyxl import load_workbook

    _year_of_work(people)
    year = datetime.date.today().year
    login_verified(client, people.secretariat)

    csv = client.get(reverse("legalsupport:summary-export", args=["csv"]), {"year": year})
    assert csv.status_code == 200
    assert csv["Content-Disposition"].endswith(f'legal-support-{year}.csv"')
    text = csv.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("절차,신청 건수,지원 결정")
    assert lines[1].startswith("징계 절차,3,2,1,0")
    assert lines[-1].startswith("합계,4,2,1,1")

    xlsx = client.get(reverse("legalsupport:summary-export", args=["xlsx"]), {"year": year})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:5] == ["징계 절차", 3, 2, 1, 0]
    assert values[1][7] == 2_500_000


def test_the_export_of_an_unknown_format_is_a_404(client, people):
    login_verified(client, people.accountable)
    assert client.get(reverse("legalsupport:summary-export", args=["pdf"])).status_code == 404


@pytest.mark.parametrize("who", ["official", "other", "sysadmin"])
def test_the_summary_is_refused_to_others(client, people, who):
    login_verified(client, getattr(people, who))
    assert client.get(reverse("legalsupport:summary")).status_code == 403
    assert client.get(reverse("legalsupport:summary-export", args=["csv"])).status_code == 403
