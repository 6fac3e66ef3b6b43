"""Demo content for the selection of outstanding proactive officials: one round taking nominations now, with a
submitted department nomination, a draft and a citizen nomination. Written through the domain services, so
every row is validated and audited like real use. Idempotent: nothing is written if the round exists."""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils import timezone

from proactive.accounts.models import User
from proactive.nominations.enums import CaseType, Half, TieBreak, Voters
from proactive.nominations.models import SelectionRound
from proactive.nominations.services import nominations as nomination_services
from proactive.nominations.services import rounds as round_services

DEMO_YEAR, DEMO_HALF = 2026, Half.FIRST


def _round_data(now: datetime.datetime) -> dict:
    """Results of the first half of 2026; nominations opened (09:00 Seoul) three days before the demo was loaded."""
    open_at = (now - datetime.timedelta(days=3)).replace(hour=0, minute=0, second=0, microsecond=0)
    close_at = open_at + datetime.timedelta(days=17, hours=9)  # 18:00 in Seoul
    return {
        "year": DEMO_YEAR,
        "half": DEMO_HALF,
        "summary": "2026년 상반기(1월~6월) 실적을 대상으로 적극행정 우수사례와 도전사례를 부서와 시민으로부터 추천받습니다.",
        "results_from": datetime.date(2026, 1, 1),
        "results_to": datetime.date(2026, 6, 30),
        "nominations_open_at": open_at,
        "nominations_close_at": close_at,
        "verification_end_at": close_at + datetime.timedelta(days=10),
        "working_review_end_at": close_at + datetime.timedelta(days=24),
        "vote_start_at": close_at + datetime.timedelta(days=28),
        "vote_end_at": close_at + datetime.timedelta(days=35),
        "committee_at": close_at + datetime.timedelta(days=42),
        "announce_at": close_at + datetime.timedelta(days=48),
        "weight_working": Decimal("10"),
        "weight_vote": Decimal("10"),
        "weight_committee": Decimal("80"),
        "shortlist_size": 20,
        "picks_per_ballot": 10,
        "voters": Voters.BOTH.value,
        "tie_breaks": [TieBreak.COMMITTEE.value, TieBreak.WORKING.value, TieBreak.VOTE.value, TieBreak.EARLIER.value],
    }


def write_selection_demo() -> int:
    """Create the demo round and its nominations if missing; return the number of nominations written."""
    if SelectionRound.objects.filter(year=DEMO_YEAR, half=DEMO_HALF).exists():
        return 0
    secretariat = User.objects.get(username="secretariat")
    depthead = User.objects.get(username="depthead")
    official = User.objects.get(username="official")
    citizen = User.objects.get(username="citizen")
    now = timezone.now()
    rnd = round_services.create_round(
        actor=secretariat,
        data=_round_data(now),
        criteria=round_services.default_criteria(),
        grade_rules=round_services.default_grade_rules(),
    )
    round_services.publish_round(actor=secretariat, round=rnd)
    rnd.refresh_from_db()

    submitted = nomination_services.create_draft(
        actor=depthead,
        selection_round=rnd,
        data={
            "case_type": CaseType.BEST_PRACTICE,
            "title": "시내버스 환승 대기시간을 줄인 실시간 배차 조정",
            "summary": "출퇴근 시간 환승 정류장의 대기시간을 실시간 배차 조정으로 평균 4분 줄였습니다.",
            "problem": "환승 정류장에서 배차 간격이 맞지 않아 시민들이 오래 기다렸습니다.",
            "action": "버스정보시스템 자료로 혼잡 노선을 찾아 운수사와 협의해 배차를 실시간으로 조정했습니다.",
            "outcome": "환승 대기시간이 평균 11분에서 7분으로 줄었고 민원이 절반으로 줄었습니다.",
            "quantified_results": "평균 대기시간 36% 감소, 관련 민원 52% 감소",
            "period_from": datetime.date(2026, 2, 1),
            "period_to": datetime.date(2026, 6, 15),
            "regulation_improved": False,
        },
    )
    has_partner = official.official is not None and official.official != depthead.official
    team: list[Mapping[str, Any]] = [
        {"official": depthead.official, "role": "총괄", "contribution": 40 if has_partner else 100}
    ]
    if has_partner:
        team.append({"official": official.official, "role": "실무 추진", "contribution": 60})
    nomination_services.set_members(actor=depthead, nomination=submitted, members=team)
    nomination_services.submit_nomination(actor=depthead, nomination=submitted)

    nomination_services.create_draft(
        actor=official,
        selection_round=rnd,
        data={
            "case_type": CaseType.CHALLENGE,
            "title": "교통약자 수요응답형 버스 시범 운행",
            "summary": "교통이 불편한 지역에 호출형 버스를 시범 운행했습니다. (작성 중)",
        },
    )

    citizen_nomination = nomination_services.create_draft(
        actor=citizen,
        selection_round=rnd,
        data={
            "case_type": CaseType.BEST_PRACTICE,
            "title": "장애인 주차구역 불법주차 신고를 하루 만에 해결해 준 공무원",
            "summary": "민원을 넣자마자 현장에 나와 문제를 해결하고 재발 방지 안내판까지 설치해 주셨습니다.",
            "problem": "아파트 앞 장애인 주차구역에 상습 불법주차가 있었습니다.",
            "action": "담당 공무원이 다음 날 현장을 확인하고 단속과 안내판 설치를 했습니다.",
            "outcome": "그 뒤로 불법주차가 사라졌습니다.",
            "nominee_name_given": official.official.name if official.official else "",
            "nominee_unit_given": official.official.unit.name if official.official else "",
        },
    )
    nomination_services.submit_nomination(actor=citizen, nomination=citizen_nomination)
    return 3
