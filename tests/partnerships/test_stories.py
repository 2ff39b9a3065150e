"""Stories and news: where they go, editing, the list, the page and the feeds."""

import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from partnerships.models import PartnerPage, StoryIndexPage, StoryPage
from tests import builders
from tests.inventory.builders import project_index, project_maker
from tests.shared import built_once
from website.models import ContentPage

pytestmark = pytest.mark.django_db

D = datetime.date
ATOM = "{http://www.w3.org/2005/Atom}"


# --- Builders ----------------------------------------------------------------------


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def card_titles(response):
    return [
        h2.get_text(strip=True) for h2 in soup(response).find_all(class_="card__title")
    ]


def filter_errors(response):
    errors = soup(response).find(class_="filter-errors")
    return errors.get_text(" ", strip=True) if errors else ""


def pagination_links(response):
    nav = soup(response).find("nav", class_="pagination")
    return {a["rel"][0]: a["href"] for a in nav.find_all("a")} if nav else {}


def en_story_index():
    """The English story index, a translation of the Swedish one."""
    return builders.section(
        builders.en_home(),
        StoryIndexPage(
            title="Stories and news",
            slug="stories",
            intro="News.",
            locale=builders.en_locale(),
            translation_key=builders.story_index().translation_key,
        ),
    )


