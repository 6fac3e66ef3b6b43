"""Shared arrangements for the protection tests: a small org chart (the city, a bureau, a department with a team,
an audit team, a district), the people (an official with an account, a colleague, their department head, the audit
office, a district's audit officer, two protection officers, three board members, a system administrator), fake
register providers standing in for the opinions and consulting apps, and helpers that walk an application through
the real services."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.core import register as register_module
from proactive.core.register import RegisterEntry
from proactive.protection.enums import Auditor, Disposition, Outcome
from proactive.protection.models import ExemptionApplication
from proactive.protection.services import applications, audits, board
from tests.conftest import make_staff
from tests.factories.accounts import OrgUnitFactory, UserFactory

GROUNDS = {
    "facts": "태풍 피해 복구를 위해 긴급하게 도로점용허가 수수료를 감면했습니다.",
    "public_interest": "피해 상인들의 조속한 영업 재개를 위한 것으로, 저나 가까운 사람의 사적 이익은 없었습니다.",
    "reasonableness": "피해 규모와 복구 시급성을 고려할 때 감면이 합리적이고 필요했습니다.",
    "no_gross_negligence": "사전컨설팅과 위원회 의견을 받아 그대로 처리했으므로 고의나 중과실이 없습니다.",
    "procedure": "부서 내 검토와 결재를 모두 거쳤으며 중대한 절차상 하자가 없습니다.",
    "transparency": "감면 결정은 전자문서로 기록되고 과장 결재를 받았습니다.",
}
FINDING_TITLE = "도로점용허가 수수료 감면 부적정"
FINDING_TEXT = "태풍 피해 상가에 대한 도로점용허가 수수료를 조례상 근거 없이 감면함."


@dataclass
class FakeProvider:
    """A register provider like the ones the opinions and consulting apps register."""

    kind: str
    kind_label: str
    entries: dict[int, list[RegisterEntry]] = field(default_factory=dict)  # user pk → entries
    fail: bool = False

    def search(self, *, user: Any, query: str, limit: int) -> list[RegisterEntry]:
        return []

    def requested_by(self, *, official_user: Any) -> list[RegisterEntry]:
        if self.fail:
            raise RuntimeError("provider down")
        return list(self.entries.get(official_user.pk, []))

    def add(self, user: Any, pk: int, number: str, title: str, summary: str = "", days_ago: int = 30) -> RegisterEntry:
        entry = RegisterEntry(
            kind=self.kind,
            kind_label=self.kind_label,
            pk=pk,
            number=number,
            title=title,
            summary=summary,
            answered_on=timezone.localdate() - datetime.timedelta(days=days_ago),
            url=f"/{self.kind}/{pk}/",
            public=False,
        )
        self.entries.setdefault(user.pk, []).append(entry)
        return entry


@contextmanager
def providers(*items: FakeProvider) -> Iterator[None]:
    """Register ``items`` as the only providers for the duration (the real ones are put back afterwards)."""
    saved = dict(register_module._providers)
    register_module._providers.clear()
    for item in items:
        register_module._providers[item.kind] = item
    try:
        yield
    finally:
        register_module._providers.clear()
        register_module._providers.update(saved)


@dataclass
class World:
    city: Any
    bureau: Any
    department: Any
    team: Any
    audit_team: Any
    district: Any
    district_dept: Any
    official: Any  # a User whose official works in the team
    colleague: Any  # another official of the team, with an account
    stranger: Any  # an official of the district
    head: Any  # department head of the department (covers the team)
    other_head: Any  # department head of the district's department
    auditor: Any  # the city's audit office
    district_auditor: Any  # scoped to the district
    officer: Any  # protection officer
    officer2: Any
    members: list  # three board members
    sysadmin: Any
    secretariat: Any


def arrange() -> World:
    city = OrgUnitFactory(name="부산광역시", name_en="Busan", kind=OrgUnitKind.CITY, parent=None)
    bureau = OrgUnitFactory(name="교통국", kind=OrgUnitKind.BUREAU, parent=city)
    department = OrgUnitFactory(name="교통정책과", kind=OrgUnitKind.DEPARTMENT, parent=bureau)
    team = OrgUnitFactory(name="교통기획팀", kind=OrgUnitKind.TEAM, parent=department)
    audit_team = OrgUnitFactory(name="감사총괄팀", kind=OrgUnitKind.TEAM, parent=city)
    district = OrgUnitFactory(name="해운대구", kind=OrgUnitKind.DISTRICT, parent=city)
    district_dept = OrgUnitFactory(name="건축과", kind=OrgUnitKind.DEPARTMENT, parent=district)
    return World(
        city=city,
        bureau=bureau,
        department=department,
        team=team,
        audit_team=audit_team,
        district=district,
        district_dept=district_dept,
        official=UserFactory(name="김주무", official__name="김주무", official__unit=team),
        colleague=UserFactory(name="이동료", official__name="이동료", official__unit=team),
        stranger=UserFactory(name="박구청", official__name="박구청", official__unit=district_dept),
        head=make_staff(Role.DEPARTMENT_HEAD, unit=department, name="최과장", official__unit=department),
        other_head=make_staff(Role.DEPARTMENT_HEAD, unit=district_dept, name="정과장", official__unit=district_dept),
        auditor=make_staff(Role.AUDIT_OFFICER, name="감사관", official__unit=audit_team),
        district_auditor=make_staff(Role.AUDIT_OFFICER, unit=district, name="구감사관", official__unit=district_dept),
        officer=make_staff(Role.PROTECTION_OFFICER, name="가보호관"),
        officer2=make_staff(Role.PROTECTION_OFFICER, name="나보호관"),
        members=[make_staff(Role.EXEMPTION_BOARD, name=f"{n}위원") for n in ("가", "나", "다")],
        sysadmin=make_staff(Role.SYSADMIN, name="관리자"),
        secretariat=make_staff(Role.SECRETARIAT, name="사무국"),
    )


def audit_of(world: World, *, ends_ago: int = 3, unit: Any = None, auditor: str = Auditor.CITY, **kwargs: Any):
    end = timezone.localdate() - datetime.timedelta(days=ends_ago)
    return audits.create_audit(
        actor=kwargs.pop("actor", world.auditor),
        auditor=auditor,
        title=kwargs.pop("title", "2026년 교통국 종합감사"),
        audited_unit=unit or world.bureau,
        starts_on=end - datetime.timedelta(days=10),
        ends_on=end,
        **kwargs,
    )


def finding_of(world: World, audit: Any = None, *, officials: list | None = None, disposition=Disposition.WARNING):
    audit = audit or audit_of(world)
    return audits.add_finding(
        actor=world.auditor,
        audit=audit,
        title=FINDING_TITLE,
        description=FINDING_TEXT,
        officials=officials or [world.official.official],
        proposed_disposition=disposition,
    )


def concerned_of(world: World, finding: Any = None, official: Any = None):
    finding = finding or finding_of(world)
    return finding.concerned.get(official=official or world.official.official)


def draft(world: World, concerned: Any = None, *, actor: Any = None) -> ExemptionApplication:
    concerned = concerned or concerned_of(world)
    return applications.start_application(actor=actor or world.official, concerned=concerned)


def complete(world: World, application: ExemptionApplication, *, actor: Any = None) -> ExemptionApplication:
    return applications.update_application(
        actor=actor or application.applicant, application=application, data=GROUNDS | {"no_private_interest": True}
    )


def submitted(world: World, application: ExemptionApplication | None = None) -> ExemptionApplication:
    application = application or draft(world)
    complete(world, application)
    return applications.submit_application(actor=application.applicant, application=application)


def accepted(world: World, application: ExemptionApplication | None = None) -> ExemptionApplication:
    application = submitted(world, application)
    return applications.screen_application(actor=world.auditor, application=application, result="accept")


def session_for(world: World, *, chair: Any = None, present: list | None = None):
    session = board.create_session(
        actor=world.auditor,
        title="2026년 제1차 면책심사위원회",
        held_on=timezone.localdate(),
        members=world.members,
        chair=chair or world.members[0],
        place="시청 12층 회의실",
    )
    board.record_attendance(
        actor=world.auditor,
        session=session,
        present=[m.pk for m in (present if present is not None else world.members)],
    )
    return session


def tabled(world: World, application: ExemptionApplication | None = None, **session_kwargs: Any):
    application = accepted(world, application)
    session = session_for(world, **session_kwargs)
    return board.table_application(actor=world.auditor, session=session, application=application)


def vote_all(world: World, application: ExemptionApplication, choices: list[str], *, mitigated_to: str = "") -> None:
    for member, choice in zip(world.members, choices, strict=False):
        board.cast_vote(
            actor=member,
            application=application,
            choice=choice,
            reasons=f"{member.name}의 의견입니다.",
            mitigated_to=mitigated_to if choice == Outcome.MITIGATED else "",
        )


def decided(world: World, outcome: str = Outcome.EXEMPTED, application: ExemptionApplication | None = None):
    application = tabled(world, application)
    vote_all(world, application, [outcome] * 3, mitigated_to=Disposition.CAUTION)
    return board.decide_application(
        actor=world.auditor, application=application, reasons="공익을 위한 적극행정으로 인정됩니다."
    )
