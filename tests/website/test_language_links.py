"""Links between the languages: the switcher leads to the same page, project,
report and filters in the other language (or says what is missing there), the head
names the same things as canonical and hreflang alternates, dates read as a reader
of the page's language writes them, and Swedish words on English pages say so."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from inventory.models import OrganisationalUnit, ProjectIndexPage
from inventory.reports.models import ReportSnapshot
from partnerships.models import PartnerPage
from tests.inventory.builders import project_maker
from website.models import ContentPage

pytestmark = pytest.mark.django_db

# The demo's pupil exchange in each language.
SV_PROJECT = "/projekt/elevutbyte-hiddenhausen/"
EN_PROJECT = "/en/projects/pupil-exchange-hiddenhausen/"
# A <time datetime>: a date, or a time to the second with its offset.
MACHINE_DATE = re.compile(
    r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?)?)?"
)


def soup(response):
    assert response.status_code == 200, response
    return BeautifulSoup(response.content, "html.parser")


def switcher(response):
    """The switcher's one link: (address, text)."""
    [link] = soup(response).find("nav", class_="language-switcher").find_all("a")
    return link["href"], link.get_text(" ", strip=True)


def head_links(response):
    """The canonical address and the hreflang alternates, by language."""
    head = soup(response).head
    canonical = [link["href"] for link in head.find_all("link", rel="canonical")]
    alternates = {
        link["hreflang"]: link["href"]
        for link in head.find_all("link", rel="alternate")
        if link.get("hreflang")
    }
    return canonical, alternates


def root_url():
    """The Wagtail site's own address, which absolute links are made from."""
    return Site.objects.get(is_default_site=True).root_url


# --- The switcher --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("swedish", "english"),
    [
        (SV_PROJECT, EN_PROJECT),
        ("/projekt/coverage/", "/en/projects/coverage/"),
        ("/projekt/data/", "/en/projects/data/"),
        ("/projekt/rapporter/", "/en/projects/reports/"),
        ("/projekt/rapporter/2026-t1/", "/en/projects/reports/2026-t1/"),
        ("/vanorter/hiddenhausen/", "/en/twin-towns/hiddenhausen/"),
    ],
)
def test_the_switcher_leads_to_the_same_thing_in_the_other_language(
    client, demo_site, swedish, english
):
    assert switcher(client.get(swedish)) == (english, "English")
    assert switcher(client.get(english)) == (swedish, "Svenska")


def test_the_switcher_keeps_the_filters_with_the_other_languages_ids(client, demo_site):
    sv_unit = OrganisationalUnit.objects.get(
        locale__language_code="sv", name="Sektor bildning och lärande"
    )
    en_unit = OrganisationalUnit.objects.get(
        locale__language_code="en", translation_key=sv_unit.translation_key
    )
    assert en_unit.pk != sv_unit.pk
    response = client.get(
        "/projekt/",
        {"status": "ongoing", "unit": sv_unit.pk, "sort": "title", "page": "1"},
    )
    href, text = switcher(response)
    address = urlsplit(href)
    assert address.path == "/en/projects/"
    # The page number and anything else than the filters stay behind.
    assert parse_qs(address.query) == {
        "status": ["ongoing"],
        "unit": [str(en_unit.pk)],
        "sort": ["title"],
    }
    assert text == "English"
    # And back again, to the Swedish ids.
    href, _text = switcher(client.get(href))
    assert parse_qs(urlsplit(href).query)["unit"] == [str(sv_unit.pk)]


def test_the_switcher_keeps_a_story_filter_by_partner(client, demo_site):
    hiddenhausen = {
        partner.locale.language_code: str(partner.pk)
        for partner in PartnerPage.objects.filter(slug="hiddenhausen")
    }
    href, _text = switcher(client.get("/berattelser/", {"partner": hiddenhausen["sv"]}))
    assert href == f"/en/stories/?partner={hiddenhausen['en']}"
    response = client.get(href)
    assert soup(response).find("div", class_="filter-errors") is None


