"""A quarter of the action plan in the browser, in Korean: the owner department's head finds the task among the
tasks to report, reports the quarter's figure, status and narrative with an evidence file; the secretariat finds it
in the review queue, accepts it, sees it on the plan page (charts and table) and downloads the year-end report,
whose PDF text (pdftotext) carries the task and its figure. Every page is checked with axe and the CSP.

The people and the adopted plan are arranged through the services (the plan's writing is tested in test_views).
"""

import subprocess

import pytest
from django.utils import timezone

from proactive.actionplan.enums import ReportState
from proactive.actionplan.models import ProgressReport
from tests.actionplan.support import adopted_plan, arrange, first_task
from tests.browser import follow, press, says, tick, visit
from tests.e2e.test_roles_walk import sign_in_official
from tests.factories.documents import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def new_page(make_page):
    page = make_page()
    page.page.set_default_timeout(60_000)
    return page


def test_a_quarter_is_reported_with_evidence_accepted_and_in_the_report(make_page, tmp_path):
    people = arrange()
    today = timezone.localdate()
    plan = adopted_plan(people, year=today.year, directions=2, tasks=2)
    task = first_task(plan)
    quarter = (today.month - 1) // 3 + 1

    # 1. The head of the owner department reports the quarter with evidence.
    head = new_page(make_page)
    sign_in_official(head, people.head, staff=True)
    visit(head, "/action-plan/mine/")
    says(head, "실행계획 실적 보고", task.title)
    follow(head, f"{plan.year} · {task.code} {task.title}")
    says(head, "분기별 추진실적", "혁신정책과")
    follow(head, f"{quarter}분기 실적 보고")
    form = head.page.locator("form.proactive-form")
    tick(form.locator("input[name=status][value=on_track]"))
    form.locator("input[name=actual]").fill("6")
    form.locator("textarea[name=narrative]").fill("적극행정위원회를 3회 개최해 의견제시 안건 7건을 처리했습니다.")
    form.locator("input[name=evidence]").set_input_files(
        files=[{"name": "위원회_회의록.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    press(head, "실적 보고")
    says(head, "추진실적을 보고했습니다", "검토 대기", "위원회_회의록.pdf")
    report = ProgressReport.objects.get()
    assert report.evidence.count() == 1

    # 2. The secretariat accepts it from the review queue.
    secretariat = new_page(make_page)
    sign_in_official(secretariat, people.secretariat, staff=True)
    visit(secretariat, "/action-plan/reviews/")
    says(secretariat, "실행계획 보고 검토", task.title, "정상 추진")
    follow(secretariat, f"{plan.year} · {task.code} {task.title}")
    review = secretariat.page.locator(f"form[action$='/reports/{report.pk}/review/']")
    tick(review.locator(f"input[name=r{report.pk}-decision][value=accept]"))
    press(secretariat, "검토 결과 등록", scope=review)
    says(secretariat, "보고를 승인했습니다", "승인")
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED

    # 3. The plan at a glance, then the year-end report as PDF.
    visit(secretariat, f"/action-plan/{plan.pk}/")
    says(secretariat, "한눈에 보는 추진 현황", "추진전략별 목표 대비 달성률", "6회 (75.0%)")
    assert secretariat.page.locator("svg[role=img] title").count() == 2
    with secretariat.page.expect_download() as download:
        secretariat.page.get_by_role("link", name="연말 평가 보고서(PDF)").click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert f"{plan.year}년 적극행정 실행계획 연간 추진실적 보고" in text
    assert task.title in text
    assert "6회" in text
    assert "정상 추진" in text
