"""The audit office's services: audits, findings and their notifications, the application deadline (calendar or
business days) and its extension, the disposition of a finding."""

import datetime

import pytest
from django.utils import timezone

from proactive.audit.models import AuditEvent
from proactive.core import deadlines
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.notifications.models import Notification
from proactive.protection.enums import ApplicationState, Auditor, Disposition, Outcome
from proactive.protection.models import Concerned, Extension, ProtectionSettings
from proactive.protection.services import applications, audits
from tests.factories.accounts import OfficialFactory
from tests.protection.support import audit_of, concerned_of, decided, draft, finding_of, submitted

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_an_audit_is_recorded_and_audited(world):
    audit = audit_of(world, auditor=Auditor.MOIS)

    assert audit.auditor_display == "행정안전부"
    assert AuditEvent.objects.filter(verb="protection.audit_created", target_id=str(audit.pk)).exists()


def test_another_auditor_needs_its_name(world):
    with pytest.raises(DomainError) as refused:
        audit_of(world, auditor=Auditor.OTHER)
    assert refused.value.code == "auditor_other_required"

    audit = audit_of(world, auditor=Auditor.OTHER, auditor_other="부산광역시교육청 감사관")
    assert audit.auditor_display == "부산광역시교육청 감사관"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"title": " "}, "title_required"),
        ({"auditor": "nobody"}, "auditor_required"),
        ({"audited_unit": None}, "unit_required"),
        ({"ends_on": None}, "dates_required"),
        ({"ends_on": datetime.date(2020, 1, 1)}, "dates_order"),
    ],
)
def test_an_audit_with_a_missing_or_wrong_field_is_refused(world, change, code):
    values = {
        "actor": world.auditor,
        "auditor": Auditor.CITY,
        "title": "종합감사",
        "audited_unit": world.bureau,
        "starts_on": datetime.date(2026, 3, 2),
        "ends_on": datetime.date(2026, 3, 13),
    } | change
    with pytest.raises(DomainError) as refused:
        audits.create_audit(**values)
    assert refused.value.code == code


def test_a_district_audit_officer_cannot_record_an_audit_of_the_citys_units(world):
    with pytest.raises(PermissionDeniedError):
        audit_of(world, actor=world.district_auditor)
    assert audit_of(world, actor=world.district_auditor, unit=world.district_dept).pk


@pytest.mark.parametrize("who", ["official", "officer", "sysadmin", "secretariat"])
def test_only_the_audit_office_records_audits(world, who):
    with pytest.raises(PermissionDeniedError):
        audit_of(world, actor=getattr(world, who))


def test_a_superuser_is_refused(world):
    world.auditor.is_superuser = True
    with pytest.raises(PermissionDeniedError):
        audit_of(world)


def test_a_finding_notifies_each_official_with_the_deadline(world, django_capture_on_commit_callbacks):
    audit = audit_of(world, ends_ago=2)
    no_account = OfficialFactory(unit=world.team)
    with django_capture_on_commit_callbacks(execute=True):
        finding = finding_of(world, audit, officials=[world.official.official, world.colleague.official, no_account])

    rows = list(finding.concerned.order_by("pk"))
    assert len(rows) == 3
    expected = audit.ends_on + datetime.timedelta(days=20)  # default: 20 calendar days
    assert {r.apply_by for r in rows} == {expected}
    assert {r.proposed_disposition for r in rows} == {Disposition.WARNING}
    notices = Notification.objects.filter(kind="protection.finding_notified")
    assert {n.recipient for n in notices} == {world.official, world.colleague}
    assert expected.isoformat() in notices.first().title
    assert finding.sequence == 1
    assert finding_of(world, audit).sequence == 2


def test_the_application_deadline_may_count_business_days(world):
    ProtectionSettings.objects.update_or_create(
        pk=1, defaults={"application_days": 10, "application_business_days": True}
    )
    audit = audit_of(world)

    row = concerned_of(world, finding_of(world, audit))

    assert row.apply_by == deadlines.add_days(audit.ends_on, 10, business=True)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"title": ""}, "title_required"),
        ({"description": ""}, "description_required"),
        ({"officials": []}, "officials_required"),
        ({"proposed_disposition": Disposition.NONE}, "disposition_required"),
    ],
)
def test_a_finding_without_its_parts_is_refused(world, change, code):
    values = {
        "actor": world.auditor,
        "audit": audit_of(world),
        "title": "지적",
        "description": "내용",
        "officials": [world.official.official],
        "proposed_disposition": Disposition.CAUTION,
    } | change
    with pytest.raises(DomainError) as refused:
        audits.add_finding(**values)
    assert refused.value.code == code


