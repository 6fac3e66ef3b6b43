"""Exemption applications through their services: who may apply and when, the linked earlier answers, the draft
with the protection officer, evidence, submission, screening, withdrawal, deadlines."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.notifications.models import Notification
from proactive.protection.enums import ApplicantKind, ApplicationState, Deadline
from proactive.protection.models import ApplicationEvent, ExemptionApplication, LinkedAnswer, ProtectionSettings
from proactive.protection.services import applications
from tests.factories.documents import pdf_bytes
from tests.protection.support import (
    FINDING_TEXT,
    GROUNDS,
    FakeProvider,
    accepted,
    audit_of,
    complete,
    concerned_of,
    draft,
    finding_of,
    providers,
    submitted,
)

pytestmark = pytest.mark.django_db
S = ApplicationState
TODAY = timezone.localdate


# --- Starting ------------------------------------------------------------------------------------------------


def test_the_official_opens_a_draft_with_an_officer_assigned(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = draft(world)

    assert application.state == S.DRAFT
    assert application.applicant == world.official
    assert application.applicant_kind == ApplicantKind.SELF
    assert application.protection_officer in {world.officer, world.officer2}
    assert Notification.objects.filter(recipient=application.protection_officer, kind="protection.officer_assigned")
    assert AuditEvent.objects.filter(verb="protection.application_started", target_id=str(application.pk)).exists()
    assert ApplicationEvent.objects.filter(application=application, verb="started").exists()


def test_the_least_busy_officer_is_assigned(world):
    first = draft(world)
    second = draft(
        world,
        concerned_of(world, finding_of(world, officials=[world.colleague.official]), world.colleague.official),
        actor=world.colleague,
    )

    assert {first.protection_officer, second.protection_officer} == {world.officer, world.officer2}


def test_the_department_head_applies_for_their_official(world):
    application = draft(world, actor=world.head)

    assert application.applicant == world.head
    assert application.applicant_kind == ApplicantKind.HEAD


@pytest.mark.parametrize(
    "who", ["colleague", "other_head", "stranger", "auditor", "officer", "sysadmin", "secretariat"]
)
def test_nobody_else_may_apply(world, who):
    with pytest.raises(PermissionDeniedError):
        draft(world, actor=getattr(world, who))


def test_a_late_application_is_refused_with_the_date(world):
    row = concerned_of(world, finding_of(world, audit_of(world, ends_ago=25)))

    with pytest.raises(DomainError) as refused:
        draft(world, row)
    assert refused.value.code == "too_late"
    assert row.apply_by.isoformat() in refused.value.message
    assert "20일" in refused.value.message


def test_the_application_period_counts_as_configured(world):
    ProtectionSettings.objects.update_or_create(pk=1, defaults={"application_days": 30})
    row = concerned_of(world, finding_of(world, audit_of(world, ends_ago=25)))

    assert draft(world, row).state == S.DRAFT


def test_an_application_on_the_last_day_is_in_time(world):
    row = concerned_of(world, finding_of(world, audit_of(world, ends_ago=20)))
    assert row.apply_by == TODAY()
    assert draft(world, row).pk


def test_one_live_application_per_official_and_finding(world):
    row = concerned_of(world)
    first = draft(world, row)
    with pytest.raises(DomainError) as refused:
        draft(world, row, actor=world.head)
    assert refused.value.code == "already_open"

    applications.withdraw_application(actor=world.official, application=first)
    assert draft(world, row).pk != first.pk


# --- Linking earlier answers ---------------------------------------------------------------------------------


def _providers(world):
    opinions = FakeProvider("opinion", "의견제시")
    consulting = FakeProvider("preconsulting", "사전컨설팅")
    same = opinions.add(world.official, 3, "의견-2026-0003", "태풍 피해 상가 도로점용허가 수수료 감면 가능 여부")
    other = opinions.add(world.official, 4, "의견-2026-0004", "청년 창업 공간 임대료 지원 기준", days_ago=90)
    pre = consulting.add(world.official, 12, "사전-2026-0012", "수수료 감면 처리 방안", summary=FINDING_TEXT)
    consulting.add(world.colleague, 13, "사전-2026-0013", "도로점용허가 수수료 감면")  # someone else's
    return opinions, consulting, same, other, pre


def test_the_draft_links_the_officials_answers_on_the_same_matter(world):
    opinions, consulting, same, other, pre = _providers(world)
    with providers(opinions, consulting):
        application = draft(world)

    links = {link.number: link for link in application.links.all()}
    assert set(links) == {"의견-2026-0003", "사전-2026-0012"}
    copied = links["의견-2026-0003"]
    assert (copied.kind, copied.subject_pk, copied.title, copied.answered_on) == (
        "opinion",
        3,
        same.title,
        same.answered_on,
    )
    assert copied.kind_label == "의견제시"
    assert copied.matched


def test_a_head_applying_links_the_officials_answers(world):
    opinions, consulting, *_ = _providers(world)
    with providers(opinions, consulting):
        application = draft(world, actor=world.head)

    assert application.links.count() == 2


def test_the_applicant_confirms_or_unticks_and_the_snapshot_stays(world):
    opinions, consulting, same, other, pre = _providers(world)
    with providers(opinions, consulting):
        application = draft(world)
        applications.set_links(actor=world.official, application=application, keys={"opinion:3", "opinion:4"})
        assert set(application.links.values_list("number", flat=True)) == {"의견-2026-0003", "의견-2026-0004"}
        assert not LinkedAnswer.objects.get(number="의견-2026-0004").matched

    # The provider no longer lists it (the opinions app is down, or the answer was withdrawn): the copy stays.
    with providers():
        applications.set_links(actor=world.official, application=application, keys={"opinion:3", "opinion:4"})
    assert application.links.count() == 2
    assert LinkedAnswer.objects.get(number="의견-2026-0003").title == same.title
    event = AuditEvent.objects.filter(verb="protection.links_changed").order_by("pk").first()
    assert event.data == {"added": ["의견-2026-0004"], "removed": ["사전-2026-0012"]}


def test_a_failing_provider_does_not_block_the_application(world):
    broken = FakeProvider("opinion", "의견제시", fail=True)
    consulting = FakeProvider("preconsulting", "사전컨설팅")
    consulting.add(world.official, 1, "사전-2026-0001", "도로점용허가 수수료 감면")
    with providers(broken, consulting):
        application = draft(world)

    assert list(application.links.values_list("number", flat=True)) == ["사전-2026-0001"]


def test_an_official_without_an_account_has_no_earlier_answers(world):
    from tests.factories.accounts import OfficialFactory

    nobody = OfficialFactory(unit=world.team)
    row = concerned_of(world, finding_of(world, officials=[nobody]), nobody)
    opinions = FakeProvider("opinion", "의견제시")
    with providers(opinions):
        application = draft(world, row, actor=world.head)
    assert application.links.count() == 0


# --- The draft -------------------------------------------------------------------------------------------------


def test_the_draft_is_saved_and_the_head_opinion_is_the_heads_only(world):
    application = draft(world)
    applications.update_application(
        actor=world.official, application=application, data=GROUNDS | {"head_opinion": "내가 쓴 부서장 의견"}
    )
    application.refresh_from_db()
    assert application.facts == GROUNDS["facts"]
    assert application.head_opinion == ""

    applications.update_application(actor=world.head, application=application, data={"head_opinion": "적극 추천합니다"})
    application.refresh_from_db()
    assert application.head_opinion == "적극 추천합니다"
    event = AuditEvent.objects.filter(verb="protection.application_changed").order_by("pk").last()
    assert event.data == {"fields": ["head_opinion"]}


def test_the_officer_comments_and_the_applicant_takes_the_suggestion(world, django_capture_on_commit_callbacks):
    application = draft(world)
    officer = application.protection_officer
    with django_capture_on_commit_callbacks(execute=True):
        note = applications.comment(
            actor=officer,
            application=application,
            text="사전컨설팅 회신을 따랐다는 점을 분명히 적으십시오.",
            ground="no_gross_negligence",
            suggested_text="사전-2026-0012 회신에 따라 감면했습니다.",
        )
    assert Notification.objects.filter(recipient=world.official, kind="protection.officer_comment").exists()

    applications.apply_suggestion(actor=world.official, application=application, note=note)
    application.refresh_from_db()
    note.refresh_from_db()
    assert application.no_gross_negligence == "사전-2026-0012 회신에 따라 감면했습니다."
    assert note.applied_by == world.official
    with pytest.raises(DomainError) as again:
        applications.apply_suggestion(actor=world.official, application=application, note=note)
    assert again.value.code == "already_applied"


def test_suggested_text_needs_its_part(world):
    application = draft(world)
    with pytest.raises(DomainError) as refused:
        applications.comment(
            actor=application.protection_officer, application=application, text="의견", suggested_text="문안"
        )
    assert refused.value.code == "ground_required"


@pytest.mark.parametrize("who", ["official", "auditor", "other_officer"])
def test_only_the_assigned_officer_comments(world, who):
    application = draft(world)
    other = world.officer2 if application.protection_officer == world.officer else world.officer
    actor = other if who == "other_officer" else getattr(world, who)
    with pytest.raises(PermissionDeniedError):
        applications.comment(actor=actor, application=application, text="의견")


def test_the_officer_cannot_comment_once_submitted_but_gives_an_opinion(world):
    application = submitted(world)
    officer = application.protection_officer
    with pytest.raises(PermissionDeniedError):
        applications.comment(actor=officer, application=application, text="의견")

    applications.give_officer_opinion(
        actor=officer, application=application, opinion="면책이 타당합니다.", attends=True
    )
    application.refresh_from_db()
    assert application.officer_attends
    with pytest.raises(DomainError):
        applications.give_officer_opinion(actor=officer, application=application, opinion=" ", attends=False)


def test_evidence_is_attached_and_removed(world):
    application = draft(world)
    attached = applications.add_file(
        actor=world.official,
        application=application,
        uploaded_file=SimpleUploadedFile("감면 결재문서.pdf", pdf_bytes(), content_type="application/pdf"),
        description="과장 결재",
    )
    assert attached.document.purpose == "protection.evidence"
    assert attached.document.owner == world.official

    applications.remove_file(actor=world.official, application=application, attached=attached)
    assert application.files.count() == 0


def test_a_file_that_is_not_allowed_is_refused(world):
    application = draft(world)
    with pytest.raises(DomainError):
        applications.add_file(
            actor=world.official,
            application=application,
            uploaded_file=SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 50, content_type="application/octet-stream"),
        )


# --- Submitting ------------------------------------------------------------------------------------------------


def test_submitting_sets_the_screening_deadline_and_tells_the_audit_office(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(world)

    assert application.state == S.SUBMITTED
    assert application.submitted_on == TODAY()
    assert application.screening_due_on > TODAY()
    notified = set(
        Notification.objects.filter(kind="protection.application_submitted").values_list("recipient", flat=True)
    )
    assert notified == {world.auditor.pk}  # not the district's audit officer


def test_an_incomplete_application_is_not_submitted(world):
    application = draft(world)
    applications.update_application(actor=world.official, application=application, data={"facts": "경위"})
    with pytest.raises(DomainError) as refused:
        applications.submit_application(actor=world.official, application=application)
    assert refused.value.code == "incomplete"
    assert "공익성" in refused.value.message


def test_the_declaration_is_required(world):
    application = draft(world)
    applications.update_application(actor=world.official, application=application, data=GROUNDS)
    with pytest.raises(DomainError) as refused:
        applications.submit_application(actor=world.official, application=application)
    assert refused.value.code == "declaration_required"


def test_transparency_may_stay_empty(world):
    application = draft(world)
    applications.update_application(
        actor=world.official,
        application=application,
        data=GROUNDS | {"transparency": "", "no_private_interest": True},
    )
    assert applications.submit_application(actor=world.official, application=application).state == S.SUBMITTED


def test_a_draft_past_the_deadline_cannot_be_submitted(world, time_machine):
    application = draft(world)
    complete(world, application)
    time_machine.move_to(application.concerned.apply_by + datetime.timedelta(days=1))
    with pytest.raises(DomainError) as refused:
        applications.submit_application(actor=world.official, application=application)
    assert refused.value.code == "too_late"


def test_others_cannot_submit_or_withdraw(world):
    application = draft(world)
    complete(world, application)
    for actor in (world.colleague, world.auditor, application.protection_officer, world.other_head):
        with pytest.raises(PermissionDeniedError):
            applications.submit_application(actor=actor, application=application)
        with pytest.raises(PermissionDeniedError):
            applications.withdraw_application(actor=actor, application=application)


# --- Screening ---------------------------------------------------------------------------------------------------


def test_the_audit_office_accepts_and_the_review_clock_starts(world, django_capture_on_commit_callbacks):
    application = submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        application = applications.screen_application(actor=world.auditor, application=application, result="accept")

    assert application.state == S.UNDER_REVIEW
    assert application.review_due_on == TODAY() + datetime.timedelta(days=30)
    kinds = Notification.objects.filter(kind="protection.application_screened")
    assert {n.recipient for n in kinds} == {world.official, application.protection_officer}


def test_returning_for_completion_and_resubmitting(world):
    application = submitted(world)
    with pytest.raises(DomainError) as refused:
        applications.screen_application(actor=world.auditor, application=application, result="return")
    assert refused.value.code == "note_required"

    application = applications.screen_application(
        actor=world.auditor, application=application, result="return", note="결재 문서 사본을 첨부하십시오."
    )
    assert application.state == S.RETURNED
    assert application.completion_due_on > TODAY()
    applications.update_application(actor=world.official, application=application, data={"transparency": "사본 첨부"})
    application = applications.submit_application(actor=world.official, application=application)
    assert application.state == S.SUBMITTED
    assert application.completion_due_on is None
    assert ApplicationEvent.objects.filter(application=application, verb="resubmitted").exists()


def test_a_late_completion_is_refused(world, time_machine):
    application = submitted(world)
    application = applications.screen_application(
        actor=world.auditor, application=application, result="return", note="보완"
    )
    time_machine.move_to(application.completion_due_on + datetime.timedelta(days=1))
    with pytest.raises(DomainError) as refused:
        applications.submit_application(actor=world.official, application=application)
    assert refused.value.code == "too_late"


def test_rejecting_needs_reasons_and_leaves_room_for_a_new_application(world):
    application = submitted(world)
    with pytest.raises(DomainError):
        applications.screen_application(actor=world.auditor, application=application, result="reject")
    application = applications.screen_application(
        actor=world.auditor, application=application, result="reject", note="감사 지적과 무관한 사안입니다."
    )
    assert application.state == S.REJECTED
    assert draft(world, application.concerned).pk != application.pk


@pytest.mark.parametrize("who", ["district_auditor", "officer", "official", "head", "sysadmin"])
def test_only_the_audit_office_of_the_audited_unit_screens(world, who):
    application = submitted(world)
    with pytest.raises(PermissionDeniedError):
        applications.screen_application(actor=getattr(world, who), application=application, result="accept")


def test_a_draft_cannot_be_screened(world):
    with pytest.raises((PermissionDeniedError, InvalidTransitionError)):
        applications.screen_application(actor=world.auditor, application=draft(world), result="accept")


def test_an_unknown_screening_result_is_refused(world):
    with pytest.raises(DomainError) as refused:
        applications.screen_application(actor=world.auditor, application=submitted(world), result="maybe")
    assert refused.value.code == "result_required"


def test_an_accepted_application_cannot_be_withdrawn(world):
    application = accepted(world)
    with pytest.raises(InvalidTransitionError):
        applications.withdraw_application(actor=world.official, application=application)


# --- The audit office's other steps -------------------------------------------------------------------------------


def test_the_audit_office_reassigns_the_officer(world, django_capture_on_commit_callbacks):
    application = submitted(world)
    other = world.officer2 if application.protection_officer == world.officer else world.officer
    with django_capture_on_commit_callbacks(execute=True):
        applications.assign_officer(actor=world.auditor, application=application, officer=other)
    application.refresh_from_db()
    assert application.protection_officer == other
    assert Notification.objects.filter(recipient=other, kind="protection.officer_assigned").exists()
    with pytest.raises(DomainError) as refused:
        applications.assign_officer(actor=world.auditor, application=application, officer=world.colleague)
    assert refused.value.code == "not_officer"
    with pytest.raises(PermissionDeniedError):
        applications.assign_officer(actor=world.district_auditor, application=application, officer=other)


def test_the_running_deadline_is_extended_with_a_reason(world):
    application = accepted(world)
    new = application.review_due_on + datetime.timedelta(days=10)
    applications.extend_deadline(
        actor=world.auditor, application=application, deadline=Deadline.REVIEW, new_due_on=new, reason="위원 일정"
    )
    application.refresh_from_db()
    assert application.review_due_on == new
    with pytest.raises(DomainError) as refused:
        applications.extend_deadline(
            actor=world.auditor, application=application, deadline=Deadline.SCREENING, new_due_on=new, reason="x"
        )
    assert refused.value.code == "not_running"
    with pytest.raises(DomainError) as earlier:
        applications.extend_deadline(
            actor=world.auditor, application=application, deadline=Deadline.REVIEW, new_due_on=new, reason="x"
        )
    assert earlier.value.code == "not_later"


def test_a_superuser_cannot_start_or_screen(world):
    world.official.is_superuser = True
    with pytest.raises(PermissionDeniedError):
        draft(world)
    world.official.is_superuser = False
    application = submitted(world)
    world.auditor.is_superuser = True
    with pytest.raises(PermissionDeniedError):
        applications.screen_application(actor=world.auditor, application=application, result="accept")


def test_the_application_string_is_its_number_once_decided(world):
    application = draft(world)
    assert str(application).startswith("면책 신청") or str(application).startswith("Exemption application")
    ExemptionApplication.objects.filter(pk=application.pk).update(number="면책-2026-0009")
    application.refresh_from_db()
    assert str(application) == "면책-2026-0009"
