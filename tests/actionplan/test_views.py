import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proactive.actionplan.enums import PlanState, ReportState
from proactive.actionplan.models import Plan, ProgressReport
from proactive.actionplan.services import progress
from tests.actionplan.support import adopted_plan, arrange, draft_plan, first_task, task_data
from tests.conftest import login_verified
from tests.factories.accounts import UserFactory
from tests.factories.documents import pdf_bytes

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC)


def _get(client, user, name, *args, **kwargs):
    login_verified(client, user)
    return client.get(reverse(f"actionplan:{name}", args=args), **kwargs)


@time_machine.travel(TODAY, tick=False)
def test_plan_page_query_count_does_not_grow_with_tasks(client, django_assert_max_num_queries):
    people = arrange()
    small = adopted_plan(people, year=2025, directions=1, tasks=1)
    big = adopted_plan(people, year=2026, directions=3, tasks=3)
    for task in list(big.tasks.select_related("plan", "owner_unit"))[:4]:
        progress.report_progress(
            actor=people.head if task.owner_unit == people.dept else people.other_head,
            task=task,
            quarter=1,
            actual="2",
            status="on_track",
            narrative="진행",
        )
    login_verified(client, people.secretariat)
    client.get(reverse("actionplan:plan-detail", args=[small.pk]))  # warm caches
    with django_assert_max_num_queries(20) as small_ctx:
        assert client.get(reverse("actionplan:plan-detail", args=[small.pk])).status_code == 200
    small_count = len(small_ctx.captured_queries)
    client.get(reverse("actionplan:plan-detail", args=[big.pk]))
    with django_assert_max_num_queries(small_count):
        response = client.get(reverse("actionplan:plan-detail", args=[big.pk]))
    assert response.status_code == 200
    assert 'role="img"' in response.content.decode()
    assert "<desc" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_public_page_query_count_is_constant_and_hides_comments(client, django_assert_max_num_queries):
    people = arrange()
    small = adopted_plan(people, year=2025, directions=1, tasks=1)
    big = adopted_plan(people, year=2026, directions=3, tasks=3)
    task = first_task(big)
    report = progress.report_progress(
        actor=people.head, task=task, quarter=1, actual="2", status="delayed", narrative="예산 협의가 늦어진 사정"
    )
    progress.return_report(actor=people.secretariat, report=report, comment="내부 검토 의견입니다")
    client.get(reverse("actionplan:public-detail", args=[small.year]))
    with django_assert_max_num_queries(12) as small_ctx:
        client.get(reverse("actionplan:public-detail", args=[small.year]))
    small_count = len(small_ctx.captured_queries)
    client.get(reverse("actionplan:public-detail", args=[big.year]))
    with django_assert_max_num_queries(small_count):
        response = client.get(reverse("actionplan:public-detail", args=[big.year]))
    body = response.content.decode()
    assert response.status_code == 200
    assert task.title in body
    assert "내부 검토 의견" not in body
    assert "예산 협의가 늦어진 사정" not in body


def test_public_page_of_a_draft_is_404(client):
    people = arrange()
    plan = draft_plan(people)
    assert client.get(reverse("actionplan:public-detail", args=[plan.year])).status_code == 404


def test_plan_list_query_count_is_constant(client, django_assert_max_num_queries):
    people = arrange()
    draft_plan(people, year=2024)
    login_verified(client, people.secretariat)
    client.get(reverse("actionplan:plans"))
    with django_assert_max_num_queries(20) as ctx:
        client.get(reverse("actionplan:plans"))
    count = len(ctx.captured_queries)
    draft_plan(people, year=2025)
    draft_plan(people, year=2026)
    client.get(reverse("actionplan:plans"))
    with django_assert_max_num_queries(count):
        response = client.get(reverse("actionplan:plans"))
    assert "2026" in response.content.decode()
    assert response.status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_mine_and_reviews_query_counts_are_constant(client, django_assert_max_num_queries):
    people = arrange()
    plan = adopted_plan(people, year=2026, directions=1, tasks=1)
    progress.report_progress(
        actor=people.head, task=first_task(plan), quarter=1, actual="1", status="on_track", narrative="x"
    )
    counts = {}
    for user, name in ((people.head, "mine"), (people.secretariat, "reviews")):
        login_verified(client, user)
        client.get(reverse(f"actionplan:{name}"))
        with django_assert_max_num_queries(25) as ctx:
            client.get(reverse(f"actionplan:{name}"))
        counts[name] = len(ctx.captured_queries)
    plan2 = adopted_plan(people, year=2025, directions=3, tasks=2)
    for task in plan2.tasks.filter(owner_unit=people.dept).select_related("plan", "owner_unit"):
        progress.report_progress(actor=people.head, task=task, quarter=2, actual="1", status="on_track", narrative="x")
    for user, name in ((people.head, "mine"), (people.secretariat, "reviews")):
        login_verified(client, user)
        client.get(reverse(f"actionplan:{name}"))
        with django_assert_max_num_queries(counts[name]):
            assert client.get(reverse(f"actionplan:{name}")).status_code == 200


