"""Writing, changing and publishing case studies: who may, from which reports, what is audited."""

import pytest
import time_machine

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.reporting import crypto
from proactive.reporting.enums import ActionKind, CaseStudyState, Outcome, ReportField, ReportType
from proactive.reporting.models import Event
from proactive.reporting.services.casestudies import (
    anonymisation_hints,
    check_report_shareable,
    create_case_study,
    prefill_from_report,
    publish_case_study,
    update_case_study,
)
from tests.conftest import make_staff
from tests.reporting.support import anonymous_report, arrange_centre
from tests.reporting.test_statistics_support import closed_report, day, forwarded_report, investigating_report

pytestmark = pytest.mark.django_db
DATA = {
    "title": "같은 서류를 세 번 요구한 민원 처리",
    "report_type": ReportType.NEGLECT,
    "field": ReportField.HOUSING_BUILDING,
    "summary": "한 주민이 건축 신고 서류를 냈으나 담당 부서가 이미 낸 서류를 되풀이해 요구했습니다.",
    "finding": "처리 기한을 넘겼고, 보완 요구에 근거가 없었습니다.",
    "lesson": "보완 요구는 한 번에 근거와 함께 알립니다.",
    "action_kind": ActionKind.CAUTION,
}


@pytest.fixture
def centre():
    return arrange_centre()


def draft(centre, actor=None, report=None, **changes):
    return create_case_study(actor=actor or centre.handler, data={**DATA, **changes}, report=report)


def events(verb):
    return list(AuditEvent.objects.filter(verb=verb).order_by("pk"))


def test_an_audit_officer_writes_a_draft(centre):
    case_study = draft(centre)

    assert case_study.state == CaseStudyState.DRAFT
    assert (case_study.title, case_study.created_by, case_study.report) == (DATA["title"], centre.handler, None)
    assert case_study.published_on is None
    (event,) = events("reporting.case_study_created")
    assert event.target_label == f"case study {case_study.pk}"
    assert event.data == {
        "report": None,
        "report_type": "neglect",
        "field": "housing_building",
        "action_kind": "caution",
    }
    assert DATA["summary"] not in str(event.data) + event.target_label


@pytest.mark.parametrize("who", ["official", "citizen"])
def test_others_may_not_write_case_studies(centre, who):
    with pytest.raises(PermissionDeniedError):
        draft(centre, actor=getattr(centre, who))


def test_a_superuser_may_not_write_case_studies(centre):
    with pytest.raises(PermissionDeniedError):
        draft(centre, actor=make_staff(Role.AUDIT_OFFICER, is_superuser=True))


def test_a_required_text_missing_is_refused(centre):
    with pytest.raises(DomainError) as refusal:
        draft(centre, lesson="  ")

    assert refusal.value.code == "lesson_required"


def test_an_unknown_field_is_refused(centre):
    with pytest.raises(DomainError) as refusal:
        draft(centre, field="space")

    assert refusal.value.code == "field_required"


def test_a_case_study_from_a_closed_report_is_linked_and_noted_on_its_timeline(centre):
    report = closed_report(centre, kinds=(ActionKind.CORRECTION_ORDER, ActionKind.WARNING))

    case_study = draft(centre, report=report)

    assert case_study.report == report
    assert events("reporting.case_study_created")[0].data["report"] == report.number
    assert Event.objects.filter(report=report, verb="case_study_drafted").count() == 1


def test_the_prefill_takes_type_field_and_the_heaviest_action_from_metadata_only(centre, monkeypatch):
    report = closed_report(
        centre, kinds=(ActionKind.CORRECTION_ORDER, ActionKind.WARNING), field=ReportField.ENVIRONMENT
    )

    def refuse(*args, **kwargs):
        raise AssertionError("the prefill opened sealed content")

    for name in ("open_json", "open_text", "open_sealed"):
        monkeypatch.setattr(crypto, name, refuse)

    assert prefill_from_report(report) == {
        "report_type": ReportType.NEGLECT,
        "field": ReportField.ENVIRONMENT,
        "action_kind": ActionKind.WARNING,
    }


def test_an_unsubstantiated_report_prefills_no_action(centre):
    report = closed_report(centre, substantiated=False)

    assert prefill_from_report(report)["action_kind"] == ""
    assert draft(centre, report=report, action_kind="").report == report


