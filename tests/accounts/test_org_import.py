"""The HR import page: permissions, dry run, apply, and file problems shown as form errors (never a 500)."""

import pytest
from django.conf import settings
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.accounts.models import Official, OrgUnit
from proactive.audit.models import AccessRecord, AuditEvent
from tests.accounts.test_org_fixtures import City, csv_bytes, signed_in, upload, xlsx_bytes
from tests.factories.accounts import CitizenFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:org-import")
OFFICIALS = [
    ["사번", "성명", "직급", "급수", "부서코드", "상태", "이메일"],
    ["E1", "홍길동", "6급", "6", "D11", "재직", "hong@busan.example"],
    ["E2", "김철수", "7급", "7", "G1", "휴직", ""],
]


@pytest.fixture
def hr(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    signed_in(client, Role.HR_OFFICER)
    return client


def post(client, name, content, kind="officials", apply=False):
    data = {"kind": kind, "file": upload(name, content)}
    if apply:
        data["apply"] = "on"
    return client.post(URL, data)


@pytest.mark.parametrize("who", ["citizen", "official", Role.SECRETARIAT, Role.DEPARTMENT_HEAD])
def test_import_is_refused_without_permission(client, who):
    City()
    if who == "citizen":
        signed_in(client, user=CitizenFactory())
    elif who == "official":
        signed_in(client)
    else:
        signed_in(client, who, unit=OrgUnit.objects.get(code="D11"))
    assert client.get(URL).status_code == 403
    response = post(client, "o.csv", csv_bytes(OFFICIALS), apply=True)
    assert response.status_code == 403
    assert not Official.objects.filter(employee_no__in=["E1", "E2"]).exists()


def test_import_page_renders_for_hr(hr):
    html = hr.get(URL).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "employee_no" in html
    assert "사번" in html


def test_dry_run_shows_the_summary_and_changes_nothing(hr):
    City()
    before = Official.objects.count()
    response = post(hr, "officials.csv", csv_bytes(OFFICIALS))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dry run" in html
    assert "2 to create, 0 to update, 0 unchanged" in html
    assert Official.objects.count() == before
    assert not AuditEvent.objects.filter(verb="accounts.org_imported").exists()


def test_dry_run_shows_row_errors_in_a_table_and_changes_nothing(hr):
    City()
    rows = [*OFFICIALS, ["E3", "박영희", "6급", "12", "NOPE", "재직", "x@"]]
    response = post(hr, "officials.csv", csv_bytes(rows), apply=True)
    html = response.content.decode()
    assert "3 errors were found. Nothing was changed" in html
    assert '<th scope="row">4</th><td>급수</td>' in html
    assert '<th scope="row">4</th><td>부서코드</td>' in html
    assert '<th scope="row">4</th><td>이메일</td>' in html
    assert not Official.objects.filter(employee_no__in=["E1", "E2", "E3"]).exists()


def test_apply_imports_audits_and_records_access(hr):
    City()
    response = post(hr, "officials.xlsx", xlsx_bytes(OFFICIALS), apply=True)
    html = response.content.decode()
    assert "Import applied" in html
    assert "2 created, 0 updated, 0 unchanged" in html
    assert Official.objects.filter(employee_no__in=["E1", "E2"]).count() == 2
    event = AuditEvent.objects.get(verb="accounts.org_imported")
    assert event.data["kind"] == "officials"
    assert event.data["created"] == 2
    assert AccessRecord.objects.filter(resource__startswith="officials import").count() == 1


def test_units_import_through_the_page_in_cp949(hr):
    City()
    content = "코드,명칭,유형,상위코드\nD99,새과,과,B1\n".encode("cp949")
    post(hr, "units.csv", content, kind="units", apply=True)
    unit = OrgUnit.objects.get(code="D99")
    assert unit.parent.code == "B1"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("officials.xlsx", b"PK\x03\x04garbage", "may be damaged"),
        ("officials.xlsx", b"this is text", "may be damaged"),
        ("officials.csv", b"", "The submitted file is empty."),
        ("officials.csv", b"\xff\xfe\x00", "could not be read"),
        ("officials.docx", b"whatever", "Choose a CSV or XLSX file."),
        (
            "officials.csv",
            "사번,성명\nE1,홍\n".encode(),
            "Required columns are missing: rank (직급), unit_code (부서코드).",
        ),
    ],
)
def test_unusable_files_give_a_form_error(hr, name, content, message):
    City()
    response = post(hr, name, content, apply=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors


def test_file_over_5_mb_is_refused(hr):
    City()
    big = b"a,b\n" + b"x" * (5 * 1024 * 1024 + 10)
    response = post(hr, "officials.csv", big)
    assert "larger than 5 MB" in response.content.decode()


def test_get_never_changes_anything(hr):
    City()
    before = (OrgUnit.objects.count(), Official.objects.count(), AuditEvent.objects.count())
    hr.get(URL, {"apply": "on", "kind": "units"})
    assert (OrgUnit.objects.count(), Official.objects.count(), AuditEvent.objects.count()) == before
