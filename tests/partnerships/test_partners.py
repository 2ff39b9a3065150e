"""Partner municipalities: where they go, editing, the list, the map and the page."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from partnerships.models import PartnerIndexPage, PartnerPage, PartnerVisit, StoryPage
from tests import builders
from tests.inventory.builders import en_project_index, project_index, project_maker
from tests.shared import built_once
from website.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db

D = datetime.date


# --- Builders ----------------------------------------------------------------------


def visit(date, title, precision="day", direction="in", kind="visit", summary=""):
    return PartnerVisit(
        date=date,
        precision=precision,
        direction=direction,
        kind=kind,
        title=title,
        summary=summary,
    )


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def facts(response):
    """The fact box as {term: description}, as a reader scans it."""
    box = soup(response).find("aside", class_="fact-box")
    return {
        # As a browser shows it: inline elements add no space of their own.
        dt.get_text(strip=True): " ".join(dt.find_next_sibling("dd").get_text().split())
        for dt in box.find_all("dt")
    }


def timeline(response):
    """Each timeline entry as (datetime attribute, shown date, title)."""
    return [
        (
            entry.time["datetime"],
            entry.time.get_text(),
            entry.find(class_="timeline__title").get_text(strip=True),
        )
        for entry in soup(response).find_all("li", class_="timeline__entry")
    ]


def card_titles(response):
    return [
        h2.get_text(strip=True) for h2 in soup(response).find_all(class_="card__title")
    ]


def sv_date(day):
    with translation.override("sv"):
        return date_format(day, "DATE_FORMAT")


@built_once
def partners():
    """Three live partners (one without coordinates) and a draft, built once for the
    tests that read them."""
    return {
        "hiddenhausen": builders.partner(
            "Hiddenhausen",
            region="Kreis Herford",
            tags=["kultur", "skola"],
            website="https://www.hiddenhausen.de",
            contact_role="Kommunsekreterare",
            visits=[
                visit(D(2012, 9, 1), "Besök från Hiddenhausen", precision="month"),
                visit(D(2016, 5, 1), "Besök i Hiddenhausen", "month", "out"),
                visit(D(2011, 1, 1), "Första kontakten", precision="year"),
            ],
        ),
        "perano": builders.partner(
            "Perano",
            official_name="Comune di Perano",
            country="IT",
            latitude=Decimal("42.1"),
            longitude=Decimal("14.39"),
            relationship="partnership",
            since=2011,
        ),
        "ventspils": builders.partner(
            "Ventspils",
            country="LV",
            latitude=None,
            longitude=None,
            relationship="network",
            status="dormant",
            since=2004,
        ),
        "draft": builders.partner("Utkastby", live=False, country="FR"),
    }


# --- Where partner pages go --------------------------------------------------------


def test_partner_pages_go_under_a_partner_index_only(
    partner_index, story_index, publish_page
):
    home = partner_index.get_parent().specific
    about = publish_page(home, ContentPage(title="Om oss", slug="om-oss"))
    assert PartnerPage.allowed_parent_page_models() == [PartnerIndexPage]
    assert PartnerPage.can_create_at(partner_index)
    for parent in (Page.get_first_root_node(), home, story_index, about):
        assert not PartnerPage.can_create_at(parent), parent
    assert PartnerIndexPage.allowed_subpage_models() == [PartnerPage]
    assert not ContentPage.can_create_at(partner_index)


def test_a_partner_page_has_no_subpages(partners):
    partner = partners["perano"]
    assert PartnerPage.allowed_subpage_models() == []
    for model in (PartnerPage, StoryPage, ContentPage, HomePage, PartnerIndexPage):
        assert not model.can_create_at(partner)


# --- Editing in the admin ----------------------------------------------------------


def add_url(parent):
    return reverse(
        "wagtailadmin_pages:add", args=("partnerships", "partnerpage", parent.id)
    )


def partner_form(**overrides):
    fields = {
        "title": "Hiddenhausen",
        "slug": "hiddenhausen",
        "official_name": "Gemeinde Hiddenhausen",
        "intro": "Vänort sedan 1991.",
        "country": "DE",
        "region": "Kreis Herford, Nordrhein-Westfalen",
        "latitude": "52.16",
        "longitude": "8.62",
        "relationship": "twin_town",
        "since": "1991",
        "status": "active",
        "cooperation_areas": "kultur, skola",
        "website": "https://www.hiddenhausen.de",
        "contact_role": "Kommunsekreterare",
        "image": "",
        "body": streamfield([]),
        "visits": inline_formset(
            [
                {
                    "date": "2012-09-01",
                    "precision": "month",
                    "direction": "in",
                    "kind": "visit",
                    "title": "Besök från Hiddenhausen i Kungälv",
                    "summary": "Tjugo gäster.",
                },
                {
                    "date": "2016-05-01",
                    "precision": "month",
                    "direction": "out",
                    "kind": "exchange",
                    "title": "Besök i Hiddenhausen",
                    "summary": "",
                },
            ]
        ),
        "action-publish": "action-publish",
    }
    fields.update(overrides)
    return nested_form_data(fields)


def page_text(response):
    return " ".join(soup(response).get_text(" ").split())


def test_editor_creates_a_partner_with_visits_and_coordinates(
    client, admin_client, partner_index
):
    response = admin_client.post(add_url(partner_index), partner_form())
    assert response.status_code == 302, page_text(response)

    partner = PartnerPage.objects.get(slug="hiddenhausen")
    assert partner.live
    assert partner.get_parent().specific == partner_index
    assert partner.official_name == "Gemeinde Hiddenhausen"
    assert partner.country.code == "DE"
    assert partner.latitude == Decimal("52.16")
    assert partner.longitude == Decimal("8.62")
    assert partner.relationship == PartnerPage.Relationship.TWIN_TOWN
    assert partner.since == 1991
    assert partner.status == PartnerPage.Status.ACTIVE
    assert sorted(tag.name for tag in partner.cooperation_areas.all()) == [
        "kultur",
        "skola",
    ]
    visits = list(partner.visits.all())
    assert [(v.date, v.precision, v.direction, v.kind, v.title) for v in visits] == [
        (D(2012, 9, 1), "month", "in", "visit", "Besök från Hiddenhausen i Kungälv"),
        (D(2016, 5, 1), "month", "out", "exchange", "Besök i Hiddenhausen"),
    ]
    assert visits[0].summary == "Tjugo gäster."

    public = client.get("/vanorter/hiddenhausen/")
    assert public.status_code == 200
    assert [entry[1:] for entry in timeline(public)] == [
        ("maj 2016", "Besök i Hiddenhausen"),
        ("september 2012", "Besök från Hiddenhausen i Kungälv"),
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("latitude", "91", "mindre än eller lika med 90"),
        ("latitude", "-90.5", "större än eller lika med -90"),
        ("longitude", "-181", "större än eller lika med -180"),
        ("longitude", "180.1", "mindre än eller lika med 180"),
    ],
)
def test_coordinates_outside_the_globe_are_refused(
    admin_client, partner_index, field, value, message
):
    response = admin_client.post(add_url(partner_index), partner_form(**{field: value}))
    assert response.status_code == 200
    assert not PartnerPage.objects.exists()
    assert field in response.context["form"].errors
    assert message in page_text(response)


@pytest.mark.parametrize("missing", ["latitude", "longitude"])
def test_half_a_coordinate_is_refused(admin_client, partner_index, missing):
    response = admin_client.post(add_url(partner_index), partner_form(**{missing: ""}))
    assert response.status_code == 200
    assert not PartnerPage.objects.exists()
    assert "Ange både latitud och longitud, eller ingen av dem." in page_text(response)


def test_a_partner_without_coordinates_is_accepted(admin_client, partner_index):
    response = admin_client.post(
        add_url(partner_index), partner_form(latitude="", longitude="")
    )
    assert response.status_code == 302, page_text(response)
    partner = PartnerPage.objects.get()
    assert partner.latitude is None
    assert partner.longitude is None


# --- The partner list --------------------------------------------------------------


def test_the_list_shows_live_partners_and_their_count(client, partners):
    response = client.get("/vanorter/")
    assert response.status_code == 200
    assert card_titles(response) == ["Hiddenhausen", "Perano", "Ventspils"]
    count = soup(response).find(class_="results-count").get_text()
    assert count == "3 vänorter och partnerkommuner"
    cards = {
        card.h2.get_text(strip=True): card.get_text(" ", strip=True)
        for card in soup(response).find_all("li", class_="card")
    }
    assert "Tyskland, Kreis Herford" in cards["Hiddenhausen"]
    assert "Vänort sedan 1991 · aktiv" in cards["Hiddenhausen"]
    assert "Nätverk sedan 2004 · vilande" in cards["Ventspils"]
    assert "Utkastby" not in response.text


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("country=IT", ["Perano"]),
        ("country=DE", ["Hiddenhausen"]),
        ("status=dormant", ["Ventspils"]),
        ("status=active", ["Hiddenhausen", "Perano"]),
        ("relationship=partnership", ["Perano"]),
        ("relationship=twin_town&status=active", ["Hiddenhausen"]),
        ("country=LV&status=active", []),
        ("status=ended", []),
    ],
)
def test_the_list_filters_by_country_status_and_relationship(
    client, partners, query, titles
):
    response = client.get(f"/vanorter/?{query}")
    assert response.status_code == 200
    assert card_titles(response) == titles
    assert not soup(response).find(class_="filter-errors")
    count = soup(response).find(class_="results-count").get_text()
    assert count.startswith(f"{len(titles)} ")
    if not titles:
        assert "Ingen partnerkommun matchar filtren." in response.text


def test_the_country_filter_offers_the_partners_countries_by_name(client, partners):
    select = soup(client.get("/vanorter/")).find("select", attrs={"name": "country"})
    options = [(o["value"], o.get_text()) for o in select.find_all("option")]
    # The draft's country (France) is not offered: no live partner is there.
    assert options == [
        ("", "Alla"),
        ("DE", "Tyskland"),
        ("IT", "Italien"),
        ("LV", "Lettland"),
    ]


@pytest.mark.parametrize(
    ("query", "field_label", "titles"),
    [
        ("country=XX", "Land", ["Hiddenhausen", "Perano", "Ventspils"]),
        ("country=FR", "Land", ["Hiddenhausen", "Perano", "Ventspils"]),
        ("status=bogus", "Status", ["Hiddenhausen", "Perano", "Ventspils"]),
        (
            "relationship=sister",
            "Samarbetsform",
            ["Hiddenhausen", "Perano", "Ventspils"],
        ),
        # The valid filter still applies.
        ("country=IT&status=bogus", "Status", ["Perano"]),
    ],
)
def test_an_unknown_filter_value_is_ignored_with_a_message(
    client, partners, query, field_label, titles
):
    response = client.get(f"/vanorter/?{query}")
    assert response.status_code == 200
    assert card_titles(response) == titles
    errors = soup(response).find(class_="filter-errors")
    assert errors is not None
    text = errors.get_text(" ", strip=True)
    assert "Några filter hade värden som vi inte känner igen" in text
    assert f"{field_label}:" in text


# --- The map -----------------------------------------------------------------------


def test_the_map_has_a_point_per_partner_with_coordinates(client, partners):
    response = client.get("/vanorter/")
    svg = soup(response).find("figure", class_="locator-map").svg
    labels = [
        text.get_text() for text in svg.find_all("text", class_="locator-map__name")
    ]
    assert labels == ["Hiddenhausen", "Perano"]  # Ventspils has no coordinates
    points = {
        label: (float(circle["cx"]), float(circle["cy"]))
        for label, circle in zip(
            labels, svg.find_all("circle", class_="locator-map__point"), strict=True
        )
    }
    # Perano lies south-east of Hiddenhausen.
    assert points["Perano"][0] > points["Hiddenhausen"][0]
    assert points["Perano"][1] > points["Hiddenhausen"][1]
    width, height = (float(v) for v in svg["viewbox"].split()[2:])
    for x, y in points.values():
        assert 0 <= x <= width
        assert 0 <= y <= height
    assert svg.title.get_text() == "Karta över partnerkommunerna"


def test_the_map_loads_nothing_from_elsewhere(client, partners):
    response = client.get("/vanorter/")
    svg = soup(response).find("figure", class_="locator-map").svg
    assert svg.find_all(["image", "script", "use", "foreignobject", "a"]) == []
    markup = str(svg)
    for reference in ("href", "http", "url(", "src="):
        assert reference not in markup


def test_the_map_follows_the_filters(client, partners):
    svg = soup(client.get("/vanorter/?country=IT")).find("figure").svg
    labels = [t.get_text() for t in svg.find_all("text", class_="locator-map__name")]
    assert labels == ["Perano"]


def test_no_map_when_no_partner_has_coordinates(client, partners):
    response = client.get("/vanorter/?country=LV")
    assert card_titles(response) == ["Ventspils"]
    assert soup(response).find("figure", class_="locator-map") is None


# --- The partner page --------------------------------------------------------------


def test_the_partner_page_shows_the_facts(client, partners):
    response = client.get("/vanorter/hiddenhausen/")
    assert response.status_code == 200
    assert soup(response).main.h1.get_text() == "Hiddenhausen"
    shown = facts(response)
    assert shown["Officiellt namn"] == "Gemeinde Hiddenhausen"
    assert shown["Land"] == "Tyskland"
    assert shown["Region"] == "Kreis Herford"
    assert shown["Samarbetsform"] == "Vänort sedan 1991"
    assert shown["Status"] == "Aktiv"
    assert shown["Samarbetsområden"] == "kultur, skola"
    assert shown["Kontakt"] == "Kommunsekreterare"
    assert shown["Webbplats"] == "https://www.hiddenhausen.de"


def test_the_english_partner_page_names_the_country_in_english(
    client, partners, en_partner_index, en_locale, add_partner
):
    add_partner(
        "Hiddenhausen",
        index=en_partner_index,
        locale=en_locale,
        translation_key=partners["hiddenhausen"].translation_key,
        relationship="partnership",
        since=1991,
    )
    response = client.get("/en/twin-towns/hiddenhausen/")
    assert response.status_code == 200
    shown = facts(response)
    assert shown["Country"] == "Germany"
    assert shown["Relationship"] == "Partnership since 1991"
    english_list = client.get("/en/twin-towns/")
    assert "Germany" in soup(english_list).find(class_="card__meta").get_text()
    # And the Swedish page still says Tyskland.
    assert facts(client.get("/vanorter/hiddenhausen/"))["Land"] == "Tyskland"


def test_the_timeline_merges_visits_and_stories_newest_first(
    client, partners, add_story
):
    hiddenhausen = partners["hiddenhausen"]
    add_story(
        "Kungälv på besök",
        D(2016, 6, 1),
        partners=[hiddenhausen],
        kind="visit_report",
        slug="kungalv-pa-besok",
    )
    add_story("Elevutbyte", D(2014, 3, 1), partners=[hiddenhausen], kind="story")
    add_story("Om Perano", D(2015, 1, 1), partners=[partners["perano"]])

    response = client.get("/vanorter/hiddenhausen/")
    assert timeline(response) == [
        ("2016-06-01", "1 juni 2016", "Kungälv på besök"),
        ("2016-05", "maj 2016", "Besök i Hiddenhausen"),
        ("2014-03-01", "1 mars 2014", "Elevutbyte"),
        ("2012-09", "september 2012", "Besök från Hiddenhausen"),
        ("2011", "2011", "Första kontakten"),
    ]
    entries = soup(response).find_all("li", class_="timeline__entry")
    assert entries[0].find("a")["href"] == "/berattelser/kungalv-pa-besok/"
    assert "Besöksrapport" in entries[0].get_text()
    assert "Besök (till partnern)" in entries[1].get_text()
    assert entries[1].find("a") is None  # a visit has no page of its own


def test_a_story_naming_a_partner_appears_on_its_timeline(
    client, partners, story_index, publish_page
):
    perano = partners["perano"]
    before = client.get("/vanorter/perano/")
    assert timeline(before) == []
    assert "Inga besök eller berättelser har registrerats ännu." in before.text

    story = StoryPage(
        title="Matresa till Perano", slug="matresa", date=D(2024, 4, 12), intro="Mat."
    )
    story.related_partners = [perano]
    publish_page(story_index, story)

    after = client.get("/vanorter/perano/")
    assert timeline(after) == [("2024-04-12", "12 april 2024", "Matresa till Perano")]
    assert facts(after)["Senaste aktivitet"] == "12 april 2024"


def test_a_draft_story_stays_off_the_timeline(client, partners, add_story):
    add_story(
        "Ännu inte publicerad",
        D(2025, 1, 1),
        [partners["perano"]],
        live=False,
    )
    response = client.get("/vanorter/perano/")
    assert "Ännu inte publicerad" not in response.text
    assert facts(response)["Senaste aktivitet"] == "Ingen registrerad"


def test_last_activity_and_recent_activity(client, partners):
    perano = partners["perano"]
    shown = facts(client.get("/vanorter/perano/"))
    assert shown["Senaste aktivitet"] == "Ingen registrerad"
    assert shown["Aktiviteter de senaste 12 månaderna"] == "0"

    today = timezone.localdate()
    two_years_ago = today - datetime.timedelta(days=730)
    PartnerVisit.objects.create(
        page=perano, date=two_years_ago, direction="out", title="Förra besöket"
    )
    shown = facts(client.get("/vanorter/perano/"))
    assert shown["Senaste aktivitet"] == sv_date(two_years_ago)
    assert shown["Aktiviteter de senaste 12 månaderna"] == "0"

    PartnerVisit.objects.create(
        page=perano, date=today, direction="in", kind="digital", title="Videomöte"
    )
    response = client.get("/vanorter/perano/")
    shown = facts(response)
    assert shown["Senaste aktivitet"] == sv_date(today)
    assert shown["Aktiviteter de senaste 12 månaderna"] == "1"
    assert timeline(response)[0][2] == "Videomöte"


def test_dates_claim_no_more_precision_than_is_known(client, partners):
    shown = [entry[1] for entry in timeline(client.get("/vanorter/hiddenhausen/"))]
    assert shown == ["maj 2016", "september 2012", "2011"]
    # The stored first day of the month or year is never shown as a day.
    assert not any(day in " ".join(shown) for day in ("1 maj", "1 september", "1 jan"))


def test_last_activity_claims_no_more_precision_than_is_known(client, partners):
    """Hiddenhausen's latest entry is a visit known only to the month (May 2016)."""
    response = client.get("/vanorter/hiddenhausen/")
    assert timeline(response)[0][:2] == ("2016-05", "maj 2016")
    assert facts(response)["Senaste aktivitet"] == "maj 2016"


