"""The audit office's services: screening, reviewers, joint review, escalation, committee referral, extensions, the
opinion, the overdue flags and reminders, the settings; every refusal."""

import datetime

import pytest
from django.utils import timezone

from proactive.audit.models import AuditEvent
from proactive.committee.models import AgendaItem
from proactive.consulting.enums import ExtensionKind, RequestState
from proactive.consulting.models import ConsultingSettings, DeadlineChange, Event, Opinion, Referral
from proactive.consulting.services import review as services
from proactive.consulting.services.common import (
    KIND_ASSIGNED,
    KIND_COMMITTEE,
    KIND_EXTENDED,
    KIND_OPINION,
    KIND_OVERDUE,
    KIND_REMINDER,
    KIND_SCREENED,
)
from proactive.consulting.services.settings import update_settings
from proactive.core import deadlines
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.notifications.models import Notification
from tests.committee.support import decide
from tests.consulting import support

pytestmark = pytest.mark.django_db
S = RequestState


@pytest.fixture
def office():
    return support.arrange()


def shift(req, days):
    """Pretend the request was accepted ``days`` days earlier (dates only)."""
    type(req).objects.filter(pk=req.pk).update(
        received_on=req.received_on - datetime.timedelta(days=days),
        due_on=req.due_on - datetime.timedelta(days=days),
    )
    req.refresh_from_db()
    return req


# --- Screening -----------------------------------------------------------------------------------------------


def test_accepting_starts_the_fifteen_business_day_clock(office, django_capture_on_commit_callbacks):
    req = support.submitted(office)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = services.accept_request(actor=office.auditor, req=req)

    today = timezone.localdate()
    assert accepted.state == S.ACCEPTED
    assert accepted.received_on == today
    assert accepted.due_on == deadlines.add_days(today, 15, business=True)
    assert accepted.screened_by == office.auditor
    notice = Notification.objects.get(recipient=office.official, kind=KIND_SCREENED)
    assert accepted.due_on.isoformat() in notice.title


def test_the_office_may_count_calendar_days_and_other_lengths(office):
    ConsultingSettings.objects.create(pk=1, review_days=30, business_days=False)
    accepted = services.accept_request(actor=office.auditor, req=support.submitted(office))
    assert accepted.due_on == timezone.localdate() + datetime.timedelta(days=30)


def test_accepting_with_reviewers_puts_it_under_review(office, django_capture_on_commit_callbacks):
    req = support.submitted(office)
    with django_capture_on_commit_callbacks(execute=True):
        reviewed = services.accept_request(
            actor=office.auditor, req=req, reviewers=[office.auditor, office.auditor2], lead=office.auditor2
        )

    assert reviewed.state == S.UNDER_REVIEW
    lead = reviewed.assignments.get(lead=True)
    assert lead.reviewer == office.auditor2
    assert reviewed.assignments.count() == 2
    # The one who assigned is not told; the other reviewer is.
    assert Notification.objects.filter(recipient=office.auditor2, kind=KIND_ASSIGNED).exists()
    assert not Notification.objects.filter(recipient=office.auditor, kind=KIND_ASSIGNED).exists()


@pytest.mark.parametrize(
    ("reason", "note", "code"),
    [("", "설명", "reason_required"), ("nonsense", "설명", "reason_required"), ("proceedings", " ", "note_required")],
)
def test_a_return_needs_an_exclusion_reason_and_an_explanation(office, reason, note, code):
    req = support.submitted(office)
    with pytest.raises(DomainError) as caught:
        services.return_request(actor=office.auditor, req=req, reason=reason, note=note)
    assert caught.value.code == code


def test_a_returned_request_tells_the_requester_why(office, django_capture_on_commit_callbacks):
    req = support.submitted(office)
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.return_request(
            actor=office.auditor, req=req, reason="proceedings", note="같은 사안으로 감사원 감사가 진행 중입니다."
        )
    assert returned.state == S.RETURNED
    assert returned.return_reason == "proceedings"
    assert returned.times_returned == 1
    notice = Notification.objects.get(recipient=office.official, kind=KIND_SCREENED)
    assert "감사" in notice.body