@pytest.mark.parametrize("who", ["head", "staff", "outsider", "bureau_chief"])
def test_only_the_secretariat_writes_plans(client, who):
    people = arrange()
    plan = draft_plan(people, directions=1, tasks=1)
    direction, task = plan.directions.get(), first_task(plan)
    login_verified(client, getattr(people, who))
    for name, args, method in (
        ("plan-create", [], "get"),
        ("plan-edit", [plan.pk], "get"),
        ("plan-transition", [plan.pk], "post"),
        ("plan-copy", [plan.pk], "post"),
        ("direction-add", [plan.pk], "get"),
        ("direction-edit", [direction.pk], "get"),
        ("direction-remove", [direction.pk], "post"),
        ("direction-move", [direction.pk, "up"], "post"),
        ("task-add", [direction.pk], "get"),
        ("task-edit", [task.pk], "get"),
        ("task-remove", [task.pk], "post"),
        ("task-move", [task.pk, "up"], "post"),
        ("reviews", [], "get"),
    ):
        response = getattr(client, method)(reverse(f"actionplan:{name}", args=args), {"to": "adopted"})
        assert response.status_code == 403, (who, name)
    # A draft is not even readable.
    assert client.get(reverse("actionplan:plan-detail", args=[plan.pk])).status_code == 403


def test_a_superuser_without_a_role_and_a_citizen_are_refused(client):
    people = arrange()
    plan = adopted_plan(people)
    for user in (UserFactory(is_superuser=True, official=None), UserFactory(kind="citizen", official=None)):
        login_verified(client, user)
        assert client.get(reverse("actionplan:plans")).status_code == 403
        assert client.get(reverse("actionplan:plan-detail", args=[plan.pk])).status_code == 403
        assert client.get(reverse("actionplan:plan-report", args=[plan.pk, "mid-year", "xlsx"])).status_code == 403


@time_machine.travel(TODAY, tick=False)
def test_reporting_review_and_designation_are_denied_to_others(client):
    people = arrange()
    plan = adopted_plan(people)
    task = first_task(plan)
    report = progress.report_progress(
        actor=people.head, task=task, quarter=1, actual="1", status="on_track", narrative="x"
    )
    for user in (people.staff, people.outsider, people.other_head, people.bureau_chief, people.secretariat):
        login_verified(client, user)
        assert client.get(reverse("actionplan:report", args=[task.pk, 2])).status_code == 403
        assert (
            client.post(reverse("actionplan:reporter-add", args=[task.pk]), {"user": people.staff.pk}).status_code
            == 403
        )
    for user in (people.head, people.staff, people.bureau_chief):
        login_verified(client, user)
        response = client.post(reverse("actionplan:review", args=[report.pk]), {f"r{report.pk}-decision": "accept"})
        assert response.status_code == 403
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


