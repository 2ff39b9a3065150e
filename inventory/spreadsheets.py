"""Every CSV and XLSX the apps write goes through here: open data, reports, the
admin's list exports and the disposal export.

A cell never holds a character a spreadsheet cannot (one such character used to
fail a whole export), and text a spreadsheet program would run as a formula is made
inert (CSV/formula injection). CSV comes with a byte order mark, so Swedish Excel
reads it as UTF-8.

Both formats are written in constant memory, however many rows: CSV in chunks for
streaming, XLSX into a temporary file. A row costs a few microseconds (the open data
exports write 100,000 of them), so the writers look at each cell once, and strip
control characters from a whole chunk of output at a time rather than cell by cell.
"""

import csv
import io
import itertools
import math
import re
import tempfile
import zipfile
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from partnerships.text import strip_unsafe

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
# Streamed output comes in pieces of about this many characters.
CHUNK_SIZE = 64 * 1024
# zlib's fastest level: a quarter of the time of its default, a tenth more bytes.
XLSX_COMPRESSION = 1

# Characters Excel and openpyxl refuse in a sheet's name, which is at most 31 long.
_SHEET_TITLE_UNSAFE = re.compile(r"[\\/*?:\[\]]")


# The characters no spreadsheet cell may hold are those XML cannot carry.
strip_control_characters = strip_unsafe

# A text cell that starts with one of these needs ``neutralise`` in full. Any other
# is already inert: stripping control characters from the written chunk later cannot
# change its first character. (The rule strips no character beyond the BMP.)
_BMP = "".join(map(chr, range(0x10000)))
_NEEDS_NEUTRALISING = frozenset(FORMULA_PREFIXES) | (
    frozenset(_BMP) - frozenset(strip_control_characters(_BMP))
)
del _BMP


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


# --- CSV -----------------------------------------------------------------------------


def csv_chunks(rows, size=None):
    """RFC 4180 text (CRLF, quoted where needed) of safe cells, with a BOM for Excel,
    in pieces of about ``size`` characters (``CHUNK_SIZE``); ``rows`` may be a
    generator, so nothing is held beyond one piece."""
    size = CHUNK_SIZE if size is None else size
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    needs = _NEEDS_NEUTRALISING
    for row in itertools.chain((first,), rows):
        writer.writerow(
            [
                neutralise(value)
                if isinstance(value, str) and value[:1] in needs
                else value
                for value in row
            ]
        )
        if buffer.tell() >= size:
            yield strip_control_characters(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield strip_control_characters(buffer.getvalue())


def csv_lines(rows):
    """The CSV of ``rows`` line by line, the first with the BOM."""
    return csv_chunks(rows, size=0)


def csv_text(rows):
    """The whole CSV as one string, for small files."""
    return "".join(csv_chunks(rows))


# --- XLSX ----------------------------------------------------------------------------

_EMPTY_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>")


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sheet_data(rows):
    """The ``<row>`` elements of ``rows`` in UTF-8 pieces, as openpyxl writes them
    (text as inline strings, numbers as numbers, empty cells left out), but a row
    at a time rather than through a cell object per value."""
    needs = _NEEDS_NEUTRALISING
    pieces, length, letters = [], 0, []
    for number, row in enumerate(rows, 1):
        if not isinstance(row, list | tuple):
            row = list(row)
        if len(letters) < len(row):
            letters = [get_column_letter(column) for column in range(1, len(row) + 1)]
        n = str(number)
        cells = []
        for letter, value in zip(letters, row, strict=False):
            if not isinstance(value, str):
                if value is None:
                    continue
                if isinstance(value, bool):
                    cells.append(f'<c r="{letter}{n}" t="b"><v>{value:d}</v></c>')
                    continue
                if isinstance(value, int | float | Decimal):
                    if math.isfinite(value):
                        cells.append(f'<c r="{letter}{n}"><v>{value}</v></c>')
                    continue
                value = str(value)
            if value[:1] in needs:
                value = neutralise(value)
            if not value:
                continue
            if "&" in value or "<" in value or ">" in value:
                value = _escape(value)
            cells.append(
                f'<c r="{letter}{n}" t="inlineStr">'
                f'<is><t xml:space="preserve">{value}</t></is></c>'
            )
        piece = f'<row r="{n}">{"".join(cells)}</row>'
        pieces.append(piece)
        length += len(piece)
        if length >= CHUNK_SIZE:
            yield strip_control_characters("".join(pieces)).encode()
            pieces, length = [], 0
    if pieces:
        yield strip_control_characters("".join(pieces)).encode()


def xlsx_file(sheets):
    """A workbook of ``(title, rows)`` sheets in a temporary file, read from its
    start; closing the file deletes it. ``rows`` may be generators: nothing is held
    beyond a piece of one sheet.

    openpyxl (write-only) writes the package (workbook, styles, each sheet's frame);
    the rows go into the frames as they are written here.
    """
    sheets = list(sheets)
    workbook = Workbook(write_only=True)
    for title, _rows in sheets:
        workbook.create_sheet(title=sheet_title(title))
    frame = io.BytesIO()
    workbook.save(frame)
    rows_at = {
        sheet.path.lstrip("/"): rows
        for sheet, (_title, rows) in zip(workbook.worksheets, sheets, strict=True)
    }
    file = tempfile.TemporaryFile()
    try:
        with (
            zipfile.ZipFile(frame) as package,
            zipfile.ZipFile(
                file, "w", zipfile.ZIP_DEFLATED, compresslevel=XLSX_COMPRESSION
            ) as archive,
        ):
            for name in package.namelist():
                part = package.read(name)
                if name not in rows_at:
                    archive.writestr(name, part)
                    continue
                head, tail = _EMPTY_SHEET_DATA.split(part)
                with archive.open(name, "w") as out:
                    out.write(head + b"<sheetData>")
                    for piece in _sheet_data(rows_at[name]):
                        out.write(piece)
                    out.write(b"</sheetData>" + tail)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def xlsx_bytes(sheets):
    """The workbook of ``xlsx_file`` as bytes, for small files."""
    with xlsx_file(sheets) as file:
        return file.read()


# --- Wagtail's list exports ----------------------------------------------------------


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
