"""Every route an official has, in Korean, in the browser: ask before acting, be defended afterwards.

The official of the transport planning team (1) asks the 적극행정위원회 for an opinion on kickboard parking zones
and (2) asks the audit office for a pre-consulting answer on using a vacant site as a park-and-ride, and records
how they acted on both answers. Months later (3) the city's audit records a finding about that very work; the
official opens an exemption application, finds **both answers already linked** ("the official acted as advised"),
takes over the protection officer's suggested text and submits it; the audit office screens it and puts it before
the exemption review board, whose chair votes and records the decision: **exempted**. The official reads the
decision, numbered 면책-YYYY-0001, with both answers printed in it.

What is driven how:
* in the browser: the official's opinion request (form, submission), reading the committee's answer and recording
  how they acted; the official's pre-consulting request (form, sending it for approval), reading the opinion and
  reporting the implementation; the whole exemption part — the audit office recording the audit and the finding,
  the official's application with the linked answers, the protection officer's comment, taking the suggestion
  over, submitting, the screening, the board session with attendance and agenda, the chair's vote and the
  decision, the decision page and its PDF link;
* through the other apps' services (setup): the secretariat's screening and tabling of the opinion request and the
  committee's decision (``tests/committee/support.decide``), the department head's approval and the audit office's
  acceptance and opinion of the pre-consulting request; two board members' votes.
The PDFs are rendered by a stand-in (``tests/protection/test_decision_pdf.py`` renders the real one).
"""

import pytest
from django.utils import timezone

from proactive.committee.queries import open_item_of
from proactive.consulting.enums import RequestState as ConsultingState
from proactive.consulting.models import ConsultingRequest
from proactive.consulting.services import requests as consulting_requests
from proactive.consulting.services import review as consulting_review
from proactive.opinions.enums import CommitteeOutcome
from proactive.opinions.enums import RequestState as OpinionState
from proactive.opinions.models import OpinionRequest
from proactive.opinions.services import requests as opinion_services
from proactive.protection.enums import ApplicationState, Outcome
from proactive.protection.models import Audit, BoardSession, ExemptionApplication
from proactive.protection.services import board
from tests.browser import press, says, visit
from tests.committee.support import decide
from tests.e2e.test_roles_walk import sign_in_official
from tests.factories.documents import pdf_bytes
from tests.protection.support import arrange

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OPINION_TITLE = "공유 킥보드 전용 주차구역 지정"
OPINION_ANSWER = "도로 부속물로서 별도 점용허가 없이 노면 표시로 지정할 수 있음"
CONSULTING_TITLE = "공공기관 이전부지 임시 환승주차장 활용 가능 여부"
CONSULTING_ANSWER = "대부 절차를 거치면 매각 전이라도 환승주차장으로 임시 활용할 수 있습니다."
FINDING_TITLE = "이전부지 환승주차장 임시 운영과 킥보드 주차구역 지정 절차 부적정"


def choose(locator) -> None:
    """Tick a radio button or checkbox that KRDS draws over with its label (a forced click may land on another)."""
    locator.evaluate("input => { input.checked = true; input.dispatchEvent(new Event('change', {bubbles: true})); }")
    assert locator.is_checked()


def new_page(make_page):
    page = make_page()
    page.page.set_default_timeout(30_000)
    return page


