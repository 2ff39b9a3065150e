"""Every spreadsheet the project writes survives text with control characters.

openpyxl refuses the C0 control characters (``ILLEGAL_CHARACTERS_RE``), so one
submission or project name holding a BEL, VT or ESC used to turn a whole XLSX
download into a server error. The rows here are stored directly, as older rows or an
import could hold them, whatever the forms accept today.
"""

import csv
import io

import openpyxl
import pytest
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from inventory import spreadsheets
from inventory.models import InterestSubmission

pytestmark = pytest.mark.django_db

SUBMISSIONS = "/admin/interest/submissions/"
PROJECTS = "/admin/snippets/inventory/project/"
CONTROLS = "\x00\x07\x0b\x0c\x1b\x7f\x85"


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def xlsx_cells(response):
    """Every cell value of every sheet, as one list of rows."""
    assert response.status_code == 200, response.status_code
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    return [
        list(row)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]


def csv_cells(response):
    assert response.status_code == 200, response.status_code
    text = content(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_clean(rows):
    for row in rows:
        for cell in row:
            if isinstance(cell, str):
                assert not ILLEGAL_CHARACTERS_RE.search(cell), repr(cell)
                assert not any(char in cell for char in CONTROLS), repr(cell)


@pytest.fixture
def control_submission(interest_page):
    """A submission holding BEL, VT, ESC and friends in its text fields."""
    return InterestSubmission.objects.create(
        page=interest_page,
        language="sv",
        organisation_type="association",
        organisation_name="Ytterby\x07 IF",
        contact_name="\x1b=Anna Andersson",
        email="anna@example.org",
        town="Kung\x0bälv",
        project_title="Vänskap\x08 över gränser",  # PostgreSQL cannot store a NUL
        message="Rad ett\x1b[31m\nRad\ttvå\x0c\x7f\x85",
        internal_note="Ring\x07 tillbaka",
    )


# --- The interest triage export ------------------------------------------------------


def test_the_triage_xlsx_export_opens_despite_control_characters(
    client, triage_user, control_submission
):
    client.force_login(triage_user)
    rows = xlsx_cells(client.get(SUBMISSIONS, {"export": "xlsx"}))
    assert len(rows) == 2
    cells = rows[1]
    assert cells[0] == control_submission.reference
    assert "Ytterby IF" in cells
    assert "Kungälv" in cells
    assert "Vänskap över gränser" in cells
    assert "Rad ett[31m\nRad\ttvå" in cells  # tab and line feed stay
    assert "Ring tillbaka" in cells
    # Wagtail stores formula-like text as text in XLSX; it is shown as typed.
    assert "=Anna Andersson" in cells
    assert_clean(rows)


def test_the_triage_csv_export_strips_control_characters_and_neutralises(
    client, triage_user, control_submission
):
    client.force_login(triage_user)
    rows = csv_cells(client.get(SUBMISSIONS, {"export": "csv"}))
    cells = rows[1]
    assert "Ytterby IF" in cells
    assert "Kungälv" in cells
    # The ESC is stripped first, so the formula it hid is still made inert.
    assert "'=Anna Andersson" in cells
    assert "Rad ett[31m\nRad\ttvå" in cells
    assert_clean(rows)


# --- The admin project list export ---------------------------------------------------


@pytest.fixture
def odd_projects(make_project):
    return [
        make_project("Klimat\x07samverkan", slug="klimat"),
        make_project("=HYPERLINK(evil)", slug="formel"),
        make_project("-2+3", slug="minus"),
        make_project("@SUM(A1)", slug="snabel"),
    ]


def test_the_admin_project_csv_neutralises_formulas(admin_client, odd_projects):
    rows = csv_cells(admin_client.get(PROJECTS, {"export": "csv"}))
    titles = sorted(row[0] for row in rows[1:])
    assert titles == ["'-2+3", "'=HYPERLINK(evil)", "'@SUM(A1)", "Klimatsamverkan"]
    assert_clean(rows)


def test_the_admin_project_xlsx_opens_despite_control_characters(
    admin_client, odd_projects
):
    rows = xlsx_cells(admin_client.get(PROJECTS, {"export": "xlsx"}))
    titles = sorted(row[0] for row in rows[1:])
    assert titles == ["-2+3", "=HYPERLINK(evil)", "@SUM(A1)", "Klimatsamverkan"]
    assert_clean(rows)


# --- The public open data and the reports --------------------------------------------


def test_the_public_xlsx_and_csv_open_despite_control_characters(
    client, project_index, make_project
):
    make_project("Vatten\x1bvård", summary="Om\x0b vatten.")
    rows = xlsx_cells(client.get("/projekt/export/xlsx/"))
    assert rows[1][0] == "Vattenvård"
    assert_clean(rows)
    rows = csv_cells(client.get("/projekt/export/csv/"))
    assert rows[1][0] == "Vattenvård"
    assert_clean(rows)


def test_the_public_xlsx_opens_whatever_the_page_title(
    client, project_index, make_project
):
    # Excel and openpyxl refuse / \ ? * : [ ] in a sheet's name.
    project_index.title = "Projekt i EU/EES: [alla]?"
    project_index.save_revision().publish()
    make_project("Elevutbyte")
    response = client.get("/projekt/export/xlsx/")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    assert workbook.sheetnames == ["Projekt i EU EES alla"]
    assert workbook.active["A2"].value == "Elevutbyte"


def test_the_report_exports_open_despite_control_characters(
    admin_client, project_index, make_project, terms
):
    unit = terms["sv"]["units"][0]
    unit.name = "Sektor\x07 bildning"
    unit.save()
    make_project("Elevutbyte", unit=unit)
    rows = xlsx_cells(admin_client.get("/admin/reports/t1/export/xlsx/?year=2026"))
    assert "Sektor bildning" in [cell for row in rows for cell in row]
    assert_clean(rows)
    rows = csv_cells(admin_client.get("/admin/reports/t1/export/csv/?year=2026"))
    assert any("Sektor bildning" in row for row in rows)
    assert_clean(rows)


# --- The helpers ---------------------------------------------------------------------


def test_neutralise_strips_control_characters_before_looking_for_formulas():
    assert spreadsheets.neutralise("\x07=1+1") == "'=1+1"
    assert spreadsheets.neutralise("Rad\x0bett\n\ttvå\r\n") == "Radett\n\ttvå\r\n"
    assert spreadsheets.neutralise("\ud800\ufffeok\uffff") == "ok"
    assert spreadsheets.neutralise(-5) == -5
    assert spreadsheets.neutralise(None) is None
    for char in map(chr, range(0x10000)):
        cleaned = spreadsheets.neutralise(f"a{char}b")
        assert not ILLEGAL_CHARACTERS_RE.search(cleaned), hex(ord(char))


def test_sheet_title_is_always_a_name_excel_accepts():
    assert (
        spreadsheets.sheet_title("Internationella projekt") == "Internationella projekt"
    )
    assert spreadsheets.sheet_title("a/b\\c?d*e:f[g]h") == "a b c d e f g h"
    assert spreadsheets.sheet_title("x" * 40) == "x" * 31
    assert spreadsheets.sheet_title("'\x07'") == "Sheet1"