@built_once
def many_stories():
    """25 stories, one a month from January 2023, newest last."""
    return [
        builders.story(
            f"Berättelse {number:02}",
            D(2023 + (number - 1) // 12, (number - 1) % 12 + 1, 15),
        )
        for number in range(1, 26)
    ]


# --- Where story pages go ----------------------------------------------------------


def test_story_pages_go_under_a_story_index_only(
    story_index, partner_index, publish_page
):
    home = story_index.get_parent().specific
    about = publish_page(home, ContentPage(title="Om oss", slug="om-oss"))
    assert StoryPage.allowed_parent_page_models() == [StoryIndexPage]
    assert StoryPage.can_create_at(story_index)
    for parent in (Page.get_first_root_node(), home, partner_index, about):
        assert not StoryPage.can_create_at(parent), parent
    assert StoryIndexPage.allowed_subpage_models() == [StoryPage]


def test_a_story_has_no_subpages(add_story):
    story = add_story("Nyhet", D(2025, 1, 1))
    assert StoryPage.allowed_subpage_models() == []
    for model in (StoryPage, PartnerPage, ContentPage, StoryIndexPage):
        assert not model.can_create_at(story)


# --- Editing in the admin ----------------------------------------------------------


def test_editor_creates_a_story_naming_partners_with_tags(
    client, admin_client, story_index, add_partner
):
    hiddenhausen = add_partner("Hiddenhausen")
    perano = add_partner("Perano", country="IT")
    add_partner("Ventspils", country="LV")
    url = reverse(
        "wagtailadmin_pages:add", args=("partnerships", "storypage", story_index.id)
    )
    form = nested_form_data(
        {
            "title": "Elevutbyte med Hiddenhausen",
            "slug": "elevutbyte",
            "date": "2025-05-20",
            "kind": "exchange",
            "intro": "Trettio elever reste till Hiddenhausen.",
            "image": "",
            "body": streamfield([]),
            "tags": "skola, ungdom",
            "example": "on",
            "action-publish": "action-publish",
        }
    )
    form["related_partners"] = [str(hiddenhausen.id), str(perano.id)]
    response = admin_client.post(url, form)
    assert response.status_code == 302, soup(response).get_text(" ", strip=True)

    story = StoryPage.objects.get(slug="elevutbyte")
    assert story.live
    assert story.date == D(2025, 5, 20)
    assert story.kind == StoryPage.Kind.EXCHANGE
    assert story.example
    assert set(story.related_partners.all()) == {hiddenhausen, perano}
    assert sorted(tag.name for tag in story.tags.all()) == ["skola", "ungdom"]

    page = soup(client.get("/berattelser/elevutbyte/"))
    links = {a.get_text(): a["href"] for a in page.main.find_all("a")}
    assert links["Hiddenhausen"] == "/vanorter/hiddenhausen/"
    assert links["Perano"] == "/vanorter/perano/"
    assert links["skola"] == "/berattelser/?tag=skola"
    assert "Ventspils" not in links


def test_a_story_without_an_introduction_is_refused(admin_client, story_index):
    url = reverse(
        "wagtailadmin_pages:add", args=("partnerships", "storypage", story_index.id)
    )
    form = nested_form_data(
        {
            "title": "Utan ingress",
            "slug": "utan-ingress",
            "date": "2025-05-20",
            "kind": "news",
            "intro": "",
            "body": streamfield([]),
            "action-publish": "action-publish",
        }
    )
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "intro" in response.context["form"].errors
    assert not StoryPage.objects.exists()


# --- The story list ----------------------------------------------------------------


def test_the_list_pages_ten_stories_at_a_time_newest_first(client, many_stories):
    first = client.get("/berattelser/")
    assert first.status_code == 200
    assert card_titles(first) == [f"Berättelse {n:02}" for n in range(25, 15, -1)]
    assert soup(first).find(class_="results-count").get_text() == "25 berättelser"
    assert pagination_links(first) == {"next": "?page=2"}
    assert "Sida 1 av 3" in soup(first).find("nav", class_="pagination").get_text()

    second = client.get("/berattelser/?page=2")
    assert card_titles(second) == [f"Berättelse {n:02}" for n in range(15, 5, -1)]
    assert pagination_links(second) == {"prev": "?page=1", "next": "?page=3"}

    third = client.get("/berattelser/?page=3")
    assert card_titles(third) == [f"Berättelse {n:02}" for n in range(5, 0, -1)]
    assert pagination_links(third) == {"prev": "?page=2"}


@pytest.mark.parametrize(
    ("page", "first_title"),
    [("abc", "Berättelse 25"), ("999", "Berättelse 05"), ("0", "Berättelse 05")],
)
def test_a_strange_page_number_still_shows_a_page(
    client, many_stories, page, first_title
):
    response = client.get(f"/berattelser/?page={page}")
    assert response.status_code == 200
    assert card_titles(response)[0] == first_title


def test_the_list_hides_drafts_and_shows_dates_in_swedish(client, add_story):
    add_story("Publicerad", D(2026, 10, 20), example=True)
    add_story("Utkast", D(2026, 11, 1), live=False)
    response = client.get("/berattelser/")
    assert card_titles(response) == ["Publicerad"]
    card = soup(response).find("li", class_="card")
    assert card.time["datetime"] == "2026-10-20"
    assert card.time.get_text() == "20 oktober 2026"
    assert card.find(class_="example-badge").get_text() == "Exempel"


@built_once
def filtered():
    """Stories of several kinds, partners, tags and years."""
    perano = builders.partner("Perano", country="IT")
    hiddenhausen = builders.partner("Hiddenhausen")
    for day in range(1, 13):
        builders.story(
            f"Matnyhet {day:02}",
            D(2024, 3, day),
            partners=[perano],
            tags=["mat"],
            kind="news",
        )
    builders.story("Matreportage", D(2024, 4, 1), [perano], ["mat"], kind="story")
    builders.story("Mat 2023", D(2023, 4, 1), [perano], ["mat"], kind="news")
    builders.story("Skolnyhet", D(2024, 5, 1), [hiddenhausen], ["skola"])
    builders.story("Perano skola", D(2024, 6, 1), [perano], ["skola"])
    return {"perano": perano, "hiddenhausen": hiddenhausen}


def test_filters_combine(client, filtered):
    perano = filtered["perano"]
    assert card_titles(client.get("/berattelser/?kind=story")) == ["Matreportage"]
    assert card_titles(client.get("/berattelser/?year=2023")) == ["Mat 2023"]
    assert card_titles(client.get("/berattelser/?tag=skola")) == [
        "Perano skola",
        "Skolnyhet",
    ]
    by_partner = client.get(f"/berattelser/?partner={filtered['hiddenhausen'].id}")
    assert card_titles(by_partner) == ["Skolnyhet"]
    combined = client.get(f"/berattelser/?partner={perano.id}&tag=skola&kind=news")
    assert card_titles(combined) == ["Perano skola"]
    assert card_titles(client.get("/berattelser/?tag=skola&year=2023")) == []
    assert (
        "Inga berättelser matchar filtren."
        in client.get("/berattelser/?tag=skola&year=2023").text
    )


def test_the_filters_stay_in_the_pagination_links(client, filtered):
    perano = filtered["perano"]
    url = f"/berattelser/?kind=news&partner={perano.id}&tag=mat&year=2024"
    first = client.get(url)
    assert soup(first).find(class_="results-count").get_text() == "12 berättelser"
    assert card_titles(first) == [f"Matnyhet {d:02}" for d in range(12, 2, -1)]
    next_link = pagination_links(first)["next"]
    assert parse_qs(urlsplit(next_link).query) == {
        "kind": ["news"],
        "partner": [str(perano.id)],
        "tag": ["mat"],
        "year": ["2024"],
        "page": ["2"],
    }
    # The link is shareable: opened as it is, it shows the second filtered page.
    second = client.get(f"/berattelser/{next_link}")
    assert card_titles(second) == ["Matnyhet 02", "Matnyhet 01"]
    prev_query = parse_qs(urlsplit(pagination_links(second)["prev"]).query)
    assert prev_query["page"] == ["1"]
    assert prev_query["tag"] == ["mat"]
    # The form shows the chosen filters, so the reader sees what is applied.
    form = soup(second).find("form", class_="filters")
    chosen = {
        select["name"]: select.find("option", selected=True)["value"]
        for select in form.find_all("select")
    }
    assert chosen == {
        "kind": "news",
        "partner": str(perano.id),
        "tag": "mat",
        "year": "2024",
    }


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("year=abc", "År"),
        ("year=1999", "År"),
        ("partner=999999", "Partnerkommun"),
        ("partner=abc", "Partnerkommun"),
        ("kind=bogus", "Typ"),
        ("tag=finns-inte", "Etikett"),
    ],
)
def test_an_invalid_filter_value_is_ignored_with_a_message(
    client, filtered, query, label
):
    response = client.get(f"/berattelser/?{query}")
    assert response.status_code == 200
    errors = filter_errors(response)
    assert "Några filter hade värden som vi inte känner igen" in errors
    assert f"{label}:" in errors
    assert soup(response).find(class_="results-count").get_text() == "16 berättelser"


