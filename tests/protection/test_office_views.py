"""The audit office's and the board's screens: audits, findings, dispositions, extensions, settings, sessions,
attendance and the agenda; the dashboard panels and the menu."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.protection.enums import Auditor, Disposition
from proactive.protection.models import Audit, BoardSession, Finding, ProtectionSettings
from tests.conftest import login_verified
from tests.protection.support import (
    accepted,
    audit_of,
    concerned_of,
    decided,
    draft,
    finding_of,
    session_for,
    submitted,
    tabled,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"protection:{name}", args=args)


def _queries(client, path) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


# --- Audits --------------------------------------------------------------------------------------------------


def test_recording_an_audit(client, world):
    login_verified(client, world.auditor)
    assert client.get(url("audit-create")).status_code == 200
    response = client.post(
        url("audit-create"),
        {
            "auditor": Auditor.BAI,
            "title": "2026년 부산광역시 기관정기감사",
            "audited_unit": world.bureau.pk,
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-20",
        },
    )
    audit = Audit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("audit-detail", audit.pk)


def test_a_wrong_audit_is_re_rendered_with_korean_messages(client, world):
    login_verified(client, world.auditor)
    response = client.post(
        url("audit-create"),
        {
            "auditor": Auditor.OTHER,
            "title": "감사",
            "audited_unit": world.bureau.pk,
            "starts_on": "2026-03-20",
            "ends_on": "2026-03-02",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "감사기관명을 적으십시오." in page
    assert "감사 종료일이 시작일보다 빠를 수 없습니다." in page
    assert 'value="감사"' in page
    assert not Audit.objects.exists()


def test_a_district_audit_officer_chooses_only_their_units(client, world):
    login_verified(client, world.district_auditor)
    page = client.get(url("audit-create")).content.decode()
    assert "건축과" in page
    assert f'value="{world.bureau.pk}"' not in page
    response = client.post(
        url("audit-create"),
        {
            "auditor": Auditor.CITY,
            "title": "감사",
            "audited_unit": world.bureau.pk,
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-20",
        },
    )
    assert response.status_code == 400


def test_the_audit_list_filters_and_its_queries_do_not_grow(client, world):
    audit = audit_of(world, auditor=Auditor.MOIS, title="행정안전부 정부합동감사")
    finding_of(world, audit)
    login_verified(client, world.auditor)
    page = client.get(url("audit-list")).content.decode()
    assert "행정안전부 정부합동감사" in page
    assert "행정안전부 정부합동감사" not in client.get(url("audit-list"), {"auditor": Auditor.BAI}).content.decode()
    assert "연도를 입력하십시오" in client.get(url("audit-list"), {"year": "이천"}).content.decode()
    one = _queries(client, url("audit-list"))
    for _ in range(3):
        other = audit_of(world)
        submitted(world, draft(world, concerned_of(world, finding_of(world, other))))
    assert _queries(client, url("audit-list")) == one


def test_the_audit_list_is_refused_to_others(client, world):
    for user in (world.official, world.officer, world.members[0], world.sysadmin):
        login_verified(client, user)
        assert client.get(url("audit-list")).status_code == 403


def test_the_audit_page_shows_the_register_and_its_queries_do_not_grow(client, world):
    audit = audit_of(world)
    application = decided(world, application=draft(world, concerned_of(world, finding_of(world, audit))))
    login_verified(client, world.auditor)
    page = client.get(url("audit-detail", audit.pk)).content.decode()
    assert "지적사항과 처분대장" in page
    assert application.number in page
    assert "불문(신분상 처분 없음)" in page
    one = _queries(client, url("audit-detail", audit.pk))
    for _ in range(3):
        finding_of(world, audit, officials=[world.official.official, world.colleague.official])
    assert _queries(client, url("audit-detail", audit.pk)) == one


def test_another_bodys_audit_officer_gets_a_404_on_the_audit(client, world):
    audit = audit_of(world)
    row = concerned_of(world, finding_of(world, audit))
    login_verified(client, world.district_auditor)
    assert client.get(url("audit-detail", audit.pk)).status_code == 404
    assert client.get(url("audit-edit", audit.pk)).status_code == 404
    assert client.get(url("finding-create", audit.pk)).status_code == 404
    assert client.post(url("finding-dispose", row.finding_id)).status_code == 404
    assert client.post(url("concerned-extend", row.pk)).status_code == 404


def test_editing_an_audit(client, world):
    audit = audit_of(world)
    login_verified(client, world.auditor)
    assert client.get(url("audit-edit", audit.pk)).status_code == 200
    data = {
        "auditor": audit.auditor,
        "title": "제목 고침",
        "audited_unit": audit.audited_unit_id,
        "starts_on": audit.starts_on.isoformat(),
        "ends_on": audit.ends_on.isoformat(),
    }
    assert client.post(url("audit-edit", audit.pk), data).status_code == 302
    finding_of(world, audit)
    locked = client.post(
        url("audit-edit", audit.pk), data | {"ends_on": (audit.ends_on - datetime.timedelta(days=1)).isoformat()}
    )
    assert locked.status_code == 400
    assert "감사 기간과 수감 기관을 바꿀 수 없습니다" in locked.content.decode()


def test_adding_a_finding_by_list_or_by_employee_number(client, world):
    audit = audit_of(world)
    login_verified(client, world.auditor)
    page = client.get(url("finding-create", audit.pk)).content.decode()
    assert "김주무" in page
    assert "박구청" not in page
    response = client.post(
        url("finding-create", audit.pk),
        {
            "finding-title": "보조금 정산 소홀",
            "finding-description": "보조금 정산 검사를 하지 않음",
            "finding-officials": [world.official.official.pk],
            "finding-employee_numbers": world.stranger.official.employee_no,
            "finding-proposed_disposition": Disposition.CAUTION,
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert set(finding.concerned.values_list("official", flat=True)) == {
        world.official.official.pk,
        world.stranger.official.pk,
    }


def test_a_finding_without_officials_or_with_an_unknown_number_is_re_rendered(client, world):
    audit = audit_of(world)
    login_verified(client, world.auditor)
    response = client.post(
        url("finding-create", audit.pk),
        {"finding-title": "지적", "finding-description": "내용", "finding-proposed_disposition": Disposition.CAUTION},
    )
    assert response.status_code == 400
    assert "대상 공무원을 한 명 이상 지정하십시오." in response.content.decode()
    unknown = client.post(
        url("finding-create", audit.pk),
        {
            "finding-title": "지적",
            "finding-description": "내용",
            "finding-employee_numbers": "X-999",
            "finding-proposed_disposition": Disposition.CAUTION,
        },
    )
    assert "이 번호의 공무원이 없습니다: X-999." in unknown.content.decode()
    assert not Finding.objects.exists()


def test_extending_and_disposing_from_the_audit_page(client, world):
    row = concerned_of(world)
    login_verified(client, world.auditor)
    bad = client.post(url("concerned-extend", row.pk), {f"e{row.pk}-due_on": "2020-01-01", f"e{row.pk}-reason": "사유"})
    assert bad.status_code == 400
    assert "새 처리 기한은 지금 기한" in bad.content.decode()
    new = (row.apply_by + datetime.timedelta(days=5)).isoformat()
    assert (
        client.post(
            url("concerned-extend", row.pk), {f"e{row.pk}-due_on": new, f"e{row.pk}-reason": "출장"}
        ).status_code
        == 302
    )

    submitted(world, draft(world, row))
    pending = client.post(url("finding-dispose", row.finding_id), {})
    assert pending.status_code == 400
    assert "심사 결정 뒤에 처분을 확정하십시오" in pending.content.decode()


def test_disposing_a_finding(client, world):
    row = concerned_of(world)
    login_verified(client, world.auditor)
    assert (
        client.post(url("finding-dispose", row.finding_id), {f"d{row.finding_id}-note": "처분 요구"}).status_code == 302
    )
    row.finding.refresh_from_db()
    assert row.finding.disposed_on == timezone.localdate()


def test_the_settings_page(client, world):
    login_verified(client, world.auditor)
    assert "징계령 방식" in client.get(url("settings")).content.decode()
    data = {
        "application_days": "30",
        "screening_days": "7",
        "screening_business_days": "on",
        "completion_days": "5",
        "completion_business_days": "on",
        "review_days": "0",
        "tie_rule": "denied",
    }
    bad = client.post(url("settings"), data)
    assert bad.status_code == 400
    assert "1일부터 365일 사이로 입력하십시오." in bad.content.decode()
    assert client.post(url("settings"), data | {"review_days": "45"}).status_code == 302
    settings = ProtectionSettings.current()
    assert (settings.application_days, settings.review_days, settings.tie_rule) == (30, 45, "denied")
    login_verified(client, world.district_auditor)
    assert client.get(url("settings")).status_code == 403


# --- Sessions ------------------------------------------------------------------------------------------------


def test_planning_a_session(client, world):
    login_verified(client, world.auditor)
    page = client.get(url("session-create")).content.decode()
    assert "가위원" in page
    bad = client.post(
        url("session-create"),
        {"title": "제1차", "held_on": "2026-04-01", "members": [world.members[0].pk], "chair": world.members[1].pk},
    )
    assert bad.status_code == 400
    assert "위원장은 소집된 위원 중에서 정해야 합니다." in bad.content.decode()
    ok = client.post(
        url("session-create"),
        {
            "title": "제1차",
            "held_on": "2026-04-01",
            "place": "12층",
            "members": [m.pk for m in world.members],
            "chair": world.members[0].pk,
        },
    )
    session = BoardSession.objects.get()
    assert ok.status_code == 302
    assert session.members.count() == 3


def test_attendance_and_the_agenda(client, world):
    session = session_for(world, present=[])
    application = accepted(world)
    login_verified(client, world.auditor)
    page = client.get(url("session-detail", session.pk)).content.decode()
    assert "김주무" in page  # offered on the agenda form
    assert (
        client.post(
            url("session-attendance", session.pk), {"attendance-present": [str(world.members[0].pk)]}
        ).status_code
        == 302
    )
    bad = client.post(url("session-table", session.pk), {"table-application": "999"})
    assert bad.status_code == 400
    assert client.post(url("session-table", session.pk), {"table-application": application.pk}).status_code == 302
    application.refresh_from_db()
    assert application.session == session


def test_a_board_member_sees_their_sessions_only_and_cannot_manage(client, world):
    application = tabled(world)
    other = BoardSession.objects.create(title="다른 회의", held_on=timezone.localdate(), created_by=world.auditor)
    login_verified(client, world.members[1])
    listing = client.get(url("session-list")).content.decode()
    assert application.session.title in listing
    assert "다른 회의" not in listing
    detail = client.get(url("session-detail", application.session_id)).content.decode()
    assert "김주무" in detail
    assert "출석 등록" not in detail
    assert client.get(url("session-detail", other.pk)).status_code == 404
    assert client.post(url("session-attendance", application.session_id), {}).status_code == 403
    assert client.get(url("session-create")).status_code == 403


def test_the_session_list_queries_do_not_grow(client, world):
    tabled(world)
    login_verified(client, world.auditor)
    one = _queries(client, url("session-list"))
    for _ in range(3):
        session_for(world)
    decided(world, application=draft(world, concerned_of(world, finding_of(world))))
    assert _queries(client, url("session-list")) == one


def test_sessions_are_refused_to_officials_and_officers(client, world):
    for user in (world.official, world.officer, world.district_auditor):
        login_verified(client, user)
        assert client.get(url("session-list")).status_code == 403


# --- Dashboard and menu --------------------------------------------------------------------------------------


def test_the_dashboard_panels(client, world):
    application = tabled(world)
    login_verified(client, world.auditor)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "접수 검토 대기" in page
    assert "위원회 심사 중" in page
    login_verified(client, world.members[0])
    assert "표결 대기" in client.get(reverse("web:dashboard")).content.decode()
    login_verified(client, application.protection_officer)
    assert "작성 지원 중인 신청서" in client.get(reverse("web:dashboard")).content.decode()


def test_the_menu_offers_each_role_its_pages(client, world):
    login_verified(client, world.official)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "나의 면책심사" in page
    assert "적극행정 공무원 보호지침" in page
    assert "감사·지적사항" not in page
    login_verified(client, world.auditor)
    assert "감사·지적사항" in client.get(reverse("web:dashboard")).content.decode()
