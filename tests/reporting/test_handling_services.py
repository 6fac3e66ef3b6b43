"""Handling a report: each step and each refusal, the mileage deduction, the reporter's identity, overdue flags."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord, AuditEvent
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.mileage.enums import EntryKind
from proactive.mileage.services.automatic import deduct_for_passive_administration
from proactive.mileage.services.ledger import balance_of, post_entry
from proactive.notifications.models import Notification
from proactive.reporting.enums import ActionKind, Outcome, ReportField, ReportState
from proactive.reporting.models import Action, CentreSettings, Event, Extension, Message, Report
from proactive.reporting.services import handling
from proactive.reporting.services.common import message_text
from proactive.reporting.services.handling import ActionInput
from tests.conftest import make_staff
from tests.factories.accounts import OfficialFactory
from tests.mileage.test_catalogue_support import default_catalogue  # noqa: F401  (a fixture)
from tests.reporting.support import WHAT, anonymous_report, arrange_centre, named_report

pytestmark = pytest.mark.django_db
S = ReportState


@pytest.fixture
def centre():
    return arrange_centre()


@pytest.fixture
def report(centre):
    return anonymous_report(centre)[0]


def investigating(centre, report, assignee=None):
    return handling.start_investigation(
        actor=centre.handler, report=report, assignee=assignee or centre.handler, field=ReportField.ROADS_TRANSPORT
    )


def substantiated(centre, report):
    investigating(centre, report)
    return handling.record_finding(actor=centre.handler, report=report, substantiated=True, findings="확인된 사실")


def audit_verbs(report):
    return list(
        AuditEvent.objects.filter(target_type="reporting.report", target_id=str(report.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )


# --- Triage --------------------------------------------------------------------------------------------------


def test_investigating_sets_assignee_field_and_business_day_deadline(
    centre, report, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to("2027-04-30")  # a Friday: 3 May (노동절 대체), 5 May and 13 May are holidays
    with django_capture_on_commit_callbacks(execute=True):
        report = handling.start_investigation(
            actor=centre.handler, report=report, assignee=centre.colleague, field=ReportField.WELFARE
        )
    report.refresh_from_db()
    assert report.state == S.INVESTIGATING
    assert report.assignee == centre.colleague
    assert report.field == ReportField.WELFARE
    assert report.triaged_on == date(2027, 4, 30)
    assert report.due_on == date(2027, 5, 14)
    assert audit_verbs(report) == ["reporting.investigation_started"]
    assert Event.objects.filter(report=report, verb="investigation_started").count() == 1
    notification = Notification.objects.get(recipient=centre.colleague, kind=handling.KIND_ASSIGNED)
    assert WHAT[:10] not in notification.title
    assert notification.url == f"/reporting/{report.pk}/"


def test_calendar_day_deadlines_follow_the_centre_settings(centre, report, time_machine):
    time_machine.move_to("2027-04-30")
    CentreSettings.objects.update_or_create(pk=1, defaults={"handling_days": 10, "business_days": False})
    report = investigating(centre, report)
    assert report.due_on == date(2027, 5, 10)


def test_forwarding_ends_the_report_and_tells_the_reporter_why(centre, report, time_machine):
    time_machine.move_to("2027-04-30")
    report = handling.forward_report(
        actor=centre.handler,
        report=report,
        forwarded_to=centre.transport_dept,
        reason="처음 제기된 민원이므로 담당 부서에서 처리합니다.",
        field=ReportField.ROADS_TRANSPORT,
    )
    report.refresh_from_db()
    assert report.state == S.FORWARDED
    assert report.outcome == Outcome.FORWARDED
    assert report.forwarded_to == centre.transport_dept
    assert report.closed_on == date(2027, 4, 30)
    assert report.purge_on == date(2027, 4, 30) + timedelta(days=CentreSettings.current().retain_forwarded_days)
    message = Message.objects.get(report=report)
    assert not message.internal
    assert message.author == centre.handler
    assert message_text(message) == "처음 제기된 민원이므로 담당 부서에서 처리합니다."
    event = AuditEvent.objects.get(verb="reporting.forwarded")
    assert "민원" not in str(event.data)
    assert "민원" not in str(event.changes)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"forwarded_to": None}, "forwarded_to_required"),
        ({"reason": "  "}, "reason_required"),
        ({"field": ""}, "field_required"),
    ],
)
def test_forwarding_needs_unit_reason_and_field(centre, report, kwargs, code):
    arguments = {"forwarded_to": centre.transport_dept, "reason": "일반 민원입니다.", "field": ReportField.OTHER}
    with pytest.raises(DomainError) as refused:
        handling.forward_report(actor=centre.handler, report=report, **(arguments | kwargs))
    assert refused.value.code == code
    report.refresh_from_db()
    assert report.state == S.RECEIVED
    assert not Message.objects.filter(report=report).exists()


def test_the_assignee_must_handle_the_same_body(centre, report):
    with pytest.raises(DomainError) as refused:
        handling.start_investigation(
            actor=centre.handler, report=report, assignee=centre.district_handler, field=ReportField.OTHER
        )
    assert refused.value.code == "assignee_not_handler"
    with pytest.raises(DomainError) as missing:
        handling.start_investigation(actor=centre.handler, report=report, assignee=None, field=ReportField.OTHER)
    assert missing.value.code == "assignee_required"


def test_a_handler_of_another_body_may_not_triage(centre, report):
    with pytest.raises(PermissionDeniedError):
        handling.start_investigation(
            actor=centre.district_handler, report=report, assignee=centre.handler, field=ReportField.OTHER
        )
    report.refresh_from_db()
    assert report.state == S.RECEIVED


@pytest.mark.parametrize("who", ["sysadmin", "superuser", "official"])
def test_system_administrators_superusers_and_officials_take_no_step(centre, report, who):
    from proactive.accounts.enums import Role

    actor = {
        "sysadmin": lambda: make_staff(Role.SYSADMIN),
        "superuser": lambda: make_staff(Role.AUDIT_OFFICER, unit=centre.audit_team, is_superuser=True),
        "official": lambda: centre.official,
    }[who]()
    with pytest.raises(PermissionDeniedError):
        handling.start_investigation(actor=actor, report=report, assignee=centre.handler, field=ReportField.OTHER)
    with pytest.raises(PermissionDeniedError):
        handling.send_message(actor=actor, report=report, text="x")


# --- The workflow table --------------------------------------------------------------------------------------


STEPS = {
    "investigate": (S.INVESTIGATING, investigating),
    "finding": (
        S.SUBSTANTIATED,
        lambda c, r: handling.record_finding(actor=c.handler, report=r, substantiated=True, findings="f"),
    ),
    "action": (
        S.ACTION_TAKEN,
        lambda c, r: handling.record_action(
            actor=c.handler, report=r, actions=[ActionInput(kind=ActionKind.CORRECTION_ORDER, unit=c.transport_dept)]
        ),
    ),
    "close": (S.CLOSED, lambda c, r: handling.close_report(actor=c.handler, report=r, reporter_text="결과")),
}
ALLOWED_FROM = {
    "investigate": {S.RECEIVED},
    "finding": {S.INVESTIGATING},
    "action": {S.SUBSTANTIATED},
    "close": {S.UNSUBSTANTIATED, S.ACTION_TAKEN},
}


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_is_refused_from_every_other_state(centre, report, state, step):
    Report.objects.filter(pk=report.pk).update(state=state, assignee=centre.handler)
    report.refresh_from_db()
    target, run = STEPS[step]
    if state in ALLOWED_FROM[step]:
        assert run(centre, report).state == target
    else:
        with pytest.raises(InvalidTransitionError):
            run(centre, report)
        report.refresh_from_db()
        assert report.state == state


# --- Finding, action, close ----------------------------------------------------------------------------------


def test_a_finding_is_kept_as_an_internal_note(centre, report):
    investigating(centre, report)
    with pytest.raises(DomainError) as refused:
        handling.record_finding(actor=centre.handler, report=report, substantiated=False, findings=" ")
    assert refused.value.code == "findings_required"
    report = handling.record_finding(
        actor=centre.handler, report=report, substantiated=False, findings="지연 사유가 정당했습니다."
    )
    assert report.state == S.UNSUBSTANTIATED
    assert report.finding_on is not None
    note = Message.objects.get(report=report)
    assert note.internal
    assert message_text(note) == "지연 사유가 정당했습니다."
    assert "reporting.unsubstantiated" in audit_verbs(report)


def test_closing_an_unsubstantiated_report(centre, report, time_machine):
    time_machine.move_to("2027-06-01")
    investigating(centre, report)
    handling.record_finding(actor=centre.handler, report=report, substantiated=False, findings="근거 없음")
    with pytest.raises(DomainError) as refused:
        handling.close_report(actor=centre.handler, report=report, reporter_text="")
    assert refused.value.code == "reporter_text_required"
    report = handling.close_report(
        actor=centre.handler, report=report, reporter_text="확인 결과 소극행정이 아니었습니다."
    )
    report.refresh_from_db()
    assert (report.state, report.outcome, report.closed_on) == (S.CLOSED, Outcome.UNSUBSTANTIATED, date(2027, 6, 1))
    assert report.purge_on == date(2027, 6, 1) + timedelta(days=3 * 365)
    told = Message.objects.filter(report=report, internal=False).get()
    assert message_text(told) == "확인 결과 소극행정이 아니었습니다."
    # Anonymous: nothing is sent to anybody about the result.
    assert not Notification.objects.filter(kind=handling.KIND_RESULT).exists()


def test_a_named_reporter_gets_a_content_free_notice_of_the_result(centre, django_capture_on_commit_callbacks):
    report = named_report(centre)
    substantiated(centre, report)
    handling.record_action(
        actor=centre.handler,
        report=report,
        actions=[ActionInput(kind=ActionKind.CORRECTION_ORDER, unit=centre.transport_dept)],
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = handling.close_report(actor=centre.handler, report=report, reporter_text="시정 요구를 했습니다.")
    assert report.outcome == Outcome.ACTIONED
    notice = Notification.objects.get(recipient=centre.citizen, kind=handling.KIND_RESULT)
    assert notice.url == f"/report/mine/{report.pk}/"
    assert "시정" not in notice.title
    assert "시정" not in notice.body


def test_actions_are_sealed_and_need_a_kind_and_the_right_target(centre, report):
    substantiated(centre, report)
    outsider = OfficialFactory(unit=centre.district_dept)
    refusals = [
        ([], "actions_required"),
        ([ActionInput(kind="")], "action_kind_required"),
        ([ActionInput(kind=ActionKind.WARNING, unit=centre.transport_dept)], "unit_not_allowed"),
        ([ActionInput(kind=ActionKind.WARNING, official=outsider)], "official_outside_body"),
        ([ActionInput(kind=ActionKind.CORRECTION_ORDER, unit=centre.district_dept)], "unit_outside_body"),
    ]
    for actions, code in refusals:
        with pytest.raises(DomainError) as refused:
            handling.record_action(actor=centre.handler, report=report, actions=actions)
        assert refused.value.code == code, code
    assert not Action.objects.exists()
    handling.record_action(
        actor=centre.handler,
        report=report,
        actions=[
            ActionInput(kind=ActionKind.CORRECTION_ORDER, unit=centre.transport_dept, note="민원 처리 절차 개선"),
            ActionInput(kind=ActionKind.CAUTION),
        ],
    )
    action = Action.objects.order_by("pk").first()
    assert action is not None
    assert "민원".encode() not in bytes(action.note)
    assert Action.objects.count() == 2


# --- Mileage -------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("default_catalogue")
def test_a_personal_sanction_deducts_mileage_once_per_report_and_official(centre, report):
    official = centre.official.official
    post_entry(actor=None, official=official, kind=EntryKind.GRANT, points=20)
    substantiated(centre, report)
    handling.record_action(
        actor=centre.handler,
        report=report,
        actions=[
            ActionInput(kind=ActionKind.WARNING, official=official),
            ActionInput(kind=ActionKind.DISCIPLINE_REQUEST, official=official),
            ActionInput(kind=ActionKind.CORRECTION_ORDER, official=official),
        ],
    )
    assert balance_of(official) == 15
    again = deduct_for_passive_administration(
        actor=centre.handler,
        official=official,
        source=f"report:{report.pk}",
        idempotency_key=f"finding:{report.pk}:official:{official.pk}",
    )
    assert again.points_posted == -5
    assert balance_of(official) == 15


def test_a_correction_order_or_an_official_without_points_never_breaks_the_action(centre, report):
    official = centre.official.official  # no points at all: the ledger cannot go below zero
    substantiated(centre, report)
    report = handling.record_action(
        actor=centre.handler, report=report, actions=[ActionInput(kind=ActionKind.CAUTION, official=official)]
    )
    assert report.state == S.ACTION_TAKEN
    assert balance_of(official) == 0


# --- Deadline extensions -------------------------------------------------------------------------------------


def test_extending_the_deadline_needs_a_reason_and_a_later_date(centre, report, time_machine):
    time_machine.move_to("2027-04-30")
    report = investigating(centre, report)
    due = report.due_on
    with pytest.raises(DomainError) as no_reason:
        handling.extend_deadline(actor=centre.handler, report=report, new_due_on=due + timedelta(days=7), reason="")
    assert no_reason.value.code == "reason_required"
    with pytest.raises(DomainError) as earlier:
        handling.extend_deadline(
            actor=centre.handler, report=report, new_due_on=due - timedelta(days=1), reason="현장 확인"
        )
    assert earlier.value.code == "not_later"
    with pytest.raises(DomainError) as same:
        handling.extend_deadline(actor=centre.handler, report=report, new_due_on=due, reason="현장 확인")
    assert same.value.code == "not_later"
    extension = handling.extend_deadline(
        actor=centre.handler, report=report, new_due_on=due + timedelta(days=7), reason="현장 확인 필요"
    )
    report.refresh_from_db()
    assert report.due_on == due + timedelta(days=7)
    assert (extension.previous_due_on, extension.reason, extension.granted_by) == (
        due,
        "현장 확인 필요",
        centre.handler,
    )
    event = AuditEvent.objects.get(verb="reporting.deadline_extended")
    assert "현장" not in str(event.data)


@pytest.mark.parametrize("state", [S.RECEIVED, S.ACTION_TAKEN, S.UNSUBSTANTIATED, S.CLOSED, S.FORWARDED])
def test_the_deadline_cannot_be_extended_outside_the_investigation(centre, report, state):
    Report.objects.filter(pk=report.pk).update(state=state, due_on=date(2030, 1, 1))
    report.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        handling.extend_deadline(actor=centre.handler, report=report, new_due_on=date(2030, 2, 1), reason="사유")
    assert refused.value.code == "not_extendable"
    assert not Extension.objects.exists()


def test_a_substantiated_report_may_still_be_extended(centre, report):
    report = substantiated(centre, report)
    handling.extend_deadline(
        actor=centre.handler, report=report, new_due_on=report.due_on + timedelta(days=30), reason="징계 절차"
    )
    assert Extension.objects.count() == 1


def test_a_handler_of_another_body_may_not_extend(centre, report):
    report = investigating(centre, report)
    with pytest.raises(PermissionDeniedError):
        handling.extend_deadline(
            actor=centre.district_handler, report=report, new_due_on=report.due_on + timedelta(days=3), reason="x"
        )


# --- Messages ------------------------------------------------------------------------------------------------


def test_messages_and_internal_notes(centre, report):
    with pytest.raises(DomainError):
        handling.send_message(actor=centre.handler, report=report, text="  ")
    note = handling.send_message(actor=centre.handler, report=report, text="담당 부서 확인 중", internal=True)
    message = handling.send_message(actor=centre.handler, report=report, text="추가 자료를 보내 주세요.")
    assert note.internal
    assert not message.internal
    assert audit_verbs(report) == ["reporting.note_added", "reporting.message_sent"]
    assert not Notification.objects.filter(kind=handling.KIND_REPLY).exists()  # anonymous: never contacted


def test_a_named_reporter_is_told_of_a_message_but_not_of_a_note(centre, django_capture_on_commit_callbacks):
    report = named_report(centre)
    with django_capture_on_commit_callbacks(execute=True):
        handling.send_message(actor=centre.handler, report=report, text="내부 메모", internal=True)
    assert not Notification.objects.filter(recipient=centre.citizen).exists()
    with django_capture_on_commit_callbacks(execute=True):
        handling.send_message(actor=centre.handler, report=report, text="연락드립니다.")
    notice = Notification.objects.get(recipient=centre.citizen, kind=handling.KIND_REPLY)
    assert "연락" not in notice.title


def test_a_handler_attaches_a_file_sealed(centre, report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("회신 안내.txt", "첨부 내용 CANARY".encode(), content_type="text/plain")
    message = handling.send_message(actor=centre.handler, report=report, text="", files=[upload])
    attachment = message.attachments.get()
    assert not attachment.from_reporter
    with attachment.file.open("rb") as handle:
        assert b"CANARY" not in handle.read()


# --- The reporter's identity ---------------------------------------------------------------------------------


def test_the_assignee_sees_the_identity_without_a_reason(centre):
    report = named_report(centre)
    investigating(centre, report, assignee=centre.handler)
    identity = handling.reveal_identity(actor=centre.handler, report=report)
    assert identity["email"] == centre.citizen.email
    assert not AccessRecord.objects.filter(action=AccessAction.REVEAL).exists()


def test_a_colleague_must_give_a_reason_which_is_recorded(centre):
    report = named_report(centre)
    investigating(centre, report, assignee=centre.handler)
    with pytest.raises(DomainError) as refused:
        handling.reveal_identity(actor=centre.colleague, report=report, reason=" ")
    assert refused.value.code == "reason_required"
    identity = handling.reveal_identity(
        actor=centre.colleague, report=report, reason="신고인에게 사실 확인 필요", ip_address="10.0.0.7"
    )
    assert identity["email"] == centre.citizen.email
    record = AccessRecord.objects.get(action=AccessAction.REVEAL)
    assert record.actor == centre.colleague
    assert record.reason == "신고인에게 사실 확인 필요"
    assert record.subject_id == str(centre.citizen.pk)
    assert record.resource == f"reporting.report:{report.pk}"
    assert record.ip_address == "10.0.0.7"
    assert "reporting.identity_revealed" in audit_verbs(report)
    # Revealing again needs a reason again: nothing was stored that keeps the identity shown.
    with pytest.raises(DomainError):
        handling.reveal_identity(actor=centre.colleague, report=report, reason="")


def test_nobody_outside_the_body_reveals_an_identity_and_anonymous_reports_have_none(centre, report):
    named = named_report(centre)
    with pytest.raises(PermissionDeniedError):
        handling.reveal_identity(actor=centre.district_handler, report=named, reason="궁금함")
    with pytest.raises(DomainError) as anonymous:
        handling.reveal_identity(actor=centre.handler, report=report, reason="확인")
    assert anonymous.value.code == "anonymous"


# --- Overdue -------------------------------------------------------------------------------------------------


def test_overdue_reports_are_flagged_once_a_day(centre, report, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to("2027-04-30")
    investigating(centre, report)
    district_report, _receipt = anonymous_report(centre, unit=centre.district_dept)
    handling.start_investigation(
        actor=centre.district_handler, report=district_report, assignee=centre.district_handler, field=ReportField.OTHER
    )
    fresh, _receipt = anonymous_report(centre)  # received, no deadline yet
    time_machine.move_to("2027-05-17")
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("flag_overdue_reports", stdout=out)
    assert out.getvalue().startswith("2 ")
    assert Event.objects.filter(verb="overdue_flagged").count() == 2
    city = Notification.objects.filter(kind=handling.KIND_OVERDUE, recipient__in=[centre.handler, centre.colleague])
    assert city.count() == 2
    district = Notification.objects.filter(kind=handling.KIND_OVERDUE, recipient=centre.district_handler)
    assert district.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert handling.flag_overdue_reports() == 0  # the same day again: nothing
    assert Notification.objects.filter(kind=handling.KIND_OVERDUE).count() == 3
    time_machine.move_to("2027-05-18")
    assert handling.flag_overdue_reports() == 2
    assert not Event.objects.filter(report=fresh, verb="overdue_flagged").exists()


def test_closed_reports_are_never_overdue(centre, report, time_machine):
    time_machine.move_to("2027-04-30")
    investigating(centre, report)
    handling.record_finding(actor=centre.handler, report=report, substantiated=False, findings="없음")
    handling.close_report(actor=centre.handler, report=report, reporter_text="종결")
    time_machine.move_to("2027-06-01")
    assert handling.flag_overdue_reports() == 0
