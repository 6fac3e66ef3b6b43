"""Demo content for outreach (DOMAIN.md §4.10), written through ``outreach.services`` by the demo's ``secretariat``
account, so every row is checked and audited as in real use. Idempotent: nothing is written if any campaign,
training session or liaison meeting exists.

What a visitor finds:

* **campaigns and promotion** in 2025 and 2026: the lobby campaign with staff and citizens at City Hall, two
  promotional videos a year (the plan's target, met in both years), SNS card news, the commemorative items
  and the 적극행정 실천주간 booth; some feature the selected cases on record;
* **training**: workplace education for whole departments (혁신정책과, 교통정책과), the advanced course, a lecture by
  an invited speaker broadcast online, with attendance from the demo officials (``official`` among them, who sees
  the history under "My training");
* **liaison meetings** with the 구·군 (해운대구, 부산진구, 기장군 …), 부산교통공사 and 부산도시공사, and a joint
  workshop, with action items done, in progress and open, one of them overdue.
"""

import datetime
from typing import Any

from django.utils import timezone

from proactive.accounts.enums import OfficialStatus
from proactive.accounts.models import Official, OrgUnit, User
from proactive.outreach.enums import ActionState, ActivityKind, MeetingKind, TrainingKind
from proactive.outreach.models import Activity, LiaisonMeeting, TrainingSession
from proactive.outreach.queries.activities import selectable_cases
from proactive.outreach.services import activities, liaison, training

D = datetime.date

ACTIVITIES: list[dict[str, Any]] = [
    {
        "kind": ActivityKind.CAMPAIGN,
        "title": "출근길 적극행정 로비 캠페인",
        "starts_on": D(2025, 4, 14),
        "place": "부산시청 1층 로비",
        "participants": 320,
        "description": "시장과 간부, 직원, 시민이 함께 오전 8시부터 9시까지 적극행정 실천 다짐 피켓을 들고 출근길 직원을 맞았습니다.",
        "cases": 1,
    },
    {
        "kind": ActivityKind.VIDEO,
        "title": "2025 상반기 적극행정 홍보 영상 「일하는 방식을 바꾸다」",
        "starts_on": D(2025, 6, 20),
        "place": "부산시 유튜브 채널",
        "views": 18_400,
        "links": "https://www.youtube.com/@busanincity",
        "cases": 2,
    },
    {
        "kind": ActivityKind.SNS,
        "title": "우수사례 카드뉴스 「지하차도 선제 통제」",
        "starts_on": D(2025, 8, 5),
        "place": "부산시 인스타그램·페이스북",
        "views": 9_300,
        "links": "https://www.instagram.com/busan_cityhall/",
        "cases": 1,
    },
    {
        "kind": ActivityKind.VIDEO,
        "title": "2025 하반기 적극행정 홍보 영상 「시민 곁의 공무원」",
        "starts_on": D(2025, 11, 27),
        "place": "부산시 유튜브 채널, 도시철도 역사 모니터",
        "views": 22_150,
        "links": "https://www.youtube.com/@busanincity",
    },
    {
        "kind": ActivityKind.GOODS,
        "title": "적극행정 기념품(텀블러·에코백) 배부",
        "starts_on": D(2025, 12, 8),
        "ends_on": D(2025, 12, 12),
        "place": "시청 및 16개 구·군",
        "participants": 1_200,
    },
    {
        "kind": ActivityKind.CAMPAIGN,
        "title": "적극행정 실천주간 홍보부스 운영",
        "starts_on": D(2026, 3, 23),
        "ends_on": D(2026, 3, 27),
        "place": "부산시민공원 남문 광장",
        "participants": 540,
    },
    {
        "kind": ActivityKind.VIDEO,
        "title": "2026 상반기 적극행정 홍보 영상 「규제, 한 번 더 묻다」",
        "starts_on": D(2026, 6, 18),
        "place": "부산시 유튜브 채널",
        "views": 15_870,
        "links": "https://www.youtube.com/@busanincity",
        "cases": 2,
    },
    {
        "kind": ActivityKind.SNS,
        "title": "적극행정 우수공무원 인터뷰 릴스",
        "starts_on": D(2026, 7, 10),
        "place": "부산시 인스타그램",
        "views": 12_040,
        "links": "https://www.instagram.com/busan_cityhall/",
    },
    {
        "kind": ActivityKind.VIDEO,
        "title": "2026 하반기 적극행정 홍보 영상 「현장에서 답을 찾다」",
        "starts_on": D(2026, 11, 20),
        "place": "부산시 유튜브 채널, KNN 공익광고",
        "views": 8_900,
        "links": "https://www.youtube.com/@busanincity",
    },
]