@pytest.mark.parametrize("who", ["district_auditor", "head", "official", "sysadmin", "committee_member"])
def test_only_the_audit_office_screens(office, who):
    req = support.submitted(office)
    with pytest.raises(PermissionDeniedError):
        services.accept_request(actor=getattr(office, who), req=req)
    with pytest.raises(PermissionDeniedError):
        services.return_request(actor=getattr(office, who), req=req, reason="proceedings", note="x")


def test_a_draft_cannot_be_screened(office):
    with pytest.raises(InvalidTransitionError):
        services.accept_request(actor=office.auditor, req=support.draft(office))


# --- Reviewers -----------------------------------------------------------------------------------------------


def test_reviewers_must_be_of_the_audit_office(office):
    req = support.accepted(office)
    with pytest.raises(DomainError) as caught:
        services.assign_reviewers(actor=office.auditor, req=req, reviewers=[office.district_auditor])
    assert caught.value.code == "reviewer_not_office"
    with pytest.raises(DomainError) as caught:
        services.assign_reviewers(actor=office.auditor, req=req, reviewers=[])
    assert caught.value.code == "reviewers_required"
    with pytest.raises(DomainError) as caught:
        services.assign_reviewers(actor=office.auditor, req=req, reviewers=[office.auditor], lead=office.auditor2)
    assert caught.value.code == "lead_not_reviewer"


def test_reviewers_can_be_changed_during_the_review(office, django_capture_on_commit_callbacks):
    req = support.under_review(office)
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.assign_reviewers(actor=office.auditor, req=req, reviewers=[office.auditor2])
    assert changed.state == S.UNDER_REVIEW
    assert [a.reviewer for a in changed.assignments.all()] == [office.auditor2]
    assert AuditEvent.objects.filter(verb="consulting.reviewers_changed").exists()
    assert Notification.objects.filter(recipient=office.auditor2, kind=KIND_ASSIGNED).exists()
    with pytest.raises(PermissionDeniedError):
        services.assign_reviewers(actor=office.district_auditor, req=req, reviewers=[office.auditor])


# --- Joint review --------------------------------------------------------------------------------------------


def test_a_joint_review_is_recorded_for_the_office_only(office):
    req = support.under_review(office)
    review = services.record_joint_review(
        actor=office.auditor,
        req=req,
        held_on=timezone.localdate(),
        participant_kinds=["lawyers", "regulatory_reform"],
        participants="김○○ 고문변호사, 규제개혁팀장",
        notes="사용허가로 처리하는 방안이 타당하다는 의견",
    )
    assert review.participant_kinds == ["lawyers", "regulatory_reform"]
    event = Event.objects.get(request=req, verb="joint_review")
    assert event.shared is False


@pytest.mark.parametrize(
    ("kinds", "held", "participants", "notes", "code"),
    [
        ([], 0, "a", "b", "kinds_required"),
        (["astrologers"], 0, "a", "b", "kinds_required"),
        (["lawyers"], None, "a", "b", "held_on_required"),
        (["lawyers"], 1, "a", "b", "held_on_future"),
        (["lawyers"], -30, "a", "b", "held_on_before_receipt"),
        (["lawyers"], 0, "", "b", "participants_required"),
        (["lawyers"], 0, "a", "", "notes_required"),
    ],
)
def test_an_incomplete_joint_review_is_refused(office, kinds, held, participants, notes, code):
    req = support.under_review(office)
    day = None if held is None else timezone.localdate() + datetime.timedelta(days=held)
    with pytest.raises(DomainError) as caught:
        services.record_joint_review(
            actor=office.auditor, req=req, held_on=day, participant_kinds=kinds, participants=participants, notes=notes
        )
    assert caught.value.code == code


