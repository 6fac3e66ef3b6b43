"""A pre-consulting request from draft to published answer, in Korean, in the browser.

An official of the transport team drafts a request (with the self-check list) and sends it to their department
head, who approves it. The city's audit officer accepts it, assigns themselves, records a joint review and issues
the opinion; the official downloads the opinion and reports that they acted as advised. The audit officer publishes
an anonymised summary, which anyone can read on the public list. A 구's audit officer cannot open the request.

Only the org chart and the accounts are arranged outside the browser; the PDF is rendered by a stand-in.
"""

import pytest

from proactive.consulting.enums import PublicationState, RequestState
from proactive.consulting.models import ConsultingRequest
from tests.browser import press, says, tick, visit
from tests.consulting import support
from tests.e2e.test_roles_walk import sign_in_official
from tests.factories.documents import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "공공기관 이전부지 임시 활용 가능 여부"
BACKGROUND = "이전한 공공기관 부지가 3년째 비어 있어 매각 전까지 환승주차장으로 임시 개방하려 합니다."
CONCLUSION = "대부 또는 관리전환 절차를 거치면 매각 전이라도 임시 주차장으로 활용할 수 있습니다."


def new_page(make_page):
    page = make_page()
    page.page.set_default_timeout(30_000)
    return page


def test_a_pre_consulting_request_goes_from_draft_to_a_published_answer_in_korean(make_page, monkeypatch):
    monkeypatch.setattr("proactive.documents.pdf.html_to_pdf", lambda html, **kwargs: pdf_bytes())
    office = support.arrange()

    # 1. The official drafts the request and sends it to the head.
    me = new_page(make_page)
    sign_in_official(me, office.official, staff=False)
    visit(me, "/consulting/new/")
    says(me, "사전컨설팅 신청하기", "자체 검토(체크리스트)", "사적 이해관계")
    form = me.page.locator("form.proactive-form").first
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=background]").fill(BACKGROUND)
    form.locator("textarea[name=statutes]").fill("「공유재산 및 물품 관리법」 제20조, 제28조")
    form.locator("textarea[name=issues]").fill("매각 예정 일반재산을 임시 주차장으로 쓸 수 있는지")
    form.locator("textarea[name=proposed_handling]").fill("1안: 사용승인 후 무료 개방 / 2안: 대부 후 유료 운영")
    tick(form.locator("input[name=check_laws]"))
    form.locator("textarea[name=note_laws]").fill("공유재산법 제20조·제28조와 시 조례를 검토했습니다.")
    press(me, "저장하고 결재 요청")
    says(me, "부서장에게 결재를 요청했습니다.", "부서장 결재 대기", TITLE)
    req = ConsultingRequest.objects.get()
    assert req.state == RequestState.AWAITING_APPROVAL
    me.screenshot("consulting-1-sent")

    # 2. The head approves it.
    head = new_page(make_page)
    sign_in_official(head, office.head, staff=True)
    visit(head, "/consulting/approvals/")
    says(head, "결재할 신청", TITLE)
    visit(head, f"/consulting/{req.pk}/")
    tick(head.page.locator("input[name=approval-decision][value=approve]"))
    press(head, "결정 기록")
    says(head, "결재했습니다.")
    req.refresh_from_db()
    assert req.state == RequestState.SUBMITTED

    # 3. A 구's audit officer does not see it; the city's audit officer screens, reviews and answers it.
    district = new_page(make_page)
    sign_in_official(district, office.district_auditor, staff=True)
    visit(district, f"/consulting/{req.pk}/", status=404)

    auditor = new_page(make_page)
    sign_in_official(auditor, office.auditor, staff=True)
    visit(auditor, "/consulting/office/")
    says(auditor, "사전컨설팅 접수 목록", TITLE)
    visit(auditor, f"/consulting/{req.pk}/")
    tick(auditor.page.locator(f"input[name=accept-reviewers][value='{office.auditor.pk}']"))
    press(auditor, "접수하기")
    says(auditor, "신청을 접수했습니다.", "검토 중", "일 남음")
    joint = auditor.page.locator("form[action$='/joint-review/']")
    tick(joint.locator("input[name=joint-participant_kinds][value=lawyers]"))
    joint.locator("textarea[name=joint-participants]").fill("고문변호사, 규제혁신팀장")
    joint.locator("textarea[name=joint-notes]").fill("대부 절차로 처리 가능하다는 의견")
    press(auditor, "합동 검토 저장")
    says(auditor, "합동 검토를 기록했습니다.", "대부 절차로 처리 가능하다는 의견")
    opinion = auditor.page.locator("form[action$='/opinion/']")
    opinion.locator("textarea[name=opinion-conclusion]").fill(CONCLUSION)
    opinion.locator("textarea[name=opinion-reasons]").fill(
        "「공유재산법」 제28조에 따라 일반재산은 대부계약으로 사용하게 할 수 있습니다."
    )
    press(auditor, "의견 통보", scope=opinion)
    says(auditor, "의견을 통보했습니다.", "사전-")
    req.refresh_from_db()
    assert req.state == RequestState.OPINION_ISSUED
    auditor.screenshot("consulting-2-answered")

    # 4. The official reads the opinion, downloads it and reports the implementation.
    visit(me, f"/consulting/{req.pk}/")
    says(me, CONCLUSION, "고의 또는 중대한 과실이 없는 것으로 추정", "이행결과 보고")
    assert "대부 절차로 처리 가능하다는 의견" not in me.page.locator("main").inner_text()  # internal to the office
    with me.page.expect_download() as download:
        me.page.get_by_role("link", name="의견서 내려받기(PDF)").press("Enter")
    assert download.value.suggested_filename == f"사전컨설팅_의견서_{req.opinion.number}.pdf"
    visit(me, f"/consulting/{req.pk}/")
    report = me.page.locator("form[action$='/implementation/']")
    tick(report.locator("input[name=implementation-followed][value=yes]"))
    report.locator("textarea[name=implementation-note]").fill(
        "의견대로 사용승인 절차를 거쳐 환승주차장으로 개방했습니다."
    )
    press(me, "이행결과 보고하기")
    says(me, "이행결과 보고를 저장했습니다.", "의견대로 처리함")
    me.screenshot("consulting-3-implemented")

    # 5. The audit officer publishes an anonymised summary; anyone reads it.
    visit(auditor, f"/consulting/{req.pk}/publication/")
    edit = auditor.page.locator("form[action$='/publication/']")
    edit.locator("input[name=publication-title]").fill("매각 예정 유휴 시유지의 임시 주차장 활용")
    press(auditor, "요약 저장")
    says(auditor, "요약을 저장했습니다.")
    tick(auditor.page.locator("input[name=publish-masking_confirmed]"))
    press(auditor, "공개")
    says(auditor, "답변을 공개했습니다.")
    assert req.publication.state == PublicationState.PUBLISHED

    anyone = new_page(make_page)
    visit(anyone, "/consulting/published/")
    says(anyone, "사전컨설팅 공개 사례", "매각 예정 유휴 시유지의 임시 주차장 활용")
    visit(anyone, f"/consulting/published/{req.pk}/")
    says(anyone, "감사부서 답변", req.opinion.number)
    assert office.official.name not in anyone.page.locator("main").inner_text()
    anyone.screenshot("consulting-4-published")
