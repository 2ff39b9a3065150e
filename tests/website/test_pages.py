import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import Page, Site

from inventory.models import InterestFormPage, ProjectIndexPage
from partnerships.models import PartnerIndexPage, PolicyPage, StoryIndexPage
from website.models import (
    AccessibilityStatementPage,
    ContentPage,
    HomePage,
    OrganisationSettings,
)

pytestmark = pytest.mark.django_db

SWEDISH_URLS = ["/", "/om-webbplatsen/", "/kontakt/", "/tillganglighet/"]
ENGLISH_URLS = ["/en/", "/en/about/", "/en/contact/", "/en/accessibility/"]
TITLES = {
    "/": "Internationellt samarbete",
    "/om-webbplatsen/": "Om webbplatsen",
    "/kontakt/": "Kontakt",
    "/tillganglighet/": "Tillgänglighetsredogörelse",
    "/en/": "International cooperation",
    "/en/about/": "About this website",
    "/en/contact/": "Contact",
    "/en/accessibility/": "Accessibility statement",
}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_swedish_home_at_root_and_english_at_en(client, demo_site):
    sv = client.get("/")
    en = client.get("/en/")
    assert sv.status_code == 200
    assert en.status_code == 200
    assert '<html lang="sv">' in sv.text
    assert '<html lang="en">' in en.text
    assert "Internationellt samarbete" in sv.text
    assert "International cooperation" in en.text


# --- Page tree rules ---------------------------------------------------------------


def test_home_page_sits_at_the_top_and_holds_content_and_the_statement():
    assert HomePage.allowed_parent_page_models() == [Page]
    assert set(HomePage.allowed_subpage_models()) == {
        ContentPage,
        AccessibilityStatementPage,
        PolicyPage,
        PartnerIndexPage,
        StoryIndexPage,
        ProjectIndexPage,
        InterestFormPage,
    }


def test_content_pages_nest_under_home_or_each_other():
    assert set(ContentPage.allowed_parent_page_models()) == {HomePage, ContentPage}
    assert ContentPage.allowed_subpage_models() == [ContentPage]


def test_accessibility_statement_is_a_leaf_under_home():
    assert AccessibilityStatementPage.allowed_parent_page_models() == [HomePage]
    assert AccessibilityStatementPage.allowed_subpage_models() == []


def test_where_each_page_type_can_be_created(demo_site):
    root = Page.get_first_root_node()
    home = demo_site["sv"]
    about = home.get_children().get(slug="om-webbplatsen").specific
    statement = AccessibilityStatementPage.objects.get(locale=home.locale)
    assert HomePage.can_create_at(root)
    assert not HomePage.can_create_at(home)
    assert not HomePage.can_create_at(about)
    assert ContentPage.can_create_at(home)
    assert ContentPage.can_create_at(about)
    assert not ContentPage.can_create_at(root)
    assert not ContentPage.can_create_at(statement)
    assert not AccessibilityStatementPage.can_create_at(about)
    assert not AccessibilityStatementPage.can_create_at(root)
    assert InterestFormPage.can_create_at(home)
    assert not InterestFormPage.can_create_at(root)
    assert not InterestFormPage.can_create_at(about)


# --- One home page and one statement per language ----------------------------------


def statement(**fields):
    return AccessibilityStatementPage(
        assessment_date=datetime.date(2026, 11, 2),
        statement_date=datetime.date(2026, 11, 2),
        feedback_email="kommunen@kungalv.se",
        feedback_phone="0303-23 80 00",
        **fields,
    )


def test_a_second_home_page_in_the_same_language_is_refused(sv_home, sv_locale):
    root = Page.get_first_root_node()
    second = HomePage(title="Hem igen", slug="hem-igen", locale=sv_locale)
    with (
        translation.override("en"),
        pytest.raises(
            ValidationError, match="Only one “home page” is allowed per language"
        ),
    ):
        second.full_clean()
    with pytest.raises(ValidationError):
        root.add_child(instance=second)
    assert HomePage.objects.filter(locale=sv_locale).count() == 1


def test_the_home_page_can_still_be_edited_and_republished(sv_home):
    sv_home.title = "Startsida"
    sv_home.full_clean()
    sv_home.save_revision().publish()
    assert HomePage.objects.get(pk=sv_home.pk).title == "Startsida"


