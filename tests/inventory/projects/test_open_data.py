"""Exports, data dictionary, coverage matrix and feed of the public inventory."""

import csv
import io
import json
from decimal import Decimal

import defusedxml.ElementTree as ET
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from inventory import spreadsheets
from inventory.projects import opendata as exports

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def body(response):
    """Every export is streamed, so a page cache can keep it in parts."""
    assert response.streaming
    return b"".join(response.streaming_content)


def csv_rows(response):
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def json_data(response):
    assert response["Content-Type"] == "application/json"
    return json.loads(body(response))


@pytest.fixture
def two_projects(make_project, project_index, terms):
    sv = terms["sv"]
    first = make_project(
        "Elevutbyte",
        status="ongoing",
        total_budget=Decimal("1000"),
        eu_grant=Decimal("600"),
        currency="EUR",
        priority_areas=[sv["areas"][0], sv["areas"][1]],
        dimensions=[sv["dimensions"][1]],
        partner_organisations=[("Schule, Hiddenhausen", "DE", "", "lead")],
    )
    second = make_project(
        "=HYPERLINK(evil)",
        slug="formel",
        status="completed",
        summary="-2+3",
        priority_areas=[sv["areas"][3]],
        dimensions=[sv["dimensions"][0]],
    )
    make_project("Utkast", live=False)
    return first, second


