"""The application screens: "my exemptions", starting a draft, editing it (grounds, links, files, suggestions),
submitting, the detail page for each viewer, the audit office's steps and queue, votes, the decision and its PDF."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord
from proactive.protection.enums import ApplicationState, Disposition, Outcome
from proactive.protection.models import ApplicationFile, ExemptionApplication
from proactive.protection.services import applications
from tests.conftest import login_verified
from tests.factories.documents import pdf_bytes
from tests.protection.support import (
    GROUNDS,
    FakeProvider,
    accepted,
    audit_of,
    complete,
    concerned_of,
    decided,
    draft,
    finding_of,
    providers,
    submitted,
    tabled,
    vote_all,
)

pytestmark = pytest.mark.django_db
S = ApplicationState


def url(name, *args):
    return reverse(f"protection:{name}", args=args)


def _queries(client, path) -> int:
    client.get(path)  # warm-up: the first request after sign-in renews the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


# --- My exemptions -------------------------------------------------------------------------------------------


def test_the_official_sees_the_finding_the_deadline_and_the_button(client, world):
    row = concerned_of(world)
    login_verified(client, world.official)
    page = client.get(url("my-exemptions")).content.decode()
    assert "도로점용허가 수수료 감면 부적정" in page
    assert row.apply_by.isoformat() in page
    assert "일 남음" in page
    assert "면책 신청하기" in page


def test_the_head_sees_the_findings_of_their_department(client, world):
    concerned_of(world)
    login_verified(client, world.head)
    page = client.get(url("my-exemptions")).content.decode()
    assert "우리 부서 공무원에 대한 지적사항" in page
    assert "김주무" in page
    login_verified(client, world.other_head)
    assert "김주무" not in client.get(url("my-exemptions")).content.decode()


def test_my_exemptions_queries_do_not_grow(client, world):
    concerned_of(world)
    login_verified(client, world.head)
    one = _queries(client, url("my-exemptions"))
    for _ in range(3):
        application = draft(world, concerned_of(world, finding_of(world)))
        complete(world, application)
    submitted(
        world,
        draft(
            world,
            concerned_of(world, finding_of(world, officials=[world.colleague.official]), world.colleague.official),
            actor=world.colleague,
        ),
    )
    assert _queries(client, url("my-exemptions")) == one


def test_a_citizen_is_refused(client, world, citizen):
    client.force_login(citizen)
    assert client.get(url("my-exemptions")).status_code == 403


# --- Starting and editing ------------------------------------------------------------------------------------


def test_starting_opens_the_edit_page_with_the_linked_answers(client, world):
    row = concerned_of(world)
    opinions = FakeProvider("opinion", "의견제시")
    opinions.add(world.official, 3, "의견-2026-0003", "태풍 피해 상가 도로점용허가 수수료 감면 가능 여부")
    opinions.add(world.official, 4, "의견-2026-0004", "청년 창업 공간 임대료 지원")
    login_verified(client, world.official)
    with providers(opinions):
        response = client.post(url("application-start", row.pk), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "사전 자문에 따라 업무를 처리했습니다" in page
    assert "의견-2026-0003" in page
    assert "같은 사안" in page
    assert "의견-2026-0004" in page  # offered, not ticked
    application = ExemptionApplication.objects.get()
    assert list(application.links.values_list("number", flat=True)) == ["의견-2026-0003"]


def test_starting_late_explains_why(client, world):
    row = concerned_of(world, finding_of(world, audit_of(world, ends_ago=30)))
    login_verified(client, world.official)
    response = client.post(url("application-start", row.pk), follow=True)
    assert "신청 기간은" in response.content.decode()
    assert not ExemptionApplication.objects.exists()


def test_another_official_cannot_start(client, world):
    row = concerned_of(world)
    login_verified(client, world.colleague)
    assert client.post(url("application-start", row.pk)).status_code == 404


def test_saving_and_submitting_an_incomplete_draft_keeps_the_text_and_says_what_is_missing(client, world):
    application = draft(world)
    login_verified(client, world.official)
    response = client.post(
        url("application-edit", application.pk),
        {"grounds-facts": "태풍 직후 긴급 감면", "then": "submit"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "제출하기 전에 다음 항목을 작성하십시오" in page
    assert "태풍 직후 긴급 감면" in page
    application.refresh_from_db()
    assert application.state == S.DRAFT
    assert application.facts == "태풍 직후 긴급 감면"


def test_save_and_submit(client, world):
    application = draft(world)
    login_verified(client, world.official)
    data = {f"grounds-{k}": v for k, v in GROUNDS.items()} | {"grounds-no_private_interest": "on", "then": "submit"}
    response = client.post(url("application-edit", application.pk), data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == S.SUBMITTED


def test_too_long_grounds_are_refused_on_the_form(client, world):
    application = draft(world)
    login_verified(client, world.official)
    response = client.post(url("application-edit", application.pk), {"grounds-facts": "가" * 20_001})
    assert response.status_code == 400
    assert "20000" in response.content.decode() or "20,000" in response.content.decode()


def test_the_head_sees_the_head_opinion_field_the_official_does_not(client, world):
    application = draft(world)
    login_verified(client, world.official)
    assert "grounds-head_opinion" not in client.get(url("application-edit", application.pk)).content.decode()
    login_verified(client, world.head)
    assert "grounds-head_opinion" in client.get(url("application-edit", application.pk)).content.decode()


def test_the_edit_page_is_not_for_the_audit_office_or_after_submission(client, world):
    application = draft(world)
    login_verified(client, world.auditor)
    assert client.get(url("application-edit", application.pk)).status_code == 404  # a draft is not theirs to see
    complete(world, application)
    applications.submit_application(actor=world.official, application=application)
    assert client.get(url("application-edit", application.pk)).status_code == 403
    login_verified(client, world.official)
    assert client.get(url("application-edit", application.pk)).status_code == 302


def test_links_are_saved_from_the_edit_page(client, world):
    opinions = FakeProvider("opinion", "의견제시")
    opinions.add(world.official, 3, "의견-2026-0003", "도로점용허가 수수료 감면")
    opinions.add(world.official, 4, "의견-2026-0004", "청년 창업 공간 임대료 지원")
    login_verified(client, world.official)
    with providers(opinions):
        application = draft(world)
        response = client.post(url("application-links", application.pk), {"links-keys": ["opinion:4"]})
    assert response.status_code == 302
    assert list(application.links.values_list("number", flat=True)) == ["의견-2026-0004"]


def test_a_file_is_attached_and_a_wrong_one_refused(client, world):
    application = draft(world)
    login_verified(client, world.official)
    ok = client.post(
        url("application-file", application.pk),
        {
            "file-file": SimpleUploadedFile("결재문서.pdf", pdf_bytes(), content_type="application/pdf"),
            "file-description": "결재",
        },
    )
    assert ok.status_code == 302
    attached = ApplicationFile.objects.get()
    bad = client.post(
        url("application-file", application.pk),
        {"file-file": SimpleUploadedFile("virus.exe", b"MZ" + b"\x00" * 200, content_type="application/octet-stream")},
    )
    assert bad.status_code == 400
    assert "결재문서.pdf" in bad.content.decode()
    empty = client.post(url("application-file", application.pk), {})
    assert "파일을 선택해 주십시오." in empty.content.decode()
    removed = client.post(url("application-file-remove", application.pk, attached.pk))
    assert removed.status_code == 302
    assert not ApplicationFile.objects.exists()


def test_the_applicant_takes_a_suggestion_over(client, world):
    application = draft(world)
    note = applications.comment(
        actor=application.protection_officer,
        application=application,
        text="더 구체적으로",
        ground="public_interest",
        suggested_text="피해 상인 120명의 영업 재개를 도왔습니다.",
    )
    login_verified(client, world.official)
    page = client.get(url("application-edit", application.pk)).content.decode()
    assert "더 구체적으로" in page
    assert "에 반영" in page
    assert client.post(url("application-apply-suggestion", application.pk, note.pk)).status_code == 302
    application.refresh_from_db()
    assert application.public_interest == "피해 상인 120명의 영업 재개를 도왔습니다."
    again = client.post(url("application-apply-suggestion", application.pk, note.pk))
    assert again.status_code == 400
    assert "이미 반영했습니다" in again.content.decode()


# --- The detail page -----------------------------------------------------------------------------------------


def test_the_detail_page_shows_the_linked_answers_prominently(client, world):
    opinions = FakeProvider("opinion", "의견제시")
    opinions.add(world.official, 3, "의견-2026-0003", "도로점용허가 수수료 감면")
    with providers(opinions):
        application = submitted(world)
    login_verified(client, world.auditor)
    response = client.get(url("application-detail", application.pk))
    page = response.content.decode()
    assert "사전 자문에 따라 업무를 처리했습니다" in page
    assert 'href="/opinion/3/"' in page
    assert "접수 검토 결과 등록" in page
    assert response["Cache-Control"] == "private, no-store"
    record = AccessRecord.objects.get(resource=f"protection.application:{application.pk}")
    assert record.action == AccessAction.VIEW
    assert record.actor == world.auditor


@pytest.mark.parametrize("who", ["colleague", "other_head", "district_auditor", "sysadmin", "secretariat", "members"])
def test_others_get_a_404(client, world, who):
    application = submitted(world)
    login_verified(client, world.members[0] if who == "members" else getattr(world, who))
    assert client.get(url("application-detail", application.pk)).status_code == 404
    for step in ("screen", "comment", "opinion", "vote", "decide", "assign", "extend", "withdraw", "submit"):
        assert client.post(url(f"application-{step}", application.pk), {}).status_code == 404, step


def test_a_superuser_gets_a_403(client, world):
    application = submitted(world)
    world.sysadmin.is_superuser = True
    world.sysadmin.save()
    login_verified(client, world.sysadmin)
    assert client.get(url("application-detail", application.pk)).status_code == 403


def test_the_applicant_leaves_no_access_record(client, world):
    application = draft(world)
    login_verified(client, world.official)
    assert client.get(url("application-detail", application.pk)).status_code == 200
    assert not AccessRecord.objects.exists()


def test_the_officer_comments_from_the_detail_page(client, world):
    application = draft(world)
    login_verified(client, application.protection_officer)
    bad = client.post(url("application-comment", application.pk), {"comment-suggested_text": "문안"})
    assert bad.status_code == 400
    assert "의견을 적으십시오." in bad.content.decode()
    assert "문안" in bad.content.decode()
    ok = client.post(url("application-comment", application.pk), {"comment-text": "증빙을 보강하십시오."})
    assert ok.status_code == 302
    assert application.comments.count() == 1
    opinion = client.post(
        url("application-opinion", application.pk), {"opinion-opinion": "면책 타당", "opinion-attends": "on"}
    )
    assert opinion.status_code == 302


def test_the_screening_form_needs_a_note_to_return(client, world):
    application = submitted(world)
    login_verified(client, world.auditor)
    response = client.post(url("application-screen", application.pk), {"screen-result": "return"})
    assert response.status_code == 400
    assert "보완할 내용이나 각하 사유를 적으십시오." in response.content.decode()
    ok = client.post(url("application-screen", application.pk), {"screen-result": "accept"})
    assert ok.status_code == 302
    application.refresh_from_db()
    assert application.state == S.UNDER_REVIEW


def test_assigning_and_extending_from_the_detail_page(client, world):
    application = accepted(world)
    other = world.officer2 if application.protection_officer == world.officer else world.officer
    login_verified(client, world.auditor)
    assert client.post(url("application-assign", application.pk), {"assign-officer": other.pk}).status_code == 302
    bad = client.post(url("application-assign", application.pk), {"assign-officer": world.official.pk})
    assert bad.status_code == 400
    new = (application.review_due_on + datetime.timedelta(days=5)).isoformat()
    bad = client.post(url("application-extend", application.pk), {"extend-deadline": "review", "extend-due_on": new})
    assert bad.status_code == 400
    assert "기한을 연장하는 사유를 적어 주십시오." in bad.content.decode()
    ok = client.post(
        url("application-extend", application.pk),
        {"extend-deadline": "review", "extend-due_on": new, "extend-reason": "위원 일정"},
    )
    assert ok.status_code == 302


def test_withdrawing_from_the_detail_page(client, world):
    application = submitted(world)
    login_verified(client, world.official)
    assert client.post(url("application-withdraw", application.pk), {"withdraw-reason": "자진 취하"}).status_code == 302
    application.refresh_from_db()
    assert application.state == S.WITHDRAWN
    again = client.post(url("application-withdraw", application.pk), {})
    assert again.status_code == 409  # not possible from the state it is in


def test_votes_and_the_decision_from_the_detail_page(client, world, django_capture_on_commit_callbacks, fake_pdf):
    application = tabled(world)
    member = world.members[1]
    login_verified(client, member)
    page = client.get(url("application-detail", application.pk)).content.decode()
    assert "표결하기" in page
    bad = client.post(url("application-vote", application.pk), {"vote-choice": "mitigated", "vote-reasons": "사유"})
    assert bad.status_code == 400
    assert "감경할 처분을 고르십시오." in bad.content.decode()
    assert (
        client.post(
            url("application-vote", application.pk), {"vote-choice": "exempted", "vote-reasons": "공익"}
        ).status_code
        == 302
    )
    vote_all(world, application, [Outcome.EXEMPTED, Outcome.EXEMPTED, Outcome.DENIED])

    login_verified(client, world.auditor)
    missing = client.post(url("application-decide", application.pk), {})
    assert missing.status_code == 400
    assert "결정 이유를 적으십시오." in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url("application-decide", application.pk), {"decide-reasons": "공익을 위한 적극행정"})
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.state == S.EXEMPTED
    page = client.get(url("application-detail", application.pk)).content.decode()
    assert application.number in page
    assert "결정서 내려받기(PDF)" in page


def test_deciding_without_a_quorum_says_so(client, world):
    application = tabled(world, present=world.members[:1])
    vote_all(world, application, [Outcome.EXEMPTED])
    login_verified(client, world.auditor)
    response = client.post(url("application-decide", application.pk), {"decide-reasons": "이유"})
    assert response.status_code == 400
    assert "의사정족수에 미달합니다" in response.content.decode()


# --- The decision's PDF --------------------------------------------------------------------------------------


def test_the_decision_pdf_is_pending_then_downloaded(client, world, django_capture_on_commit_callbacks, fake_pdf):
    application = decided(world)  # no commit callbacks: the PDF is not rendered yet
    login_verified(client, world.official)
    with django_capture_on_commit_callbacks(execute=True):
        pending = client.get(url("decision-pdf", application.pk))
    assert pending.status_code == 409
    application.refresh_from_db()
    assert application.decision_document is not None  # the page queued the rendering again
    response = client.get(url("decision-pdf", application.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert not AccessRecord.objects.filter(action=AccessAction.VIEW, resource__startswith="면책심사결정서").exists()

    login_verified(client, world.auditor)
    assert client.get(url("decision-pdf", application.pk)).status_code == 200
    assert AccessRecord.objects.filter(
        actor=world.auditor, resource=f"면책심사결정서_{application.number}.pdf"
    ).exists()
    login_verified(client, world.colleague)
    assert client.get(url("decision-pdf", application.pk)).status_code == 404


def test_no_pdf_before_the_decision(client, world):
    application = accepted(world)
    login_verified(client, world.official)
    assert client.get(url("decision-pdf", application.pk)).status_code == 404


# --- The audit office's queue --------------------------------------------------------------------------------


def test_the_queue_lists_submitted_applications_not_drafts(client, world):
    shown = submitted(world)
    hidden = draft(world, concerned_of(world, finding_of(world)))
    login_verified(client, world.auditor)
    page = client.get(url("application-list")).content.decode()
    assert url("application-detail", shown.pk) in page
    assert url("application-detail", hidden.pk) not in page
    filtered = client.get(url("application-list"), {"state": "under_review"}).content.decode()
    assert url("application-detail", shown.pk) not in filtered
    searched = client.get(url("application-list"), {"q": "김주무"}).content.decode()
    assert url("application-detail", shown.pk) in searched


def test_the_queue_is_empty_for_another_bodys_audit_officer_and_refused_to_others(client, world):
    submitted(world)
    login_verified(client, world.district_auditor)
    assert "아직 제출된 신청이 없습니다." in client.get(url("application-list")).content.decode()
    login_verified(client, world.officer)
    assert client.get(url("application-list")).status_code == 403


def test_the_queue_queries_do_not_grow(client, world):
    submitted(world)
    login_verified(client, world.auditor)
    one = _queries(client, url("application-list"))
    accepted(world, draft(world, concerned_of(world, finding_of(world))))
    submitted(world, draft(world, concerned_of(world, finding_of(world, disposition=Disposition.CAUTION))))
    decided(world, application=draft(world, concerned_of(world, finding_of(world))))
    assert _queries(client, url("application-list")) == one


def test_the_overdue_filter(client, world, time_machine):
    application = submitted(world)
    time_machine.move_to(application.screening_due_on + datetime.timedelta(days=2))
    login_verified(client, world.auditor)
    page = client.get(url("application-list"), {"overdue": "on"}).content.decode()
    assert url("application-detail", application.pk) in page
    assert "2일 지남" in page or "일 지남" in page
    assert timezone.localdate() > application.screening_due_on