def ask_the_committee(me, world) -> OpinionRequest:
    """The official writes and submits an opinion request; the committee answers; the official records the action."""
    visit(me, "/opinions/new/")
    form = me.page.locator("form.proactive-form").first
    form.locator("input[name=title]").fill(OPINION_TITLE)
    form.locator("select[name=permit_type]").select_option("other")
    form.locator("textarea[name=facts]").fill(
        "도심 보도에 방치된 공유 전동킥보드로 보행 안전 민원이 월 300건을 넘어 보도 일부를 전용 주차구역으로 "
        "지정하려 합니다."
    )
    form.locator("input[name='statute-0-law']").fill("도로법")
    form.locator("input[name='statute-0-article']").fill("제2조 제2호")
    form.locator("textarea[name=question]").fill(
        "킥보드 전용 주차구역을 보도에 노면 표시로 지정할 때 도로점용허가 없이 도로 부속물로 처리할 수 있습니까?"
    )
    form.locator("textarea[name=options]").fill("1안: 점용허가 / 2안: 도로 부속물 설치")
    form.locator("textarea[name=own_review]").fill("보행 안전을 위한 공공시설이므로 2안이 타당합니다.")
    choose(form.locator("input[name=private_interest][value=none]"))
    press(me, "간사에게 제출")
    request = OpinionRequest.objects.get()
    assert request.state == OpinionState.SUBMITTED, request.state

    # The secretariat and the committee (their own pages are tested by their apps).
    opinion_services.screen_request(
        actor=world.secretariat,
        request=request,
        decision="accept",
        in_scope=True,
        interest_checked=True,
        facts_sufficient=True,
    )
    opinion_services.table_request(actor=world.secretariat, request=request)
    item = open_item_of(request.kind, request.pk)
    assert item is not None
    decide(item, CommitteeOutcome.OPINION_ISSUED, resolution=OPINION_ANSWER)
    request.refresh_from_db()
    assert request.state == OpinionState.OPINION_ISSUED, request.state

    visit(me, f"/opinions/{request.pk}/")
    says(me, OPINION_ANSWER)
    act = me.page.locator("form[action$='/act/']")
    act.locator("input[name=act-acted_on]").fill(timezone.localdate().isoformat())
    act.locator("textarea[name=act-what]").fill("위원회 의견대로 경찰서 협의 후 12곳을 노면 표시로 지정했습니다.")
    press(me, "처리 결과 입력")
    request.refresh_from_db()
    assert request.state == OpinionState.ACTED_ON, request.state
    return request


def ask_the_audit_office(me, world) -> ConsultingRequest:
    """The official drafts a pre-consulting request and sends it; the head approves; the audit office answers; the
    official reports that they acted as advised."""
    visit(me, "/consulting/new/")
    form = me.page.locator("form.proactive-form").first
    form.locator("input[name=title]").fill(CONSULTING_TITLE)
    form.locator("textarea[name=background]").fill(
        "이전한 공공기관 부지가 3년째 비어 있어 매각 전까지 환승주차장으로 임시 개방하려 합니다."
    )
    form.locator("textarea[name=statutes]").fill("「공유재산 및 물품 관리법」 제20조, 제28조")
    form.locator("textarea[name=issues]").fill("매각 예정 일반재산을 임시 환승주차장으로 쓸 수 있는지")
    form.locator("textarea[name=proposed_handling]").fill("1안: 사용승인 후 개방 / 2안: 대부 후 운영")
    choose(form.locator("input[name=check_laws]"))
    form.locator("textarea[name=note_laws]").fill("공유재산법 제20조·제28조와 시 조례를 검토했습니다.")
    press(me, "저장하고 결재 요청")
    req = ConsultingRequest.objects.get()
    assert req.state == ConsultingState.AWAITING_APPROVAL, req.state

    # The head and the audit office (their pages are tested by the consulting app's own browser test).
    req = consulting_requests.decide_approval(actor=world.head, req=req, approve=True)
    req = consulting_review.accept_request(actor=world.auditor, req=req, reviewers=[world.auditor])
    req = consulting_review.issue_opinion(
        actor=world.auditor,
        req=req,
        conclusion=CONSULTING_ANSWER,
        reasons="「공유재산법」 제28조에 따라 일반재산은 대부계약으로 사용하게 할 수 있습니다.",
    )

    visit(me, f"/consulting/{req.pk}/")
    says(me, CONSULTING_ANSWER)
    report = me.page.locator("form[action$='/implementation/']")
    choose(report.locator("input[name=implementation-followed][value=yes]"))
    report.locator("textarea[name=implementation-note]").fill("의견대로 대부 절차를 거쳐 환승주차장으로 개방했습니다.")
    press(me, "이행결과 보고하기")
    req.refresh_from_db()
    assert req.state == ConsultingState.IMPLEMENTED, req.state
    return req


