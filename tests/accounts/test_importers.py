"""HR import and export: reading CSV/XLSX, validating rows, applying in one transaction, round trips."""

import codecs
import io
import time
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from proactive.accounts import importers
from proactive.accounts.enums import OfficialStatus, OrgUnitKind
from proactive.accounts.importers import ImportFileError, ImportKind, read_table, run_import
from proactive.accounts.models import Official, OrgUnit
from proactive.audit.models import AuditEvent
from tests.accounts.test_org_fixtures import City, csv_bytes, xlsx_bytes
from tests.factories.accounts import OfficialFactory, UserFactory

UNIT_HEADER = ["code", "name", "name_en", "kind", "parent_code", "sort_order", "is_active"]
OFFICIAL_HEADER = [
    "employee_no",
    "name",
    "name_en",
    "rank",
    "grade",
    "position",
    "job_series",
    "unit_code",
    "status",
    "email",
    "phone",
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(kind, data: bytes, filename="file.csv", *, apply=False, actor=None):
    table = read_table(data, filename)
    return run_import(
        actor=actor, kind=kind, table=table, filename=filename, sha256=importers.file_sha256(data), apply=apply
    )


def unit_csv(*rows, header=UNIT_HEADER, encoding="utf-8"):
    return csv_bytes([header, *rows], encoding)


def official_row(no="E1", name="홍길동", unit="D11", **overrides):
    row = {
        "employee_no": no,
        "name": name,
        "name_en": "Hong Gildong",
        "rank": "6급",
        "grade": "6",
        "position": "주무관",
        "job_series": "행정",
        "unit_code": unit,
        "status": "재직",
        "email": "hong@busan.example",
        "phone": "051-888-1234",
    }
    row.update(overrides)
    return [row[h] for h in OFFICIAL_HEADER]


# --- Reading files ---------------------------------------------------------------------------------------------


def test_read_csv_utf8_without_bom():
    table = read_table("code,name\nA,기획관\n".encode(), "units.csv")
    assert table.headers == ["code", "name"]
    assert table.rows == [(2, ["A", "기획관"])]
    assert table.encoding == "utf-8"


def test_read_csv_utf8_with_bom():
    table = read_table(codecs.BOM_UTF8 + "코드,명칭\nA,기획관\n".encode(), "units.csv")
    assert table.headers == ["코드", "명칭"]
    assert table.encoding == "utf-8-sig"


def test_read_csv_cp949_is_detected():
    table = read_table("코드,명칭\nA,혁신정책과\n".encode("cp949"), "units.csv")
    assert table.encoding == "cp949"
    assert table.rows[0][1] == ["A", "혁신정책과"]


def test_read_tab_separated_text():
    table = read_table("code\tname\nA\t국\n".encode(), "units.csv")
    assert table.headers == ["code", "name"]


def test_read_skips_blank_rows_and_keeps_spreadsheet_row_numbers():
    table = read_table(b"code,name\n\nA,x\n,\nB,y\n", "units.csv")
    assert [n for n, _cells in table.rows] == [3, 5]


def test_read_xlsx():
    data = xlsx_bytes([["code", "name", "sort_order"], ["A", "기획관", 3], ["B", None, 1.0]])
    table = read_table(data, "units.xlsx")
    assert table.file_format == "xlsx"
    assert table.rows == [(2, ["A", "기획관", "3"]), (3, ["B", "", "1"])]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "units.csv", "The file is empty."),
        (b"\n\n , \n", "units.csv", "The file is empty."),
        (b"code,name\n", "units.csv", "header row but no data"),
        (b"code,name\n\x80\x80\xff,x\n", "units.csv", "could not be read"),
        (b"not a zip at all", "units.xlsx", "may be damaged"),
        (b"PK\x03\x04 broken zip", "units.xlsx", "may be damaged"),
        (b"%PDF-1.7", "units.pdf", "Choose a CSV or XLSX file."),
        (b"\xd0\xcf\x11\xe0", "units.xls", ".xls"),
        (b"code\x00,name\nA,B\n", "units.csv", "not a text CSV"),
    ],
)
def test_read_refuses_unusable_files_with_a_clear_message(data, filename, message):
    with pytest.raises(ImportFileError) as excinfo:
        read_table(data, filename)
    assert message in excinfo.value.message


def test_read_refuses_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ImportFileError, match="damaged"):
        read_table(buffer.getvalue(), "units.xlsx")


def test_read_refuses_an_xlsx_that_unpacks_to_too_much(monkeypatch):
    monkeypatch.setattr(importers, "XLSX_MAX_UNPACKED_BYTES", 1000)
    data = xlsx_bytes([["code", "name"], ["A", "x" * 5000]])
    with pytest.raises(ImportFileError, match="unpacks"):
        read_table(data, "units.xlsx")


