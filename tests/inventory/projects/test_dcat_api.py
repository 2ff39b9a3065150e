"""Open data that portals and programs can use: the DCAT-AP-SE catalogue (JSON-LD),
the Frictionless Data Package of the CSV files and the paginated JSON API."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from inventory.models import ProjectIndexPage, ReportSnapshot
from inventory.projects import opendata
from inventory.projects.views import EXPORT_FORMATS
from inventory.reports.figures import build_report
from inventory.reports.pages import FILES as REPORT_FILES
from inventory.reports.periods import ReportingPeriod
from tests.hostile import RAW_QUERIES, SCRIPT, VALUES, raw_query
from tests.inventory import builders
from tests.shared import built_once
from website.models import OrganisationSettings

pytestmark = pytest.mark.django_db

D = datetime.date
# The Wagtail site's configured root: every address in the open data starts so,
# whatever host the request came by (the test client's is "testserver").
ROOT = "http://localhost"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
EU = "http://publications.europa.eu/resource/authority/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
XSD = "http://www.w3.org/2001/XMLSchema#"
API_FILTERS = [
    "q",
    "status",
    "priority_area",
    "dimension",
    "unit",
    "programme",
    "partner",
    "country",
    "year_from",
    "year_to",
    "sort",
]
# Table Schema (Frictionless Data v1) field types.
FRICTIONLESS_TYPES = {
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "array",
    "date",
    "time",
    "datetime",
    "year",
    "yearmonth",
    "duration",
    "geopoint",
    "geojson",
    "any",
}


# --- Helpers -----------------------------------------------------------------------


def local(url):
    """The path of an address of this site, to ask the test client for."""
    assert url.startswith(ROOT + "/"), url
    return url[len(ROOT) :]


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_table(response, delimiter=","):
    text = content(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=delimiter))


def expand(node, context):
    """A JSON-LD node with its compact IRIs ("dcat:Dataset") expanded by the
    document's context, recursively: what an RDF reader sees."""

    def iri(term):
        prefix, colon, rest = term.partition(":")
        if colon and prefix in context:
            return context[prefix] + rest
        return term

    if isinstance(node, list):
        return [expand(item, context) for item in node]
    if not isinstance(node, dict):
        return node
    expanded = {}
    for key, value in node.items():
        if key == "@context":
            continue
        if key == "@type":
            expanded[key] = iri(value) if isinstance(value, str) else value
        elif key.startswith("@"):
            expanded[key] = value
        else:
            expanded[iri(key)] = expand(value, context)
    return expanded


def many(value):
    return value if isinstance(value, list) else [value]


def ids(value):
    return [item["@id"] for item in many(value)]


def languages(value):
    return {item["@language"] for item in many(value) if item["@value"]}


def catalogue(client, url="/projekt/data/dcat/"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)
    return expand(document, document["@context"])


def project_dataset(catalog):
    (dataset,) = [
        d for d in catalog[DCAT + "dataset"] if d["@id"].endswith("#projects")
    ]
    return dataset


def api(client, query="", status=200, prefix="/projekt"):
    response = client.get(f"{prefix}/data/api/{query}")
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def list_titles(client, query=""):
    """The titles the project list shows for ``query``, in its order."""
    response = client.get(f"/projekt/{query}")
    assert response.status_code == 200
    table = BeautifulSoup(response.content, "html.parser").find(
        "table", class_="project-table"
    )
    if table is None:
        return []
    return [th.get_text(strip=True) for th in table.tbody.find_all("th")]


# --- Content -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def contact_address(settings):
    settings.VANORT_OPEN_DATA_CONTACT_EMAIL = "oppnadata@kommun.example"


