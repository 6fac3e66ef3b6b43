"""The requester's and the head's services: drafting, files, sending, approval, withdrawal, revision, the
implementation report; every refusal."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.consulting.enums import RequestState, SelfCheckItem
from proactive.consulting.models import ConsultingRequest, Event, Implementation, RequestFile
from proactive.consulting.services import requests as services
from proactive.consulting.services.common import KIND_APPROVAL, KIND_IMPLEMENTED, KIND_SENT_BACK, KIND_SUBMITTED
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.notifications.models import Notification
from tests.conftest import make_staff
from tests.consulting import support
from tests.factories.accounts import CitizenFactory, OfficialFactory
from tests.factories.documents import pdf_bytes

pytestmark = pytest.mark.django_db
S = RequestState


@pytest.fixture
def office():
    return support.arrange()


def pdf_file(name="검토자료.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


# --- Drafting ------------------------------------------------------------------------------------------------


def test_an_official_starts_a_draft_in_their_unit_and_body(office):
    req = support.draft(office, contact_phone="")

    assert req.state == S.DRAFT
    assert req.requester == office.official
    assert req.unit == office.transport_team
    assert req.body == office.city
    assert req.contact_phone == office.official.official.phone  # defaults to the work phone
    assert req.self_check[SelfCheckItem.LAWS]["checked"] is True
    assert set(req.self_check) == set(SelfCheckItem.values)
    assert AuditEvent.objects.filter(verb="consulting.request_created", target_id=str(req.pk)).exists()
    assert Event.objects.filter(request=req, verb="created").exists()


def test_a_district_officials_request_belongs_to_the_district(office):
    req = support.draft(office, requester=office.stranger)
    assert req.body == office.district


def test_a_draft_needs_a_title(office):
    with pytest.raises(DomainError) as caught:
        support.draft(office, title="  ")
    assert caught.value.code == "title_required"


def test_a_declared_private_interest_must_be_described(office):
    with pytest.raises(DomainError) as caught:
        support.draft(office, has_private_interest=True, private_interest_detail="")
    assert caught.value.code == "private_interest_detail_required"


def test_too_long_text_is_refused(office):
    with pytest.raises(DomainError) as caught:
        support.draft(office, background="가" * 20_001)
    assert caught.value.code == "too_long"


def test_an_unknown_self_check_item_is_refused(office):
    with pytest.raises(DomainError) as caught:
        support.draft(office, self_check={"astrology": {"checked": True, "note": "x"}})
    assert caught.value.code == "unknown_check"


def test_citizens_may_not_ask(office):
    with pytest.raises(PermissionDeniedError):
        services.create_request(actor=CitizenFactory(), data=support.complete_input())


def test_only_the_requester_edits_a_draft(office):
    req = support.draft(office)
    data = support.complete_input(title="고친 제목", contact_email=req.contact_email)

    for intruder in (office.colleague, office.head, office.auditor, office.sysadmin):
        with pytest.raises(PermissionDeniedError):
            services.update_request(actor=intruder, req=req, data=data)
    services.update_request(actor=office.official, req=req, data=data)
    req.refresh_from_db()
    assert req.title == "고친 제목"
    event = AuditEvent.objects.get(verb="consulting.request_changed")
    assert event.data == {"fields": ["title"]}


def test_a_sent_request_can_no_longer_be_edited(office):
    req = support.awaiting_approval(office)
    with pytest.raises(PermissionDeniedError):
        services.update_request(actor=office.official, req=req, data=support.complete_input())


def test_files_are_attached_and_removed(office):
    req = support.draft(office)
    row = services.attach_file(actor=office.official, req=req, uploaded_file=pdf_file())

    assert row.document.purpose == "consulting.request_file"
    assert row.document.owner == office.official
    services.remove_file(actor=office.official, req=req, file_id=row.pk)
    assert not RequestFile.objects.filter(pk=row.pk).exists()
    with pytest.raises(DomainError):
        services.remove_file(actor=office.official, req=req, file_id=row.pk)


def test_a_file_of_a_refused_type_is_refused(office):
    req = support.draft(office)
    with pytest.raises(DomainError):
        services.attach_file(
            actor=office.official, req=req, uploaded_file=SimpleUploadedFile("run.exe", b"MZ\x90\x00" * 20)
        )


def test_no_more_than_ten_files(office, monkeypatch):
    req = support.draft(office)
    monkeypatch.setattr(services, "MAX_FILES", 1)
    services.attach_file(actor=office.official, req=req, uploaded_file=pdf_file())
    with pytest.raises(DomainError) as caught:
        services.attach_file(actor=office.official, req=req, uploaded_file=pdf_file("두번째.pdf"))
    assert caught.value.code == "too_many_files"


# --- Sending -------------------------------------------------------------------------------------------------


def test_sending_goes_to_the_head_who_is_notified(office, django_capture_on_commit_callbacks):
    req = support.draft(office)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_request(actor=office.official, req=req)

    assert sent.state == S.AWAITING_APPROVAL
    assert sent.sent_on == timezone.localdate()
    assert sent.submitted_on is None
    assert Notification.objects.filter(recipient=office.head, kind=KIND_APPROVAL).exists()
    assert not Notification.objects.filter(recipient=office.other_head).exists()


def test_an_incomplete_request_is_not_sent_and_says_what_is_missing(office):
    checks = {item.value: {"checked": False, "note": ""} for item in SelfCheckItem}
    checks[SelfCheckItem.BUDGET] = {"checked": True, "note": ""}
    req = support.draft(office, issues="", self_check=checks, contact_phone="", contact_email="")
    # The contact defaults to the official's work contact; clear it to test the rule.
    ConsultingRequest.objects.filter(pk=req.pk).update(contact_phone="", contact_email="")
    req.refresh_from_db()

    missing = [str(m) for m in services.missing_for_sending(req)]
    assert any("쟁점" in m for m in missing)
    assert any("관계 법령" in m for m in missing)
    assert any("예산" in m for m in missing)
    assert any("연락처" in m for m in missing)
    with pytest.raises(DomainError) as caught:
        services.send_request(actor=office.official, req=req)
    assert caught.value.code == "incomplete"
    req.refresh_from_db()
    assert req.state == S.DRAFT


def test_sending_is_refused_when_no_head_uses_the_system(office):
    lonely = support.official_in(support.OrgUnitFactory(parent=office.city))
    req = support.draft(office, requester=lonely)
    with pytest.raises(DomainError) as caught:
        services.send_request(actor=lonely, req=req)
    assert caught.value.code == "no_head"


def test_a_head_asking_for_their_own_unit_submits_directly(office, django_capture_on_commit_callbacks):
    req = support.draft(office, requester=office.head)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_request(actor=office.head, req=req)

    assert sent.state == S.SUBMITTED
    assert sent.approved_by == office.head
    assert sent.submitted_on == timezone.localdate()
    officers = set(Notification.objects.filter(kind=KIND_SUBMITTED).values_list("recipient", flat=True))
    assert officers == {office.auditor.pk, office.auditor2.pk}  # not the district's audit officer


def test_only_the_requester_sends(office):
    req = support.draft(office)
    for intruder in (office.colleague, office.head, office.auditor):
        with pytest.raises(PermissionDeniedError):
            services.send_request(actor=intruder, req=req)


# --- Approval ------------------------------------------------------------------------------------------------


def test_the_head_approves_and_the_audit_office_is_told(office, django_capture_on_commit_callbacks):
    req = support.awaiting_approval(office)
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.decide_approval(actor=office.head, req=req, approve=True, comment="검토 바랍니다.")

    assert approved.state == S.SUBMITTED
    assert approved.approved_by == office.head
    assert approved.head_comment == "검토 바랍니다."
    assert Notification.objects.filter(recipient=office.auditor, kind=KIND_SUBMITTED).exists()
    assert AuditEvent.objects.filter(verb="consulting.approved").exists()


def test_the_head_sends_back_with_a_comment(office, django_capture_on_commit_callbacks):
    req = support.awaiting_approval(office)
    with pytest.raises(DomainError) as caught:
        services.decide_approval(actor=office.head, req=req, approve=False, comment="")
    assert caught.value.code == "comment_required"
    with django_capture_on_commit_callbacks(execute=True):
        back = services.decide_approval(actor=office.head, req=req, approve=False, comment="예산 영향을 보완하세요.")

    assert back.state == S.DRAFT
    assert Notification.objects.filter(recipient=office.official, kind=KIND_SENT_BACK).exists()
    # The requester may edit and send it again.
    services.update_request(actor=office.official, req=back, data=support.complete_input())
    assert services.send_request(actor=office.official, req=back).state == S.AWAITING_APPROVAL


@pytest.mark.parametrize("who", ["other_head", "official", "colleague", "auditor", "sysadmin", "committee_member"])
def test_nobody_but_the_units_head_approves(office, who):
    req = support.awaiting_approval(office)
    with pytest.raises(PermissionDeniedError):
        services.decide_approval(actor=getattr(office, who), req=req, approve=True)


def test_a_bureau_wide_head_also_approves(office):
    bureau_head = make_staff(Role.DEPARTMENT_HEAD, unit=office.city, official=OfficialFactory(unit=office.city))
    req = support.awaiting_approval(office)
    assert services.decide_approval(actor=bureau_head, req=req, approve=True).state == S.SUBMITTED


def test_a_superuser_is_refused(office):
    req = support.awaiting_approval(office)
    root = support.UserFactory(is_superuser=True)
    with pytest.raises(PermissionDeniedError):
        services.decide_approval(actor=root, req=req, approve=True)


def test_approving_twice_is_not_possible(office):
    req = support.submitted(office)
    with pytest.raises(InvalidTransitionError):
        services.decide_approval(actor=office.head, req=req, approve=True)


# --- Withdrawal and revision ---------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "awaiting_approval", "submitted", "returned"])
def test_the_requester_withdraws_before_an_answer(office, state):
    req = getattr(support, state)(office)
    withdrawn = services.withdraw_request(actor=office.official, req=req, reason="자체 해결")
    assert withdrawn.state == S.WITHDRAWN
    assert AuditEvent.objects.get(verb="consulting.withdrawn").data == {"reason": "자체 해결"}


def test_an_accepted_request_cannot_be_withdrawn(office):
    req = support.accepted(office)
    with pytest.raises(InvalidTransitionError):
        services.withdraw_request(actor=office.official, req=req)


def test_someone_else_cannot_withdraw(office):
    req = support.draft(office)
    with pytest.raises(PermissionDeniedError):
        services.withdraw_request(actor=office.colleague, req=req)


def test_a_request_returned_for_insufficient_review_is_revised_and_sent_again(office):
    req = support.returned(office, reason="insufficient_review")
    revised = services.revise_request(actor=office.official, req=req)
    assert revised.state == S.DRAFT
    sent = services.send_request(actor=office.official, req=revised)
    assert sent.state == S.AWAITING_APPROVAL
    assert services.decide_approval(actor=office.head, req=sent, approve=True).state == S.SUBMITTED


@pytest.mark.parametrize("reason", ["settled_by_law", "already_decided", "proceedings"])
def test_other_returns_are_final(office, reason):
    req = support.returned(office, reason=reason)
    with pytest.raises(PermissionDeniedError):
        services.revise_request(actor=office.official, req=req)


# --- Implementation ------------------------------------------------------------------------------------------


def test_the_requester_reports_the_implementation_with_evidence(office, django_capture_on_commit_callbacks):
    req = support.answered(office)
    with django_capture_on_commit_callbacks(execute=True):
        done = services.report_implementation(
            actor=office.official,
            req=req,
            followed=False,
            acted_on=timezone.localdate(),
            note="예산 사정으로 2안을 택했습니다.",
            files=[pdf_file("결과보고.pdf")],
        )

    assert done.state == S.IMPLEMENTED
    implementation = Implementation.objects.get(request=req)
    assert implementation.followed is False
    assert RequestFile.objects.get(request=req).purpose == RequestFile.Purpose.IMPLEMENTATION
    assert Notification.objects.filter(recipient=office.auditor, kind=KIND_IMPLEMENTED).exists()


@pytest.mark.parametrize(
    ("followed", "acted_on", "note", "code"),
    [
        (None, 0, "메모", "followed_required"),
        (True, 0, "", "note_required"),
        (False, 0, "", "note_required"),
        (True, None, "메모", "acted_on_required"),
        (True, 1, "메모", "acted_on_future"),
        (True, -1, "메모", "acted_on_before_opinion"),
    ],
)
def test_an_incomplete_implementation_report_is_refused(office, followed, acted_on, note, code):
    req = support.answered(office)
    day = None if acted_on is None else timezone.localdate() + datetime.timedelta(days=acted_on)
    with pytest.raises(DomainError) as caught:
        services.report_implementation(actor=office.official, req=req, followed=followed, acted_on=day, note=note)
    assert caught.value.code == code
    req.refresh_from_db()
    assert req.state == S.OPINION_ISSUED


def test_only_the_requester_reports_the_implementation(office):
    req = support.answered(office)
    for intruder in (office.head, office.auditor, office.colleague):
        with pytest.raises(PermissionDeniedError):
            services.report_implementation(
                actor=intruder, req=req, followed=True, acted_on=timezone.localdate(), note="x"
            )
