"""Shared arrangements for the action-plan tests: an org chart (a city, two departments with a team each), the people
(secretariat, the owner department's head, a designated official, another official), and plans written through the
real services."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.actionplan.enums import PlanState
from proactive.actionplan.services import plans, structure
from tests.conftest import make_staff
from tests.factories.accounts import OfficialFactory, OrgUnitFactory, UserFactory


@dataclass
class People:
    city: Any
    dept: Any  # 혁신정책과: owns the tasks
    team: Any  # 적극행정팀, below it
    other_dept: Any  # 인사과
    secretariat: Any
    head: Any  # head of 혁신정책과
    other_head: Any  # head of 인사과
    staff: Any  # an official of 적극행정팀 (can be designated)
    outsider: Any  # an official of 인사과
    bureau_chief: Any


def arrange() -> People:
    city = OrgUnitFactory(name="부산광역시", name_en="Busan", kind=OrgUnitKind.CITY, parent=None)
    dept = OrgUnitFactory(name="혁신정책과", name_en="Innovation Policy Division", parent=city)
    team = OrgUnitFactory(
        name="적극행정팀", name_en="Proactive Administration Team", kind=OrgUnitKind.TEAM, parent=dept
    )
    other = OrgUnitFactory(name="인사과", name_en="Personnel Division", parent=city)
    return People(
        city=city,
        dept=dept,
        team=team,
        other_dept=other,
        secretariat=make_staff(Role.SECRETARIAT, name="이사무"),
        head=make_staff(
            Role.DEPARTMENT_HEAD, unit=dept, name="박과장", official=OfficialFactory(name="박과장", unit=dept)
        ),
        other_head=make_staff(Role.DEPARTMENT_HEAD, unit=other, official=OfficialFactory(unit=other)),
        staff=UserFactory(name="김주무", official=OfficialFactory(name="김주무", unit=team)),
        outsider=UserFactory(official=OfficialFactory(unit=other)),
        bureau_chief=make_staff(Role.BUREAU_CHIEF, unit=city),
    )


def task_data(people: People, **overrides) -> dict:
    values = {
        "title": "적극행정위원회 운영 활성화",
        "owner_unit": people.dept.pk,
        "kpi": "적극행정위원회 개최 횟수",
        "unit": "회",
        "baseline": Decimal(4),
        "target": Decimal(8),
        "weight": None,
    }
    values.update(overrides)
    return values


def draft_plan(people: People, *, year: int = 2026, directions: int = 2, tasks: int = 2):
    plan = plans.create_plan(actor=people.secretariat, year=year)
    for d in range(directions):
        direction = structure.add_direction(
            actor=people.secretariat, plan=plan, data={"title": f"추진전략 {d + 1}", "description": "설명"}
        )
        for t in range(tasks):
            structure.add_task(
                actor=people.secretariat,
                direction=direction,
                data=task_data(
                    people,
                    title=f"과제 {d + 1}-{t + 1}",
                    owner_unit=(people.dept if t % 2 == 0 else people.other_dept).pk,
                ),
            )
    plan.refresh_from_db()
    return plan


def adopted_plan(people: People, *, on: datetime.date | None = None, **kwargs):
    plan = draft_plan(people, **kwargs)
    plan = plans.transition_plan(
        plan, to=PlanState.COMMITTEE_DELIBERATED, actor=people.secretariat, reference="제2차 위원회"
    )
    plan = plans.transition_plan(plan, to=PlanState.ADOPTED, actor=people.secretariat, on=on)
    return plans.transition_plan(plan, to=PlanState.IN_PROGRESS, actor=people.secretariat)


def first_task(plan):
    return plan.tasks.select_related("plan", "owner_unit", "direction").order_by("direction__number", "number").first()
