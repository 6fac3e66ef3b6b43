"""The application's services: drafts, submission, fact-finding and its deadline, tabling within the cap, the
committee's decision, closing, cancellation with a refund, withdrawal, comments, files, every refusal."""

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from proactive.accounts.enums import OfficialStatus, Role
from proactive.audit.models import AuditEvent
from proactive.committee.services import agenda
from proactive.core import deadlines
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.core.register import RegisterEntry, _providers
from proactive.legalsupport.enums import ApplicationState, Outcome, Recommendation, Stage
from proactive.legalsupport.models import Application, Event, LegalSupportSettings
from proactive.legalsupport.services import applications as services
from proactive.legalsupport.services.common import KIND_DECIDED, KIND_OVERDUE, KIND_SUBMITTED
from proactive.legalsupport.workflow import APPLICATION_TRANSITIONS, BY_COMMITTEE
from proactive.notifications.models import Notification
from tests.committee.support import decide
from tests.conftest import make_staff
from tests.factories.accounts import UserFactory
from tests.legalsupport.support import (
    arrange,
    checked,
    data,
    decided,
    draft,
    invoice,
    item_of,
    pay,
    pdf,
    submitted,
    tabled,
)

pytestmark = pytest.mark.django_db
S = ApplicationState


@pytest.fixture
def people():
    return arrange()


# --- Drafts --------------------------------------------------------------------------------------------------


def test_an_official_starts_a_draft_for_themselves(people):
    application = draft(people)

    assert application.state == S.DRAFT
    assert application.official == people.official.official
    assert application.filed_by == people.official
    assert application.receipt_number is None
    assert not application.official_retired
    assert not application.on_behalf
    assert AuditEvent.objects.filter(verb="legalsupport.drafted", target_id=str(application.pk)).exists()
    assert Event.objects.filter(application=application, verb="drafted").exists()


def test_a_draft_keeps_its_files(people):
    application = services.create_application(actor=people.official, data=data(), files=[pdf()])

    (document,) = application.files.all()
    assert document.purpose == "legalsupport.application"
    assert document.owner == people.official


def test_the_protection_officer_applies_for_a_retired_official_without_an_account(people):
    application = draft(people, actor=people.protection, official=people.retired)

    assert application.official == people.retired
    assert application.filed_by == people.protection
    assert application.official_retired
    assert application.on_behalf


def test_an_official_cannot_apply_on_someone_elses_behalf(people):
    with pytest.raises(PermissionDeniedError):
        draft(people, actor=people.other, official=people.official.official)


def test_a_citizen_account_cannot_apply(people, citizen):
    with pytest.raises(PermissionDeniedError):
        services.create_application(actor=citizen, data=data())


def test_a_superuser_cannot_apply_for_anyone(people):
    boss = make_staff(Role.SYSADMIN, is_superuser=True)
    with pytest.raises(PermissionDeniedError):
        draft(people, actor=boss, official=people.retired)


def test_a_draft_needs_a_proceeding(people):
    with pytest.raises(DomainError) as refused:
        services.create_application(actor=people.official, data=data(stage="nonsense"))
    assert refused.value.code == "stage_required"


def test_a_draft_refuses_a_future_acquittal_and_a_negative_amount(people):
    tomorrow = datetime.date.today() + datetime.timedelta(days=30)
    with pytest.raises(DomainError) as future:
        draft(people, stage=Stage.CRIMINAL_TRIAL, acquittal_final_on=tomorrow)
    assert future.value.code == "acquittal_future"
    with pytest.raises(DomainError) as negative:
        draft(people, amount_requested=-5)
    assert negative.value.code == "amount_not_positive"


def test_the_filer_and_the_official_edit_the_draft_and_others_cannot(people):
    application = draft(people, actor=people.protection, official=people.official.official)

    services.update_draft(actor=people.official, application=application, data={"case_number": "2026-징계-021"})
    services.update_draft(actor=people.protection, application=application, data={"amount_requested": 1_800_000})
    application.refresh_from_db()
    assert (application.case_number, application.amount_requested) == ("2026-징계-021", 1_800_000)
    event = AuditEvent.objects.filter(verb="legalsupport.draft_changed").order_by("pk").last()
    assert event.changes == {"amount_requested": [2_500_000, 1_800_000]}
    for outsider in (people.other, people.accountable, people.secretariat):
        with pytest.raises(PermissionDeniedError):
            services.update_draft(actor=outsider, application=application, data={"case_number": "x"})