def test_the_switcher_keeps_the_search(client, demo_site):
    href, _text = switcher(client.get("/sok/", {"q": "utbyte"}))
    assert href == "/en/search/?q=utbyte"


def test_a_project_only_in_swedish_leads_to_the_english_list_and_says_so(
    client, demo_site
):
    make = project_maker()
    make("Bara på svenska", slug="bara-pa-svenska")
    response = client.get("/projekt/bara-pa-svenska/")
    href, text = switcher(response)
    assert href == "/en/projects/"
    assert text == "English (this project is not available in English)"
    note = soup(response).find("span", class_="language-switcher__note")
    assert note.find_parent("a")["lang"] == "en"
    canonical, alternates = head_links(response)
    assert canonical == [root_url() + "/projekt/bara-pa-svenska/"]
    assert alternates == {}  # no other language has it


def test_a_report_not_published_in_english_leads_to_the_english_reports(
    client, demo_site
):
    ReportSnapshot.objects.filter(
        locale__language_code="en", period_key="2026-T1"
    ).delete()
    href, text = switcher(client.get("/projekt/rapporter/2026-t1/"))
    assert href == "/en/projects/reports/"
    assert text == "English (this report is not available in English)"


def test_an_untranslated_page_leads_to_its_closest_translated_ancestor(
    client, demo_site, publish_page
):
    about = ContentPage.objects.get(url_path__endswith="/om-webbplatsen/")
    publish_page(about, ContentPage(title="Bara svenska", slug="bara-svenska"))
    href, text = switcher(client.get("/om-webbplatsen/bara-svenska/"))
    assert href == "/en/about/"
    assert text == "English (this page is not available in English)"


# --- Canonical and hreflang ----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "canonical", "swedish", "english"),
    [
        ("/om-webbplatsen/", "/om-webbplatsen/", "/om-webbplatsen/", "/en/about/"),
        (EN_PROJECT, EN_PROJECT, SV_PROJECT, EN_PROJECT),
        (
            "/projekt/coverage/",
            "/projekt/coverage/",
            "/projekt/coverage/",
            "/en/projects/coverage/",
        ),
        (
            "/en/projects/reports/2026-t2/",
            "/en/projects/reports/2026-t2/",
            "/projekt/rapporter/2026-t2/",
            "/en/projects/reports/2026-t2/",
        ),
        # A filtered list, a page of it, a search: the canonical is the bare list.
        (
            "/projekt/?status=ongoing&page=2&utm_source=x",
            "/projekt/",
            "/projekt/",
            "/en/projects/",
        ),
        ("/en/search/?q=exchange", "/en/search/", "/sok/", "/en/search/"),
    ],
)
def test_each_public_page_names_its_canonical_and_alternates(
    client, demo_site, url, canonical, swedish, english
):
    root = root_url()
    assert urlsplit(root).scheme in ("http", "https")
    assert head_links(client.get(url)) == (
        [root + canonical],
        {"sv": root + swedish, "en": root + english, "x-default": root + swedish},
    )


def test_a_missing_page_has_no_canonical(client, demo_site):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    page = BeautifulSoup(response.content, "html.parser")
    assert page.head.find("link", rel="canonical") is None


# --- Dates ---------------------------------------------------------------------------


def test_english_pages_write_dates_the_british_way(client, demo_site):
    policy = soup(client.get("/en/international-policy/")).find("main")
    assert policy.find("time", datetime="2019-12-05").get_text() == "5 December 2019"
    story = soup(client.get("/en/stories/")).find("time", datetime="2016-06-01")
    assert story.get_text() == "1 June 2016"
    report = soup(client.get("/en/projects/reports/2026-t1/"))
    assert report.find("p", class_="lead").get_text() == (
        "International projects from 1 January 2026 to 30 April 2026, "
        "cumulative from 1 January."
    )
    for url in ("/en/international-policy/", "/en/stories/", EN_PROJECT):
        text = soup(client.get(url)).find("main").get_text(" ")
        assert not re.search(r"\b[A-Z][a-z]{2}\. \d{1,2}, \d{4}\b", text), url
        assert not re.search(r"\b\d{2}/\d{2}/\d{4}\b", text), url