def test_a_valid_filter_still_applies_beside_an_invalid_one(client, filtered):
    response = client.get("/berattelser/?kind=story&year=abc")
    assert response.status_code == 200
    assert card_titles(response) == ["Matreportage"]
    assert filter_errors(response)


# --- The story page ----------------------------------------------------------------


def meta(page, **attrs):
    tag = page.head.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def test_the_story_page_describes_itself_for_link_previews(client, add_story):
    story = add_story(
        "Den internationella policyn ska ses över",
        D(2026, 10, 20),
        slug="policyn-ska-ses-over",
        intro="Policyn ska ses över varje mandatperiod.",
        kind="news",
    )
    page = soup(client.get("/berattelser/policyn-ska-ses-over/"))
    description = "Policyn ska ses över varje mandatperiod."
    assert meta(page, name="description") == description
    assert meta(page, property="og:title") == "Den internationella policyn ska ses över"
    assert meta(page, property="og:description") == description
    assert meta(page, property="og:type") == "article"
    og_url = meta(page, property="og:url")
    assert og_url == story.full_url
    assert og_url.startswith("http")
    assert urlsplit(og_url).path == "/berattelser/policyn-ska-ses-over/"

    assert page.main.h1.get_text() == "Den internationella policyn ska ses över"
    assert page.main.time["datetime"] == "2026-10-20"
    assert page.main.time.get_text() == "20 oktober 2026"
    assert "Nyhet" in page.main.find(class_="story__meta").get_text()
    assert page.main.find(class_="example-notice") is None


def test_a_search_description_is_preferred_for_previews(client, add_story):
    add_story(
        "Besök",
        D(2025, 2, 3),
        slug="besok",
        search_description="Kort beskrivning för sökmotorer.",
    )
    page = soup(client.get("/berattelser/besok/"))
    assert meta(page, name="description") == "Kort beskrivning för sökmotorer."
    assert meta(page, property="og:description") == "Kort beskrivning för sökmotorer."
    assert len(page.head.find_all("meta", attrs={"name": "description"})) == 1


