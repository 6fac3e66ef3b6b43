"""Mileage end to end, in Korean, in the browser: an official claims points for proactive work with an evidence
file, their department head grants, the bureau chief checks and the secretariat approves (the statement shows the
points); the official redeems a mobile coupon and the secretariat fulfils it with the coupon code (the official sees
it under "나의 보상"); a second claim is rejected by the department head with a reason, the official appeals, the
secretariat assigns a panel member and the panel member adjusts the points with reasons (the statement shows the
adjustment).

Only people, org units, roles and the catalogue are arranged outside the browser (the default catalogue is seeded
by a data migration; a small coupon and this year's minimum to redeem are added so one claim of at most 3 points
can buy a reward). Every page visited is axe-checked and CSP-clean, as in ``test_selection_round``.
"""

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.mileage.enums import AppealState, ClaimState, EntryKind, RedemptionState, RewardKind
from proactive.mileage.models import ActivityRule, Appeal, Claim, LedgerEntry, MileagePolicy, Redemption, RewardOption
from proactive.mileage.services.ledger import balance_of
from tests.browser import follow, press, row_says, says, tick, visit
from tests.conftest import make_staff
from tests.e2e.test_roles_walk import sign_in_official
from tests.factories.accounts import OrgUnitFactory, UserFactory
from tests.factories.documents import pdf_bytes
from tests.mileage.test_catalogue_support import MIGRATION

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COUPON_CODE = "CPN-2026-0412-7781"


def card(page, title_id: str) -> str:
    """The figure of one statement card (e.g. the balance)."""
    return page.page.locator(f"section[aria-labelledby={title_id}] .count").inner_text().strip()


def arrange():
    """A bureau and one of its departments; the official, the head, the chief, the secretariat and a panel member;
    a 3,000원 coupon and a minimum of 3 points to redeem this year."""
    bureau = OrgUnitFactory(name="해양농수산국", kind=OrgUnitKind.BUREAU)
    department = OrgUnitFactory(name="해양정책과", parent=bureau)
    people = {
        "official": UserFactory(name="김주무", official__name="김주무", official__unit=department, official__grade=6),
        "head": make_staff(Role.DEPARTMENT_HEAD, unit=department, name="이과장", official__name="이과장"),
        "chief": make_staff(Role.BUREAU_CHIEF, unit=bureau, name="박국장", official__name="박국장"),
        "secretariat": make_staff(Role.SECRETARIAT, name="최사무", official__name="최사무"),
        "panel": make_staff(Role.APPEALS_PANEL, name="정위원", official__name="정위원"),
    }
    MileagePolicy.objects.update_or_create(year=timezone.localdate().year, defaults={"min_redeem_points": 3})
    coupon = RewardOption.objects.create(
        kind=RewardKind.COUPON,
        name="모바일 쿠폰 3천원권",
        name_en="Mobile coupon, 3,000 won band",
        points=3,
        value_won=3_000,
        order=1,
    )
    MIGRATION.add_catalogue(django_apps, None)  # seeded by the migration, but an earlier live-server test flushed it
    rule = ActivityRule.objects.get(activity__code="proactive-work", version=1)  # seeded: 1–3 points, evidence
    return people, coupon, rule


