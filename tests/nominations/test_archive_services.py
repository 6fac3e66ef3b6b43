"""Import of past cases: the dry run lists row errors and writes nothing; the import writes real past rounds'
records (gallery, case page, statistics), all or nothing, idempotent per (year, half, title, department)."""

import io

import pytest
from openpyxl import Workbook

from proactive.audit.models import AuditEvent
from proactive.nominations.enums import Consent, Grade, RoundStatus
from proactive.nominations.models import Award, CommitteeMeeting, Nomination, NominationMember, SelectionRound
from proactive.nominations.queries.awards import gallery_awards, get_public_case
from proactive.nominations.services.archive import (
    ArchiveRejected,
    check_archive,
    check_rows,
    import_archive,
    template_csv,
    template_rows,
    template_xlsx,
)
from tests.factories.accounts import OfficialFactory, OrgUnitFactory
from tests.nominations.test_nominations_support import secretariat

pytestmark = pytest.mark.django_db
HEADER_KO = template_rows()[0]
HEADER_EN = ["year", "half", "title", "department", "type", "grade", "summary", "officials", "figures"]


@pytest.fixture
def unit():
    return OrgUnitFactory(name="투자유치과", code="BS-INV")


def _row(unit, **overrides):
    values = {
        "year": "2020",
        "half": "상반기",
        "title": "공장 증설 규제 개선",
        "department": unit.name,
        "type": "우수사례",
        "grade": "최우수",
        "summary": "불합리한 규제를 개선하여 투자를 유치했습니다.",
        "officials": "",
        "figures": "투자 120억 원",
    }
    values |= overrides
    return [values[k] for k in HEADER_EN]


def test_the_dry_run_lists_each_row_error_and_writes_nothing(unit):
    table = [
        HEADER_KO,
        _row(unit),
        _row(unit, year="이천이십", grade="금상", department="없는과", title=""),
        _row(unit, half="3", officials="없는사람"),
    ]
    check = check_rows(table)
    cells = {(e.row, e.column) for e in check.errors}
    assert {(3, "연도"), (3, "등급"), (3, "부서"), (3, "사례명")} <= cells
    assert {(4, "반기"), (4, "공무원")} <= cells
    assert [r.row for r in check.rows] == [2]
    assert not SelectionRound.objects.exists()
    assert not Nomination.objects.exists()


def test_errors_are_in_the_users_language(unit, settings):
    from django.utils import translation

    with translation.override("en"):
        check = check_rows([HEADER_EN, _row(unit, grade="금상")])
    assert check.errors[0].column == "Grade"
    assert "최우수" in check.errors[0].message


def test_a_missing_column_is_one_clear_error(unit):
    check = check_rows([HEADER_KO[:3], ["2020", "상반기", "제목"]])
    assert len(check.errors) == 1
    assert "부서" in check.errors[0].message


def test_an_import_with_any_error_changes_nothing(unit):
    with pytest.raises(ArchiveRejected) as raised:
        import_archive(actor=secretariat(), table=[HEADER_KO, _row(unit), _row(unit, title="", year="2021")])
    assert raised.value.errors[0].row == 3
    assert not SelectionRound.objects.exists()
    assert not Nomination.objects.exists()
    assert not AuditEvent.objects.filter(verb="nominations.archive_imported").exists()


def test_imported_cases_are_real_past_round_records(unit):
    lead = OfficialFactory(name="홍길동", unit=unit)
    other = OfficialFactory(name="김철수", unit=unit)
    table = [
        HEADER_EN,
        _row(unit, officials="홍길동; 김철수"),
        _row(unit, title="위기가구 발굴", type="도전사례", grade="도전", half="하반기", year="2021"),
    ]
    counts = import_archive(actor=secretariat(), table=table, filename="archive.csv", names_consented=True)
    assert counts == {"rows": 2, "created": 2, "skipped": 0, "rounds_created": 2}
    rnd = SelectionRound.objects.get(year=2020, half=1)
    assert rnd.status == RoundStatus.CLOSED
    assert CommitteeMeeting.objects.get(round=rnd).decided_at is not None
    nom = Nomination.objects.get(title="공장 증설 규제 개선")
    assert nom.award.grade == Grade.TOP
    assert nom.award.confirmed_at is not None
    members = list(NominationMember.objects.filter(nomination=nom).order_by("-contribution"))
    assert [m.official for m in members] == [lead, other]
    assert all(m.consent == Consent.GIVEN for m in members)
    # Public like any other selected case: gallery, case page.
    assert set(gallery_awards().values_list("nomination__title", flat=True)) == {"공장 증설 규제 개선", "위기가구 발굴"}
    case = get_public_case(nom.pk)
    assert case is not None
    assert [m.name for m in case.team] == ["홍길동", "김철수"]
    events = AuditEvent.objects.filter(verb="nominations.archive_imported")
    assert events.count() == 2
    assert {e.data["created"] for e in events} == {1}


