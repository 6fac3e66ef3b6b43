"""Counselling cases, the protection guide (pages, contacts, history), the settings and the overdue flags with
their daily command."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.notifications.models import Notification
from proactive.protection.enums import Category, CounsellingState, TieRule
from proactive.protection.models import ApplicationEvent, CounsellingCase, ProtectionSettings
from proactive.protection.queries.guide import page_history, search_pages
from proactive.protection.services import counselling, guide
from proactive.protection.services.overdue import flag_overdue_exemptions
from proactive.protection.services.settings import update_settings
from tests.protection.support import accepted, draft, submitted

pytestmark = pytest.mark.django_db


# --- Counselling ---------------------------------------------------------------------------------------------


def test_an_official_asks_and_an_officer_is_told_without_the_content(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = counselling.request_counselling(
            actor=world.official,
            category=Category.DISCIPLINE,
            topic="징계 소명 준비",
            question="소명서를 어떻게 쓰나요?",
        )
    assert case.officer in {world.officer, world.officer2}
    notice = Notification.objects.get(recipient=case.officer, kind="protection.counselling")
    assert "소명서" not in notice.title + notice.body
    event = AuditEvent.objects.get(verb="protection.counselling_requested")
    assert "소명서" not in str(event.data)


@pytest.mark.parametrize(
    ("category", "topic", "question", "code"),
    [
        ("", "t", "q", "category_required"),
        (Category.OTHER, "", "q", "topic_required"),
        (Category.OTHER, "t", "", "question_required"),
    ],
)
def test_a_request_needs_its_parts(world, category, topic, question, code):
    with pytest.raises(DomainError) as refused:
        counselling.request_counselling(actor=world.official, category=category, topic=topic, question=question)
    assert refused.value.code == code


def test_a_citizen_cannot_ask(world):
    from tests.factories.accounts import CitizenFactory

    with pytest.raises(PermissionDeniedError):
        counselling.request_counselling(actor=CitizenFactory(), category=Category.OTHER, topic="t", question="q")


def test_an_officer_records_notes_and_closes(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = counselling.record_counselling(
            actor=world.officer,
            client=world.official,
            category=Category.LITIGATION,
            topic="소송비 지원",
            question="전화 상담",
        )
        counselling.add_note(actor=world.officer, case=case, text="지원 요건을 안내했습니다.", next_steps="신청서 제출")
        counselling.close_case(actor=world.officer, case=case, next_steps="책임관에게 신청서를 제출하십시오.")
    case.refresh_from_db()
    assert case.state == CounsellingState.CLOSED
    assert case.closed_on == timezone.localdate()
    assert case.next_steps == "책임관에게 신청서를 제출하십시오."
    assert Notification.objects.filter(recipient=world.official, kind="protection.counselling").count() == 3
    with pytest.raises(PermissionDeniedError):
        counselling.add_note(actor=world.officer, case=case, text="종결 후 기록")


def test_recording_needs_an_official_with_an_account(world):
    from tests.factories.accounts import CitizenFactory

    with pytest.raises(DomainError):
        counselling.record_counselling(
            actor=world.officer, client=CitizenFactory(), category=Category.OTHER, topic="t", question="q"
        )
    with pytest.raises(PermissionDeniedError):
        counselling.record_counselling(
            actor=world.auditor, client=world.official, category=Category.OTHER, topic="t", question="q"
        )


def test_a_note_on_a_case_nobody_took_makes_the_writer_its_officer(world):
    case = CounsellingCase.objects.create(
        client=world.official,
        category=Category.OTHER,
        topic="t",
        question="q",
        opened_on=timezone.localdate(),
        created_by=world.official,
    )
    counselling.add_note(actor=world.officer2, case=case, text="기록")
    case.refresh_from_db()
    assert case.officer == world.officer2


@pytest.mark.parametrize("who", ["official", "auditor", "members", "sysadmin"])
def test_only_protection_officers_write_and_close(world, who):
    case = counselling.request_counselling(actor=world.colleague, category=Category.OTHER, topic="t", question="q")
    actor = world.members[0] if who == "members" else getattr(world, who)
    with pytest.raises(PermissionDeniedError):
        counselling.add_note(actor=actor, case=case, text="x")
    with pytest.raises(PermissionDeniedError):
        counselling.close_case(actor=actor, case=case, next_steps="x")


# --- The guide -----------------------------------------------------------------------------------------------


PAGE = {
    "title": "면책 신청 절차",
    "category": Category.EXEMPTION,
    "body": "## 신청 기한\n감사 종료 후 20일 이내에 신청합니다.",
    "order": 1,
    "published": True,
    "last_reviewed_on": datetime.date(2026, 3, 1),
}


def test_pages_are_written_changed_and_their_history_kept(world):
    page = guide.create_page(actor=world.officer, data=PAGE)
    guide.update_page(actor=world.officer2, page=page, data=PAGE | {"body": "## 신청 기한\n20일 이내(달력일)."})
    guide.update_page(actor=world.officer2, page=page, data=PAGE | {"body": "## 신청 기한\n20일 이내(달력일)."})

    history = list(page_history(page))
    assert [e.verb for e in history] == ["protection.guide_page_changed", "protection.guide_page_created"]
    assert set(history[0].changes) == {"body"}
    page.refresh_from_db()
    assert page.updated_by == world.officer2


def test_a_page_needs_a_title_a_text_and_a_category(world):
    for change, code in (
        ({"title": ""}, "title_required"),
        ({"body": ""}, "body_required"),
        ({"category": "x"}, "category_required"),
    ):
        with pytest.raises(DomainError) as refused:
            guide.create_page(actor=world.officer, data=PAGE | change)
        assert refused.value.code == code


@pytest.mark.parametrize("who", ["official", "auditor", "sysadmin", "secretariat"])
def test_only_protection_officers_edit_the_guide(world, who):
    with pytest.raises(PermissionDeniedError):
        guide.create_page(actor=getattr(world, who), data=PAGE)
    with pytest.raises(PermissionDeniedError):
        guide.create_contact(actor=getattr(world, who), data={"name": "a", "organisation": "b", "phone": "1"})


def test_every_word_of_a_search_must_occur(world):
    guide.create_page(actor=world.officer, data=PAGE)
    guide.create_page(actor=world.officer, data=PAGE | {"title": "소송 지원", "body": "변호사 선임비를 지원합니다."})
    from proactive.protection.models import GuidePage

    qs = GuidePage.objects.all()
    assert [p.title for p in search_pages(qs, "신청 20일")] == ["면책 신청 절차"]
    assert [p.title for p in search_pages(qs, "변호사")] == ["소송 지원"]
    assert search_pages(qs, "변호사 20일").count() == 0
    assert search_pages(qs, "").count() == 2


def test_contacts_need_a_way_to_reach_them_and_changes_are_audited(world):
    with pytest.raises(DomainError) as refused:
        guide.create_contact(actor=world.officer, data={"name": "법무담당관실", "organisation": "부산광역시"})
    assert refused.value.code == "reach_required"
    contact = guide.create_contact(
        actor=world.officer,
        data={"name": "법무담당관실", "organisation": "부산광역시", "phone": "051-888-1234", "active": True},
    )
    guide.update_contact(
        actor=world.officer,
        contact=contact,
        data={"name": "법무담당관실", "organisation": "부산광역시", "phone": "051-888-1234", "active": False},
    )
    contact.refresh_from_db()
    assert not contact.active
    assert AuditEvent.objects.filter(verb="protection.contact_changed", changes__has_key="active").exists()


# --- Settings ------------------------------------------------------------------------------------------------


def test_the_city_audit_office_changes_the_settings(world):
    settings = update_settings(actor=world.auditor, data={"application_days": 30, "tie_rule": TieRule.DENIED})
    assert (settings.application_days, settings.tie_rule) == (30, TieRule.DENIED)
    event = AuditEvent.objects.get(verb="protection.settings_changed")
    assert event.changes["application_days"] == [20, 30]
    with pytest.raises(PermissionDeniedError):
        update_settings(actor=world.district_auditor, data={"application_days": 10})
    with pytest.raises(PermissionDeniedError):
        update_settings(actor=world.officer, data={"application_days": 10})
    with pytest.raises(ValidationError):
        update_settings(actor=world.auditor, data={"tie_rule": "coin"})
    assert ProtectionSettings.current().application_days == 30


# --- Overdue -------------------------------------------------------------------------------------------------


def test_overdue_applications_are_flagged_once_a_day_to_whoever_owes_the_next_step(
    world, time_machine, django_capture_on_commit_callbacks
):
    screening = submitted(world)
    from tests.protection.support import concerned_of, finding_of

    review = accepted(world, draft(world, concerned_of(world, finding_of(world))))
    late_draft = draft(world, concerned_of(world, finding_of(world)))
    later = max(screening.screening_due_on, review.review_due_on, late_draft.concerned.apply_by) + datetime.timedelta(
        days=1
    )
    time_machine.move_to(later)

    with django_capture_on_commit_callbacks(execute=True):
        flagged = flag_overdue_exemptions()
    assert flagged == 3
    audit_notice = Notification.objects.get(recipient=world.auditor, kind="protection.overdue")
    assert "2" in audit_notice.title
    assert audit_notice.url == "/protection/applications/?overdue=on"
    assert Notification.objects.get(recipient=world.official, kind="protection.overdue").url == "/protection/"
    assert not Notification.objects.filter(recipient=world.district_auditor, kind="protection.overdue").exists()
    assert ApplicationEvent.objects.filter(verb="overdue_flagged").count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        assert flag_overdue_exemptions() == 0
    assert Notification.objects.filter(kind="protection.overdue").count() == 2


def test_the_command_reports_what_it_flagged(world, time_machine):
    application = submitted(world)
    time_machine.move_to(application.screening_due_on + datetime.timedelta(days=1))
    out = io.StringIO()
    call_command("flag_overdue_exemptions", stdout=out)
    assert out.getvalue().strip() == "1 overdue exemption application(s) flagged."


def test_nothing_is_overdue_in_time(world):
    submitted(world)
    assert flag_overdue_exemptions() == 0
