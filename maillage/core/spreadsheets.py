"""CSV and XLSX files as French spreadsheets open them, safe to open.

- CSV: UTF-8 with a byte-order mark and ``;`` between cells (what Excel and LibreOffice
  expect in French), decimal numbers with a decimal comma.
- Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return) is prefixed with an apostrophe in CSV (OWASP "CSV injection");
  files meant to be imported again opt out with ``neutralise_text=False``, so that their
  import reads back exactly what was written. In XLSX such text is stored as a text cell,
  which keeps it as it is and never runs it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import openpyxl
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: object) -> object:
    """``value``, with text that would run as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def decimal_text(value: Decimal) -> str:
    """A decimal as a French spreadsheet reads it: ``10``, ``2,5``."""
    return f"{value.normalize():f}".replace(".", ",")


def csv_cell(value: object) -> object:
    return decimal_text(value) if isinstance(value, Decimal) else value


def write_csv(
    stream: Any,
    rows: Iterable[Sequence[object]],
    header: Sequence[str] | None = None,
    *,
    neutralise_text: bool = True,
) -> None:
    """Write a BOM, the header and the rows to a text stream (an HttpResponse will do)."""
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";")
    if header is not None:
        writer.writerow(header)
    clean = neutralise if neutralise_text else (lambda value: value)
    for row in rows:
        writer.writerow([clean(csv_cell(value)) for value in row])


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    """Every export is a download that carries the authority's data: never stored by a cache."""
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


def csv_response(
    filename: str, rows: Iterable[Sequence[object]], header: Sequence[str] | None = None
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    write_csv(response, rows, header)
    return attachment(response, filename)


def _xlsx_value(sheet: Any, value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # Stored as the text it is: openpyxl would otherwise write "=…" as a formula.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def xlsx_bytes(sheets: Iterable[tuple[str, Iterable[Sequence[object]]]]) -> bytes:
    """A workbook with one sheet per (title, rows); the first row of each is its header."""
    workbook = openpyxl.Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        for row in rows:
            sheet.append([_xlsx_value(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, sheets: Iterable[tuple[str, Iterable[Sequence[object]]]]
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE)
    return attachment(response, filename)
