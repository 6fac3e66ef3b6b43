"""Purging reports whose retention period has passed: what goes, what stays, the audit record, idempotence."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from proactive.audit.models import AuditEvent
from proactive.reporting.enums import Outcome, ReportField
from proactive.reporting.models import Action, Attachment, CaseStudy, CentreSettings, Event, Extension, Message, Report
from proactive.reporting.services import handling
from proactive.reporting.services.casestudies import create_case_study
from proactive.reporting.services.retention import expired, purge_expired, purge_on
from tests.reporting.support import anonymous_report, arrange_centre
from tests.reporting.test_statistics_support import closed_report, day, forwarded_report, investigating_report, settle

pytestmark = pytest.mark.django_db
TODAY = day("2026-06-01")


@pytest.fixture
def centre():
    return arrange_centre()


def note(name: str = "memo.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "현장 사진 설명 메모입니다.".encode(), content_type="text/plain")


def full_report(centre):
    """A closed, actioned report with everything a report can hold: files, messages, an extension, an action."""
    report = anonymous_report(centre, files=[note()])[0]
    handling.start_investigation(
        actor=centre.handler, report=report, assignee=centre.handler, field=ReportField.ROADS_TRANSPORT
    )
    handling.send_message(actor=centre.handler, report=report, text="추가 자료를 부탁드립니다.", files=[note("b.txt")])
    handling.extend_deadline(
        actor=centre.handler,
        report=report,
        new_due_on=report.received_on + datetime.timedelta(days=30),
        reason="현장 확인 일정",
    )
    handling.record_finding(actor=centre.handler, report=report, substantiated=True, findings="확인됨")
    handling.record_action(actor=centre.handler, report=report, actions=[handling.ActionInput(kind="caution")])
    return handling.close_report(actor=centre.handler, report=report, reporter_text="주의 처분을 했습니다.")


def test_an_expired_report_is_deleted_with_everything_it_holds(centre):
    report = full_report(centre)
    case_study = create_case_study(
        actor=centre.handler,
        report=report,
        data={
            "title": "서류 반복 요구",
            "report_type": "neglect",
            "field": "roads_transport",
            "summary": "경위",
            "finding": "결과",
            "lesson": "교훈",
        },
    )
    files = list(Attachment.objects.filter(report=report))
    assert len(files) == 2
    storage = files[0].file.storage
    names = [a.file.name for a in files]
    assert all(storage.exists(n) for n in names)
    settle(report, received_on=day("2020-12-20"), closed_on=day("2021-01-05"))

    result = purge_expired(today=TODAY)

    assert result.reports == 1
    assert result.by_outcome == {Outcome.ACTIONED: 1}
    assert result.files_deleted == 2
    assert not Report.objects.filter(pk=report.pk).exists()
    for model in (Message, Attachment, Event, Extension, Action):
        assert not model.objects.filter(report_id=report.pk).exists(), model
    assert not any(storage.exists(n) for n in names)
    case_study.refresh_from_db()
    assert case_study.report is None
    assert CaseStudy.objects.count() == 1


def test_the_purge_leaves_one_audit_event_with_dates_and_nothing_from_the_content(centre):
    report = settle(closed_report(centre), received_on=day("2020-12-20"), closed_on=day("2021-01-05"))

    purge_expired(today=TODAY)

    event = AuditEvent.objects.get(verb="reporting.report_purged")
    assert (event.target_type, event.target_id, event.target_label) == (
        "reporting.report",
        str(report.pk),
        report.number,
    )
    assert event.actor is None
    assert event.data == {
        "number": report.number,
        "outcome": "actioned",
        "received_on": "2020-12-20",
        "closed_on": "2021-01-05",
    }


@pytest.mark.parametrize("outcome", ["forwarded", "unsubstantiated", "actioned"])
def test_each_outcome_is_kept_for_its_own_period(centre, outcome):
    # Kept for 365, 3 × 365 and 5 × 365 days from closing; purged on the day the period ends.
    cutoff = TODAY - datetime.timedelta(days=CentreSettings.current().retention_days(outcome))
    if outcome == "forwarded":
        make = forwarded_report
    elif outcome == "unsubstantiated":
        make = lambda c: closed_report(c, substantiated=False)  # noqa: E731
    else:
        make = closed_report
    last_day = settle(make(centre), closed_on=cutoff + datetime.timedelta(days=1))
    gone = settle(make(centre), closed_on=cutoff)

    result = purge_expired(today=TODAY)

    assert result.reports == 1
    assert list(Report.objects.values_list("pk", flat=True)) == [last_day.pk]
    assert not Report.objects.filter(pk=gone.pk).exists()


def test_open_reports_are_never_purged(centre):
    received = settle(anonymous_report(centre)[0], received_on=day("2015-01-01"))
    investigating = settle(investigating_report(centre), received_on=day("2015-01-01"))

    assert purge_expired(today=TODAY).reports == 0
    assert set(Report.objects.values_list("pk", flat=True)) == {received.pk, investigating.pk}


def test_the_purge_reads_the_retention_periods_at_purge_time(centre):
    report = settle(forwarded_report(centre), closed_on=day("2026-03-01"))
    assert purge_expired(today=TODAY).reports == 0

    CentreSettings.objects.filter(pk=CentreSettings.current().pk).update(retain_forwarded_days=30)

    assert purge_expired(today=TODAY).reports == 1
    assert not Report.objects.filter(pk=report.pk).exists()


def test_a_second_run_purges_nothing_more(centre):
    settle(closed_report(centre), closed_on=day("2020-01-01"))
    purge_expired(today=TODAY)

    again = purge_expired(today=TODAY)

    assert again.reports == 0
    assert AuditEvent.objects.filter(verb="reporting.report_purged").count() == 1


def test_a_missing_stored_file_does_not_stop_the_purge(centre):
    report = anonymous_report(centre, files=[note()])[0]
    attachment = Attachment.objects.get(report=report)
    attachment.file.storage.delete(attachment.file.name)
    report = handling.forward_report(
        actor=centre.handler, report=report, forwarded_to=centre.transport_dept, reason="이송", field="other"
    )
    settle(report, closed_on=day("2020-01-01"))

    result = purge_expired(today=TODAY)

    assert (result.reports, result.files_deleted, result.files_missing) == (1, 0, 1)


def test_today_defaults_to_the_local_date(centre):
    settle(forwarded_report(centre), closed_on=day("2025-01-01"))

    with time_machine.travel(datetime.datetime(2025, 12, 31, 12, 0, tzinfo=datetime.UTC)):
        assert purge_expired().reports == 0
    with time_machine.travel(datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC)):
        assert purge_expired().reports == 1


def test_purge_on_adds_the_outcomes_period(centre):
    assert purge_on(day("2026-01-01"), Outcome.FORWARDED) == day("2027-01-01")
    assert purge_on(day("2026-01-01"), Outcome.ACTIONED) == day("2030-12-31")


def test_the_command_prints_what_it_purged(centre):
    settle(closed_report(centre), closed_on=day("2001-01-01"))
    settle(forwarded_report(centre), closed_on=day("2001-01-01"))
    out = io.StringIO()

    call_command("purge_reports", stdout=out)

    text = out.getvalue()
    assert "Reports purged: 2 (forwarded 1, unsubstantiated 0, actioned 1)" in text
    assert Report.objects.count() == 0


def test_the_command_dry_run_deletes_nothing(centre):
    settle(closed_report(centre), closed_on=day("2001-01-01"))
    out = io.StringIO()

    call_command("purge_reports", "--dry-run", stdout=out)

    assert "Reports would be purged: 1 (forwarded 0, unsubstantiated 0, actioned 1)" in out.getvalue()
    assert Report.objects.count() == 1
    assert expired().count() == 1