def test_the_requester_cannot_record_a_joint_review(office):
    req = support.under_review(office)
    with pytest.raises(PermissionDeniedError):
        services.record_joint_review(
            actor=office.official,
            req=req,
            held_on=timezone.localdate(),
            participant_kinds=["lawyers"],
            participants="a",
            notes="b",
        )


# --- Escalation ----------------------------------------------------------------------------------------------


def test_an_escalation_pauses_the_clock_and_the_reply_adds_the_days_back(office, time_machine):
    start = timezone.localdate()
    req = support.under_review(office)
    due = req.due_on
    escalated = services.escalate_request(actor=office.auditor, req=req, to="bai", question="감사원 의견을 구합니다.")
    assert escalated.state == S.ESCALATED
    assert escalated.paused_on == start

    time_machine.move_to(timezone.now() + datetime.timedelta(days=7))  # a week later
    later = timezone.localdate()
    resumed = services.record_escalation_reply(
        actor=office.auditor, req=escalated, reply="사용허가로 처리 가능", reply_on=later - datetime.timedelta(days=1)
    )
    paused = deadlines.days_left(later, start, business=True)
    assert paused >= 3
    assert resumed.state == S.UNDER_REVIEW
    assert resumed.paused_on is None
    assert resumed.due_on == deadlines.add_days(due, paused, business=True)
    change = DeadlineChange.objects.get(request=req)
    assert change.kind == ExtensionKind.PAUSE
    assert change.previous_due_on == due
    assert resumed.escalations.get().reply == "사용허가로 처리 가능"


@pytest.mark.parametrize(("to", "question", "code"), [("", "질의", "to_required"), ("bai", "", "question_required")])
def test_an_incomplete_escalation_is_refused(office, to, question, code):
    req = support.under_review(office)
    with pytest.raises(DomainError) as caught:
        services.escalate_request(actor=office.auditor, req=req, to=to, question=question)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("reply", "offset", "code"),
    [
        ("", 0, "reply_required"),
        ("회신", None, "reply_on_required"),
        ("회신", 1, "reply_on_out_of_range"),
        ("회신", -1, "reply_on_out_of_range"),
    ],
)
def test_an_incomplete_reply_is_refused(office, reply, offset, code):
    req = services.escalate_request(actor=office.auditor, req=support.under_review(office), to="mois", question="질의")
    day = None if offset is None else timezone.localdate() + datetime.timedelta(days=offset)
    with pytest.raises(DomainError) as caught:
        services.record_escalation_reply(actor=office.auditor, req=req, reply=reply, reply_on=day)
    assert caught.value.code == code


def test_an_escalated_request_has_no_running_clock_to_extend(office):
    req = services.escalate_request(actor=office.auditor, req=support.under_review(office), to="bai", question="질의")
    with pytest.raises(PermissionDeniedError):
        services.extend_deadline(
            actor=office.auditor, req=req, new_due_on=req.due_on + datetime.timedelta(days=5), reason="사유"
        )


# --- Committee referral --------------------------------------------------------------------------------------


def test_a_referral_tables_the_matter_and_the_decision_brings_the_view_back(office, django_capture_on_commit_callbacks):
    req = support.under_review(office)
    referred = services.refer_to_committee(actor=office.auditor, req=req, reason="시민 다수에게 영향이 큽니다.")

    assert referred.state == S.REFERRED
    assert referred.paused_on == timezone.localdate()
    item = AgendaItem.objects.get(kind="preconsulting", subject_id=req.pk)
    referral = Referral.objects.get(request=req)
    assert referral.agenda_item_id == item.pk

    with django_capture_on_commit_callbacks(execute=True):
        decide(item, "advised", resolution="임시 개방은 공익에 부합하므로 사용허가 방식으로 추진 권고")
    req.refresh_from_db()
    referral.refresh_from_db()
    assert req.state == S.UNDER_REVIEW
    assert req.paused_on is None
    assert referral.outcome == "advised"
    assert referral.view.startswith("임시 개방은")
    assert referral.decision_number
    assert Notification.objects.filter(recipient=office.auditor, kind=KIND_COMMITTEE).exists()
    assert AuditEvent.objects.filter(verb="consulting.committee_decided", actor__isnull=True).exists()


