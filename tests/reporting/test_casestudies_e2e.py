"""The audit officer's statistics, settings and case studies in the browser, in Korean: the statistics page and an
export with its reason, the settings saved, a case study written from a closed report and published with the
anonymisation confirmed; an official then reads it. Every page is axe-checked and CSP-clean (``make_page``)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.audit.models import AccessRecord
from proactive.reporting.enums import CaseStudyState, ReportField
from proactive.reporting.models import CaseStudy, CentreSettings
from tests.browser import press, says, tick, visit
from tests.conftest import make_staff
from tests.e2e.test_roles_walk import sign_in_official
from tests.reporting.support import arrange_centre
from tests.reporting.test_statistics_support import closed_report, forwarded_report

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_statistics_settings_and_a_case_study_in_the_browser(make_page):
    centre = arrange_centre()
    report = closed_report(centre, field=ReportField.ENVIRONMENT)
    forwarded_report(centre, unit=centre.district_dept)
    page = make_page()
    sign_in_official(page, centre.handler, staff=True)

    visit(page, reverse("reporting:statistics"))
    says(page, "신고 통계", "유형별", "기관 구분별", "집계 기준")
    visit(page, reverse("reporting:statistics-export", args=["csv"]) + f"?year={timezone.localdate().year}")
    page.page.locator("input[name=reason]").fill("감사위원회 보고")
    with page.page.expect_download():
        page.page.get_by_role("button", name="내려받기", exact=True).press("Enter")
    assert AccessRecord.objects.filter(reason="감사위원회 보고").count() == 1

    visit(page, reverse("reporting:settings"))
    page.page.locator("input[name=handling_days]").fill("10")
    press(page, "저장")
    says(page, "신고센터 설정을 저장했습니다.")
    assert CentreSettings.current().handling_days == 10

    visit(page, reverse("reporting:casestudy-create") + f"?report={report.pk}")
    says(page, "공개 전 확인", report.number)
    page.page.locator("input[name=title]").fill("현장 측정 없이 종결한 공사장 소음 민원")
    page.page.locator("textarea[name=summary]").fill("한 주민이 공사장 소음을 신고했으나 측정 없이 종결되었습니다.")
    page.page.locator("textarea[name=finding]").fill("측정 장비를 빌릴 수 있었는데도 확인하지 않았습니다.")
    page.page.locator("textarea[name=lesson]").fill("측정이 필요하면 장비를 구해 현장에서 확인합니다.")
    press(page, "초안 저장")
    says(page, "초안을 저장했습니다.")
    case_study = CaseStudy.objects.get()
    assert (case_study.field, case_study.report) == (ReportField.ENVIRONMENT, report)

    press(page, "사례 공개")  # without the box ticked: refused, with the reason
    says(page, "공개하기 전에 사례로 누구도 알아볼 수 없음을 확인해 주십시오.")
    tick(page.page.locator("input[name=anonymisation_confirmed]"))
    press(page, "사례 공개")
    says(page, "사례를 모든 공무원에게 공개했습니다.")
    case_study.refresh_from_db()
    assert case_study.state == CaseStudyState.PUBLISHED

    reader = make_page()
    sign_in_official(reader, make_staff(Role.HR_OFFICER), staff=True)
    visit(reader, reverse("reporting:casestudy-list"))
    says(reader, "현장 측정 없이 종결한 공사장 소음 민원")
    visit(reader, reverse("reporting:casestudy-detail", args=[case_study.pk]))
    says(reader, "측정이 필요하면 장비를 구해 현장에서 확인합니다.")
