"""Every CSV and XLSX the apps write goes through here: open data, reports, the
admin's list exports and the disposal export.

A cell never holds a character a spreadsheet cannot (one such character used to
fail a whole export), and text a spreadsheet program would run as a formula is made
inert (CSV/formula injection). CSV comes with a byte order mark, so Swedish Excel
reads it as UTF-8.
"""

import csv
import io
import re
from decimal import Decimal

from openpyxl import Workbook

from partnerships.text import strip_unsafe

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

# Characters Excel and openpyxl refuse in a sheet's name, which is at most 31 long.
_SHEET_TITLE_UNSAFE = re.compile(r"[\\/*?:\[\]]")


# The characters no spreadsheet cell may hold are those XML cannot carry.
strip_control_characters = strip_unsafe


def neutralise(value):
    """Make a text cell safe in spreadsheets: no control characters, and inert if a
    spreadsheet program would run it as a formula (CSV/formula injection)."""
    value = strip_control_characters(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def cell(value):
    """A value as a cell: numbers stay numbers, anything else is safe text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return neutralise(str(value))


def sheet_title(value):
    """A worksheet name made from any text, e.g. a page title."""
    title = _SHEET_TITLE_UNSAFE.sub(" ", strip_control_characters(str(value)))
    return " ".join(title.split())[:31].strip().strip("'") or "Sheet1"


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows):
    """Yield RFC 4180 lines (CRLF, quoted where needed) of safe cells, the first
    with a BOM for Excel; ``rows`` may be a generator, so nothing is held."""
    writer = csv.writer(_Echo())
    for number, row in enumerate(rows):
        line = writer.writerow([neutralise(value) for value in row])
        yield BOM + line if number == 0 else line


def csv_text(rows):
    """The whole CSV as one string, for small files."""
    return "".join(csv_lines(rows))


def xlsx_bytes(sheets):
    """A workbook of ``(title, rows)`` sheets, written row by row."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=sheet_title(title))
        for row in rows:
            sheet.append([neutralise(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class SafeSpreadsheetExportMixin:
    """For Wagtail's list export (SpreadsheetExportMixin): every cell, after Wagtail's
    own formatting, loses the control characters openpyxl refuses (one such
    character used to fail the whole XLSX download), and CSV text that a
    spreadsheet would run as a formula is made inert. Wagtail already stores XLSX
    text as text, so XLSX cells keep the text as typed."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralise(value)
        return strip_control_characters(value)
