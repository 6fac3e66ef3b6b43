import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from proactive.actionplan.enums import PlanState, ReportState, TaskStatus
from proactive.actionplan.models import Direction, Plan, ProgressReport, Reporter
from proactive.actionplan.queries import plan_overview
from proactive.actionplan.services import plans, progress, structure
from proactive.actionplan.workflow import PLAN_TRANSITIONS
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from tests.actionplan.support import adopted_plan, arrange, draft_plan, first_task, task_data
from tests.factories.documents import pdf_bytes

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC)


def test_create_plan_sets_default_due_dates_and_is_audited():
    people = arrange()
    plan = plans.create_plan(actor=people.secretariat, year=2026)
    assert plan.state == PlanState.DRAFT
    assert plan.title == "2026년 적극행정 실행계획"
    assert [plan.due_on(q) for q in (1, 2, 3, 4)] == [
        datetime.date(2026, 4, 10),
        datetime.date(2026, 7, 10),
        datetime.date(2026, 10, 10),
        datetime.date(2027, 1, 10),
    ]
    assert AuditEvent.objects.filter(verb="actionplan.plan_created").count() == 1


def test_one_plan_per_year():
    people = arrange()
    plans.create_plan(actor=people.secretariat, year=2026)
    with pytest.raises(DomainError) as exc:
        plans.create_plan(actor=people.secretariat, year=2026)
    assert exc.value.code == "year_taken"


@pytest.mark.parametrize("who", ["head", "staff", "outsider", "bureau_chief"])
def test_only_the_secretariat_creates_plans(who):
    people = arrange()
    with pytest.raises(PermissionDeniedError):
        plans.create_plan(actor=getattr(people, who), year=2026)


def test_directions_are_renumbered_when_moved_and_removed():
    people = arrange()
    plan = draft_plan(people, directions=3, tasks=1)
    third = plan.directions.get(number=3)
    structure.move_direction(actor=people.secretariat, direction=third, up=True)
    assert list(plan.directions.values_list("title", flat=True)) == ["추진전략 1", "추진전략 3", "추진전략 2"]
    structure.remove_direction(actor=people.secretariat, direction=plan.directions.get(number=1))
    assert list(plan.directions.values_list("number", "title")) == [(1, "추진전략 3"), (2, "추진전략 2")]
    with pytest.raises(DomainError):
        structure.move_direction(actor=people.secretariat, direction=plan.directions.get(number=1), up=True)


def test_tasks_move_within_their_direction():
    people = arrange()
    plan = draft_plan(people, directions=1, tasks=3)
    last = plan.tasks.get(number=3)
    structure.move_task(actor=people.secretariat, task=last, up=True)
    assert list(plan.tasks.order_by("number").values_list("title", flat=True)) == ["과제 1-1", "과제 1-3", "과제 1-2"]


def test_task_needs_a_positive_target_and_a_department():
    people = arrange()
    plan = draft_plan(people, directions=1, tasks=0)
    direction = plan.directions.get()
    with pytest.raises(DomainError) as exc:
        structure.add_task(actor=people.secretariat, direction=direction, data=task_data(people, target=0))
    assert exc.value.code == "number_not_positive"
    with pytest.raises(DomainError) as exc:
        structure.add_task(
            actor=people.secretariat, direction=direction, data=task_data(people, owner_unit=people.team.pk)
        )
    assert exc.value.code == "owner_invalid"


def test_structure_is_frozen_after_deliberation():
    people = arrange()
    plan = draft_plan(people, directions=1, tasks=1)
    plan = plans.transition_plan(plan, to=PlanState.COMMITTEE_DELIBERATED, actor=people.secretariat)
    with pytest.raises(PermissionDeniedError):
        structure.add_direction(actor=people.secretariat, plan=plan, data={"title": "새 전략"})


def test_an_empty_plan_is_not_deliberated():
    people = arrange()
    plan = plans.create_plan(actor=people.secretariat, year=2026)
    with pytest.raises(DomainError) as exc:
        plans.transition_plan(plan, to=PlanState.COMMITTEE_DELIBERATED, actor=people.secretariat)
    assert exc.value.code == "plan_empty"


@pytest.mark.parametrize("state", list(PlanState))
def test_plan_transitions_follow_the_table(state):
    people = arrange()
    plan = draft_plan(people, directions=1, tasks=1)
    for to in PlanState:
        Plan.objects.filter(pk=plan.pk).update(state=state)
        plan.refresh_from_db()
        if to in PLAN_TRANSITIONS.get(state, {}):
            assert plans.transition_plan(plan, to=to, actor=people.secretariat).state == to
            Plan.objects.filter(pk=plan.pk).update(state=state)
            with pytest.raises(PermissionDeniedError):
                plans.transition_plan(plan, to=to, actor=people.head)
        else:
            with pytest.raises(InvalidTransitionError):
                plans.transition_plan(plan, to=to, actor=people.secretariat)


def test_adoption_records_the_day_and_reference():
    people = arrange()
    plan = adopted_plan(people, on=datetime.date(2026, 3, 18))
    assert plan.adopted_on == datetime.date(2026, 3, 18)
    assert plan.committee_reference == "제2차 위원회"
    assert plan.deliberated_on is not None


def test_copy_plan_copies_directions_and_tasks_with_baselines():
    people = arrange()
    source = draft_plan(people, year=2025, directions=2, tasks=2)
    source.tasks.filter(number=1).update(baseline=None)
    copy = plans.copy_plan(actor=people.secretariat, source=source)
    assert copy.year == 2026
    assert copy.state == PlanState.DRAFT
    assert copy.copied_from == source
    assert copy.directions.count() == 2
    assert copy.tasks.count() == 4
    assert set(copy.tasks.values_list("baseline", flat=True)) == {Decimal(4), Decimal(8)}


