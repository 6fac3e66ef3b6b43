"""Shared arrangements for the reporting-centre tests: a small org chart with the city and one 구, audit officers
for each, and reports filed through the real service."""

from dataclasses import dataclass
from typing import Any

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.reporting.enums import ReportType
from proactive.reporting.services.intake import file_report
from tests.conftest import make_staff
from tests.factories.accounts import CitizenFactory, OfficialFactory, OrgUnitFactory, UserFactory

WHAT = "민원 처리 기한이 지났는데도 담당자가 같은 서류를 세 번이나 다시 요구하며 처리를 미뤘습니다."


@dataclass
class Centre:
    city: Any
    audit_team: Any
    transport_dept: Any
    district: Any
    district_dept: Any
    handler: Any  # the city's audit officer
    colleague: Any  # another of the city's audit officers
    district_handler: Any  # a 구's audit officer: never sees the city's reports
    official: Any  # an official of the transport department (the one reported about)
    citizen: Any  # a verified citizen


def arrange_centre() -> Centre:
    city = OrgUnitFactory(name="부산광역시", name_en="Busan", kind=OrgUnitKind.CITY, parent=None)
    audit_team = OrgUnitFactory(name="감사총괄팀", kind=OrgUnitKind.TEAM, parent=city)
    transport = OrgUnitFactory(
        name="교통정책과", name_en="Transport Policy Division", kind=OrgUnitKind.DEPARTMENT, parent=city
    )
    district = OrgUnitFactory(name="해운대구", name_en="Haeundae-gu", kind=OrgUnitKind.DISTRICT, parent=city)
    district_dept = OrgUnitFactory(
        name="건축과", name_en="Building Division", kind=OrgUnitKind.DEPARTMENT, parent=district
    )
    handler = make_staff(Role.AUDIT_OFFICER, unit=audit_team)
    colleague = make_staff(Role.AUDIT_OFFICER, unit=audit_team)
    district_handler = make_staff(Role.AUDIT_OFFICER, unit=district_dept)
    person = OfficialFactory(unit=transport)
    user = UserFactory(official=person)
    return Centre(
        city=city,
        audit_team=audit_team,
        transport_dept=transport,
        district=district,
        district_dept=district_dept,
        handler=handler,
        colleague=colleague,
        district_handler=district_handler,
        official=user,
        citizen=CitizenFactory(),
    )


def anonymous_report(centre: Centre, **overrides):
    """File an anonymous report about the city's transport department; returns (report, receipt)."""
    kwargs = {
        "actor": None,
        "named": False,
        "report_type": ReportType.NEGLECT,
        "what": WHAT,
        "unit": centre.transport_dept,
    }
    kwargs.update(overrides)
    filed = file_report(**kwargs)
    return filed.report, filed.receipt


def named_report(centre: Centre, reporter=None, **overrides):
    kwargs = {
        "actor": reporter or centre.citizen,
        "named": True,
        "report_type": ReportType.DESK_BOUND,
        "what": WHAT,
        "unit": centre.transport_dept,
    }
    kwargs.update(overrides)
    return file_report(**kwargs).report
