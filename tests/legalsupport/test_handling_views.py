"""The staff screens: the queue (filters, counts, query count), fact-finding, the committee page (tabling within the
cap, the approved amount), invoices and payments (over-payment refused on the page), closing, cancellation and
refund, the dashboard panels; every refusal re-rendered with the reason and what was typed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.legalsupport.enums import ApplicationState, Stage
from proactive.legalsupport.models import Application
from tests.conftest import login_verified
from tests.legalsupport.support import arrange, checked, decided, draft, invoice, pay, submitted, tabled

pytestmark = pytest.mark.django_db
S = ApplicationState
TODAY = datetime.date.today


@pytest.fixture
def people():
    return arrange()


def url(name, application=None, *args):
    return reverse(f"legalsupport:{name}", args=[application.pk, *args] if application is not None else args)


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# --- The queue -----------------------------------------------------------------------------------------------


def test_the_queue_lists_lodged_applications_with_filters(client, people, time_machine):
    time_machine.move_to("2027-03-02 10:00 +09:00")
    late = submitted(people)
    retired = submitted(people, actor=people.protection, official=people.retired)
    investigation = checked(people, stage=Stage.CRIMINAL_INVESTIGATION)
    a_draft = draft(people)
    time_machine.move_to("2027-04-30 10:00 +09:00")

    login_verified(client, people.accountable)
    page = client.get(url("queue")).content.decode()
    for application in (late, retired, investigation):
        assert application.receipt_number in page
    assert f'href="{url("detail", a_draft)}"' not in page  # drafts are the applicant's own
    assert "일 지남" in page  # the overdue countdown
    overdue = client.get(url("queue"), {"overdue": "on"}).content.decode()
    assert late.receipt_number in overdue
    assert investigation.receipt_number not in overdue
    by_stage = client.get(url("queue"), {"stage": Stage.CRIMINAL_INVESTIGATION}).content.decode()
    assert investigation.receipt_number in by_stage
    assert late.receipt_number not in by_stage
    only_retired = client.get(url("queue"), {"retired": "on"}).content.decode()
    assert retired.receipt_number in only_retired
    assert late.receipt_number not in only_retired
    by_name = client.get(url("queue"), {"q": "박퇴직"}).content.decode()
    assert retired.receipt_number in by_name
    assert late.receipt_number not in by_name
    by_year = client.get(url("queue"), {"year": "2027"}).content.decode()
    assert late.receipt_number in by_year


def test_the_queue_queries_do_not_grow_with_the_applications(client, people):
    submitted(people)
    login_verified(client, people.secretariat)
    client.get(url("queue"))  # the session's first request does its own one-off reads
    one = _queries(client, url("queue"))
    for _i in range(3):
        submitted(people)
    checked(people)
    decided(people)
    submitted(people, actor=people.protection, official=people.retired)
    assert _queries(client, url("queue")) == one


@pytest.mark.parametrize("who", ["official", "other", "sysadmin"])
def test_the_queue_is_refused_to_everyone_else(client, people, who):
    login_verified(client, getattr(people, who))
    assert client.get(url("queue")).status_code == 403


def test_the_dashboard_panels(client, people):
    submitted(people)
    checked(people)
    login_verified(client, people.accountable)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "사실조사 대상" in page
    assert "사실조사하기" in page
    login_verified(client, people.secretariat)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "상정 대기" in page
    login_verified(client, people.official)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "나의 법률 지원" in page


# --- Fact-finding --------------------------------------------------------------------------------------------


def fact_form(**overrides):
    values = {
        "findings": "인사위원회 회부 서류와 계약 서류를 확인했습니다.",
        "private_interest": "no",
        "intent_or_gross_negligence": "no",
        "recommendation": "support",
        "recommended_amount": "2000000",
    }
    values.update(overrides)
    return values


def test_the_accountable_officer_records_the_report_on_its_page(client, people):
    application = submitted(people)
    login_verified(client, people.accountable)
    page = client.get(url("fact-finding", application)).content.decode()
    assert "사실조사 보고서 등록" in page
    assert "일 남음" in page
    response = client.post(url("fact-finding", application), fact_form())
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == S.FACTS_CHECKED
    assert application.fact_finding.recommended_amount == 2_000_000


def test_a_report_with_bad_input_is_shown_again_with_what_was_typed(client, people):
    application = submitted(people)
    login_verified(client, people.accountable)
    response = client.post(url("fact-finding", application), fact_form(private_interest="", recommended_amount="많이"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "사적 이해관계가 있었는지 골라 주십시오." in page
    assert "금액은 원 단위 정수로 입력해 주십시오." in page
    assert "인사위원회 회부 서류와 계약 서류를 확인했습니다." in page


def test_the_protection_officer_and_the_secretariat_read_the_report_but_the_official_does_not(client, people):
    application = checked(people)
    for reader in (people.protection, people.secretariat):
        login_verified(client, reader)
        page = client.get(url("fact-finding", application)).content.decode()
        assert "사적 이해관계는 없었습니다" in page
        assert client.post(url("fact-finding", application), fact_form()).status_code == 403
    login_verified(client, people.official)
    assert client.get(url("fact-finding", application)).status_code == 403
    assert "사적 이해관계는 없었습니다" not in client.get(url("detail", application)).content.decode()


def test_the_deadline_is_extended_on_the_page(client, people):
    application = submitted(people)
    login_verified(client, people.accountable)
    bad = client.post(url("extend", application), {"extend-due_on": "", "extend-reason": "자료 회신 대기"})
    assert bad.status_code == 400
    assert "자료 회신 대기" in bad.content.decode()
    later = application.due_on + datetime.timedelta(days=7)
    response = client.post(
        url("extend", application), {"extend-due_on": later.isoformat(), "extend-reason": "자료 회신 대기"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.due_on == later
    login_verified(client, people.secretariat)
    assert (
        client.post(url("extend", application), {"extend-due_on": "2030-01-01", "extend-reason": "x"}).status_code
        == 403
    )


# --- The committee page --------------------------------------------------------------------------------------


def test_the_secretariat_tables_and_an_amount_over_the_cap_is_explained(client, people):
    application = checked(people, amount_requested=3_000_000)
    login_verified(client, people.secretariat)
    page = client.get(url("committee", application)).content.decode()
    assert "위원회 상정" in page
    assert 'value="2000000"' in page  # the suggestion: the request, capped

    refused = client.post(
        url("table", application), {"table-stage": Stage.DISCIPLINARY, "table-proposed_amount": "2500000"}
    )
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "지원 한도를 넘습니다" in page
    assert "2,000,000원" in page
    assert 'value="2500000"' in page  # what was typed stays

    response = client.post(
        url("table", application), {"table-stage": Stage.DISCIPLINARY, "table-proposed_amount": "2000000"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == S.BEFORE_COMMITTEE
    assert "회의 배정 대기" in client.get(url("committee", application)).content.decode()


def test_the_committee_page_shows_the_decision_and_its_meeting(client, people):
    application = decided(people, resolution="원안대로 지원하기로 의결함")
    login_verified(client, people.official)
    page = client.get(url("committee", application)).content.decode()
    assert application.decision_number in page
    assert "원안대로 지원하기로 의결함" in page
    assert "2,000,000원" in page
    assert "결정서 PDF를 만들고 있습니다." in page
    assert "위원회 결정 금액 기록" not in page  # the official reads; the secretariat corrects


def test_the_secretariat_corrects_the_approved_amount_and_over_the_cap_is_refused(client, people):
    application = decided(people)
    login_verified(client, people.secretariat)
    refused = client.post(url("amount", application), {"amount-amount": "2500000", "amount-reason": "수정 의결"})
    assert refused.status_code == 400
    assert "지원 한도를 넘습니다" in refused.content.decode()
    response = client.post(url("amount", application), {"amount-amount": "1700000", "amount-reason": "수정 의결"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.approved_amount == 1_700_000


def test_tabling_is_for_the_secretariat_only(client, people):
    application = checked(people)
    for who in (people.accountable, people.protection, people.official):
        login_verified(client, who)
        response = client.post(url("table", application), {"table-stage": "disciplinary", "table-proposed_amount": "1"})
        assert response.status_code == 403


def test_the_secretariat_asks_for_the_pdf_again(client, people, monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(
        "proactive.legalsupport.services.decisions.queue_rendering", lambda pk, kind: queued.append((pk, kind))
    )
    application = decided(people)
    login_verified(client, people.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("render", application)).status_code == 302
    assert queued == [(application.pk, "decision")]
    login_verified(client, people.official)
    assert client.post(url("render", application)).status_code == 403


# --- Invoices and payments -----------------------------------------------------------------------------------


def test_invoices_and_payments_on_the_page(client, people):
    application = decided(people)
    login_verified(client, people.accountable)
    response = client.post(
        url("invoice-add", application),
        {
            "invoice-number": "2026-041",
            "invoice-issued_on": TODAY().isoformat(),
            "invoice-issuer": "법무법인 해온",
            "invoice-amount": "2200000",
        },
    )
    assert response.status_code == 302
    target = application.invoices.get()
    prefix = f"pay{target.pk}"
    over = client.post(
        url("payment-add", application, target.pk),
        {f"{prefix}-paid_on": TODAY().isoformat(), f"{prefix}-amount": "2100000", f"{prefix}-method": "to_lawyer"},
    )
    page = over.content.decode()
    assert over.status_code == 400
    assert "지급 총액이 지원 결정 금액을 넘게 됩니다" in page
    assert 'value="2100000"' in page
    ok = client.post(
        url("payment-add", application, target.pk),
        {f"{prefix}-paid_on": TODAY().isoformat(), f"{prefix}-amount": "2000000", f"{prefix}-method": "to_lawyer"},
    )
    assert ok.status_code == 302
    page = client.get(url("payments", application)).content.decode()
    assert "2,000,000원 지급" in page
    assert "미지급 200,000원" in page


def test_a_bad_invoice_is_shown_again(client, people):
    application = decided(people)
    login_verified(client, people.accountable)
    future = (TODAY() + datetime.timedelta(days=5)).isoformat()
    response = client.post(
        url("invoice-add", application),
        {
            "invoice-number": "A-1",
            "invoice-issued_on": future,
            "invoice-issuer": "법무법인 해온",
            "invoice-amount": "1000",
        },
    )
    assert response.status_code == 400
    assert "청구일은 오늘 이후일 수 없습니다." in response.content.decode()


def test_the_official_reads_the_payments_but_records_nothing(client, people):
    application = decided(people)
    pay(people, invoice(people, application), 500_000)
    login_verified(client, people.official)
    page = client.get(url("payments", application)).content.decode()
    assert "500,000원 지급" in page
    assert "청구서 기록" not in page
    target = application.invoices.get()
    assert client.post(url("payment-add", application, target.pk), {}).status_code == 403
    assert client.post(url("invoice-add", application), {}).status_code == 403
    login_verified(client, people.other)
    assert client.get(url("payments", application)).status_code == 404


def test_a_payment_against_another_applications_invoice_is_a_404(client, people):
    application = decided(people)
    other = decided(people)
    foreign = invoice(people, other, number="Z-1")
    login_verified(client, people.accountable)
    assert client.post(url("payment-add", application, foreign.pk), {}).status_code == 404


def test_closing_as_settled(client, people):
    application = decided(people)
    login_verified(client, people.accountable)
    assert client.post(url("close", application), {"close-note": "전액 지급 완료"}).status_code == 302
    application.refresh_from_db()
    assert application.state == S.CLOSED
    assert client.post(url("close", application), {"close-note": ""}).status_code == 409


# --- Cancellation and refund ---------------------------------------------------------------------------------


def test_cancellation_and_refund_on_the_page(client, people):
    application = decided(people)
    pay(people, invoice(people, application), 1_000_000)
    login_verified(client, people.accountable)
    assert "지원 취소" in client.get(url("cancel", application)).content.decode()
    no_reason = client.post(url("cancel", application), {"cancel-reason": "", "cancel-refund_due": ""})
    assert no_reason.status_code == 400
    assert "취소 사유를 적어 주십시오." in no_reason.content.decode()
    too_much = client.post(url("cancel", application), {"cancel-reason": "허위 청구", "cancel-refund_due": "1500000"})
    assert too_much.status_code == 400
    assert "지급한 금액(1,000,000원)보다 많을 수 없습니다" in too_much.content.decode()
    assert (
        client.post(url("cancel", application), {"cancel-reason": "허위 청구", "cancel-refund_due": ""}).status_code
        == 302
    )
    application.refresh_from_db()
    assert (application.state, application.refund_due) == (S.CANCELLED, 1_000_000)

    response = client.post(
        url("refund", application),
        {"refund-amount": "1000000", "refund-received_on": TODAY().isoformat(), "refund-reference": "세입-0042"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == S.CLOSED
    page = client.get(url("cancel", application)).content.decode()
    assert "세입-0042" in page


def test_cancellation_is_refused_to_others(client, people):
    application = decided(people)
    for who in (people.secretariat, people.protection, people.official):
        login_verified(client, who)
        assert client.post(url("cancel", application), {"cancel-reason": "허위"}).status_code == 403
        assert client.post(url("refund", application), {}).status_code == 403


@pytest.mark.parametrize("name", ["fact-finding", "committee", "payments", "cancel"])
def test_staff_pages_are_404_for_another_official_and_the_sysadmin(client, people, name):
    application = decided(people)
    for who in (people.other, people.sysadmin):
        login_verified(client, who)
        assert client.get(url(name, application)).status_code == 404


def test_staff_steps_are_post_only(client, people):
    application = decided(people)
    login_verified(client, people.accountable)
    for name in ("extend", "table", "amount", "render", "invoice-add", "close", "refund"):
        assert client.get(url(name, application)).status_code == 405, name


def test_the_applications_states_filter_lists_each_state(client, people):
    tabled(people)
    login_verified(client, people.accountable)
    page = client.get(url("queue"), {"state": S.BEFORE_COMMITTEE}).content.decode()
    assert "위원회 상정" in page
    assert Application.objects.filter(state=S.BEFORE_COMMITTEE).count() == 1