def test_read_refuses_files_over_5_mb():
    with pytest.raises(ImportFileError, match="5 MB"):
        read_table(b"code,name\n" + b"A,B\n" * (2 * 1024 * 1024), "units.csv")


# --- Planning (dry run) -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_missing_headers_are_named():
    data = csv_bytes([["code", "name_en"], ["A", "x"]])
    with pytest.raises(ImportFileError) as excinfo:
        run(ImportKind.UNITS, data)
    assert "name (명칭)" in excinfo.value.message
    assert "kind (유형)" in excinfo.value.message
    assert "code (코드)" not in excinfo.value.message


@pytest.mark.django_db
def test_missing_officials_headers_are_named_in_korean_interface():
    data = csv_bytes([["사번", "성명"], ["E1", "홍길동"]])
    with translation.override("ko"), pytest.raises(ImportFileError) as excinfo:
        run(ImportKind.OFFICIALS, data)
    assert "rank (직급)" in excinfo.value.message
    assert "unit_code (부서코드)" in excinfo.value.message


@pytest.mark.django_db
def test_dry_run_of_korean_headers_and_values_counts_changes_and_changes_nothing():
    city = City()
    data = csv_bytes(
        [
            ["코드", "부서명", "영문명", "유형", "상위코드", "순서", "사용여부"],
            ["B3", "문화국", "Culture Bureau", "국", "C0", "3", "Y"],
            ["D31", "문화예술과", "", "과", "B3", "1", "사용"],
            ["T311", "공연팀", "", "팀", "D31", "", ""],
            ["G2", "기장군", "", "구·군", "C0", "", ""],
            ["P2", "부산도시공사", "", "공사·공단", "C0", "", ""],
            ["A1", "부산연구원", "", "출자·출연기관", "C0", "", "N"],
            ["B1", "기획관", "Planning Bureau", "국", "C0", "0", "Y"],  # unchanged
            ["B2", "시민안전국", "Safety Bureau", "bureau", "C0", "0", "Y"],  # renamed
        ]
    )
    before = OrgUnit.objects.count()

    plan = run(ImportKind.UNITS, data)

    assert plan.errors == []
    assert (plan.created, plan.updated, plan.unchanged) == (6, 1, 1)
    assert not plan.applied
    assert OrgUnit.objects.count() == before
    assert OrgUnit.objects.get(pk=city.other_bureau.pk).name == "안전국"
    assert AuditEvent.objects.filter(verb="accounts.org_imported").count() == 0


@pytest.mark.django_db
def test_row_errors_name_row_column_and_problem():
    City()
    data = csv_bytes(
        [
            ["code", "name", "kind", "parent_code", "sort_order", "is_active"],
            ["X1", "좋은과", "과", "C0", "1", "Y"],
            ["X2", "이상한곳", "동아리", "C0", "1", "Y"],
            ["X1", "중복과", "과", "C0", "1", "Y"],
            ["X3", "", "과", "NOPE", "-1", "maybe"],
        ]
    )
    plan = run(ImportKind.UNITS, data)
    found = {(e.row, e.column) for e in plan.errors}
    assert (3, "kind") in found
    assert (4, "code") in found
    assert (5, "name") in found
    assert (5, "sort_order") in found
    assert (5, "is_active") in found
    messages = " ".join(e.message for e in plan.errors)
    assert "Unknown value “동아리”" in messages
    assert "appears more than once in the file (first on row 2)" in messages


@pytest.mark.django_db
def test_unknown_parent_is_an_error_but_a_parent_later_in_the_file_is_fine():
    City()
    data = unit_csv(
        ["T9", "새팀", "", "팀", "D9", "", ""],  # parent comes later in the file
        ["D9", "새과", "", "과", "B1", "", ""],
        ["T8", "고아팀", "", "팀", "ZZZ", "", ""],
    )
    plan = run(ImportKind.UNITS, data)
    assert [(e.row, e.column) for e in plan.errors] == [(4, "parent_code")]
    assert "ZZZ" in plan.errors[0].message


@pytest.mark.django_db
def test_cycles_in_the_file_are_detected():
    City()
    data = unit_csv(
        ["X1", "가과", "", "과", "X2", "", ""],
        ["X2", "나과", "", "과", "X3", "", ""],
        ["X3", "다과", "", "과", "X1", "", ""],
        ["X4", "자기과", "", "과", "X4", "", ""],
    )
    plan = run(ImportKind.UNITS, data)
    cycle_rows = sorted(e.row for e in plan.errors)
    assert cycle_rows == [2, 3, 4, 5]
    assert "X1 → X2 → X3 → X1" in plan.errors[0].message
    assert "its own parent" in plan.errors[-1].message


