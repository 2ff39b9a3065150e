"""Exports as people open them in Excel (issue 14).

Every CSV, public or in the admin, starts with a UTF-8 byte order mark, or Swedish
Excel shows "företag" as "fÃ¶retag"; each list also comes as a CSV for Swedish Excel
(semicolons, decimal comma), which a double click opens in columns. XLSX cells are
typed: dates are dates, amounts numbers, text is text, never a formula and never
prefixed. In CSV a formula is made inert with an apostrophe, but an E.164 phone
number is no formula and is left as it is.
"""

import codecs
import csv
import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.text import capfirst

from inventory import spreadsheets
from inventory.models import InterestSubmission, Project
from inventory.projects import opendata

pytestmark = pytest.mark.django_db

BOM = "\ufeff".encode()
PUBLIC = "/projekt/export/"
PROJECTS = "/admin/snippets/inventory/project/"
SUBMISSIONS = "/admin/interest/submissions/"
REPORT = "/admin/reports/t1/export/csv/?year=2026"
SEPARATORS = {"csv": ",", "excel-csv": ";"}
PHONE = "+46303238000"
FORMULA_TITLE = "=1+1; och, så"
KEYS = [field.key for field in opendata.FIELDS]


# --- Helpers --------------------------------------------------------------------------


def content(response):
    assert response.status_code == 200, response.status_code
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response, fmt="csv"):
    """The rows of a CSV response, which must start with the BOM."""
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = content(response)
    assert data.startswith(BOM)
    text = data[len(BOM) :].decode()
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=SEPARATORS[fmt]))


def xlsx(response):
    """The first sheet of an XLSX response, its cells with their types; the file
    holds no formula."""
    data = content(response)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name
    return openpyxl.load_workbook(io.BytesIO(data)).active


def by_heading(sheet_or_rows, first):
    """{heading: cell or value} of the row whose first cell is ``first``."""
    rows = [list(row) for row in sheet_or_rows]
    value = (lambda cell: cell.value) if hasattr(rows[0][0], "value") else str
    headings = [value(cell) for cell in rows[0]]
    (row,) = [row for row in rows[1:] if value(row[0]) == first]
    return dict(zip(headings, row, strict=True))


def heading(field):
    """A project field's column heading in the admin's export (in Swedish)."""
    with translation.override("sv"):
        return str(capfirst(Project._meta.get_field(field).verbose_name))


@pytest.fixture
def priced(make_project, project_index):
    """A project with amounts that have decimals, and one whose title is a formula
    that holds both separators."""
    return [
        make_project(
            "Företagsutbyte",
            start_date=datetime.date(2025, 8, 1),
            total_budget=Decimal("1500.50"),
            eu_grant=Decimal("600.25"),
        ),
        make_project(FORMULA_TITLE, slug="formel"),
    ]


@pytest.fixture
def submission(interest_page):
    return InterestSubmission.objects.create(
        page=interest_page,
        language="sv",
        organisation_type="association",
        organisation_name="=cmd|' /C calc'!A0",
        contact_name="Åsa Öberg",
        email="asa@example.org",
        phone=PHONE,
        town="Kungälv",
        message="+46 ring mig",
    )


# --- The byte order mark --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "excel-csv"])
def test_the_public_csvs_start_with_a_bom_and_are_still_streamed(client, priced, fmt):
    response = client.get(f"{PUBLIC}{fmt}/")
    assert response.streaming
    assert response.page_cache  # the page cache may keep it
    pieces = list(response.streaming_content)
    assert pieces[0].startswith(BOM)
    assert b"".join(pieces).count(BOM) == 1
    rows = csv_rows(client.get(f"{PUBLIC}{fmt}/"), fmt)
    assert rows[0][0] == "Rubrik"  # not "\ufeffRubrik": the BOM is no character
    assert "Företagsutbyte" in [row[0] for row in rows]


@pytest.mark.parametrize("fmt", ["csv", "excel-csv"])
def test_the_admin_csvs_start_with_a_bom(
    admin_client, client, triage_user, priced, submission, fmt
):
    rows = csv_rows(admin_client.get(PROJECTS, {"export": fmt}), fmt)
    assert rows[0][0] == "Rubrik"
    assert "Företagsutbyte" in [row[0] for row in rows]
    client.force_login(triage_user)
    rows = csv_rows(client.get(SUBMISSIONS, {"export": fmt}), fmt)
    assert "Åsa Öberg" in rows[1]