def test_an_example_story_says_so(client, add_story):
    add_story("Påhittat besök", D(2016, 6, 1), slug="pahittat", example=True)
    notice = soup(client.get("/berattelser/pahittat/")).find(class_="example-notice")
    assert notice.get_text(" ", strip=True) == (
        "Exempel: den här berättelsen är exempelinnehåll, inte en verklig händelse."
    )


# --- Feeds -------------------------------------------------------------------------


@built_once
def feed_stories():
    """23 Swedish stories, two English and a Swedish draft."""
    en_index = en_story_index()
    swedish = [
        builders.story(f"Nyhet {n:02}", D(2024, 1, 1) + datetime.timedelta(days=n))
        for n in range(1, 24)
    ]
    english = [
        builders.story(
            "English news", D(2025, 1, 1), index=en_index, locale=en_index.locale
        ),
        builders.story(
            "Older English news", D(2020, 1, 1), index=en_index, locale=en_index.locale
        ),
    ]
    builders.story("Utkast", D(2026, 1, 1), live=False)
    return swedish, english


def parse(response):
    """The feed as XML; parsing fails loudly if it is not well-formed."""
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def rss_titles(response):
    channel = parse(response).find("channel")
    return [item.findtext("title") for item in channel.findall("item")]


def test_the_swedish_rss_feed_lists_the_latest_twenty_swedish_stories(
    client, feed_stories
):
    swedish, _ = feed_stories
    response = client.get("/berattelser/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response).find("channel")
    assert channel.findtext("title") == "Berättelser och nyheter"
    titles = rss_titles(response)
    assert titles == [f"Nyhet {n:02}" for n in range(23, 3, -1)]
    assert "Utkast" not in titles
    first = channel.find("item")
    assert first.findtext("link") == swedish[-1].full_url
    assert first.findtext("description") == "Om Nyhet 23."


def test_the_swedish_atom_feed_lists_the_same_stories(client, feed_stories):
    response = client.get("/berattelser/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response)
    assert feed.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles == [f"Nyhet {n:02}" for n in range(23, 3, -1)]


def test_the_english_feed_lists_only_english_stories(client, feed_stories):
    response = client.get("/en/stories/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss_titles(response) == ["English news", "Older English news"]
    channel = parse(response).find("channel")
    assert channel.findtext("title") == "Stories and news"


def test_the_feeds_are_announced_on_the_list(client, story_index):
    head = soup(client.get("/berattelser/")).head
    feeds = {
        link["type"]: link["href"] for link in head.find_all("link", rel="alternate")
    }
    assert feeds == {
        "application/rss+xml": "/berattelser/rss/",
        "application/atom+xml": "/berattelser/atom/",
    }


def test_a_title_with_markup_is_escaped_in_the_feeds(client, add_story):
    title = 'Möte <script>alert("x")</script> & "vänner"'
    add_story(title, D(2025, 3, 1), slug="mote", intro="<b>Fet</b> & mer")
    rss = client.get("/berattelser/rss/")
    assert b"<script>" not in rss.content
    item = parse(rss).find("channel/item")
    assert item.findtext("title") == title
    assert item.findtext("description") == "<b>Fet</b> & mer"
    atom = parse(client.get("/berattelser/atom/"))
    assert atom.find(f"{ATOM}entry/{ATOM}title").text == title


def test_a_feed_dates_a_story_by_its_own_date_not_its_import(client, add_story):
    # Published (imported) today, written about a visit in 2013.
    add_story("Vänortsbesök i Perano", D(2013, 5, 14), slug="perano-2013")
    item = parse(client.get("/berattelser/rss/")).find("channel/item")
    assert item.findtext("pubDate").startswith("Tue, 14 May 2013")
    entry = parse(client.get("/berattelser/atom/")).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}published").startswith("2013-05-14")
    assert entry.findtext(f"{ATOM}updated").startswith("2013-05-14")


def test_a_story_published_on_its_day_keeps_its_time(client, add_story):
    story = add_story("Dagens nyhet", timezone.localdate(), slug="dagens")
    item = parse(client.get("/berattelser/rss/")).find("channel/item")
    published = parsedate_to_datetime(item.findtext("pubDate"))
    assert published == story.first_published_at.replace(microsecond=0)


def test_the_feeds_address_themselves_at_the_sites_address(client, add_story):
    add_story("Nyhet", D(2025, 3, 1), slug="nyhet")
    site = Site.objects.get(is_default_site=True)
    # A visitor reaching the server by another name (a proxy, an IP address).
    atom = parse(client.get("/berattelser/atom/", HTTP_HOST="127.0.0.1"))
    links = {link.get("rel"): link.get("href") for link in atom.findall(f"{ATOM}link")}
    assert links["self"] == f"{site.root_url}/berattelser/atom/"
    assert links["alternate"] == f"{site.root_url}/berattelser/"
    assert (
        "127.0.0.1"
        not in client.get("/berattelser/rss/", HTTP_HOST="127.0.0.1").content.decode()
    )


# --- Related stories and projects ----------------------------------------------------


def related(response, heading_id):
    section = soup(response).find("section", attrs={"aria-labelledby": heading_id})
    if section is None:
        return []
    return [(a.get_text(), a["href"]) for a in section.find_all("a")]


@built_once
def related_stories():
    """A story, three stories sharing a partner or a tag with it (2019–2021), an
    older one, an unrelated one, a draft and a project in each state."""
    hiddenhausen = builders.partner("Hiddenhausen")
    perano = builders.partner("Perano", country="IT")
    story = builders.story(
        "Skolutbyte", D(2024, 5, 1), [hiddenhausen], ["skola"], slug="skolutbyte"
    )
    builders.story("Körresa", D(2021, 6, 1), [hiddenhausen], slug="korresa")
    builders.story("Lärarbesök", D(2020, 3, 1), [perano], ["skola"], slug="larare")
    builders.story("Idrottsläger", D(2019, 8, 1), [hiddenhausen], slug="idrott")
    builders.story("Första besöket", D(2011, 1, 1), [hiddenhausen], slug="forsta")
    builders.story("Annat", D(2025, 1, 1), [perano], ["kultur"], slug="annat")
    builders.story("Utkast", D(2025, 2, 1), [hiddenhausen], slug="utkast", live=False)
    project_index()
    make = project_maker()
    make("Elevutbyte", related_stories=[story])
    make("Lärarnätverk", related_stories=[story], status="completed")
    make("Utkastprojekt", related_stories=[story], live=False)
    make("Annat projekt")
    return story


def test_a_story_shows_the_newest_related_stories(client, related_stories):
    response = client.get("/berattelser/skolutbyte/")
    # Same partner or same tag, newest first, three at most; never itself, a
    # draft or an unrelated story.
    assert related(response, "related-stories-heading") == [
        ("Körresa", "/berattelser/korresa/"),
        ("Lärarbesök", "/berattelser/larare/"),
        ("Idrottsläger", "/berattelser/idrott/"),
    ]


def test_a_story_links_its_published_projects(client, related_stories):
    response = client.get("/berattelser/skolutbyte/")
    assert sorted(related(response, "related-projects-heading")) == [
        ("Elevutbyte", "/projekt/elevutbyte/"),
        ("Lärarnätverk", "/projekt/lararnatverk/"),
    ]


def test_a_story_without_relations_shows_no_empty_sections(client, add_story):
    add_story("Ensam", D(2025, 1, 1), slug="ensam")
    response = client.get("/berattelser/ensam/")
    assert soup(response).find(id="related-stories-heading") is None
    assert soup(response).find(id="related-projects-heading") is None


def test_related_stories_and_projects_cost_the_same_however_many(
    client, related_stories
):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/berattelser/skolutbyte/").status_code == 200
        return len(captured)

    client.get("/berattelser/skolutbyte/")  # Wagtail's per-process caches
    before = count()
    hiddenhausen = PartnerPage.objects.get(slug="hiddenhausen")
    make = project_maker()
    for n in range(20):
        builders.story(f"Fler {n}", D(2022, 1, 1 + n), [hiddenhausen], slug=f"fler-{n}")
        make(f"Fler projekt {n}", related_stories=[related_stories])
    assert (
        len(related(client.get("/berattelser/skolutbyte/"), "related-projects-heading"))
        == 22
    )
    assert count() == before


def test_the_preview_of_a_new_story_shows_no_relations(rf, story_index):
    story = StoryPage(title="Ny", slug="ny", intro="Ny.", date=D(2025, 1, 1))
    context = story.get_context(rf.get("/"))
    assert context["related_stories"] == []
    assert context["related_projects"] == []