@pytest.mark.django_db
def test_moving_an_existing_unit_below_its_own_descendant_is_a_cycle():
    City()
    plan = run(ImportKind.UNITS, unit_csv(["B1", "기획관", "", "국", "T111", "", ""]))
    assert len(plan.errors) == 1
    assert "cycle" in plan.errors[0].message


@pytest.mark.django_db
def test_official_row_errors():
    City()
    OfficialFactory(employee_no="E9", unit=OrgUnit.objects.get(code="D11"))
    data = csv_bytes(
        [
            OFFICIAL_HEADER,
            official_row("E1", email="not-an-email"),
            official_row("E2", grade="10"),
            official_row("E3", grade="x"),
            official_row("E4", unit="NOPE"),
            official_row("E5", status="놀러감"),
            official_row("E6", phone="call me"),
            official_row("E7", grade="7급"),  # fine: 급 is dropped
        ]
    )
    plan = run(ImportKind.OFFICIALS, data)
    assert [(e.row, e.column) for e in plan.errors] == [
        (2, "email"),
        (3, "grade"),
        (4, "grade"),
        (5, "unit_code"),
        (6, "status"),
        (7, "phone"),
    ]
    assert "not a valid e-mail" in plan.errors[0].message
    assert "from 1 to 9" in plan.errors[1].message
    assert plan.created == 1


@pytest.mark.django_db
def test_error_messages_follow_the_users_language():
    City()
    data = csv_bytes([OFFICIAL_HEADER, official_row("E1", grade="0")])
    with translation.override("ko"):
        plan = run(ImportKind.OFFICIALS, data)
    assert plan.errors[0].column == "grade"
    assert "1" in plan.errors[0].message
    assert "9" in plan.errors[0].message
    assert plan.errors[0].message != "The grade must be a whole number from 1 to 9, or empty."


# --- Applying ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_bad_row_among_good_ones_changes_nothing_even_when_applying():
    City()
    officials_before = Official.objects.count()
    data = csv_bytes([OFFICIAL_HEADER, official_row("E1"), official_row("E2", email="broken@"), official_row("E3")])

    plan = run(ImportKind.OFFICIALS, data, apply=True)

    assert len(plan.errors) == 1
    assert not plan.applied
    assert Official.objects.count() == officials_before
    assert not AuditEvent.objects.filter(verb="accounts.org_imported").exists()


@pytest.mark.django_db
def test_applying_units_creates_updates_sets_paths_and_audits_once():
    city = City()
    actor = UserFactory()
    data = unit_csv(
        ["T9", "새팀", "", "팀", "D9", "", ""],
        ["D9", "새과", "New Division", "과", "B2", "2", ""],
        ["D11", "혁신정책과", "Innovation Policy Division", "과", "B2", "", "Y"],  # moved with its team
    )

    plan = run(ImportKind.UNITS, data, apply=True, actor=actor)

    assert plan.applied
    assert (plan.created, plan.updated) == (2, 1)
    new_dept = OrgUnit.objects.get(code="D9")
    new_team = OrgUnit.objects.get(code="T9")
    assert new_dept.parent_id == city.other_bureau.pk
    assert new_dept.path == f"{city.other_bureau.path}{new_dept.pk:06d}/"
    assert new_dept.depth == 2
    assert new_team.path == f"{new_dept.path}{new_team.pk:06d}/"
    assert new_team.depth == 3
    moved = OrgUnit.objects.get(code="D11")
    assert moved.path.startswith(city.other_bureau.path)
    team = OrgUnit.objects.get(code="T111")
    assert team.path == f"{moved.path}{team.pk:06d}/"
    assert team.depth == 3
    event = AuditEvent.objects.get(verb="accounts.org_imported")
    assert event.actor == actor
    assert event.data["kind"] == "units"
    assert event.data["created"] == 2
    assert event.data["updated"] == 1
    assert event.data["sha256"] == importers.file_sha256(data)
    assert sorted(event.data["created_keys"]) == ["D9", "T9"]


@pytest.mark.django_db
def test_applying_officials_creates_and_updates():
    city = City()
    existing = OfficialFactory(employee_no="E1", name="옛이름", unit=city.dept, grade=7, rank="7급")
    data = csv_bytes(
        [OFFICIAL_HEADER, official_row("E1", grade="6"), official_row("E2", name="김철수", unit="G1", status="휴직")]
    )

    plan = run(ImportKind.OFFICIALS, data, apply=True)

    assert plan.applied
    assert (plan.created, plan.updated) == (1, 1)
    existing.refresh_from_db()
    assert (existing.name, existing.grade, existing.rank) == ("홍길동", 6, "6급")
    new = Official.objects.get(employee_no="E2")
    assert new.unit == city.district
    assert new.status == OfficialStatus.ON_LEAVE


