"""Two languages: Swedish at the root, English under /en/."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from website.models import ContentPage

pytestmark = pytest.mark.django_db

PAIRS = [
    ("/", "/en/"),
    ("/om-webbplatsen/", "/en/about/"),
    ("/kontakt/", "/en/contact/"),
    ("/tillganglighet/", "/en/accessibility/"),
]


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def switcher_links(response):
    nav = soup(response).find("nav", class_="language-switcher")
    assert nav is not None, "no language switcher"
    assert nav.get("aria-label")
    return nav.find_all("a")


@pytest.mark.parametrize(("swedish", "english"), PAIRS)
def test_switcher_on_a_swedish_page_leads_to_its_english_translation(
    client, demo_site, swedish, english
):
    [link] = switcher_links(client.get(swedish))
    assert link["href"] == english
    assert link["lang"] == "en"
    assert link["hreflang"] == "en"
    assert link.get_text(strip=True) == "English"


@pytest.mark.parametrize(("swedish", "english"), PAIRS)
def test_switcher_on_an_english_page_leads_to_its_swedish_original(
    client, demo_site, swedish, english
):
    [link] = switcher_links(client.get(english))
    assert link["href"] == swedish
    assert link["lang"] == "sv"
    assert link.get_text(strip=True) == "Svenska"


def test_switcher_on_an_untranslated_page_leads_to_the_english_home(
    client, demo_site, publish_page
):
    publish_page(
        demo_site["sv"], ContentPage(title="Bara svenska", slug="bara-svenska")
    )
    response = client.get("/bara-svenska/")
    assert response.status_code == 200
    [link] = switcher_links(response)
    assert link["href"] == "/en/"
    assert client.get(link["href"]).status_code == 200


def test_switcher_skips_an_unpublished_translation(
    client, demo_site, publish_page, en_locale
):
    swedish = publish_page(demo_site["sv"], ContentPage(title="Nyhet", slug="nyhet"))
    draft = swedish.copy_for_translation(en_locale)
    assert not draft.live
    [link] = switcher_links(client.get("/nyhet/"))
    assert link["href"] == "/en/"


def test_switcher_on_the_search_page_keeps_the_reader_on_search(client, demo_site):
    with translation.override("sv"):
        swedish_search = reverse("search")
    with translation.override("en"):
        english_search = reverse("search")
    [link] = switcher_links(client.get(swedish_search))
    assert link["href"] == english_search
    [link] = switcher_links(client.get(english_search))
    assert link["href"] == swedish_search


def test_the_url_decides_the_language_not_the_browser(client, demo_site):
    response = client.get("/om-webbplatsen/", headers={"accept-language": "en"})
    assert response.status_code == 200
    assert soup(response).html["lang"] == "sv"
    response = client.get("/en/about/", headers={"accept-language": "sv"})
    assert soup(response).html["lang"] == "en"


def test_search_url_is_per_language():
    with translation.override("sv"):
        swedish = reverse("search")
    with translation.override("en"):
        english = reverse("search")
    assert not swedish.startswith("/en/")
    assert english.startswith("/en/")


def test_swedish_statement_shows_swedish_dates(client, demo_site):
    main = soup(client.get("/tillganglighet/")).find("main")
    dates = [time.get_text() for time in main.find_all("time", datetime="2026-11-02")]
    assert dates == ["2 november 2026", "2 november 2026"]


def test_english_statement_shows_english_dates(client, demo_site):
    main = soup(client.get("/en/accessibility/")).find("main")
    dates = [time.get_text() for time in main.find_all("time", datetime="2026-11-02")]
    assert dates == ["2 November 2026", "2 November 2026"]


def test_english_404_is_the_styled_english_page(client, demo_site):
    response = client.get("/en/nope/")
    assert response.status_code == 404
    page = soup(response)
    assert page.html["lang"] == "en"
    assert page.h1.get_text(strip=True) == "Page not found"
    assert page.find("main", id="main") is not None
    assert page.find("link", rel="stylesheet")["href"].endswith("site.css")
    assert page.find("footer") is not None
    hrefs = [a["href"] for a in page.find("main").find_all("a")]
    assert "/en/" in hrefs
    with translation.override("en"):
        assert reverse("search") in hrefs


def test_swedish_404_is_the_styled_swedish_page(client, demo_site):
    with translation.override("sv"):
        heading = gettext("Page not found")
        lead = gettext(
            "We could not find the page you were looking for. "
            "It may have moved or been removed."
        )
    assert heading != "Page not found"  # the catalogue has it
    response = client.get("/nope/")
    assert response.status_code == 404
    page = soup(response)
    assert page.html["lang"] == "sv"
    assert page.h1.get_text(strip=True) == heading
    assert page.find("p", class_="lead").get_text(strip=True) == lead
    assert page.find("main", id="main") is not None
    assert page.find("footer") is not None
    hrefs = [a["href"] for a in page.find("main").find_all("a")]
    assert "/" in hrefs
    with translation.override("sv"):
        assert reverse("search") in hrefs
    assert not any(href.startswith("/en/") for href in hrefs)


def frame_strings(response):
    page = soup(response)
    return {
        "skip link": page.find("a", class_="skip-link").get_text(strip=True),
        "main menu": page.find("nav", class_="main-nav")["aria-label"],
        "breadcrumbs": page.find("nav", class_="breadcrumbs")["aria-label"],
        "search label": page.find("label", attrs={"for": "site-search-q"}).get_text(
            strip=True
        ),
        "footer headings": [h2.get_text(strip=True) for h2 in page.footer("h2")],
    }


def test_the_frame_around_a_page_is_in_the_pages_language(client, demo_site):
    swedish = frame_strings(client.get("/kontakt/"))
    english = frame_strings(client.get("/en/contact/"))
    with translation.override("sv"):
        for name, text in english.items():
            if isinstance(text, list):
                assert swedish[name] == [gettext(item) for item in text], name
            else:
                assert swedish[name] == gettext(text), name
            assert swedish[name] != text, f"{name} is not translated"


def test_404_for_a_missing_page_under_a_real_one(client, demo_site):
    response = client.get("/en/about/nothing-here/")
    assert response.status_code == 404
    assert soup(response).h1.get_text(strip=True) == "Page not found"