def test_a_submitted_application_can_no_longer_be_edited(people):
    application = submitted(people)
    with pytest.raises(PermissionDeniedError):
        services.update_draft(actor=people.official, application=application, data={"case_number": "x"})


def test_files_can_be_removed_from_a_draft(people):
    application = services.create_application(actor=people.official, data=data(), files=[pdf(), pdf("의견서.pdf")])
    first = application.files.order_by("created_at").first()

    services.update_draft(actor=people.official, application=application, data={}, remove_files=[first.pk])

    assert list(application.files.values_list("original_name", flat=True)) == ["의견서.pdf"]


# --- The register of earlier answers -------------------------------------------------------------------------


class FakeRegister:
    kind = "opinion_test"

    def __init__(self, user):
        self.user = user

    def search(self, *, user, query, limit):  # pragma: no cover - not used here
        return []

    def requested_by(self, *, official_user):
        if official_user.pk != self.user.pk:
            return []
        return [
            RegisterEntry(
                kind=self.kind,
                kind_label="위원회 의견",
                pk=7,
                number="의견-2026-0007",
                title="긴급 배수 공사 수의계약 가능 여부",
                summary="",
                answered_on=datetime.date(2026, 3, 2),
                url="/opinions/7/",
                public=False,
            )
        ]


@pytest.fixture
def register(people):
    provider = FakeRegister(people.official)
    _providers[provider.kind] = provider
    yield provider
    _providers.pop(provider.kind, None)


def test_the_official_links_their_earlier_answers(people, register):
    application = services.create_application(actor=people.official, data=data(), related=["opinion_test:7"])

    (answer,) = application.related_answers.all()
    assert (answer.number, answer.url) == ("의견-2026-0007", "/opinions/7/")
    services.update_draft(actor=people.official, application=application, data={}, related=[])
    assert not application.related_answers.exists()


def test_someone_elses_answer_cannot_be_linked(people, register):
    with pytest.raises(DomainError) as refused:
        services.create_application(actor=people.other, data=data(), related=["opinion_test:7"])
    assert refused.value.code == "answer_unknown"


# --- Submission ----------------------------------------------------------------------------------------------


