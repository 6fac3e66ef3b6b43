"""A committee meeting from planning to its records, in Korean, in the browser.

The secretariat tables a selection round's final evaluation from the queue, plans a meeting in person, places the
item on it, calls the members the draw suggests, opens the meeting with the members present and puts a proposal.
A member votes on "my meetings", another steps aside (회피); the secretariat records the rest by a show of hands and
closes the vote: the item is decided and numbered. The secretariat writes the minutes, the chair approves them, the
meeting closes. The roster and the English page are checked on the way.

Only the roster (accounts, terms) and the round are arranged outside the browser.
"""

import pytest
from django.utils import timezone

from proactive.committee.enums import AgendaState, MeetingState, RecusalKind
from proactive.committee.models import AgendaItem, Meeting, Recusal
from proactive.nominations.enums import RoundStatus
from tests.browser import disclose, follow, press, says, tick, visit
from tests.committee.conftest import arrange_roster
from tests.e2e.test_roles_walk import sign_in_official, switch_language
from tests.factories.nominations import SelectionRoundFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def new_page(make_page):
    page = make_page()
    page.page.set_default_timeout(30_000)
    return page


def test_a_meeting_decides_an_item_and_becomes_a_record_in_korean(make_page, monkeypatch):
    monkeypatch.setattr("proactive.committee.services.documents.render_resolution", lambda pk: None)
    monkeypatch.setattr("proactive.committee.services.documents.render_minutes", lambda pk: None)
    committee = arrange_roster()  # chair, vice-chair, two standing private members, two pool experts
    selection_round = SelectionRoundFactory(year=2025, half=1, status=RoundStatus.PUBLISHED)

    # 1. The secretariat tables the round's final evaluation and plans a meeting.
    staff = new_page(make_page)
    sign_in_official(staff, committee.secretariat, staff=True)
    visit(staff, "/committee/")
    says(staff, "적극행정위원회", "상정 대기 안건")
    visit(staff, "/committee/queue/")
    staff.page.locator("#id_round").select_option(str(selection_round.pk))
    press(staff, "최종 평가 상정")
    says(staff, "2025년 상반기 적극행정 우수공무원 선발 최종 평가")
    item = AgendaItem.objects.get()

    visit(staff, "/committee/meetings/new/")
    tick(staff.page.locator("input[name=kind][value=in_person]"))
    at = timezone.localtime() + timezone.timedelta(hours=1)
    staff.page.locator("input[name=scheduled_at]").fill(at.strftime("%Y-%m-%dT%H:%M"))
    staff.page.locator("input[name=place]").fill("부산시청 7층 영상회의실")
    press(staff, "회의 계획 저장")
    meeting = Meeting.objects.get()
    says(staff, f"{meeting.number} 회의를 계획했습니다.")

    visit(staff, "/committee/queue/")
    staff.page.locator(f"#meeting-{item.pk}").select_option(str(meeting.pk))
    press(staff, "배정")
    says(staff, "회의에 배정했습니다")

    # 2. The draw: every standing member is ticked; call them.
    visit(staff, f"/committee/meetings/{meeting.pk}/invite/")
    says(staff, committee.chair.user.display_name, "상임 소집 위원")
    press(staff, "선택한 위원 소집")
    says(staff, "위원 4명을 소집하고 알림을 보냈습니다.")

    # 3. Open the meeting with everyone present and put the proposal.
    press(staff, "회의 개회")
    says(staff, "정족수를 충족하여 회의를 개회했습니다.")
    form = staff.page.locator(f"#item-{item.pk}")
    # The proposal's form is open while the item has none.
    form.locator(f"#id_p{item.pk}-outcome").select_option("grades_confirmed")
    form.locator(f"#id_p{item.pk}-resolution").fill("선발 등급을 원안대로 확정한다.")
    press(staff, "의결안 제안", scope=form)
    says(staff, "의결안을 위원들에게 제안했습니다.")

    # 4. A member votes on their own page; another steps aside.
    voter, aside = committee.members[:2]
    member_page = new_page(make_page)
    sign_in_official(member_page, voter.user, staff=True)
    visit(member_page, "/committee/my/")
    says(member_page, "표결을 기다리는 안건이 1건 있습니다.")
    follow(member_page, f"{meeting.number} {meeting.title}")
    card = member_page.page.locator(f"#item-{item.pk}")
    tick(card.locator(f"input[name=v{item.pk}-choice][value=for]"))
    card.get_by_role("button", name="표결", exact=True).press("Enter")  # htmx swaps the item's card in place
    member_page.page.get_by_role("button", name="표결 변경").wait_for()
    says(member_page, "나의 표결: 찬성")
    member_page.assert_clean()

    other = new_page(make_page)
    sign_in_official(other, aside.user, staff=True)
    visit(other, f"/committee/my/{meeting.pk}/")
    card = other.page.locator(f"#item-{item.pk}")
    disclose(card.locator("summary"))
    card.locator("textarea").fill("배우자가 후보 사례의 부서에 근무합니다.")
    press(other, "회피", scope=card)
    says(other, "이 안건을 회피했습니다.")
    assert Recusal.objects.get().kind == RecusalKind.AVOIDANCE

    # 5. The secretariat records the chair's and the vice-chair's show of hands and closes the vote.
    visit(staff, f"/committee/meetings/{meeting.pk}/")
    form = staff.page.locator(f"#item-{item.pk}")
    disclose(form.locator("summary", has_text="거수 표결 기록"))
    for member in (committee.chair, committee.vice_chair):
        tick(form.locator(f"#v{item.pk}-{member.pk}-for"))
    press(staff, "표결 기록", scope=form)
    says(staff, "표결 2건을 기록했습니다.", "현재 가결 요건 충족")
    form = staff.page.locator(f"#item-{item.pk}")
    disclose(form.locator("summary", has_text="표결 종료 및 의결"))
    press(staff, "표결 종료", scope=form)
    item.refresh_from_db()
    assert item.state == AgendaState.DECIDED
    assert (item.votes_for, item.present) == (3, 3)
    says(staff, f"의결했습니다: {item.decision_number}.", "의결서(PDF)")

    # 6. Minutes, the chair's approval, closing.
    staff.page.locator("#id_minutes").fill("간사가 선발 경과를 설명하고, 위원 1명이 회피한 가운데 원안대로 가결함.")
    press(staff, "회의록 저장")
    says(staff, "회의록을 저장했습니다.")

    chair = new_page(make_page)
    sign_in_official(chair, committee.chair.user, staff=True)
    visit(chair, f"/committee/meetings/{meeting.pk}/")
    press(chair, "회의록 승인")
    says(chair, "회의록을 승인했습니다.")

    visit(staff, f"/committee/meetings/{meeting.pk}/")
    press(staff, "회의 종료")
    says(staff, "회의를 종료했습니다.")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CLOSED

    # 7. The roster, and the meeting in English.
    visit(staff, "/committee/members/")
    says(staff, "위원 명단", committee.chair.user.display_name, "위원장")
    switch_language(staff, "en")
    visit(staff, f"/committee/meetings/{meeting.pk}/")
    says(staff, "Agenda", "Members called", "Minutes (PDF)", "Grades confirmed")
