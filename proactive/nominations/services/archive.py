"""Import of past rounds' selected cases from the secretariat's archive (CSV or XLSX; issue 7).

The file has one row per selected case: year, half, title, department, type, grade, summary, officials, figures
(headers in Korean or English: ``COLUMNS``; a template is offered for download). ``check_archive`` reads and
checks every row and returns the row errors (row number, column, message) without writing anything: the dry run.
``import_archive`` checks again and, only when no row has an error, writes every case in one transaction.

Each case becomes a real record of a past round, the way ``proactive.demo.history`` writes the programme's history:
the closed round (created with Busan's calendar, its rubric, grade rules, frozen configuration snapshot and the
committee meeting with its decision, unless the round exists), a verified, shortlisted department nomination with
its team (officials matched to the register), and a confirmed award with the grade. So imported cases appear in the
gallery, on case pages, in search and in the statistics like any other. Idempotent per (year, half, title,
department): a case already there is skipped. Only past rounds: a round that is not closed or published refuses
its rows. Side effects: one audit event ``nominations.archive_imported`` per round touched, with the counts.
"""

import csv
import datetime
import io
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from proactive.accounts.models import Official, OrgUnit
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.nominations.enums import (
    CaseType,
    Consent,
    Grade,
    Half,
    NominationState,
    NominatorType,
    RoundStatus,
    TieBreak,
    Voters,
)
from proactive.nominations.models import (
    Award,
    CommitteeMeeting,
    Criterion,
    GradeRule,
    Nomination,
    NominationMember,
    RoundConfigSnapshot,
    SelectionRound,
)
from proactive.nominations.queries.rounds import PUBLIC_STATUSES
from proactive.nominations.services.rounds import config_data, default_criteria, default_grade_rules

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
MAX_ROWS = 2000
MAX_OFFICIALS = 10
FIRST_YEAR = 2019  # SelectionRound.year's lower bound

# Column key → (Korean header, English header, label shown with errors).
COLUMNS: dict[str, tuple[str, str, Any]] = {
    "year": ("연도", "year", pgettext_lazy("archive column", "Year")),
    "half": ("반기", "half", pgettext_lazy("archive column", "Half")),
    "title": ("사례명", "title", pgettext_lazy("archive column", "Title")),
    "department": ("부서", "department", pgettext_lazy("archive column", "Department")),
    "type": ("유형", "type", pgettext_lazy("archive column", "Type")),
    "grade": ("등급", "grade", pgettext_lazy("archive column", "Grade")),
    "summary": ("요약", "summary", pgettext_lazy("archive column", "Summary")),
    "officials": ("공무원", "officials", pgettext_lazy("archive column", "Officials")),
    "figures": ("성과", "figures", pgettext_lazy("archive column", "Results in figures")),
}
REQUIRED = ("year", "half", "title", "department", "type", "grade", "summary")
HALVES = {
    "1": Half.FIRST,
    "2": Half.SECOND,
    "상반기": Half.FIRST,
    "하반기": Half.SECOND,
    "상": Half.FIRST,
    "하": Half.SECOND,
    "h1": Half.FIRST,
    "h2": Half.SECOND,
    "first": Half.FIRST,
    "second": Half.SECOND,
}
TYPES = {
    "우수사례": CaseType.BEST_PRACTICE,
    "우수": CaseType.BEST_PRACTICE,
    "도전사례": CaseType.CHALLENGE,
    "도전": CaseType.CHALLENGE,
    "best_practice": CaseType.BEST_PRACTICE,
    "best practice": CaseType.BEST_PRACTICE,
    "challenge": CaseType.CHALLENGE,
}
GRADES = {
    "최우수": Grade.TOP,
    "우수": Grade.EXCELLENT,
    "장려": Grade.ENCOURAGEMENT,
    "도전": Grade.CHALLENGE,
    "top": Grade.TOP,
    "excellent": Grade.EXCELLENT,
    "encouragement": Grade.ENCOURAGEMENT,
    "challenge": Grade.CHALLENGE,
}
GRADE_ORDER: list[str] = [Grade.TOP, Grade.EXCELLENT, Grade.ENCOURAGEMENT, Grade.CHALLENGE]


class ArchiveRejected(DomainError):
    """The file has errors: nothing was imported."""

    def __init__(self, errors: list["RowError"]) -> None:
        super().__init__(_("The file has %(count)d errors; nothing was imported.") % {"count": len(errors)})
        self.errors = errors


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number (the header is row 1); 0 for the file as a whole
    column: str  # the column's label in the user's language; "" for the whole row
    message: str


