"""Hostile input at every public entry point: the site answers, it never fails.

Each request carries one value of the corpus in ``tests/hostile.py`` (control
characters, overlong numbers, SQL and markup, bytes that are not UTF-8, …) in every
parameter the endpoint reads at once, plus a few targeted cases. Whatever comes in, the
answer is a 2xx, 3xx or 4xx; an HTML answer is still the site's page (its ``<main>``),
a list with filters shows which filters were ignored, and a download is still a
well-formed file. The admin's exports are tried too, logged in as a superuser.

The demo site is built once for the module (``demo_site`` shares it; every test runs
in its own savepoint).
"""

import csv
import io
import json
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import defusedxml.ElementTree as ElementTree
import openpyxl
import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from taggit.models import Tag

from inventory.interest.forms import issue_form_token
from inventory.models import InterestFormPage, InterestSubmission, Project
from partnerships.models import StoryPage
from tests.hostile import (
    PAGE_NUMBERS,
    RAW_QUERIES,
    SCRIPT,
    VALUES,
    path_segment,
    raw_query,
    raw_query_params,
    value_params,
)
from website.wsgi import application

pytestmark = pytest.mark.django_db

PROJECT_FILTERS = [
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
PARTNER_FILTERS = ["country", "status", "relationship"]
STORY_FILTERS = ["kind", "partner", "tag", "year"]

# (id, path, the parameters it reads, whether it shows a filter form). The English
# pages run the same views; search is the exception (PostgreSQL searches English with
# another configuration), and the lists' English errors are tried below.
PUBLIC_GET = [
    ("search-sv", "/sok/", ["q", "page"], False),
    ("search-en", "/en/search/", ["q", "page"], False),
    ("projects-sv", "/projekt/", [*PROJECT_FILTERS, "page"], True),
    ("export-csv", "/projekt/export/csv/", PROJECT_FILTERS, False),
    ("export-json", "/projekt/export/json/", PROJECT_FILTERS, False),
    ("export-xlsx", "/en/projects/export/xlsx/", PROJECT_FILTERS, False),
    ("partners-sv", "/vanorter/", PARTNER_FILTERS, True),
    ("stories-sv", "/berattelser/", [*STORY_FILTERS, "page"], True),
    ("sitemap", "/en/sitemap-projects.xml", ["p"], False),
    ("interest", "/anmal-intresse/", ["project", "partner"], False),
    ("interest-thanks", "/anmal-intresse/thanks/", ["ref"], False),
]
PUBLIC_GET_PARAMS = [
    pytest.param(path, names, filters, id=key)
    for key, path, names, filters in PUBLIC_GET
]
# Pages and feeds that read no parameter: each gets the whole corpus in one request,
# under names of its own and under the names other pages read, as a crawler sends it.
NO_PARAMETERS = [
    pytest.param("/", id="home"),
    pytest.param("/projekt/matkultur-perano/", id="project"),
    pytest.param("/projekt/coverage/", id="coverage"),
    pytest.param("/projekt/data/", id="data-dictionary"),
    pytest.param("/projekt/rapporter/", id="reports"),
    pytest.param("/projekt/rapporter/2026-t1/", id="report"),
    pytest.param("/projekt/feed/", id="project-feed"),
    pytest.param("/vanorter/hiddenhausen/", id="partner"),
    pytest.param("/berattelser/besok-i-hiddenhausen-2016/", id="story"),
    pytest.param("/berattelser/rss/", id="stories-rss"),
    pytest.param("/en/stories/atom/", id="stories-atom"),
    pytest.param("/robots.txt", id="robots"),
]
COMMON_NAMES = ["q", "page", "p", "format", "status", "year"]
PAGINATED = [
    pytest.param("/sok/", "page", {"q": "vänort"}, id="search"),
    pytest.param("/projekt/", "page", {}, id="projects"),
    pytest.param("/en/stories/", "page", {}, id="stories"),
    pytest.param("/sitemap-projects.xml", "p", {}, id="sitemap"),
]
# Paths with a hostile segment where a slug or a reporting period belongs.
PATH_TEMPLATES = [
    pytest.param("/projekt/{}/", id="project"),
    pytest.param("/projekt/rapporter/{}/", id="report"),
    pytest.param("/en/twin-towns/{}/", id="partner"),
]
# Reporting periods that look right but are not (2026-T1 is redirected to 2026-t1).
REPORT_KEYS = ["0000-t1", "9999-b", "2026-T1", "2026-t3", "99999999999999999999-t1"]
REPEATED = {
    "repeated-words": ["a", "b"],
    "repeated-hostile": ["' OR 1=1 --", "9223372036854775808", SCRIPT, "%", ""],
}
# Codec names a client may put in Content-Type's charset: not text encodings at all.
CHARSETS = ["rot13", "base64", "zlib", "x-no-such-charset"]

INTEREST_FORMS = {"sv": "/anmal-intresse/", "en": "/en/express-interest/"}
INTEREST_FIELDS = [
    "organisation_type",
    "organisation_name",
    "organisation_number",
    "has_no_organisation_number",
    "contact_name",
    "email",
    "phone",
    "town",
    "priority_areas",
    "partners",
    "project",
    "message",
]
FREE_TEXT_FIELDS = ["organisation_name", "contact_name", "town", "message"]
VALID_INTEREST = {
    "website": "",
    "organisation_type": "association",
    "organisation_name": "Kungälvs Brukshundklubb",
    "organisation_number": "212000-1371",
    "contact_name": "Anna Andersson",
    "email": "anna@example.org",
    "phone": "0303-23 80 00",
    "town": "Kungälv",
    "message": "Vi vill gärna vara med.",
}

ADMIN_PROJECTS = "/admin/snippets/inventory/project/"
ADMIN_PROJECT_FILTERS = [
    "q",
    "status",
    "locale",
    "unit",
    "funding_programme",
    "priority_areas",
    "dimensions",
    "partner_municipalities",
    "partner_country",
    "year",
    "review_overdue",
    "ordering",
    "p",
]
ADMIN_SUBMISSIONS = "/admin/interest/submissions/"
ADMIN_SUBMISSION_FILTERS = [
    "q",
    "status",
    "organisation_type",
    "language",
    "page",
    "ordering",
    "p",
]
# The corpus goes to each list's CSV export. The list page (the same filters, shown
# in a form), XLSX (whose rows do not depend on the filters' values) and the report
# page (the same year as its CSV) get a few of it.
ADMIN_GET = [
    pytest.param(
        ADMIN_PROJECTS, ADMIN_PROJECT_FILTERS, {"export": "csv"}, id="projects-csv"
    ),
    pytest.param(
        ADMIN_SUBMISSIONS,
        ADMIN_SUBMISSION_FILTERS,
        {"export": "csv"},
        id="submissions-csv",
    ),
    pytest.param("/admin/reports/b/export/csv/", ["year"], {}, id="report-csv"),
]
ADMIN_FEW = [
    pytest.param(ADMIN_PROJECTS, ADMIN_PROJECT_FILTERS, {}, id="projects"),
    pytest.param(ADMIN_SUBMISSIONS, ADMIN_SUBMISSION_FILTERS, {}, id="submissions"),
    pytest.param(
        ADMIN_PROJECTS, ADMIN_PROJECT_FILTERS, {"export": "xlsx"}, id="projects-xlsx"
    ),
    pytest.param(
        ADMIN_SUBMISSIONS,
        ADMIN_SUBMISSION_FILTERS,
        {"export": "xlsx"},
        id="submissions-xlsx",
    ),
    pytest.param("/admin/reports/t2/export/xlsx/", ["year"], {}, id="report-xlsx"),
    pytest.param("/admin/reports/t1/", ["year"], {}, id="report"),
]
FEW = ["nul", "c1-nel", "huge-int", "int64-overflow", "long-10k-unicode", "script"]

# Everything in the corpus but NUL, which PostgreSQL cannot store in a text column.
STORED_CONTROLS = "\x07\x0b\x1b\x85\u2028\u202e\ufeff\u200b\x01\x1f\x7f"

MAIN = b'<main id="main"'
SITE_HEADER = b'class="site-header"'
FILTER_ERRORS = b'class="filter-errors"'


# --- Helpers -----------------------------------------------------------------------


def body(response):
    """The whole body; a streamed one is read to the end, so its errors surface."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_well_formed(content_type, content):
    """A download or feed is still a file its format's reader accepts."""
    if content_type.startswith("application/json"):
        json.loads(content)
    elif content_type.startswith("text/csv"):
        list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    elif "spreadsheetml" in content_type:
        openpyxl.load_workbook(io.BytesIO(content), read_only=True).close()
    elif "xml" in content_type:
        ElementTree.fromstring(content)


def assert_handled(response, *, site_page=True, filters=False):
    """Not a server error; a page is a whole page; nothing is reflected raw.

    ``site_page``: an HTML answer is the public site's page (the admin has its own).
    ``filters``: the answer is a filtered list that must say which filters it ignored.
    Returns the body.
    """
    content = body(response)
    status = response.status_code
    assert 200 <= status < 500, f"HTTP {status}"
    if 300 <= status < 400:
        return content
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html"):
        assert SCRIPT.encode() not in content, "markup from the request came back raw"
        if site_page:
            assert MAIN in content, "not the site's page"
            if status == 200:
                assert SITE_HEADER in content, "not the site's page"
        elif status == 200:
            assert b"<main" in content, "not the admin's page"
        if filters:
            assert status == 200
            assert FILTER_ERRORS in content, "the ignored filters are not named"
    elif status == 200:
        assert_well_formed(content_type, content)
    return content


@pytest.fixture
def guards_off(settings):
    """The interest form without its timing and volume guards (tested elsewhere)."""
    settings.VANORT_INTEREST_MIN_FILL_SECONDS = 0
    settings.VANORT_INTEREST_RATE_LIMIT = 10_000
    settings.VANORT_RATE_LIMIT_CACHE = ""
    settings.VANORT_TRUSTED_PROXY_HEADER = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def valid_interest(**overrides):
    return {"form_token": issue_form_token(), **VALID_INTEREST, **overrides}


def stored_text(prefix):
    """Text with control characters, as an import or an old client might store it."""
    nul = "\x00" if connection.vendor == "sqlite" else ""
    return f"{prefix}{STORED_CONTROLS}{nul} slut"


# --- Public pages, lists, feeds and exports ----------------------------------------


@pytest.mark.parametrize("value", value_params())
@pytest.mark.parametrize(("path", "names", "filters"), PUBLIC_GET_PARAMS)
def test_public_get_survives_a_hostile_value_in_every_parameter(
    client, demo_site, path, names, filters, value
):
    response = client.get(path, dict.fromkeys(names, value))
    assert_handled(response, filters=filters and value != "")


@pytest.mark.parametrize("raw", raw_query_params())
@pytest.mark.parametrize(("path", "names", "filters"), PUBLIC_GET_PARAMS)
def test_public_get_survives_bytes_that_are_not_utf8(
    client, demo_site, path, names, filters, raw
):
    response = client.get(path, QUERY_STRING=raw_query(names, raw))
    assert_handled(response, filters=filters)


@pytest.mark.parametrize("key", REPEATED)
@pytest.mark.parametrize(("path", "names", "filters"), PUBLIC_GET_PARAMS)
def test_public_get_survives_repeated_parameters(
    client, demo_site, path, names, filters, key
):
    response = client.get(path, dict.fromkeys(names, REPEATED[key]))
    assert_handled(response)


@pytest.mark.parametrize("path", NO_PARAMETERS)
def test_a_page_that_reads_no_parameter_ignores_the_whole_corpus(
    client, demo_site, path
):
    everything = list(VALUES.values())
    params = {f"x-{key}": value for key, value in VALUES.items()}
    params.update(dict.fromkeys(COMMON_NAMES, everything))
    assert_handled(client.get(path, params))
    raw = "&".join(f"x{i}={value}" for i, value in enumerate(RAW_QUERIES.values()))
    raw += "&" + raw_query(COMMON_NAMES, "".join(RAW_QUERIES.values()))
    assert_handled(client.get(path, QUERY_STRING=raw))


@pytest.mark.parametrize("number", PAGE_NUMBERS.values(), ids=PAGE_NUMBERS.keys())
@pytest.mark.parametrize(("path", "name", "params"), PAGINATED)
def test_a_page_number_out_of_range_or_not_a_number(
    client, demo_site, path, name, params, number
):
    response = client.get(path, {**params, name: number})
    assert_handled(response)


@pytest.mark.parametrize(
    "segment", [pytest.param(path_segment(v), id=k) for k, v in VALUES.items()]
)
@pytest.mark.parametrize("template", PATH_TEMPLATES)
def test_a_hostile_path_segment_is_not_found_not_an_error(
    client, demo_site, template, segment
):
    response = client.get(template.format(segment))
    assert_handled(response)
    assert response.status_code in (200, 301, 302, 404)


@pytest.mark.parametrize("key", REPORT_KEYS)
def test_a_report_key_out_of_range_is_not_found_or_redirected(client, demo_site, key):
    response = client.get(f"/projekt/rapporter/{key}/")
    assert_handled(response)
    assert response.status_code in (302, 404)


@pytest.mark.parametrize(
    ("path", "filters"),
    [
        pytest.param("/projekt/", {"status": "' OR 1=1 --"}, id="projects-sv"),
        pytest.param(
            "/en/projects/",
            dict.fromkeys(PROJECT_FILTERS, "\x00") | {"year_from": "1e9"},
            id="projects-en",
        ),
        pytest.param("/vanorter/", {"country": "\x00"}, id="partners-sv"),
        pytest.param(
            "/en/twin-towns/",
            dict.fromkeys(PARTNER_FILTERS, "\u202e\x1b"),
            id="partners-en",
        ),
        pytest.param(
            "/en/stories/",
            dict.fromkeys(STORY_FILTERS, "9223372036854775808") | {"page": "-1"},
            id="stories-en",
        ),
    ],
)
def test_an_ignored_filter_is_named_in_the_page_language(
    client, demo_site, path, filters
):
    response = client.get(path, filters)
    content = assert_handled(response, filters=True)
    heading = (
        b"Some filters had values we do not recognise"
        if path.startswith("/en/")
        else "Några filter hade värden som vi inte känner igen".encode()
    )
    assert heading in content


def wsgi_get(path, query, content_type):
    """GET through the site's own WSGI application, as gunicorn calls it: the test
    client builds Django's plain request, not the application's."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": urlencode(query),
        "CONTENT_TYPE": content_type,
        "HTTP_HOST": "testserver",
    }
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(headers)

    # As the test client does: the request must not close the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        chunks = application(environ, start_response)
        content = b"".join(chunks)
        chunks.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], content


@pytest.mark.parametrize("path", ["/projekt/", "/projekt/export/csv/"])
@pytest.mark.parametrize("charset", CHARSETS)
def test_a_get_with_a_charset_that_is_no_text_encoding(demo_site, path, charset):
    status, headers, content = wsgi_get(
        path, {"status": "ongoing", "q": "Åäö"}, f"text/plain; charset={charset}"
    )
    assert 200 <= status < 500, f"HTTP {status}"
    if status == 400:
        assert MAIN in content
        assert "kunde inte" in content.decode()


def as_header(value):
    """``value`` as a WSGI server hands over a header: its UTF-8 bytes as latin-1."""
    return value.encode("utf-8", "surrogatepass").decode("latin-1")


@pytest.mark.parametrize("value", value_params())
def test_hostile_request_headers(client, demo_site, guards_off, value):
    """Headers the site reads (language; the client's address behind a proxy, for
    the rate limit) or logs, sent with a valid interest form: it is still stored."""
    guards_off.VANORT_TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    header = as_header(value)
    headers = {
        "HTTP_ACCEPT_LANGUAGE": header,
        "HTTP_REFERER": header,
        "HTTP_USER_AGENT": header,
        "HTTP_X_FORWARDED_FOR": f"{header}, {header}",
    }
    response = client.post(INTEREST_FORMS["en"], valid_interest(), **headers)
    assert_handled(response)
    assert response.status_code == 303


def test_exports_and_feeds_of_projects_whose_text_holds_control_characters(
    client, demo_site
):
    Project.objects.filter(live=True).update(
        title=stored_text("Projekt"), summary=stored_text("Om projektet")
    )
    for path in (
        "/projekt/export/csv/",
        "/projekt/export/json/",
        "/en/projects/export/xlsx/",
        "/projekt/feed/",
        "/projekt/",
        "/projekt/matkultur-perano/",
    ):
        response = client.get(path)
        assert_handled(response)
        assert response.status_code == 200, path


def test_feeds_of_stories_whose_text_holds_control_characters(client, demo_site):
    StoryPage.objects.update(
        title=stored_text("Berättelse"), intro=stored_text("Ingress")
    )
    for tag in Tag.objects.all():
        tag.name = stored_text(tag.name)
        tag.save(update_fields=["name"])
    for path in ("/berattelser/rss/", "/berattelser/atom/", "/en/stories/rss/"):
        response = client.get(path)
        assert_handled(response)
        assert response.status_code == 200, path


# --- The interest form -------------------------------------------------------------


@pytest.mark.parametrize("value", value_params())
@pytest.mark.parametrize("language", INTEREST_FORMS)
def test_interest_form_with_every_field_hostile(
    client, demo_site, guards_off, language, value
):
    data = {**dict.fromkeys(INTEREST_FIELDS, value), "website": ""}
    data["form_token"] = issue_form_token()
    response = client.post(INTEREST_FORMS[language], data)
    assert_handled(response)
    # 413: twelve fields of 10,000 characters are more than the form takes.
    assert response.status_code in (400, 413)
    assert not InterestSubmission.objects.exists()


@pytest.mark.parametrize("value", value_params())
def test_interest_form_with_hostile_free_text(client, demo_site, guards_off, value):
    """Valid but for the text fields: stored (303) or refused (400, 413), no more."""
    data = valid_interest(**dict.fromkeys(FREE_TEXT_FIELDS, value))
    response = client.post(INTEREST_FORMS["sv"], data)
    assert_handled(response)
    assert response.status_code in (303, 400, 413)


@pytest.mark.parametrize("value", value_params())
def test_interest_form_with_a_hostile_token(client, demo_site, guards_off, value):
    response = client.post(INTEREST_FORMS["sv"], valid_interest(form_token=value))
    assert_handled(response)
    assert response.status_code == 400


@pytest.mark.parametrize("key", FEW)
def test_interest_form_with_a_hostile_honeypot(client, demo_site, guards_off, key):
    response = client.post(INTEREST_FORMS["sv"], valid_interest(website=VALUES[key]))
    assert_handled(response)
    assert response.status_code == 303
    assert not InterestSubmission.objects.exists()


@pytest.mark.parametrize("language", INTEREST_FORMS)
def test_interest_form_with_repeated_fields(client, demo_site, guards_off, language):
    data = {name: ["a", "9223372036854775808", SCRIPT] for name in INTEREST_FIELDS}
    data["form_token"] = issue_form_token()
    response = client.post(INTEREST_FORMS[language], data)
    assert_handled(response)
    assert response.status_code == 400


@pytest.mark.parametrize("raw", raw_query_params())
def test_interest_form_body_with_bytes_that_are_not_utf8(
    client, demo_site, guards_off, raw
):
    fields = [*INTEREST_FIELDS, "form_token"]
    response = client.post(
        INTEREST_FORMS["sv"],
        raw_query(fields, raw).encode("latin-1"),
        content_type="application/x-www-form-urlencoded",
    )
    assert_handled(response)
    assert response.status_code == 400


@pytest.mark.parametrize("charset", CHARSETS)
def test_interest_form_posted_with_a_charset_that_is_no_text_encoding(
    client, demo_site, guards_off, charset
):
    # generic(): post() would encode the body in the named charset itself.
    response = client.generic(
        "POST",
        INTEREST_FORMS["sv"],
        b"organisation_name=%C3%85%C3%A4%C3%B6&email=x",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert_handled(response)
    assert response.status_code == 400


# --- The admin's lists and exports -------------------------------------------------


@pytest.mark.parametrize("value", value_params())
@pytest.mark.parametrize(("path", "names", "fixed"), ADMIN_GET)
def test_admin_list_or_export_with_hostile_filters(
    admin_client, demo_site, path, names, fixed, value
):
    response = admin_client.get(path, {**dict.fromkeys(names, value), **fixed})
    assert_handled(response, site_page=False)


@pytest.mark.parametrize("raw", raw_query_params())
@pytest.mark.parametrize(("path", "names", "fixed"), ADMIN_GET)
def test_admin_list_or_export_with_bytes_that_are_not_utf8(
    admin_client, demo_site, path, names, fixed, raw
):
    query = raw_query(names, raw)
    if fixed:
        query += "&" + "&".join(f"{k}={v}" for k, v in fixed.items())
    response = admin_client.get(path, QUERY_STRING=query)
    assert_handled(response, site_page=False)


@pytest.mark.parametrize("key", FEW)
@pytest.mark.parametrize(("path", "names", "fixed"), ADMIN_FEW)
def test_admin_list_xlsx_or_report_with_hostile_filters(
    admin_client, demo_site, path, names, fixed, key
):
    response = admin_client.get(path, {**dict.fromkeys(names, VALUES[key]), **fixed})
    assert_handled(response, site_page=False)


@pytest.fixture
def hostile_submission(demo_site):
    """A submission whose stored text holds control characters, made with the ORM."""
    page = InterestFormPage.objects.get(locale__language_code="sv")
    return InterestSubmission.objects.create(
        page=page,
        language="sv",
        organisation_type=InterestSubmission.OrganisationType.ASSOCIATION,
        organisation_name=stored_text("Förening"),
        contact_name=stored_text("Anna"),
        email="anna@example.org",
        town=stored_text("Kungälv"),
        message=stored_text('=HYPERLINK("http://example.org")\n') + SCRIPT,
        internal_note=stored_text("Not"),
    )


@pytest.mark.parametrize("export", ["", "csv", "xlsx"])
def test_admin_submissions_whose_stored_text_holds_control_characters(
    admin_client, hostile_submission, export
):
    params = {"export": export} if export else {}
    response = admin_client.get(ADMIN_SUBMISSIONS, params)
    assert_handled(response, site_page=False)
    assert response.status_code == 200
    inspect = f"{ADMIN_SUBMISSIONS}inspect/{hostile_submission.pk}/"
    assert_handled(admin_client.get(inspect), site_page=False)


@pytest.mark.parametrize("export", ["", "csv", "xlsx"])
def test_admin_projects_whose_stored_text_holds_control_characters(
    admin_client, demo_site, export
):
    Project.objects.filter(live=True).update(
        title=stored_text("Projekt"), summary=stored_text("Om projektet")
    )
    params = {"export": export} if export else {}
    response = admin_client.get(ADMIN_PROJECTS, params)
    assert_handled(response, site_page=False)
    assert response.status_code == 200
