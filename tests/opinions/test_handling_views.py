"""The secretariat's and the audit office's screens: the queue (filters, counts, query count), screening, asking
the audit office, the audit officer's page and answer, tabling, extending; bad input re-rendered; denials."""

import datetime

import pytest
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.opinions.enums import RequestState
from proactive.opinions.services import requests as services
from tests.conftest import login_verified, make_staff
from tests.opinions.support import accepted, auditor, draft, official, on_agenda, queries_of, secretariat, submitted

pytestmark = pytest.mark.django_db
S = RequestState


def step(name, request) -> str:
    return reverse(f"opinions:request-{name}", args=[request.pk])


def detail(request) -> str:
    return reverse("opinions:request-detail", args=[request.pk])


# --- The queue -----------------------------------------------------------------------------------------------


def test_the_queue_lists_submitted_requests_with_filters(client, time_machine):
    time_machine.move_to("2026-03-02 10:00 +09:00")
    handler = secretariat()
    late = accepted(handler=handler, title="전통시장 주차장 임시 사용")
    fresh = submitted(title="공유 킥보드 주차구역 지정")
    hidden = draft(title="아직 작성 중인 요청")
    time_machine.move_to("2026-04-10 10:00 +09:00")
    login_verified(client, handler)
    page = client.get(reverse("opinions:queue")).content.decode()
    assert late.title in page
    assert fresh.title in page
    assert hidden.title not in page  # drafts are the requester's own
    assert "기한 경과" in page
    overdue = client.get(reverse("opinions:queue"), {"overdue": "on"}).content.decode()
    assert late.title in overdue
    assert fresh.title not in overdue
    by_state = client.get(reverse("opinions:queue"), {"state": S.SUBMITTED}).content.decode()
    assert fresh.title in by_state
    assert late.title not in by_state
    search = client.get(reverse("opinions:queue"), {"q": "킥보드 주차"}).content.decode()
    assert fresh.title in search
    assert late.title not in search


@pytest.mark.parametrize("who", ["official", "auditor", "chair", "sysadmin", "superuser"])
def test_only_the_secretariat_opens_the_queue(client, who):
    user = {
        "official": official,
        "auditor": lambda: make_staff(Role.AUDIT_OFFICER),
        "chair": lambda: make_staff(Role.COMMITTEE_CHAIR),
        "sysadmin": lambda: make_staff(Role.SYSADMIN),
        "superuser": lambda: make_staff(Role.SECRETARIAT, is_superuser=True),
    }[who]()
    login_verified(client, user)
    assert client.get(reverse("opinions:queue")).status_code == 403
    assert client.get(reverse("opinions:settings")).status_code == 403


def test_the_queue_query_count_does_not_grow_with_rows(client):
    handler = secretariat()
    submitted()
    login_verified(client, handler)
    few = queries_of(client, reverse("opinions:queue"))
    for index in range(8):
        accepted(handler=handler) if index % 2 else submitted()
    assert queries_of(client, reverse("opinions:queue")) == few
    assert queries_of(client, reverse("opinions:queue"), overdue="on", q="해수욕장") <= few


def test_the_dashboard_shows_the_secretariat_panel(client):
    handler = secretariat()
    submitted()
    login_verified(client, handler)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "검토 대기" in page


# --- Screening -----------------------------------------------------------------------------------------------


def test_screening_accepts_from_the_page(client):
    request = submitted()
    login_verified(client, secretariat())
    data = {
        "screen-decision": "accept",
        "screen-in_scope": "on",
        "screen-interest_checked": "on",
        "screen-facts_sufficient": "on",
    }
    assert client.post(step("screen", request), data).status_code == 302
    request.refresh_from_db()
    assert request.state == S.ACCEPTED


