import csv
import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord
from proactive.audit.services import record_access, record_event
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import CitizenFactory, UserFactory

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
EVENT_LIST = reverse("audit:event-list")
ACCESS_LIST = reverse("audit:access-list")
ACCESS_EXPORT = reverse("audit:access-export")


def _access(actor, action=AccessAction.VIEW, subject=None, reason="", resource="nomination 1"):
    return record_access(actor=actor, ip_address="10.1.2.3", action=action, subject=subject, resource=resource,
                         reason=reason)  # fmt: skip


# --- Permissions ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [EVENT_LIST, ACCESS_LIST])
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_anonymous_export_is_sent_to_sign_in(client):
    response = client.post(ACCESS_EXPORT, {"reason": "x"})
    assert response.status_code == 302
    assert AccessRecord.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("url", [EVENT_LIST, ACCESS_LIST])
@pytest.mark.parametrize("who", ["official", "citizen", "secretariat"])
def test_people_without_audit_permission_are_refused(client, url, who):
    user = {"official": UserFactory, "citizen": CitizenFactory, "secretariat": lambda: make_staff(Role.SECRETARIAT)}[
        who
    ]()
    login_verified(client, user)
    assert client.get(url).status_code == 403
    assert client.post(ACCESS_EXPORT, {"reason": "monthly review"}).status_code == 403
    assert AccessRecord.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.AUDIT_OFFICER, Role.SYSADMIN])
def test_auditors_and_sysadmins_may_read(client, role):
    login_verified(client, make_staff(role))
    assert client.get(EVENT_LIST).status_code == 200
    assert client.get(ACCESS_LIST).status_code == 200


@pytest.mark.django_db
def test_no_write_methods_on_the_lists(auditor_client):
    assert auditor_client.post(EVENT_LIST).status_code == 405
    assert auditor_client.post(ACCESS_LIST).status_code == 405
    assert auditor_client.get(ACCESS_EXPORT).status_code == 405


# --- Event list ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_event_list_shows_time_actor_action_target_and_changes(auditor_client, auditor):
    target = UserFactory(name="김대상")
    record_event(actor=auditor, verb="accounts.name_changed", target=target, changes={"name": ["김옛날", "김대상"]})

    response = auditor_client.get(EVENT_LIST)

    html = response.content.decode()
    assert response.status_code == 200
    assert auditor.username in html
    assert "accounts.name_changed" in html
    assert "김대상" in html
    assert "<dt>name</dt>" in html
    assert "김옛날" in html
    assert "→" in html


@pytest.mark.django_db
def test_event_list_filters(auditor_client, auditor):
    alice, bob = UserFactory(username="alice-kim", name="김앨리스"), UserFactory(username="bob-lee", name="이밥")
    record_event(actor=alice, verb="accounts.unit_created", target=alice)
    record_event(actor=bob, verb="programme.settings_changed", target=bob)

    def verbs(**params):
        page = auditor_client.get(EVENT_LIST, params).context["page_obj"]
        return sorted(e.verb for e in page)

    assert verbs(actor="ALICE") == ["accounts.unit_created"]
    assert verbs(verb="programme.") == ["programme.settings_changed"]
    assert verbs(target_type="accounts.user", target_id=str(bob.pk)) == ["programme.settings_changed"]
    assert verbs(q="앨리스") == ["accounts.unit_created"]
    assert verbs(target_type="programme.settings") == []


@pytest.mark.django_db
def test_event_list_date_range_uses_seoul_calendar_days(auditor_client, auditor):
    # 2026-03-01 23:30 in Seoul is still 2026-03-01 14:30 UTC; 2026-03-02 00:30 in Seoul is 03-01 15:30 UTC.
    with time_machine.travel(datetime.datetime(2026, 3, 1, 23, 30, tzinfo=SEOUL), tick=False):
        record_event(actor=auditor, verb="tests.late_on_first", target=auditor)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 0, 30, tzinfo=SEOUL), tick=False):
        record_event(actor=auditor, verb="tests.early_on_second", target=auditor)

    def verbs(**params):
        return [e.verb for e in auditor_client.get(EVENT_LIST, params).context["page_obj"]]

    assert verbs(date_from="2026-03-01", date_to="2026-03-01") == ["tests.late_on_first"]
    assert verbs(date_from="2026-03-02") == ["tests.early_on_second"]


