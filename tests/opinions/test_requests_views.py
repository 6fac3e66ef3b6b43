"""The requester's screens: my requests, the form (bad input re-rendered in Korean with what was typed), the
request's page, files, submitting, withdrawing, recording the action, the decision download; denials; query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord
from proactive.opinions.enums import RequestKind, RequestState
from proactive.opinions.models import OpinionRequest
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import CitizenFactory
from tests.factories.documents import DocumentFactory, pdf_bytes
from tests.opinions.support import (
    FACTS,
    QUESTION,
    accepted,
    decided,
    draft,
    official,
    queries_of,
    secretariat,
    submitted,
)

pytestmark = pytest.mark.django_db
S = RequestState


def detail(request) -> str:
    return reverse("opinions:request-detail", args=[request.pk])


def step(name, request) -> str:
    return reverse(f"opinions:request-{name}", args=[request.pk])


def form_data(**overrides) -> dict:
    data = {
        "title": "해수욕장 야간 개장 인허가",
        "permit_type": "permit",
        "facts": FACTS,
        "question": QUESTION,
        "options": "1안, 2안",
        "own_review": "2안이 타당",
        "private_interest": "none",
        "private_interest_details": "",
        "statute-TOTAL_FORMS": "2",
        "statute-INITIAL_FORMS": "0",
        "statute-MIN_NUM_FORMS": "0",
        "statute-MAX_NUM_FORMS": "20",
        "statute-0-law": "해수욕장의 이용 및 관리에 관한 법률",
        "statute-0-article": "제12조",
        "statute-0-text": "",
        "statute-1-law": "",
        "statute-1-article": "",
        "statute-1-text": "",
        "action": "submit",
    }
    return data | overrides


# --- My requests ---------------------------------------------------------------------------------------------


def test_my_requests_lists_only_mine(client):
    mine = draft()
    other = draft(official(name="이타인"), title="다른 사람의 요청")
    login_verified(client, mine.requester)
    page = client.get(reverse("opinions:mine")).content.decode()
    assert mine.title in page
    assert other.title not in page


def test_citizens_and_superusers_may_not_ask(client):
    client.force_login(CitizenFactory())
    assert client.get(reverse("opinions:mine")).status_code == 403
    assert client.get(reverse("opinions:request-create")).status_code == 403
    superuser = official()
    superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    assert client.get(reverse("opinions:mine")).status_code == 403


def test_my_requests_query_count_does_not_grow_with_rows(client):
    requester = official()
    submitted(requester)
    login_verified(client, requester)
    few = queries_of(client, reverse("opinions:mine"))
    for _ in range(5):
        accepted(requester)
    assert queries_of(client, reverse("opinions:mine")) == few


# --- The form ------------------------------------------------------------------------------------------------


def test_the_form_shows_every_part(client):
    login_verified(client, official())
    page = client.get(reverse("opinions:request-create")).content.decode()
    for part in (
        "1. 안건",
        "2. 사실관계",
        "3. 관련 법령·조례",
        "4. 질의와 자체 검토",
        "5. 사적 이해관계",
        "6. 첨부파일",
    ):
        assert part in page
    ratification = client.get(reverse("opinions:ratification-create")).content.decode()
    assert "2. 긴급 조치" in ratification
    assert "질의 내용" not in ratification


def test_submitting_a_complete_request_with_a_file(client):
    requester = official()
    login_verified(client, requester)
    data = form_data(new_files=SimpleUploadedFile("현장사진.pdf", pdf_bytes(), content_type="application/pdf"))
    response = client.post(reverse("opinions:request-create"), data)
    request = OpinionRequest.objects.get()
    assert response.status_code == 302
    assert response.url == detail(request)
    assert request.state == S.SUBMITTED
    assert request.statutes.get().article == "제12조"
    assert request.files.get().original_name == "현장사진.pdf"


def test_a_draft_needs_only_a_title(client):
    login_verified(client, official())
    response = client.post(reverse("opinions:request-create"), {**form_data(facts="", question=""), "action": "save"})
    assert response.status_code == 302
    assert OpinionRequest.objects.get().state == S.DRAFT


def test_an_incomplete_submission_is_refused_in_korean_and_keeps_the_input(client):
    login_verified(client, official())
    data = form_data(question="", private_interest="declared", private_interest_details="")
    data["statute-0-law"] = ""
    data["statute-0-article"] = "제3조"
    response = client.post(reverse("opinions:request-create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "위원회에 묻는 질의 내용을 적어 주십시오." in page
    assert "신고하는 사적 이해관계의 내용을 적어 주십시오." in page
    assert "이 조항의 법령·조례명을 입력해 주십시오." in page
    assert FACTS in page  # what was typed is kept
    assert 'value="제3조"' in page
    assert "aria-describedby" in page
    assert not OpinionRequest.objects.exists()


def test_an_opinion_needs_at_least_one_statute(client):
    login_verified(client, official())
    data = form_data()
    data["statute-0-law"] = data["statute-0-article"] = ""
    response = client.post(reverse("opinions:request-create"), data)
    assert response.status_code == 400
    assert "법령·조례 조항을 1개 이상" in response.content.decode()


def test_a_ratification_is_asked_from_its_own_form(client):
    login_verified(client, official())
    data = {
        "title": "집중호우 지하차도 긴급 통제",
        "taken_on": "2026-07-15",
        "action_taken": "지하차도 통제",
        "disaster_context": "호우경보",
        "urgency": "30분 내 침수 예상",
        "private_interest": "none",
        "statute-TOTAL_FORMS": "0",
        "statute-INITIAL_FORMS": "0",
        "action": "submit",
    }
    response = client.post(reverse("opinions:ratification-create"), data)
    assert response.status_code == 302
    request = OpinionRequest.objects.get()
    assert request.kind == RequestKind.RATIFICATION
    assert request.state == S.SUBMITTED


def test_the_requester_edits_the_draft_others_get_404(client):
    request = draft(complete=False)
    login_verified(client, request.requester)
    page = client.get(step("edit", request)).content.decode()
    assert request.title in page
    response = client.post(step("edit", request), form_data(title="수정한 안건", action="save"))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.title == "수정한 안건"
    login_verified(client, official())
    assert client.get(step("edit", request)).status_code == 404
    assert client.post(step("edit", request), form_data()).status_code == 404


def test_a_submitted_request_cannot_be_edited(client):
    request = submitted()
    login_verified(client, request.requester)
    assert client.get(step("edit", request)).status_code == 403


# --- The request's page --------------------------------------------------------------------------------------


def test_the_requester_reads_their_request_without_an_access_record(client):
    request = submitted()
    login_verified(client, request.requester)
    response = client.get(detail(request))
    assert response.status_code == 200
    assert QUESTION in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert not AccessRecord.objects.exists()


def test_the_secretariat_reading_it_is_recorded(client):
    request = submitted()
    handler = secretariat()
    login_verified(client, handler)
    page = client.get(detail(request)).content.decode()
    assert "검토 결과 입력" in page  # the screening form
    record = AccessRecord.objects.get(action=AccessAction.VIEW)
    assert record.actor == handler
    assert record.resource == f"opinions.request:{request.pk}"


@pytest.mark.parametrize("who", ["official", "auditor", "member", "sysadmin"])
def test_others_get_a_404(client, who):
    request = submitted()
    user = {
        "official": official,
        "auditor": lambda: make_staff(Role.AUDIT_OFFICER),
        "member": lambda: make_staff(Role.COMMITTEE_MEMBER),
        "sysadmin": lambda: make_staff(Role.SYSADMIN),
    }[who]()
    login_verified(client, user)
    assert client.get(detail(request)).status_code == 404
    for name in ("submit", "withdraw", "files", "act", "screen", "ask-audit", "table", "extend"):
        assert client.post(step(name, request)).status_code == 404, name


def test_a_superuser_gets_a_403(client):
    request = submitted()
    login_verified(client, make_staff(Role.SECRETARIAT, is_superuser=True))
    response = client.get(detail(request))
    assert response.status_code == 403
    assert QUESTION not in response.content.decode()


def test_steps_are_post_only(client):
    request = draft()
    login_verified(client, request.requester)
    for name in ("submit", "withdraw", "files", "act", "screen", "ask-audit", "table", "extend"):
        assert client.get(step(name, request)).status_code == 405, name


def test_the_page_lists_what_is_missing_and_submits_when_complete(client):
    request = draft(complete=False)
    login_verified(client, request.requester)
    page = client.get(detail(request)).content.decode()
    assert "제출하려면 다음 항목을 작성하십시오" in page
    assert "질의 내용" in page
    response = client.post(step("submit", request))
    assert response.status_code == 400
    assert "제출하기 전에 다음 항목을 작성해 주십시오" in response.content.decode()
    complete = draft()
    login_verified(client, complete.requester)
    assert client.post(step("submit", complete)).status_code == 302
    complete.refresh_from_db()
    assert complete.state == S.SUBMITTED


def test_files_are_added_and_removed_on_the_page(client):
    request = draft()
    login_verified(client, request.requester)
    upload = SimpleUploadedFile("검토.pdf", pdf_bytes(), content_type="application/pdf")
    assert client.post(step("files", request), {"files-uploads": upload}).status_code == 302
    document = request.files.get()
    empty = client.post(step("files", request), {})
    assert empty.status_code == 400
    assert "파일을 선택해 주십시오." in empty.content.decode()
    remove = reverse("opinions:request-file-remove", args=[request.pk, document.pk])
    assert client.post(remove).status_code == 302
    assert not request.files.exists()
    assert client.post(remove).status_code == 404
    stranger = reverse("opinions:request-file-remove", args=[request.pk, DocumentFactory().pk])
    assert client.post(stranger).status_code == 404


def test_a_refused_upload_is_explained(client):
    request = draft()
    login_verified(client, request.requester)
    bad = SimpleUploadedFile("실행.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    response = client.post(step("files", request), {"files-uploads": bad})
    assert response.status_code == 400
    assert not request.files.exists()


def test_withdrawing_a_submitted_request_needs_a_reason(client):
    request = submitted()
    login_verified(client, request.requester)
    response = client.post(step("withdraw", request), {"withdraw-reason": ""})
    assert response.status_code == 400
    assert "철회 사유를 적어 주십시오." in response.content.decode()
    assert client.post(step("withdraw", request), {"withdraw-reason": "자체 해결"}).status_code == 302
    request.refresh_from_db()
    assert request.state == S.WITHDRAWN


def test_recording_the_action_on_the_page(client):
    request = decided()
    login_verified(client, request.requester)
    page = client.get(detail(request)).content.decode()
    assert "처리 결과 입력" in page
    bad = client.post(step("act", request), {"act-acted_on": "", "act-what": "의견대로 처리"})
    assert bad.status_code == 400
    assert "처리일을 입력해 주십시오." in bad.content.decode()
    assert "의견대로 처리" in bad.content.decode()
    evidence = SimpleUploadedFile("결과.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        step("act", request),
        {"act-acted_on": request.decided_on.isoformat(), "act-what": "의견대로 처리", "act-evidence": evidence},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == S.ACTED_ON
    assert request.action_files.count() == 1


# --- The decision document -----------------------------------------------------------------------------------


def _with_pdf(request):
    request.decision_document = DocumentFactory(owner=None, purpose="opinions.decision", original_name="결정.pdf")
    request.save(update_fields=["decision_document"])
    return request


def test_the_requester_downloads_the_decision_at_once(client):
    request = _with_pdf(decided())
    login_verified(client, request.requester)
    response = client.get(reverse("opinions:decision-pdf", args=[request.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_secretariat_gives_a_reason_before_downloading(client):
    request = _with_pdf(decided())
    handler = secretariat()
    login_verified(client, handler)
    url = reverse("opinions:decision-pdf", args=[request.pk])
    assert "내려받는 사유" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "감사 대응 자료"})
    assert response.status_code == 200
    record = AccessRecord.objects.get(action=AccessAction.DOWNLOAD)
    assert record.reason == "감사 대응 자료"


def test_a_decision_being_prepared_says_so_and_others_get_404(client):
    request = decided()
    login_verified(client, request.requester)
    assert client.get(reverse("opinions:decision-pdf", args=[request.pk])).status_code == 409
    login_verified(client, official())
    assert client.get(reverse("opinions:decision-pdf", args=[request.pk])).status_code == 404
    undecided = submitted()
    login_verified(client, undecided.requester)
    assert client.get(reverse("opinions:decision-pdf", args=[undecided.pk])).status_code == 404
