"""The protection officer's screens and the guide: the caseload with its filters (query counts), counselling
(confidential), the guide with its search, pages (drafts hidden from readers, history for editors) and contacts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.audit.models import AccessRecord
from proactive.protection.enums import Category, CounsellingState
from proactive.protection.models import CounsellingCase, GuidePage, LegalContact
from proactive.protection.services import counselling, guide
from tests.conftest import login_verified
from tests.protection.support import concerned_of, draft, finding_of, submitted

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"protection:{name}", args=args)


def _queries(client, path, params=None) -> int:
    client.get(path, params or {})
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, params or {}).status_code == 200
    return len(ctx.captured_queries)


def _case(world, who=None, topic="징계 소명"):
    return counselling.request_counselling(
        actor=who or world.official,
        category=Category.DISCIPLINE,
        topic=topic,
        question="소명서 작성 요령이 궁금합니다.",
    )


# --- Caseload ------------------------------------------------------------------------------------------------


def test_the_caseload_lists_applications_and_counselling_with_filters(client, world):
    application = draft(world)
    officer = application.protection_officer
    case = counselling.record_counselling(
        actor=officer, client=world.colleague, category=Category.LITIGATION, topic="소송비 지원 문의", question="q"
    )
    login_verified(client, officer)
    page = client.get(url("caseload")).content.decode()
    assert url("application-detail", application.pk) in page
    assert "소송비 지원 문의" in page
    only_counselling = client.get(url("caseload"), {"kind": "counselling"}).content.decode()
    assert url("application-detail", application.pk) not in only_counselling
    closed = client.get(url("caseload"), {"status": "closed"}).content.decode()
    assert "소송비 지원 문의" not in closed
    searched = client.get(url("caseload"), {"q": "이동료"}).content.decode()
    assert "소송비 지원 문의" in searched
    assert case.pk


def test_the_caseload_queries_do_not_grow(client, world):
    application = draft(world)
    officer = application.protection_officer
    _case(world)
    login_verified(client, officer)
    one = _queries(client, url("caseload"))
    for _ in range(3):
        submitted(world, draft(world, concerned_of(world, finding_of(world))))
        _case(world, world.colleague)
    assert _queries(client, url("caseload")) == one
    assert _queries(client, url("caseload"), {"everyone": "on", "status": "open"}) == one


def test_the_caseload_is_for_protection_officers_only(client, world):
    for user in (world.official, world.auditor, world.members[0], world.sysadmin):
        login_verified(client, user)
        assert client.get(url("caseload")).status_code == 403


# --- Counselling ---------------------------------------------------------------------------------------------


def test_an_official_asks_for_counselling(client, world):
    login_verified(client, world.official)
    bad = client.post(url("counselling-request"), {"category": Category.DISCIPLINE, "topic": "징계 소명"})
    assert bad.status_code == 400
    assert "상담 내용을 적으십시오." in bad.content.decode()
    assert 'value="징계 소명"' in bad.content.decode()
    ok = client.post(
        url("counselling-request"), {"category": Category.DISCIPLINE, "topic": "징계 소명", "question": "q"}
    )
    case = CounsellingCase.objects.get()
    assert ok["Location"] == url("counselling-detail", case.pk)
    assert "징계 소명" in client.get(url("my-exemptions")).content.decode()


def test_an_officer_records_a_case_by_employee_number(client, world):
    login_verified(client, world.officer)
    bad = client.post(
        url("counselling-record"), {"employee_no": "NOPE", "category": Category.OTHER, "topic": "t", "question": "q"}
    )
    assert bad.status_code == 400
    assert "이 번호의 로그인 계정이 있는 공무원이 없습니다." in bad.content.decode()
    ok = client.post(
        url("counselling-record"),
        {
            "employee_no": world.official.official.employee_no,
            "category": Category.OTHER,
            "topic": "전화 상담",
            "question": "q",
        },
    )
    assert ok.status_code == 302
    assert CounsellingCase.objects.get().client == world.official


def test_counselling_is_confidential(client, world):
    case = _case(world)
    for user in (world.colleague, world.head, world.auditor, world.members[0], world.sysadmin):
        login_verified(client, user)
        assert client.get(url("counselling-detail", case.pk)).status_code == 404
    login_verified(client, world.official)
    page = client.get(url("counselling-detail", case.pk)).content.decode()
    assert "소명서 작성 요령이 궁금합니다." in page
    assert "상담 기록" in page
    assert "note-text" not in page
    assert not AccessRecord.objects.exists()
    login_verified(client, world.officer2)
    assert client.get(url("counselling-detail", case.pk)).status_code == 200
    assert AccessRecord.objects.filter(actor=world.officer2, resource=f"protection.counselling:{case.pk}").exists()


def test_notes_and_closing(client, world):
    case = _case(world)
    login_verified(client, world.officer)
    bad = client.post(url("counselling-note", case.pk), {"note-next_steps": "다음"})
    assert bad.status_code == 400
    assert "상담 기록을 적으십시오." in bad.content.decode()
    assert client.post(url("counselling-note", case.pk), {"note-text": "소명 요령 안내"}).status_code == 302
    bad_close = client.post(url("counselling-close", case.pk), {})
    assert "공무원에게 안내할 향후 조치를 적으십시오." in bad_close.content.decode()
    assert client.post(url("counselling-close", case.pk), {"close-next_steps": "소명서 제출"}).status_code == 302
    case.refresh_from_db()
    assert case.state == CounsellingState.CLOSED
    assert client.post(url("counselling-note", case.pk), {"note-text": "x"}).status_code == 403
    login_verified(client, world.official)
    assert client.post(url("counselling-note", case.pk), {"note-text": "x"}).status_code == 403


# --- The guide -----------------------------------------------------------------------------------------------


def _page(world, **overrides):
    data = {
        "title": "면책 신청 절차와 기한",
        "category": Category.EXEMPTION,
        "body": "## 신청 기한\n감사 종료 후 20일 이내\n\n- 경위서\n- 증빙자료",
        "order": 1,
        "published": True,
        "last_reviewed_on": None,
    } | overrides
    return guide.create_page(actor=world.officer, data=data)


def test_officials_read_and_search_the_published_guide(client, world):
    page = _page(world)
    draft_page = _page(world, title="작성 중인 항목", published=False)
    guide.create_contact(
        actor=world.officer,
        data={
            "name": "법무담당관실",
            "organisation": "부산광역시",
            "phone": "051-888-1234",
            "hours": "평일 09:00–18:00",
            "active": True,
        },
    )
    login_verified(client, world.official)
    listing = client.get(url("guide")).content.decode()
    assert "면책 신청 절차와 기한" in listing
    assert "작성 중인 항목" not in listing
    assert "051-888-1234" in listing
    found = client.get(url("guide"), {"q": "20일 경위서"}).content.decode()
    assert "면책 신청 절차와 기한" in found
    assert "1개" in found
    assert "검색어에 맞는 항목이 없습니다." in client.get(url("guide"), {"q": "없는말"}).content.decode()
    detail = client.get(url("guide-page", page.pk)).content.decode()
    assert "<h3>신청 기한</h3>" in detail
    assert "<li>경위서</li>" in detail
    assert "변경 이력" not in detail
    assert client.get(url("guide-page", draft_page.pk)).status_code == 404


def test_the_guide_queries_do_not_grow(client, world):
    _page(world)
    login_verified(client, world.official)
    one = _queries(client, url("guide"))
    for n in range(4):
        _page(world, title=f"항목 {n}", category=Category.LITIGATION)
        guide.create_contact(
            actor=world.officer,
            data={"name": f"변호사 {n}", "organisation": "부산지방변호사회", "phone": "051", "active": True},
        )
    assert _queries(client, url("guide")) == one


def test_the_guide_is_not_public(client, world, citizen):
    _page(world)
    assert client.get(url("guide")).status_code == 302
    client.force_login(citizen)
    assert client.get(url("guide")).status_code == 403


def test_officers_write_and_edit_pages_and_see_the_history(client, world):
    login_verified(client, world.officer)
    bad = client.post(url("guide-page-create"), {"title": "새 항목", "category": Category.OPINION, "order": "1"})
    assert bad.status_code == 400
    assert "본문을 적으십시오." in bad.content.decode()
    assert 'value="새 항목"' in bad.content.decode()
    ok = client.post(
        url("guide-page-create"), {"title": "새 항목", "category": Category.OPINION, "body": "본문", "order": "1"}
    )
    page = GuidePage.objects.get()
    assert ok["Location"] == url("guide-page", page.pk)
    edit = client.post(
        url("guide-page-edit", page.pk),
        {"title": "새 항목", "category": Category.OPINION, "body": "고친 본문", "order": "1", "published": "on"},
    )
    assert edit.status_code == 302
    detail = client.get(url("guide-page", page.pk)).content.decode()
    assert "변경 이력" in detail
    assert "body" in detail
    assert GuidePage.objects.get().published


def test_contacts_are_added_and_edited(client, world):
    login_verified(client, world.officer)
    bad = client.post(url("guide-contact-create"), {"name": "변호사", "organisation": "변호사회", "order": "0"})
    assert bad.status_code == 400
    assert "전화번호나 전자우편 주소를 적으십시오." in bad.content.decode()
    ok = client.post(
        url("guide-contact-create"),
        {
            "name": "김변호사",
            "organisation": "부산지방변호사회",
            "email": "law@example.com",
            "order": "0",
            "active": "on",
        },
    )
    assert ok.status_code == 302
    contact = LegalContact.objects.get()
    assert client.get(url("guide-contact-edit", contact.pk)).status_code == 200
    hidden = client.post(
        url("guide-contact-edit", contact.pk),
        {"name": "김변호사", "organisation": "부산지방변호사회", "email": "law@example.com", "order": "0"},
    )
    assert hidden.status_code == 302
    login_verified(client, world.official)
    assert "김변호사" not in client.get(url("guide")).content.decode()


@pytest.mark.parametrize("name", ["guide-page-create", "guide-contact-create"])
def test_only_officers_edit_the_guide(client, world, name):
    login_verified(client, world.official)
    assert client.get(url(name)).status_code == 403
    login_verified(client, world.auditor)
    assert client.get(url(name)).status_code == 403
