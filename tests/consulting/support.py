"""Shared arrangements for the pre-consulting tests: a small org chart (the city with its audit team and a transport
department, one 구 with a department), the people of each role, and requests walked to each state through the real
services."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.consulting.enums import RequestState, SelfCheckItem
from proactive.consulting.services import requests as request_services
from proactive.consulting.services import review as review_services
from tests.conftest import make_staff
from tests.factories.accounts import OfficialFactory, OrgUnitFactory, UserFactory

S = RequestState


@dataclass
class Office:
    city: Any
    audit_team: Any
    transport: Any  # 교통정책과
    transport_team: Any  # 교통기획팀, below it
    district: Any
    district_dept: Any
    official: Any  # the requester: an official of the transport team
    colleague: Any  # another official of the same team
    stranger: Any  # an official of the district
    head: Any  # the transport department's head
    other_head: Any  # the district department's head
    auditor: Any  # the city's audit office
    auditor2: Any
    district_auditor: Any  # a 구's audit officer: not the audit office
    committee_member: Any
    sysadmin: Any


def official_in(unit, **kwargs):
    return UserFactory(official=OfficialFactory(unit=unit), **kwargs)


def arrange() -> Office:
    city = OrgUnitFactory(name="부산광역시", name_en="Busan", kind=OrgUnitKind.CITY, parent=None)
    audit_team = OrgUnitFactory(name="감사총괄팀", kind=OrgUnitKind.TEAM, parent=city)
    transport = OrgUnitFactory(
        name="교통정책과", name_en="Transport Policy Division", kind=OrgUnitKind.DEPARTMENT, parent=city
    )
    transport_team = OrgUnitFactory(name="교통기획팀", kind=OrgUnitKind.TEAM, parent=transport)
    district = OrgUnitFactory(name="해운대구", kind=OrgUnitKind.DISTRICT, parent=city)
    district_dept = OrgUnitFactory(name="건축과", kind=OrgUnitKind.DEPARTMENT, parent=district)
    head = make_staff(Role.DEPARTMENT_HEAD, unit=transport, official=OfficialFactory(unit=transport, name="박과장"))
    other_head = make_staff(Role.DEPARTMENT_HEAD, unit=district_dept, official=OfficialFactory(unit=district_dept))
    return Office(
        city=city,
        audit_team=audit_team,
        transport=transport,
        transport_team=transport_team,
        district=district,
        district_dept=district_dept,
        official=official_in(transport_team, name="김주무"),
        colleague=official_in(transport_team),
        stranger=official_in(district_dept),
        head=head,
        other_head=other_head,
        auditor=make_staff(Role.AUDIT_OFFICER, unit=audit_team, official=OfficialFactory(unit=audit_team)),
        auditor2=make_staff(Role.AUDIT_OFFICER, unit=audit_team, official=OfficialFactory(unit=audit_team)),
        district_auditor=make_staff(
            Role.AUDIT_OFFICER, unit=district_dept, official=OfficialFactory(unit=district_dept)
        ),
        committee_member=make_staff(Role.COMMITTEE_MEMBER),
        sysadmin=make_staff(Role.SYSADMIN),
    )


def complete_input(**overrides: Any) -> request_services.RequestInput:
    checks = {item.value: {"checked": False, "note": ""} for item in SelfCheckItem}
    checks[SelfCheckItem.LAWS] = {"checked": True, "note": "국유재산법 제30조, 공유재산법 제20조 검토"}
    checks[SelfCheckItem.PRECEDENTS] = {"checked": True, "note": "2023년 대구시 유사 사례 확인"}
    values: dict[str, Any] = {
        "title": "공공기관 이전부지 임시 활용 가능 여부",
        "background": "이전한 공공기관 부지가 3년째 비어 있어 임시 주차장으로 활용하려 합니다.",
        "statutes": "공유재산 및 물품 관리법 제20조, 같은 법 시행령 제14조",
        "issues": "매각 예정 부지를 사용허가 없이 임시 개방할 수 있는지",
        "proposed_handling": "1안: 1년 사용허가 후 개방 / 2안: 매각 시까지 무상 개방",
        "self_check": checks,
        "contact_phone": "051-888-1234",
        "contact_email": "",
    }
    values.update(overrides)
    return request_services.RequestInput(**values)


def draft(office: Office, requester=None, **overrides: Any):
    return request_services.create_request(actor=requester or office.official, data=complete_input(**overrides))


def awaiting_approval(office: Office, **overrides: Any):
    req = draft(office, **overrides)
    return request_services.send_request(actor=req.requester, req=req)


def submitted(office: Office, **overrides: Any):
    req = awaiting_approval(office, **overrides)
    return request_services.decide_approval(actor=office.head, req=req, approve=True)


def accepted(office: Office, **overrides: Any):
    return review_services.accept_request(actor=office.auditor, req=submitted(office, **overrides))


def under_review(office: Office, **overrides: Any):
    req = accepted(office, **overrides)
    return review_services.assign_reviewers(actor=office.auditor, req=req, reviewers=[office.auditor])


def returned(office: Office, reason: str = "insufficient_review", **overrides: Any):
    req = submitted(office, **overrides)
    return review_services.return_request(actor=office.auditor, req=req, reason=reason, note="자체 검토가 부족합니다.")


def answered(office: Office, **overrides: Any):
    req = under_review(office, **overrides)
    return review_services.issue_opinion(
        actor=office.auditor,
        req=req,
        conclusion="공유재산 사용허가를 받아 임시 주차장으로 활용할 수 있습니다.",
        reasons="공유재산법 제20조에 따라 행정재산의 용도에 장애가 없는 범위에서 사용허가가 가능합니다.",
    )


def implemented(office: Office, acted_on: date | None = None, **overrides: Any):
    req = answered(office, **overrides)
    return request_services.report_implementation(
        actor=req.requester,
        req=req,
        followed=True,
        acted_on=acted_on or req.opinion.issued_on,
        note="의견대로 사용허가 후 개방했습니다.",
    )