@built_once
def inventory():
    """Five live Swedish projects with every kind of value, and a draft."""
    builders.project_index()
    make_project = builders.project_maker()
    sv = builders.terms()["sv"]
    specs = [
        ("Alfa", D(2021, 1, 1), "ongoing", sv["areas"][:2]),
        ("Beta", D(2025, 6, 1), "completed", sv["areas"][2:3]),
        ("Gamma", D(2023, 3, 1), "ongoing", []),
        ("Delta", D(2024, 6, 1), "planned", sv["areas"][:1]),
        ("Älvstad", D(2019, 9, 1), "ongoing", sv["areas"][3:]),
    ]
    projects = [
        make_project(
            title,
            status=status,
            start_date=start,
            priority_areas=areas,
            dimensions=sv["dimensions"][:1],
            total_budget=Decimal("1500.50"),
            eu_grant=Decimal("1000"),
            currency="EUR",
            website="https://projekt.example/",
            funding_programme=sv["programmes"][0],
            partner_organisations=[("Schule, Hiddenhausen", "DE", "", "lead")],
            erasmus_id="=2023-1-SE01",
        )
        for title, start, status, areas in specs
    ]
    make_project("Utkast", live=False)
    return projects


# --- DCAT-AP-SE ---------------------------------------------------------------------


def test_the_catalogue_has_the_mandatory_dcat_ap_se_properties(client, inventory):
    catalog = catalogue(client)
    assert catalog["@type"] == DCAT + "Catalog"
    assert catalog["@id"] == ROOT + "/projekt/data/dcat/"
    assert languages(catalog[DCT + "title"]) == {"sv", "en"}
    assert languages(catalog[DCT + "description"]) == {"sv", "en"}
    # The profile asks for CC0 on the catalogue itself.
    assert ids(catalog[DCT + "license"]) == [CC0]
    publisher = catalog[DCT + "publisher"]
    assert publisher[FOAF + "name"] == "Kungälvs kommun"
    assert ids(publisher[DCT + "type"]) == [
        "http://purl.org/adms/publishertype/LocalAuthority"
    ]

    dataset = project_dataset(catalog)
    assert dataset["@type"] == DCAT + "Dataset"
    assert languages(dataset[DCT + "title"]) == {"sv", "en"}
    assert languages(dataset[DCT + "description"]) == {"sv", "en"}
    assert dataset[DCT + "publisher"][FOAF + "name"] == "Kungälvs kommun"
    contact = dataset[DCAT + "contactPoint"]
    assert contact["@type"] == VCARD + "Organization"
    assert contact[VCARD + "fn"] == "Kungälvs kommun"
    assert ids(contact[VCARD + "hasEmail"]) == ["mailto:oppnadata@kommun.example"]
    assert languages(dataset[DCAT + "keyword"]) == {"sv", "en"}
    assert ids(dataset[DCAT + "theme"]) == [
        EU + "data-theme/INTR",
        EU + "data-theme/GOVE",
    ]
    assert ids(dataset[DCT + "accrualPeriodicity"]) == [EU + "frequency/IRREG"]
    assert ids(dataset[DCT + "language"]) == [EU + "language/SWE"]
    assert ids(dataset[DCT + "spatial"]) == ["http://sws.geonames.org/2661886"]
    assert ids(dataset[DCAT + "landingPage"]) == [ROOT + "/projekt/"]


def test_issued_and_modified_are_the_first_and_latest_publication(client, inventory):
    inventory[2].title = "Gamma, ändrad"
    inventory[2].save_revision().publish()
    inventory[2].refresh_from_db()
    dataset = project_dataset(catalogue(client))
    first = min(project.first_published_at for project in inventory)
    assert dataset[DCT + "issued"]["@value"] == first.isoformat()
    assert dataset[DCT + "modified"]["@value"] == (
        inventory[2].last_published_at.isoformat()
    )
    assert dataset[DCT + "modified"]["@type"] == XSD + "dateTime"


def test_each_export_format_is_a_distribution_whose_address_answers(client, inventory):
    dataset = project_dataset(catalogue(client))
    downloads = {}
    for distribution in dataset[DCAT + "distribution"]:
        assert distribution["@type"] == DCAT + "Distribution"
        assert ids(distribution[DCT + "license"]) == [CC0]
        (media_type,) = ids(distribution[DCAT + "mediaType"])
        assert media_type.startswith("https://www.iana.org/assignments/media-types/")
        (file_type,) = ids(distribution[DCT + "format"])
        assert file_type.startswith(EU + "file-type/")
        for address in ids(distribution[DCAT + "accessURL"]):
            response = client.get(local(address))
            assert response.status_code == 200, address
            content(response)
        if DCAT + "downloadURL" in distribution:
            (address,) = ids(distribution[DCAT + "downloadURL"])
            downloads[address] = media_type, file_type
    assert set(downloads) == {f"{ROOT}/projekt/export/{fmt}/" for fmt in EXPORT_FORMATS}
    iana = "https://www.iana.org/assignments/media-types/"
    assert downloads[ROOT + "/projekt/export/csv/"] == (
        iana + "text/csv",
        EU + "file-type/CSV",
    )
    assert downloads[ROOT + "/projekt/export/xlsx/"] == (
        iana + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        EU + "file-type/XLSX",
    )
    assert downloads[ROOT + "/projekt/export/json/"] == (
        iana + "application/json",
        EU + "file-type/JSON",
    )