def test_an_official_asks_first_and_is_exempted_citing_both_answers(make_page, monkeypatch):
    monkeypatch.setattr("proactive.documents.pdf.html_to_pdf", lambda html, **kwargs: pdf_bytes())
    world = arrange()

    me = new_page(make_page)
    sign_in_official(me, world.official, staff=False)
    opinion = ask_the_committee(me, world)
    consulting = ask_the_audit_office(me, world)
    opinion_number, consulting_number = opinion.decision_number, consulting.opinion.number
    assert opinion_number
    assert consulting_number

    # 3. The city's audit office records the audit and the finding.
    auditor = new_page(make_page)
    sign_in_official(auditor, world.auditor, staff=True)
    visit(auditor, "/protection/audits/new/")
    form = auditor.page.locator("form.proactive-form")
    form.locator("select[name=auditor]").select_option("city")
    form.locator("input[name=title]").fill("교통국 종합감사")
    form.locator("select[name=audited_unit]").select_option(str(world.bureau.pk))
    today = timezone.localdate()
    form.locator("input[name=starts_on]").fill((today - timezone.timedelta(days=12)).isoformat())
    form.locator("input[name=ends_on]").fill((today - timezone.timedelta(days=2)).isoformat())
    press(auditor, "저장")
    says(auditor, "감사를 등록했습니다.", "교통국 종합감사")
    audit = Audit.objects.get()
    visit(auditor, f"/protection/audits/{audit.pk}/findings/new/")
    says(auditor, "지적사항 등록", "20일 안에 면책을 신청할 수 있습니다")
    form = auditor.page.locator("form.proactive-form")
    form.locator("input[name=finding-title]").fill(FINDING_TITLE)
    form.locator("textarea[name=finding-description]").fill(
        "이전부지를 환승주차장으로 임시 개방하고 보도에 킥보드 주차구역을 지정하면서 사용허가·점용허가를 받지 않음."
    )
    form.locator("select[name=finding-officials]").select_option(str(world.official.official_id))
    form.locator("select[name=finding-proposed_disposition]").select_option("warning")
    press(auditor, "등록하고 통보")
    says(auditor, "대상 공무원에게 면책 신청권을 통보했습니다.", FINDING_TITLE, "김주무", "경고")

    # 4. The official applies: both earlier answers are already linked.
    visit(me, "/protection/")
    says(me, "나에 대한 감사 지적사항", FINDING_TITLE, "일 남음")
    press(me, "면책 신청하기")
    says(me, "면책 신청서 작성", "사전 자문에 따라 업무를 처리했습니다", opinion_number, consulting_number, "같은 사안")
    application = ExemptionApplication.objects.get()
    assert {link.number for link in application.links.all()} == {opinion_number, consulting_number}
    me.screenshot("protection-1-draft-with-linked-answers")

    # The protection officer comments on the draft with suggested text.
    officer = new_page(make_page)
    sign_in_official(officer, application.protection_officer, staff=True)
    visit(officer, "/protection/caseload/")
    says(officer, "면책보호관 업무", "김주무")
    visit(officer, f"/protection/applications/{application.pk}/")
    says(officer, "사전 자문에 따라 업무를 처리했습니다", opinion_number, consulting_number)
    comment = officer.page.locator("form[action$='/comment/']")
    comment.locator("select[name=comment-ground]").select_option("no_gross_negligence")
    comment.locator("textarea[name=comment-text]").fill("미리 받은 두 회신을 따랐다는 점을 분명히 적으십시오.")
    comment.locator("textarea[name=comment-suggested_text]").fill(
        f"처리 전에 위원회 의견({opinion_number})과 사전컨설팅 회신({consulting_number})을 받아 그대로 처리했습니다."
    )
    press(officer, "의견 등록")
    says(officer, "검토 의견을 등록하고 신청인에게 알렸습니다.")

    # The official takes the suggestion over, completes the grounds and submits.
    visit(me, f"/protection/applications/{application.pk}/edit/")
    says(me, "미리 받은 두 회신을 따랐다는 점을 분명히 적으십시오.")
    press(me, "‘고의·중과실 없음’에 반영")
    says(me, "제안 문안을 반영했습니다.")
    grounds = me.page.locator("form[action$='/edit/']")
    grounds.locator("textarea[name=grounds-facts]").fill(
        "보행 안전 민원과 역 주변 불법 주차를 줄이려고 킥보드 주차구역을 지정하고 이전부지를 환승주차장으로 열었습니다."
    )
    grounds.locator("textarea[name=grounds-public_interest]").fill(
        "시민 불편 해소가 목적이었고 사적 이해관계는 없습니다."
    )
    grounds.locator("textarea[name=grounds-reasonableness]").fill(
        "다른 방법으로는 1년 이상 걸려 즉시 처리가 필요했습니다."
    )
    grounds.locator("textarea[name=grounds-procedure]").fill("경찰서 협의와 과장 결재를 거쳤습니다.")
    assert opinion_number in grounds.locator("textarea[name=grounds-no_gross_negligence]").input_value()
    choose(grounds.locator("input[name=grounds-no_private_interest]"))
    press(me, "저장하고 제출")
    says(me, "신청서를 제출했습니다.", "접수 검토 대기")
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED

    # 5. The audit office screens it and puts it before the board.
    visit(auditor, "/protection/applications/")
    says(auditor, "김주무", "접수 검토 대기")
    visit(auditor, f"/protection/applications/{application.pk}/")
    says(auditor, "사전 자문에 따라 업무를 처리했습니다", opinion_number, consulting_number)
    choose(auditor.page.locator("input[name=screen-result][value=accept]"))
    press(auditor, "접수 검토 결과 등록")
    says(auditor, "접수 검토 결과를 등록했습니다.", "면책심사위원회 심사 중")

    chair, second, third = world.members
    visit(auditor, "/protection/sessions/new/")
    form = auditor.page.locator("form.proactive-form")
    form.locator("input[name=title]").fill("제1차 면책심사위원회")
    form.locator("input[name=held_on]").fill(today.isoformat())
    form.locator("input[name=place]").fill("시청 12층 회의실")
    form.locator("select[name=chair]").select_option(str(chair.pk))
    press(auditor, "회의 만들기")
    session = BoardSession.objects.get()
    attendance = auditor.page.locator("form[action$='/attendance/']")
    for member in world.members:
        choose(attendance.locator(f"input[name=attendance-present][value='{member.pk}']"))
    press(auditor, "출석 등록")
    says(auditor, "출석을 등록했습니다.")
    auditor.page.locator("select[name=table-application]").select_option(str(application.pk))
    press(auditor, "상정하기")
    says(auditor, "안건을 상정하고 위원들에게 알렸습니다.", "김주무")
    application.refresh_from_db()
    assert application.session == session

    # 6. Two members vote (setup); the chair votes and records the decision in the browser.
    for member in (second, third):
        board.cast_vote(actor=member, application=application, choice=Outcome.EXEMPTED, reasons="사전 자문에 따른 처리")
    member_page = new_page(make_page)
    sign_in_official(member_page, chair, staff=True)
    visit(member_page, "/protection/sessions/")
    says(member_page, "제1차 면책심사위원회")
    visit(member_page, f"/protection/applications/{application.pk}/")
    says(member_page, "사전 자문에 따라 업무를 처리했습니다", opinion_number, consulting_number, "출석 위원 3명의 표결")
    vote = member_page.page.locator("form[action$='/vote/']")
    choose(vote.locator("input[name=vote-choice][value=exempted]"))
    vote.locator("textarea[name=vote-reasons]").fill(
        "위원회 의견과 사전컨설팅 회신대로 처리한 공익 목적의 적극행정입니다."
    )
    press(member_page, "표결하기")
    says(member_page, "표결을 등록했습니다.", "지금 결정하면:")
    decision = member_page.page.locator("form[action$='/decide/']")
    decision.locator("textarea[name=decide-reasons]").fill(
        "대상 공무원은 사전에 적극행정위원회 의견과 사전컨설팅 회신을 받아 그대로 처리하였으므로 면책합니다."
    )
    press(member_page, "결정 기록")
    year = today.year
    says(member_page, f"결정 면책-{year}-0001을(를) 등록", "면책 결정")
    member_page.screenshot("protection-2-decided")

    # 7. The official reads the decision and finds the PDF.
    application.refresh_from_db()
    assert application.state == ApplicationState.EXEMPTED
    assert application.number == f"면책-{year}-0001"
    visit(me, f"/protection/applications/{application.pk}/")
    says(me, "면책 결정", application.number, "사전 자문에 따라 업무를 처리했습니다", opinion_number, consulting_number)
    with me.page.expect_download() as download:
        me.page.get_by_role("link", name="결정서 내려받기(PDF)").press("Enter")
    assert download.value.suggested_filename == f"면책심사결정서_{application.number}.pdf"
    visit(me, "/protection/")
    says(me, "면책 결정")
    me.screenshot("protection-3-my-exemptions")