# --- The partner's projects --------------------------------------------------------


def project_links(response, heading):
    """The links under a heading of the projects section, as (title, href)."""
    section = soup(response).find(
        "section", attrs={"aria-labelledby": "projects-heading"}
    )
    if section is None:
        return []
    titles = [h3.get_text() for h3 in section.find_all("h3")]
    lists = section.find_all("ul")
    found = dict(zip(titles, lists, strict=True))
    if heading not in found:
        return []
    return [(a.get_text(), a["href"]) for a in found[heading].find_all("a")]


@built_once
def partner_projects():
    """Hiddenhausen in both languages with current, past, draft and other
    partners' projects, in Swedish and in English."""
    sv_partner = builders.partner("Hiddenhausen")
    en_partner = builders.partner(
        "Hiddenhausen",
        index=builders.en_partner_index(),
        locale=builders.en_locale(),
        translation_key=sv_partner.translation_key,
    )
    other = builders.partner("Perano", country="IT")
    project_index()
    en_project_index()
    make = project_maker()
    make("Elevutbyte", partner_municipalities=[sv_partner], end_date=D(2099, 6, 30))
    make("Körsamarbete", partner_municipalities=[sv_partner], end_date=None)
    make(
        "Miljöprojektet",
        partner_municipalities=[sv_partner],
        status="completed",
        start_date=D(2012, 1, 1),
        end_date=D(2014, 12, 31),
    )
    make(
        "Det inställda",
        partner_municipalities=[sv_partner],
        status="cancelled",
        end_date=None,
    )
    make("Utkastet", partner_municipalities=[sv_partner], live=False)
    make("Peranos projekt", partner_municipalities=[other])
    make(
        "Pupil exchange",
        locale=builders.en_locale(),
        partner_municipalities=[en_partner],
        end_date=D(2099, 6, 30),
    )
    return sv_partner, en_partner