@dataclass
class ArchiveRow:
    row: int
    year: int
    half: int
    title: str
    unit: OrgUnit
    case_type: str
    grade: str
    summary: str
    figures: str
    officials: list[Official] = field(default_factory=list)
    exists: bool = False  # already imported (same year, half, title, department): skipped

    @property
    def grade_label(self) -> str:
        return str(Grade(self.grade).label)

    @property
    def round_label(self) -> str:
        return _("%(year)s, %(half)s") % {"year": self.year, "half": Half(self.half).label}


@dataclass
class ArchiveCheck:
    rows: list[ArchiveRow]
    errors: list[RowError]

    @property
    def new_rows(self) -> list[ArchiveRow]:
        return [r for r in self.rows if not r.exists]

    @property
    def existing_rows(self) -> list[ArchiveRow]:
        return [r for r in self.rows if r.exists]


# --- Reading the file -------------------------------------------------------------------------------------------


def template_rows() -> list[list[str]]:
    """The template's header (Korean) and two example rows."""
    return [
        [COLUMNS[key][0] for key in COLUMNS],
        [
            "2020",
            "상반기",
            "공장 증설 규제 개선으로 투자 유치",
            "투자유치과",
            "우수사례",
            "최우수",
            "불합리한 공장 증설 규제를 개선하여 기업 투자를 유치했습니다.",
            "홍길동; 김철수",
            "투자 유치 120억 원",
        ],
        [
            "2021",
            "하반기",
            "복지 사각지대 위기가구 발굴",
            "복지정책과",
            "도전사례",
            "도전",
            "단전·단수 정보를 연계해 위기가구를 찾아 지원했습니다.",
            "",
            "발굴 350가구",
        ],
    ]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def read_table(upload: IO[bytes], filename: str) -> list[list[str]]:
    """The file's rows as text cells (CSV in UTF-8 with or without BOM, or CP949; or the first sheet of an XLSX).
    Raises ``DomainError`` when the file cannot be read."""
    data = upload.read()
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook  # heavy: only for XLSX files

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file problem
            raise DomainError(_("The XLSX file could not be read: is it an Excel workbook?")) from exc
        sheet = book.worksheets[0]
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError(_("The CSV file is not in UTF-8 or CP949 (EUC-KR) text."))
    return [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text))]


def _header(cells: list[str]) -> tuple[dict[str, int], list[RowError]]:
    names = {}
    for key, (korean, english, _label) in COLUMNS.items():
        names[korean] = key
        names[english] = key
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, cell in enumerate(cells):
        found = names.get(cell.strip().lower()) or names.get(cell.strip())
        if found is not None and found not in positions:
            positions[found] = index
    missing = [COLUMNS[k][0] + " (" + COLUMNS[k][1] + ")" for k in REQUIRED if k not in positions]
    if missing:
        errors.append(
            RowError(
                1, "", _("Missing columns: %(columns)s. Use the template's headers.") % {"columns": ", ".join(missing)}
            )
        )
    return positions, errors


# --- Checking ------------------------------------------------------------------------------------------------


class _Lookups:
    """Departments and officials, loaded once per file."""

    def __init__(self) -> None:
        self.units: dict[str, list[OrgUnit]] = {}
        for unit in OrgUnit.objects.all():
            for key in {unit.name, unit.name_en, unit.code} - {""}:
                self.units.setdefault(key.strip().lower(), []).append(unit)
        self.officials: dict[str, list[Official]] = {}
        self.by_number: dict[str, Official] = {}
        for official in Official.objects.select_related("unit"):
            self.officials.setdefault(official.name, []).append(official)
            self.by_number[official.employee_no] = official


def _official(lookups: _Lookups, text: str, unit: OrgUnit | None) -> tuple[Official | None, str]:
    name, number = text, ""
    if "(" in text and text.endswith(")"):
        name, number = text[:-1].split("(", 1)
        name, number = name.strip(), number.strip()
    if number:
        official = lookups.by_number.get(number)
        if official is None or official.name != name:
            return None, _("No official %(name)s with employee number %(number)s in the register.") % {
                "name": name,
                "number": number,
            }
        return official, ""
    found = lookups.officials.get(name, [])
    if unit is not None and len(found) > 1:
        found = [o for o in found if o.unit.path.startswith(unit.path)] or found
    if not found:
        return None, _("No official called %(name)s in the register.") % {"name": name}
    if len(found) > 1:
        return None, _("Several officials are called %(name)s: write the employee number, e.g. %(name)s(2019001).") % {
            "name": name
        }
    return found[0], ""


