"""The request's workflow through its services: drafts, submission, screening, the audit office, the agenda and the
committee's decision, how the opinion was acted on, withdrawing, deadlines; every refusal."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.committee.queries import items_of, open_item_of
from proactive.committee.services.agenda import withdraw_item
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.notifications.models import Notification
from proactive.opinions.enums import (
    AgencyKind,
    CommitteeOutcome,
    PrivateInterest,
    RequestKind,
    RequestState,
)
from proactive.opinions.models import Event, OpinionRequest, OpinionSettings
from proactive.opinions.services import requests as services
from proactive.opinions.services.requests import StatuteInput
from proactive.opinions.workflow import COMMITTEE, REQUEST_TRANSITIONS
from tests.committee.support import decide
from tests.conftest import make_staff
from tests.factories.accounts import CitizenFactory
from tests.factories.documents import pdf_bytes
from tests.opinions.support import (
    OPINION,
    OPINION_DATA,
    STATUTES,
    accepted,
    auditor,
    corporation_official,
    decided,
    draft,
    official,
    on_agenda,
    secretariat,
    submitted,
)

pytestmark = pytest.mark.django_db
S = RequestState


def pdf(name="검토자료.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


# --- Drafts --------------------------------------------------------------------------------------------------


def test_an_official_starts_a_draft_with_statutes_and_files():
    requester = official()
    request = services.create_request(
        actor=requester,
        data={"title": "전통시장 주차장 임시 사용", "facts": "주말 혼잡"},
        statutes=[StatuteInput("주차장법", "제19조", "부설주차장의 용도변경 금지"), StatuteInput("", "", "")],
        files=[pdf()],
    )
    assert request.state == S.DRAFT
    assert request.reference is None
    assert request.requester_name == "김민원"
    assert request.unit_name == "관광진흥과"
    assert request.agency_kind == AgencyKind.CITY
    assert [str(s) for s in request.statutes.all()] == ["주차장법 제19조"]
    (document,) = request.files.all()
    assert document.purpose == "opinions.request_file"
    assert AuditEvent.objects.filter(verb="opinions.request_created", target_id=str(request.pk)).exists()
    assert Event.objects.filter(request=request, verb="created").exists()


def test_staff_of_a_public_enterprise_ask_as_their_enterprise():
    request = draft(corporation_official())
    assert request.agency_kind == AgencyKind.PUBLIC_ENTERPRISE
    assert request.agency.name == "부산교통공사"


@pytest.mark.parametrize("who", ["citizen", "superuser"])
def test_only_officials_may_ask(who):
    user = CitizenFactory() if who == "citizen" else official()
    if who == "superuser":
        user.is_superuser = True
        user.save()
    with pytest.raises(PermissionDeniedError):
        services.create_request(actor=user, data={"title": "질의"})
    assert not OpinionRequest.objects.exists()


@pytest.mark.parametrize(
    ("data", "kind", "code"),
    [
        ({"title": ""}, RequestKind.OPINION, "title_required"),
        ({"title": "x" * 201}, RequestKind.OPINION, "too_long"),
        ({"title": "질의", "permit_type": "licence"}, RequestKind.OPINION, "permit_type_invalid"),
        ({"title": "질의", "private_interest": "maybe"}, RequestKind.OPINION, "interest_invalid"),
        ({"title": "질의"}, "appeal", "kind_invalid"),
    ],
)
def test_a_draft_refuses_bad_values(data, kind, code):
    with pytest.raises(DomainError) as refused:
        services.create_request(actor=official(), kind=kind, data=data)
    assert refused.value.code == code


def test_a_statute_article_needs_its_law():
    with pytest.raises(DomainError) as refused:
        services.create_request(actor=official(), data={"title": "질의"}, statutes=[StatuteInput("", "제3조")])
    assert refused.value.code == "statute_law_required"


def test_only_the_requester_changes_a_draft_and_only_while_editable():
    request = draft()
    services.update_request(actor=request.requester, request=request, data={"title": "새 제목"}, statutes=[])
    request.refresh_from_db()
    assert request.title == "새 제목"
    assert not request.statutes.exists()
    with pytest.raises(PermissionDeniedError):
        services.update_request(actor=official(), request=request, data={"title": "남의 요청"})
    services.update_request(actor=request.requester, request=request, data=OPINION_DATA, statutes=STATUTES)
    services.submit_request(actor=request.requester, request=request)
    with pytest.raises(PermissionDeniedError):
        services.update_request(actor=request.requester, request=request, data={"title": "제출 후"})


def test_an_unchanged_draft_writes_nothing():
    request = draft()
    before = AuditEvent.objects.count()
    services.update_request(actor=request.requester, request=request, data={"title": request.title})
    assert AuditEvent.objects.count() == before


def test_files_are_added_and_removed_by_the_requester_only():
    request = draft()
    (document,) = services.add_files(actor=request.requester, request=request, files=[pdf()])
    with pytest.raises(PermissionDeniedError):
        services.add_files(actor=official(), request=request, files=[pdf()])
    with pytest.raises(DomainError):
        services.add_files(actor=request.requester, request=request, files=[])
    services.remove_file(actor=request.requester, request=request, document=document)
    assert not request.files.exists()
    with pytest.raises(DomainError) as refused:
        services.remove_file(actor=request.requester, request=request, document=document)
    assert refused.value.code == "not_attached"


# --- Submission ----------------------------------------------------------------------------------------------


def test_submitting_numbers_freezes_and_tells_the_secretariat(django_capture_on_commit_callbacks):
    handler = secretariat()
    request = draft()
    with django_capture_on_commit_callbacks(execute=True):
        request = services.submit_request(actor=request.requester, request=request)
    assert request.state == S.SUBMITTED
    assert request.reference.endswith("-0001")
    assert request.submitted_on is not None
    notice = Notification.objects.get(recipient=handler, kind=services.KIND_SUBMITTED)
    assert notice.url == f"/opinions/{request.pk}/"
    second = submitted()
    assert second.reference.endswith("-0002")


def test_an_incomplete_request_is_not_submitted_and_says_what_is_missing():
    request = draft(complete=False)
    with pytest.raises(DomainError) as refused:
        services.submit_request(actor=request.requester, request=request)
    assert refused.value.code == "incomplete"
    assert "사실관계" in refused.value.message or "facts" in refused.value.message
    request.refresh_from_db()
    assert request.state == S.DRAFT


def test_a_declared_private_interest_needs_its_details():
    request = draft(private_interest=PrivateInterest.DECLARED)
    assert "the details of the private interest" in [str(p) for p in services.missing_parts(request)] or any(
        "사적 이해관계" in p for p in services.missing_parts(request)
    )
    with pytest.raises(DomainError):
        services.submit_request(actor=request.requester, request=request)


def test_a_ratification_needs_its_urgent_action_not_a_question():
    request = draft(kind=RequestKind.RATIFICATION)
    assert services.missing_parts(request) == []
    request = services.submit_request(actor=request.requester, request=request)
    assert request.state == S.SUBMITTED
    assert services.missing_parts(draft(kind=RequestKind.RATIFICATION, action_taken=""))


def test_create_and_submit_is_all_or_nothing():
    with pytest.raises(DomainError):
        services.create_request(actor=official(), data={"title": "불완전"}, submit=True)
    assert not OpinionRequest.objects.exists()


def test_someone_else_cannot_submit():
    request = draft()
    with pytest.raises(PermissionDeniedError):
        services.submit_request(actor=official(), request=request)


# --- Screening -----------------------------------------------------------------------------------------------


def test_accepting_starts_the_calendar_deadline(time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to("2026-03-02 10:00 +09:00")
    request = submitted()
    with django_capture_on_commit_callbacks(execute=True):
        request = services.screen_request(
            actor=secretariat(),
            request=request,
            decision="accept",
            in_scope=True,
            interest_checked=True,
            facts_sufficient=True,
        )
    assert request.state == S.ACCEPTED
    assert request.accepted_on == datetime.date(2026, 3, 2)
    assert request.due_on == datetime.date(2026, 4, 1)  # 30 calendar days
    assert not request.due_business
    assert Notification.objects.filter(recipient=request.requester, kind=services.KIND_SCREENED).exists()


def test_the_deadline_rule_may_count_business_days(time_machine):
    time_machine.move_to("2026-09-21 10:00 +09:00")  # the Monday before 추석 (24–26 Sept.)
    OpinionSettings.objects.update_or_create(pk=1, defaults={"sla_days": 5, "business_days": True})
    request = accepted()
    assert request.due_business
    assert request.due_on == datetime.date(2026, 9, 30)  # 22, 23, 28, 29, 30: 추석 (24–26) and the weekend skipped


def test_accepting_needs_all_three_checks():
    request = submitted()
    with pytest.raises(DomainError) as refused:
        services.screen_request(actor=secretariat(), request=request, decision="accept", in_scope=True)
    assert refused.value.code == "checks_required"


@pytest.mark.parametrize(("decision", "state"), [("return", S.RETURNED), ("reject", S.REJECTED)])
def test_returning_or_rejecting_needs_a_note_the_requester_reads(decision, state):
    request = submitted()
    with pytest.raises(DomainError) as refused:
        services.screen_request(actor=secretariat(), request=request, decision=decision, note=" ")
    assert refused.value.code == "note_required"
    request = services.screen_request(
        actor=secretariat(), request=request, decision=decision, note="사실관계 보완 필요"
    )
    assert request.state == state
    assert request.screening_note == "사실관계 보완 필요"


def test_a_returned_request_is_edited_and_submitted_again():
    request = submitted()
    request = services.screen_request(actor=secretariat(), request=request, decision="return", note="현장 사진 첨부")
    assert request.return_count == 1
    services.update_request(actor=request.requester, request=request, data={"facts": "보완한 사실관계"})
    request = services.submit_request(actor=request.requester, request=request)
    assert request.state == S.SUBMITTED
    assert Event.objects.filter(request=request, verb="resubmitted").exists()


def test_an_unknown_screening_decision_is_refused():
    with pytest.raises(DomainError):
        services.screen_request(actor=secretariat(), request=submitted(), decision="maybe")


@pytest.mark.parametrize("role", [Role.AUDIT_OFFICER, Role.COMMITTEE_CHAIR, Role.SYSADMIN, Role.OFFICIAL])
def test_only_the_secretariat_screens(role):
    user = official() if role == Role.OFFICIAL else make_staff(role)
    request = submitted()
    with pytest.raises(PermissionDeniedError):
        services.screen_request(actor=user, request=request, decision="return", note="보완")


def test_a_superuser_secretariat_member_may_not_screen():
    user = make_staff(Role.SECRETARIAT, is_superuser=True)
    with pytest.raises(PermissionDeniedError):
        services.screen_request(actor=user, request=submitted(), decision="return", note="보완")


# --- The audit office ----------------------------------------------------------------------------------------


def test_the_audit_office_is_asked_and_answers(django_capture_on_commit_callbacks):
    handler = secretariat()
    officer = auditor()
    request = accepted(handler=handler)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.ask_audit_opinion(actor=handler, request=request, audit_officer=officer, question="쟁점")
    assert request.state == S.AUDIT_OPINION_REQUESTED
    assert Notification.objects.filter(recipient=officer, kind=services.KIND_AUDIT_ASKED).exists()
    with pytest.raises(PermissionDeniedError):
        services.give_audit_opinion(actor=auditor(), request=request, opinion="이의 없음", objects=False)
    with pytest.raises(DomainError) as refused:
        services.give_audit_opinion(actor=officer, request=request, opinion="의견", objects=None)
    assert refused.value.code == "objects_required"
    with django_capture_on_commit_callbacks(execute=True):
        request = services.give_audit_opinion(
            actor=officer, request=request, opinion="법령 해석상 문제 없음", objects=False
        )
    assert request.state == S.AUDIT_OPINION_GIVEN
    assert request.audit_objects is False
    assert Notification.objects.filter(recipient=handler, kind=services.KIND_AUDIT_GIVEN).exists()


def test_only_an_audit_officer_of_the_city_can_be_asked():
    from proactive.accounts.enums import OrgUnitKind
    from tests.factories.accounts import OrgUnitFactory

    district = OrgUnitFactory(name="해운대구", kind=OrgUnitKind.DISTRICT)
    district_officer = auditor(unit=district)
    request = accepted()
    for wrong in (district_officer, official()):
        with pytest.raises(DomainError) as refused:
            services.ask_audit_opinion(actor=secretariat(), request=request, audit_officer=wrong)
        assert refused.value.code == "audit_officer_invalid"
    with pytest.raises(DomainError):
        services.ask_audit_opinion(actor=secretariat(), request=request, audit_officer=None)


# --- The committee -------------------------------------------------------------------------------------------


def test_tabling_puts_an_agenda_item_before_the_committee():
    request = on_agenda()
    assert request.state == S.ON_AGENDA
    item = open_item_of(RequestKind.OPINION, request.pk)
    assert item is not None
    assert request.reference in item.title
    assert request.tabled_on is not None


def test_a_decided_opinion_is_numbered_kept_and_announced(django_capture_on_commit_callbacks, monkeypatch):
    rendered = []
    monkeypatch.setattr(
        "proactive.opinions.services.decisions.render_decision", lambda *, request_id: rendered.append(request_id)
    )
    request = on_agenda()
    item = open_item_of(RequestKind.OPINION, request.pk)
    with django_capture_on_commit_callbacks(execute=True):
        decide(item, CommitteeOutcome.OPINION_ISSUED, resolution=OPINION)
    request.refresh_from_db()
    assert request.state == S.OPINION_ISSUED
    assert request.decision_number == f"의견-{request.decided_on.year}-0001"
    assert request.decision_text == OPINION
    assert request.meeting_number
    assert request.meeting_date is not None
    assert Notification.objects.filter(recipient=request.requester, kind=services.KIND_DECIDED).exists()
    assert rendered == [request.pk]


def test_ratifications_are_decided_in_their_own_series():
    ratified = decided(kind=RequestKind.RATIFICATION)
    refused = decided(kind=RequestKind.RATIFICATION, outcome=CommitteeOutcome.NOT_RATIFIED)
    opinion = decided()
    year = ratified.decided_on.year
    assert ratified.state == S.RATIFIED
    assert refused.state == S.NOT_RATIFIED
    assert (ratified.decision_number, refused.decision_number) == (f"추인-{year}-0001", f"추인-{year}-0002")
    assert opinion.decision_number == f"의견-{year}-0001"


def test_the_committee_may_return_an_opinion_request():
    request = decided(outcome=CommitteeOutcome.RETURNED, resolution="현장 조사 결과를 보완하여 다시 상정")
    assert request.state == S.RETURNED
    assert request.decision_number is None
    assert request.screening_note == "현장 조사 결과를 보완하여 다시 상정"
    services.submit_request(actor=request.requester, request=request)


def test_a_withdrawn_agenda_item_sends_the_request_back_to_be_tabled():
    request = on_agenda()
    item = open_item_of(RequestKind.OPINION, request.pk)
    withdraw_item(actor=None, item=item, reason="다음 회의로")
    request.refresh_from_db()
    assert request.state == S.ACCEPTED
    services.table_request(actor=secretariat(), request=request)
    assert len(items_of(RequestKind.OPINION, request.pk)) == 2


def test_users_cannot_take_the_committees_moves():
    request = on_agenda()
    with pytest.raises(PermissionDeniedError):
        services.transition_request(actor=secretariat(), request=request, to=S.OPINION_ISSUED)
    with pytest.raises(InvalidTransitionError):
        services.transition_request(actor=None, request=accepted(), to=S.AUDIT_OPINION_REQUESTED, by_committee=True)


# --- Acting on the opinion -----------------------------------------------------------------------------------


def test_the_requester_records_how_they_acted_with_evidence():
    request = decided()
    request = services.record_action(
        actor=request.requester, request=request, acted_on=request.decided_on, what="의견대로 처리", files=[pdf()]
    )
    assert request.state == S.ACTED_ON
    assert request.acted_text == "의견대로 처리"
    assert request.action_files.get().purpose == "opinions.action_evidence"


@pytest.mark.parametrize(
    ("days", "what", "code"),
    [
        (None, "처리", "acted_on_required"),
        (1, "처리", "acted_on_future"),
        (-1, "처리", "acted_before_opinion"),
        (0, " ", "what_required"),
    ],
)
def test_recording_the_action_refuses_bad_input(days, what, code):
    request = decided()
    acted_on = None if days is None else request.decided_on + datetime.timedelta(days=days)
    with pytest.raises(DomainError) as refused:
        services.record_action(actor=request.requester, request=request, acted_on=acted_on, what=what)
    assert refused.value.code == code


def test_only_the_requester_records_the_action():
    request = decided()
    with pytest.raises(PermissionDeniedError):
        services.record_action(actor=secretariat(), request=request, acted_on=request.decided_on, what="대리 입력")


def test_a_ratification_has_no_action_to_record():
    request = decided(kind=RequestKind.RATIFICATION)
    with pytest.raises(InvalidTransitionError):
        services.record_action(actor=request.requester, request=request, acted_on=request.decided_on, what="조치")


# --- Withdrawing ---------------------------------------------------------------------------------------------


def test_a_draft_is_withdrawn_without_a_reason_a_submitted_one_with_one():
    assert services.withdraw_request(actor=(d := draft()).requester, request=d).state == S.WITHDRAWN
    request = submitted()
    with pytest.raises(DomainError) as refused:
        services.withdraw_request(actor=request.requester, request=request)
    assert refused.value.code == "reason_required"
    request = services.withdraw_request(actor=request.requester, request=request, reason="자체 해결")
    assert request.withdraw_reason == "자체 해결"


def test_a_request_before_the_committee_is_not_withdrawn_by_the_requester():
    request = on_agenda()
    with pytest.raises(InvalidTransitionError):
        services.withdraw_request(actor=request.requester, request=request, reason="취소")


def test_nobody_else_withdraws():
    request = submitted()
    with pytest.raises(PermissionDeniedError):
        services.withdraw_request(actor=secretariat(), request=request, reason="대리 취소")


# --- The transition table ------------------------------------------------------------------------------------


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("to", list(S))
def test_moves_outside_the_table_are_refused(current, to):
    if to in REQUEST_TRANSITIONS.get(current, {}):
        return
    request = draft()
    OpinionRequest.objects.filter(pk=request.pk).update(state=current)
    with pytest.raises(InvalidTransitionError):
        services.transition_request(actor=request.requester, request=request, to=to)


def test_every_committee_move_starts_on_the_agenda():
    for current, targets in REQUEST_TRANSITIONS.items():
        for permission in targets.values():
            assert permission != COMMITTEE or current == S.ON_AGENDA


# --- Deadlines -----------------------------------------------------------------------------------------------


def test_the_secretariat_extends_the_deadline_with_a_reason(time_machine):
    time_machine.move_to("2026-03-02 10:00 +09:00")
    handler = secretariat()
    request = accepted(handler=handler)
    for due, reason, code in [
        (request.due_on, "회의 일정", "not_later"),
        (None, "회의 일정", "due_on_required"),
        (request.due_on + datetime.timedelta(days=7), "", "reason_required"),
    ]:
        with pytest.raises(DomainError) as refused:
            services.extend_deadline(actor=handler, request=request, new_due_on=due, reason=reason)
        assert refused.value.code == code
    with pytest.raises(PermissionDeniedError):
        services.extend_deadline(
            actor=request.requester, request=request, new_due_on=datetime.date(2026, 5, 1), reason="x"
        )
    extension = services.extend_deadline(
        actor=handler, request=request, new_due_on=datetime.date(2026, 4, 15), reason="위원회 일정 조정"
    )
    request.refresh_from_db()
    assert request.due_on == datetime.date(2026, 4, 15)
    assert extension.previous_due_on == datetime.date(2026, 4, 1)


def test_a_deadline_is_not_extended_once_answered():
    request = decided()
    with pytest.raises(DomainError) as refused:
        services.extend_deadline(actor=secretariat(), request=request, new_due_on=datetime.date(2030, 1, 1), reason="x")
    assert refused.value.code == "not_extendable"


def test_overdue_requests_are_flagged_once_a_day(time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to("2026-03-02 10:00 +09:00")
    handler = secretariat()
    late = accepted(handler=handler)
    accepted(handler=handler)  # flagged too: same due date
    time_machine.move_to("2026-04-03 09:00 +09:00")
    fresh = accepted(handler=handler)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.flag_overdue_opinions() == 2
    assert services.flag_overdue_opinions() == 0
    notice = Notification.objects.get(recipient=handler, kind=services.KIND_OVERDUE)
    assert "2" in notice.title
    assert notice.url == "/opinions/queue/?overdue=on"
    assert Event.objects.filter(request=late, verb="overdue_flagged").count() == 1
    assert not Event.objects.filter(request=fresh, verb="overdue_flagged").exists()
