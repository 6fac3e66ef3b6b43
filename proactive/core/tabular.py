"""Tables out: CSV (UTF-8 with BOM, for Excel) and XLSX, safe against formula injection, as download responses.

Every export in the project goes through here, so each gets the same encoding, escaping and headers.
"""

import codecs
import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def escape_formula(value: str) -> str:
    """Stop spreadsheet programs from running a cell as a formula (CSV injection); imports undo it."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def render_csv(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so that Excel opens Korean text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([escape_formula(v) if isinstance(v, str) else v for v in row])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def render_xlsx(headers: list[str], rows: Iterable[list[Any]], *, title: str = "data") -> bytes:
    # Lazy import: openpyxl is only needed for imports and exports.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([str(h) for h in headers])
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(fmt: str, headers: list[str], rows: Iterable[list[Any]], *, title: str = "data") -> bytes:
    if fmt == "csv":
        return render_csv(headers, rows)
    if fmt == "xlsx":
        return render_xlsx(headers, rows, title=title)
    raise ValueError(f"unknown format {fmt!r}")


def download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    """An attachment response that no cache keeps."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "no-store"
    return response


def table_response(fmt: str, filename: str, headers: list[str], rows: Iterable[list[Any]]) -> HttpResponse:
    """Render ``rows`` as ``fmt`` ("csv" or "xlsx") and return it as ``filename`` (without extension) to download."""
    return download(render(fmt, headers, rows, title=filename), f"{filename}.{fmt}", fmt)