def test_the_api_is_a_data_service_of_the_dataset(client, inventory):
    dataset = project_dataset(catalogue(client))
    (service,) = [
        distribution[DCAT + "accessService"]
        for distribution in dataset[DCAT + "distribution"]
        if DCAT + "accessService" in distribution
    ]
    assert service["@type"] == DCAT + "DataService"
    assert ids(service[DCAT + "endpointURL"]) == [ROOT + "/projekt/data/api/"]
    assert ids(service[DCAT + "servesDataset"]) == [dataset["@id"]]


def test_the_contact_address_falls_back_to_the_organisation_settings(
    client, inventory, settings
):
    settings.VANORT_OPEN_DATA_CONTACT_EMAIL = ""
    organisation = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    organisation.name = "Exempelby kommun"
    organisation.email = "kommunen@exempelby.example"
    organisation.save()
    dataset = project_dataset(catalogue(client))
    assert dataset[DCT + "publisher"][FOAF + "name"] == "Exempelby kommun"
    contact = dataset[DCAT + "contactPoint"]
    assert ids(contact[VCARD + "hasEmail"]) == ["mailto:kommunen@exempelby.example"]


def test_published_reports_are_a_second_dataset(client, inventory, sv_locale):
    assert len(catalogue(client)[DCAT + "dataset"]) == 1
    period = ReportingPeriod.parse("2026-T1")
    ReportSnapshot.objects.create(
        period_key=period.key,
        period_end=period.end,
        locale=sv_locale,
        data=build_report(period, sv_locale),
        published_at=datetime.datetime(2026, 6, 10, tzinfo=datetime.UTC),
    )
    (reports,) = [
        dataset
        for dataset in catalogue(client)[DCAT + "dataset"]
        if dataset["@id"].endswith("#reports")
    ]
    assert languages(reports[DCT + "title"]) == {"sv", "en"}
    assert reports[DCT + "issued"]["@value"] == "2026-06-10T00:00:00+00:00"
    files = {
        address
        for distribution in reports[DCAT + "distribution"]
        for address in ids(distribution[DCAT + "downloadURL"])
    }
    # Each file of the report, at its address under the reports' list.
    (reports_page,) = ids(reports[DCAT + "landingPage"])
    assert reports_page.startswith(ROOT + "/projekt/")
    assert files == {f"{reports_page}2026-t1/{fmt}/" for fmt in REPORT_FILES}
    assert client.get(local(reports_page)).status_code == 200
    for address in files:
        assert client.get(local(address)).status_code == 200, address


def test_the_english_catalogue_describes_the_english_inventory(
    client, inventory, en_project_index
):
    catalog = catalogue(client, "/en/projects/data/dcat/")
    dataset = project_dataset(catalog)
    assert ids(dataset[DCT + "language"]) == [EU + "language/ENG"]
    assert ids(dataset[DCAT + "landingPage"]) == [ROOT + "/en/projects/"]
    # No English project is published yet: nothing to date.
    assert DCT + "issued" not in dataset


# --- Data Package ------------------------------------------------------------------


