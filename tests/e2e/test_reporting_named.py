"""The reporting centre's public pages in the browser.

1. A verified citizen switches to English, files a named report (kind, department, what happened), finds it in
   "My reports" and opens it. Every page is axe-checked and CSP-clean.
2. With JavaScript disabled (Tor Browser's safest level), an anonymous reporter still files a text-only report,
   gets the receipt and opens the report with it (SECURITY.md REP-11); the pages load nothing from another origin
   and leave only browser-session cookies and no local storage behind (REP-05).

Only the org chart and the citizen's account are arranged outside the browser.
"""

from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from proactive.reporting import throttle
from proactive.reporting.enums import ReportState, ReportType
from proactive.reporting.models import Report
from proactive.reporting.services.common import content_of
from tests.browser import CheckedPage, follow, press, says, tick, visit
from tests.e2e.test_roles_walk import sign_in_citizen, switch_language
from tests.factories.accounts import CitizenFactory
from tests.reporting.support import arrange_centre

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WHAT_EN = "I asked three times for the bus stop permit; each time the desk sent me to another department."
WHAT_KO = "버스 정류장 이전 민원을 세 번이나 냈는데 매번 다른 부서로 넘기기만 하고 처리하지 않았습니다."


@pytest.fixture(autouse=True)
def _fresh_windows():
    throttle.reset_all()
    yield
    throttle.reset_all()


def test_a_citizen_files_a_named_report_in_english_and_finds_it_in_my_reports(make_page):
    centre = arrange_centre()
    citizen = CitizenFactory(name="Jane Park", email="jane.park@example.com")
    page = make_page()
    page.page.set_default_timeout(30_000)
    sign_in_citizen(page, citizen.email)
    switch_language(page, "en")

    visit(page, "/report/")
    says(page, "Passive-administration reporting centre", "What is not passive administration", "IP address")
    follow(page, "Report with my name")
    assert page.page.url.endswith("/report/new/?named=1"), page.page.url
    says(page, "Report passive administration with your name", "Jane Park")
    form = page.page.locator("form.proactive-form")
    tick(form.locator("input[name=report_type][value=self_serving]"))
    form.locator("select[name=unit]").select_option(str(centre.transport_dept.pk))
    form.locator("textarea[name=what]").fill(WHAT_EN)
    form.locator("input[name=occurred_on]").fill(timezone.localdate().isoformat())
    press(page, "Send the report")
    page.assert_clean()

    report = Report.objects.get()
    assert page.page.url.endswith(f"/report/mine/{report.pk}/"), page.page.url
    assert (report.is_anonymous, report.reporter, report.report_type) == (False, citizen, ReportType.SELF_SERVING)
    assert (report.unit, report.body, report.state) == (centre.transport_dept, centre.city, ReportState.RECEIVED)
    assert content_of(report)["what"] == WHAT_EN
    says(page, "Your report was received. You can follow it here, in My reports.", "Transport Policy Division")

    visit(page, "/report/mine/")
    says(page, "My reports", "1 report", "Authority-centred administration", "Transport Policy Division", "Received")
    follow(page, f"My report of {report.received_on.isoformat()}")
    assert page.page.url.endswith(f"/report/mine/{report.pk}/"), page.page.url
    says(page, "Where your report stands", WHAT_EN, "Write to the audit office")
    assert page.page.locator("html").get_attribute("lang") == "en"


def test_without_javascript_an_anonymous_report_is_filed_and_followed(browser, live_server):
    centre = arrange_centre()
    context = browser.new_context(java_script_enabled=False, locale="ko-KR", viewport={"width": 1280, "height": 900})
    hosts: set[str] = set()
    own = urlsplit(live_server.url).netloc

    def record(route):
        hosts.add(urlsplit(route.request.url).netloc)
        route.continue_()

    context.route("**/*", record)
    try:
        page = CheckedPage(context.new_page(), live_server.url)
        page.page.set_default_timeout(30_000)
        assert page.goto("/report/new/").status == 200
        form = page.page.locator("form.proactive-form")
        tick(form.locator("input[name=report_type][value=neglect]"))
        form.locator("select[name=unit]").select_option(str(centre.district_dept.pk))
        form.locator("textarea[name=what]").fill(WHAT_KO)
        press(page, "신고하기", check=False)  # no JavaScript: axe cannot run
        says(page, "신고가 접수되었습니다", "접수번호")
        shown = page.page.locator("#receipt").inner_text().strip()
        report = Report.objects.get()
        assert (report.is_anonymous, report.body, report.unit) == (True, centre.district, centre.district_dept)
        assert content_of(report)["what"] == WHAT_KO

        assert page.goto("/report/follow/").status == 200
        page.page.locator("input[name=receipt]").fill(shown)
        press(page, "신고 확인하기", check=False)
        says(page, "신고 처리 상황", "접수", WHAT_KO)
        assert "/report/follow/" in page.page.url
        assert shown.replace(" ", "") not in page.page.url

        assert hosts == {own}, hosts  # nothing from another origin: no fonts, analytics or CDNs
        assert [c["name"] for c in context.cookies() if c["expires"] != -1] == []  # browser-session cookies only
        assert page.page.evaluate("localStorage.length + sessionStorage.length") == 0
    finally:
        context.close()


def test_the_anonymous_pages_are_accessible_in_every_state(make_page):
    """The receipt page, a refused form, a wrong receipt, the status page and a reply: axe- and CSP-clean."""
    centre = arrange_centre()
    page = make_page()
    page.page.set_default_timeout(30_000)
    visit(page, "/report/")
    follow(page, "익명으로 신고하기")
    form = page.page.locator("form.proactive-form")
    form.locator("textarea[name=what]").fill("짧은 글")
    press(page, "신고하기")
    page.assert_clean()
    says(page, "소극행정 유형을 골라 주십시오.")
    assert form.locator("textarea[name=what]").input_value().strip() == "짧은 글"  # what was typed is kept
    tick(form.locator("input[name=report_type][value=desk_bound]"))
    form.locator("select[name=unit]").select_option(str(centre.transport_dept.pk))
    form.locator("textarea[name=what]").fill(WHAT_KO)
    press(page, "신고하기")
    page.assert_clean()
    shown = page.page.locator("#receipt").inner_text().strip()

    visit(page, "/report/follow/")
    page.page.locator("input[name=receipt]").fill("1234 5678 9012 3456")
    press(page, "신고 확인하기")
    page.assert_clean()
    says(page, "이 접수번호로 열 수 있는 신고가 없습니다.")
    page.page.locator("input[name=receipt]").fill(shown)
    press(page, "신고 확인하기")
    page.assert_clean()
    says(page, "지금 처리 단계", WHAT_KO)
    page.page.locator("textarea[name=text]").fill("담당 부서 전화번호는 051-000-0000이었습니다.")
    press(page, "메시지 보내기")
    page.assert_clean()
    says(page, "메시지를 감사부서에 보냈습니다.", "담당 부서 전화번호는 051-000-0000이었습니다.")