def test_the_guide_counselling_and_the_office_pages_read_well_in_korean(make_page):
    """The pages the route above does not pass through, each checked for accessibility and the CSP."""
    from proactive.protection.enums import Category
    from proactive.protection.services import guide
    from tests.protection.support import concerned_of, submitted

    world = arrange()
    page = guide.create_page(
        actor=world.officer,
        data={
            "title": "면책 신청 절차와 기한",
            "category": Category.EXEMPTION,
            "body": "## 신청 기한\n감사 종료 후 20일 이내\n\n- 경위서\n- 증빙자료",
            "order": 1,
            "published": True,
            "last_reviewed_on": timezone.localdate(),
        },
    )
    guide.create_contact(
        actor=world.officer,
        data={"name": "법무담당관실", "organisation": "부산광역시", "phone": "051-888-1234", "active": True},
    )
    submitted(world)
    concerned_of(world)

    me = new_page(make_page)
    sign_in_official(me, world.official, staff=False)
    visit(me, "/protection/guide/")
    says(me, "적극행정 공무원 보호지침", "면책 신청 절차와 기한", "법률 자문 연락처", "051-888-1234")
    visit(me, "/protection/guide/?q=경위서")
    says(me, "1개 있습니다")
    visit(me, f"/protection/guide/pages/{page.pk}/")
    says(me, "신청 기한", "경위서")
    visit(me, "/protection/counselling/new/")
    form = me.page.locator("form.proactive-form")
    form.locator("select[name=category]").select_option("discipline")
    form.locator("input[name=topic]").fill("징계 소명 준비")
    form.locator("textarea[name=question]").fill("소명서를 어떻게 준비해야 하는지 알고 싶습니다.")
    press(me, "상담 요청")
    says(me, "상담 요청을 면책보호관에게 보냈습니다.", "징계 소명 준비", "비공개")

    officer = new_page(make_page)
    sign_in_official(officer, world.officer, staff=True)
    visit(officer, "/protection/caseload/?kind=counselling&everyone=on")
    says(officer, "징계 소명 준비")
    visit(officer, "/protection/counselling/record/")
    visit(officer, f"/protection/guide/pages/{page.pk}/edit/")
    visit(officer, "/protection/guide/contacts/new/")
    visit(officer, "/protection/guide/pages/new/")

    auditor = new_page(make_page)
    sign_in_official(auditor, world.auditor, staff=True)
    visit(auditor, "/protection/audits/")
    says(auditor, "감사·지적사항", "2026년 교통국 종합감사")
    visit(auditor, "/protection/settings/")
    says(auditor, "면책심사 설정", "징계령 방식")
    visit(auditor, "/dashboard/")
    says(auditor, "면책 신청", "접수 검토 대기")
