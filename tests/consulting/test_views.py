"""The pages: my requests, the form (keeps input on error), the request's page for each viewer, each step's post
with good and bad input, the head's approvals, the queue with filters, the settings; denials; query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.audit.models import AccessRecord
from proactive.consulting.enums import RequestState, SelfCheckItem
from proactive.consulting.models import ConsultingRequest, ConsultingSettings, RequestFile
from proactive.consulting.services import review as review_services
from tests.conftest import login_verified
from tests.consulting import support
from tests.factories.accounts import UserFactory
from tests.factories.documents import pdf_bytes

pytestmark = pytest.mark.django_db
S = RequestState


@pytest.fixture
def office():
    return support.arrange()


def form_data(**overrides):
    data = {
        "title": "긴급 수의계약 가능 여부",
        "background": "태풍 피해로 방파제 일부가 유실되어 긴급 복구가 필요합니다.",
        "statutes": "지방계약법 시행령 제25조 제1항 제1호",
        "issues": "재난 복구 공사를 수의계약으로 체결할 수 있는지",
        "proposed_handling": "1안: 긴급 수의계약 / 2안: 긴급 입찰(5일 공고)",
        "has_private_interest": "no",
        "private_interest_detail": "",
        "contact_phone": "051-888-2345",
        "contact_email": "kim@busan.example",
        f"check_{SelfCheckItem.LAWS}": "on",
        f"note_{SelfCheckItem.LAWS}": "지방계약법 시행령 제25조 검토",
        "action": "save",
    }
    data.update(overrides)
    return data


# --- The requester -------------------------------------------------------------------------------------------


def test_the_form_page_shows_the_checklist_in_korean(client, office):
    login_verified(client, office.official)
    page = client.get(reverse("consulting:request-create")).content.decode()
    assert "관계 법령 검토" in page
    assert "사적 이해관계" in page
    assert 'name="note_laws"' in page


def test_saving_a_draft_keeps_it_and_adds_files(client, office):
    login_verified(client, office.official)
    upload = SimpleUploadedFile("검토의견.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(reverse("consulting:request-create"), form_data(attachments=upload))

    req = ConsultingRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("consulting:request-edit", args=[req.pk])
    assert req.state == S.DRAFT
    assert req.self_check[SelfCheckItem.LAWS]["checked"] is True
    assert RequestFile.objects.get(request=req).document.original_name == "검토의견.pdf"
    edit = client.get(response.url).content.decode()
    assert "검토의견.pdf" in edit
    assert "긴급 수의계약 가능 여부" in edit


def test_bad_input_re_renders_with_what_was_typed(client, office):
    login_verified(client, office.official)
    response = client.post(
        reverse("consulting:request-create"),
        form_data(title="", contact_email="not-an-address", has_private_interest="yes"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "신청 제목을 적어 주십시오." in page
    assert "올바른 전자우편 주소를 입력하십시오." in page
    assert "신고하는 사적 이해관계를 적어 주십시오." in page
    assert "태풍 피해로 방파제 일부가 유실되어" in page  # kept
    assert 'aria-invalid="true"' in page
    assert not ConsultingRequest.objects.exists()


def test_save_and_send_goes_to_the_head(client, office):
    login_verified(client, office.official)
    response = client.post(reverse("consulting:request-create"), form_data(action="send"))
    req = ConsultingRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("consulting:request-detail", args=[req.pk])
    assert req.state == S.AWAITING_APPROVAL


def test_an_incomplete_request_is_kept_and_the_missing_parts_are_shown(client, office):
    login_verified(client, office.official)
    response = client.post(reverse("consulting:request-create"), form_data(action="send", issues=""))
    req = ConsultingRequest.objects.get()
    assert req.state == S.DRAFT  # the draft was kept
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "주요 쟁점" in page
    # On the edit page, sending again with the gap re-renders the form with the reason and the input.
    response = client.post(reverse("consulting:request-edit", args=[req.pk]), form_data(action="send", issues=""))
    assert response.status_code == 400
    assert "결재 요청 전에 다음을 작성해 주십시오" in response.content.decode()


def test_the_edit_page_saves_changes_and_removes_files(client, office):
    req = support.draft(office)
    row = support.request_services.attach_file(
        actor=office.official, req=req, uploaded_file=SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf")
    )
    login_verified(client, office.official)
    response = client.post(reverse("consulting:request-edit", args=[req.pk]), form_data(title="고친 제목"))
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.title == "고친 제목"
    response = client.post(reverse("consulting:request-file-remove", args=[req.pk, row.pk]))
    assert response.status_code == 302
    assert not RequestFile.objects.filter(pk=row.pk).exists()
    assert client.post(reverse("consulting:request-file-remove", args=[req.pk, row.pk])).status_code == 404


def test_nobody_else_opens_or_edits_a_draft(client, office):
    req = support.draft(office)
    for intruder in (office.colleague, office.head, office.auditor, office.sysadmin):
        login_verified(client, intruder)
        assert client.get(reverse("consulting:request-detail", args=[req.pk])).status_code == 404
        assert client.get(reverse("consulting:request-edit", args=[req.pk])).status_code == 404
    root = UserFactory(is_superuser=True)
    client.force_login(root)
    assert client.get(reverse("consulting:request-detail", args=[req.pk])).status_code == 404


def test_a_sent_request_is_not_editable(client, office):
    req = support.awaiting_approval(office)
    login_verified(client, office.official)
    assert client.get(reverse("consulting:request-edit", args=[req.pk])).status_code == 403


def test_the_detail_page_sends_and_withdraws(client, office):
    req = support.draft(office)
    login_verified(client, office.official)
    page = client.get(reverse("consulting:request-detail", args=[req.pk])).content.decode()
    assert "부서장에게 결재 요청" in page
    assert client.post(reverse("consulting:request-send", args=[req.pk])).status_code == 302
    req.refresh_from_db()
    assert req.state == S.AWAITING_APPROVAL
    response = client.post(reverse("consulting:request-withdraw", args=[req.pk]), {"withdraw-reason": "자체 해결"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == S.WITHDRAWN
    # Nothing more to send or withdraw.
    assert client.post(reverse("consulting:request-send", args=[req.pk])).status_code == 403


def test_sending_an_incomplete_request_from_the_page_says_why(client, office):
    req = support.draft(office, statutes="")
    login_verified(client, office.official)
    response = client.post(reverse("consulting:request-send", args=[req.pk]))
    assert response.status_code == 400
    assert "관계 법령" in response.content.decode()


def test_a_returned_request_shows_the_reason_and_is_revised(client, office):
    req = support.returned(office)
    login_verified(client, office.official)
    page = client.get(reverse("consulting:request-detail", args=[req.pk])).content.decode()
    assert "자체 검토 미흡" in page
    assert "자체 검토가 부족합니다." in page
    response = client.post(reverse("consulting:request-revise", args=[req.pk]))
    assert response.status_code == 302
    assert response.url == reverse("consulting:request-edit", args=[req.pk])


def test_the_implementation_is_reported_from_the_page(client, office):
    req = support.answered(office)
    login_verified(client, office.official)
    url = reverse("consulting:request-implementation", args=[req.pk])
    bad = client.post(
        url, {"implementation-followed": "yes", "implementation-acted_on": "", "implementation-note": "개방 완료"}
    )
    assert bad.status_code == 400
    assert "처리일을 적어 주십시오." in bad.content.decode()
    assert "개방 완료" in bad.content.decode()
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    refused = client.post(
        url, {"implementation-followed": "yes", "implementation-acted_on": future, "implementation-note": "x"}
    )
    assert refused.status_code == 400
    assert "처리일은 오늘 이후일 수 없습니다." in refused.content.decode()
    good = client.post(
        url,
        {
            "implementation-followed": "yes",
            "implementation-acted_on": timezone.localdate().isoformat(),
            "implementation-note": "의견대로 사용허가 후 개방",
            "implementation-evidence": SimpleUploadedFile("결과.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    assert good.status_code == 302
    req.refresh_from_db()
    assert req.state == S.IMPLEMENTED
    assert RequestFile.objects.filter(request=req, purpose="implementation").count() == 1


def test_my_requests_lists_only_mine(client, office):
    support.draft(office, title="내 신청")
    support.draft(office, requester=office.colleague, title="동료의 신청")
    login_verified(client, office.official)
    page = client.get(reverse("consulting:my-requests")).content.decode()
    assert "내 신청" in page
    assert "동료의 신청" not in page


# --- The head ------------------------------------------------------------------------------------------------


def test_the_head_approves_from_the_page(client, office):
    req = support.awaiting_approval(office)
    login_verified(client, office.head)
    listing = client.get(reverse("consulting:approvals")).content.decode()
    assert req.title in listing
    page = client.get(reverse("consulting:request-detail", args=[req.pk])).content.decode()
    assert "부서장 결재" in page
    url = reverse("consulting:request-approve", args=[req.pk])
    bad = client.post(url, {"approval-decision": "send_back", "approval-comment": ""})
    assert bad.status_code == 400
    assert "신청인에게 보완할 내용을 알려 주십시오." in bad.content.decode()
    assert client.post(url, {"approval-decision": "approve"}).status_code == 302
    req.refresh_from_db()
    assert req.state == S.SUBMITTED
    # Access to someone else's request is recorded.
    assert AccessRecord.objects.filter(actor=office.head, resource=f"consulting.request:{req.pk}").exists()


def test_another_head_sees_nothing(client, office):
    req = support.awaiting_approval(office)
    login_verified(client, office.other_head)
    assert req.title not in client.get(reverse("consulting:approvals")).content.decode()
    assert client.get(reverse("consulting:request-detail", args=[req.pk])).status_code == 404
    assert (
        client.post(reverse("consulting:request-approve", args=[req.pk]), {"approval-decision": "approve"}).status_code
        == 404
    )


def test_an_official_without_a_head_role_has_no_approvals_page(client, office):
    login_verified(client, office.official)
    assert client.get(reverse("consulting:approvals")).status_code == 403


# --- The audit office ----------------------------------------------------------------------------------------


def test_the_office_screens_assigns_and_answers_from_the_page(client, office):
    req = support.submitted(office)
    login_verified(client, office.auditor)
    page = client.get(reverse("consulting:request-detail", args=[req.pk])).content.decode()
    assert "접수하기" in page
    assert "반려하기" in page
    response = client.post(
        reverse("consulting:request-screen", args=[req.pk]),
        {"decision": "accept", "accept-reviewers": [office.auditor.pk], "accept-lead": ""},
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == S.UNDER_REVIEW
    page = client.get(reverse("consulting:request-detail", args=[req.pk])).content.decode()
    assert "일 남음" in page  # the countdown
    bad = client.post(
        reverse("consulting:request-opinion", args=[req.pk]),
        {"opinion-conclusion": "가능합니다.", "opinion-reasons": ""},
    )
    assert bad.status_code == 400
    assert "이유를 적어 주십시오." in bad.content.decode()
    assert "가능합니다." in bad.content.decode()
    good = client.post(
        reverse("consulting:request-opinion", args=[req.pk]),
        {"opinion-conclusion": "가능합니다.", "opinion-reasons": "시행령 제25조 제1항 제1호에 해당합니다."},
    )
    assert good.status_code == 302
    req.refresh_from_db()
    assert req.state == S.OPINION_ISSUED


def test_the_office_returns_with_a_reason(client, office):
    req = support.submitted(office)
    login_verified(client, office.auditor)
    url = reverse("consulting:request-screen", args=[req.pk])
    bad = client.post(url, {"decision": "return", "return-reason": "proceedings", "return-note": ""})
    assert bad.status_code == 400
    assert "신청인에게 반려 사유를 설명해 주십시오." in bad.content.decode()
    assert (
        client.post(
            url, {"decision": "return", "return-reason": "proceedings", "return-note": "감사 진행 중"}
        ).status_code
        == 302
    )
    req.refresh_from_db()
    assert req.state == S.RETURNED


def test_a_stale_step_is_a_conflict(client, office):
    req = support.submitted(office)
    review_services.accept_request(actor=office.auditor, req=req)
    login_verified(client, office.auditor2)
    response = client.post(
        reverse("consulting:request-screen", args=[req.pk]),
        {"decision": "return", "return-reason": "proceedings", "return-note": "x"},
    )
    assert response.status_code == 403  # no longer screenable: the permission itself is gone


def test_the_review_steps_from_the_page(client, office):
    req = support.under_review(office)
    login_verified(client, office.auditor)
    today = timezone.localdate().isoformat()
    joint = client.post(
        reverse("consulting:request-joint-review", args=[req.pk]),
        {
            "joint-held_on": today,
            "joint-participant_kinds": ["lawyers"],
            "joint-participants": "고문변호사",
            "joint-notes": "적법",
        },
    )
    assert joint.status_code == 302
    bad_extend = client.post(
        reverse("consulting:request-extend", args=[req.pk]), {"extend-due_on": "어제", "extend-reason": ""}
    )
    assert bad_extend.status_code == 400
    assert "날짜" in bad_extend.content.decode()
    new_due = (req.due_on + datetime.timedelta(days=7)).isoformat()
    assert (
        client.post(
            reverse("consulting:request-extend", args=[req.pk]), {"extend-due_on": new_due, "extend-reason": "협의"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("consulting:request-escalate", args=[req.pk]), {"escalate-to": "bai", "escalate-question": "질의"}
        ).status_code
        == 302
    )
    req.refresh_from_db()
    assert req.state == S.ESCALATED
    page = client.get(reverse("consulting:request-detail", args=[req.pk])).content.decode()
    assert "처리기간 정지" in page
    assert (
        client.post(
            reverse("consulting:request-escalation-reply", args=[req.pk]),
            {"reply-reply_on": today, "reply-reply": "회신"},
        ).status_code
        == 302
    )
    assert (
        client.post(reverse("consulting:request-refer", args=[req.pk]), {"refer-reason": "영향이 큼"}).status_code
        == 302
    )
    req.refresh_from_db()
    assert req.state == S.REFERRED
    # The reviewers may still change while the committee deliberates; the opinion waits for its decision.
    assert (
        client.post(
            reverse("consulting:request-assign", args=[req.pk]), {"assign-reviewers": [office.auditor2.pk]}
        ).status_code
        == 302
    )
    opinion = client.post(
        reverse("consulting:request-opinion", args=[req.pk]), {"opinion-conclusion": "a", "opinion-reasons": "b"}
    )
    assert opinion.status_code == 403


def test_the_requester_does_not_see_the_offices_internal_notes(client, office):
    req = support.under_review(office)
    review_services.record_joint_review(
        actor=office.auditor,
        req=req,
        held_on=timezone.localdate(),
        participant_kinds=["lawyers"],
        participants="고문변호사",
        notes="내부 검토 메모",
    )
    login_verified(client, office.official)
    page = client.get(reverse("consulting:request-detail", args=[req.pk])).content.decode()
    assert "내부 검토 메모" not in page
    assert "합동 검토" not in page


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("consulting:request-screen", {"decision": "accept"}),
        ("consulting:request-assign", {}),
        ("consulting:request-joint-review", {}),
        ("consulting:request-escalate", {}),
        ("consulting:request-refer", {}),
        ("consulting:request-extend", {}),
        ("consulting:request-opinion", {}),
    ],
)
def test_the_requester_and_the_head_cannot_take_office_steps(client, office, name, data):
    req = support.submitted(office) if name == "consulting:request-screen" else support.under_review(office)
    for person in (office.official, office.head):
        login_verified(client, person)
        assert client.post(reverse(name, args=[req.pk]), data).status_code == 403


def test_a_district_audit_officer_is_not_the_audit_office(client, office):
    req = support.submitted(office)
    login_verified(client, office.district_auditor)
    assert client.get(reverse("consulting:queue")).status_code == 403
    assert client.get(reverse("consulting:request-detail", args=[req.pk])).status_code == 404


def test_the_queue_filters(client, office):
    ConsultingSettings.objects.create(pk=1, business_days=False)
    overdue = support.under_review(office, title="오래된 신청")
    ConsultingRequest.objects.filter(pk=overdue.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=2))
    support.submitted(office, title="새로 제출된 신청")
    support.draft(office, title="작성 중인 신청")
    login_verified(client, office.auditor)
    page = client.get(reverse("consulting:queue")).content.decode()
    assert "오래된 신청" in page
    assert "새로 제출된 신청" in page
    assert "작성 중인 신청" not in page
    assert "2일 지남" in page
    only_overdue = client.get(reverse("consulting:queue"), {"overdue": "on"}).content.decode()
    assert "오래된 신청" in only_overdue
    assert "새로 제출된 신청" not in only_overdue
    screen = client.get(reverse("consulting:queue"), {"state": "submitted"}).content.decode()
    assert "새로 제출된 신청" in screen
    assert "오래된 신청" not in screen
    search = client.get(reverse("consulting:queue"), {"q": "새로"}).content.decode()
    assert "새로 제출된 신청" in search
    assert "오래된 신청" not in search
    mine = client.get(reverse("consulting:queue"), {"mine": "on"}).content.decode()
    assert "오래된 신청" in mine
    assert "새로 제출된 신청" not in mine
    soon = client.get(reverse("consulting:queue"), {"due_soon": "on"}).content.decode()
    assert "오래된 신청" not in soon


def _queries(client, url) -> int:
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_queue_queries_do_not_grow_with_the_requests(client, office):
    support.under_review(office)
    login_verified(client, office.auditor)
    one = _queries(client, reverse("consulting:queue"))
    for index in range(4):
        support.answered(office, title=f"신청 {index}")
        support.submitted(office, title=f"제출 {index}")
    assert _queries(client, reverse("consulting:queue")) == one


def test_my_requests_and_approvals_queries_do_not_grow(client, office):
    support.answered(office)
    login_verified(client, office.official)
    mine = _queries(client, reverse("consulting:my-requests"))
    login_verified(client, office.head)
    approvals = _queries(client, reverse("consulting:approvals"))
    for index in range(4):
        support.answered(office, title=f"신청 {index}")
        support.awaiting_approval(office, title=f"결재 {index}")
    login_verified(client, office.official)
    assert _queries(client, reverse("consulting:my-requests")) == mine
    login_verified(client, office.head)
    assert _queries(client, reverse("consulting:approvals")) == approvals


def test_the_dashboard_panels(client, office):
    support.submitted(office)
    late = support.under_review(office, title="기한 지난 신청")
    ConsultingRequest.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    support.answered(office, title="의견 받은 신청")
    support.awaiting_approval(office, title="결재 대기")
    login_verified(client, office.auditor)
    page = client.get(reverse("web:dashboard"))
    panels = {p["key"] for p in page.context["panels"]}
    assert "consulting-office" in panels
    from proactive.consulting.views.panels import head_panel, office_panel, requester_panel

    assert office_panel(office.auditor) == {"to_screen": 1, "in_review": 1, "due_soon": 0, "overdue": 1}
    assert requester_panel(office.official)["to_report"] == 1
    assert head_panel(office.head)["waiting"] == 1
    login_verified(client, office.official)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "이행결과 보고 대상" in page


# --- Settings ------------------------------------------------------------------------------------------------


def test_the_settings_page(client, office):
    login_verified(client, office.auditor)
    url = reverse("consulting:settings")
    assert "처리기간(일)" in client.get(url).content.decode()
    bad = client.post(
        url, {"review_days": "0", "business_days": "on", "due_soon_days": "3", "implementation_reminder_days": "30"}
    )
    assert bad.status_code == 400
    assert "1일에서 365일 사이로 입력하십시오." in bad.content.decode()
    good = client.post(url, {"review_days": "20", "due_soon_days": "2", "implementation_reminder_days": "14"})
    assert good.status_code == 302
    settings = ConsultingSettings.objects.get(pk=1)
    assert (settings.review_days, settings.business_days, settings.implementation_reminder_days) == (20, False, 14)


def test_only_the_audit_office_opens_the_settings(client, office):
    for person in (office.official, office.head, office.district_auditor, office.sysadmin):
        login_verified(client, person)
        assert client.get(reverse("consulting:settings")).status_code == 403


def test_the_menu_offers_the_right_pages(client, office):
    login_verified(client, office.official)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert reverse("consulting:my-requests") in page
    assert reverse("consulting:queue") not in page
    login_verified(client, office.auditor)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert reverse("consulting:queue") in page


def test_the_english_interface(client, office):
    req = support.under_review(office)
    login_verified(client, office.auditor)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("consulting:request-detail", args=[req.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Issue the opinion" in page or "의견 통보" in page