def test_a_referral_needs_a_reason(office):
    with pytest.raises(DomainError) as caught:
        services.refer_to_committee(actor=office.auditor, req=support.under_review(office), reason=" ")
    assert caught.value.code == "reason_required"


def test_a_withdrawn_agenda_item_puts_the_request_back_under_review(office):
    from proactive.committee.services.agenda import withdraw_item

    req = services.refer_to_committee(actor=office.auditor, req=support.under_review(office), reason="영향이 큼")
    item = AgendaItem.objects.get(kind="preconsulting", subject_id=req.pk)
    withdraw_item(actor=None, item=item, reason="감사부서 요청")
    req.refresh_from_db()
    assert req.state == S.UNDER_REVIEW
    assert Referral.objects.get(request=req).withdrawn is True


def test_the_referred_step_back_is_the_committees_alone(office):
    req = services.refer_to_committee(actor=office.auditor, req=support.under_review(office), reason="영향이 큼")
    with pytest.raises(PermissionDeniedError):
        services.transition_request(actor=office.auditor, req=req, to=S.UNDER_REVIEW)


# --- Extensions ----------------------------------------------------------------------------------------------


def test_an_extension_moves_the_due_date_and_tells_the_requester(office, django_capture_on_commit_callbacks):
    req = support.under_review(office)
    new_due = req.due_on + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        change = services.extend_deadline(
            actor=office.auditor, req=req, new_due_on=new_due, reason="관계부서 협의 필요"
        )
    req.refresh_from_db()
    assert req.due_on == new_due
    assert change.kind == ExtensionKind.EXTENSION
    notice = Notification.objects.get(recipient=office.official, kind=KIND_EXTENDED)
    assert notice.body == "관계부서 협의 필요"


@pytest.mark.parametrize(
    ("offset", "reason", "code"),
    [
        (5, "", "reason_required"),
        (None, "사유", "due_on_required"),
        (0, "사유", "not_later"),
        (-100, "사유", "not_later"),
    ],
)
def test_an_extension_needs_a_later_date_and_a_reason(office, offset, reason, code):
    req = support.under_review(office)
    day = None if offset is None else req.due_on + datetime.timedelta(days=offset)
    with pytest.raises(DomainError) as caught:
        services.extend_deadline(actor=office.auditor, req=req, new_due_on=day, reason=reason)
    assert caught.value.code == code


def test_an_extension_must_end_in_the_future(office):
    req = shift(support.under_review(office), 40)
    with pytest.raises(DomainError) as caught:
        services.extend_deadline(actor=office.auditor, req=req, new_due_on=timezone.localdate(), reason="사유")
    assert caught.value.code == "not_future"


def test_only_the_audit_office_extends(office):
    req = support.under_review(office)
    for who in (office.official, office.head, office.district_auditor):
        with pytest.raises(PermissionDeniedError):
            services.extend_deadline(actor=who, req=req, new_due_on=req.due_on + datetime.timedelta(days=3), reason="x")


# --- The opinion ---------------------------------------------------------------------------------------------


def test_the_opinion_is_numbered_per_year_and_announced(office, django_capture_on_commit_callbacks, monkeypatch):
    rendered = []

    def render(*, opinion_id):
        rendered.append(opinion_id)

    monkeypatch.setattr("proactive.consulting.services.opinions.render_opinion", render)
    with django_capture_on_commit_callbacks(execute=True):
        first = support.answered(office)
    second = support.answered(office, title="긴급 수의계약 가능 여부")
    year = timezone.localdate().year

    assert first.state == S.OPINION_ISSUED
    assert first.opinion.number == f"사전-{year}-0001"
    assert second.opinion.number == f"사전-{year}-0002"
    assert rendered == [first.opinion.pk]
    recipients = set(Notification.objects.filter(kind=KIND_OPINION).values_list("recipient", flat=True))
    assert recipients == {office.official.pk, office.head.pk}
    assert services.next_number(year + 1) == f"사전-{year + 1}-0001"


