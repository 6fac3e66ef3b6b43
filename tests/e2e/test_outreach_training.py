"""Training and the programme's figures in the browser, in Korean: the secretariat records a training session,
adds a whole department from the org chart and one more official found by name, sees the dashboard's training
hours change, and downloads the MOIS evaluation export. Every page is checked with axe and the CSP.

Only the people and the org chart are arranged outside the browser.
"""

import io
from pathlib import Path

import pytest
from django.utils import timezone

from proactive.outreach.models import Attendance, TrainingSession
from tests.browser import press, says, tick, visit
from tests.e2e.test_roles_walk import sign_in_official
from tests.factories.accounts import OfficialFactory
from tests.outreach.factories import arrange

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _training_hours(page) -> str:
    return page.page.locator("#figure-training_hours td").first.inner_text().strip()


def test_the_secretariat_records_training_and_the_figures_follow(make_page):
    people = arrange()
    stranger = OfficialFactory(name="최검색", unit=people.other_dept)
    me = make_page()
    me.page.set_default_timeout(60_000)
    sign_in_official(me, people.secretariat, staff=True)

    visit(me, "/outreach/figures/")
    says(me, "적극행정 추진 실적", "교육 이수 시간")
    assert _training_hours(me) == "0"

    # 1. The session.
    visit(me, "/outreach/training/new/")
    form = me.page.locator("form.proactive-form")
    form.locator("select[name=kind]").select_option("workplace")
    form.locator("input[name=title]").fill("적극행정 직장교육")
    form.locator("input[name=held_on]").fill(timezone.localdate().isoformat())
    form.locator("input[name=hours]").fill("2")
    form.locator("input[name=lecturer]").fill("박강사")
    form.locator("input[name=place]").fill("시청 대회의실")
    press(me, "저장")
    says(me, "교육을 등록했습니다", "아직 참석자가 없습니다")

    # 2. A whole department, then one official found by name.
    me.page.locator("select[name=dept-unit]").select_option(str(people.dept.pk))
    press(me, "부서 추가")
    says(me, "혁신담당관 공무원 4명을 추가했습니다", "김교육", "이동료0")
    me.page.locator("input[name=pick-q]").fill("최검색")
    # The search answers in place (htmx): no new page, the results appear below the form.
    me.page.get_by_role("button", name="공무원 검색").press("Enter")
    box = me.page.locator(f"input[name=officials][value='{stranger.pk}']")
    box.wait_for()
    tick(box)
    me.page.locator("#id_pick_hours").fill("1")
    press(me, "선택한 공무원 추가")
    says(me, "참석자 1명을 추가했습니다", "최검색")
    assert Attendance.objects.filter(session=TrainingSession.objects.get()).count() == 5

    # 3. The dashboard's training hours: 4 × 2 + 1.
    visit(me, "/outreach/figures/")
    assert _training_hours(me) == "9"

    # 4. The MOIS export downloads.
    with me.page.expect_download() as download_info:
        me.page.get_by_role("button", name="Excel(XLSX) 내려받기").press("Enter")
    download = download_info.value
    from openpyxl import load_workbook

    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert workbook["교육"]["C2"].value == "적극행정 직장교육"
    assert workbook["교육"]["I2"].value == 5
