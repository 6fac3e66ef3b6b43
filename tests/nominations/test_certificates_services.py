"""Issuing and revoking certificates: who gets one, the serial number, frozen fields, idempotency, the task queued
after commit, revocation and the audit trail."""

import re

import pytest

from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.nominations.enums import Grade
from proactive.nominations.models import Certificate, NominationMember
from proactive.nominations.services import certificates as services
from proactive.programme.queries import current_settings
from tests.factories.accounts import UserFactory
from tests.factories.nominations import SelectionRoundFactory
from tests.nominations.test_certificates_support import (  # noqa: F401  (_certificate_kinds is an autouse fixture)
    _certificate_kinds,
    award,
    chair,
    hr,
    secretariat,
)

pytestmark = pytest.mark.django_db
SERIAL = re.compile(r"^2025-1-(\d{3})-([ABCDEFGHJKMNPQRSTWXYZ23456789]{4})$")


def _round():
    return SelectionRoundFactory(year=2025, half=1)


def test_issue_gives_every_member_of_every_confirmed_graded_award_one_certificate():
    rnd = _round()
    top = award(rnd, grade=Grade.TOP, team=2, rank=1)
    award(rnd, grade=Grade.EXCELLENT, team=1, rank=2)
    award(rnd, grade="", team=1, rank=3)  # ranked but no grade
    award(rnd, grade=Grade.ENCOURAGEMENT, team=1, rank=4, confirmed=False)
    award(grade=Grade.TOP)  # another round

    issued = services.issue_certificates(actor=chair(), round=rnd)

    assert len(issued) == 3
    assert {c.member_id for c in issued} == set(
        NominationMember.objects.filter(nomination__award__in=[top, issued[2].award]).values_list("pk", flat=True)
    )
    assert [c.grade for c in issued] == [Grade.TOP, Grade.TOP, Grade.EXCELLENT]


def test_serial_numbers_are_sequential_readable_and_unique():
    rnd = _round()
    award(rnd, team=3)
    issued = services.issue_certificates(actor=secretariat(), round=rnd)
    matches = [SERIAL.match(c.serial) for c in issued]
    assert all(matches), [c.serial for c in issued]
    assert [m.group(1) for m in matches] == ["001", "002", "003"]
    assert len({c.serial for c in issued}) == 3
    assert len({m.group(2) for m in matches}) > 1  # drawn at random, not one fixed suffix


def test_make_serial_draws_the_random_part_from_the_unambiguous_alphabet():
    rnd = _round()
    suffixes = {services.make_serial(rnd, 7).rsplit("-", 1)[1] for _ in range(200)}
    assert len(suffixes) > 150
    assert not set("".join(suffixes)) & set("01OIL")


def test_issue_is_idempotent_and_continues_the_sequence_for_a_member_added_later():
    rnd = _round()
    case = award(rnd, team=1)
    first = services.issue_certificates(actor=chair(), round=rnd)
    assert services.issue_certificates(actor=chair(), round=rnd) == []
    NominationMember.objects.create(nomination=case.nomination, official=UserFactory().official, contribution=10)
    later = services.issue_certificates(actor=secretariat(), round=rnd)
    assert len(later) == 1
    assert SERIAL.match(first[0].serial).group(1) == "001"
    assert SERIAL.match(later[0].serial).group(1) == "002"
    assert Certificate.objects.count() == 2


def test_a_revoked_certificate_is_not_issued_again():
    rnd = _round()
    award(rnd)
    (certificate,) = services.issue_certificates(actor=chair(), round=rnd)
    services.revoke_certificate(actor=secretariat(), certificate=certificate, reason="수상 취소")
    assert services.issue_certificates(actor=secretariat(), round=rnd) == []


def test_printed_fields_are_frozen_at_issue():
    rnd = _round()
    case = award(rnd, title="인허가 처리기간 단축")
    member = case.nomination.members.get()
    programme = current_settings()
    programme.mayor_title, programme.mayor_name = "부산광역시장", "박형준"
    programme.save()

    (certificate,) = services.issue_certificates(actor=chair(), round=rnd)
    assert certificate.recipient_name == member.official.name
    assert certificate.recipient_unit == member.official.unit.name
    assert certificate.case_title == "인허가 처리기간 단축"
    assert certificate.round_title == "2025년 상반기"
    assert (certificate.issuer_title, certificate.issuer_name) == ("부산광역시장", "박형준")

    programme.mayor_name = "홍길동"
    programme.save()
    member.official.name = "이름바뀜"
    member.official.save()
    case.nomination.title = "다른 제목"
    case.nomination.save()

    certificate.refresh_from_db()
    assert certificate.issuer_name == "박형준"
    assert certificate.recipient_name != "이름바뀜"
    assert certificate.case_title == "인허가 처리기간 단축"
    assert "박형준" in services.certificate_html(certificate)
    assert "홍길동" not in services.certificate_html(certificate)