@pytest.mark.parametrize(
    ("conclusion", "reasons", "code"), [("", "이유", "conclusion_required"), ("결론", " ", "reasons_required")]
)
def test_an_opinion_needs_a_conclusion_and_reasons(office, conclusion, reasons, code):
    req = support.under_review(office)
    with pytest.raises(DomainError) as caught:
        services.issue_opinion(actor=office.auditor, req=req, conclusion=conclusion, reasons=reasons)
    assert caught.value.code == code
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("who", ["official", "head", "district_auditor", "sysadmin"])
def test_only_the_audit_office_issues_the_opinion(office, who):
    req = support.under_review(office)
    with pytest.raises(PermissionDeniedError):
        services.issue_opinion(actor=getattr(office, who), req=req, conclusion="결론", reasons="이유")


def test_an_accepted_request_without_reviewers_cannot_be_answered_yet(office):
    with pytest.raises(InvalidTransitionError):
        services.issue_opinion(actor=office.auditor, req=support.accepted(office), conclusion="결론", reasons="이유")


# --- Daily flags and reminders -------------------------------------------------------------------------------


def test_overdue_requests_are_flagged_once_a_day(office, django_capture_on_commit_callbacks):
    late = shift(support.under_review(office), 40)
    unassigned = shift(support.accepted(office, title="보조금 집행 기준 해석"), 40)
    support.under_review(office, title="아직 기한 전")

    with django_capture_on_commit_callbacks(execute=True):
        assert services.flag_overdue_consultings() == 2
    assert services.flag_overdue_consultings() == 0  # the same day again: nothing

    notices = Notification.objects.filter(kind=KIND_OVERDUE)
    # The reviewer of the first, and the whole office for the unassigned one.
    counts = {n.recipient_id: n.title for n in notices}
    assert "2" in counts[office.auditor.pk]
    assert "1" in counts[office.auditor2.pk]
    assert office.district_auditor.pk not in counts
    assert Event.objects.filter(request=late, verb="overdue_flagged", shared=False).exists()
    assert Event.objects.filter(request=unassigned, verb="overdue_flagged").exists()


def test_the_requester_is_reminded_once_to_report_the_implementation(office, django_capture_on_commit_callbacks):
    req = support.answered(office)
    done = support.implemented(office, title="이미 보고함")
    Opinion.objects.filter(request__in=[req, done]).update(issued_on=timezone.localdate() - datetime.timedelta(days=31))

    assert services.remind_implementation(on=timezone.localdate() - datetime.timedelta(days=2)) == 0  # too early
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_implementation() == 1
    assert services.remind_implementation() == 0
    assert Notification.objects.filter(recipient=office.official, kind=KIND_REMINDER).count() == 1
    assert Opinion.objects.get(request=req).reminded_on == timezone.localdate()


# --- Settings ------------------------------------------------------------------------------------------------


def test_the_audit_office_changes_the_rules(office):
    settings = update_settings(actor=office.auditor, data={"review_days": 20, "business_days": False})
    assert (settings.review_days, settings.business_days) == (20, False)
    event = AuditEvent.objects.get(verb="consulting.settings_changed")
    assert event.changes["review_days"] == [15, 20]
    update_settings(actor=office.auditor, data={"review_days": 20})
    assert AuditEvent.objects.filter(verb="consulting.settings_changed").count() == 1  # nothing changed


@pytest.mark.parametrize("who", ["official", "head", "district_auditor", "sysadmin"])
def test_nobody_else_changes_the_rules(office, who):
    with pytest.raises(PermissionDeniedError):
        update_settings(actor=getattr(office, who), data={"review_days": 5})


def test_zero_days_are_refused(office):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        update_settings(actor=office.auditor, data={"review_days": 0})
