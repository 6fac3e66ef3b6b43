"""One small round through every stage, in Korean, in the browser: a department nominates, the secretariat
verifies, a reviewer scores, the shortlist is confirmed, a citizen votes, the tally is frozen, the committee scores,
the meeting is recorded, grades are proposed and confirmed by the chair, the winner chooses a benefit, HR applies
it, the winner downloads the certificate, and the public sees the results, the case and the certificate check.

The clock is the only thing arranged outside the browser: between stages the round's windows are moved so that
the next stage is open now (as the calendar would do). Every page visited is axe-checked and CSP-clean.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.nominations.enums import Benefit, Grade, IncentiveState, NominationState, ScoredStage, Voters
from proactive.nominations.models import Award, Certificate, Incentive, Nomination, SelectionRound
from tests.browser import tick
from tests.conftest import make_staff
from tests.e2e.test_roles_walk import sign_in_citizen, sign_in_official
from tests.factories.accounts import CitizenFactory, OrgUnitFactory, UserFactory
from tests.factories.nominations import CriterionFactory, GradeRuleFactory, SelectionRoundFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BOUNDARIES = [
    "nominations_open_at",
    "nominations_close_at",
    "verification_end_at",
    "working_review_end_at",
    "vote_start_at",
    "vote_end_at",
    "committee_at",
    "announce_at",
]
# How many of the boundaries above lie in the past while the stage is open.
PAST = {"nominations": 1, "verification": 2, "working_review": 3, "vote": 5, "committee": 6, "announcement": 8}


def move_clock_to(rnd: SelectionRound, stage: str) -> None:
    """Shift the round's windows so that ``stage`` is open now (hours in the past, days in the future)."""
    now = timezone.now().replace(microsecond=0)
    past = PAST[stage]
    for i, name in enumerate(BOUNDARIES):
        when = now - datetime.timedelta(hours=past - i) if i < past else now + datetime.timedelta(days=i - past + 1)
        setattr(rnd, name, when)
    rnd.save(update_fields=BOUNDARIES)


def small_round() -> SelectionRound:
    rnd = SelectionRoundFactory(shortlist_size=2, picks_per_ballot=1, voters=Voters.BOTH)
    CriterionFactory(round=rnd, stage=ScoredStage.WORKING, name="국민체감도", max_points=Decimal("60"), order=1)
    CriterionFactory(round=rnd, stage=ScoredStage.WORKING, name="확산가능성", max_points=Decimal("40"), order=2)
    CriterionFactory(round=rnd, stage=ScoredStage.COMMITTEE, name="적극성·창의성", max_points=Decimal("50"), order=1)
    CriterionFactory(round=rnd, stage=ScoredStage.COMMITTEE, name="중요도·난이도", max_points=Decimal("50"), order=2)
    GradeRuleFactory(
        round=rnd,
        grade=Grade.TOP,
        quota=1,
        prize_money=1_000_000,
        benefits=[Benefit.SPECIAL_STEP.value, Benefit.TOP_BONUS.value],
    )
    GradeRuleFactory(round=rnd, grade=Grade.EXCELLENT, quota=1, prize_money=500_000, benefits=[Benefit.REWARD_LEAVE])
    return rnd


def click(page, name: str) -> None:
    page.page.get_by_role("button", name=name).first.click()
    page.page.wait_for_load_state("load")


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, (path, response.status)
    page.assert_clean()


def nominate(page, rnd: SelectionRound, *, title: str, teammate) -> Nomination:
    visit(page, f"/selection/{rnd.pk}/nominate/")
    page.page.locator("select[name=case_type]").select_option("best_practice")
    page.page.locator("input[name=title]").fill(title)
    page.page.locator("textarea[name=summary]").fill("항만 물류 인허가 절차를 한 번에 처리하도록 바꾸었습니다.")
    click(page, "저장")
    assert "/edit/" in page.page.url, page.page.url
    page.assert_clean()
    page.page.locator("textarea[name=details-problem]").fill("인허가 서류를 세 기관에 따로 내야 했습니다.")
    page.page.locator("textarea[name=details-action]").fill("관계 기관과 협의해 통합 창구를 만들었습니다.")
    page.page.locator("textarea[name=details-outcome]").fill("처리 기간이 30일에서 7일로 줄었습니다.")
    page.page.locator("form:has(input[name=section][value=details]) button[type=submit]").click()
    page.page.wait_for_load_state("load")
    page.page.locator("input[name=members-0-employee_no]").fill(teammate.official.employee_no)
    page.page.locator("input[name=members-0-role]").fill("총괄")
    page.page.locator("input[name=members-0-contribution]").fill("100")
    page.page.locator("form:has(input[name=section][value=team]) button[type=submit]").click()
    page.page.wait_for_load_state("load")
    nomination = Nomination.objects.get(round=rnd, title=title)
    visit(page, f"/selection/nominations/{nomination.pk}/")
    click(page, "제출")
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED, nomination.state
    return nomination