def check_rows(table: list[list[str]]) -> ArchiveCheck:
    """Check every row; returns the rows that can be imported and every error (none written)."""
    if not table or not any(table[0]):
        return ArchiveCheck([], [RowError(0, "", _("The file is empty."))])
    positions, errors = _header(table[0])
    if errors:
        return ArchiveCheck([], errors)
    body = [(number, cells) for number, cells in enumerate(table[1:], start=2) if any(cells)]
    if not body:
        return ArchiveCheck([], [RowError(0, "", _("The file has a header but no cases."))])
    if len(body) > MAX_ROWS:
        return ArchiveCheck([], [RowError(0, "", _("At most %(max)d cases per file.") % {"max": MAX_ROWS})])
    lookups = _Lookups()
    rounds = {(r.year, r.half): r for r in SelectionRound.objects.all()}
    this_year = timezone.localdate().year
    rows: list[ArchiveRow] = []
    seen: dict[tuple, int] = {}
    for number, cells in body:
        row_errors: list[RowError] = []

        def value(key: str, cells: list[str] = cells) -> str:
            index = positions.get(key)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        def error(key: str, message: str, number: int = number, row_errors: list = row_errors) -> None:
            row_errors.append(RowError(number, str(COLUMNS[key][2]) if key else "", message))

        for key in REQUIRED:
            if not value(key):
                error(key, _("Required: this cell is empty."))
        year = half = None
        if value("year"):
            try:
                year = int(value("year").removesuffix("년"))
            except ValueError:
                error("year", _("Write the year as a number, e.g. 2020."))
            else:
                if not FIRST_YEAR <= year <= this_year:
                    error(
                        "year",
                        _("The year must be between %(first)d and %(last)d.")
                        % {"first": FIRST_YEAR, "last": this_year},
                    )
                    year = None
        if value("half"):
            half = HALVES.get(value("half").lower())
            if half is None:
                error("half", _("Write 상반기 or 하반기 (or 1, 2)."))
        case_type = TYPES.get(value("type").lower()) if value("type") else None
        if value("type") and case_type is None:
            error("type", _("Write 우수사례 or 도전사례."))
        grade = GRADES.get(value("grade").lower()) if value("grade") else None
        if value("grade") and grade is None:
            error("grade", _("Write 최우수, 우수, 장려 or 도전."))
        title = value("title")
        if len(title) > 200:
            error("title", _("At most 200 characters (this one has %(length)d).") % {"length": len(title)})
        unit = None
        if value("department"):
            units = lookups.units.get(value("department").lower(), [])
            if not units:
                error(
                    "department", _("No department called %(name)s in the org chart.") % {"name": value("department")}
                )
            elif len(units) > 1:
                error(
                    "department",
                    _("Several units are called %(name)s: write the unit's code instead.")
                    % {"name": value("department")},
                )
            else:
                unit = units[0]
        officials: list[Official] = []
        names = [n.strip() for n in value("officials").replace(",", ";").split(";") if n.strip()]
        if len(names) > MAX_OFFICIALS:
            error("officials", _("At most %(max)d officials per case.") % {"max": MAX_OFFICIALS})
        for name in names[:MAX_OFFICIALS]:
            official, problem = _official(lookups, name, unit)
            if problem:
                error("officials", problem)
            elif official in officials:
                error("officials", _("%(name)s is listed twice.") % {"name": name})
            elif official is not None:
                officials.append(official)
        if year and half:
            existing = rounds.get((year, half))
            if existing is not None and existing.status not in PUBLIC_STATUSES:
                error(
                    "half",
                    _("The round %(round)s is not closed: only past rounds can be imported.")
                    % {"round": existing.title},
                )
        if year and half and title and unit is not None:
            case_key = (year, half, title, unit.pk)
            if case_key in seen:
                error(
                    "title",
                    _("The same case (year, half, title, department) is also in row %(row)d.")
                    % {"row": seen[case_key]},
                )
            seen.setdefault(case_key, number)
        if row_errors:
            errors += row_errors
            continue
        if not (year and half and unit and case_type and grade):  # pragma: no cover - an error was recorded
            continue
        rows.append(
            ArchiveRow(
                row=number,
                year=year,
                half=half,
                title=title,
                unit=unit,
                case_type=case_type,
                grade=grade,
                summary=value("summary"),
                figures=value("figures"),
                officials=officials,
            )
        )
    _mark_existing(rows)
    return ArchiveCheck(rows, errors)


def _mark_existing(rows: list[ArchiveRow]) -> None:
    keys = {(r.year, r.half, r.title, r.unit.pk) for r in rows}
    if not keys:
        return
    there = set(
        Nomination.objects.filter(
            round__year__in={k[0] for k in keys}, title__in={k[2] for k in keys}, nominating_unit__isnull=False
        ).values_list("round__year", "round__half", "title", "nominating_unit_id")
    )
    for row in rows:
        row.exists = (row.year, row.half, row.title, row.unit.pk) in there