SESSIONS: list[dict[str, Any]] = [
    {
        "kind": TrainingKind.WORKPLACE,
        "title": "2025 적극행정 직장교육 (혁신정책과)",
        "held_on": D(2025, 3, 12),
        "hours": 2,
        "lecturer": "혁신정책과 적극행정팀장",
        "place": "시청 12층 대회의실",
        "audience": "혁신정책과 전 직원",
        "departments": ["혁신정책과"],
    },
    {
        "kind": TrainingKind.LECTURE,
        "title": "명사 특강 「공직자의 용기, 적극행정」",
        "held_on": D(2025, 9, 3),
        "hours": 1.5,
        "lecturer": "김○○ 교수(행정학)",
        "place": "시청 대강당",
        "online": True,
        "audience": "전 직원(사내방송 중계)",
        "departments": ["교통정책과"],
        "official": True,
    },
    {
        "kind": TrainingKind.ADVANCED,
        "title": "적극행정 심화과정: 사전컨설팅과 면책 제도",
        "held_on": D(2026, 4, 22),
        "hours": 7,
        "lecturer": "감사위원회 사전컨설팅 담당, 면책보호관",
        "place": "부산시 인재개발원",
        "audience": "적극행정 업무 담당자",
        "official": True,
        "teams": ["적극행정팀"],
    },
    {
        "kind": TrainingKind.WORKPLACE,
        "title": "2026 적극행정 직장교육 (교통정책과)",
        "held_on": D(2026, 5, 14),
        "hours": 2,
        "lecturer": "혁신정책과 적극행정팀장",
        "place": "교통혁신국 회의실",
        "audience": "교통정책과 전 직원",
        "departments": ["교통정책과"],
    },
]