def test_the_report_csv_starts_with_a_bom(admin_client, priced):
    rows = csv_rows(admin_client.get(REPORT))
    assert rows[0] and rows[0][0]  # the period


def test_the_report_comes_as_csv_for_excel_too(admin_client, priced):
    page = content(admin_client.get("/admin/reports/t1/?year=2026")).decode()
    assert "/admin/reports/t1/export/excel-csv/?year=2026" in page
    response = admin_client.get("/admin/reports/t1/export/excel-csv/?year=2026")
    body = content(response)
    assert body.startswith(codecs.BOM_UTF8)
    assert response["Content-Disposition"].endswith('-excel.csv"')
    lines = body.decode("utf-8-sig").splitlines()
    standard = content(admin_client.get(REPORT)).decode("utf-8-sig").splitlines()
    # The same rows, a semicolon where the standard file has a comma between cells.
    assert len(lines) == len(standard)
    assert any(";" in line for line in lines)


# --- The CSV for Excel ----------------------------------------------------------------


def test_the_public_csv_for_excel_has_semicolons_and_a_decimal_comma(client, priced):
    response = client.get(f"{PUBLIC}excel-csv/")
    assert response["Content-Disposition"].endswith('-excel.csv"')
    excel = csv_rows(response, "excel-csv")
    standard = csv_rows(client.get(f"{PUBLIC}csv/"))
    row = by_heading(excel, "Företagsutbyte")
    same = by_heading(standard, "Företagsutbyte")
    amounts = {
        str(field.label)
        for field in opendata.FIELDS
        if field.key in {"total_budget", "eu_grant", "own_contribution"}
    }
    for label, value in same.items():
        if label in amounts and value:
            assert row[label] == value.replace(".", ","), label
        else:
            assert row[label] == value, label
    record = dict(zip(KEYS, [row[label] for label in excel[0]], strict=True))
    assert record["total_budget"] == "1500,5"
    assert record["eu_grant"] == "600,25"
    assert record["start_date"] == "2025-08-01"  # Swedish Excel reads it as a date
    # A cell holding a separator is quoted; a formula is made inert as in the CSV.
    assert "'" + FORMULA_TITLE in [row[0] for row in excel]


def test_the_admin_csv_for_excel_has_semicolons_and_a_decimal_comma(
    admin_client, priced
):
    response = admin_client.get(PROJECTS, {"export": "excel-csv"})
    assert 'filename="projekt-excel.csv"' in response["Content-Disposition"]
    rows = csv_rows(response, "excel-csv")
    row = by_heading(rows, "Företagsutbyte")
    assert row[heading("total_budget")] == "1500,50"
    assert row[heading("eu_grant")] == "600,25"
    assert row[heading("start_date")] == "2025-08-01"
    assert row[heading("live")] == "ja"  # the view's own wording, as in the CSV
    assert "'" + FORMULA_TITLE in [row[0] for row in rows]


def test_decimal_numbers_get_a_comma_and_stay_numbers():
    rows = [["a", 1.5, -0.25, Decimal("1000.00"), 7, "1.5", "-1.5"]]
    text = spreadsheets.csv_text(rows, excel=True)
    assert text == "\ufeffa;1,5;-0,25;1000,00;7;1.5;'-1.5\r\n"
    assert spreadsheets.csv_text(rows) == "\ufeffa,1.5,-0.25,1000.00,7,1.5,'-1.5\r\n"


def test_the_csv_for_excel_is_offered_beside_the_others(
    client, admin_client, triage_user, priced, project_index, en_project_index
):
    soup = BeautifulSoup(content(client.get("/projekt/?status=ongoing")), "html.parser")
    links = [a["href"] for a in soup.select(".open-data a")]
    assert "/projekt/export/excel-csv/?status=ongoing" in links
    assert links.index("/projekt/export/csv/?status=ongoing") < links.index(
        "/projekt/export/excel-csv/?status=ongoing"
    )
    soup = BeautifulSoup(content(client.get("/en/projects/")), "html.parser")
    labels = {a.get_text(strip=True): a["href"] for a in soup.select(".open-data a")}
    assert labels["CSV for Excel (semicolon)"] == "/en/projects/export/excel-csv/"
    dictionary = content(client.get("/projekt/data/")).decode()
    assert 'href="/projekt/export/excel-csv/"' in dictionary
    # A frontend cache is told about it as about every export.
    assert "export/excel-csv/" in project_index.get_cached_paths()
    # In the admin, in the list's menu beside Wagtail's two downloads.
    client.force_login(triage_user)
    for user_client, url in ((admin_client, PROJECTS), (client, SUBMISSIONS)):
        page = content(user_client.get(url)).decode()
        for fmt in ("xlsx", "csv", "excel-csv"):
            assert f"?export={fmt}" in page, (url, fmt)