@time_machine.travel(TODAY, tick=False)
def test_head_reports_with_evidence_and_secretariat_accepts():
    people = arrange()
    plan = adopted_plan(people)
    task = first_task(plan)
    evidence = SimpleUploadedFile("회의록.pdf", pdf_bytes(), content_type="application/pdf")
    report = progress.report_progress(
        actor=people.head,
        task=task,
        quarter=3,
        actual="6",
        status=TaskStatus.ON_TRACK,
        narrative="3회 개최",
        files=[evidence],
    )
    assert report.state == ReportState.SUBMITTED
    assert report.evidence.count() == 1
    assert report.evidence.get().purpose == "actionplan.evidence"
    assert people.secretariat.has_perm("documents.view_document", report.evidence.get())
    assert not people.outsider.has_perm("documents.view_document", report.evidence.get())
    progress.accept_report(actor=people.secretariat, report=report)
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert report.reviewed_by == people.secretariat
    row = plan_overview(plan).directions[0].tasks[0]
    assert row.actual == Decimal(6)
    assert row.percent == Decimal("75.0")
    assert row.status == TaskStatus.ON_TRACK
    with pytest.raises(DomainError) as exc:
        progress.report_progress(actor=people.head, task=task, quarter=3, actual="7", status="done", narrative="수정")
    assert exc.value.code == "accepted"


@time_machine.travel(TODAY, tick=False)
def test_returned_report_is_reported_again():
    people = arrange()
    plan = adopted_plan(people)
    task = first_task(plan)
    report = progress.report_progress(
        actor=people.head, task=task, quarter=2, actual="2", status="delayed", narrative="지연"
    )
    with pytest.raises(DomainError):
        progress.return_report(actor=people.secretariat, report=report, comment="")
    progress.return_report(actor=people.secretariat, report=report, comment="증빙을 첨부하세요")
    overview = plan_overview(plan)
    assert overview.directions[0].tasks[0].cells[1].overdue  # returned after its due date
    again = progress.report_progress(
        actor=people.head, task=task, quarter=2, actual="3", status="delayed", narrative="보완"
    )
    assert again.pk == report.pk
    assert again.state == ReportState.SUBMITTED
    assert again.actual == Decimal(3)


@time_machine.travel(TODAY, tick=False)
def test_designated_official_reports_and_others_may_not():
    people = arrange()
    plan = adopted_plan(people)
    task = first_task(plan)
    with pytest.raises(PermissionDeniedError):
        progress.report_progress(actor=people.staff, task=task, quarter=1, actual="1", status="on_track", narrative="x")
    with pytest.raises(PermissionDeniedError):
        progress.designate_reporter(actor=people.other_head, task=task, user=people.staff)
    with pytest.raises(DomainError) as exc:
        progress.designate_reporter(actor=people.head, task=task, user=people.outsider)
    assert exc.value.code == "reporter_outside"
    reporter = progress.designate_reporter(actor=people.head, task=task, user=people.staff)
    report = progress.report_progress(
        actor=people.staff, task=task, quarter=1, actual="1", status="on_track", narrative="x"
    )
    assert report.submitted_by == people.staff
    progress.end_reporter(actor=people.head, reporter=reporter)
    assert Reporter.objects.get().ended_on is not None
    for who in (people.staff, people.outsider, people.other_head, people.secretariat):
        with pytest.raises(PermissionDeniedError):
            progress.report_progress(actor=who, task=task, quarter=2, actual="1", status="on_track", narrative="x")


@time_machine.travel(TODAY, tick=False)
def test_reports_are_refused_for_future_quarters_and_drafts():
    people = arrange()
    plan = adopted_plan(people, year=2027)
    with pytest.raises(DomainError) as exc:
        progress.report_progress(
            actor=people.head, task=first_task(plan), quarter=1, actual="1", status="on_track", narrative="x"
        )
    assert exc.value.code == "quarter_future"
    draft = draft_plan(people, year=2026)
    with pytest.raises(PermissionDeniedError):
        progress.report_progress(
            actor=people.head, task=first_task(draft), quarter=1, actual="1", status="on_track", narrative="x"
        )


@time_machine.travel(TODAY, tick=False)
def test_the_secretariat_never_reviews_its_own_report():
    people = arrange()
    plan = adopted_plan(people)
    task = first_task(plan)
    report = progress.report_progress(
        actor=people.head, task=task, quarter=1, actual="1", status="on_track", narrative="x"
    )
    with pytest.raises(PermissionDeniedError):
        progress.accept_report(actor=people.head, report=report)
    ProgressReport.objects.filter(pk=report.pk).update(submitted_by=people.secretariat)
    report.refresh_from_db()
    with pytest.raises(PermissionDeniedError):
        progress.accept_report(actor=people.secretariat, report=report)


@time_machine.travel(TODAY, tick=False)
def test_overview_flags_overdue_quarters_and_counts_statuses():
    people = arrange()
    plan = adopted_plan(people, directions=1, tasks=2)
    overview = plan_overview(plan)
    assert overview.overdue_count == 6  # Q1–Q3 past due for both tasks; Q4 not yet
    assert dict((v, c) for v, _l, c in overview.status_counts)["no_report"] == 2
    assert isinstance(overview.directions[0].direction, Direction)
