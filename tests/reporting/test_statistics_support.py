"""Helpers shared by the statistics, settings, retention and case-study tests (no tests here).

Reports are filed and handled through the real services; ``settle`` then moves a report's dates (metadata only)
to where a test needs them, as the demo does for historic dates.
"""

import datetime
from typing import Any

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.reporting.enums import ActionKind, ReportField, ReportState
from proactive.reporting.models import Report
from proactive.reporting.services import handling
from proactive.reporting.services.handling import ActionInput
from tests.conftest import make_staff
from tests.factories.accounts import OrgUnitFactory
from tests.reporting.support import Centre, anonymous_report

S = ReportState


def add_bodies(centre: Centre) -> dict[str, Any]:
    """A public corporation and an affiliated body under the city, each with a department."""
    corporation = OrgUnitFactory(name="부산교통공사", kind=OrgUnitKind.CORPORATION, parent=centre.city)
    affiliate = OrgUnitFactory(name="부산연구원", kind=OrgUnitKind.AFFILIATE, parent=centre.city)
    bodies = {
        "corporation": corporation,
        "corporation_dept": OrgUnitFactory(name="영업처", parent=corporation),
        "affiliate": affiliate,
        "affiliate_dept": OrgUnitFactory(name="기획조정실", parent=affiliate),
    }
    # Each body's own audit officer handles its reports.
    centre.body_handlers = {  # type: ignore[attr-defined]
        corporation.pk: make_staff(Role.AUDIT_OFFICER, unit=bodies["corporation_dept"]),
        affiliate.pk: make_staff(Role.AUDIT_OFFICER, unit=bodies["affiliate_dept"]),
    }
    return bodies


def settle(report: Report, **fields: Any) -> Report:
    """Set metadata fields (dates, field) directly, as if the report had been handled on other days."""
    Report.objects.filter(pk=report.pk).update(**fields)
    report.refresh_from_db()
    return report


def handler_of(centre: Centre, report: Report):
    if report.body_id == centre.district.pk:
        return centre.district_handler
    return getattr(centre, "body_handlers", {}).get(report.body_id, centre.handler)


def forwarded_report(centre: Centre, **filing: Any) -> Report:
    report = anonymous_report(centre, **filing)[0]
    return handling.forward_report(
        actor=handler_of(centre, report),
        report=report,
        forwarded_to=report.unit or centre.transport_dept,
        reason="일반 민원으로 담당 부서에 이송합니다.",
        field=ReportField.GENERAL_ADMIN,
    )


def investigating_report(centre: Centre, *, field: str = ReportField.ROADS_TRANSPORT, **filing: Any) -> Report:
    report = anonymous_report(centre, **filing)[0]
    handler = handler_of(centre, report)
    return handling.start_investigation(actor=handler, report=report, assignee=handler, field=field)


def closed_report(
    centre: Centre,
    *,
    substantiated: bool = True,
    kinds: tuple[str, ...] = (ActionKind.CAUTION,),
    field: str = ReportField.ROADS_TRANSPORT,
    **filing: Any,
) -> Report:
    """A report taken through every step to CLOSED: action taken (``kinds``) or not substantiated."""
    report = investigating_report(centre, field=field, **filing)
    handler = handler_of(centre, report)
    handling.record_finding(actor=handler, report=report, substantiated=substantiated, findings="조사 결과 메모")
    if substantiated:
        handling.record_action(
            actor=handler,
            report=report,
            actions=[ActionInput(kind=k, note="조치 내용") for k in kinds],
        )
    return handling.close_report(actor=handler, report=report, reporter_text="처리 결과를 알려 드립니다.")


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)