@pytest.mark.parametrize("make_actor", [hr, UserFactory])
def test_issue_is_refused_to_others(make_actor):
    rnd = _round()
    award(rnd)
    with pytest.raises(PermissionDeniedError):
        services.issue_certificates(actor=make_actor(), round=rnd)
    assert not Certificate.objects.exists()


def test_issue_records_an_audit_event_each_and_queues_rendering_after_commit(django_capture_on_commit_callbacks):
    rnd = _round()
    award(rnd, team=2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issued = services.issue_certificates(actor=chair(), round=rnd)
    assert len(callbacks) == 1
    assert not Certificate.objects.filter(document__isnull=False).exists()  # nothing rendered inside the transaction
    events = AuditEvent.objects.filter(verb="nominations.certificate_issued")
    assert events.count() == 2
    assert {e.data["serial"] for e in events} == {c.serial for c in issued}


def test_issue_again_requeues_certificates_whose_rendering_failed(django_capture_on_commit_callbacks):
    rnd = _round()
    award(rnd)
    services.issue_certificates(actor=chair(), round=rnd)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.issue_certificates(actor=secretariat(), round=rnd) == []
    assert len(callbacks) == 1  # the certificate still has no PDF: rendering is tried again


def test_revoke_needs_a_reason_and_the_secretariat():
    rnd = _round()
    award(rnd)
    (certificate,) = services.issue_certificates(actor=chair(), round=rnd)
    with pytest.raises(PermissionDeniedError):
        services.revoke_certificate(actor=hr(), certificate=certificate, reason="착오")
    with pytest.raises(DomainError) as exc:
        services.revoke_certificate(actor=secretariat(), certificate=certificate, reason="  ")
    assert exc.value.code == "reason_required"
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoke_records_the_reason_once():
    rnd = _round()
    award(rnd)
    (certificate,) = services.issue_certificates(actor=chair(), round=rnd)
    revoked = services.revoke_certificate(actor=secretariat(), certificate=certificate, reason="수상 취소 의결")
    assert revoked.revoked_at is not None
    assert revoked.revoked_reason == "수상 취소 의결"
    event = AuditEvent.objects.get(verb="nominations.certificate_revoked")
    assert event.data == {"serial": certificate.serial, "reason": "수상 취소 의결"}
    with pytest.raises(DomainError) as exc:
        services.revoke_certificate(actor=secretariat(), certificate=certificate, reason="다시")
    assert exc.value.code == "revoked"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [(" 2025-1-007-k3f9 ", "2025-1-007-K3F9"), ("제 2025-1-007-K3F9 호", "2025-1-007-K3F9"), ("", "")],
)
def test_normalise_serial(typed, stored):
    assert services.normalise_serial(typed) == stored


def test_certificate_html_has_the_classic_parts():
    rnd = _round()
    award(rnd, title="민원 처리기간 단축")
    (certificate,) = services.issue_certificates(actor=chair(), round=rnd)
    html = services.certificate_html(certificate)
    assert f"제 {certificate.serial} 호" in html
    assert "적극행정 우수공무원 최우수" in html
    assert '「<span class="case">민원 처리기간 단축</span>」' in html
    assert "부산광역시 적극행정 우수공무원으로 선발하여 이 상장을 수여합니다." in html
    assert services.korean_date(certificate.issued_at) in html
    assert "data:image/svg+xml;base64," in html
    assert "word-break: keep-all" in html
    assert "@font-face{font-family:'PretendardGOV'" in html


def test_korean_date_and_organisation():
    import datetime

    from django.utils import timezone

    moment = timezone.make_aware(datetime.datetime(2025, 9, 8, 23, 30), datetime.UTC)  # 9 Sept in Seoul
    assert services.korean_date(moment) == "2025년 9월 9일"
    assert services.organisation_of("부산광역시장") == "부산광역시"
    assert services.organisation_of("Mayor") == ""


def test_a_long_case_title_gets_a_smaller_body_so_everything_stays_on_one_page():
    rnd = _round()
    award(rnd, title="가" * 150)
    (certificate,) = services.issue_certificates(actor=chair(), round=rnd)
    assert '<p class="body longer">' in services.certificate_html(certificate)