def test_the_partner_page_lists_its_current_and_past_projects(client, partner_projects):
    response = client.get("/vanorter/hiddenhausen/")
    assert sorted(project_links(response, "Aktuella och planerade projekt")) == [
        ("Elevutbyte", "/projekt/elevutbyte/"),
        ("Körsamarbete", "/projekt/korsamarbete/"),
    ]
    # Past by status: a cancelled project with no end date too.
    assert sorted(project_links(response, "Tidigare projekt")) == [
        ("Det inställda", "/projekt/det-installda/"),
        ("Miljöprojektet", "/projekt/miljoprojektet/"),
    ]
    text = page_text(response)
    assert "Utkastet" not in text
    assert "Peranos projekt" not in text
    assert "Pupil exchange" not in text
    # Each link leads to the project's page.
    assert client.get("/projekt/miljoprojektet/").status_code == 200


def test_the_english_partner_page_lists_the_english_projects(client, partner_projects):
    response = client.get("/en/twin-towns/hiddenhausen/")
    assert project_links(response, "Current and planned projects") == [
        ("Pupil exchange", "/en/projects/pupil-exchange/")
    ]
    assert "Elevutbyte" not in page_text(response)


def test_a_partner_without_projects_shows_no_projects_section(client, partners):
    response = client.get("/vanorter/perano/")
    assert soup(response).find(id="projects-heading") is None


def test_the_projects_cost_the_same_however_many(client, partner_projects):
    sv_partner, _ = partner_projects

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/vanorter/hiddenhausen/")
        assert response.status_code == 200
        return len(captured), response

    client.get("/vanorter/hiddenhausen/")  # Wagtail's per-process caches
    before, _ = count()
    make = project_maker()
    for n in range(20):
        make(f"Nytt projekt {n}", partner_municipalities=[sv_partner])
    after, response = count()
    assert len(project_links(response, "Aktuella och planerade projekt")) == 22
    assert after == before


# --- The map on the list -----------------------------------------------------------


def test_the_map_marks_kungalv_and_draws_the_countries(client, partners):
    svg = soup(client.get("/vanorter/")).find("figure", class_="locator-map").svg
    assert svg.find(class_="locator-map__home-name").get_text() == "Kungälv"
    classes = {c for path in svg.find_all("path") for c in path["class"]}
    assert {"locator-map__land--se", "locator-map__land--de"} <= classes
    desc = svg.find("desc").get_text()
    assert "Hiddenhausen" in desc
    assert "Perano" in desc
    assert "Kungälv" in desc