def test_csv_is_utf8_rfc4180_and_lists_only_published_projects(client, two_projects):
    response = client.get("/projekt/export/csv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    header, body = rows[0], rows[1:]
    assert len(header) == len(exports.FIELDS)
    titles = [row[0] for row in body]
    assert "Utkast" not in titles
    assert sorted(titles) == sorted(["Elevutbyte", "'=HYPERLINK(evil)"])
    first = next(row for row in body if row[0] == "Elevutbyte")
    record = dict(zip([f.key for f in exports.FIELDS], first, strict=True))
    # A comma inside a value survives thanks to RFC 4180 quoting.
    assert record["partner_organisations"] == "Schule, Hiddenhausen (DE, lead)"
    assert record["currency"] == "EUR"
    assert record["total_budget"] == "1000.0"
    assert record["priority_areas"] == (
        "Utveckling av kommunens egen verksamhet; "
        "Samhällsutveckling och socioekonomiska kunskapsinvesteringar"
    )
    assert record["url"].endswith("/projekt/elevutbyte/")


def test_formula_cells_are_neutralised(client, two_projects):
    rows = csv_rows(client.get("/projekt/export/csv/"))
    assert ["'=HYPERLINK(evil)"] == [r[0] for r in rows if "HYPERLINK" in r[0]]
    for prefix in ("=", "+", "-", "@", "\t", "\r"):
        assert spreadsheets.neutralise(prefix + "x") == "'" + prefix + "x"
    assert spreadsheets.neutralise("Kungälv") == "Kungälv"
    assert spreadsheets.neutralise(-5.0) == -5.0


def test_exports_follow_the_current_filter(client, two_projects):
    rows = csv_rows(client.get("/projekt/export/csv/?status=completed"))
    assert [row[0] for row in rows[1:]] == ["'=HYPERLINK(evil)"]
    data = json_data(client.get("/projekt/export/json/?status=ongoing"))
    assert [p["title"] for p in data["projects"]] == ["Elevutbyte"]


def test_json_export_carries_licence_and_typed_values(client, two_projects):
    response = client.get("/projekt/export/json/")
    assert response.status_code == 200
    data = json_data(response)
    assert data["licence"] == exports.LICENCE_URL
    project = next(p for p in data["projects"] if p["title"] == "Elevutbyte")
    assert project["eu_grant"] == 600.0
    assert project["start_date"] == "2025-01-01"
    assert set(project) == {field.key for field in exports.FIELDS}
    assert "contact_role" not in project


def test_xlsx_export_opens_with_the_same_rows(client, two_projects):
    response = client.get("/projekt/export/xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    # Text in XLSX is a text cell, never a formula: it needs no apostrophe.
    assert sorted(row[0] for row in rows[1:]) == ["=HYPERLINK(evil)", "Elevutbyte"]


def test_unknown_export_format_is_not_found(client, project_index):
    assert client.get("/projekt/export/pdf/").status_code == 404


def test_export_query_count_does_not_grow_with_rows(
    client, make_project, project_index, terms
):
    sv = terms["sv"]

    def add(n):
        for i in range(n):
            make_project(
                f"Projekt {len(sv['units'])}-{i}-{n}",
                priority_areas=sv["areas"][:2],
                dimensions=sv["dimensions"][:1],
                partner_organisations=[("Partner", "NO")],
            )

    def count(url):
        body(client.get(url))  # warm: the filter's choices, the site's root paths
        with CaptureQueriesContext(connection) as queries:
            body(client.get(url))
        return len(queries)

    add(2)
    before = {fmt: count(f"/projekt/export/{fmt}/") for fmt in ("csv", "json", "xlsx")}
    add(20)
    after = {fmt: count(f"/projekt/export/{fmt}/") for fmt in ("csv", "json", "xlsx")}
    assert before == after
    data = json_data(client.get("/projekt/export/json/"))
    assert len(data["projects"]) == 22


def test_data_dictionary_describes_every_field_and_the_licence(client, project_index):
    response = client.get("/projekt/data/")
    assert response.status_code == 200
    text = response.content.decode()
    for field in exports.FIELDS:
        assert f"<code>{field.key}</code>" in text
    assert exports.LICENCE_URL in text


def test_coverage_matrix_counts_and_shows_gaps(client, two_projects, terms):
    response = client.get("/projekt/coverage/")
    assert response.status_code == 200
    table = response.context["matrix"]
    counts = {
        (area.name, dim.name): (total, active)
        for area, cells in table
        for dim, total, active in cells
    }
    sv = terms["sv"]
    areas, dims = sv["areas"], sv["dimensions"]
    assert len(counts) == 4 * 3
    assert counts[(areas[0].name, dims[1].name)] == (1, 1)
    assert counts[(areas[1].name, dims[1].name)] == (1, 1)
    # The completed project counts, but leaves its cell a gap (nothing ongoing).
    assert counts[(areas[3].name, dims[0].name)] == (1, 0)
    assert counts[(areas[2].name, dims[2].name)] == (0, 0)
    assert response.content.decode().count('class="coverage__flag"') == 12 - 2


def test_atom_feed_lists_published_projects_newest_first(client, two_projects):
    response = client.get("/projekt/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles == ["=HYPERLINK(evil)", "Elevutbyte"]
    links = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    assert links[1].endswith("/projekt/elevutbyte/")


def test_reserved_slugs_are_refused(make_project, project_index):
    for slug in ("data", "coverage", "feed", "export"):
        with pytest.raises(ValidationError, match="reserverad"):
            make_project(f"Reserverad {slug}", slug=slug)


def test_a_project_is_translated_with_wagtail_localize(
    admin_client, client, make_project, en_project_index, en_locale, terms
):
    from django.urls import reverse

    from inventory.models import Project

    project = make_project("Elevutbyte", priority_areas=[terms["sv"]["areas"][0]])
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["inventory", "project", project.pk],
    )
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"locales": [en_locale.id]})
    assert response.status_code == 302
    english = Project.objects.get(
        locale=en_locale, translation_key=project.translation_key
    )
    # Not live until it is actually translated and published.
    assert not english.live
    assert client.get(f"/en/projects/{english.slug}/").status_code == 404
    english.title = "Pupil exchange"
    english.save_revision().publish()
    response = client.get(f"/en/projects/{english.slug}/")
    assert response.status_code == 200
    assert "Pupil exchange" in response.content.decode()
