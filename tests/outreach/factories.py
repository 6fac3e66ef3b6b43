"""Arrangements for the outreach tests: the people, a small org chart with a district and a corporation, and
records made through the real services."""

import datetime
from dataclasses import dataclass
from typing import Any

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.outreach.enums import ActivityKind, MeetingKind, TrainingKind
from proactive.outreach.services import activities, liaison, training
from tests.conftest import make_staff
from tests.factories.accounts import OfficialFactory, OrgUnitFactory, UserFactory


@dataclass
class People:
    city: Any
    bureau: Any
    dept: Any
    team: Any
    other_dept: Any
    district: Any
    corporation: Any
    secretariat: Any
    accountable: Any
    official: Any  # a user linked to an official in ``team``
    sysadmin: Any
    hr: Any
    colleagues: list  # officials of ``team`` without accounts


def arrange() -> People:
    city = OrgUnitFactory(name="부산광역시", kind=OrgUnitKind.CITY)
    bureau = OrgUnitFactory(name="기획조정실", kind=OrgUnitKind.OFFICE, parent=city)
    dept = OrgUnitFactory(name="혁신담당관", kind=OrgUnitKind.DEPARTMENT, parent=bureau)
    team = OrgUnitFactory(name="적극행정팀", kind=OrgUnitKind.TEAM, parent=dept)
    other_dept = OrgUnitFactory(name="교통정책과", kind=OrgUnitKind.DEPARTMENT, parent=bureau)
    district = OrgUnitFactory(name="해운대구", kind=OrgUnitKind.DISTRICT, parent=city)
    corporation = OrgUnitFactory(name="부산도시공사", kind=OrgUnitKind.CORPORATION, parent=city)
    return People(
        city=city,
        bureau=bureau,
        dept=dept,
        team=team,
        other_dept=other_dept,
        district=district,
        corporation=corporation,
        secretariat=make_staff(Role.SECRETARIAT),
        accountable=make_staff(Role.ACCOUNTABLE_OFFICER),
        official=UserFactory(name="김교육", official=OfficialFactory(name="김교육", unit=team)),
        sysadmin=make_staff(Role.SYSADMIN),
        hr=make_staff(Role.HR_OFFICER),
        colleagues=[OfficialFactory(name=f"이동료{i}", unit=team) for i in range(3)],
    )


def activity(people: People, **overrides) -> Any:
    data = {
        "kind": ActivityKind.CAMPAIGN,
        "title": "시청 로비 적극행정 캠페인",
        "starts_on": datetime.date(2026, 3, 16),
        "place": "부산시청 1층 로비",
        "participants": 120,
        "views": None,
        "links": "",
    }
    data.update(overrides)
    return activities.create_activity(actor=people.secretariat, data=data)


def session(people: People, **overrides) -> Any:
    data = {
        "kind": TrainingKind.WORKPLACE,
        "title": "적극행정 직장교육",
        "held_on": datetime.date(2026, 4, 8),
        "hours": 2,
        "lecturer": "박강사",
        "place": "대회의실",
        "online": False,
        "audience": "전 직원",
    }
    data.update(overrides)
    return training.create_session(actor=people.secretariat, data=data)


def meeting(people: People, **overrides) -> Any:
    data = {
        "kind": MeetingKind.LIAISON,
        "title": "구·군 적극행정 책임관 연계 회의",
        "held_on": datetime.date(2026, 5, 12),
        "place": "시청 12층 소회의실",
        "attendees": "해운대구 기획예산과장",
        "agenda": "하반기 우수사례 발굴 협조",
        "minutes": "구·군별 사례 2건 이상 추천",
    }
    data.update(overrides)
    return liaison.create_meeting(actor=people.secretariat, data=data, bodies=[people.district, people.corporation])