def test_the_data_package_describes_the_csv_columns_exactly(client, inventory):
    response = client.get("/projekt/data/datapackage/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    package = json.loads(response.content)
    assert package["name"] == "projekt"
    assert package["licenses"][0]["path"] == CC0
    assert package["licenses"][0]["name"] == "CC0-1.0"
    resources = {resource["path"]: resource for resource in package["resources"]}
    assert set(resources) == {
        ROOT + "/projekt/export/csv/",
        ROOT + "/projekt/export/excel-csv/",
    }
    for path, resource in resources.items():
        assert resource["format"] == "csv"
        assert resource["mediatype"] == "text/csv"
        assert resource["encoding"] == "utf-8"
        fields = resource["schema"]["fields"]
        delimiter = resource["dialect"]["delimiter"]
        header, *rows = csv_table(client.get(local(path)), delimiter)
        assert [field["name"] for field in fields] == header
        assert {field["type"] for field in fields} <= FRICTIONLESS_TYPES
        assert all(field["description"] for field in fields)
        assert len(rows) == 5
        for row in rows:
            for field, value in zip(fields, row, strict=True):
                assert conforms(field, value), (field["name"], value)


def conforms(field, value):
    """Whether a CSV cell is valid for its Table Schema field."""
    constraints = field.get("constraints", {})
    if value == "":
        return not constraints.get("required")
    if value not in constraints.get("enum", [value]):
        return False
    kind = field["type"]
    if kind == "number":
        float(value.replace(field.get("decimalChar", "."), "."))
    elif kind == "date":
        D.fromisoformat(value)
    elif kind == "datetime":
        # Table Schema's default datetime format: YYYY-MM-DDThh:mm:ssZ, in UTC.
        return field.get("format", "default") == "default" and bool(
            re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value)
        )
    elif field.get("format") == "uri":
        return urlsplit(value).scheme in ("http", "https")
    return True


def test_the_data_package_follows_the_language_of_the_page(
    client, inventory, en_project_index
):
    package = json.loads(client.get("/en/projects/data/datapackage/").content)
    names = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    assert names[:2] == ["Title", "Web address"]
    assert package["resources"][0]["path"] == ROOT + "/en/projects/export/csv/"


# --- Links -------------------------------------------------------------------------


def test_the_data_page_and_the_list_link_to_the_descriptions(client, inventory):
    data_page = BeautifulSoup(client.get("/projekt/data/").content, "html.parser")
    links = {a["href"] for a in data_page.select("a")}
    assert {
        "/projekt/data/dcat/",
        "/projekt/data/datapackage/",
        "/projekt/data/api/",
    } <= links
    for page in (
        data_page,
        BeautifulSoup(client.get("/projekt/").content, "html.parser"),
    ):
        (alternate,) = page.select('head link[type="application/ld+json"]')
        assert alternate["rel"] == ["alternate"]
        assert alternate["href"] == "/projekt/data/dcat/"
        (package,) = page.select('head link[rel="describedby"]')
        assert package["href"] == "/projekt/data/datapackage/"


def test_a_frontend_cache_purge_covers_the_new_addresses(inventory):
    page = ProjectIndexPage.objects.get(slug="projekt")
    paths = page.get_cached_paths()
    assert {"data/dcat/", "data/datapackage/", "data/api/"} <= set(paths)


# --- The API -----------------------------------------------------------------------


def test_the_api_pages_through_the_filtered_projects(client, inventory):
    first = api(client, "?status=ongoing&page_size=2&sort=title")
    assert first["count"] == 3
    assert [p["title"] for p in first["results"]] == ["Alfa", "Gamma"]
    assert first["previous"] is None
    next_url = urlsplit(first["next"])
    assert f"{next_url.scheme}://{next_url.netloc}" == ROOT
    assert next_url.path == "/projekt/data/api/"
    assert parse_qs(next_url.query) == {
        "status": ["ongoing"],
        "page_size": ["2"],
        "sort": ["title"],
        "page": ["2"],
    }
    second = api(client, f"?{next_url.query}")
    assert [p["title"] for p in second["results"]] == ["Älvstad"]
    assert second["next"] is None
    # The first page's address is the one without a page number.
    assert parse_qs(urlsplit(second["previous"]).query) == {
        "status": ["ongoing"],
        "page_size": ["2"],
        "sort": ["title"],
    }


def test_each_result_is_the_json_exports_record(client, inventory):
    results = api(client, "?page_size=100")["results"]
    exported = json.loads(content(client.get("/projekt/export/json/")))["projects"]
    assert results == exported
    record = next(p for p in results if p["title"] == "Alfa")
    assert set(record) == {field.key for field in opendata.FIELDS}
    assert record["url"] == ROOT + "/projekt/alfa/"
    assert record["eu_grant"] == 1000.0
    assert record["start_date"] == "2021-01-01"
    assert client.get(local(record["url"])).status_code == 200


