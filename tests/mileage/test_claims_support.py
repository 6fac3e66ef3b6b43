"""Shared helpers for the claims tests (no tests here): a bureau with a department, the people of its line, an
activity to claim, and claims moved to any state."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.accounts.models import OrgUnit, User
from proactive.mileage.enums import ClaimState
from proactive.mileage.models import ActivityRule, ActivityType, Claim
from proactive.mileage.services.claims import register_claim_notification_kinds, submit_claim, transition_claim
from tests.conftest import make_staff
from tests.factories.accounts import OrgUnitFactory, UserFactory
from tests.factories.documents import pdf_bytes, upload

C = ClaimState
WORK_DAY = timezone.localdate() - datetime.timedelta(days=3)


@pytest.fixture(autouse=True)
def _claim_kinds():
    register_claim_notification_kinds()


@dataclass
class Line:
    bureau: OrgUnit
    department: OrgUnit
    rule: ActivityRule
    claimant: User
    head: User
    chief: User
    secretariat: User

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)


def activity_rule(code: str = "regulation", *, points=(1, 3), evidence: str = "", **kwargs: Any) -> ActivityRule:
    activity = ActivityType.objects.create(code=code, name=f"규제 개선 {code}", name_en=f"Regulation {code}")
    return ActivityRule.objects.create(
        activity=activity,
        version=1,
        points_min=points[0],
        points_max=points[1],
        evidence_required=evidence,
        valid_from=WORK_DAY - datetime.timedelta(days=400),
        **kwargs,
    )


def make_line(code: str = "regulation") -> Line:
    bureau = OrgUnitFactory(kind=OrgUnitKind.BUREAU, name="해양농수산국", name_en="Maritime Bureau")
    department = OrgUnitFactory(
        kind=OrgUnitKind.DEPARTMENT, name="해양정책과", name_en="Maritime Policy Division", parent=bureau
    )
    return Line(
        bureau=bureau,
        department=department,
        rule=activity_rule(code),
        claimant=UserFactory(official__unit=department, official__grade=6, official__name="박주무"),
        head=make_staff(Role.DEPARTMENT_HEAD, unit=department),
        chief=make_staff(Role.BUREAU_CHIEF, unit=bureau),
        secretariat=make_staff(Role.SECRETARIAT),
    )


def evidence_file(name: str = "증빙.pdf"):
    return upload(name, pdf_bytes(), "application/pdf")


def claim_for(line: Line, *, points: int = 3, officials=None, actor=None, title: str = "항만 인허가 절차 간소화", **kw):
    return submit_claim(
        actor=actor or line.claimant,
        rule=kw.pop("rule", line.rule),
        unit=kw.pop("unit", line.department),
        title=title,
        occurred_on=kw.pop("occurred_on", WORK_DAY),
        points=points,
        officials=officials or [(line.claimant.official, 100)],
        **kw,
    )


STEPS = [(C.GRANTED, "head"), (C.CHECKED, "chief"), (C.APPROVED, "secretariat")]


def up_to(line: Line, claim: Claim, state: str) -> Claim:
    """Take ``claim`` up the line until it reaches ``state`` (rejected/withdrawn: straight from claimed)."""
    if state == C.REJECTED:
        return transition_claim(claim, to=C.REJECTED, actor=line.head, reason="증빙 부족")
    if state == C.WITHDRAWN:
        return transition_claim(claim, to=C.WITHDRAWN, actor=line.claimant)
    for to, who in STEPS:
        if claim.state == state:
            break
        claim = transition_claim(claim, to=to, actor=line[who])
    return claim
