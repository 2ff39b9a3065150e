"""The open data exports in constant memory: read in batches of projects, CSV and
JSON streamed, XLSX streamed from a temporary file.

The batch size is set to a few projects here, so a handful of projects spans several
batches. The catalogue is built once for the module (``exported``); every test runs
in its own savepoint.
"""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from inventory import spreadsheets
from inventory.projects import opendata
from tests import builders as site
from tests.inventory import builders
from tests.shared import built_once

pytestmark = pytest.mark.django_db

D = datetime.date
KEYS = [field.key for field in opendata.FIELDS]
LABELS = [str(field.label) for field in opendata.FIELDS]


# --- Helpers -----------------------------------------------------------------------


def body(response):
    """The whole body of a streamed response."""
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content)


def csv_rows(response):
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"), newline="")))


def json_document(response):
    assert response["Content-Type"] == "application/json"
    return json.loads(body(response))


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def list_titles(client, query=""):
    """The titles the project list shows for ``query``, in its order."""
    response = client.get(f"/projekt/{query}")
    assert response.status_code == 200
    table = BeautifulSoup(response.content, "html.parser").find(
        "table", class_="project-table"
    )
    return [th.get_text(strip=True) for th in table.tbody.find_all("th")]


@pytest.fixture
def small_batches(monkeypatch):
    """Two projects a batch."""
    monkeypatch.setattr(opendata, "BATCH_SIZE", 2)


# --- Content -----------------------------------------------------------------------


@built_once
def exported():
    """Seven live Swedish projects, created out of the list's order (two start on
    the same day), with every kind of related row; a draft and an English project
    besides."""
    builders.project_index()
    en_index = builders.en_project_index()
    make_project, terms = builders.project_maker(), builders.terms()
    sv = terms["sv"]
    areas, dims = sv["areas"], sv["dimensions"]
    hiddenhausen = site.partner("Hiddenhausen")
    perano = site.partner("Perano", country="IT")
    specs = [
        ("Alfa", D(2021, 1, 1), "ongoing", [areas[0]], [dims[0]], [hiddenhausen]),
        ("Beta", D(2025, 6, 1), "completed", [areas[2], areas[1]], [], []),
        ("Gamma", D(2023, 3, 1), "ongoing", [], dims[1:], [perano, hiddenhausen]),
        ("Delta", D(2025, 6, 1), "planned", [areas[3]], [dims[0]], [perano]),
        ("Epsilon", D(2019, 9, 1), "ongoing", [areas[3], areas[0]], [dims[2]], []),
        ("Zeta", D(2024, 1, 1), "planned", [areas[1]], [], []),
        ("Eta", D(2022, 2, 2), "ongoing", [], [dims[1]], [hiddenhausen]),
    ]
    projects = {}
    for number, spec in enumerate(specs):
        title, start, status, project_areas, project_dims, partners = spec
        projects[title] = make_project(
            title,
            status=status,
            start_date=start,
            end_date=D(2026 + number % 3, 12, 31),
            unit=sv["units"][number % len(sv["units"])],
            total_budget=1000 * (number + 1),
            priority_areas=project_areas,
            dimensions=project_dims,
            partner_municipalities=partners,
            partner_organisations=[
                (f"Organisation {title} {index}", "DE", "", "partner")
                for index in range(number % 3)
            ],
        )
    make_project("Utkast", live=False)
    make_project(
        "Pupil exchange",
        locale=en_index.locale,
        unit=terms["en"]["units"][0],
    )
    return projects


# --- JSON --------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?status=ongoing", "?sort=title"])
def test_the_json_is_streamed_with_every_live_project_of_the_filter(
    client, exported, query
):
    response = client.get(f"/projekt/export/json/{query}")
    assert response["Content-Disposition"].endswith('.json"')
    document = json_document(response)
    assert set(document) == {"licence", "source", "projects"}
    assert document["licence"] == opendata.LICENCE_URL
    assert document["source"].endswith("/projekt/")
    titles = [project["title"] for project in document["projects"]]
    assert titles == list_titles(client, query)
    assert "Utkast" not in titles
    assert all(list(project) == KEYS for project in document["projects"])


def test_the_json_of_no_project_is_still_a_document(client, exported):
    document = json_document(client.get("/projekt/export/json/?q=finns-inte"))
    assert document["projects"] == []
    assert document["licence"] == opendata.LICENCE_URL