def test_the_dates_of_an_audit_with_findings_cannot_change(world):
    audit = audit_of(world)
    values = {
        "auditor": audit.auditor,
        "title": "새 제목",
        "audited_unit": audit.audited_unit,
        "starts_on": audit.starts_on,
        "ends_on": audit.ends_on,
    }
    changed = audits.update_audit(actor=world.auditor, audit=audit, **values)
    assert changed.title == "새 제목"
    finding_of(world, audit)

    with pytest.raises(DomainError) as refused:
        audits.update_audit(
            actor=world.auditor, audit=audit, **(values | {"ends_on": audit.ends_on - datetime.timedelta(days=1)})
        )
    assert refused.value.code == "dates_locked"
    assert AuditEvent.objects.filter(verb="protection.audit_changed").count() == 1


def test_an_official_gets_more_time_with_a_reason(world, django_capture_on_commit_callbacks):
    row = concerned_of(world)
    new = row.apply_by + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        extension = audits.extend_application_deadline(
            actor=world.auditor, concerned=row, new_due_on=new, reason="병가"
        )

    row.refresh_from_db()
    assert row.apply_by == new
    assert extension.previous_due_on == new - datetime.timedelta(days=7)
    notice = Notification.objects.get(recipient=world.official, kind="protection.finding_notified")
    assert new.isoformat() in notice.title


@pytest.mark.parametrize(
    ("days", "reason", "code"),
    [(5, "", "reason_required"), (None, "사유", "due_on_required"), (0, "사유", "not_later")],
)
def test_an_extension_is_refused_without_a_reason_or_a_later_date(world, days, reason, code):
    row = concerned_of(world)
    new = None if days is None else row.apply_by + datetime.timedelta(days=days)
    with pytest.raises(DomainError) as refused:
        audits.extend_application_deadline(actor=world.auditor, concerned=row, new_due_on=new, reason=reason)
    assert refused.value.code == code
    assert not Extension.objects.exists()


def test_an_extension_must_end_in_the_future(world):
    row = concerned_of(world, finding_of(world, audit_of(world, ends_ago=60)))
    with pytest.raises(DomainError) as refused:
        audits.extend_application_deadline(
            actor=world.auditor, concerned=row, new_due_on=TODAY() - datetime.timedelta(days=1), reason="사유"
        )
    assert refused.value.code == "not_future"


def test_the_disposition_waits_for_a_pending_application(world):
    application = submitted(world)
    finding = application.concerned.finding

    with pytest.raises(DomainError) as refused:
        audits.record_disposition(actor=world.auditor, finding=finding)
    assert refused.value.code == "pending_application"


def test_the_disposition_follows_the_register(world):
    application = decided(world, Outcome.MITIGATED)
    finding = application.concerned.finding
    other = Concerned.objects.create(
        finding=finding,
        official=world.colleague.official,
        proposed_disposition=Disposition.LIGHT_DISCIPLINE,
        notified_on=TODAY(),
        apply_by=TODAY(),
    )

    audits.record_disposition(actor=world.auditor, finding=finding, note="처분 요구서 발송")

    finding.refresh_from_db()
    assert finding.disposed_on == TODAY()
    assert Concerned.objects.get(pk=application.concerned_id).final_disposition == Disposition.CAUTION
    assert Concerned.objects.get(pk=other.pk).final_disposition == Disposition.LIGHT_DISCIPLINE
    with pytest.raises(DomainError) as again:
        audits.record_disposition(actor=world.auditor, finding=finding)
    assert again.value.code == "disposed"


def test_after_the_disposition_no_application_and_no_extension(world):
    row = concerned_of(world)
    open_draft = draft(world, row)
    audits.record_disposition(actor=world.auditor, finding=row.finding)

    with pytest.raises(DomainError) as refused:
        applications.submit_application(actor=world.official, application=open_draft)
    assert refused.value.code in {"incomplete", "after_disposition"}
    applications.withdraw_application(actor=world.official, application=open_draft)
    with pytest.raises(DomainError) as late:
        applications.start_application(actor=world.official, concerned=row)
    assert late.value.code == "after_disposition"
    with pytest.raises(DomainError):
        audits.extend_application_deadline(
            actor=world.auditor, concerned=row, new_due_on=row.apply_by + datetime.timedelta(days=3), reason="사유"
        )
    open_draft.refresh_from_db()
    assert open_draft.state == ApplicationState.WITHDRAWN


def test_a_district_audit_officer_cannot_touch_the_citys_findings(world):
    row = concerned_of(world)
    with pytest.raises(PermissionDeniedError):
        audits.add_finding(
            actor=world.district_auditor,
            audit=row.finding.audit,
            title="t",
            description="d",
            officials=[world.official.official],
            proposed_disposition=Disposition.CAUTION,
        )
    with pytest.raises(PermissionDeniedError):
        audits.record_disposition(actor=world.district_auditor, finding=row.finding)
    with pytest.raises(PermissionDeniedError):
        audits.extend_application_deadline(
            actor=world.district_auditor,
            concerned=row,
            new_due_on=row.apply_by + datetime.timedelta(days=2),
            reason="x",
        )