def test_english_sorting_by_title_says_a_to_z(client, demo_site):
    option = soup(client.get("/en/projects/")).find("option", value="title")
    assert option.get_text() == "Title A–Z"


@pytest.mark.parametrize(
    ("url", "period"),
    [
        ("/projekt/", "augusti 2025 – juni 2027"),
        (SV_PROJECT, "augusti 2025 – juni 2027"),
        ("/en/projects/", "August 2025 – June 2027"),
        (EN_PROJECT, "August 2025 – June 2027"),
    ],
)
def test_a_project_period_is_in_months_with_exact_dates_for_machines(
    client, demo_site, url, period
):
    start = soup(client.get(url)).find("main").find("time", datetime="2025-08-01")
    assert start.parent.get_text(" ", strip=True) == period
    assert start.find_next_sibling("time")["datetime"] == "2027-06-30"


def test_an_open_ended_period_says_from_when(client, demo_site):
    page = soup(client.get("/en/projects/horizon-scanning-eu-funding/"))
    start = page.find("aside").find("time", datetime="2024-09-01")
    assert start.parent.get_text(" ", strip=True) == "from September 2024"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/en/about/",
        "/internationell-policy/",
        "/en/twin-towns/hiddenhausen/",
        "/berattelser/",
        EN_PROJECT,
        "/en/projects/reports/2026-t1/",
        "/en/accessibility/",
    ],
)
def test_every_time_element_carries_a_date_or_a_time_to_the_second(
    client, demo_site, url
):
    for time in soup(client.get(url)).find_all("time"):
        assert MACHINE_DATE.fullmatch(time["datetime"]), (url, time["datetime"])


# --- Swedish on English pages --------------------------------------------------------


def test_swedish_tags_on_english_pages_are_marked_swedish(client, demo_site):
    options = soup(client.get("/en/stories/")).find("select", attrs={"name": "tag"})
    marked = {option.get_text(): option.get("lang") for option in options("option")}
    assert marked["besök"] == "sv"
    assert marked["All"] is None
    story = soup(client.get("/en/stories/visit-to-hiddenhausen-2016/"))
    assert story.find("a", string="besök")["lang"] == "sv"
    # The same tag on a Swedish page is in the page's own language.
    story = soup(client.get("/berattelser/besok-i-hiddenhausen-2016/"))
    assert not story.find("a", string="besök").has_attr("lang")
    # An English cooperation area is not marked; a Swedish one would be.
    partner = soup(client.get("/en/twin-towns/hiddenhausen/"))
    assert not partner.find("span", string="culture").has_attr("lang")


# --- The reports' English address ----------------------------------------------------


def test_the_english_reports_have_an_english_address(client, demo_site):
    assert client.get("/en/projects/reports/").status_code == 200
    assert client.get("/projekt/rapporter/").status_code == 200
    assert client.get("/projekt/reports/").status_code == 404
    listing = soup(client.get("/en/projects/"))
    assert listing.find("a", href="/en/projects/reports/")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/en/projects/rapporter/", "/en/projects/reports/"),
        ("/en/projects/rapporter/2026-t1/", "/en/projects/reports/2026-t1/"),
        ("/en/projects/rapporter/2026-t1/csv/", "/en/projects/reports/2026-t1/csv/"),
    ],
)
def test_the_old_english_report_address_moves_for_good(client, demo_site, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_a_frontend_cache_purges_each_languages_report_address(demo_site):
    paths = {
        page.locale.language_code: page.get_cached_paths()
        for page in ProjectIndexPage.objects.all()
    }
    assert "rapporter/" in paths["sv"]
    assert "reports/" in paths["en"]
    assert "rapporter/" not in paths["en"]
