"""Import and export of the organisation (org units) and the officials register, as CSV or XLSX.

Reading a file (``read_table``) and planning an import (``plan_import``) change nothing. ``run_import`` plans
and, when asked and only if the plan has no error at all, applies the whole file in one transaction with bulk
writes and one audit event. Lookups are prefetched as maps of codes, so the cost does not grow with per-row
queries (2,000 officials take well under a few seconds).

Files exported here import again unchanged: the same canonical (English) column names are written, and Korean
column names and values (``부서명``, ``재직``, ``구·군`` …) are accepted too.
"""

import codecs
import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from proactive.accounts.enums import OfficialStatus, OrgUnitKind
from proactive.accounts.models import Official, OrgUnit
from proactive.accounts.services.org import rebuild_paths
from proactive.audit.services import record_event
from proactive.core import tabular
from proactive.core.exceptions import DomainError

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# An XLSX file is a zip archive: refuse archives that unpack to something huge (zip bombs, FILE-04).
XLSX_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
XLSX_MAX_ENTRIES = 2_000
BULK_BATCH = 500


class ImportKind(models.TextChoices):
    UNITS = "units", gettext_lazy("Org units")
    OFFICIALS = "officials", gettext_lazy("Officials")


class ImportFileError(Exception):
    """The file as a whole cannot be used (wrong type, damaged, empty, missing columns). Safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Reading a file into a table ---------------------------------------------------------------------------


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells)
    file_format: str  # "csv" or "xlsx"
    encoding: str = ""


_FORMULA_PREFIXES = tabular.FORMULA_PREFIXES


def _clean_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).strip()
    # Undo the formula escaping that the CSV export adds ("'=…" → "=…").
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_PREFIXES:
        text = text[1:]
    return text


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp949"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _("The text of the file could not be read. Save it as CSV in UTF-8 (or CP949) and try again.")
    )


def _read_csv(data: bytes) -> Table:
    text, encoding = _decode(data)
    if "\x00" in text:
        raise ImportFileError(_("The file is not a text CSV file."))
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max([",", "\t", ";"], key=first_line.count)
    rows: list[tuple[int, list[str]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, record in enumerate(reader, start=1):
            rows.append((number, [_clean_cell(c) for c in record]))
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file could not be read: its quoting or line structure is broken.")) from exc
    return _table(rows, "csv", encoding)


def _read_xlsx(data: bytes) -> Table:
    # Lazy import: openpyxl is only needed for imports and exports.
    from openpyxl import load_workbook

    damaged = _("The XLSX file could not be read; it may be damaged. Save it again from Excel, or use CSV.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > XLSX_MAX_ENTRIES or sum(e.file_size for e in entries) > XLSX_MAX_UNPACKED_BYTES:
                raise ImportFileError(_("The XLSX file unpacks to more data than an import may hold."))
    except zipfile.BadZipFile as exc:
        raise ImportFileError(damaged) from exc
    rows: list[tuple[int, list[str]]] = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            for number, record in enumerate(sheet.iter_rows(values_only=True), start=1):
                rows.append((number, [_clean_cell(c) for c in record]))
                if len(rows) > MAX_ROWS + 1:
                    break
        finally:
            workbook.close()
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds (KeyError, ValueError, XML errors) for a bad file
        raise ImportFileError(damaged) from exc
    return _table(rows, "xlsx")


def _table(rows: list[tuple[int, list[str]]], file_format: str, encoding: str = "") -> Table:
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    (_header_no, headers), data_rows = rows[0], rows[1:]
    if not data_rows:
        raise ImportFileError(_("The file has a header row but no data rows."))
    if len(data_rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(limit)s rows. Split it into smaller files.") % {"limit": f"{MAX_ROWS:,}"}
        )
    width = len(headers)
    while width and not headers[width - 1]:
        width -= 1
    headers = headers[:width]
    padded = [(n, (cells + [""] * width)[:width]) for n, cells in data_rows]
    return Table(headers=headers, rows=padded, file_format=file_format, encoding=encoding)


def read_table(data: bytes, filename: str) -> Table:
    """Parse an uploaded CSV (UTF-8 with or without BOM, UTF-16, or CP949) or XLSX file into a table.

    Raises ImportFileError with a message for the user when the file cannot be used.
    """
    name = (filename or "").lower()
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB. Split it into smaller files."))
    if name.endswith(".xls"):
        raise ImportFileError(_("Old Excel files (.xls) cannot be read. Save the file as .xlsx or CSV."))
    is_zip = data.startswith(b"PK\x03\x04")
    if name.endswith(".xlsx"):
        if not is_zip:
            raise ImportFileError(
                _("The XLSX file could not be read; it may be damaged. Save it again from Excel, or use CSV.")
            )
        return _read_xlsx(data)
    if name.endswith((".csv", ".txt", ".tsv")):
        if is_zip:
            raise ImportFileError(_("This is not a CSV text file. If it is an Excel workbook, name it .xlsx."))
        return _read_csv(data)
    raise ImportFileError(_("Choose a CSV or XLSX file."))


# --- Column specifications ----------------------------------------------------------------------------------


def _key(text: str) -> str:
    """Normalise a header or a value for matching: case, spaces and separators do not matter."""
    return re.sub(r"[\s_\-·ㆍ・•.,/()\[\]]+", "", unicodedata.normalize("NFC", text).casefold())


@dataclass(frozen=True)
class Column:
    field: str
    korean: str  # the Korean header shown in messages and templates
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
    def label(self) -> str:
        return f"{self.field} ({self.korean})"


UNIT_COLUMNS = (
    Column("code", "코드", ("부서코드", "조직코드", "기관코드", "unitcode"), required=True),
    Column("name", "명칭", ("부서명", "조직명", "기관명", "이름"), required=True),
    Column("name_en", "영문명", ("영문명칭", "영문부서명", "englishname", "nameenglish")),
    Column("kind", "유형", ("구분", "종류", "type"), required=True),
    Column("parent_code", "상위코드", ("상위부서코드", "상위조직코드", "parent", "parentunitcode")),
    Column("sort_order", "순서", ("정렬순서", "표시순서", "order")),
    Column("is_active", "사용여부", ("사용", "활성", "active")),
)
OFFICIAL_COLUMNS = (
    Column("employee_no", "사번", ("직원번호", "공무원번호", "employeenumber"), required=True),
    Column("name", "성명", ("이름",), required=True),
    Column("name_en", "영문성명", ("영문명", "영문이름", "englishname")),
    Column("rank", "직급", (), required=True),
    Column("grade", "급수", ("직급번호",)),
    Column("position", "직위", ("직책",)),
    Column("job_series", "직렬", ("jobseries",)),
    Column("unit_code", "부서코드", ("소속코드", "소속부서코드", "unit"), required=True),
    Column("status", "상태", ("재직상태", "재직구분")),
    Column("email", "이메일", ("전자우편", "email", "e-mail")),
    Column("phone", "전화", ("전화번호", "연락처", "phone")),
)
# Keyed by plain str: ImportKind members are str and callers also look up with the raw value ("units").
COLUMNS: dict[str, tuple[Column, ...]] = {ImportKind.UNITS: UNIT_COLUMNS, ImportKind.OFFICIALS: OFFICIAL_COLUMNS}

KIND_ALIASES: dict[str, tuple[str, ...]] = {
    OrgUnitKind.CITY: ("city", "시", "시청", "본청", "광역시"),
    OrgUnitKind.OFFICE: ("office", "실", "본부", "실본부", "직속기관"),
    OrgUnitKind.BUREAU: ("bureau", "국"),
    OrgUnitKind.DEPARTMENT: ("department", "과", "담당관", "과담당관", "부서"),
    OrgUnitKind.TEAM: ("team", "팀", "담당"),
    OrgUnitKind.DISTRICT: ("district", "districtgugun", "구", "군", "구군", "자치구", "자치구군"),
    OrgUnitKind.CORPORATION: ("corporation", "publiccorporation", "공사", "공단", "공사공단", "지방공기업"),
    OrgUnitKind.AFFILIATE: (
        "affiliate",
        "affiliatedbody",
        "출자출연기관",
        "출자기관",
        "출연기관",
        "사업소",
        "산하기관",
    ),
}
STATUS_ALIASES: dict[str, tuple[str, ...]] = {
    OfficialStatus.ACTIVE: ("active", "재직", "재직중", "근무", "근무중"),
    OfficialStatus.ON_LEAVE: ("onleave", "leave", "휴직", "휴직중"),
    OfficialStatus.RETIRED: ("retired", "퇴직", "퇴직자"),
}
TRUE_VALUES = {"y", "yes", "true", "1", "o", "사용", "예", "활성"}
FALSE_VALUES = {"n", "no", "false", "0", "x", "미사용", "아니오", "사용안함", "비활성", "폐지"}


def _lookup(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {_key(alias): value for value, names in aliases.items() for alias in (value, *names)}


KIND_BY_KEY = _lookup(KIND_ALIASES)
STATUS_BY_KEY = _lookup(STATUS_ALIASES)


def map_headers(headers: list[str], columns: tuple[Column, ...]) -> tuple[dict[str, int], list[str]]:
    """Map fields to column positions. Returns (field → index, ignored headers). Raises ImportFileError when
    required columns are missing or a column appears twice."""
    by_key: dict[str, Column] = {}
    for spec in columns:
        for name in (spec.field, spec.korean, *spec.aliases):
            by_key.setdefault(_key(name), spec)
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        column = by_key.get(_key(header))
        if column is None:
            if header:
                ignored.append(header)
            continue
        if column.field in positions:
            raise ImportFileError(_("The column “%(column)s” appears more than once.") % {"column": column.label})
        positions[column.field] = index
    missing = [c.label for c in columns if c.required and c.field not in positions]
    if missing:
        raise ImportFileError(
            ngettext(
                "A required column is missing: %(columns)s.",
                "Required columns are missing: %(columns)s.",
                len(missing),
            )
            % {"columns": ", ".join(missing)}
        )
    return positions, ignored


# --- Planning -------------------------------------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Change:
    row: int
    key: str  # code or employee number
    name: str
    action: str  # "create" or "update"
    fields: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    kind: str
    filename: str
    sha256: str
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    applied: bool = False
    # Internal, for applying: parsed values per key.
    _values: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    _existing: dict[str, Any] = field(default_factory=dict, repr=False)
    _order: list[str] = field(default_factory=list, repr=False)
    _columns: dict[str, str] = field(default_factory=dict, repr=False)  # field → header as the file names it
    _seen: set[str] = field(default_factory=set, repr=False)  # every key in the file, valid or not

    @property
    def created(self) -> int:
        return sum(1 for c in self.changes if c.action == "create")

    @property
    def updated(self) -> int:
        return sum(1 for c in self.changes if c.action == "update")

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {"rows": self.rows, "created": self.created, "updated": self.updated, "unchanged": self.unchanged}


class _RowParser:
    """Cleans one row's cells into field values, collecting errors with the column as the file names it."""

    def __init__(
        self,
        plan: ImportPlan,
        headers: list[str],
        positions: dict[str, int],
        model: type[models.Model],
        lookups: dict[str, Any],
    ):
        self.plan = plan
        self.lookups = lookups
        self.headers = headers
        self.positions = positions
        self.model = model

    def start(self, number: int, cells: list[str]) -> None:
        self.number = number
        self.cells = cells
        self.failed = False
        self.failed_fields: set[str] = set()

    def failed_on(self, name: str) -> bool:
        return name in self.failed_fields

    def has(self, name: str) -> bool:
        return name in self.positions

    def raw(self, name: str) -> str:
        return self.cells[self.positions[name]] if name in self.positions else ""

    def error(self, name: str, message: str) -> None:
        column = self.headers[self.positions[name]] if name in self.positions else name
        self.plan.errors.append(RowError(self.number, column, message))
        self.failed = True
        self.failed_fields.add(name)

    def text(self, name: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.raw(name)
        if required and not value:
            self.error(name, _("This value is required."))
            return value
        if any(unicodedata.category(ch) == "Cc" for ch in value):
            self.error(name, _("The value contains control characters."))
            return value
        if max_length is None:
            model_field = self.model._meta.get_field(name)
            assert isinstance(model_field, models.Field)  # text() is only used for the model's own fields
            max_length = model_field.max_length
        if max_length and len(value) > max_length:
            self.error(
                name,
                _("At most %(limit)s characters are allowed (this value has %(length)s).")
                % {"limit": max_length, "length": len(value)},
            )
        return value

    def choice(self, name: str, table: dict[str, str], choices: type[models.TextChoices], default: str) -> str:
        value = self.raw(name)
        if not value:
            if default:
                return default
            self.error(name, _("This value is required."))
            return ""
        found = table.get(_key(value))
        if found is None:
            allowed = ", ".join(f"{c.value} ({c.label})" for c in choices)
            self.error(
                name, _("Unknown value “%(value)s”. Use one of: %(allowed)s.") % {"value": value, "allowed": allowed}
            )
            return ""
        return found


def _unit_values(p: _RowParser) -> dict[str, Any]:
    values: dict[str, Any] = {
        "code": p.text("code", required=True),
        "name": p.text("name", required=True),
        "kind": p.choice("kind", KIND_BY_KEY, OrgUnitKind, ""),
    }
    if p.has("name_en"):
        values["name_en"] = p.text("name_en")
    if p.has("parent_code"):
        values["parent_code"] = p.text("parent_code", max_length=CODE_MAX_LENGTH)
    if p.has("sort_order"):
        raw = p.raw("sort_order")
        if not raw:
            values["sort_order"] = 0
        elif raw.isdigit() and int(raw) <= 2_147_483_647:
            values["sort_order"] = int(raw)
        else:
            p.error("sort_order", _("The order must be a whole number of 0 or more."))
    if p.has("is_active"):
        raw = _key(p.raw("is_active"))
        if not raw or raw in TRUE_VALUES:
            values["is_active"] = True
        elif raw in FALSE_VALUES:
            values["is_active"] = False
        else:
            p.error("is_active", _("Use Y (in use) or N (not in use)."))
    return values


CODE_MAX_LENGTH = OrgUnit._meta.get_field("code").max_length
PHONE_RE = re.compile(r"^[0-9+()\-. ]*$")


def _official_values(p: _RowParser) -> dict[str, Any]:
    values: dict[str, Any] = {
        "employee_no": p.text("employee_no", required=True),
        "name": p.text("name", required=True),
        "rank": p.text("rank", required=True),
    }
    unit_code = p.text("unit_code", required=True, max_length=CODE_MAX_LENGTH)
    if unit_code and not p.failed_on("unit_code"):
        values["unit_id"] = p.lookups["unit_ids"].get(unit_code)
        if values["unit_id"] is None:
            p.error("unit_code", _("The unit code “%(code)s” is not in the organisation.") % {"code": unit_code})
    for name in ("name_en", "position", "job_series"):
        if p.has(name):
            values[name] = p.text(name)
    if p.has("grade"):
        raw = p.raw("grade").removesuffix("급").strip()
        if not raw:
            values["grade"] = None
        elif raw.isdigit() and 1 <= int(raw) <= 9:
            values["grade"] = int(raw)
        else:
            p.error("grade", _("The grade must be a whole number from 1 to 9, or empty."))
    if p.has("status"):
        values["status"] = p.choice("status", STATUS_BY_KEY, OfficialStatus, OfficialStatus.ACTIVE)
    if p.has("email"):
        email = p.text("email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                p.error("email", _("“%(value)s” is not a valid e-mail address.") % {"value": email})
        values["email"] = email
    if p.has("phone"):
        phone = p.text("phone")
        if phone and not PHONE_RE.match(phone):
            p.error("phone", _("Use only digits, spaces, +, - and brackets in a phone number."))
        values["phone"] = phone
    return values


def _parse_rows(
    plan: ImportPlan, table: Table, kind: str, lookups: dict[str, Any] | None = None
) -> dict[str, tuple[int, dict[str, Any]]]:
    """Parse every row; returns key → (row number, values) for rows without errors and with unique keys."""
    columns = COLUMNS[kind]
    positions, plan.ignored_columns = map_headers(table.headers, columns)
    plan._columns = {name: table.headers[index] for name, index in positions.items()}
    model = OrgUnit if kind == ImportKind.UNITS else Official
    key_field = "code" if kind == ImportKind.UNITS else "employee_no"
    parse = _unit_values if kind == ImportKind.UNITS else _official_values
    parser = _RowParser(plan, table.headers, positions, model, lookups or {})
    parsed: dict[str, tuple[int, dict[str, Any]]] = {}
    first_row: dict[str, int] = {}
    for number, cells in table.rows:
        parser.start(number, cells)
        values = parse(parser)
        key = values.get(key_field, "")
        if key:
            if key in first_row:
                parser.error(
                    key_field,
                    _("“%(value)s” appears more than once in the file (first on row %(row)s).")
                    % {"value": key, "row": first_row[key]},
                )
                parsed.pop(key, None)
                continue
            first_row[key] = number
        if not parser.failed:
            parsed[key] = (number, values)
    plan.rows = len(table.rows)
    plan._seen = set(first_row)
    return parsed


def _plan_units(plan: ImportPlan, table: Table) -> None:
    parsed = _parse_rows(plan, table, ImportKind.UNITS)
    existing = {u.code: u for u in OrgUnit.objects.order_by("path")}  # the whole tree: one query
    code_of: dict[int | None, str] = {u.pk: u.code for u in existing.values()}  # .get(None) → None: a root
    parent_of: dict[str, str | None] = {code: code_of.get(u.parent_id) for code, u in existing.items()}
    all_codes = set(existing) | plan._seen
    parent_column = plan._columns.get("parent_code", "parent_code")
    for code, (number, values) in list(parsed.items()):
        if "parent_code" not in values:
            continue
        parent_code = values["parent_code"] or None
        if parent_code == code:
            plan.errors.append(RowError(number, parent_column, _("A unit cannot be its own parent.")))
            parsed.pop(code)
        elif parent_code and parent_code not in all_codes:
            plan.errors.append(
                RowError(
                    number,
                    parent_column,
                    _("The parent code “%(code)s” is neither in the file nor in the organisation.")
                    % {"code": parent_code},
                )
            )
            parsed.pop(code)
        else:
            parent_of[code] = parent_code
    # Cycles: follow each row's parents upwards; meeting the row again means a cycle.
    depth: dict[str, int] = {}
    for code, (number, _values) in list(parsed.items()):
        chain = [code]
        current = parent_of.get(code)
        while current is not None and current not in chain and len(chain) <= len(parent_of):
            chain.append(current)
            current = parent_of.get(current)
        if current is not None:
            loop = chain[chain.index(current) :] + [current]
            if current == code:
                plan.errors.append(
                    RowError(
                        number,
                        parent_column,
                        _("The parent codes form a cycle: %(cycle)s.") % {"cycle": " → ".join(loop)},
                    )
                )
            parsed.pop(code)
            continue
        depth[code] = len(chain) - 1
    plan._existing = existing
    plan._values = {code: values for code, (_n, values) in parsed.items()}
    plan._order = sorted(parsed, key=lambda c: (depth[c], parsed[c][0]))  # parents before their children
    fields = ["name", "name_en", "kind", "sort_order", "is_active"]
    for code in plan._order:
        number, values = parsed[code]
        unit = existing.get(code)
        if unit is None:
            plan.changes.append(Change(number, code, values["name"], "create"))
            continue
        changed = [f for f in fields if f in values and getattr(unit, f) != values[f]]
        if "parent_code" in values and (values["parent_code"] or None) != code_of.get(unit.parent_id):
            changed.append("parent_code")
        if changed:
            plan.changes.append(Change(number, code, values["name"], "update", changed))
        else:
            plan.unchanged += 1


def _plan_officials(plan: ImportPlan, table: Table) -> None:
    unit_ids = dict(OrgUnit.objects.values_list("code", "pk"))  # one query
    parsed = _parse_rows(plan, table, ImportKind.OFFICIALS, {"unit_ids": unit_ids})
    numbers = list(parsed)
    existing: dict[str, Official] = {}
    for start in range(0, len(numbers), 1000):
        for found in Official.objects.filter(employee_no__in=numbers[start : start + 1000]):
            existing[found.employee_no] = found
    fields = ["name", "name_en", "rank", "grade", "position", "job_series", "unit_id", "status", "email", "phone"]
    for employee_no, (number, values) in parsed.items():
        official = existing.get(employee_no)
        if official is None:
            plan.changes.append(Change(number, employee_no, values["name"], "create"))
            continue
        changed = [f for f in fields if f in values and getattr(official, f) != values[f]]
        if changed:
            plan.changes.append(Change(number, employee_no, values["name"], "update", changed))
        else:
            plan.unchanged += 1
    plan._existing = existing
    plan._values = {k: v for k, (_n, v) in parsed.items()}
    plan._order = list(parsed)


def plan_import(kind: str, table: Table, *, filename: str = "", sha256: str = "") -> ImportPlan:
    """Validate every row of ``table`` against the database and work out what an import would change.

    Changes nothing. Row-level problems are in ``plan.errors``; whole-file problems raise ImportFileError.
    """
    plan = ImportPlan(kind=kind, filename=filename, sha256=sha256)
    if kind == ImportKind.UNITS:
        _plan_units(plan, table)
    elif kind == ImportKind.OFFICIALS:
        _plan_officials(plan, table)
    else:
        raise ValueError(kind)
    plan.errors.sort(key=lambda e: e.row)
    return plan


# --- Applying ---------------------------------------------------------------------------------------------------


def _apply_units(plan: ImportPlan) -> None:
    existing: dict[str, OrgUnit] = plan._existing
    by_code = dict(existing)
    now = timezone.now()
    updates = {c.key: c for c in plan.changes if c.action == "update"}
    creating = [code for code in plan._order if code not in existing]
    # Create level by level so that every new unit's parent already has a primary key.
    levels: dict[int, list[str]] = {}
    for code in creating:
        level = 0
        parent = plan._values[code].get("parent_code") or None
        while parent is not None and parent not in existing:
            level += 1
            parent = plan._values[parent].get("parent_code") or None
        levels.setdefault(level, []).append(code)
    for level in sorted(levels):
        batch = []
        for code in levels[level]:
            values = plan._values[code]
            parent_code = values.get("parent_code") or None
            batch.append(
                OrgUnit(
                    code=code,
                    name=values["name"],
                    name_en=values.get("name_en", ""),
                    kind=values["kind"],
                    parent=by_code[parent_code] if parent_code else None,
                    sort_order=values.get("sort_order", 0),
                    is_active=values.get("is_active", True),
                )
            )
        created = OrgUnit.objects.bulk_create(batch, batch_size=BULK_BATCH)
        if any(u.pk is None for u in created):  # databases that cannot return ids from a bulk insert
            ids = dict(OrgUnit.objects.filter(code__in=[u.code for u in created]).values_list("code", "pk"))
            for unit in created:
                unit.pk = ids[unit.code]
        by_code.update({u.code: u for u in created})
    changed_units = []
    for code, change in updates.items():
        unit = existing[code]
        values = plan._values[code]
        for name in change.fields:
            if name == "parent_code":
                unit.parent = by_code[values["parent_code"]] if values["parent_code"] else None
            else:
                setattr(unit, name, values[name])
        unit.updated_at = now
        changed_units.append(unit)
    if changed_units:
        OrgUnit.objects.bulk_update(
            changed_units,
            ["name", "name_en", "kind", "parent", "sort_order", "is_active", "updated_at"],
            batch_size=BULK_BATCH,
        )
    rebuild_paths(by_code.values())


def _apply_officials(plan: ImportPlan) -> None:
    existing: dict[str, Official] = plan._existing
    now = timezone.now()
    new = [Official(**plan._values[change.key]) for change in plan.changes if change.action == "create"]
    Official.objects.bulk_create(new, batch_size=BULK_BATCH)
    updated = []
    fields: set[str] = set()
    for change in plan.changes:
        if change.action != "update":
            continue
        official = existing[change.key]
        for name in change.fields:
            setattr(official, name, plan._values[change.key][name])
        official.updated_at = now
        fields.update(change.fields)
        updated.append(official)
    if updated:
        names = sorted(f.removesuffix("_id") for f in fields) + ["updated_at"]
        Official.objects.bulk_update(updated, names, batch_size=BULK_BATCH)


def run_import(*, actor: Any, kind: str, table: Table, filename: str, sha256: str, apply: bool) -> ImportPlan:
    """Plan an import and, if ``apply`` and the plan has no error, apply it.

    Business rules: an import with any error changes nothing; units and officials are matched by code and
    employee number (created or updated, never deleted); a file's parents may come from the file itself.
    Side effects when applied, all in one transaction: bulk writes, org unit paths recomputed, one audit event
    ``accounts.org_imported`` with the kind, the counts and the file's SHA-256.
    """
    if not apply:  # a dry run reads only: no transaction (and no write lock) needed
        return plan_import(kind, table, filename=filename, sha256=sha256)
    with transaction.atomic():
        plan = plan_import(kind, table, filename=filename, sha256=sha256)
        if plan.errors:
            return plan
        if kind == ImportKind.UNITS:
            _apply_units(plan)
        else:
            _apply_officials(plan)
        root = OrgUnit.objects.filter(parent__isnull=True).order_by("sort_order", "path").first()
        if root is None:  # pragma: no cover - an official import needs units, a unit import creates one
            raise DomainError(_("The organisation is empty."))
        record_event(
            actor=actor,
            verb="accounts.org_imported",
            target=root,
            data={
                "kind": kind,
                "filename": filename[:200],
                "sha256": sha256,
                **plan.counts(),
                "created_keys": [c.key for c in plan.changes if c.action == "create"],
                "updated_keys": [c.key for c in plan.changes if c.action == "update"],
            },
        )
        plan.applied = True
        return plan


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- Export -------------------------------------------------------------------------------------------------------


_escape_formula = tabular.escape_formula


def unit_rows(units: Iterable[OrgUnit]) -> Iterator[list[Any]]:
    for unit in units:
        yield [
            unit.code,
            unit.name,
            unit.name_en,
            unit.kind,
            unit.parent.code if unit.parent is not None else "",
            unit.sort_order,
            "Y" if unit.is_active else "N",
        ]


def official_rows(officials: Iterable[Official]) -> Iterator[list[Any]]:
    for o in officials:
        yield [
            o.employee_no,
            o.name,
            o.name_en,
            o.rank,
            "" if o.grade is None else o.grade,
            o.position,
            o.job_series,
            o.unit.code,
            o.status,
            o.email,
            o.phone,
        ]


def export_units_queryset():
    return OrgUnit.objects.select_related("parent").order_by("path")


def headers_for(kind: str) -> list[str]:
    return [c.field for c in COLUMNS[kind]]


render_csv = tabular.render_csv
render_xlsx = tabular.render_xlsx
