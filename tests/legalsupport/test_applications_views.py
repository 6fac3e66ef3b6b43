"""The applicant's screens: my applications (query count), the form (drafts, bad input kept, submission refused
with the reasons next to the fields), one application's page, withdrawal, comments, files, the decision PDF
download, and who gets a 404 or a 403."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from proactive.accounts.enums import Role
from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord
from proactive.documents.services import store_upload
from proactive.legalsupport.enums import ApplicationState, Stage
from proactive.legalsupport.models import Application
from proactive.legalsupport.rules import DECISION_PURPOSE
from tests.conftest import login_verified, make_staff
from tests.legalsupport.support import ACT, arrange, decided, draft, pdf, submitted

pytestmark = pytest.mark.django_db
S = ApplicationState


@pytest.fixture
def people():
    return arrange()


def url(name, application=None, *args):
    return reverse(f"legalsupport:{name}", args=[application.pk, *args] if application is not None else args)


def form_data(**overrides):
    values = {
        "stage": Stage.DISCIPLINARY,
        "authority": "부산광역시 인사위원회",
        "case_number": "2026-징계-017",
        "act": ACT,
        "proactive_reason": "시민 안전을 위한 긴급 조치였습니다.",
        "facts": "징계 의결 요구를 받았습니다.",
        "support_kinds": ["lawyer_fee"],
        "amount_requested": "2500000",
        "action": "submit",
    }
    values.update(overrides)
    return values


# --- My applications -----------------------------------------------------------------------------------------


def test_my_applications_lists_mine_and_those_i_filed(client, people):
    mine = submitted(people)
    filed = draft(people, actor=people.protection, official=people.retired)
    someone_elses = draft(people, actor=people.other)

    login_verified(client, people.official)
    page = client.get(url("mine")).content.decode()
    assert mine.receipt_number in page
    assert "박퇴직" not in page
    assert f'href="{url("detail", someone_elses)}"' not in page

    login_verified(client, people.protection)
    page = client.get(url("mine")).content.decode()
    assert "박퇴직" in page
    assert "퇴직" in page
    assert f'href="{url("detail", filed)}"' in page


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_my_applications_queries_do_not_grow_with_the_rows(client, people):
    submitted(people)
    login_verified(client, people.official)
    client.get(url("mine"))  # the session's first request does its own one-off reads
    one = _queries(client, url("mine"))
    for _i in range(4):
        submitted(people)
    draft(people)
    assert _queries(client, url("mine")) == one


def test_citizens_and_superusers_are_refused(client, people, citizen):
    client.force_login(citizen)
    assert client.get(url("mine")).status_code == 403
    assert client.get(url("create")).status_code == 403
    boss = make_staff(Role.SECRETARIAT, is_superuser=True)
    login_verified(client, boss)
    assert client.get(url("mine")).status_code == 403
    assert client.get(url("detail", submitted(people))).status_code == 403


# --- The form ------------------------------------------------------------------------------------------------


def test_the_form_shows_the_caps_in_korean(client, people):
    login_verified(client, people.official)
    page = client.get(url("create")).content.decode()
    assert "법률 지원 신청" in page
    assert "2,000,000원" in page
    assert "5,000,000원" in page
    assert "한도 없음" in page
    assert "official_employee_no" not in page  # only protection officers apply on someone's behalf


def test_a_draft_is_saved_and_kept(client, people):
    login_verified(client, people.official)
    response = client.post(url("create"), form_data(action="draft", facts=""))
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == url("detail", application)
    assert application.state == S.DRAFT
    page = client.get(url("detail", application)).content.decode()
    assert "작성 중인 신청서입니다" in page
    assert "절차의 사실관계를 적어 주십시오." in page  # what is still missing


def test_submitting_straight_from_the_form(client, people):
    login_verified(client, people.official)
    response = client.post(url("create"), form_data(attachments=pdf()))
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.state == S.SUBMITTED
    assert application.files.count() == 1


def test_bad_input_is_shown_in_korean_and_kept(client, people):
    login_verified(client, people.official)
    response = client.post(url("create"), form_data(stage="", amount_requested="이백만 원"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "절차를 골라 주십시오." in page
    assert "금액은 원 단위 정수로 입력해 주십시오." in page
    assert escape(ACT) in page  # what was typed stays
    assert "2026-징계-017" in page
    assert not Application.objects.exists()


def test_an_incomplete_submission_keeps_the_draft_and_marks_what_is_missing(client, people):
    login_verified(client, people.official)
    response = client.post(url("create"), form_data(stage=Stage.CRIMINAL_TRIAL, facts=""))
    page = response.content.decode()
    application = Application.objects.get()
    assert response.status_code == 400
    assert application.state == S.DRAFT
    assert "임시 저장했지만 아직 제출할 수 없습니다." in page
    assert "무죄가 확정된 뒤에만" in page
    assert "절차의 사실관계를 적어 주십시오." in page
    assert escape(ACT) in page
    assert f'action="{url("edit", application)}"' in page  # the next post changes this draft


def test_the_protection_officer_applies_for_a_retired_official(client, people):
    login_verified(client, people.protection)
    assert "official_employee_no" in client.get(url("create")).content.decode()
    response = client.post(url("create"), form_data(official_employee_no=people.retired.employee_no))
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.official == people.retired
    assert application.official_retired
    assert application.state == S.SUBMITTED
    page = client.get(url("detail", application)).content.decode()
    assert "퇴직 공무원" in page
    assert "해당 공무원을 대신하여 작성" in page


def test_an_unknown_employee_number_is_refused(client, people):
    login_verified(client, people.protection)
    response = client.post(url("create"), form_data(official_employee_no="E9999999"))
    assert response.status_code == 400
    assert "이 공무원번호의 공무원이 명부에 없습니다." in response.content.decode()


def test_the_draft_is_edited_and_then_submitted(client, people):
    application = draft(people, facts="")
    login_verified(client, people.official)
    page = client.get(url("edit", application)).content.decode()
    assert escape(ACT) in page
    response = client.post(url("edit", application), form_data(facts="징계위원회 출석 통보를 받았습니다."))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == S.SUBMITTED
    assert application.receipt_number


def test_an_incomplete_draft_submitted_from_its_page_lists_what_is_missing(client, people):
    application = draft(people, facts="")
    login_verified(client, people.official)
    response = client.post(url("submit", application))
    assert response.status_code == 400
    assert "절차의 사실관계를 적어 주십시오." in response.content.decode()


def test_nobody_else_edits_or_submits_a_draft(client, people):
    application = draft(people)
    for outsider in (people.other, people.accountable, people.secretariat, people.sysadmin):
        login_verified(client, outsider)
        assert client.get(url("edit", application)).status_code == 404
        assert client.post(url("submit", application)).status_code == 404
        assert client.get(url("detail", application)).status_code == 404


def test_a_submitted_application_cannot_be_edited(client, people):
    application = submitted(people)
    login_verified(client, people.official)
    assert client.get(url("edit", application)).status_code == 403


# --- One application -----------------------------------------------------------------------------------------


def test_the_page_shows_the_countdown_documents_and_timeline(client, people):
    application = submitted(people)
    application.files.add(
        store_upload(actor=people.official, uploaded_file=pdf("징계의결요구서.pdf"), purpose="legalsupport.application")
    )
    login_verified(client, people.official)
    response = client.get(url("detail", application))
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "일 남음" in page  # the fact-finding countdown
    assert "징계의결요구서.pdf" in page
    assert "신청서 접수, 사실조사 시작" in page
    assert "신청 철회" in page
    assert not AccessRecord.objects.exists()  # the official reading their own is no access to someone's data


@pytest.mark.parametrize("who", ["accountable", "secretariat", "protection"])
def test_the_staff_read_it_and_the_access_is_recorded(client, people, who):
    application = submitted(people)
    user = getattr(people, who)
    login_verified(client, user)
    assert client.get(url("detail", application)).status_code == 200
    record = AccessRecord.objects.get(actor=user)
    assert record.action == AccessAction.VIEW
    assert record.resource == f"legalsupport.application:{application.pk}"


@pytest.mark.parametrize("who", ["other", "sysadmin"])
def test_another_official_and_the_sysadmin_get_a_404(client, people, who):
    application = submitted(people)
    login_verified(client, getattr(people, who))
    assert client.get(url("detail", application)).status_code == 404
    for name in ("withdraw", "comment", "add-files"):
        assert client.post(url(name, application), {"withdraw-reason": "x", "comment-text": "x"}).status_code == 404


def test_steps_are_post_only(client, people):
    application = submitted(people)
    login_verified(client, people.official)
    for name in ("submit", "withdraw", "comment", "add-files"):
        assert client.get(url(name, application)).status_code == 405, name


def test_the_applicant_withdraws(client, people):
    application = submitted(people)
    login_verified(client, people.official)
    bad = client.post(url("withdraw", application), {"withdraw-reason": ""})
    assert bad.status_code == 400
    assert "철회 사유를 적어 주십시오." in bad.content.decode()
    response = client.post(url("withdraw", application), {"withdraw-reason": "징계 요구가 취소되었습니다."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == S.WITHDRAWN


def test_the_protection_officer_comments_and_others_read_it(client, people):
    application = submitted(people)
    login_verified(client, people.protection)
    bad = client.post(url("comment", application), {"comment-text": " "})
    assert bad.status_code == 400
    assert (
        client.post(url("comment", application), {"comment-text": "소명 자료 목록을 보내 드렸습니다."}).status_code
        == 302
    )
    login_verified(client, people.official)
    assert "소명 자료 목록을 보내 드렸습니다." in client.get(url("detail", application)).content.decode()


def test_files_are_added_and_a_refused_file_is_explained(client, people):
    application = submitted(people)
    login_verified(client, people.official)
    bad = client.post(url("add-files", application), {})
    assert bad.status_code == 400
    assert "파일을 선택해 주십시오." in bad.content.decode()
    assert client.post(url("add-files", application), {"files-attachments": pdf()}).status_code == 302
    assert application.files.count() == 1
    login_verified(client, people.accountable)
    assert client.post(url("add-files", application), {"files-attachments": pdf()}).status_code == 403


# --- The decision PDF ----------------------------------------------------------------------------------------


def _with_pdf(application, field="decision_document"):
    document = store_upload(actor=None, uploaded_file=pdf("결정.pdf"), purpose=DECISION_PURPOSE, allowed={"pdf"})
    Application.objects.filter(pk=application.pk).update(**{field: document})
    application.refresh_from_db()
    return application


def test_the_official_downloads_the_decision_at_once(client, people):
    application = _with_pdf(decided(people))
    login_verified(client, people.official)
    response = client.get(url("document", application, "decision"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_staff_give_a_reason_which_is_recorded(client, people):
    application = _with_pdf(decided(people))
    login_verified(client, people.secretariat)
    assert "열람 사유" in client.get(url("document", application, "decision")).content.decode()
    assert client.post(url("document", application, "decision"), {"reason": ""}).status_code == 400
    response = client.post(url("document", application, "decision"), {"reason": "위원회 회의록 첨부"})
    assert response.status_code == 200
    record = AccessRecord.objects.get(action=AccessAction.DOWNLOAD)
    assert record.reason == "위원회 회의록 첨부"


def test_a_decision_still_being_prepared_says_so(client, people):
    application = decided(people)
    login_verified(client, people.official)
    response = client.get(url("document", application, "decision"))
    assert response.status_code == 409
    assert "만들고 있습니다" in response.content.decode()


def test_no_decision_document_for_others_nor_before_a_decision(client, people):
    application = _with_pdf(decided(people))
    login_verified(client, people.other)
    assert client.get(url("document", application, "decision")).status_code == 404
    login_verified(client, people.official)
    assert client.get(url("document", submitted(people), "decision")).status_code == 404
    assert client.get(url("document", application, "cancellation")).status_code == 404
    assert client.get(url("document", application, "anything")).status_code == 404


def test_a_protection_officer_without_an_official_record_must_name_the_official(client, people):
    officer = make_staff(Role.PROTECTION_OFFICER, official=None)
    login_verified(client, officer)
    response = client.post(url("create"), form_data())
    assert response.status_code == 400
    assert "신청하려는 공무원의 공무원번호를 입력해 주십시오." in response.content.decode()
    assert not Application.objects.exists()