@time_machine.travel(TODAY, tick=False)
def test_head_reports_through_the_form_and_secretariat_returns_then_accepts(client):
    people = arrange()
    plan = adopted_plan(people)
    task = first_task(plan)
    login_verified(client, people.head)
    url = reverse("actionplan:report", args=[task.pk, 3])
    bad = client.post(url, {"status": "on_track", "actual": "abc", "narrative": "3회 개최"})
    assert bad.status_code == 400
    assert "3회 개최" in bad.content.decode()
    evidence = SimpleUploadedFile("회의록.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(url, {"status": "on_track", "actual": "6", "narrative": "3회 개최", "evidence": evidence})
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.evidence.count() == 1
    login_verified(client, people.secretariat)
    review = reverse("actionplan:review", args=[report.pk])
    missing = client.post(review, {f"r{report.pk}-decision": "return"})
    assert missing.status_code == 400
    client.post(review, {f"r{report.pk}-decision": "return", f"r{report.pk}-comment": "실적 근거 보완"})
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    login_verified(client, people.head)
    client.post(url, {"status": "on_track", "actual": "6", "narrative": "보완했습니다"})
    login_verified(client, people.secretariat)
    page = client.get(reverse("actionplan:task-detail", args=[task.pk]))
    assert "보완했습니다" in page.content.decode()
    client.post(review, {f"r{report.pk}-decision": "accept", "next": "queue"})
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED


@time_machine.travel(TODAY, tick=False)
def test_head_designates_an_official_of_the_department(client):
    people = arrange()
    plan = adopted_plan(people)
    task = first_task(plan)
    login_verified(client, people.head)
    page = client.get(reverse("actionplan:task-detail", args=[task.pk]))
    assert "김주무" in page.content.decode()
    client.post(reverse("actionplan:reporter-add", args=[task.pk]), {"user": people.staff.pk})
    login_verified(client, people.staff)
    assert client.get(reverse("actionplan:report", args=[task.pk, 1])).status_code == 200
    refused = _get(client, people.outsider, "report", task.pk, 1)
    assert refused.status_code == 403


def test_secretariat_writes_a_plan_through_the_pages(client):
    people = arrange()
    login_verified(client, people.secretariat)
    response = client.post(reverse("actionplan:plan-create"), {"year": "2026", "title": ""})
    plan = Plan.objects.get()
    assert response.status_code == 302
    client.post(reverse("actionplan:direction-add", args=[plan.pk]), {"title": "기관장 주도 적극행정 문화 조성"})
    direction = plan.directions.get()
    bad = client.post(
        reverse("actionplan:task-add", args=[direction.pk]),
        {**task_data(people), "target": "", "baseline": "4", "weight": ""},
    )
    assert bad.status_code == 400
    client.post(
        reverse("actionplan:task-add", args=[direction.pk]),
        {k: v for k, v in task_data(people).items() if v is not None},
    )
    assert plan.tasks.count() == 1
    client.post(
        reverse("actionplan:plan-transition", args=[plan.pk]), {"to": "committee_deliberated", "reference": "제2차"}
    )
    client.post(reverse("actionplan:plan-transition", args=[plan.pk]), {"to": "adopted", "on": "2026-03-18"})
    plan.refresh_from_db()
    assert plan.state == PlanState.ADOPTED
    assert plan.adopted_on == datetime.date(2026, 3, 18)
    page = client.get(reverse("actionplan:plan-detail", args=[plan.pk]))
    assert "기관장 주도 적극행정 문화 조성" in page.content.decode()
    client.post(reverse("actionplan:plan-copy", args=[plan.pk]))
    assert Plan.objects.filter(year=2027, state=PlanState.DRAFT).count() == 1


@time_machine.travel(TODAY, tick=False)
def test_xlsx_report_has_a_sheet_of_tasks_with_quarters(client):
    from openpyxl import load_workbook

    people = arrange()
    plan = adopted_plan(people)
    task = first_task(plan)
    report = progress.report_progress(
        actor=people.head, task=task, quarter=2, actual="5", status="delayed", narrative="x"
    )
    progress.accept_report(actor=people.secretariat, report=report)
    login_verified(client, people.head)
    response = client.get(reverse("actionplan:plan-report", args=[plan.pk, "year-end", "xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["추진전략별 요약", "과제별 추진현황"]
    sheet = book["과제별 추진현황"]
    headers = [c.value for c in sheet[3]]
    assert headers[:4] == ["추진전략", "과제번호", "과제명", "주관부서"]
    assert "4분기 실적" in headers
    row = [c.value for c in sheet[4]]
    assert row[2] == task.title
    assert row[headers.index("2분기 실적")] == 5
    assert row[headers.index("2분기 상태")] == "지연"
    assert sheet["A3"].font.bold
    mid = client.get(reverse("actionplan:plan-report", args=[plan.pk, "mid-year", "xlsx"]))
    assert "3분기 실적" not in [c.value for c in load_workbook(io.BytesIO(mid.content))["과제별 추진현황"][3]]
    assert client.get(reverse("actionplan:plan-report", args=[plan.pk, "other", "xlsx"])).status_code == 404