def test_a_small_round_goes_through_every_stage_in_korean(make_page):
    unit = OrgUnitFactory(name="해양물류과")
    other_unit = OrgUnitFactory(name="감사위원회")
    rnd = small_round()
    nominator = UserFactory(official__unit=unit)
    winner = UserFactory(official__unit=unit, name="김해운")
    runner_up = UserFactory(official__unit=unit, name="박물류")
    secretariat = make_staff(Role.SECRETARIAT)
    reviewer = make_staff(Role.REVIEWER, official__unit=other_unit)
    member = make_staff(Role.COMMITTEE_MEMBER)
    chair = make_staff(Role.COMMITTEE_CHAIR)
    citizen = CitizenFactory(email="voter@example.com")
    hr = make_staff(Role.HR_OFFICER)

    # 1. The department nominates two cases in the browser.
    dept = make_page()
    sign_in_official(dept, nominator, staff=False)
    first = nominate(dept, rnd, title="항만 인허가 원스톱 처리", teammate=winner)
    second = nominate(dept, rnd, title="물류창고 규제 개선", teammate=runner_up)

    # 2. Verification: the secretariat verifies both.
    move_clock_to(rnd, "verification")
    sec = make_page()
    sign_in_official(sec, secretariat, staff=True)
    for nomination in (first, second):
        visit(sec, f"/selection/nominations/{nomination.pk}/verify/")
        tick(sec.page.locator("input[name=decision][value=verified]"))
        click(sec, "결정 기록")
    assert set(Nomination.objects.filter(round=rnd).values_list("state", flat=True)) == {NominationState.VERIFIED}

    # 3. Working-level review: balanced assignment, the reviewer scores, the shortlist is confirmed.
    move_clock_to(rnd, "working_review")
    visit(sec, f"/selection/rounds/{rnd.pk}/reviews/")
    sec.page.locator("input[name=per_nomination]").fill("1")
    click(sec, "자동 균등 배정")
    rev = make_page()
    sign_in_official(rev, reviewer, staff=True)
    for nomination, points in ((first, ("55", "35")), (second, ("40", "30"))):
        visit(rev, "/selection/reviews/")
        rev.page.get_by_role("link", name=nomination.title).click()
        rev.page.wait_for_load_state("load")
        rev.assert_clean()
        inputs = rev.page.locator("input[name^=points_]")
        inputs.nth(0).fill(points[0])
        inputs.nth(1).fill(points[1])
        click(rev, "점수 제출")
    visit(sec, f"/selection/rounds/{rnd.pk}/reviews/ranking/")
    click(sec, "심사 대상 확정")
    assert Nomination.objects.filter(round=rnd, shortlisted=True).count() == 2

    # 4. The online vote: a verified citizen picks one case.
    move_clock_to(rnd, "vote")
    voter = make_page()
    sign_in_citizen(voter, citizen.email)
    visit(voter, f"/selection/{rnd.pk}/vote/")
    tick(voter.page.locator(f"input[name=picks][value='{first.pk}']"))
    click(voter, "투표하기")
    assert rnd.ballots.count() == 1

    # 5. The vote closes; the secretariat freezes the tally and assigns the committee.
    move_clock_to(rnd, "committee")
    visit(sec, f"/selection/{rnd.pk}/vote/results/")
    click(sec, "집계 확정")
    visit(sec, f"/selection/rounds/{rnd.pk}/committee/ranking/")
    click(sec, "본선 사례에 위원 배정")

    # 6. Committee members score; the meeting is recorded; grades are proposed.
    for user, staff_page in ((member, make_page()), (chair, make_page())):
        sign_in_official(staff_page, user, staff=True)
        for nomination, points in ((first, ("45", "45")), (second, ("35", "30"))):
            visit(staff_page, "/selection/committee/")
            staff_page.page.get_by_role("link", name=nomination.title).click()
            staff_page.page.wait_for_load_state("load")
            inputs = staff_page.page.locator("input[name^=points_]")
            inputs.nth(0).fill(points[0])
            inputs.nth(1).fill(points[1])
            click(staff_page, "점수 제출")
        if user == chair:
            chair_page = staff_page
    visit(sec, f"/selection/rounds/{rnd.pk}/committee/meeting/")
    sec.page.locator("input[name=held_at]").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    sec.page.locator("input[name=place]").fill("시청 12층 소회의실")
    for box in sec.page.locator("input[name=attendees]").all():
        tick(box)
    sec.page.locator("textarea[name=minutes]").fill("후보 2건을 심사하였다.")
    click(sec, "회의 기록 저장")
    visit(sec, f"/selection/rounds/{rnd.pk}/committee/ranking/")
    click(sec, "등급 제안")

    # 7. The chair confirms the grades.
    visit(chair_page, f"/selection/rounds/{rnd.pk}/committee/confirm/")
    chair_page.page.locator("textarea[name=decision]").fill("최우수 1건, 우수 1건으로 의결함.")
    click(chair_page, "등급 확정")
    grades = dict(Award.objects.filter(nomination__round=rnd).values_list("nomination_id", "grade"))
    assert grades == {first.pk: Grade.TOP, second.pk: Grade.EXCELLENT}
    assert all(Award.objects.filter(nomination__round=rnd).values_list("confirmed_at", flat=True))
    announce_and_follow_up(make_page, rnd, first=first, winner=winner, hr=hr)