def claim(page, rule, *, title: str, points: int, evidence_name: str) -> Claim:
    """The official fills in the claim form, with one evidence file, and sends it."""
    visit(page, "/mileage/claims/new/")
    says(page, "마일리지 신청", "적극행정 실천")
    form = page.page.locator("form.proactive-form")
    form.locator("select[name=activity]").select_option(str(rule.pk))
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=description]").fill(
        "민원인이 세 번 방문해야 하던 절차를 한 번에 끝나도록 바꾸었습니다."
    )
    form.locator("input[name=occurred_on]").fill(timezone.localdate().isoformat())
    form.locator("input[name=points]").fill(str(points))
    form.locator("input[name=evidence]").set_input_files(
        [{"name": evidence_name, "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    press(page, "신청하기")
    made = Claim.objects.get(title=title)
    assert page.page.url.endswith(f"/mileage/claims/{made.pk}/"), page.page.url
    says(page, "신청서를 부서장에게 보냈습니다.", title, evidence_name)
    assert made.state == ClaimState.CLAIMED
    assert list(made.evidence.values_list("original_name", flat=True)) == [evidence_name]
    return made


def new_page(make_page):
    page = make_page()
    page.page.set_default_timeout(30_000)  # each step answers in well under a second, but CI machines are busy
    return page


def open_from_queue(page, made: Claim) -> None:
    visit(page, "/mileage/claims/queue/")
    follow(page, made.title)
    assert page.page.url.endswith(f"/mileage/claims/{made.pk}/"), page.page.url


def test_a_claim_goes_up_the_line_is_redeemed_and_a_rejection_is_appealed_in_korean(make_page):
    people, coupon, rule = arrange()
    official = people["official"]

    # 1. The official claims 3 points for proactive work, with an evidence file.
    me = new_page(make_page)
    sign_in_official(me, official, staff=False)
    first = claim(me, rule, title="항만 인허가 원스톱 처리", points=3, evidence_name="처리결과보고.pdf")

    # 2. Up the line: the department head grants, the bureau chief checks, the secretariat approves.
    head = new_page(make_page)
    sign_in_official(head, people["head"], staff=True)
    open_from_queue(head, first)
    says(head, "처리결과보고.pdf")
    press(head, "부여")
    says(head, "신청을 부여하여 국장에게 보냈습니다.")

    chief = new_page(make_page)
    sign_in_official(chief, people["chief"], staff=True)
    open_from_queue(chief, first)
    press(chief, "확인 완료")
    says(chief, "신청을 확인하여 사무국에 보냈습니다.")

    sec = new_page(make_page)
    sign_in_official(sec, people["secretariat"], staff=True)
    open_from_queue(sec, first)
    press(sec, "승인하고 점수 적립")
    says(sec, "신청을 승인하고 점수를 적립했습니다.", "승인됨: 각 공무원의 마일리지에 점수가 적립되었습니다.")
    first.refresh_from_db()
    assert (first.state, first.granted_by, first.checked_by, first.decided_by) == (
        ClaimState.APPROVED,
        people["head"],
        people["chief"],
        people["secretariat"],
    )

    # The official's statement shows the 3 points.
    visit(me, "/mileage/")
    says(me, "나의 마일리지", "점수 부여", "+3", f"신청 {first.pk}번")
    assert (card(me, "balance-title"), card(me, "available-title")) == ("3", "3")

    # 3. The official redeems a mobile coupon; the secretariat fulfils it with the coupon code.
    visit(me, "/mileage/redeem/")
    says(me, "모바일 쿠폰 3천원권", "3,000원")
    tick(me.page.locator(f"input[name=option][value='{coupon.pk}']"))
    press(me, "이 보상으로 점수 사용 신청")
    assert me.page.url.endswith("/mileage/rewards/"), me.page.url
    says(me, "모바일 쿠폰 3천원권에 3점을 예약했습니다.", "점수 차감 예정")
    redemption = Redemption.objects.get(official=official.official)
    assert (redemption.state, redemption.points, balance_of(official.official)) == (RedemptionState.RESERVED, 3, 0)

    visit(sec, "/mileage/reward-requests/")
    row = sec.page.locator(f"tr#redemption-{redemption.pk}")
    row.locator(f"input[name=redemption-{redemption.pk}-reference]").fill(COUPON_CODE)
    press(sec, "지급 완료로 기록", scope=row, exact=False)  # the rest of its name (for screen readers) is hidden
    says(sec, "지급 완료로 기록했습니다: 김주무, 모바일 쿠폰 3천원권")
    redemption.refresh_from_db()
    assert (redemption.state, redemption.reference) == (RedemptionState.FULFILLED, COUPON_CODE)

    visit(me, "/mileage/rewards/")
    row_says(me.page.locator("tbody tr", has_text="모바일 쿠폰 3천원권"), "지급 완료", COUPON_CODE)

    # 4. A second claim; the department head rejects it with a reason.
    second = claim(me, rule, title="어선 등록 서류 간소화", points=2, evidence_name="개선전후비교.pdf")
    open_from_queue(head, second)
    reason = "개선 효과를 보여 주는 자료가 부족합니다."
    head.page.locator("textarea[name=reason]").fill(reason)
    press(head, "반려")
    says(head, "신청을 반려했습니다. 신청자에게 사유를 알렸습니다.")
    second.refresh_from_db()
    assert (second.state, second.decision_reason) == (ClaimState.REJECTED, reason)

    # 5. The official reads the reason and appeals.
    visit(me, f"/mileage/claims/{second.pk}/")
    says(me, "반려 사유", reason)
    follow(me, "이 결정에 이의신청")
    assert me.page.url.endswith(f"/mileage/appeals/new/?claim={second.pk}"), me.page.url
    says(me, "이의신청", "신청이 반려됨", second.title)
    me.page.locator("textarea[name=reasons]").fill(
        "처리 기간이 14일에서 3일로 줄었다는 민원 통계를 증빙자료로 이미 제출했습니다. 다시 검토해 주십시오."
    )
    press(me, "이의신청 제출")
    appeal = Appeal.objects.get(claim=second)
    assert me.page.url.endswith(f"/mileage/appeals/{appeal.pk}/"), me.page.url
    says(me, "이의신청이 접수되었습니다.", f"이의신청 제{appeal.pk}호", "접수")
    assert appeal.state == AppealState.FILED

    # 6. The secretariat assigns a panel member (the department head who rejected may not sit on it).
    visit(sec, "/mileage/appeals/")
    follow(sec, f"이의신청 제{appeal.pk}호")
    assign = sec.page.locator("form[action$='/assign/']")
    assert "이과장" not in assign.locator("fieldset").inner_text()  # the deciding chain is not offered
    box = assign.locator(f"input[name=panel][value='{people['panel'].pk}']")
    box.press("Space")  # by keyboard: KRDS draws the box on the label, and a mouse click there can be lost under load
    assert box.is_checked()
    press(sec, "배정하고 심사 시작")
    says(sec, "심사위원을 배정하고 알림을 보냈습니다.", "심의 중", "정위원")
    appeal.refresh_from_db()
    assert appeal.state == AppealState.UNDER_REVIEW
    assert list(appeal.panel.all()) == [people["panel"]]

    # 7. The panel member adjusts the claim: 2 points, with reasons.
    panel = new_page(make_page)
    sign_in_official(panel, people["panel"], staff=True)
    visit(panel, "/mileage/appeals/review/")
    follow(panel, f"이의신청 제{appeal.pk}호")
    decide = panel.page.locator("form[action$='/decide/']")
    tick(decide.locator("input[name=outcome][value=adjusted]"))
    decide.locator("input[name=points]").fill("2")
    decide.locator("textarea[name=reasons]").fill("제출된 민원 통계로 개선 효과가 확인되어 2점을 인정합니다.")
    press(panel, "결정 기록")
    says(panel, "심사위원회 결정을 기록하고 신청인에게 알렸습니다.", "조정: +2점", "개선 효과가 확인되어")
    appeal.refresh_from_db()
    assert (appeal.state, appeal.adjustment, appeal.decided_by) == (AppealState.ADJUSTED, 2, people["panel"])

    # 8. The official sees the decision, and the statement shows the adjustment: 3 granted − 3 for the coupon + 2
    # on appeal.
    visit(me, "/mileage/appeals/mine/")
    row_says(me.page.locator(f"tr#appeal-{appeal.pk}"), "조정", "+2점")
    visit(me, "/mileage/")
    says(me, "조정", "+2", f"이의신청 {appeal.pk}번", "개선 효과가 확인되어", "-3", "모바일 쿠폰 3천원권")
    assert (card(me, "balance-title"), card(me, "available-title")) == ("2", "2")
    # The reward's entry says what it was in words, never its internal source code.
    history = me.page.locator("section[aria-labelledby=history-title]").inner_text()
    assert "reward:" not in history, history
    assert "보상 신청" in history, history
    kinds = list(
        LedgerEntry.objects.filter(account__official=official.official)
        .order_by("created_at", "pk")
        .values_list("kind", "points")
    )
    assert kinds == [(EntryKind.GRANT, 3), (EntryKind.REDEMPTION, -3), (EntryKind.ADJUSTMENT, 2)]
