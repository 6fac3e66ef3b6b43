"""A passive-administration report from both sides, in Korean, in the browser.

An anonymous citizen files a report about the city's transport department and writes down the receipt; they open
it with the receipt and see it received. The city's audit officer finds it in the queue, starts an investigation
(assigning themselves), records that it is substantiated, records a caution (주의) against the official (which
deducts the official's mileage) and closes it with a text for the reporter. The reporter opens the report again
with the receipt and reads the result. A 구's audit officer cannot open the city's report.

Only the org chart and the accounts are arranged outside the browser.
"""

import pytest

from proactive.mileage.models import LedgerEntry
from proactive.mileage.services.automatic import post_automatic
from proactive.reporting import throttle
from proactive.reporting.enums import ActionKind, Outcome, ReportState
from proactive.reporting.models import Report
from proactive.reporting.services.common import content_of
from tests.browser import follow, press, says, tick, visit
from tests.e2e.test_roles_walk import sign_in_official
from tests.mileage.test_catalogue_support import default_catalogue  # noqa: F401  (fixture)
from tests.reporting.support import arrange_centre

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WHAT = (
    "교통정책과에 버스정류장 이전을 요청했는데, 처리 기한이 지났는데도 담당자가 같은 서류를 세 번이나 다시 "
    "내라고 하며 처리를 미뤘습니다. 이미 국민신문고로 두 번 민원을 냈습니다."
)
RESULT = (
    "조사 결과 소극행정으로 확인되어 관련 공무원에게 주의 처분을 하고, 정류장 이전 민원을 다시 처리하도록 했습니다."
)


@pytest.fixture(autouse=True)
def _fresh_windows():
    throttle.reset_all()
    yield
    throttle.reset_all()


def new_page(make_page):
    page = make_page()
    page.page.set_default_timeout(30_000)
    return page


def open_with_receipt(page, receipt: str) -> None:
    visit(page, "/report/follow/")
    page.page.locator("input[name=receipt]").fill(receipt)
    press(page, "신고 확인하기")


def test_an_anonymous_report_is_followed_with_its_receipt_and_taken_to_an_action_in_korean(
    make_page,
    default_catalogue,  # noqa: F811
):
    centre = arrange_centre()
    official = centre.official.official
    earlier = post_automatic(  # the official has points from an earlier selected case
        actor=None,
        official=official,
        activity_code="best-practice-selected",
        source="award:1",
        idempotency_key="award:1:member:1",
        unit=official.unit,
    )
    assert earlier.points_posted == 10

    # 1. The reporter files anonymously and gets the receipt, once.
    me = new_page(make_page)
    visit(me, "/report/")
    follow(me, "익명으로 신고하기")
    form = me.page.locator("form.proactive-form")
    tick(form.locator("input[name=report_type][value=neglect]"))
    form.locator("select[name=unit]").select_option(str(centre.transport_dept.pk))
    form.locator("textarea[name=what]").fill(WHAT)
    form.locator("input[name=prior_complaint]").fill("2AA-2611-0012345")
    press(me, "신고하기")
    says(me, "신고가 접수되었습니다", "접수번호")
    receipt = me.page.locator("#receipt").inner_text().strip()
    assert len(receipt.replace(" ", "")) == 16
    report = Report.objects.get()
    assert (report.is_anonymous, report.body, report.state) == (True, centre.city, ReportState.RECEIVED)
    assert content_of(report)["prior_complaint"] == "2AA-2611-0012345"

    open_with_receipt(me, receipt)
    says(me, "신고 처리 상황", "접수", WHAT)

    # 2. A 구's audit officer does not see the city's report; the city's audit officer does.
    district = new_page(make_page)
    sign_in_official(district, centre.district_handler, staff=True)
    visit(district, "/reporting/")
    assert report.number not in district.page.locator("main").inner_text()
    visit(district, f"/reporting/{report.pk}/", status=404)

    handler = new_page(make_page)
    sign_in_official(handler, centre.handler, staff=True)
    visit(handler, "/reporting/")
    says(handler, "신고 처리", report.number)
    handler.page.locator(f"a[href='/reporting/{report.pk}/']").first.press("Enter")
    handler.page.wait_for_load_state("load")
    handler.assert_clean()
    says(handler, WHAT, "2AA-2611-0012345")

    # 3. Triage: passive administration → investigation, assigned to the handler, in the roads/transport field.
    handler.page.locator("#id_investigate-assignee").select_option(str(centre.handler.pk))
    handler.page.locator("#id_investigate-field").select_option("roads_transport")
    press(handler, "조사 시작")
    says(handler, "조사를 시작했습니다.")
    report.refresh_from_db()
    assert (report.state, report.assignee, report.field) == (
        ReportState.INVESTIGATING,
        centre.handler,
        "roads_transport",
    )
    assert report.due_on is not None
    assert report.due_on > report.received_on

    # 4. Finding: substantiated.
    finding = handler.page.locator("form[action$='/finding/']")
    tick(finding.locator("input[name='finding-result'][value='substantiated']"))
    finding.locator("textarea[name='finding-findings']").fill(
        "담당자가 같은 서류를 반복해 요구하고 처리 기한을 넘긴 사실을 확인했습니다."
    )
    press(handler, "조사 결과 등록", scope=finding)
    says(handler, "조사 결과를 등록했습니다.")
    report.refresh_from_db()
    assert report.state == ReportState.SUBSTANTIATED

    # 5. Action: a caution against the official (their mileage loses the deduction).
    handler.page.locator("#id_action-0-kind").select_option(ActionKind.CAUTION)
    handler.page.locator("#id_action-0-official").select_option(str(official.pk))
    press(handler, "조치 등록")
    says(handler, "조치를 등록했습니다.")
    report.refresh_from_db()
    assert report.state == ReportState.ACTION_TAKEN
    deduction = LedgerEntry.objects.get(idempotency_key=f"finding:{report.pk}:official:{official.pk}")
    assert (deduction.account.official_id, deduction.points) == (official.pk, -5)

    # 6. Close with the text the reporter reads.
    handler.page.locator("#id_close-reporter_text").fill(RESULT)
    press(handler, "종결하고 결과 알리기")
    says(handler, "신고를 종결했습니다.")
    report.refresh_from_db()
    assert (report.state, report.outcome) == (ReportState.CLOSED, Outcome.ACTIONED)

    # 7. The reporter opens the report again with the receipt and reads the result.
    open_with_receipt(me, receipt)
    says(me, "종결", RESULT)
