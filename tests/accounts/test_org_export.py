"""Exports: units as a plain download; officials only by POST with a reason, on the access records."""

import codecs
import io

import pytest
from django.conf import settings
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.accounts.importers import ImportKind, file_sha256, read_table, run_import
from proactive.accounts.models import OrgUnit
from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord
from tests.accounts.test_org_fixtures import City, signed_in
from tests.factories.accounts import CitizenFactory, OfficialFactory

pytestmark = pytest.mark.django_db


def url(what, fmt):
    return reverse("accounts:org-export", args=[what, fmt])


@pytest.mark.parametrize("who", ["citizen", "official", Role.REVIEWER, Role.AUDIT_OFFICER])
def test_exports_are_refused_without_permission(client, who):
    City()
    if who == "citizen":
        signed_in(client, user=CitizenFactory())
    elif who == "official":
        signed_in(client)
    else:
        signed_in(client, who)
    assert client.get(url("units", "csv")).status_code == 403
    assert client.post(url("officials", "xlsx"), {"reason": "감사"}).status_code == 403
    assert not AccessRecord.objects.filter(action=AccessAction.EXPORT).exists()


def test_unknown_export_is_404(client):
    signed_in(client, Role.HR_OFFICER)
    assert client.get(url("passwords", "csv")).status_code == 404
    assert client.get(url("units", "pdf")).status_code == 404


def test_units_csv_download_is_utf8_with_bom_and_reimports_unchanged(client):
    City()
    signed_in(client, Role.SECRETARIAT)

    response = client.get(url("units", "csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="units.csv"' in response["Content-Disposition"]
    assert response.content.startswith(codecs.BOM_UTF8)
    assert "혁신정책과" in response.content.decode("utf-8-sig")
    plan = run_import(
        actor=None,
        kind=ImportKind.UNITS,
        table=read_table(response.content, "units.csv"),
        filename="units.csv",
        sha256=file_sha256(response.content),
        apply=False,
    )
    assert (plan.errors, plan.created, plan.updated, plan.unchanged) == ([], 0, 0, OrgUnit.objects.count())


def test_units_xlsx_download(client):
    from openpyxl import load_workbook

    City()
    signed_in(client, Role.HR_OFFICER)
    response = client.get(url("units", "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("code", "name", "name_en", "kind", "parent_code", "sort_order", "is_active")
    assert ("B1", "기획관", "Planning Bureau", "bureau", "C0", 0, "Y") in rows


def test_officials_export_without_reason_is_refused_with_a_clear_message(client):
    City()
    signed_in(client, Role.HR_OFFICER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(url("officials", "xlsx"), {"reason": "   "})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Please give the reason for this export." in response.content.decode()
    assert not AccessRecord.objects.exists()


def test_officials_export_by_get_only_shows_the_reason_form(client):
    City()
    signed_in(client, Role.HR_OFFICER)
    response = client.get(url("officials", "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not AccessRecord.objects.exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_officials_export_with_reason_downloads_and_records_access(client, fmt):
    city = City()
    OfficialFactory(unit=city.dept, name="홍길동", email="hong@busan.example")
    user = signed_in(client, Role.HR_OFFICER)

    response = client.post(url("officials", fmt), {"reason": "정기 인사자료 점검"}, REMOTE_ADDR="10.9.8.7")

    assert response.status_code == 200
    assert f'filename="officials.{fmt}"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    record = AccessRecord.objects.get()
    assert (record.action, record.resource, record.reason) == (
        AccessAction.EXPORT,
        f"officials.{fmt}",
        "정기 인사자료 점검",
    )
    assert record.actor == user
    assert record.ip_address == "10.9.8.7"
    plan = run_import(
        actor=None,
        kind=ImportKind.OFFICIALS,
        table=read_table(response.content, f"officials.{fmt}"),
        filename=f"officials.{fmt}",
        sha256="",
        apply=False,
    )
    assert plan.errors == []
    assert plan.created == plan.updated == 0
    assert plan.unchanged == 2