def test_without_consent_names_are_withheld(unit):
    OfficialFactory(name="홍길동", unit=unit)
    import_archive(actor=secretariat(), table=[HEADER_KO, _row(unit, officials="홍길동")])
    case = get_public_case(Nomination.objects.get().pk)
    assert case.named == []


def test_the_import_is_idempotent_per_year_half_title_department(unit):
    table = [HEADER_KO, _row(unit), _row(unit, title="두 번째 사례", grade="우수")]
    import_archive(actor=secretariat(), table=table)
    again = import_archive(actor=secretariat(), table=[*table, _row(unit, title="세 번째 사례", grade="장려")])
    assert again == {"rows": 3, "created": 1, "skipped": 2, "rounds_created": 0}
    assert Nomination.objects.count() == 3
    assert sorted(Award.objects.values_list("rank", flat=True)) == [1, 2, 3]
    check = check_rows(table)
    assert len(check.existing_rows) == 2
    events = AuditEvent.objects.filter(verb="nominations.archive_imported").count()
    assert import_archive(actor=secretariat(), table=table)["created"] == 0
    assert AuditEvent.objects.filter(verb="nominations.archive_imported").count() == events  # nothing changed


def test_a_duplicate_row_in_the_file_is_an_error(unit):
    check = check_rows([HEADER_KO, _row(unit), _row(unit)])
    assert [(e.row, e.column) for e in check.errors] == [(3, "사례명")]


def test_a_running_round_refuses_its_rows(unit):
    from tests.nominations.test_awards_support import decided_round

    rnd = decided_round(status=RoundStatus.PUBLISHED)
    rnd.status = RoundStatus.DRAFT
    rnd.year = 2020
    rnd.save()
    check = check_rows([HEADER_KO, _row(unit, year=str(rnd.year), half=str(rnd.half))])
    assert check.errors
    assert check.errors[0].column == "반기"


def test_ambiguous_officials_need_the_employee_number(unit):
    OfficialFactory(name="이영희", unit=unit, employee_no="2019001")
    OfficialFactory(name="이영희", unit=unit, employee_no="2019002")
    assert "2019001" in check_rows([HEADER_KO, _row(unit, officials="이영희")]).errors[0].message
    assert not check_rows([HEADER_KO, _row(unit, officials="이영희(2019002)")]).errors


def test_the_templates_read_back_and_check_clean(unit):
    OrgUnitFactory(name="복지정책과")
    OfficialFactory(name="홍길동", unit=unit)
    OfficialFactory(name="김철수", unit=unit)
    assert not check_archive(io.BytesIO(template_csv()), "t.csv").errors
    assert not check_archive(io.BytesIO(template_xlsx()), "t.xlsx").errors


def test_cp949_csv_and_xlsx_numbers_are_read(unit):
    text = ",".join(HEADER_KO) + "\n" + ",".join(_row(unit)) + "\n"
    assert not check_archive(io.BytesIO(text.encode("cp949")), "old.csv").errors
    book = Workbook()
    book.active.append(HEADER_KO)
    book.active.append([2020, 1, *_row(unit)[2:]])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    assert not check_archive(out, "a.xlsx").errors


def test_an_unreadable_file_is_a_clear_error():
    check = check_archive(io.BytesIO(b"not a workbook"), "a.xlsx")
    assert check.errors[0].row == 0
    assert "XLSX" in check.errors[0].message