# --- Typed XLSX -----------------------------------------------------------------------


def test_the_public_xlsx_has_dates_amounts_and_text_typed(client, priced):
    sheet = xlsx(client.get(f"{PUBLIC}xlsx/"))
    labels = [str(field.label) for field in opendata.FIELDS]
    cells = dict(
        zip(KEYS, by_heading(sheet.iter_rows(), "Företagsutbyte").values(), strict=True)
    )
    assert [cell.value for cell in sheet[1]] == labels
    start = cells["start_date"]
    assert start.is_date and start.value == datetime.datetime(2025, 8, 1)
    assert start.number_format == "yyyy-mm-dd"
    published = cells["last_published"]
    assert published.is_date and published.number_format == "yyyy-mm-dd hh:mm"
    assert abs(
        published.value.replace(tzinfo=datetime.UTC) - priced[0].last_published_at
    ) < datetime.timedelta(seconds=1)  # in UTC, as the data dictionary says
    budget = cells["total_budget"]
    assert budget.data_type == "n" and budget.value == 1500.5
    assert budget.number_format == "#,##0.00"
    assert cells["eu_grant"].value == 600.25
    # Text that looks like a formula is text, as typed, marked as text for Excel.
    (title,) = [cell for cell in sheet["A"] if cell.value == FORMULA_TITLE]
    assert title.data_type == "s" and title.quotePrefix
    assert cells["title"].data_type == "s" and not cells["title"].quotePrefix


def test_the_admin_project_xlsx_has_dates_and_amounts_typed(admin_client, priced):
    sheet = xlsx(admin_client.get(PROJECTS, {"export": "xlsx"}))
    cells = by_heading(sheet.iter_rows(), "Företagsutbyte")
    start = cells[heading("start_date")]
    assert start.value == datetime.datetime(2025, 8, 1)
    assert start.number_format == "yyyy-mm-dd"
    budget = cells[heading("total_budget")]
    assert budget.data_type == "n" and budget.value == 1500.5
    assert budget.number_format == "#,##0.00"
    (title,) = [cell for cell in sheet["A"] if cell.value == FORMULA_TITLE]
    assert title.data_type == "s"


def test_the_submission_xlsx_keeps_the_phone_number_as_text(
    client, triage_user, submission
):
    client.force_login(triage_user)
    sheet = xlsx(client.get(SUBMISSIONS, {"export": "xlsx"}))
    cells = {cell.value: cell for cell in sheet[2]}
    assert cells[PHONE].data_type == "s"  # not 46303238000, not "'+46…"
    assert cells["=cmd|' /C calc'!A0"].data_type == "s"
    (received,) = [cell for cell in sheet[2] if cell.is_date]
    assert received.number_format == "yyyy-mm-dd hh:mm"


# --- Formulas in CSV ------------------------------------------------------------------


def test_the_admin_csvs_neutralise_formulas_but_leave_the_phone_number(
    admin_client, client, triage_user, priced, submission
):
    titles = [row[0] for row in csv_rows(admin_client.get(PROJECTS, {"export": "csv"}))]
    assert "'" + FORMULA_TITLE in titles
    client.force_login(triage_user)
    (cells,) = csv_rows(client.get(SUBMISSIONS, {"export": "csv"}))[1:]
    assert "'=cmd|' /C calc'!A0" in cells
    assert PHONE in cells
    assert "'+46 ring mig" in cells  # "+46" and more text: a formula


def test_one_rule_says_what_a_spreadsheet_runs_as_a_formula():
    for text in ("=1+1", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "+46 303 23 80 00"):
        assert spreadsheets.starts_formula(text), text
        assert spreadsheets.neutralise(text) == "'" + text
    # E.164, as the interest form stores a phone number: a number at most.
    for text in (PHONE, "+4930123456", "Kungälv", "1500"):
        assert not spreadsheets.starts_formula(text), text
        assert spreadsheets.neutralise(text) == text
    for text in ("+046303238000", "+46303238000=", "+4630323800012345"):
        assert spreadsheets.starts_formula(text), text
