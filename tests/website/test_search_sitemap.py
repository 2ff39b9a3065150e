"""Site search, the per-language sitemaps and robots.txt."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from website.models import ContentPage

pytestmark = pytest.mark.django_db

WORD = "vänortsutbyte"


def search_url(language):
    with translation.override(language):
        return reverse("search")


def search(client, query, language="sv", **params):
    response = client.get(search_url(language), {"q": query, **params})
    assert response.status_code == 200
    return response


def result_links(response):
    results = BeautifulSoup(response.content, "html.parser").find(
        "ol", class_="search-results"
    )
    if results is None:
        return []
    return [h3.a["href"] for h3 in results.find_all("h3")]


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def many_matches(demo_site, publish_page):
    """Twelve Swedish pages that mention the same word in their body."""
    for number in range(1, 13):
        publish_page(
            demo_site["sv"],
            ContentPage(
                title=f"Utbyte nummer {number}",
                slug=f"utbyte-{number}",
                body=paragraph(f"Ett {WORD} med en vänort, del {number}."),
            ),
        )
    return demo_site


# --- Search ------------------------------------------------------------------------


def test_search_finds_the_about_page_by_a_word_in_its_body(client, demo_site):
    links = result_links(search(client, "bokslutsrapporteringen"))
    # PostgreSQL's Swedish stemming also matches the policy's "bokslutsrapportering".
    assert "/om-webbplatsen/" in links
    assert set(links) <= {"/om-webbplatsen/", "/internationell-policy/"}


def test_english_search_finds_the_english_about_page(client, demo_site):
    assert result_links(search(client, "four-monthly", "en")) == ["/en/about/"]


def test_search_shows_the_query_and_the_result_summary(client, demo_site):
    response = search(client, "bokslutsrapporteringen")
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("input", id="search-q")["value"] == "bokslutsrapporteringen"
    assert "bokslutsrapporteringen" in page.find(class_="search-count").get_text()
    about = page.find("ol", class_="search-results").find("a", href="/om-webbplatsen/")
    summary = about.find_parent("li").p.get_text()
    assert summary.startswith("Webbplatsen samlar")


def test_search_only_returns_pages_in_the_active_language(client, demo_site):
    # The municipality's name is on pages in both languages.
    swedish = result_links(search(client, "Kungälvs"))
    english = result_links(search(client, "Kungälvs", "en"))
    assert swedish
    assert english
    assert not any(link.startswith("/en/") for link in swedish)
    assert all(link.startswith("/en/") for link in english)


def test_search_paginates_ten_results_a_page(client, many_matches):
    first = search(client, WORD)
    links = result_links(first)
    assert len(links) == 10
    page = BeautifulSoup(first.content, "html.parser")
    pagination = page.find("nav", class_="pagination")
    assert pagination["aria-label"]
    next_link = pagination.find("a", rel="next")
    assert next_link is not None
    assert pagination.find("a", rel="prev") is None

    second = client.get(search_url("sv") + next_link["href"])
    assert second.status_code == 200
    second_links = result_links(second)
    assert len(second_links) == 2
    assert set(links).isdisjoint(second_links)
    assert len(set(links) | set(second_links)) == 12
    page = BeautifulSoup(second.content, "html.parser")
    assert page.find("ol", class_="search-results")["start"] == "11"
    assert page.find("nav", class_="pagination").find("a", rel="prev") is not None
    assert page.find("nav", class_="pagination").find("a", rel="next") is None


def test_a_page_number_that_is_not_a_number_shows_the_first_page(client, many_matches):
    response = search(client, WORD, page="abc")
    assert len(result_links(response)) == 10


def test_a_page_number_past_the_end_shows_the_last_page(client, many_matches):
    response = search(client, WORD, page="999")
    assert len(result_links(response)) == 2


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_shows_no_results(client, demo_site, query):
    response = search(client, query)
    page = BeautifulSoup(response.content, "html.parser")
    assert result_links(response) == []
    assert page.find(class_="search-count") is None
    assert page.find("input", id="search-q")["value"] == ""


def test_search_without_a_query_parameter_shows_the_form(client, demo_site):
    response = client.get(search_url("sv"))
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").find("form", role="search")


def test_a_very_long_query_is_cut_not_an_error(client, demo_site):
    response = search(client, "internationell " * 70)  # over 1000 characters
    value = BeautifulSoup(response.content, "html.parser").find("input", id="search-q")
    assert len(value["value"]) <= 200


@pytest.mark.parametrize(
    "query",
    [
        '"',  # a reader starting a phrase and giving up
        'Kungälvs"',
        '"Kungälvs',
        "'; DROP TABLE",
        "a AND OR NOT",
        "NEAR",
        "*",
        "(",
        "a:b",
        "ÅÄÖ åäö",
        "-",
    ],
)
def test_a_query_of_odd_characters_is_not_an_error(client, demo_site, query):
    client.raise_request_exception = False
    response = client.get(search_url("sv"), {"q": query})
    assert response.status_code == 200
    value = BeautifulSoup(response.content, "html.parser").find("input", id="search-q")
    assert value["value"] == query.strip()


def test_search_hides_drafts_and_private_pages(client, demo_site, publish_page):
    demo_site["sv"].add_child(
        instance=ContentPage(
            title="Utkast", slug="utkast", live=False, body=paragraph(WORD)
        )
    )
    private = publish_page(
        demo_site["sv"],
        ContentPage(title="Intern", slug="intern", body=paragraph(WORD)),
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    publish_page(
        demo_site["sv"],
        ContentPage(title="Öppen", slug="oppen", body=paragraph(WORD)),
    )
    assert result_links(search(client, WORD)) == ["/oppen/"]


def test_search_only_answers_get(client, demo_site):
    assert client.post(search_url("sv"), {"q": "x"}).status_code == 405


# --- Sitemaps and robots.txt -------------------------------------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def read_sitemap(client, path):
    """The kind of sitemap at ``path`` (``sitemapindex`` or ``urlset``) and the
    addresses it lists."""
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.headers["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own sitemap
    return root.tag.removeprefix(SITEMAP), [
        loc.text for loc in root.iter(f"{SITEMAP}loc")
    ]


def local(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sitemap_paths(client, path):
    kind, locations = read_sitemap(client, path)
    assert kind == "urlset", path
    return [urlsplit(location).path for location in locations]


def follow_sitemap_index(client, path):
    """What a search engine reads from the sitemap index at ``path``: the address
    of each sitemap it names, and the paths that sitemap lists."""
    kind, sitemaps = read_sitemap(client, path)
    assert kind == "sitemapindex", path
    return {url: sitemap_paths(client, local(url)) for url in sitemaps}


def test_root_sitemap_lists_only_the_swedish_pages(client, demo_site):
    assert follow_sitemap_index(client, "/sitemap.xml") == {
        "http://testserver/sitemap-pages.xml": [
            "/",
            "/om-webbplatsen/",
            "/kontakt/",
            "/tillganglighet/",
            "/internationell-policy/",
            "/vanorter/",
            "/vanorter/hiddenhausen/",
            "/vanorter/perano/",
            "/berattelser/",
            "/berattelser/policyn-ska-ses-over/",
            "/berattelser/besok-i-hiddenhausen-2016/",
            "/berattelser/elevutbyte-ytterbyskolan/",
            "/berattelser/ungdomsutbyten-perano-2013/",
            "/projekt/",
            "/projekt/rapporter/",
            "/projekt/rapporter/2026-t2/",
            "/projekt/rapporter/2026-t1/",
            "/anmal-intresse/",
        ],
        "http://testserver/sitemap-projects.xml": [
            "/projekt/elevutbyte-hiddenhausen/",
            "/projekt/klimatanpassning-kusten/",
            "/projekt/matkultur-perano/",
            "/projekt/omvarldsbevakning-eu/",
        ],
    }


def test_english_sitemap_lists_only_the_english_pages(client, demo_site):
    assert follow_sitemap_index(client, "/en/sitemap.xml") == {
        "http://testserver/en/sitemap-pages.xml": [
            "/en/",
            "/en/about/",
            "/en/contact/",
            "/en/accessibility/",
            "/en/international-policy/",
            "/en/twin-towns/",
            "/en/twin-towns/hiddenhausen/",
            "/en/twin-towns/perano/",
            "/en/stories/",
            "/en/stories/policy-review/",
            "/en/stories/visit-to-hiddenhausen-2016/",
            "/en/stories/pupil-exchange-ytterbyskolan/",
            "/en/stories/youth-exchanges-perano-2013/",
            "/en/projects/",
            "/en/projects/reports/",
            "/en/projects/reports/2026-t2/",
            "/en/projects/reports/2026-t1/",
            "/en/express-interest/",
        ],
        "http://testserver/en/sitemap-projects.xml": [
            "/en/projects/coastal-climate-adaptation/",
            "/en/projects/food-culture-perano/",
            "/en/projects/horizon-scanning-eu-funding/",
            "/en/projects/pupil-exchange-hiddenhausen/",
        ],
    }


def test_sitemaps_leave_out_drafts_and_private_pages(client, demo_site, publish_page):
    demo_site["sv"].add_child(
        instance=ContentPage(title="Utkast", slug="utkast", live=False)
    )
    private = publish_page(demo_site["sv"], ContentPage(title="Intern", slug="intern"))
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    publish_page(demo_site["sv"], ContentPage(title="Ny", slug="ny"))
    paths = sitemap_paths(client, "/sitemap-pages.xml")
    assert "/ny/" in paths
    assert "/utkast/" not in paths
    assert "/intern/" not in paths


def test_a_section_page_past_the_end_or_an_unknown_section_is_not_found(
    client, demo_site
):
    assert client.get("/sitemap-pages.xml", {"p": 2}).status_code == 404
    assert client.get("/sitemap-projects.xml", {"p": 2}).status_code == 404
    assert client.get("/sitemap-stories.xml").status_code == 404


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_names_both_sitemaps(
    client, demo_site
):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert not any("django-admin" in line for line in lines)  # there is none
    assert "Disallow: /" not in lines
    sitemaps = [line.split(": ", 1)[1] for line in lines if line.startswith("Sitemap:")]
    assert sitemaps == [
        "http://testserver/sitemap.xml",
        "http://testserver/en/sitemap.xml",
    ]
    # Each is its language's sitemap index, naming that language's sections.
    for url in sitemaps:
        sections = follow_sitemap_index(client, local(url))
        assert sections
        assert all(
            section.startswith(url.removesuffix("sitemap.xml") + "sitemap-")
            for section in sections
        )
