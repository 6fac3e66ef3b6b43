"""The handling screens: who sees what, each step's form, refusals re-rendered, files, identity, query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord
from proactive.reporting.enums import ActionKind, ReportField, ReportState
from proactive.reporting.models import Action, Report
from proactive.reporting.services import handling
from proactive.reporting.services.common import store_attachment
from tests.conftest import login_verified, make_staff
from tests.reporting.support import WHAT, anonymous_report, arrange_centre, named_report

pytestmark = pytest.mark.django_db
S = ReportState


@pytest.fixture
def centre():
    return arrange_centre()


@pytest.fixture
def report(centre):
    return anonymous_report(centre)[0]


def detail(report) -> str:
    return reverse("reporting:report-detail", args=[report.pk])


def step(name, report) -> str:
    return reverse(f"reporting:report-{name}", args=[report.pk])


def investigating(centre, report, assignee=None):
    return handling.start_investigation(
        actor=centre.handler, report=report, assignee=assignee or centre.handler, field=ReportField.ROADS_TRANSPORT
    )


# --- Who sees what -------------------------------------------------------------------------------------------


def test_the_handler_reads_the_report_and_the_view_is_recorded(client, centre, report):
    login_verified(client, centre.handler)
    response = client.get(detail(report))
    assert response.status_code == 200
    page = response.content.decode()
    assert WHAT in page
    assert "조사 시작" in page  # the triage forms of a received report
    assert response["Cache-Control"] == "private, no-store"
    record = AccessRecord.objects.get(action=AccessAction.VIEW, resource=f"reporting.report:{report.pk}")
    assert record.actor == centre.handler
    assert record.reason == ""


def test_a_district_handler_gets_a_404_on_a_city_report(client, centre, report):
    login_verified(client, centre.district_handler)
    assert client.get(detail(report)).status_code == 404
    for name in ("triage", "extend", "finding", "action", "close", "message", "reveal"):
        assert client.post(step(name, report), {"reason": "x"}).status_code == 404, name
    assert report.number not in client.get(reverse("reporting:report-list")).content.decode()


@pytest.mark.parametrize("who", ["sysadmin", "official", "secretariat"])
def test_other_staff_and_officials_cannot_see_reports(client, centre, report, who):
    user = {
        "sysadmin": lambda: make_staff(Role.SYSADMIN),
        "official": lambda: centre.official,
        "secretariat": lambda: make_staff(Role.SECRETARIAT),
    }[who]()
    login_verified(client, user)
    assert client.get(reverse("reporting:report-list")).status_code == 403
    assert client.get(detail(report)).status_code == 404


def test_a_superuser_is_refused_the_queue_and_every_report(client, centre, report):
    superuser = make_staff(Role.AUDIT_OFFICER, unit=centre.audit_team, is_superuser=True)
    login_verified(client, superuser)
    assert client.get(reverse("reporting:report-list")).status_code == 403
    response = client.get(detail(report))
    assert response.status_code == 403
    assert WHAT not in response.content.decode()
    assert client.post(step("triage", report), {"decision": "investigate"}).status_code == 403


def test_steps_are_post_only(client, centre, report):
    login_verified(client, centre.handler)
    for name in ("triage", "extend", "finding", "action", "close", "message", "reveal"):
        assert client.get(step(name, report)).status_code == 405, name


# --- The queue -----------------------------------------------------------------------------------------------


def test_the_queue_lists_metadata_with_counts_and_filters(client, centre, report, time_machine):
    time_machine.move_to("2027-04-30")
    other, _receipt = anonymous_report(centre)
    investigating(centre, other, assignee=centre.colleague)
    time_machine.move_to("2027-05-20")
    login_verified(client, centre.handler)
    page = client.get(reverse("reporting:report-list")).content.decode()
    assert report.number in page
    assert other.number in page
    assert WHAT not in page  # never decrypted in lists
    assert "기한 경과" in page  # the overdue badge
    overdue = client.get(reverse("reporting:report-list"), {"overdue": "on"}).content.decode()
    assert other.number in overdue
    assert report.number not in overdue
    mine = client.get(reverse("reporting:report-list"), {"mine": "on"}).content.decode()
    assert other.number not in mine
    by_state = client.get(reverse("reporting:report-list"), {"state": S.RECEIVED}).content.decode()
    assert report.number in by_state
    assert other.number not in by_state
    searched = client.get(reverse("reporting:report-list"), {"q": other.number}).content.decode()
    assert other.number in searched
    assert report.number not in searched
    by_content = client.get(reverse("reporting:report-list"), {"q": WHAT[:8]}).content.decode()
    assert report.number not in by_content  # the search never looks into the sealed text


def _queries(client, url) -> int:
    client.get(url)  # warm-up: the first request after sign-in renews the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_queue_queries_do_not_grow_with_the_reports(client, centre):
    first, _receipt = anonymous_report(centre)
    investigating(centre, first)
    login_verified(client, centre.handler)
    one = _queries(client, reverse("reporting:report-list"))
    for _i in range(3):
        more, _receipt = anonymous_report(centre)
        investigating(centre, more, assignee=centre.colleague)
    named_report(centre)
    assert _queries(client, reverse("reporting:report-list")) == one


def test_the_dashboard_panel_counts_the_handlers_reports(client, centre, report):
    investigating(centre, anonymous_report(centre)[0])
    anonymous_report(centre, unit=centre.district_dept)  # the district's: not counted for the city
    login_verified(client, centre.handler)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "새 신고" in page  # the panel's counts
    from proactive.reporting.queries.handling import dashboard_counts
    from proactive.reporting.services.common import today

    assert dashboard_counts(centre.handler, today=today()) == {"new": 1, "investigating": 1, "overdue": 0}


# --- The steps -----------------------------------------------------------------------------------------------


def test_the_whole_path_through_the_forms(client, centre, report):
    official = centre.official.official
    login_verified(client, centre.handler)
    response = client.post(
        step("triage", report),
        {
            "decision": "investigate",
            "investigate-assignee": centre.handler.pk,
            "investigate-field": ReportField.ROADS_TRANSPORT,
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == S.INVESTIGATING
    response = client.post(
        step("finding", report), {"finding-result": "substantiated", "finding-findings": "기한을 넘겨 방치함"}
    )
    assert response.status_code == 302
    page = client.get(detail(report)).content.decode()
    assert "조치 등록" in page
    data = {
        "action-TOTAL_FORMS": "3",
        "action-INITIAL_FORMS": "0",
        "action-0-kind": ActionKind.WARNING,
        "action-0-official": official.pk,
        "action-1-kind": ActionKind.CORRECTION_ORDER,
        "action-1-unit": centre.transport_dept.pk,
        "action-1-note": "절차 개선",
    }
    assert client.post(step("action", report), data).status_code == 302
    assert Action.objects.filter(report=report).count() == 2
    response = client.post(step("close", report), {"close-reporter_text": "경고 처분과 시정 요구를 했습니다."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == S.CLOSED
    page = client.get(detail(report)).content.decode()
    assert "경고 처분과 시정 요구를 했습니다." in page
    assert "절차 개선" in page


def test_forwarding_through_the_form(client, centre, report):
    login_verified(client, centre.handler)
    response = client.post(
        step("triage", report),
        {
            "decision": "forward",
            "forward-forwarded_to": centre.transport_dept.pk,
            "forward-field": ReportField.OTHER,
            "forward-reason": "처음 제기된 민원입니다.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == S.FORWARDED


def test_a_refusal_re_renders_the_form_with_what_was_typed(client, centre, report):
    login_verified(client, centre.handler)
    response = client.post(
        step("triage", report),
        {"decision": "forward", "forward-field": ReportField.OTHER, "forward-reason": "입력한 이송 사유"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "입력한 이송 사유" in page
    assert "민원을 이송할 부서를 골라 주십시오." in page
    report.refresh_from_db()
    assert report.state == S.RECEIVED


def test_an_assignee_from_another_body_is_refused_in_the_form(client, centre, report):
    login_verified(client, centre.handler)
    response = client.post(
        step("triage", report),
        {
            "decision": "investigate",
            "investigate-assignee": centre.district_handler.pk,
            "investigate-field": ReportField.OTHER,
        },
    )
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.state == S.RECEIVED


def test_a_step_the_state_does_not_allow_is_a_409(client, centre, report):
    login_verified(client, centre.handler)
    response = client.post(
        step("finding", report), {"finding-result": "substantiated", "finding-findings": "이른 결과"}
    )
    assert response.status_code == 409
    assert "이른 결과" in response.content.decode()


def test_an_extension_earlier_than_the_due_date_is_refused(client, centre, report):
    report = investigating(centre, report)
    login_verified(client, centre.handler)
    earlier = report.due_on.replace(day=1) if report.due_on.day > 1 else report.due_on
    response = client.post(step("extend", report), {"extend-due_on": earlier.isoformat(), "extend-reason": "현장 확인"})
    assert response.status_code == 400
    assert "현장 확인" in response.content.decode()


def test_messages_notes_and_files(client, centre, report):
    login_verified(client, centre.handler)
    upload = SimpleUploadedFile("안내문.txt", "CANARY 첨부".encode(), content_type="text/plain")
    response = client.post(
        step("message", report), {"message-text": "자료를 보내 주세요.", "message-attachments": [upload]}
    )
    assert response.status_code == 302
    response = client.post(step("message", report), {"message-text": "내부 검토 메모", "message-internal": "on"})
    assert response.status_code == 302
    assert client.post(step("message", report), {"message-text": " "}).status_code == 400
    page = client.get(detail(report)).content.decode()
    assert "자료를 보내 주세요." in page
    assert "내부 검토 메모" in page
    assert "안내문.txt" in page


# --- Files ---------------------------------------------------------------------------------------------------


def test_a_file_is_decrypted_and_sent_as_a_download(client, centre, report):
    upload = SimpleUploadedFile("증빙 자료.txt", "신고 증빙 내용".encode(), content_type="text/plain")
    attachment = store_attachment(report=report, uploaded_file=upload, from_reporter=True)
    url = reverse("reporting:attachment", args=[report.pk, attachment.pk])
    login_verified(client, centre.handler)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == "신고 증빙 내용".encode()
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AccessRecord.objects.filter(resource__startswith=f"reporting.attachment:{attachment.pk}").exists()
    client.logout()
    login_verified(client, centre.district_handler)
    assert client.get(url).status_code == 404
    other, _receipt = anonymous_report(centre)
    login_verified(client, centre.handler)
    assert client.get(reverse("reporting:attachment", args=[other.pk, attachment.pk])).status_code == 404


# --- Identity ------------------------------------------------------------------------------------------------


def test_the_assignee_sees_a_named_reporters_identity(client, centre):
    report = named_report(centre)
    investigating(centre, report, assignee=centre.handler)
    login_verified(client, centre.handler)
    page = client.get(detail(report)).content.decode()
    assert centre.citizen.email in page
    assert "신원 보기" not in page


def test_a_colleague_reveals_the_identity_with_a_reason_for_this_response_only(client, centre):
    report = named_report(centre)
    investigating(centre, report, assignee=centre.handler)
    login_verified(client, centre.colleague)
    page = client.get(detail(report)).content.decode()
    assert centre.citizen.email not in page
    assert "신원 보기" in page
    refused = client.post(step("reveal", report), {"reveal-reason": ""})
    assert refused.status_code == 400
    assert centre.citizen.email not in refused.content.decode()
    response = client.post(step("reveal", report), {"reveal-reason": "사실 확인을 위한 연락"})
    assert response.status_code == 200
    assert centre.citizen.email in response.content.decode()
    record = AccessRecord.objects.get(action=AccessAction.REVEAL)
    assert record.actor == centre.colleague
    assert record.reason == "사실 확인을 위한 연락"
    assert centre.citizen.email not in client.get(detail(report)).content.decode()  # not shown for ever


def test_an_anonymous_report_has_no_reveal_form(client, centre, report):
    login_verified(client, centre.handler)
    page = client.get(detail(report)).content.decode()
    assert "신원 보기" not in page
    assert client.post(step("reveal", report), {"reveal-reason": "확인"}).status_code == 400


def test_the_report_list_is_in_the_menu_for_audit_officers(client, centre):
    login_verified(client, centre.handler)
    assert reverse("reporting:report-list") in client.get(reverse("web:dashboard")).content.decode()


def test_unknown_report_is_a_404(client, centre):
    login_verified(client, centre.handler)
    assert client.get(reverse("reporting:report-detail", args=[Report.objects.count() + 999])).status_code == 404