def test_a_home_page_translation_is_allowed(sv_home, en_locale):
    english = sv_home.copy_for_translation(en_locale)
    english.full_clean()
    assert english.locale == en_locale
    assert english.translation_key == sv_home.translation_key
    assert HomePage.objects.count() == 2


def test_a_second_statement_in_the_same_language_is_refused(sv_home, publish_page):
    first = publish_page(sv_home, statement(title="Tillgänglighet", slug="tg"))
    second = statement(title="Tillgänglighet 2", slug="tg-2", locale=first.locale)
    with (
        translation.override("en"),
        pytest.raises(
            ValidationError, match="one “accessibility statement” is allowed"
        ),
    ):
        second.full_clean()
    with pytest.raises(ValidationError):
        sv_home.add_child(instance=second)
    assert AccessibilityStatementPage.objects.count() == 1


def test_a_statement_translation_is_allowed(sv_home, en_locale, publish_page):
    swedish = publish_page(sv_home, statement(title="Tillgänglighet", slug="tg"))
    sv_home.copy_for_translation(en_locale).save_revision().publish()
    english = swedish.copy_for_translation(en_locale)
    english.full_clean()
    assert english.locale == en_locale
    assert english.get_parent().specific.locale == en_locale
    assert AccessibilityStatementPage.objects.count() == 2


# --- Rendering ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "lang"),
    [(url, "sv") for url in SWEDISH_URLS] + [(url, "en") for url in ENGLISH_URLS],
)
def test_every_demo_page_renders_with_its_frame(client, demo_site, url, lang):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == lang
    page = soup(response)
    assert page.html["lang"] == lang
    assert page.h1.get_text(strip=True) == TITLES[url]
    assert TITLES[url] in page.title.get_text()
    assert "Kungälvs kommun" in page.title.get_text()
    # The skip link comes first and leads to the main landmark.
    skip = page.body.find("a")
    assert skip["href"] == "#main"
    assert "skip-link" in skip["class"]
    assert page.find("main", id="main") is not None
    assert len(page.find_all("main")) == 1
    navs = page.find_all("nav")
    assert navs
    assert all(nav.get("aria-label") for nav in navs)
    assert page.find("nav", class_="main-nav") is not None
    assert page.find("footer") is not None


@pytest.mark.parametrize("url", ["/", "/en/"])
def test_home_pages_have_no_breadcrumbs(client, demo_site, url):
    assert soup(client.get(url)).find("nav", class_="breadcrumbs") is None


@pytest.mark.parametrize(
    ("url", "home"),
    [
        ("/om-webbplatsen/", "/"),
        ("/kontakt/", "/"),
        ("/tillganglighet/", "/"),
        ("/en/about/", "/en/"),
        ("/en/contact/", "/en/"),
        ("/en/accessibility/", "/en/"),
    ],
)
def test_sub_pages_have_breadcrumbs_back_to_their_home(client, demo_site, url, home):
    crumbs = soup(client.get(url)).find("nav", class_="breadcrumbs")
    assert crumbs is not None
    assert crumbs["aria-label"]
    links = crumbs.find_all("a")
    assert [link["href"] for link in links] == [home, url]
    assert links[-1]["aria-current"] == "page"
    assert links[-1].get_text(strip=True) == TITLES[url]


def test_breadcrumbs_show_every_level_of_a_deeper_page(client, demo_site, publish_page):
    about = demo_site["sv"].get_children().get(slug="om-webbplatsen").specific
    publish_page(about, ContentPage(title="Historik", slug="historik"))
    crumbs = soup(client.get("/om-webbplatsen/historik/")).find(
        "nav", class_="breadcrumbs"
    )
    assert [a["href"] for a in crumbs.find_all("a")] == [
        "/",
        "/om-webbplatsen/",
        "/om-webbplatsen/historik/",
    ]
    assert crumbs.find_all("a")[1].get_text(strip=True) == "Om webbplatsen"


@pytest.mark.parametrize(
    ("url", "links"),
    [
        (
            "/vanorter/",
            [
                "/internationell-policy/",
                "/vanorter/",
                "/berattelser/",
                "/projekt/",
                "/anmal-intresse/",
            ],
        ),
        (
            "/en/twin-towns/",
            [
                "/en/international-policy/",
                "/en/twin-towns/",
                "/en/stories/",
                "/en/projects/",
                "/en/express-interest/",
            ],
        ),
    ],
)
def test_main_menu_lists_the_pages_of_the_language_and_marks_the_current(
    client, demo_site, url, links
):
    nav = soup(client.get(url)).find("nav", class_="main-nav")
    anchors = nav.find_all("a")
    assert [a["href"] for a in anchors] == links
    current = [a["href"] for a in anchors if a.get("aria-current") == "page"]
    assert current == [url]


