"""The start page a municipality publishes: entry points, the latest stories, current
projects and pictures; the organisation's logo and colours; the main menu and the
footer; the lists' filters folded under a count."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from inventory.models import InterestFormPage, Project, ProjectIndexPage
from partnerships.models import PartnerIndexPage, PolicyPage, StoryIndexPage, StoryPage
from tests import builders
from tests.inventory.builders import project_maker
from website import theme
from website.models import HomePage, OrganisationSettings

pytestmark = pytest.mark.django_db

D = datetime.date


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def section(page, heading_id):
    return page.find("section", attrs={"aria-labelledby": heading_id})


def teaser_titles(page, heading_id):
    return [h3.get_text(strip=True) for h3 in section(page, heading_id).find_all("h3")]


def organisation():
    return OrganisationSettings.for_site(Site.objects.get(is_default_site=True))


def image(title, description="", name="bild.png"):
    return Image.objects.create(
        title=title, description=description, file=get_test_image_file(name)
    )


def set_cards(home, cards):
    home.entry_points = [("card", card) for card in cards]
    home.save_revision().publish()


# --- Entry points ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "links"),
    [
        (
            "/",
            [
                "/internationell-policy/",
                "/vanorter/",
                "/projekt/",
                "/anmal-intresse/",
            ],
        ),
        (
            "/en/",
            [
                "/en/international-policy/",
                "/en/twin-towns/",
                "/en/projects/",
                "/en/express-interest/",
            ],
        ),
    ],
)
def test_the_demo_start_page_has_cards_to_the_sections(client, demo_site, url, links):
    cards = section(soup(client.get(url)), "entry-points-heading")
    anchors = [li.h3.a for li in cards.find_all("li", class_="entry-card")]
    assert [a["href"] for a in anchors] == links
    assert all(a.get_text(strip=True) for a in anchors)
    assert all(li.p.get_text(strip=True) for li in cards.find_all("li"))


def test_each_demo_start_page_links_to_its_own_language(demo_site):
    for language, home in demo_site.items():
        for block in home.entry_points:
            page = block.value["page"]
            assert page.locale.language_code == language
            assert type(page.specific) in (
                PolicyPage,
                PartnerIndexPage,
                ProjectIndexPage,
                InterestFormPage,
            )


def test_a_card_falls_back_to_the_page_s_title_and_search_description(
    client, demo_site
):
    home = demo_site["sv"]
    policy = PolicyPage.objects.get(locale=home.locale)
    policy.search_description = "Kommunens mål för internationellt samarbete."
    policy.save_revision().publish()
    set_cards(home, [{"page": policy, "title": "", "text": "", "image": None}])
    card = section(soup(client.get("/")), "entry-points-heading").li
    assert card.h3.get_text(strip=True) == policy.title
    assert card.p.get_text(strip=True) == "Kommunens mål för internationellt samarbete."


def test_a_card_leads_to_the_translation_of_the_chosen_page(client, demo_site):
    english = demo_site["en"]
    swedish_policy = PolicyPage.objects.get(locale=demo_site["sv"].locale)
    set_cards(
        english,
        [{"page": swedish_policy, "title": "Policy", "text": "", "image": None}],
    )
    link = section(soup(client.get("/en/")), "entry-points-heading").li.h3.a
    assert link["href"] == "/en/international-policy/"


def test_a_card_to_a_page_that_is_not_live_or_public_is_left_out(client, demo_site):
    home = demo_site["sv"]
    policy = PolicyPage.objects.get(locale=home.locale)
    projects = ProjectIndexPage.objects.get(locale=home.locale)
    partners = PartnerIndexPage.objects.get(locale=home.locale)
    set_cards(
        home,
        [
            {"page": policy, "title": "Policyn", "text": "", "image": None},
            {"page": projects, "title": "Projekten", "text": "", "image": None},
            {"page": partners, "title": "Vänorterna", "text": "", "image": None},
        ],
    )
    policy.unpublish()
    PageViewRestriction.objects.create(
        page=projects, restriction_type=PageViewRestriction.LOGIN
    )
    cards = section(soup(client.get("/")), "entry-points-heading")
    assert [a.get_text(strip=True) for a in cards.select("h3 a")] == ["Vänorterna"]


def test_a_start_page_without_cards_shows_no_empty_list(client, demo_site):
    set_cards(demo_site["sv"], [])
    assert section(soup(client.get("/")), "entry-points-heading") is None


# --- The latest stories ------------------------------------------------------------


def test_the_latest_three_stories_come_newest_first_by_their_own_date(
    client, demo_site
):
    index = builders.story_index()
    # Published in another order than their dates.
    builders.story("Vårens nyhet", D(2027, 3, 1), index=index)
    builders.story("Vinterns nyhet", D(2027, 1, 15), index=index)
    builders.story("Sommarens nyhet", D(2027, 6, 30), index=index)
    builders.story("Utkastet", D(2028, 1, 1), index=index, live=False)
    page = soup(client.get("/"))
    assert teaser_titles(page, "latest-stories-heading") == [
        "Sommarens nyhet",
        "Vårens nyhet",
        "Vinterns nyhet",
    ]
    more = section(page, "latest-stories-heading").find(
        "p", class_="home-section__more"
    )
    assert more.a["href"] == "/berattelser/"


def test_the_english_start_page_shows_english_stories(client, demo_site):
    titles = teaser_titles(soup(client.get("/en/")), "latest-stories-heading")
    assert titles == [
        "The International Policy is to be reviewed",
        "Kungälv visits Hiddenhausen",
        "Pupil exchange between Ytterbyskolan and Olof-Palme-Gesamtschule",
    ]


def test_a_story_in_a_private_section_stays_off_the_start_page(client, demo_site):
    index = builders.story_index()
    builders.story("Intern nyhet", D(2027, 1, 1), index=index)
    PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.LOGIN
    )
    page = soup(client.get("/"))
    assert section(page, "latest-stories-heading") is None


# --- Current projects --------------------------------------------------------------


def test_current_projects_are_the_live_ongoing_ones_of_the_language(client, demo_site):
    make = project_maker()
    make("Pågående nytt", start_date=D(2026, 1, 1))
    make("Planerat nytt", status=Project.Status.PLANNED, start_date=D(2026, 2, 1))
    make("Avslutat nytt", status=Project.Status.COMPLETED, start_date=D(2026, 3, 1))
    make("Utkast nytt", live=False, start_date=D(2026, 4, 1))
    page = soup(client.get("/"))
    titles = teaser_titles(page, "current-projects-heading")
    ongoing = Project.objects.filter(
        live=True, status="ongoing", locale__language_code="sv"
    )
    assert set(titles) == set(ongoing.values_list("title", flat=True))
    assert titles[0] == "Pågående nytt"  # the most recently started first
    listing = section(page, "current-projects-heading")
    hrefs = [a["href"] for a in listing.select("h3 a")]
    assert "/projekt/pagaende-nytt/" in hrefs
    assert listing.find("p", class_="home-section__more").a["href"] == (
        "/projekt/?status=ongoing"
    )
    english = teaser_titles(soup(client.get("/en/")), "current-projects-heading")
    assert "Pågående nytt" not in english
    assert set(english) == set(
        Project.objects.filter(
            live=True, status="ongoing", locale__language_code="en"
        ).values_list("title", flat=True)
    )


def test_a_handful_of_current_projects_with_a_link_to_all(client, demo_site):
    make = project_maker()
    for number in range(8):
        make(f"Utbyte {number}")
    titles = teaser_titles(soup(client.get("/")), "current-projects-heading")
    assert len(titles) == 4


# --- Pictures ----------------------------------------------------------------------


def test_the_hero_and_story_pictures_are_responsive_with_their_descriptions(
    client, demo_site
):
    page = soup(client.get("/"))
    hero = page.find("img", class_="hero__image")
    assert hero["alt"].startswith("Teckning: Bohus fästnings ruin")
    picture = hero.parent
    assert picture.name == "picture"
    sources = picture.find_all("source")
    assert [source["type"] for source in sources] == ["image/avif", "image/webp"]
    assert re.search(r"\.avif 640w, .*\.avif 1280w$", sources[0]["srcset"])
    assert all(source["sizes"] == hero["sizes"] for source in sources)
    assert hero["src"].endswith(".jpg")
    assert hero["srcset"].endswith("1280w")

    stories = section(page, "latest-stories-heading")
    images = stories.find_all("img", class_="teaser__image")
    assert len(images) == 3
    assert images[0]["alt"] == (
        "Teckning: ett dokument med rubrik och textrader bredvid en penna på ett "
        "skrivbord."
    )
    assert all(img["loading"] == "lazy" for img in images)
    assert all("400w" in img["srcset"] and "800w" in img["srcset"] for img in images)


def test_the_english_start_page_describes_its_pictures_in_english(client, demo_site):
    hero = soup(client.get("/en/")).find("img", class_="hero__image")
    assert hero["alt"].startswith("Drawing: the ruin of Bohus Fortress")


def test_a_picture_without_a_description_is_decorative(client, demo_site):
    index = builders.story_index()
    builders.story(
        "Nyhet med bild",
        D(2027, 1, 1),
        index=index,
        image=image("IMG_0042.png"),
    )
    story = section(soup(client.get("/")), "latest-stories-heading").li
    # Not the file's title read aloud: nothing.
    assert story.find("img")["alt"] == ""


def in_card(photo, alt_text="", decorative=False):
    """``photo`` as an ImageBlock value: with the alt text an editor wrote for the
    card, or marked decorative."""
    value = Image.objects.get(pk=photo.pk)
    value.contextual_alt_text, value.decorative = alt_text, decorative
    return value


def test_card_pictures_take_the_editor_s_alt_text_or_are_decorative(client, demo_site):
    home = demo_site["sv"]
    policy, partners, projects = (
        model.objects.get(locale=home.locale)
        for model in (PolicyPage, PartnerIndexPage, ProjectIndexPage)
    )
    photo = image("Utbyte", description="Elever i ett klassrum.")
    set_cards(
        home,
        [
            {"page": policy, "title": "A", "text": "", "image": in_card(photo)},
            {
                "page": partners,
                "title": "B",
                "text": "",
                "image": in_card(photo, "Ignorerad", decorative=True),
            },
            {
                "page": projects,
                "title": "C",
                "text": "",
                "image": in_card(photo, "Två elever vid en karta."),
            },
        ],
    )
    cards = section(soup(client.get("/")), "entry-points-heading")
    alts = [li.find("img")["alt"] for li in cards.find_all("li")]
    # No alt text written: the image's description; decorative: none.
    assert alts == ["Elever i ett klassrum.", "", "Två elever vid en karta."]
    picture = cards.li.find("picture")
    sources = picture.find_all("source")
    assert [source["type"] for source in sources] == ["image/avif", "image/webp"]
    assert picture.img["loading"] == "lazy"


# --- Queries -----------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # renditions are made on the first view
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_start_page_costs_the_same_queries_however_much_it_shows(client, demo_site):
    home = demo_site["sv"]
    photo = image("Kort", description="Ett kort.")
    set_cards(
        home,
        [
            {"page": page, "title": "", "text": "", "image": in_card(photo)}
            for page in Page.objects.child_of(home).live()[:2]
        ],
    )
    before = count_queries(client, "/")
    index = builders.story_index()
    for number in range(20):
        builders.story(
            f"Berättelse {number}",
            D(2027, 1, 1) + datetime.timedelta(days=number),
            index=index,
            image=image(f"Bild {number}", description=f"Bild nummer {number}."),
        )
    make = project_maker()
    for number in range(20):
        make(f"Projekt nummer {number}")
    set_cards(
        home,
        [
            {"page": page, "title": "", "text": "", "image": in_card(photo)}
            for page in Page.objects.child_of(home).live()
        ],
    )
    after = count_queries(client, "/")
    assert after == before
    page = soup(client.get("/"))
    assert len(teaser_titles(page, "latest-stories-heading")) == 3
    assert len(section(page, "entry-points-heading").find_all("li")) == 8


# --- Logo and colours --------------------------------------------------------------


def test_the_header_shows_the_logo_beside_the_organisation_s_name(client, demo_site):
    brand = soup(client.get("/")).find("a", class_="site-header__brand")
    logo = brand.find("img", class_="site-header__logo")
    assert logo["alt"] == ""  # the name beside it says who it is
    assert logo["src"].startswith("/media/images/")
    assert int(logo["height"]) <= 96
    assert brand.get_text(" ", strip=True).startswith("Kungälvs kommun")
    assert brand["href"] == "/"


def test_without_a_logo_the_header_shows_the_name_alone(client, demo_site):
    org = organisation()
    org.logo = None
    org.save()
    brand = soup(client.get("/en/")).find("a", class_="site-header__brand")
    assert brand.find("img") is None
    assert brand["href"] == "/en/"
    assert "Kungälvs kommun" in brand.get_text()


@pytest.mark.parametrize(
    ("field", "colour", "ratio", "surface"),
    [
        ("brand_colour", "#777777", "4.09", "the light grey background"),
        ("brand_colour", "#7FB2E5", "2.04", "the light grey background"),
        ("accent_colour", "#ff9900", "1.95", "the light grey background"),
    ],
)
def test_a_colour_too_light_to_read_is_refused_with_its_ratio(
    demo_site, field, colour, ratio, surface
):
    org = organisation()
    setattr(org, field, colour)
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            org.full_clean()
        # The message is put together when it is read: in English, too.
        message = " ".join(caught.value.message_dict[field])
    assert f"{ratio}:1" in message
    assert surface in message
    assert "at least 4.5:1" in message
    assert colour.lower() in message


def test_a_colour_s_ratio_is_written_as_the_reader_s_language_writes_numbers(
    demo_site,
):
    org = organisation()
    org.brand_colour = "#777777"
    with translation.override("sv"):
        with pytest.raises(ValidationError) as caught:
            org.full_clean()
        assert "4,09:1" in " ".join(caught.value.message_dict["brand_colour"])


def test_a_colour_must_be_written_as_hex(demo_site):
    org = organisation()
    org.brand_colour = "blue"
    org.accent_colour = "#12345"
    with pytest.raises(ValidationError) as caught:
        org.full_clean()
    assert set(caught.value.message_dict) == {"brand_colour", "accent_colour"}


def test_readable_colours_are_kept_in_lower_case(demo_site):
    org = organisation()
    org.brand_colour = "#0B5EA8"
    org.accent_colour = "#8A3B00"
    org.full_clean()
    assert (org.brand_colour, org.accent_colour) == ("#0b5ea8", "#8a3b00")


def test_the_contrast_arithmetic_follows_wcag():
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert theme.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    # The WCAG example of a just-passing grey on white.
    assert theme.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert theme.mix("#0b5ea8", theme.BLACK, 0.3) == "#084276"


def test_the_theme_stylesheet_carries_the_organisation_s_colours(client, demo_site):
    org = organisation()
    org.brand_colour = "#0b5ea8"
    org.accent_colour = "#8a3b00"
    org.save()
    page = soup(client.get("/"))
    links = [
        link["href"]
        for link in page.head.find_all("link", rel="stylesheet")
        if link["href"].startswith("/theme.css")
    ]
    assert len(links) == 1
    version = theme.version(org.theme_stylesheet())
    assert links[0] == f"/theme.css?v={version}"

    response = client.get(links[0])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    css = response.content.decode()
    assert "--brand: #0b5ea8;" in css
    assert "--brand-dark: #084276;" in css
    assert "--accent: #8a3b00;" in css
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]

    unversioned = client.get("/theme.css")
    assert "no-cache" in unversioned["Cache-Control"]
    again = client.get("/theme.css", headers={"if-none-match": unversioned["ETag"]})
    assert again.status_code == 304


def test_without_colours_the_default_theme_needs_no_stylesheet(client, demo_site):
    page = soup(client.get("/"))
    hrefs = [link["href"] for link in page.head.find_all("link", rel="stylesheet")]
    assert not any(href.startswith("/theme.css") for href in hrefs)
    assert client.get("/theme.css").content == b""


def test_a_new_colour_gives_the_stylesheet_a_new_address(client, demo_site):
    org = organisation()
    org.brand_colour = "#0b5ea8"
    org.save()
    first = soup(client.get("/")).head.find("link", href=re.compile("^/theme.css"))
    org.brand_colour = "#00507a"
    org.save()
    second = soup(client.get("/")).head.find("link", href=re.compile("^/theme.css"))
    assert first["href"] != second["href"]
    assert "--brand: #00507a;" in client.get(second["href"]).content.decode()


# --- Menu and footer ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "menu", "footer"),
    [
        (
            "/",
            [
                "/internationell-policy/",
                "/vanorter/",
                "/berattelser/",
                "/projekt/",
                "/anmal-intresse/",
            ],
            ["/om-webbplatsen/", "/kontakt/", "/tillganglighet/"],
        ),
        (
            "/en/",
            [
                "/en/international-policy/",
                "/en/twin-towns/",
                "/en/stories/",
                "/en/projects/",
                "/en/express-interest/",
            ],
            ["/en/about/", "/en/contact/", "/en/accessibility/"],
        ),
    ],
)
def test_the_menu_holds_the_sections_and_the_footer_the_pages_about_the_site(
    client, demo_site, url, menu, footer
):
    page = soup(client.get(url))
    nav = page.find("nav", class_="main-nav")
    assert [a["href"] for a in nav.find_all("a")] == menu
    about = page.find("footer").find(
        "section", attrs={"aria-labelledby": "footer-about-heading"}
    )
    assert [a["href"] for a in about.find_all("a")][: len(footer)] == footer


# --- Filters -----------------------------------------------------------------------


def test_the_project_list_shows_its_count_before_the_filters_it_folds(
    client, demo_site
):
    page = soup(client.get("/projekt/"))
    main = page.find("main")
    count = main.find(class_="results-count")
    disclosure = main.find("details", class_="filters-disclosure")
    live = Project.objects.filter(live=True, locale__language_code="sv").count()
    assert count.get_text(strip=True) == f"{live} projekt"
    assert count.find_next("details") is disclosure
    assert disclosure.has_attr("open")  # open without JavaScript
    assert disclosure.has_attr("data-fold-narrow")
    summary = disclosure.find("summary")
    assert summary.find(class_="filters-disclosure__count") is None
    assert disclosure.find("form", class_="filters") is not None


def test_the_filters_summary_counts_the_active_filters(client, demo_site):
    page = soup(client.get("/en/projects/?status=ongoing&q=exchange"))
    summary = page.find("details", class_="filters-disclosure").summary
    assert summary.find(class_="filters-disclosure__count").get_text() == "(2 active)"


def test_the_story_list_shows_its_count_before_the_filters(client, demo_site):
    main = soup(client.get("/en/stories/?kind=news")).find("main")
    count = main.find(class_="results-count")
    assert count.get_text(strip=True) == "1 story"
    assert count.find_next("details") is main.find(
        "details", class_="filters-disclosure"
    )
    assert main.find("summary").get_text(" ", strip=True) == "Filter (1 active)"


# --- The demo ----------------------------------------------------------------------


def test_the_demo_s_pictures_are_described_in_each_language(demo_site):
    for language, words in (("sv", "Teckning"), ("en", "Drawing")):
        stories = StoryPage.objects.filter(locale__language_code=language)
        assert stories.exists()
        for story in stories:
            assert story.image is not None
            assert story.image.description.startswith(words)
            assert story.image.focal_point_width
        assert HomePage.objects.get(
            locale__language_code=language
        ).hero_image.description.startswith(words)
    assert StoryIndexPage.objects.filter(show_in_menus=True).count() == 2


# --- In the admin ------------------------------------------------------------------


def test_an_editor_sets_the_entry_points_in_the_admin(client, admin_client, demo_site):
    home = demo_site["sv"]
    policy = PolicyPage.objects.get(locale=home.locale)
    photo = image("Rådhuset", description="Rådhuset i Kungälv.")
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=(home.pk,)),
        nested_form_data(
            {
                "title": home.title,
                "slug": home.slug,
                "intro": home.intro,
                "hero_image": "",
                "entry_points": streamfield(
                    [
                        (
                            "card",
                            {
                                "page": policy.pk,
                                "title": "Läs policyn",
                                "text": "Det kommunen vill uppnå.",
                                "image": {
                                    "image": photo.pk,
                                    "alt_text": "Rådhusets fasad.",
                                },
                            },
                        )
                    ]
                ),
                "body": streamfield([]),
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 302, BeautifulSoup(
        response.content, "html.parser"
    ).get_text(" ", strip=True)[:2000]
    cards = section(soup(client.get("/")), "entry-points-heading")
    assert [a.get_text() for a in cards.select("h3 a")] == ["Läs policyn"]
    assert cards.find("img")["alt"] == "Rådhusets fasad."
    assert soup(client.get("/")).find("img", class_="hero__image") is None


def test_the_settings_form_refuses_an_unreadable_colour(admin_client, demo_site):
    site = Site.objects.get(is_default_site=True)
    org = organisation()
    response = admin_client.post(
        reverse(
            "wagtailsettings:edit", args=["website", "organisationsettings", site.pk]
        ),
        {
            "name": org.name,
            "organisation_number": org.organisation_number,
            "accessibility_statement": org.accessibility_statement_id,
            "logo": org.logo_id,
            "brand_colour": "#777777",
            "accent_colour": "",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    errors = response.context["form"].errors
    assert set(errors) == {"brand_colour"}
    assert "#777777" in errors["brand_colour"][0]
    assert re.search(r"4[.,]09:1", errors["brand_colour"][0])
    assert organisation().brand_colour == ""