@pytest.mark.django_db
def test_event_list_reports_an_inverted_date_range(auditor_client):
    response = auditor_client.get(EVENT_LIST, {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors


@pytest.mark.django_db
def test_event_list_is_paginated_by_fifty(auditor_client, auditor):
    for _ in range(51):
        record_event(actor=auditor, verb="tests.bulk", target=auditor)

    first = auditor_client.get(EVENT_LIST, {"verb": "tests."})
    second = auditor_client.get(EVENT_LIST, {"verb": "tests.", "page": 2})

    assert len(first.context["page_obj"]) == 50
    assert len(second.context["page_obj"]) == 1
    html = first.content.decode()
    assert "krds-pagination" in html
    assert "?verb=tests.&amp;page=2" in html


def _queries_for(client, url, params=None) -> int:
    client.get(url, params or {})  # warm per-process caches (programme settings, OTP device) first
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_event_list_query_count_does_not_grow_with_rows(auditor_client, auditor):
    record_event(actor=auditor, verb="tests.one", target=auditor, changes={"x": [1, 2]})
    one = _queries_for(auditor_client, EVENT_LIST)
    for _ in range(2):
        record_event(actor=auditor, verb="tests.more", target=auditor, changes={"x": [1, 2]})
    three = _queries_for(auditor_client, EVENT_LIST)
    assert one == three


# --- Access records ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_access_list_shows_records_and_records_the_search(auditor_client, auditor):
    reviewer = UserFactory(username="reviewer-park")
    subject = UserFactory(name="이민원")
    _access(reviewer, AccessAction.DOWNLOAD, subject=subject, reason="심사 자료 확인")

    response = auditor_client.get(ACCESS_LIST, {"account": "park"})

    html = response.content.decode()
    assert "reviewer-park" in html
    assert "이민원" in html
    assert "심사 자료 확인" in html
    assert "10.1.2.3" in html
    search = AccessRecord.objects.filter(actor=auditor, action=AccessAction.SEARCH).get()
    assert search.resource == "access records: account=park"
    assert search.ip_address == "127.0.0.1"


@pytest.mark.django_db
def test_access_list_filters(auditor_client, auditor):
    kim, lee = UserFactory(username="kim-official"), UserFactory(username="lee-official")
    subject = UserFactory(name="박시민")
    _access(kim, AccessAction.VIEW, subject=subject)
    _access(lee, AccessAction.DOWNLOAD, subject=subject, reason="검토")

    def accounts(**params):
        page = auditor_client.get(ACCESS_LIST, params).context["page_obj"]
        return sorted(r.account for r in page if r.action != AccessAction.SEARCH)

    assert accounts(account="kim") == ["kim-official"]
    assert accounts(action=AccessAction.DOWNLOAD) == ["lee-official"]
    assert accounts(subject="박시민") == ["kim-official", "lee-official"]
    assert accounts(subject=str(subject.pk)) == ["kim-official", "lee-official"]
    assert accounts(subject="없는사람") == []


@pytest.mark.django_db
def test_access_list_query_count_does_not_grow_with_rows(auditor_client, auditor):
    subject = UserFactory()
    _access(auditor, subject=subject)
    params = {"action": AccessAction.VIEW}
    one = _queries_for(auditor_client, ACCESS_LIST, params)
    for _ in range(2):
        _access(auditor, subject=subject)
    three = _queries_for(auditor_client, ACCESS_LIST, params)
    assert AccessRecord.objects.filter(action=AccessAction.VIEW).count() == 3
    assert one == three


@pytest.mark.django_db
def test_export_without_reason_is_refused_and_not_recorded(auditor_client, auditor):
    _access(auditor, AccessAction.VIEW)

    response = auditor_client.post(ACCESS_EXPORT, {"account": auditor.username, "reason": "  "})

    assert response.status_code == 400
    assert "reason" in response.context["export_form"].errors
    assert not AccessRecord.objects.filter(action=AccessAction.EXPORT).exists()
    # The re-rendered list keeps the filters but never puts the reason or the CSRF token into links.
    assert response.context["form"].cleaned_data["account"] == auditor.username


@pytest.mark.django_db
def test_export_with_reason_returns_the_filtered_csv_and_is_recorded(auditor_client, auditor):
    kim = UserFactory(username="kim-official")
    subject = UserFactory(name='=HYPERLINK("http://evil")')
    _access(kim, AccessAction.DOWNLOAD, subject=subject, reason="검토")
    _access(UserFactory(username="other-official"), AccessAction.VIEW)

    response = auditor_client.post(ACCESS_EXPORT, {"account": "kim", "reason": "3월 정기 점검"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="access-records-')
    assert "no-store" in response["Cache-Control"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["occurred_at", "account", "ip_address", "action"]
    assert [row[1] for row in rows[1:]] == ["kim-official"]
    assert rows[1][6] == '\'=HYPERLINK("http://evil")'  # neutralised for spreadsheets
    assert rows[1][0].endswith("+09:00")
    export = AccessRecord.objects.get(action=AccessAction.EXPORT)
    assert export.actor == auditor
    assert export.reason == "3월 정기 점검"
    assert export.resource == "access records CSV: account=kim"


# --- Dashboard panel -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_panel_counts_todays_records_and_downloads_to_review(auditor_client, auditor):
    _access(auditor, AccessAction.VIEW)
    _access(auditor, AccessAction.DOWNLOAD, reason="검토")
    _access(auditor, AccessAction.EXPORT, reason="점검")

    response = auditor_client.get(reverse("web:dashboard"))

    panel = next(p for p in response.context["panels"] if p["key"] == "audit-access")
    assert panel["context"]["today"] == 3
    assert panel["context"]["downloads"] == 2
    assert 'id="panel-audit-access"' in response.content.decode()


@pytest.mark.django_db
def test_dashboard_panel_is_hidden_from_officials(client):
    login_verified(client, UserFactory())
    response = client.get(reverse("web:dashboard"))
    assert all(p["key"] != "audit-access" for p in response.context["panels"])