def test_submitting_numbers_the_application_and_starts_the_fact_finding_deadline(
    people, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to("2027-09-13 10:00 +09:00")  # the day before 추석 (9/14–16 in 2027)
    application = draft(people)
    with django_capture_on_commit_callbacks(execute=True):
        application = services.submit_application(actor=people.official, application=application)

    assert application.state == S.SUBMITTED
    assert application.receipt_number == "2027-0001"
    assert application.submitted_on == datetime.date(2027, 9, 13)
    assert application.due_on == deadlines.add_days(datetime.date(2027, 9, 13), 20, business=True)
    assert application.due_on > datetime.date(2027, 10, 8)  # 20 business days skip 추석 and 개천절
    assert Notification.objects.filter(recipient=people.accountable, kind=KIND_SUBMITTED).count() == 1
    assert not Notification.objects.filter(recipient=people.official, kind=KIND_SUBMITTED).exists()
    second = submitted(people)
    assert second.receipt_number == "2027-0002"


def test_the_deadline_follows_the_settings(people, time_machine):
    time_machine.move_to("2027-05-03 10:00 +09:00")
    LegalSupportSettings.objects.update_or_create(pk=1, defaults={"fact_finding_days": 14, "business_days": False})
    application = submitted(people)
    assert application.due_on == datetime.date(2027, 5, 17)


def test_an_incomplete_application_is_not_submitted(people):
    application = draft(people, act="", facts=" ", wants_lawyer_fee=False, wants_opinion=False)

    with pytest.raises(services.IncompleteApplicationError) as refused:
        services.submit_application(actor=people.official, application=application)

    assert {name for name, _message in refused.value.missing} == {"act", "facts", "support_kinds"}
    application.refresh_from_db()
    assert application.state == S.DRAFT


def test_a_lawyers_fee_needs_an_amount(people):
    application = draft(people, amount_requested=0)
    with pytest.raises(services.IncompleteApplicationError) as refused:
        services.submit_application(actor=people.official, application=application)
    assert [name for name, _m in refused.value.missing] == ["amount_requested"]


def test_an_opinion_only_application_needs_no_amount(people):
    application = submitted(people, wants_lawyer_fee=False, wants_opinion=True, amount_requested=0)
    assert application.state == S.SUBMITTED


def test_the_trial_stage_is_claimable_only_once_the_acquittal_is_final(people):
    application = draft(people, stage=Stage.CRIMINAL_TRIAL)
    with pytest.raises(services.IncompleteApplicationError) as refused:
        services.submit_application(actor=people.official, application=application)
    assert [name for name, _m in refused.value.missing] == ["acquittal_final_on"]
    assert "무죄가 확정된 뒤에만" in refused.value.message

    services.update_draft(
        actor=people.official, application=application, data={"acquittal_final_on": datetime.date(2026, 4, 10)}
    )
    assert services.submit_application(actor=people.official, application=application).state == S.SUBMITTED


def test_the_database_refuses_a_lodged_trial_application_without_a_final_acquittal(people):
    application = submitted(people)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(stage=Stage.CRIMINAL_TRIAL, acquittal_final_on=None)


def test_submission_records_that_the_official_has_retired_since(people):
    application = draft(people)
    official = people.official.official
    official.status = OfficialStatus.RETIRED
    official.save()

    application = services.submit_application(actor=people.official, application=application)

    assert application.official_retired


def test_only_the_official_or_the_filer_submits(people):
    application = draft(people)
    for outsider in (people.other, people.accountable, people.protection):
        with pytest.raises(PermissionDeniedError):
            services.submit_application(actor=outsider, application=application)


# --- Fact-finding --------------------------------------------------------------------------------------------


def test_the_accountable_officer_records_the_fact_finding(people, django_capture_on_commit_callbacks):
    application = submitted(people)
    with django_capture_on_commit_callbacks(execute=True):
        application = services.record_fact_finding(
            actor=people.accountable,
            application=application,
            findings="계약 서류와 인사위원회 회부 서류를 확인했습니다.",
            private_interest=False,
            intent_or_gross_negligence=False,
            recommendation=Recommendation.SUPPORT_IN_PART,
            recommended_amount=1_500_000,
        )

    assert application.state == S.FACTS_CHECKED
    report = application.fact_finding
    assert (report.recommendation, report.recommended_amount, report.checked_by) == (
        Recommendation.SUPPORT_IN_PART,
        1_500_000,
        people.accountable,
    )
    assert Notification.objects.filter(recipient=people.secretariat, kind="legalsupport.facts_checked").exists()


@pytest.mark.parametrize(
    ("details", "code"),
    [
        ({"findings": " "}, "findings_required"),
        ({"private_interest": None}, "private_interest_required"),
        ({"intent_or_gross_negligence": None}, "intent_required"),
        ({"recommendation": "maybe"}, "recommendation_required"),
        ({"recommended_amount": -1}, "amount_not_positive"),
    ],
)
def test_a_fact_finding_report_needs_every_answer(people, details, code):
    application = submitted(people)
    values = {
        "findings": "확인했습니다.",
        "private_interest": False,
        "intent_or_gross_negligence": False,
        "recommendation": Recommendation.SUPPORT,
    } | details
    with pytest.raises(DomainError) as refused:
        services.record_fact_finding(actor=people.accountable, application=application, **values)
    assert refused.value.code == code
    application.refresh_from_db()
    assert application.state == S.SUBMITTED


def test_nobody_else_checks_the_facts_nor_the_accountable_officer_on_their_own(people):
    application = submitted(people)
    values = {
        "findings": "확인",
        "private_interest": False,
        "intent_or_gross_negligence": False,
        "recommendation": Recommendation.SUPPORT,
    }
    for outsider in (people.secretariat, people.protection, people.official, people.sysadmin):
        with pytest.raises(PermissionDeniedError):
            services.record_fact_finding(actor=outsider, application=application, **values)
    own = services.submit_application(
        actor=people.accountable,
        application=services.create_application(actor=people.accountable, data=data()),
    )
    with pytest.raises(PermissionDeniedError):
        services.record_fact_finding(actor=people.accountable, application=own, **values)


def test_the_deadline_is_extended_with_a_reason(people, time_machine):
    time_machine.move_to("2027-05-03 10:00 +09:00")
    application = submitted(people)
    later = application.due_on + datetime.timedelta(days=10)

    extension = services.extend_fact_finding(
        actor=people.accountable, application=application, new_due_on=later, reason="수사기관 자료 회신 대기"
    )

    application.refresh_from_db()
    assert application.due_on == later
    assert extension.previous_due_on < later
    assert extension.reason == "수사기관 자료 회신 대기"


@pytest.mark.parametrize(
    ("offset", "reason", "code"),
    [(10, "", "reason_required"), (None, "사유", "due_on_required"), (-1, "사유", "not_later")],
)
def test_an_extension_needs_a_reason_and_a_later_date(people, offset, reason, code):
    application = submitted(people)
    new = None if offset is None else application.due_on + datetime.timedelta(days=offset)
    with pytest.raises(DomainError) as refused:
        services.extend_fact_finding(actor=people.accountable, application=application, new_due_on=new, reason=reason)
    assert refused.value.code == code


def test_no_extension_once_the_facts_are_checked_nor_by_others(people):
    application = checked(people)
    with pytest.raises(DomainError) as refused:
        services.extend_fact_finding(
            actor=people.accountable,
            application=application,
            new_due_on=datetime.date.today() + datetime.timedelta(days=40),
            reason="사유",
        )
    assert refused.value.code == "not_extendable"
    with pytest.raises(PermissionDeniedError):
        services.extend_fact_finding(
            actor=people.secretariat, application=submitted(people), new_due_on=None, reason="사유"
        )


def test_overdue_fact_findings_are_flagged_once_a_day(people, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to("2027-05-03 10:00 +09:00")
    application = submitted(people)
    submitted(people)
    time_machine.move_to(application.due_on + datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.flag_overdue_applications() == 2
        assert services.flag_overdue_applications() == 0  # the same day again: nothing

    (notice,) = Notification.objects.filter(recipient=people.accountable, kind=KIND_OVERDUE)
    assert "2" in notice.title
    assert notice.url == "/legal-support/queue/?overdue=on"


def test_the_command_flags_overdue_fact_findings(people, time_machine, capsys):
    time_machine.move_to("2027-05-03 10:00 +09:00")
    application = submitted(people)
    checked(people)  # not running any more: never overdue
    time_machine.move_to(application.due_on + datetime.timedelta(days=1))

    call_command("flag_overdue_legal_support")

    assert "1 overdue fact-finding(s) flagged." in capsys.readouterr().out
    assert Event.objects.filter(application=application, verb="overdue_flagged").count() == 1


# --- Tabling and the committee -------------------------------------------------------------------------------


def test_the_secretariat_tables_the_application_with_the_amount_proposed(people):
    application = tabled(people, proposed=2_000_000)

    assert application.state == S.BEFORE_COMMITTEE
    assert (application.proposed_amount, application.proposed_stage) == (2_000_000, Stage.DISCIPLINARY)
    item = item_of(application)
    assert item.kind == "legal_support"
    assert application.receipt_number in item.title


def test_an_amount_over_the_stage_cap_is_refused_with_both_figures(people):
    application = checked(people, amount_requested=3_000_000)

    with pytest.raises(DomainError) as refused:
        services.table_application(actor=people.secretariat, application=application, proposed_amount=2_500_000)

    assert refused.value.code == "over_cap"
    assert "2,500,000원" in refused.value.message
    assert "2,000,000원" in refused.value.message
    application.refresh_from_db()
    assert application.state == S.FACTS_CHECKED
    assert item_of(application) is None


def test_the_cap_of_the_criminal_investigation_is_five_million(people):
    application = checked(people, stage=Stage.CRIMINAL_INVESTIGATION, amount_requested=7_000_000)
    with pytest.raises(DomainError):
        services.table_application(actor=people.secretariat, application=application, proposed_amount=5_000_001)
    application = services.table_application(
        actor=people.secretariat, application=application, proposed_amount=5_000_000
    )
    assert application.proposed_amount == 5_000_000


def test_a_civil_suit_has_no_cap_by_default(people):
    application = checked(people, stage=Stage.CIVIL, amount_requested=12_000_000)
    application = services.table_application(
        actor=people.secretariat, application=application, proposed_amount=12_000_000
    )
    assert application.proposed_amount == 12_000_000


def test_more_than_requested_is_refused(people):
    application = checked(people, amount_requested=1_000_000)
    with pytest.raises(DomainError) as refused:
        services.table_application(actor=people.secretariat, application=application, proposed_amount=1_500_000)
    assert refused.value.code == "over_requested"


def test_the_trial_stage_cannot_be_proposed_without_a_final_acquittal(people):
    application = checked(people)
    with pytest.raises(DomainError) as refused:
        services.table_application(
            actor=people.secretariat, application=application, proposed_amount=100, stage=Stage.CRIMINAL_TRIAL
        )
    assert refused.value.code == "acquittal_not_final"


def test_only_the_secretariat_tables(people):
    application = checked(people)
    for outsider in (people.accountable, people.protection, people.official):
        with pytest.raises(PermissionDeniedError):
            services.table_application(actor=outsider, application=application, proposed_amount=100)


def test_the_committee_approves_and_the_decision_is_numbered(people, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to("2027-06-10 10:00 +09:00")
    application = tabled(people, proposed=2_000_000)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decide(item_of(application), Outcome.APPROVED, resolution="원안대로 지원 결정")
    application.refresh_from_db()

    assert application.state == S.APPROVED
    assert application.decision_number == "법률-2027-0001"
    assert (application.approved_amount, application.approved_stage) == (2_000_000, Stage.DISCIPLINARY)
    assert application.decision_resolution == "원안대로 지원 결정"
    assert application.decision_meeting
    assert callbacks  # the PDF and the notifications follow the commit
    second = decided(people, Outcome.DENIED, resolution="사적 이해관계가 확인되어 지원하지 않음")
    assert second.decision_number == "법률-2027-0002"
    assert second.state == S.DENIED
    assert second.approved_amount is None


def test_the_applicant_is_told_of_the_decision(people, monkeypatch, django_capture_on_commit_callbacks):
    rendered = []
    monkeypatch.setattr(
        "proactive.legalsupport.services.decisions.queue_rendering", lambda pk, kind: rendered.append((pk, kind))
    )
    application = tabled(people)
    with django_capture_on_commit_callbacks(execute=True):
        decide(item_of(application), Outcome.APPROVED)

    assert rendered == [(application.pk, "decision")]
    assert Notification.objects.filter(recipient=people.official, kind=KIND_DECIDED).count() == 1
    assert Notification.objects.filter(recipient=people.accountable, kind=KIND_DECIDED).count() == 1


def test_approval_over_a_cap_lowered_meanwhile_is_refused_at_the_committee(people):
    application = tabled(people, proposed=2_000_000)
    LegalSupportSettings.objects.filter(pk=1).update(cap_disciplinary=1_500_000)

    with pytest.raises(DomainError) as refused:
        decide(item_of(application), Outcome.APPROVED)

    assert refused.value.code == "over_cap"
    application.refresh_from_db()
    assert application.state == S.BEFORE_COMMITTEE


def test_an_item_taken_off_the_agenda_returns_the_application_to_be_tabled_again(people):
    application = tabled(people)
    agenda.withdraw_item(actor=people.secretariat, item=item_of(application), reason="다음 회의로 연기")

    application.refresh_from_db()
    assert application.state == S.FACTS_CHECKED
    assert application.tabled_on is None
    again = services.table_application(actor=people.secretariat, application=application, proposed_amount=1_000_000)
    assert again.state == S.BEFORE_COMMITTEE


def test_nobody_moves_an_application_as_the_committee_would(people):
    application = tabled(people)
    for actor in (people.secretariat, people.accountable):
        with pytest.raises(PermissionDeniedError):
            services.transition_application(actor=actor, application=application, to=S.APPROVED)
    boss = make_staff(Role.SECRETARIAT, is_superuser=True)
    with pytest.raises(PermissionDeniedError):
        services.transition_application(actor=boss, application=application, to=S.APPROVED)


def test_the_committee_cannot_decide_what_is_not_before_it(people):
    application = checked(people)
    with pytest.raises(InvalidTransitionError):
        services.transition_application(actor=None, application=application, to=S.APPROVED, by_committee=True)


# --- After the decision --------------------------------------------------------------------------------------


def test_the_secretariat_corrects_the_approved_amount_within_the_cap(people):
    application = decided(people)
    application = services.set_approved_amount(
        actor=people.secretariat, application=application, amount=1_800_000, reason="위원회 수정 의결"
    )
    assert application.approved_amount == 1_800_000
    with pytest.raises(DomainError) as over_cap:
        services.set_approved_amount(actor=people.secretariat, application=application, amount=2_100_000, reason="x")
    assert over_cap.value.code == "over_cap"
    pay(people, invoice(people, application), 1_000_000)
    with pytest.raises(DomainError) as below:
        services.set_approved_amount(actor=people.secretariat, application=application, amount=900_000, reason="x")
    assert below.value.code == "below_paid"
    with pytest.raises(DomainError) as no_reason:
        services.set_approved_amount(actor=people.secretariat, application=application, amount=1_500_000, reason="")
    assert no_reason.value.code == "reason_required"
    with pytest.raises(PermissionDeniedError):
        services.set_approved_amount(actor=people.accountable, application=application, amount=1_500_000, reason="x")


def test_the_accountable_officer_closes_settled_support(people):
    application = decided(people)
    pay(people, invoice(people, application, amount=2_000_000), 2_000_000)

    application = services.close_application(actor=people.accountable, application=application, note="전액 지급")

    assert application.state == S.CLOSED
    assert application.closed_on is not None
    with pytest.raises(PermissionDeniedError):
        services.close_application(actor=people.secretariat, application=decided(people))


def test_a_denied_application_cannot_be_closed_or_paid(people):
    application = decided(people, Outcome.DENIED)
    with pytest.raises(InvalidTransitionError):
        services.close_application(actor=people.accountable, application=application)


def test_support_obtained_falsely_is_cancelled_with_everything_paid_due(people, django_capture_on_commit_callbacks):
    application = decided(people)
    pay(people, invoice(people, application), 1_200_000)
    with django_capture_on_commit_callbacks(execute=False):
        application = services.cancel_support(
            actor=people.accountable, application=application, reason="사적 이해관계를 숨긴 사실이 확인됨"
        )

    assert application.state == S.CANCELLED
    assert application.refund_due == 1_200_000
    assert application.cancellation_reason == "사적 이해관계를 숨긴 사실이 확인됨"


def test_a_refund_is_received_in_instalments_and_then_the_application_closes(people):
    application = decided(people)
    pay(people, invoice(people, application), 1_200_000)
    application = services.cancel_support(
        actor=people.accountable, application=application, reason="허위 신청", refund_due=1_000_000
    )
    assert application.refund_due == 1_000_000
    day = datetime.date.today()

    application = services.record_refund(
        actor=people.accountable, application=application, amount=400_000, received_on=day, reference="세입-0001"
    )
    assert (application.state, application.refund_outstanding) == (S.CANCELLED, 600_000)
    with pytest.raises(DomainError) as too_much:
        services.record_refund(actor=people.accountable, application=application, amount=700_000, received_on=day)
    assert too_much.value.code == "refund_over_due"
    with pytest.raises(DomainError) as future:
        services.record_refund(
            actor=people.accountable,
            application=application,
            amount=100,
            received_on=day + datetime.timedelta(days=2),
        )
    assert future.value.code == "date_future"
    application = services.record_refund(
        actor=people.accountable, application=application, amount=600_000, received_on=day
    )
    assert application.state == S.CLOSED
    assert application.refund_received == 1_000_000
    assert Event.objects.filter(application=application, verb="refunded").exists()


def test_a_cancellation_with_nothing_paid_closes_at_once(people):
    application = services.cancel_support(actor=people.accountable, application=decided(people), reason="허위 신청")
    assert application.state == S.CLOSED
    assert application.cancelled_on is not None
    assert application.refund_due == 0


def test_a_settled_application_can_still_be_cancelled_but_only_once(people):
    application = decided(people)
    pay(people, invoice(people, application), 2_000_000)
    application = services.close_application(actor=people.accountable, application=application)
    application = services.cancel_support(
        actor=people.accountable, application=application, reason="감사에서 허위 청구서 확인"
    )
    assert (application.state, application.refund_due, application.closed_on) == (S.CANCELLED, 2_000_000, None)
    services.record_refund(
        actor=people.accountable, application=application, amount=2_000_000, received_on=datetime.date.today()
    )
    with pytest.raises(DomainError):
        services.cancel_support(actor=people.accountable, application=application, reason="다시")


@pytest.mark.parametrize(("refund", "code"), [(2_500_000, "refund_over_paid"), (-1, "amount_not_positive")])
def test_the_refund_due_cannot_exceed_what_was_paid(people, refund, code):
    application = decided(people)
    pay(people, invoice(people, application), 2_000_000)
    with pytest.raises(DomainError) as refused:
        services.cancel_support(actor=people.accountable, application=application, reason="허위", refund_due=refund)
    assert refused.value.code == code


def test_a_cancellation_needs_a_reason_and_the_accountable_officer(people):
    application = decided(people)
    with pytest.raises(DomainError) as refused:
        services.cancel_support(actor=people.accountable, application=application, reason=" ")
    assert refused.value.code == "reason_required"
    for outsider in (people.secretariat, people.protection, people.official):
        with pytest.raises(PermissionDeniedError):
            services.cancel_support(actor=outsider, application=application, reason="허위")


# --- Withdrawal, comments, files -----------------------------------------------------------------------------


def test_the_applicant_withdraws_before_the_committee(people):
    application = services.withdraw_application(
        actor=people.official, application=submitted(people), reason="징계 요구가 철회되었습니다."
    )
    assert application.state == S.WITHDRAWN
    assert application.withdrawal_reason == "징계 요구가 철회되었습니다."
    with pytest.raises(InvalidTransitionError):
        services.withdraw_application(actor=people.official, application=tabled(people), reason="늦었습니다")
    with pytest.raises(DomainError):
        services.withdraw_application(actor=people.official, application=submitted(people), reason="")
    with pytest.raises(PermissionDeniedError):
        services.withdraw_application(actor=people.other, application=submitted(people), reason="남의 신청")


def test_comments_reach_the_people_following_the_application(people, django_capture_on_commit_callbacks):
    application = submitted(people)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            actor=people.protection, application=application, text="소명 자료 보완을 도와드리겠습니다."
        )

    assert application.comments.get().author == people.protection
    assert Notification.objects.filter(recipient=people.official, kind="legalsupport.comment").exists()
    assert Notification.objects.filter(recipient=people.accountable, kind="legalsupport.comment").exists()
    assert not Notification.objects.filter(recipient=people.protection).exists()
    with pytest.raises(PermissionDeniedError):
        services.add_comment(actor=people.other, application=application, text="참견")
    with pytest.raises(DomainError):
        services.add_comment(actor=people.official, application=application, text=" ")


def test_files_are_added_after_submission_but_not_once_closed(people):
    application = submitted(people)
    (document,) = services.add_files(actor=people.protection, application=application, files=[pdf()])
    assert document in application.files.all()
    withdrawn = services.withdraw_application(actor=people.official, application=application, reason="철회")
    with pytest.raises(DomainError) as refused:
        services.add_files(actor=people.official, application=withdrawn, files=[pdf()])
    assert refused.value.code == "files_closed"
    with pytest.raises(PermissionDeniedError):
        services.add_files(actor=people.accountable, application=submitted(people), files=[pdf()])


# --- The table itself ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_every_move_outside_the_table_is_refused(people, current, target):
    if target in APPLICATION_TRANSITIONS.get(current, {}):
        return
    application = draft(people)
    Application.objects.filter(pk=application.pk).update(state=current)
    with pytest.raises(InvalidTransitionError):
        services.transition_application(actor=people.accountable, application=application, to=target)


def test_the_committees_moves_are_marked_in_the_table():
    moves = {(s, t) for s, targets in APPLICATION_TRANSITIONS.items() for t, p in targets.items() if p == BY_COMMITTEE}
    assert moves == {
        (S.BEFORE_COMMITTEE, S.APPROVED),
        (S.BEFORE_COMMITTEE, S.DENIED),
        (S.BEFORE_COMMITTEE, S.FACTS_CHECKED),
    }


def test_a_user_without_an_official_record_cannot_apply(people):
    user = UserFactory(official=None)
    with pytest.raises(PermissionDeniedError):
        services.create_application(actor=user, data=data())