def check_archive(upload: IO[bytes], filename: str) -> ArchiveCheck:
    """The dry run: read and check the file; nothing is written."""
    try:
        table = read_table(upload, filename)
    except DomainError as exc:
        return ArchiveCheck([], [RowError(0, "", exc.message)])
    return check_rows(table)


# --- Writing -------------------------------------------------------------------------------------------------


def _seoul(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=SEOUL)


def past_round_fields(year: int, half: int) -> dict[str, Any]:
    """The fields of a closed past round on Busan's calendar (상반기 nominations in July, results in September;
    하반기 from mid-December to early January, results in February), for the import and for ``demo.history``."""
    if half == Half.FIRST:
        open_at, close_at = _seoul(year, 7, 1), _seoul(year, 7, 16, 18)
        results = (datetime.date(year, 1, 1), datetime.date(year, 6, 30))
    else:
        open_at, close_at = _seoul(year, 12, 15), _seoul(year + 1, 1, 2, 18)
        results = (datetime.date(year, 7, 1), datetime.date(year, 12, 31))
    vote_start = close_at + datetime.timedelta(days=37, hours=-9)
    committee_at = vote_start + datetime.timedelta(days=14, hours=5)
    return {
        "year": year,
        "half": half,
        "status": RoundStatus.CLOSED,
        "results_from": results[0],
        "results_to": results[1],
        "nominations_open_at": open_at,
        "nominations_close_at": close_at,
        "verification_end_at": close_at + datetime.timedelta(days=10),
        "working_review_end_at": close_at + datetime.timedelta(days=24),
        "vote_start_at": vote_start,
        "vote_end_at": vote_start + datetime.timedelta(days=7),
        "committee_at": committee_at,
        "announce_at": committee_at + datetime.timedelta(days=7),
        "voters": Voters.BOTH,
        "tie_breaks": [TieBreak.COMMITTEE, TieBreak.WORKING, TieBreak.VOTE, TieBreak.EARLIER],
        "config_version": 1,
        "config_frozen_at": open_at,
        "shortlist_confirmed_at": close_at + datetime.timedelta(days=24),
        "tally_frozen_at": vote_start + datetime.timedelta(days=7, hours=1),
    }


def _archive_round(year: int, half: int, actor: Any) -> SelectionRound:
    """A closed past round (``past_round_fields``) with its rubric, grade rules, frozen configuration and the
    committee's decision."""
    label = f"{year}년 {'상' if half == Half.FIRST else '하'}반기"
    rnd = SelectionRound.objects.create(
        **past_round_fields(year, half), summary=f"{label} 적극행정 우수사례 (과거 자료 이관)."
    )
    committee_at = rnd.committee_at
    Criterion.objects.bulk_create(
        Criterion(round=rnd, **{**c, "guidance": str(c["guidance"])}) for c in default_criteria()
    )
    GradeRule.objects.bulk_create(
        GradeRule(
            round=rnd, grade=r["grade"], quota=0, prize_money=r["prize_money"], benefits=[str(b) for b in r["benefits"]]
        )
        for r in default_grade_rules()
    )
    RoundConfigSnapshot.objects.create(round=rnd, version=1, data=config_data(rnd), created_by=None)
    CommitteeMeeting.objects.create(
        round=rnd,
        held_at=committee_at,
        place="과거 자료 이관",
        minutes=f"{label} 적극행정 우수사례 선정 결과를 보관 자료에서 이관함.",
        decision=f"{label} 적극행정 우수사례 등급 (보관 자료 기준).",
        decided_at=committee_at + datetime.timedelta(hours=2),
    )
    return rnd


def _quotas_follow(rnd: SelectionRound) -> None:
    """The round's grade quotas count its confirmed awards (imported rounds: what was awarded)."""
    for rule in GradeRule.objects.filter(round=rnd):
        count = Award.objects.filter(nomination__round=rnd, grade=rule.grade, confirmed_at__isnull=False).count()
        if rule.quota < count:
            rule.quota = count
            rule.save(update_fields=["quota"])