@pytest.mark.parametrize(
    "query",
    ["", "?status=ongoing", "?sort=title", "?sort=-end_date", "?q=alfa", "AREA"],
)
def test_the_api_filters_as_the_list_does(client, inventory, terms, query):
    if query == "AREA":
        query = f"?priority_area={terms['sv']['areas'][0].pk}&sort=start_date"
    titles = [p["title"] for p in api(client, query)["results"]]
    assert titles == list_titles(client, query)
    assert titles


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?status=bogus", "status"),
        ("?year_from=1800", "year_from"),
        ("?year_from=2026&year_to=2020", "year_to"),
        ("?page=first", "page"),
        ("?page=0", "page"),
        ("?page_size=0", "page_size"),
        ("?page_size=101", "page_size"),
        ("?page_size=many", "page_size"),
    ],
)
def test_a_value_that_is_not_valid_is_a_400_that_names_it(
    client, inventory, query, parameter
):
    data = api(client, query, status=400)
    assert data["error"]
    assert list(data["errors"]) == [parameter]
    assert all(data["errors"][parameter])


def test_the_errors_are_in_the_language_of_the_address(
    client, inventory, en_project_index
):
    swedish = api(client, "?page_size=101", status=400)
    assert swedish["errors"]["page_size"] == [
        "Kontrollera att detta värde är mindre än eller lika med 100."
    ]
    english = api(client, "?page_size=101", status=400, prefix="/en/projects")
    assert english["errors"]["page_size"] == [
        "Ensure this value is less than or equal to 100."
    ]


def test_a_page_after_the_last_is_a_404(client, inventory):
    assert api(client, "?page=3&page_size=2")["results"]
    data = api(client, "?page=4&page_size=2", status=404)
    assert "4" in data["error"]
    # No project at all is still a first page, empty.
    empty = api(client, "?q=finnsinte")
    assert empty == {"count": 0, "next": None, "previous": None, "results": []}
    api(client, "?q=finnsinte&page=2", status=404)


def test_the_api_queries_do_not_grow_with_rows(client, make_project, inventory):
    def count():
        api(client, "?page_size=100")
        with CaptureQueriesContext(connection) as queries:
            api(client, "?page_size=100")
        return len(queries)

    before = count()
    for number in range(20):
        make_project(
            f"Fler {number}",
            priority_areas=inventory[0].priority_areas.all(),
            partner_organisations=[("Partner", "NO")],
        )
    assert count() == before
    assert api(client, "?page_size=100")["count"] == 25


def test_the_page_cache_keeps_the_answers_with_their_headers(
    client, inventory, settings
):
    settings.VANORT_PAGE_CACHE = "pages"
    caches["pages"].clear()
    for url in (
        "/projekt/data/api/?status=ongoing",
        "/projekt/data/dcat/",
        "/projekt/data/datapackage/",
    ):
        first = client.get(url)
        assert first["X-Cache"] == "miss"
        second = client.get(url)
        assert second["X-Cache"] == "hit"
        assert second.content == first.content
        assert second["Access-Control-Allow-Origin"] == "*"
        assert second["Content-Type"] == first["Content-Type"]
    # Errors are not kept.
    assert client.get("/projekt/data/api/?page=9")["X-Cache"] == "skip"


def test_hostile_input_gets_a_json_answer_never_an_error_page(client, inventory):
    names = [*API_FILTERS, "page", "page_size"]
    for key, value in VALUES.items():
        for name in names:
            response = client.get("/projekt/data/api/", {name: value})
            assert response.status_code in (200, 400, 404), (key, name)
            data = json.loads(response.content)
            assert ("results" in data) == (response.status_code == 200), (key, name)
            assert SCRIPT not in response.content.decode(), (key, name)
    for key, raw in RAW_QUERIES.items():
        response = client.get("/projekt/data/api/", QUERY_STRING=raw_query(names, raw))
        assert response.status_code in (200, 400), key
        json.loads(response.content)
