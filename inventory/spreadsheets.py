"""Every CSV and XLSX the apps write goes through here: open data, reports, the
admin's list exports and the disposal export.

A cell never holds a character a spreadsheet cannot (one such character used to
fail a whole export), and text a spreadsheet program would run as a formula is made
inert (CSV/formula injection; ``starts_formula`` is the one rule). Every CSV starts
with a byte order mark, so Excel reads it as UTF-8, and comes in two dialects: the
standard one (comma, decimal point) and one for Swedish Excel (semicolon, decimal
comma), which opens it in columns with a double click. XLSX cells are typed: dates
are dates, amounts numbers, text always text (never a formula, never altered).

Both formats are written in constant memory, however many rows: CSV in chunks for
streaming, XLSX into a temporary file. A row costs a few microseconds (the open data
exports write 100,000 of them), so the writers look at each cell once, and strip
control characters from a whole chunk of output at a time rather than cell by cell.
"""

import csv
import datetime
import io
import itertools
import math
import re
import tempfile
import zipfile
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from wagtail.admin.widgets.button import Button

from partnerships.text import strip_unsafe

# The formats, as the exports' URLs and the admin's ``?export=`` name them.
CSV = "csv"
EXCEL_CSV = "excel-csv"
XLSX = "xlsx"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A phone number as the interest form stores it (E.164: "+46303238000") starts with
# "+" but is no formula: a spreadsheet reads it as a number at most, which calls
# and refers to nothing. It is left as it is, not prefixed.
_PHONE_NUMBER = re.compile(r"\+[1-9][0-9]{1,14}")
BOM = "\ufeff"
# Number formats of typed XLSX cells: dates as the municipality writes them, and
# amounts with two decimals and the reader's own separators ("1 500,00" in Swedish).
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
AMOUNT_FORMAT = "#,##0.00"
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


def starts_formula(text):
    """Whether a spreadsheet program would run ``text``, typed into a cell or read
    from a CSV, as a formula: it starts with = + - @ tab or carriage return, and is
    not an E.164 phone number."""
    return text.startswith(FORMULA_PREFIXES) and not _PHONE_NUMBER.fullmatch(text)


def neutralise(value):
    """Make a CSV cell safe in spreadsheets: no control characters, and inert if a
    spreadsheet program would run it as a formula (CSV/formula injection): prefixed
    with an apostrophe, which Excel shows. XLSX needs no prefix (see ``xlsx_file``).
    """
    value = strip_control_characters(value)
    if isinstance(value, str) and starts_formula(value):
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


def _decimal_comma(value):
    """A decimal number as Swedish Excel reads one: "1500,5"."""
    text = format(value, "f") if isinstance(value, Decimal) else repr(value)
    return text.replace(".", ",")


_DECIMALS = frozenset({float, Decimal})