# --- Batches -----------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?sort=title", "?sort=-end_date"])
def test_every_format_holds_every_project_in_the_lists_order_across_batches(
    client, exported, small_batches, query
):
    expected = list_titles(client, query)
    assert len(expected) == 7
    csv_body = csv_rows(client.get(f"/projekt/export/csv/{query}"))
    assert csv_body[0] == LABELS
    assert [row[0] for row in csv_body[1:]] == expected
    document = json_document(client.get(f"/projekt/export/json/{query}"))
    assert [project["title"] for project in document["projects"]] == expected
    xlsx_body = xlsx_rows(client.get(f"/projekt/export/xlsx/{query}"))
    assert [row[0] for row in xlsx_body[1:]] == expected


def test_small_batches_write_what_one_batch_writes(client, exported, monkeypatch):
    whole = {
        fmt: body(client.get(f"/projekt/export/{fmt}/")) for fmt in ("csv", "json")
    }
    monkeypatch.setattr(opendata, "BATCH_SIZE", 2)
    for fmt, text in whole.items():
        assert body(client.get(f"/projekt/export/{fmt}/")) == text, fmt


def test_related_values_stay_with_their_project_across_batches(
    client, exported, small_batches, terms
):
    document = json_document(client.get("/projekt/export/json/"))
    by_title = {project["title"]: project for project in document["projects"]}
    areas = [area.name for area in terms["sv"]["areas"]]
    dims = [dim.name for dim in terms["sv"]["dimensions"]]
    # Areas and dimensions in the policy's order, partners by name, organisations
    # in the order given.
    assert by_title["Beta"]["priority_areas"] == f"{areas[1]}; {areas[2]}"
    assert by_title["Beta"]["dimensions"] == ""
    assert by_title["Beta"]["partner_organisations"] == (
        "Organisation Beta 0 (DE, partner)"
    )
    assert by_title["Gamma"]["dimensions"] == f"{dims[1]}; {dims[2]}"
    assert by_title["Gamma"]["partner_municipalities"] == "Hiddenhausen; Perano"
    assert by_title["Gamma"]["partner_organisations"] == (
        "Organisation Gamma 0 (DE, partner); Organisation Gamma 1 (DE, partner)"
    )
    assert by_title["Epsilon"]["priority_areas"] == f"{areas[0]}; {areas[3]}"
    assert by_title["Epsilon"]["total_budget"] == 5000.0
    assert by_title["Eta"]["partner_municipalities"] == "Hiddenhausen"
    assert by_title["Eta"]["priority_areas"] == ""
    assert by_title["Alfa"]["start_date"] == "2021-01-01"


def test_the_export_queries_grow_by_batch_not_by_row(
    client, exported, monkeypatch, make_project
):
    monkeypatch.setattr(opendata, "BATCH_SIZE", 4)

    def count(fmt):
        url = f"/projekt/export/{fmt}/?status=planned"
        body(client.get(url))  # warm: the filter's choices, the site's root paths
        with CaptureQueriesContext(connection) as queries:
            body(client.get(url))
        return len(queries)

    def add(n):
        for _ in range(n):
            make_project(status="planned")

    counts = []
    # 2 planned projects: one batch; 4: still one; 8: two; 12: three.
    for added in (0, 2, 4, 4):
        add(added)
        counts.append({fmt: count(fmt) for fmt in ("csv", "json", "xlsx")})
    one, same, two, three = counts
    assert same == one
    for fmt in ("csv", "json", "xlsx"):
        # Each further batch fetches its four related tables.
        assert two[fmt] - one[fmt] == three[fmt] - two[fmt] == 4, fmt


# --- XLSX --------------------------------------------------------------------------


def test_the_xlsx_is_streamed_from_a_temporary_file_with_every_row(
    client, exported, small_batches, monkeypatch
):
    files = []
    write = spreadsheets.xlsx_file
    monkeypatch.setattr(
        spreadsheets,
        "xlsx_file",
        lambda sheets: files.append(write(sheets)) or files[0],
    )
    response = client.get("/projekt/export/xlsx/")
    assert response.streaming
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert int(response["Content-Length"]) > 0
    (temporary,) = files
    assert temporary.fileno() > 0  # a file, not bytes in memory
    # Read to the end, the response is closed (the test client closes it, as the
    # server does), and the temporary file with it.
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert temporary.closed  # and so deleted
    assert workbook.sheetnames == ["Internationella projekt"]
    xlsx = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    # The same cells as the CSV: numbers stay numbers, dates are dates (the time
    # of publishing in UTC; the CSV gives it to the second), empty cells are empty.
    expected = csv_rows(client.get("/projekt/export/csv/"))
    published = KEYS.index("last_published")
    for row, written in zip(xlsx[1:], expected[1:], strict=True):
        then = datetime.datetime.fromisoformat(written[published])
        assert (
            datetime.timedelta(0)
            <= row[published] - then.replace(tzinfo=None)
            < datetime.timedelta(seconds=1)
        )
        row[published], written[published] = None, ""
    assert [[as_csv(cell) for cell in row] for row in xlsx] == expected
    assert isinstance(xlsx[1][KEYS.index("total_budget")], float)