@pytest.mark.parametrize("make", ["received", "investigating", "forwarded"])
def test_only_a_closed_report_with_a_finding_makes_a_case_study(centre, make):
    if make == "received":
        report = anonymous_report(centre)[0]
    elif make == "investigating":
        report = investigating_report(centre)
    else:
        report = forwarded_report(centre)
        assert report.outcome == Outcome.FORWARDED

    with pytest.raises(DomainError) as refusal:
        draft(centre, report=report)

    assert refusal.value.code == "not_shareable"


def test_another_bodys_officer_may_not_write_from_a_report(centre):
    report = closed_report(centre)

    with pytest.raises(PermissionDeniedError):
        check_report_shareable(actor=centre.district_handler, report=report)
    with pytest.raises(PermissionDeniedError):
        draft(centre, actor=centre.district_handler, report=report)


def test_a_draft_is_changed_and_the_audit_names_the_texts_but_keeps_them_out(centre):
    case_study = draft(centre)

    changed = update_case_study(
        actor=centre.handler,
        case_study=case_study,
        data={**DATA, "summary": "새 경위", "field": ReportField.WELFARE},
    )

    assert (changed.summary, changed.field) == ("새 경위", ReportField.WELFARE)
    (event,) = events("reporting.case_study_changed")
    assert event.changes == {"field": ["housing_building", "welfare"]}
    assert event.data == {"texts_changed": ["summary"]}


def test_an_unchanged_draft_records_nothing(centre):
    case_study = draft(centre)

    update_case_study(actor=centre.handler, case_study=case_study, data=DATA)

    assert events("reporting.case_study_changed") == []


def test_a_colleague_of_the_same_body_may_change_a_draft_written_from_its_report(centre):
    case_study = draft(centre, report=closed_report(centre))

    update_case_study(actor=centre.colleague, case_study=case_study, data={"title": "고친 제목"})

    case_study.refresh_from_db()
    assert case_study.title == "고친 제목"


def test_another_bodys_officer_may_not_change_a_draft(centre):
    case_study = draft(centre, report=closed_report(centre))

    with pytest.raises(PermissionDeniedError):
        update_case_study(actor=centre.district_handler, case_study=case_study, data={"title": "x"})


def test_publishing_needs_the_confirmation(centre):
    case_study = draft(centre)

    with pytest.raises(DomainError) as refusal:
        publish_case_study(actor=centre.handler, case_study=case_study, anonymisation_confirmed=False)

    assert refusal.value.code == "anonymisation_not_confirmed"
    case_study.refresh_from_db()
    assert case_study.state == CaseStudyState.DRAFT


def test_publishing_stamps_the_day_and_freezes_the_case_study(centre):
    case_study = draft(centre)

    with time_machine.travel(day("2026-04-02")):
        published = publish_case_study(actor=centre.handler, case_study=case_study, anonymisation_confirmed=True)

    assert (published.state, published.published_on, published.anonymisation_confirmed) == (
        CaseStudyState.PUBLISHED,
        day("2026-04-02"),
        True,
    )
    (event,) = events("reporting.case_study_published")
    assert event.changes == {"state": ["draft", "published"]}
    assert event.actor == centre.handler
    with pytest.raises(PermissionDeniedError):
        update_case_study(actor=centre.handler, case_study=published, data={"title": "정정"})
    with pytest.raises(PermissionDeniedError):
        publish_case_study(actor=centre.handler, case_study=published, anonymisation_confirmed=True)


def test_an_official_may_not_publish(centre):
    case_study = draft(centre)

    with pytest.raises(PermissionDeniedError):
        publish_case_study(actor=centre.official, case_study=case_study, anonymisation_confirmed=True)


def test_a_changed_draft_needs_a_fresh_confirmation(centre):
    case_study = draft(centre)
    case_study.anonymisation_confirmed = True
    case_study.save()

    changed = update_case_study(actor=centre.handler, case_study=case_study, data={"title": "다른 제목"})

    assert changed.anonymisation_confirmed is False


def test_anonymisation_hints_point_at_what_often_identifies_someone():
    hints = anonymisation_hints(
        "2025년 3월 4일 김철수 주무관이 051-888-1234로 연락했고, 중앙대로 1001 민원실에서 서류 12345678을 받았다.",
        "메일 kim@busan.go.kr 로 보냈다.",
    )

    fragments = [fragment for _label, fragment in hints]
    assert "2025년 3월 4일" in fragments
    assert "김철수 주무관" in fragments
    assert "051-888-1234" in fragments
    assert "중앙대로 1001" in fragments
    assert "12345678" in fragments
    assert "kim@busan.go.kr" in fragments
    assert anonymisation_hints("한 주민이 봄에 민원을 냈고 담당 공무원이 처리를 미뤘다.") == []