def test_a_bad_screening_is_rerendered_in_korean(client):
    request = submitted()
    login_verified(client, secretariat())
    response = client.post(step("screen", request), {"screen-decision": "accept", "screen-note": "검토 메모"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "대상 사안이고 사적 이해관계를 확인했으며" in page
    assert "검토 메모" in page
    missing = client.post(step("screen", request), {})
    assert missing.status_code == 400
    assert "검토 결과를 선택해 주십시오." in missing.content.decode()


def test_the_requester_cannot_screen_their_own_request(client):
    request = submitted()
    login_verified(client, request.requester)
    assert client.post(step("screen", request), {"screen-decision": "return", "screen-note": "x"}).status_code == 403


def test_screening_twice_is_a_conflict(client):
    request = submitted()
    handler = secretariat()
    services.screen_request(actor=handler, request=request, decision="return", note="보완")
    login_verified(client, handler)
    response = client.post(step("screen", request), {"screen-decision": "reject", "screen-note": "대상 아님"})
    assert response.status_code == 409


# --- The audit office ----------------------------------------------------------------------------------------


def test_the_audit_office_is_asked_and_answers_on_the_page(client):
    handler = secretariat()
    officer = auditor()
    request = accepted(handler=handler)
    login_verified(client, handler)
    bad = client.post(step("ask-audit", request), {"audit-question": "쟁점"})
    assert bad.status_code == 400
    assert "의견을 요청할 감사담당자를 선택해 주십시오." in bad.content.decode()
    assert client.post(step("ask-audit", request), {"audit-audit_officer": officer.pk}).status_code == 302

    login_verified(client, officer)
    listing = client.get(reverse("opinions:audit-list")).content.decode()
    assert request.title in listing
    assert "의견 회신 대기" in listing
    page = client.get(detail(request)).content.decode()
    assert "간사에게 의견 회신" in page
    url = reverse("opinions:audit-opinion", args=[request.pk])
    refused = client.post(url, {"opinion-opinion": "문제 없음"})
    assert refused.status_code == 400
    assert "감사기구의 이의 여부를 선택해 주십시오." in refused.content.decode()
    assert client.post(url, {"opinion-opinion": "문제 없음", "opinion-objects": "no"}).status_code == 302
    request.refresh_from_db()
    assert request.state == S.AUDIT_OPINION_GIVEN
    assert request.audit_objects is False


def test_another_audit_officer_cannot_answer_or_see(client):
    handler = secretariat()
    request = services.ask_audit_opinion(actor=handler, request=accepted(handler=handler), audit_officer=auditor())
    other = auditor()
    login_verified(client, other)
    url = reverse("opinions:audit-opinion", args=[request.pk])
    assert client.post(url, {"opinion-opinion": "x", "opinion-objects": "no"}).status_code == 404
    assert request.title not in client.get(reverse("opinions:audit-list")).content.decode()
    login_verified(client, handler)
    assert client.post(url, {"opinion-opinion": "x", "opinion-objects": "no"}).status_code == 403


def test_the_audit_list_is_for_audit_officers(client):
    login_verified(client, official())
    assert client.get(reverse("opinions:audit-list")).status_code == 403


def test_the_audit_list_query_count_does_not_grow_with_rows(client):
    handler = secretariat()
    officer = auditor()
    services.ask_audit_opinion(actor=handler, request=accepted(handler=handler), audit_officer=officer)
    login_verified(client, officer)
    few = queries_of(client, reverse("opinions:audit-list"))
    for _ in range(5):
        services.ask_audit_opinion(actor=handler, request=accepted(handler=handler), audit_officer=officer)
    assert queries_of(client, reverse("opinions:audit-list")) == few


# --- Tabling and deadlines -----------------------------------------------------------------------------------


def test_tabling_from_the_page(client):
    handler = secretariat()
    request = accepted(handler=handler)
    login_verified(client, handler)
    assert "위원회에 상정" in client.get(detail(request)).content.decode()
    assert client.post(step("table", request)).status_code == 302
    request.refresh_from_db()
    assert request.state == S.ON_AGENDA
    again = client.post(step("table", request))
    assert again.status_code == 409


def test_extending_from_the_page(client, time_machine):
    time_machine.move_to("2026-03-02 10:00 +09:00")
    handler = secretariat()
    request = on_agenda(handler=handler)
    login_verified(client, handler)
    bad = client.post(step("extend", request), {"extend-due_on": "2026-03-20", "extend-reason": "회의 연기"})
    assert bad.status_code == 400
    assert "2026-04-01)보다 늦어야" in bad.content.decode()
    ok = client.post(step("extend", request), {"extend-due_on": "2026-04-20", "extend-reason": "회의 연기"})
    assert ok.status_code == 302
    request.refresh_from_db()
    assert request.due_on == datetime.date(2026, 4, 20)
    assert "회의 연기" in client.get(detail(request)).content.decode()


# --- Settings ------------------------------------------------------------------------------------------------


def test_the_secretariat_changes_the_deadline_rule(client):
    from proactive.opinions.models import OpinionSettings

    login_verified(client, secretariat())
    assert client.get(reverse("opinions:settings")).status_code == 200
    bad = client.post(reverse("opinions:settings"), {"sla_days": "0"})
    assert bad.status_code == 400
    assert client.post(reverse("opinions:settings"), {"sla_days": "20", "business_days": "on"}).status_code == 302
    current = OpinionSettings.current()
    assert (current.sla_days, current.business_days) == (20, True)