@pytest.mark.django_db
def test_columns_absent_from_the_file_are_left_alone():
    city = City()
    official = OfficialFactory(employee_no="E1", name="홍길동", unit=city.dept, email="keep@busan.example", rank="6급")
    data = csv_bytes([["사번", "성명", "직급", "부서코드"], ["E1", "홍길동", "6급", "D21"]])

    plan = run(ImportKind.OFFICIALS, data, apply=True)

    official.refresh_from_db()
    assert plan.updated == 1
    assert official.unit == city.other_dept
    assert official.email == "keep@busan.example"


@pytest.mark.django_db
def test_xlsx_import_of_officials():
    City()
    data = xlsx_bytes([OFFICIAL_HEADER, official_row("E1"), official_row("E2")])
    plan = run(ImportKind.OFFICIALS, data, "officials.xlsx", apply=True)
    assert plan.applied
    assert plan.created == 2
    assert Official.objects.get(employee_no="E1").grade == 6


@pytest.mark.django_db
def test_cp949_csv_import_of_units():
    City()
    data = "코드,명칭,유형,상위코드\nG9,기장군,구·군,C0\n".encode("cp949")
    plan = run(ImportKind.UNITS, data, apply=True)
    assert plan.applied
    unit = OrgUnit.objects.get(code="G9")
    assert (unit.name, unit.kind) == ("기장군", OrgUnitKind.DISTRICT)


@pytest.mark.django_db
def test_first_import_into_an_empty_organisation():
    data = unit_csv(["C0", "부산광역시", "Busan", "시", "", "", ""], ["B1", "기획관", "", "국", "C0", "", ""])
    plan = run(ImportKind.UNITS, data, apply=True)
    assert plan.applied
    root = OrgUnit.objects.get(code="C0")
    assert root.path == f"{root.pk:06d}/"
    assert OrgUnit.objects.get(code="B1").path.startswith(root.path)


@pytest.mark.django_db
def test_two_thousand_officials_import_quickly_with_few_queries():
    City()
    rows = [OFFICIAL_HEADER] + [
        official_row(
            f"E{i:05d}", name=f"공무원{i}", unit=("D11", "D21", "G1", "P1")[i % 4], email=f"o{i}@busan.example"
        )
        for i in range(2000)
    ]
    data = csv_bytes(rows)
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        plan = run(ImportKind.OFFICIALS, data, apply=True)
    elapsed = time.monotonic() - started

    assert plan.applied
    assert plan.created == 2000
    assert Official.objects.count() == 2000
    assert len(queries) < 40
    assert elapsed < 10

    # Importing the same file again: everything is unchanged, still without per-row queries.
    with CaptureQueriesContext(connection) as queries:
        again = run(ImportKind.OFFICIALS, data, apply=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2000)
    assert len(queries) < 20


# --- Export and round trips ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_units_export_then_import_is_unchanged(fmt):
    city = City()
    city.corporation.is_active = False
    city.corporation.sort_order = 7
    city.corporation.save()
    headers = importers.headers_for(ImportKind.UNITS)
    rows = importers.unit_rows(importers.export_units_queryset())
    data = importers.render_csv(headers, rows) if fmt == "csv" else importers.render_xlsx(headers, rows)

    plan = run(ImportKind.UNITS, data, f"units.{fmt}")

    assert plan.errors == []
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, OrgUnit.objects.count())


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_officials_export_then_import_is_unchanged(fmt):
    city = City()
    OfficialFactory(unit=city.dept, phone="+82-51-888-1234", name_en='=HYPERLINK("x")', grade=None, rank="전문경력관")
    OfficialFactory(unit=city.district, status=OfficialStatus.RETIRED, email="")
    headers = importers.headers_for(ImportKind.OFFICIALS)
    officials = Official.objects.select_related("unit")
    rows = importers.official_rows(officials)
    data = importers.render_csv(headers, rows) if fmt == "csv" else importers.render_xlsx(headers, rows)

    plan = run(ImportKind.OFFICIALS, data, f"officials.{fmt}")

    assert plan.errors == []
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 2)


def test_csv_export_is_utf8_with_bom_and_defuses_formulas():
    data = importers.render_csv(["name"], [["=1+1"], ["+82-51"], ["홍길동"]])
    assert data.startswith(codecs.BOM_UTF8)
    text = data.decode("utf-8-sig")
    assert "'=1+1" in text
    assert "'+82-51" in text
    assert "홍길동" in text


def test_xlsx_export_writes_text_never_formulas():
    from openpyxl import load_workbook

    data = importers.render_xlsx(["name"], [["=1+1"]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == "=1+1"
