"""Committee opinions end to end, in Korean, in the browser: an official asks the committee's opinion (the form in
parts, a statute, a file), the secretariat screens and accepts it and asks the audit office, the audit officer
answers without objection, the secretariat tables it; the committee decides (through its test support, as the
committee's own pages are the committee's); the official reads the opinion and records how they acted on it; the
secretariat publishes an anonymised summary, which a visitor finds in the public register.

Only people and org units are arranged outside the browser. Every page visited is axe-checked and CSP-clean.
"""

import pytest
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.committee.queries import open_item_of
from proactive.opinions.enums import CommitteeOutcome, RequestState
from proactive.opinions.models import OpinionRequest
from tests.browser import follow, press, says, tick, visit
from tests.committee.support import decide
from tests.conftest import make_staff
from tests.e2e.test_roles_walk import sign_in_official
from tests.factories.accounts import OrgUnitFactory, UserFactory
from tests.factories.documents import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "공유 킥보드 전용 주차구역 지정"
OPINION = "도로 부속물로서 별도 점용허가 없이 노면 표시로 지정할 수 있음. 보행 유효폭 2미터를 확보할 것."


def new_page(make_page):
    page = make_page()
    page.page.set_default_timeout(30_000)
    return page


def test_an_opinion_is_asked_screened_heard_decided_acted_on_and_published_in_korean(make_page, monkeypatch):
    monkeypatch.setattr("proactive.documents.pdf.html_to_pdf", lambda html, **kwargs: pdf_bytes())
    department = OrgUnitFactory(name="교통정책과")
    official = UserFactory(name="서주무", official__name="서주무", official__unit=department, official__grade=6)
    secretariat = make_staff(Role.SECRETARIAT, name="조간사", official__name="조간사")
    auditor = make_staff(Role.AUDIT_OFFICER, name="최감사", official__name="최감사")

    # 1. The official asks, in parts.
    me = new_page(make_page)
    sign_in_official(me, official, staff=False)
    visit(me, "/opinions/new/")
    says(me, "위원회 의견제시 요청", "1. 안건", "3. 관련 법령·조례", "5. 사적 이해관계")
    form = me.page.locator("form.proactive-form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("select[name=permit_type]").select_option("other")
    form.locator("textarea[name=facts]").fill("보도에 방치된 공유 킥보드로 보행 안전 민원이 많습니다.")
    form.locator("input[name=statute-0-law]").fill("도로법")
    form.locator("input[name=statute-0-article]").fill("제2조 제2호")
    form.locator("textarea[name=question]").fill("전용 주차구역을 점용허가 없이 지정할 수 있습니까?")
    form.locator("textarea[name=options]").fill("1안: 점용허가 2안: 도로 부속물")
    form.locator("textarea[name=own_review]").fill("2안이 타당합니다.")
    tick(form.locator("input[name=private_interest][value=none]"))
    form.locator("input[name=new_files]").set_input_files(
        [{"name": "현황.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    press(me, "간사에게 제출")
    says(me, "요청을 간사에게 제출했습니다.", TITLE, "현황.pdf", "제출됨")
    request = OpinionRequest.objects.get(title=TITLE)

    # 2. The secretariat screens, accepts and asks the audit office.
    staff = new_page(make_page)
    sign_in_official(staff, secretariat, staff=True)
    visit(staff, "/opinions/queue/")
    follow(staff, TITLE)
    tick(staff.page.locator("input[name=screen-decision][value=accept]"))
    for name in ("in_scope", "interest_checked", "facts_sufficient"):
        tick(staff.page.locator(f"input[name=screen-{name}]"))
    press(staff, "검토 결과 입력")
    says(staff, "요청을 접수했습니다.", "일 남음")
    staff.page.locator("select[name=audit-audit_officer]").select_option(str(auditor.pk))
    press(staff, "감사기구 의견 요청", scope=staff.page.locator("form[action$='/audit/ask/']"))
    says(staff, "감사기구에 의견을 요청했습니다.", "최감사")

    # 3. The audit officer answers without objection.
    audit = new_page(make_page)
    sign_in_official(audit, auditor, staff=True)
    visit(audit, "/opinions/audit/")
    says(audit, TITLE, "의견 회신 대기")
    follow(audit, TITLE)
    audit.page.locator("textarea[name=opinion-opinion]").fill("법령 해석상 이의가 없습니다.")
    tick(audit.page.locator("input[name=opinion-objects][value=no]"))
    press(audit, "간사에게 의견 회신")
    says(audit, "의견을 간사에게 회신했습니다.")

    # 4. The secretariat tables it; the committee decides.
    visit(staff, f"/opinions/{request.pk}/")
    press(staff, "위원회에 상정")
    says(staff, "위원회에 상정했습니다.")
    decide(open_item_of(request.kind, request.pk), CommitteeOutcome.OPINION_ISSUED, resolution=OPINION)
    request.refresh_from_db()
    assert request.state == RequestState.OPINION_ISSUED

    # 5. The official reads the opinion and records how they acted.
    visit(me, f"/opinions/{request.pk}/")
    says(me, "위원회 의견", OPINION, request.decision_number, "징계가 면제됩니다")
    me.page.locator("input[name=act-acted_on]").fill(timezone.localdate().isoformat())
    me.page.locator("textarea[name=act-what]").fill("위원회 의견대로 전용 주차구역 12곳을 지정했습니다.")
    press(me, "처리 결과 입력")
    says(me, "처리 결과를 입력했습니다.", "전용 주차구역 12곳")
    request.refresh_from_db()
    assert request.state == RequestState.ACTED_ON

    # 6. The secretariat publishes an anonymised summary; a visitor finds it.
    visit(staff, f"/opinions/{request.pk}/publication/")
    staff.page.locator("input[name=title]").fill("공유 킥보드 주차구역 지정 사례")
    staff.page.locator("textarea[name=summary]").fill("보도 일부를 킥보드 주차구역으로 지정하려는 사안")
    staff.page.locator("textarea[name=answer]").fill("도로 부속물로서 점용허가 없이 지정 가능")
    tick(staff.page.locator("input[name=confirmed]"))
    press(staff, "공개")
    says(staff, "과거 답변 사례로 공개했습니다.")

    visitor = new_page(make_page)
    visit(visitor, "/opinions/register/?q=킥보드")
    says(visitor, "공유 킥보드 주차구역 지정 사례", request.decision_number)
    assert "서주무" not in visitor.page.locator("main").inner_text()
