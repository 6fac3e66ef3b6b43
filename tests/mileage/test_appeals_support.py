"""Fixtures and helpers shared by the appeals tests (no tests here)."""

import datetime

import pytest

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.accounts.models import OrgUnit
from proactive.accounts.services.org import rebuild_paths
from proactive.mileage.enums import AppealState, ClaimState, EntryKind
from proactive.mileage.models import ActivityRule, ActivityType, Appeal
from proactive.mileage.services.appeals import register_appeal_notification_kinds
from proactive.mileage.services.claims import submit_claim, transition_claim
from proactive.mileage.services.ledger import post_entry
from tests.conftest import make_staff
from tests.factories.accounts import UserFactory

DAY = datetime.date(2026, 5, 4)
C = ClaimState
A = AppealState


@pytest.fixture(autouse=True)
def _appeal_kinds():
    register_appeal_notification_kinds()


@pytest.fixture
def line(db):
    """A bureau and its department; the claimant, the department head, the bureau chief, the secretariat, two
    appeals-panel members and an activity rule of 1–3 points."""
    bureau = OrgUnit.objects.create(code="B1", name="해양농수산국", name_en="Marine Bureau", kind=OrgUnitKind.BUREAU)
    department = OrgUnit.objects.create(
        code="D1", name="해양정책과", name_en="Marine Policy Division", kind=OrgUnitKind.DEPARTMENT, parent=bureau
    )
    rebuild_paths(list(OrgUnit.objects.all()))
    department.refresh_from_db()
    activity = ActivityType.objects.create(code="regulation", name="규제 개선", name_en="Regulation improved")
    rule = ActivityRule.objects.create(activity=activity, version=1, points_min=1, points_max=3, valid_from=DAY)
    return {
        "bureau": bureau,
        "department": department,
        "rule": rule,
        "claimant": UserFactory(name="김주무", official__unit=department, official__grade=6, official__name="김주무"),
        "head": make_staff(Role.DEPARTMENT_HEAD, unit=department, name="이과장"),
        "chief": make_staff(Role.BUREAU_CHIEF, unit=bureau, name="박국장"),
        "secretariat": make_staff(Role.SECRETARIAT, name="최사무"),
        "panel1": make_staff(Role.APPEALS_PANEL, name="정위원"),
        "panel2": make_staff(Role.APPEALS_PANEL, name="강위원"),
    }


def make_claim(line, points=2, officials=None, title="항만 인허가 절차 간소화"):
    team = officials is not None
    officials = officials or [(line["claimant"].official, 100)]
    return submit_claim(
        actor=line["head"] if team else line["claimant"],  # a team claim is proposed by the department head
        rule=line["rule"],
        unit=line["department"],
        title=title,
        occurred_on=DAY,
        points=points,
        officials=officials,
    )


def approved_claim(line, **kwargs):
    claim = make_claim(line, **kwargs)
    for to, who in [(C.GRANTED, "head"), (C.CHECKED, "chief"), (C.APPROVED, "secretariat")]:
        claim = transition_claim(claim, to=to, actor=line[who])
    return claim


def rejected_claim(line, **kwargs):
    claim = transition_claim(make_claim(line, **kwargs), to=C.GRANTED, actor=line["head"])
    return transition_claim(claim, to=C.REJECTED, actor=line["chief"], reason="증빙이 부족합니다")


def deduction(line, points=-2, official=None):
    """A grant of 3 and then a deduction on the claimant's ledger (posted by the secretariat)."""
    official = official or line["claimant"].official
    post_entry(
        actor=line["secretariat"],
        official=official,
        kind=EntryKind.GRANT,
        points=3,
        year=DAY.year,
        rule=line["rule"],
        unit=line["department"],
    )
    return post_entry(
        actor=line["secretariat"],
        official=official,
        kind=EntryKind.DEDUCTION,
        points=points,
        year=DAY.year,
        unit=line["department"],
        memo="소극행정 확인",
    )


def at(appeal, state, **fields):
    Appeal.objects.filter(pk=appeal.pk).update(state=state, **fields)
    appeal.refresh_from_db()
    return appeal