@transaction.atomic
def import_archive(
    *,
    actor: Any,
    upload: IO[bytes] | None = None,
    filename: str = "",
    table: list[list[str]] | None = None,
    names_consented: bool = False,
) -> dict[str, int]:
    """Import the file's cases; with any row error nothing is written (``ArchiveRejected`` carries the errors).

    ``names_consented``: the officials agreed to their names being published (the earlier rounds published them);
    otherwise their consent is pending and the public pages withhold their names. Returns the counts (rows,
    created, skipped, rounds_created). Side effects: rounds, nominations, team members, awards; audit events
    ``nominations.archive_imported`` (one per round touched)."""
    if table is None:
        if upload is None:
            raise ValueError("upload or table")
        try:
            table = read_table(upload, filename)
        except DomainError as exc:
            raise ArchiveRejected([RowError(0, "", exc.message)]) from exc
    check = check_rows(table)
    if check.errors:
        raise ArchiveRejected(check.errors)
    rounds = {(r.year, r.half): r for r in SelectionRound.objects.select_for_update().all()}
    created_rounds: set[tuple[int, int]] = set()
    per_round: dict[tuple[int, int], dict[str, int]] = {}
    _mark_existing(check.rows)  # again, inside the transaction
    ordered = sorted(check.rows, key=lambda r: (r.year, r.half, GRADE_ORDER.index(r.grade), r.row))
    for row in ordered:
        key = (row.year, row.half)
        counts = per_round.setdefault(key, {"created": 0, "skipped": 0})
        if row.exists:
            counts["skipped"] += 1
            continue
        rnd = rounds.get(key)
        if rnd is None:
            rnd = rounds[key] = _archive_round(row.year, row.half, actor)
            created_rounds.add(key)
        _write_case(rnd, row, actor, names_consented)
        counts["created"] += 1
    for key, counts in per_round.items():
        rnd = rounds.get(key) or SelectionRound.objects.get(year=key[0], half=key[1])
        if not counts["created"]:
            continue  # every row of this round was there already: nothing changed, nothing to record
        _quotas_follow(rnd)
        record_event(
            actor=actor,
            verb="nominations.archive_imported",
            target=rnd,
            data={
                "file": filename,
                "round_created": key in created_rounds,
                "created": counts["created"],
                "skipped": counts["skipped"],
                "file_rows": len(check.rows),
            },
        )
    return {
        "rows": len(check.rows),
        "created": sum(c["created"] for c in per_round.values()),
        "skipped": sum(c["skipped"] for c in per_round.values()),
        "rounds_created": len(created_rounds),
    }


def _write_case(rnd: SelectionRound, row: ArchiveRow, actor: Any, names_consented: bool) -> Nomination:
    decided_at = rnd.committee_at + datetime.timedelta(hours=2)
    nomination = Nomination.objects.create(
        round=rnd,
        case_type=row.case_type,
        state=NominationState.VERIFIED,
        title=row.title,
        summary=row.summary,
        quantified_results=row.figures,
        period_from=rnd.results_from,
        period_to=rnd.results_to,
        nominator_type=NominatorType.DEPARTMENT,
        nominated_by=actor,
        nominating_unit=row.unit,
        submitted_at=rnd.nominations_open_at,
        shortlisted=True,
    )
    shares = _shares(len(row.officials))
    NominationMember.objects.bulk_create(
        NominationMember(
            nomination=nomination,
            official=official,
            role="",
            contribution=share,
            consent=Consent.GIVEN if names_consented else Consent.PENDING,
            consent_at=decided_at if names_consented else None,
        )
        for official, share in zip(row.officials, shares, strict=True)
    )
    rank = (Award.objects.filter(nomination__round=rnd).aggregate(m=Max("rank"))["m"] or 0) + 1
    Award.objects.create(
        nomination=nomination,
        total=Decimal("0"),
        rank=rank,
        proposed_grade=row.grade,
        grade=row.grade,
        inputs={"source": "archive", "row": row.row},
        confirmed_at=decided_at,
    )
    return nomination


def _shares(count: int) -> list[int]:
    if count == 0:
        return []
    shares = [100 // count] * count
    shares[0] += 100 - sum(shares)
    return shares


def template_csv() -> bytes:
    """The template as CSV (UTF-8 with BOM, so Excel opens the Korean headers)."""
    out = io.StringIO()
    csv.writer(out).writerows(template_rows())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook  # heavy: only for the download

    book = Workbook()
    sheet = book.active
    sheet.title = "archive"
    for row in template_rows():
        sheet.append(row)
    for column, width in zip("ABCDEFGHI", (8, 8, 36, 16, 10, 8, 50, 20, 24), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def english_headers() -> list[str]:
    return [COLUMNS[key][1] for key in COLUMNS]


def describe_columns() -> Iterable[tuple[str, str, Any, bool]]:
    """(Korean header, English header, label, required) of each column, for the page's explanation."""
    return ((k, e, label, key in REQUIRED) for key, (k, e, label) in COLUMNS.items())