def csv_chunks(rows, size=None, *, excel=False):
    """RFC 4180 text (CRLF, quoted where needed) of safe cells, with a BOM for Excel,
    in pieces of about ``size`` characters (``CHUNK_SIZE``); ``rows`` may be a
    generator, so nothing is held beyond one piece.

    ``excel``: the dialect of Swedish Excel, which a double click opens in columns:
    semicolons between cells and decimal numbers with a decimal comma. Swedish
    Excel takes a comma for the decimal sign, so it reads a standard CSV as one
    column of text.
    """
    size = CHUNK_SIZE if size is None else size
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=";" if excel else ",")
    needs, decimals = _NEEDS_NEUTRALISING, _DECIMALS
    for row in itertools.chain((first,), rows):
        if excel:
            cells = [
                neutralise(value)
                if isinstance(value, str) and value[:1] in needs
                else _decimal_comma(value)
                if type(value) in decimals
                else value
                for value in row
            ]
        else:
            cells = [
                neutralise(value)
                if isinstance(value, str) and value[:1] in needs
                else value
                for value in row
            ]
        writer.writerow(cells)
        if buffer.tell() >= size:
            yield strip_control_characters(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield strip_control_characters(buffer.getvalue())


def csv_lines(rows, *, excel=False):
    """The CSV of ``rows`` line by line, the first with the BOM."""
    return csv_chunks(rows, size=0, excel=excel)


def csv_text(rows, *, excel=False):
    """The whole CSV as one string, for small files."""
    return "".join(csv_chunks(rows, excel=excel))


# --- XLSX ----------------------------------------------------------------------------

_EMPTY_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>")


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_EXCEL_EPOCH = datetime.date(1899, 12, 30).toordinal()


def _date_serial(day):
    """A date as Excel's serial number, or None before 1 March 1900 (Excel counts
    a 29 February 1900 that never was; a project is not that old)."""
    serial = day.toordinal() - _EXCEL_EPOCH
    return serial if serial > 60 else None


def _styles(workbook):
    """The style index of each kind of typed cell, added to ``workbook``'s styles:
    dates, times, amounts, and text that starts like a formula, which carries
    Excel's quote prefix so that it stays text when someone edits the cell."""
    sheet = workbook.worksheets[0]
    styles = {}
    for kind, number_format in (
        ("date", DATE_FORMAT),
        ("datetime", DATETIME_FORMAT),
        ("amount", AMOUNT_FORMAT),
    ):
        cell = WriteOnlyCell(sheet)
        cell.number_format = number_format
        styles[kind] = cell.style_id
    cell = WriteOnlyCell(sheet)
    cell.quotePrefix = True
    styles["quoted"] = cell.style_id
    return styles


def _sheet_data(rows, styles):
    """The ``<row>`` elements of ``rows`` in UTF-8 pieces, as openpyxl writes them
    (text as inline strings, numbers as numbers, empty cells left out), but a row
    at a time rather than through a cell object per value.

    Typed: an int is a number, a float or Decimal an amount, a date or datetime
    (aware ones in UTC) a date cell, a bool a boolean. Text is an inline string,
    which a spreadsheet never runs as a formula, so it is written as it is; text
    that starts like a formula (a phone number too) gets the quote prefix as well.
    """
    needs = _NEEDS_NEUTRALISING
    amount = f' s="{styles["amount"]}"'
    date = f' s="{styles["date"]}"'
    moment = f' s="{styles["datetime"]}"'
    quoted = f' s="{styles["quoted"]}"'
    pieces, length, letters = [], 0, []
    for number, row in enumerate(rows, 1):
        if not isinstance(row, list | tuple):
            row = list(row)
        if len(letters) < len(row):
            letters = [get_column_letter(column) for column in range(1, len(row) + 1)]
        n = str(number)
        cells = []
        for letter, value in zip(letters, row, strict=False):
            style = ""
            if not isinstance(value, str):
                if value is None:
                    continue
                if isinstance(value, bool):
                    cells.append(f'<c r="{letter}{n}" t="b"><v>{value:d}</v></c>')
                    continue
                if isinstance(value, int):
                    cells.append(f'<c r="{letter}{n}"><v>{value}</v></c>')
                    continue
                if isinstance(value, float | Decimal):
                    if math.isfinite(value):
                        cells.append(f'<c r="{letter}{n}"{amount}><v>{value}</v></c>')
                    continue
                if isinstance(value, datetime.datetime):
                    if value.tzinfo is not None:
                        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
                    if _date_serial(value):
                        cells.append(
                            f'<c r="{letter}{n}"{moment}><v>{to_excel(value)}</v></c>'
                        )
                        continue
                elif isinstance(value, datetime.date):
                    if serial := _date_serial(value):
                        cells.append(f'<c r="{letter}{n}"{date}><v>{serial}</v></c>')
                        continue
                value = str(value)
            if value[:1] in needs:
                value = strip_control_characters(value)
                if value.startswith(FORMULA_PREFIXES):
                    style = quoted
            if not value:
                continue
            if "&" in value or "<" in value or ">" in value:
                value = _escape(value)
            cells.append(
                f'<c r="{letter}{n}"{style} t="inlineStr">'
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
    beyond a piece of one sheet. Cells are typed (see ``_sheet_data``).

    openpyxl (write-only) writes the package (workbook, styles, each sheet's frame);
    the rows go into the frames as they are written here.
    """
    sheets = list(sheets)
    workbook = Workbook(write_only=True)
    for title, _rows in sheets:
        workbook.create_sheet(title=sheet_title(title))
    styles = _styles(workbook)
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
                    for piece in _sheet_data(rows_at[name], styles):
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
    """For Wagtail's list export (SpreadsheetExportMixin): the rows, as Wagtail and
    the view format them, written by the writers here rather than Wagtail's, so the
    admin's files are the public ones' kind: a CSV with a BOM and formulas made
    inert, the CSV for Swedish Excel as a third format, and typed XLSX cells."""

    FORMAT_EXCEL_CSV = EXCEL_CSV
    FORMATS = (XLSX, CSV, EXCEL_CSV)

    def preprocess_field_value(self, field, value, export_format):
        # The Excel variant holds what the CSV holds: the view's CSV formatting.
        if export_format == EXCEL_CSV:
            export_format = CSV
        return super().preprocess_field_value(field, value, export_format)

    def export_rows(self, queryset, export_format):
        """The headings, then a row of formatted values per item."""
        yield [self.get_heading(queryset, field) for field in self.list_export]
        for item in queryset:
            yield [
                self.preprocess_field_value(field, value, export_format)
                for field, value in self.to_row_dict(item).items()
            ]

    def write_csv_response(self, queryset, export_format=CSV):
        excel = export_format == EXCEL_CSV
        response = StreamingHttpResponse(
            csv_chunks(self.export_rows(queryset, export_format), excel=excel),
            content_type=CSV_CONTENT_TYPE,
        )
        filename = f"{self.get_filename()}{'-excel' if excel else ''}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def write_xlsx_response(self, queryset):
        title = capfirst(self.model._meta.verbose_name_plural)
        return FileResponse(
            xlsx_file([(title, self.export_rows(queryset, XLSX))]),
            as_attachment=True,
            content_type=XLSX_CONTENT_TYPE,
            filename=f"{self.get_filename()}.xlsx",
        )

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if spreadsheet_format == EXCEL_CSV:
            return self.write_csv_response(queryset, EXCEL_CSV)
        return super().as_spreadsheet(queryset, spreadsheet_format)

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.show_export_buttons:
            buttons.append(
                Button(
                    _("Download CSV for Excel (semicolon)"),
                    url=self.get_export_url(EXCEL_CSV),
                    icon_name="download",
                    priority=110,
                )
            )
        return buttons