def test_a_page_not_shown_in_menus_stays_out_of_the_menu(
    client, demo_site, publish_page
):
    publish_page(
        demo_site["sv"], ContentPage(title="Gömd", slug="gomd", show_in_menus=False)
    )
    nav = soup(client.get("/")).find("nav", class_="main-nav")
    assert "/gomd/" not in [a["href"] for a in nav.find_all("a")]
    assert client.get("/gomd/").status_code == 200


@pytest.mark.parametrize(
    ("url", "statement_url"),
    [(url, "/tillganglighet/") for url in SWEDISH_URLS]
    + [(url, "/en/accessibility/") for url in ENGLISH_URLS],
)
def test_footer_links_to_the_statement_in_the_pages_language(
    client, demo_site, url, statement_url
):
    footer = soup(client.get(url)).find("footer")
    assert statement_url in [a["href"] for a in footer.find_all("a")]


@pytest.mark.parametrize("url", ["/kontakt/", "/en/about/"])
def test_footer_shows_the_organisation_from_settings(client, demo_site, url):
    footer = soup(client.get(url)).find("footer")
    text = footer.get_text(" ", strip=True)
    assert "Kungälvs kommun" in text
    assert "0303-23 80 00" in text
    assert "212000-1371" in text
    assert "kommunen@kungalv.se" in text
    hrefs = [a["href"] for a in footer.find_all("a")]
    assert "tel:0303238000" in hrefs
    assert "mailto:kommunen@kungalv.se" in hrefs


def test_footer_follows_changes_to_the_settings(client, demo_site):
    org = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    org.name = "Ale kommun"
    org.phone = "0303-33 00 00"
    org.save()
    response = client.get("/om-webbplatsen/")
    footer = soup(response).find("footer").get_text(" ", strip=True)
    assert "Ale kommun" in footer
    assert "0303-33 00 00" in footer
    assert "Kungälvs kommun" not in footer
    assert "Ale kommun" in soup(response).title.get_text()


def test_content_page_shows_intro_and_body_blocks(client, demo_site):
    page = soup(client.get("/om-webbplatsen/"))
    main = page.find("main")
    assert main.find("p", class_="lead").get_text().startswith("Webbplatsen samlar")
    heading = main.find("h2", id="varfor-webbplatsen-finns")
    assert heading.get_text() == "Varför webbplatsen finns"
    fact_box = main.find("aside", class_="fact-box")
    assert fact_box["aria-label"] == "Ansvar"
    assert "Kommunstyrelsen samordnar arbetet." in fact_box.get_text()


def test_home_page_shows_its_quote(client, demo_site):
    quote = soup(client.get("/en/")).find("figure", class_="quote")
    assert "With our heart in history" in quote.blockquote.get_text()
    assert quote.figcaption.get_text() == "Kungälv's motto"


@pytest.mark.parametrize("url", ["/tillganglighet/", "/en/accessibility/"])
def test_accessibility_statement_has_what_the_law_requires(client, demo_site, url):
    main = soup(client.get(url)).find("main")
    text = main.get_text(" ", strip=True)
    # Compliance status, known problems, how to report, enforcement, assessment.
    assert {"compliance", "known-problems", "report", "enforcement", "assessment"} <= {
        h2.get("id") for h2 in main.find_all("h2")
    }
    assert "PDF" in text
    hrefs = [a["href"] for a in main.find_all("a")]
    assert "mailto:kommunen@kungalv.se" in hrefs
    assert "tel:0303238000" in hrefs
    assert "https://www.digg.se/tdosanmalan" in hrefs
    assert main.find("time", datetime="2026-11-02") is not None


def test_unpublished_page_is_not_shown_to_the_public(client, demo_site):
    draft = ContentPage(title="Utkast", slug="utkast", live=False)
    demo_site["sv"].add_child(instance=draft)
    assert client.get("/utkast/").status_code == 404
    nav = soup(client.get("/")).find("nav", class_="main-nav")
    assert "/utkast/" not in [a["href"] for a in nav.find_all("a")]