def _unit(name: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(name=name).order_by("path").first()


def _write_activities(actor: User) -> int:
    cases = list(selectable_cases()[:6])
    for index, spec in enumerate(ACTIVITIES):
        data = dict(spec)
        wanted = data.pop("cases", 0)
        featured = cases[index % len(cases) :][:wanted] if cases and wanted else []
        activities.create_activity(actor=actor, data=data, cases=featured)
    return len(ACTIVITIES)


def _write_sessions(actor: User, official: Official | None) -> int:
    for spec in SESSIONS:
        data = dict(spec)
        departments = data.pop("departments", [])
        teams = data.pop("teams", [])
        with_official = data.pop("official", False)
        session = training.create_session(actor=actor, data=data)
        for name in [*departments, *teams]:
            unit = _unit(name)
            if unit is not None:
                training.add_department(actor=actor, session=session, unit=unit)
        if with_official and official is not None and official.status == OfficialStatus.ACTIVE:
            training.add_attendees(actor=actor, session=session, officials=[official])
    return len(SESSIONS)


def _bodies(*names: str) -> list[OrgUnit]:
    return [u for u in (_unit(n) for n in names) if u is not None and u.kind in liaison.BODY_KINDS]


def _write_meetings(actor: User, today: datetime.date) -> int:
    programme = _unit("혁신정책과")
    written = 0
    first = liaison.create_meeting(
        actor=actor,
        data={
            "kind": MeetingKind.LIAISON,
            "title": "2025 상반기 구·군 적극행정 책임관 연계 회의",
            "held_on": D(2025, 3, 26),
            "place": "시청 12층 소회의실",
            "attendees": "부산시 혁신정책과장\n해운대구 기획예산과장\n부산진구 기획감사실장\n기장군 기획감사실장",
            "agenda": "1. 2025년 적극행정 실행계획 공유\n2. 상반기 우수사례 발굴·추천 협조\n3. 구·군 사전컨설팅 이용 안내",
            "minutes": "구·군별 상반기 우수사례를 2건 이상 추천하기로 하고, 사전컨설팅 신청 창구를 각 구·군 기획감사실로 일원화하기로 함.",
        },
        bodies=_bodies("해운대구", "부산진구", "기장군"),
    )
    written += 1
    for title, owner, due, state in [
        ("구·군별 상반기 우수사례 2건 이상 추천", _unit("해운대구"), D(2025, 5, 30), ActionState.DONE),
        ("사전컨설팅 신청 창구 일원화 공문 시행", _unit("부산진구"), D(2025, 4, 30), ActionState.DONE),
        ("구·군 적극행정 교육 일정 공유", programme, D(2025, 6, 30), ActionState.DROPPED),
    ]:
        if owner is None:
            continue
        item = liaison.add_action_item(actor=actor, meeting=first, title=title, owner=owner, due_on=due)
        note = "하반기 합동 워크숍에서 함께 다루기로 함" if state == ActionState.DROPPED else "완료 보고 접수"
        liaison.transition_action_item(actor=actor, item=item, to=state, note=note)
    workshop = liaison.create_meeting(
        actor=actor,
        data={
            "kind": MeetingKind.WORKSHOP,
            "title": "공사·공단 적극행정 합동 워크숍",
            "held_on": D(2025, 10, 16),
            "place": "부산도시공사 대회의실",
            "attendees": "부산교통공사 경영지원처장\n부산도시공사 경영지원처장\n부산관광공사 경영지원실장\n부산시 혁신정책과 적극행정팀",
            "agenda": "1. 공사·공단 우수사례 발표\n2. 소극행정 신고 처리 절차 공유\n3. 행정안전부 종합평가 대비 협조 사항",
            "minutes": "부산도시공사의 공공임대 입주 절차 간소화 사례를 공유하고, 공사·공단 소극행정 신고의 처리 기한 준수를 점검하기로 함.",
        },
        bodies=_bodies("부산교통공사", "부산도시공사", "부산관광공사"),
    )
    written += 1
    item = liaison.add_action_item(
        actor=actor,
        meeting=workshop,
        title="공사·공단 우수사례 사례집 수록 자료 제출",
        owner=_unit("부산도시공사") or programme,
        due_on=D(2025, 11, 28),
    )
    liaison.transition_action_item(actor=actor, item=item, to=ActionState.DONE, note="자료 제출 완료")
    held = min(D(2026, 9, 24), today - datetime.timedelta(days=30))
    current = liaison.create_meeting(
        actor=actor,
        data={
            "kind": MeetingKind.LIAISON,
            "title": "2026 하반기 구·군·공사 적극행정 연계 회의",
            "held_on": held,
            "place": "시청 12층 소회의실",
            "attendees": "부산시 혁신정책과장\n해운대구·수영구·사하구 기획감사실장\n부산교통공사 경영지원처장",
            "agenda": "1. 하반기 우수공무원 선발 일정 안내\n2. 2026 종합평가 자료 취합\n3. 구·군 마일리지 운영 현황",
            "minutes": "종합평가 자료는 각 기관이 11월 말까지 제출하고, 마일리지 운영 현황은 다음 회의에서 점검하기로 함.",
        },
        bodies=_bodies("해운대구", "수영구", "사하구", "부산교통공사"),
    )
    written += 1
    for title, owner, days, state in [
        ("2026 종합평가 실적 자료 제출", _unit("해운대구"), -10, ActionState.IN_PROGRESS),  # overdue
        ("구·군 마일리지 운영 현황 보고", _unit("수영구"), 20, ActionState.OPEN),
        ("도시철도 역사 홍보 영상 송출 협조", _unit("부산교통공사"), 35, ActionState.OPEN),
    ]:
        if owner is None:
            continue
        due = max(held, today + datetime.timedelta(days=days))
        item = liaison.add_action_item(actor=actor, meeting=current, title=title, owner=owner, due_on=due)
        if state != ActionState.OPEN:
            liaison.transition_action_item(actor=actor, item=item, to=state, note="기관별 취합 중")
    return written


def write_outreach_demo(today: datetime.date | None = None) -> int:
    """Write the demo's campaigns, training and liaison meetings if there are none yet; return how many records
    (activities, sessions, meetings) were written."""
    if Activity.objects.exists() or TrainingSession.objects.exists() or LiaisonMeeting.objects.exists():
        return 0
    actor = User.objects.filter(username="secretariat", is_active=True).first()
    if actor is None:
        return 0
    today = today or timezone.localdate()
    official = getattr(User.objects.filter(username="official").first(), "official", None)
    return _write_activities(actor) + _write_sessions(actor, official) + _write_meetings(actor, today)
