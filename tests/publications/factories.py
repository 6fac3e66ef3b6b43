"""Arrangements for the publications tests: published selected cases (a closed round, confirmed graded awards,
a team with and without consent) and the people (two secretariat members, the programme lead, an official)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.nominations.enums import CaseType, Consent, Grade, NominationState, NominatorType, RoundStatus
from proactive.nominations.models import Award, Nomination, NominationMember
from proactive.programme.queries import current_settings
from tests.conftest import make_staff
from tests.factories.accounts import OfficialFactory, OrgUnitFactory, UserFactory
from tests.factories.nominations import SelectionRoundFactory

PROBLEM = (
    "항만 배후 도로의 상습 정체로 화물차 통행 시간이 길어졌습니다. 담당 김비공 주무관(010-1234-5678, "
    "kim@example.go.kr)이 부산광역시 연제구 중앙대로 1001 현장을 살폈습니다."
)
ACTION = "관계 기관과 협의하여 야간 하역 시간을 탄력적으로 운영하도록 규제를 개선하였습니다."
OUTCOME = "통행 시간이 32% 줄었고 민원이 크게 감소하였습니다."


@dataclass
class People:
    dept: Any
    editor: Any  # secretariat, the author
    colleague: Any  # another secretariat member: approves
    lead: Any  # head of the programme's lead department
    official: Any  # an ordinary official
    sysadmin: Any


def people() -> People:
    city = OrgUnitFactory(name="부산광역시", kind=OrgUnitKind.CITY, parent=None)
    dept = OrgUnitFactory(
        name="혁신정책과", name_en="Innovation Policy Division", kind=OrgUnitKind.DEPARTMENT, parent=city
    )
    settings = current_settings()
    settings.programme_unit = dept
    settings.save()
    return People(
        dept=dept,
        editor=make_staff(Role.SECRETARIAT, name="이편집"),
        colleague=make_staff(Role.SECRETARIAT, name="박검토"),
        lead=make_staff(Role.DEPARTMENT_HEAD, unit=dept, name="최과장"),
        official=UserFactory(official=OfficialFactory(unit=dept)),
        sysadmin=make_staff(Role.SYSADMIN),
    )


def public_round(**fields):
    past = timezone.now() - datetime.timedelta(days=200)
    return SelectionRoundFactory(
        status=RoundStatus.CLOSED,
        nominations_open_at=past,
        nominations_close_at=past + datetime.timedelta(days=14),
        **fields,
    )


def published_case(
    rnd=None, *, title="항만 배후 도로 정체 해소", rank=1, grade=Grade.EXCELLENT, unit=None, refused=True
):
    """A confirmed graded award of a closed round; the team's second member (김비공) refused publication."""
    rnd = rnd or public_round()
    unit = unit or OrgUnitFactory(name="항만물류과", kind=OrgUnitKind.DEPARTMENT)
    nominator = UserFactory(official=OfficialFactory(unit=unit))
    nom = Nomination.objects.create(
        round=rnd,
        case_type=CaseType.BEST_PRACTICE,
        state=NominationState.VERIFIED,
        title=title,
        summary="화물차 동선을 새로 설계하여 항만 배후 도로 정체를 풀었습니다.",
        problem=PROBLEM,
        action=ACTION,
        outcome=OUTCOME,
        quantified_results="통행 시간 32% 단축\n민원 1,240건 → 310건",
        nominator_type=NominatorType.DEPARTMENT,
        nominated_by=nominator,
        nominating_unit=unit,
        shortlisted=True,
    )
    NominationMember.objects.create(
        nomination=nom,
        official=OfficialFactory(name="정공개", unit=unit),
        role="총괄",
        contribution=60,
        consent=Consent.GIVEN,
    )
    NominationMember.objects.create(
        nomination=nom,
        official=OfficialFactory(name="김비공", unit=unit),
        role="실무",
        contribution=40,
        consent=Consent.REFUSED if refused else Consent.GIVEN,
    )
    return Award.objects.create(
        nomination=nom,
        total=Decimal("90") - rank,
        rank=rank,
        proposed_grade=grade,
        grade=grade,
        confirmed_at=timezone.now(),
    )
