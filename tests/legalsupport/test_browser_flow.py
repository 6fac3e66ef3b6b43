"""A legal-support application from the application to the payment, in Korean, in the browser (and a look in
English): the official applies; the accountable officer checks the facts; the secretariat tables it, first over
the cap (refused with the figures), then within it; the committee decides (through its own services, outside the
browser); the accountable officer records the lawyer's invoice and a payment, an over-payment refused; the official
reads the decision and downloads its PDF. Every page is checked with axe and the CSP.

Only the people are arranged outside the browser, and the committee's meeting.
"""

import pytest

from proactive.legalsupport.enums import ApplicationState, Outcome
from proactive.legalsupport.models import Application
from tests.browser import follow, press, says, visit
from tests.browser import tick as tick_input
from tests.committee.support import decide
from tests.e2e.test_roles_walk import sign_in_official, switch_language
from tests.legalsupport.support import ACT, FACTS, REASON, arrange, item_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
S = ApplicationState


def tick(scope, name: str, value: str) -> None:
    """Choose a radio button or tick a checkbox by name and value (``tests.browser.tick``: as a keyboard user does,
    then by its label if the key did not take; a mouse click alone can miss the label KRDS draws over the input)."""
    tick_input(scope.locator(f"input[name={name}][value={value}]"))


def new_page(make_page):
    page = make_page()
    page.page.set_default_timeout(60_000)
    return page


def test_an_application_goes_from_the_form_to_the_payment_in_korean(make_page):
    people = arrange()

    # 1. The official applies.
    me = new_page(make_page)
    sign_in_official(me, people.official, staff=False)
    visit(me, "/legal-support/")
    follow(me, "법률 지원 신청")
    says(me, "위원회가 결정할 수 있는 지원 한도", "2,000,000원")
    form = me.page.locator("form.proactive-form")
    tick(form, "stage", "disciplinary")
    form.locator("input[name=authority]").fill("부산광역시 인사위원회")
    form.locator("textarea[name=act]").fill(ACT)
    form.locator("textarea[name=proactive_reason]").fill(REASON)
    form.locator("textarea[name=facts]").fill(FACTS)
    tick(form, "support_kinds", "lawyer_fee")
    form.locator("input[name=amount_requested]").fill("2500000")
    press(me, "신청서 제출")
    says(me, "신청서를 제출했습니다", "접수(사실조사 중)", "일 남음")
    application = Application.objects.get()
    assert application.state == S.SUBMITTED

    # 2. The accountable officer checks the facts.
    accountable = new_page(make_page)
    sign_in_official(accountable, people.accountable, staff=True)
    visit(accountable, "/legal-support/queue/")
    says(accountable, application.receipt_number, "김안전")
    visit(accountable, f"/legal-support/{application.pk}/fact-finding/")
    page = accountable.page.locator("form.proactive-form").last
    page.locator("textarea[name=findings]").fill("재난 대응 기록과 계약 서류를 확인했습니다. 사적 이해관계가 없습니다.")
    tick(page, "private_interest", "no")
    tick(page, "intent_or_gross_negligence", "no")
    tick(page, "recommendation", "support")
    press(accountable, "사실조사 보고서 등록")
    says(accountable, "사실조사 보고서를 등록했습니다")

    # 3. The secretariat tables it: over the cap first, then within it.
    secretariat = new_page(make_page)
    sign_in_official(secretariat, people.secretariat, staff=True)
    visit(secretariat, f"/legal-support/{application.pk}/committee/")
    secretariat.page.locator("input[name=table-proposed_amount]").fill("2500000")
    press(secretariat, "위원회 상정", scope=secretariat.page.locator("form.proactive-form"))
    says(secretariat, "지원 한도를 넘습니다", "2,000,000원")
    secretariat.page.locator("input[name=table-proposed_amount]").fill("2000000")
    press(secretariat, "위원회 상정", scope=secretariat.page.locator("form.proactive-form"))
    says(secretariat, "위원회에 상정했습니다", "회의 배정 대기")

    # 4. The committee approves (its meeting is arranged through its services); the PDF is rendered after commit.
    decide(item_of(application), Outcome.APPROVED, resolution="공익을 위한 긴급 조치로 인정되어 상정안대로 지원한다.")
    application.refresh_from_db()
    assert application.state == S.APPROVED
    assert application.decision_document_id is not None

    # 5. The accountable officer records the invoice and the payment.
    visit(accountable, f"/legal-support/{application.pk}/payments/")
    form = accountable.page.locator("form[action$='/invoices/']")
    form.locator("input[name=invoice-number]").fill("해온-2026-0412")
    form.locator("input[name=invoice-issued_on]").fill(application.decided_on.isoformat())
    form.locator("input[name=invoice-issuer]").fill("법무법인 해온 변호사 정민우")
    form.locator("input[name=invoice-amount]").fill("2200000")
    press(accountable, "청구서 기록")
    says(accountable, "청구서를 기록했습니다", "미지급 2,200,000원")
    invoice = application.invoices.get()
    pay = accountable.page.locator(f"form[action$='/invoices/{invoice.pk}/pay/']")
    pay.locator(f"input[name=pay{invoice.pk}-paid_on]").fill(application.decided_on.isoformat())
    pay.locator(f"input[name=pay{invoice.pk}-amount]").fill("2200000")
    press(accountable, "지급 기록", scope=pay)
    says(accountable, "지급 총액이 지원 결정 금액을 넘게 됩니다")
    pay = accountable.page.locator(f"form[action$='/invoices/{invoice.pk}/pay/']")
    pay.locator(f"input[name=pay{invoice.pk}-amount]").fill("2000000")
    press(accountable, "지급 기록", scope=pay)
    says(accountable, "지급을 기록했습니다", "2,000,000원 지급")
    application.refresh_from_db()
    assert application.paid_total == 2_000_000

    # 6. The official reads the decision and downloads it.
    visit(me, f"/legal-support/{application.pk}/")
    says(me, "지원 결정", application.decision_number, "결정서 내려받기(PDF)")
    with me.page.expect_download() as download:
        me.page.get_by_role("link", name="결정서 내려받기(PDF)").first.click()
    assert download.value.suggested_filename.endswith(".pdf")

    # 7. The same pages in English for the accountable officer.
    switch_language(accountable, "en")
    visit(accountable, "/legal-support/queue/")
    says(accountable, "Legal-support applications", "Support approved")
    visit(accountable, f"/legal-support/{application.pk}/")
    says(accountable, "The act concerned", "Download the decision (PDF)")