def as_csv(cell):
    """An XLSX cell as the CSV writes it."""
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    return str(cell)


# --- The writers -------------------------------------------------------------------


HOSTILE = [
    "=HYPERLINK(evil)",
    "\x07=1+1",
    "\x1b\x07@SUM(A1)",
    "-2+3",
    "\tTab",
    "Rad\x0bett\n\ttvå\r\n",
    "\ud800\ufffeok\uffff",
    "a < b & c > d",
    " kant ",
    "Kungälv",
    "\x00",
]


def test_the_writers_neutralise_each_cell_whatever_the_chunks(monkeypatch):
    monkeypatch.setattr(spreadsheets, "CHUNK_SIZE", 7)
    rows = [[value, f"x{value}", 1.5, None, -2] for value in HOSTILE]
    expected = [
        [
            spreadsheets.neutralise(value),
            spreadsheets.neutralise(f"x{value}"),
            "1.5",
            "",
            "-2",
        ]
        for value in HOSTILE
    ]
    text = spreadsheets.csv_text(rows)
    assert text.startswith(spreadsheets.BOM)
    assert list(csv.reader(io.StringIO(text[1:], newline=""))) == expected
    assert "".join(spreadsheets.csv_lines(rows)) == text
    workbook = openpyxl.load_workbook(
        io.BytesIO(spreadsheets.xlsx_bytes([("Blad", rows)]))
    )
    cells = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    # XLSX text is never run as a formula: it loses only what a cell cannot hold.
    strip = spreadsheets.strip_control_characters
    assert cells == [
        [as_read(strip(value)), as_read(strip(f"x{value}")), 1.5, None, -2]
        for value in HOSTILE
    ]


def as_read(text):
    """A text cell as a spreadsheet reads it back: XML reads a carriage return as a
    line feed, and a cell left empty is empty."""
    return text.replace("\r\n", "\n").replace("\r", "\n") or None


def test_every_character_a_cell_can_start_with_is_handled_as_neutralise_does():
    characters = [chr(code) for code in range(0x10000)]
    rows = [[f"{char}=1", f"a{char}b"] for char in characters]
    expected = [
        [spreadsheets.neutralise(f"{char}=1"), spreadsheets.neutralise(f"a{char}b")]
        for char in characters
    ]
    text = spreadsheets.csv_text(rows)
    assert list(csv.reader(io.StringIO(text[1:], newline=""))) == expected
    # In XLSX too, no character openpyxl refuses gets through, and every formula is
    # a text cell, marked as text for Excel (only the characters a cell may not
    # hold or start with are tried).
    risky = [
        row
        for row, char in zip(rows, characters, strict=True)
        if spreadsheets.neutralise(char) != char
    ]
    workbook = openpyxl.load_workbook(
        io.BytesIO(spreadsheets.xlsx_bytes([("Blad", risky)]))
    )
    for first, second in workbook.active.iter_rows():
        assert first.data_type == "s" and first.quotePrefix, repr(first.value)
        assert not first.value.startswith("'"), repr(first.value)
        assert not ILLEGAL_CHARACTERS_RE.search(first.value + second.value)


def test_the_report_workbooks_keep_several_sheets_and_their_numbers():
    data = spreadsheets.xlsx_bytes(
        [
            ("Sammanfattning", [["Aktiva", 2], ["Budget", 1500.5], ["Sant", True]]),
            ("Sammanfattning", (row for row in [["=1+1"]])),
        ]
    )
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Sammanfattning", "Sammanfattning1"]
    first, second = workbook.worksheets
    assert [list(row) for row in first.iter_rows(values_only=True)] == [
        ["Aktiva", 2],
        ["Budget", 1500.5],
        ["Sant", True],
    ]
    assert second["A1"].value == "=1+1"
    assert second["A1"].data_type == "s"


def test_a_term_added_while_an_export_runs_is_named(
    client, exported, small_batches, terms, monkeypatch
):
    whole = body(client.get("/projekt/export/json/"))
    real = opendata._names
    reads = []

    def read_before_the_term_was_added(key):
        reads.append(key)
        names = real(key)
        if reads.count(key) == 1:  # the first read misses the newest term
            names.pop(max(names))
        return names

    monkeypatch.setattr(opendata, "_names", read_before_the_term_was_added)
    assert body(client.get("/projekt/export/json/")) == whole
    # The fixture links both partner municipalities: the newest was read again.
    assert reads.count("partner_municipalities") == 2