def announce_and_follow_up(make_page, rnd, *, first, winner, hr):
    """The winner chooses a benefit, HR takes it to applied, the winner downloads the certificate, and the public
    sees the announcement, the gallery, the case and the certificate check."""
    win = make_page()
    sign_in_official(win, winner, staff=False)
    visit(win, "/selection/my-awards/")
    tick(win.page.locator("input[name$=benefit][value=special_step]"))
    click(win, "선택 보내기")
    incentive = Incentive.objects.get(member__official=winner.official)
    assert (incentive.state, incentive.benefit, incentive.prize_amount) == (
        IncentiveState.CHOSEN,
        Benefit.SPECIAL_STEP,
        1_000_000,
    )

    hr_page = make_page()
    sign_in_official(hr_page, hr, staff=True)
    visit(hr_page, f"/selection/rounds/{rnd.pk}/incentives/")
    row = hr_page.page.locator("tr", has_text=winner.official.name)
    tick(row.locator("input[name$=eligible][value=yes]"))
    row.get_by_role("button", name="요건 확인 기록").click()
    row.locator("input[name$=reference]").fill("인사과-2026-0412")
    row.get_by_role("button", name="결정 기록").click()
    row.locator("input[name$=applied_on]").fill(timezone.localdate().isoformat())
    row.get_by_role("button", name="반영 기록").click()
    row.get_by_text(timezone.localdate().strftime("%Y-%m-%d")).first.wait_for()
    hr_page.assert_clean()
    incentive.refresh_from_db()
    assert (incentive.state, incentive.decision_reference) == (IncentiveState.APPLIED, "인사과-2026-0412")

    certificate = Certificate.objects.get(member__official=winner.official)
    visit(win, "/selection/certificates/mine/")
    pdf = win.page.request.get(f"{win.base_url}/selection/certificates/{certificate.serial}/pdf/")
    assert pdf.ok, pdf.status
    assert pdf.body().startswith(b"%PDF")

    public = make_page()
    visit(public, f"/selection/{rnd.year}/{rnd.half}/results/")
    assert first.title in public.page.content()
    visit(public, "/selection/cases/")
    public.page.get_by_role("link", name=first.title).first.click()
    public.page.wait_for_load_state("load")
    public.assert_clean()
    assert "처리 기간이 30일에서 7일로" in public.page.content()
    visit(public, f"/selection/certificates/verify/?serial={certificate.serial}")
    assert certificate.case_title in public.page.content()
