"""The public inventory: the list with its filters, the project pages, the sitemaps."""

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.models import Project, ProjectIndexPage
from inventory.projects.filters import in_swedish_order
from inventory.projects.sitemaps import ProjectSitemap
from tests import builders as site
from tests.inventory import builders
from tests.shared import built_once
from website.models import ContentPage

pytestmark = pytest.mark.django_db

D = datetime.date
NBSP = "\xa0"

ELEVUTBYTE = "Elevutbyte med Hiddenhausen"
MATKULTUR = "Matkultur med Perano"
KLIMAT = "Klimatanpassning längs kusten"
OMVARLD = "Omvärldsbevakning av EU-finansiering"
LIVE_SWEDISH = [ELEVUTBYTE, MATKULTUR, KLIMAT, OMVARLD]


# --- Helpers -----------------------------------------------------------------------


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def get(client, url, params=None):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def rows(response):
    """The project titles of the list, in the order shown."""
    table = soup(response).find("table", class_="project-table")
    if table is None:
        return []
    return [th.get_text(strip=True) for th in table.tbody.find_all("th")]


def results_count(response):
    return soup(response).find(class_="results-count").get_text(strip=True)


def filter_errors(response):
    box = soup(response).find(class_="filter-errors")
    return None if box is None else " ".join(box.get_text(" ").split())


def definitions(tag):
    """A <dl> as {term: description}, as a reader scans it."""
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in tag.find_all("dt")
    }


def section(response, heading):
    """The element right after the <h2> called ``heading``."""
    h2 = soup(response).find("h2", string=heading)
    assert h2 is not None, heading
    return h2.find_next_sibling()


# --- Content -----------------------------------------------------------------------


@built_once
def published():
    """Two partners, and the catalogue: four live Swedish projects, one English, a
    draft and an unpublished one. Built once for the tests that read them."""
    builders.project_index()
    en_project_index = builders.en_project_index()
    make_project, terms = builders.project_maker(), builders.terms()
    partners = {
        "hiddenhausen": site.partner("Hiddenhausen"),
        "perano": site.partner(
            "Perano", country="IT", official_name="Comune di Perano"
        ),
    }
    sv = terms["sv"]
    projects = {
        "elevutbyte": make_project(
            ELEVUTBYTE,
            slug="elevutbyte-hiddenhausen",
            summary="Elever och lärare besöker varandras skolor.",
            status="ongoing",
            start_date=D(2025, 8, 1),
            end_date=D(2027, 6, 30),
            unit=sv["units"][0],
            funding_programme=sv["programmes"][0],
            currency="SEK",
            total_budget=450000,
            eu_grant=380000,
            own_contribution=70000,
            erasmus_id="2025-1-SE01-KA122-SCH-000000001",
            contact_role="Rektor, Ytterbyskolan",
            website="https://elevutbyte.example.org/",
            priority_areas=sv["areas"][:2],
            dimensions=[sv["dimensions"][1]],
            partner_municipalities=[partners["hiddenhausen"]],
            partner_organisations=[
                ("Olof-Palme-Gesamtschule", "DE", "Hiddenhausen", "partner")
            ],
        ),
        "matkultur": make_project(
            MATKULTUR,
            slug="matkultur-perano",
            summary="Livsmedelsföretag utbyter erfarenheter om mat som besöksmål.",
            status="planned",
            start_date=D(2027, 3, 1),
            end_date=D(2028, 2, 29),
            unit=sv["units"][1],
            funding_programme=sv["programmes"][14],
            currency="EUR",
            total_budget=60000,
            priority_areas=[sv["areas"][2]],
            dimensions=sv["dimensions"][1:],
            partner_municipalities=[partners["perano"]],
        ),
        "klimat": make_project(
            KLIMAT,
            slug="klimatanpassning-kusten",
            summary="Kustkommuner möter höjda havsnivåer.",
            status="completed",
            start_date=D(2021, 1, 1),
            end_date=D(2024, 12, 31),
            unit=sv["units"][1],
            funding_programme=sv["programmes"][2],
            currency="EUR",
            total_budget=1200000,
            eu_grant=600000,
            keep_eu_id="12345",
            priority_areas=[sv["areas"][0], sv["areas"][3]],
            dimensions=[sv["dimensions"][0]],
            partner_organisations=[
                ("Exempelkommun A", "NO", "", "lead"),
                ("Exempelkommun B", "DK", "", "partner"),
            ],
        ),
        "omvarld": make_project(
            OMVARLD,
            slug="omvarldsbevakning-eu",
            summary="Staben bevakar utlysningar i EU:s program.",
            status="ongoing",
            start_date=D(2024, 9, 1),
            end_date=None,
            unit=sv["units"][3],
            funding_programme=sv["programmes"][17],
            priority_areas=[sv["areas"][3]],
            dimensions=[sv["dimensions"][2]],
        ),
        "utkast": make_project(
            "Hemligt utkast", slug="hemligt-utkast", live=False, status="planned"
        ),
        "avpublicerat": make_project("Avpublicerat projekt", slug="avpublicerat"),
        "english": make_project(
            "Pupil exchange with Hiddenhausen",
            slug="pupil-exchange-hiddenhausen",
            summary="Pupils and teachers visit each other's schools.",
            locale=en_project_index.locale,
            unit=terms["en"]["units"][0],
            partner_organisations=[
                ("Olof-Palme-Gesamtschule", "DE", "Hiddenhausen", "partner")
            ],
        ),
    }
    projects["avpublicerat"].unpublish()
    return {"partners": partners, "projects": projects}


@pytest.fixture
def partners(published):
    return published["partners"]


@pytest.fixture
def catalogue(published):
    """Four live Swedish projects, one English, a draft and an unpublished one."""
    return published["projects"]


# --- The list ----------------------------------------------------------------------


def test_the_list_shows_the_live_projects_of_its_language_newest_first(
    client, catalogue
):
    response = get(client, "/projekt/")
    assert rows(response) == [MATKULTUR, ELEVUTBYTE, OMVARLD, KLIMAT]
    count = soup(response).find(class_="results-count")
    assert count["role"] == "status"
    assert count.get_text(strip=True) == "4 projekt"
    links = [th.a["href"] for th in soup(response).find("table").tbody.find_all("th")]
    assert links[0] == "/projekt/matkultur-perano/"
    assert filter_errors(response) is None


def test_the_list_row_shows_status_period_unit_and_programme(client, catalogue):
    table = soup(get(client, "/projekt/")).find("table", class_="project-table")
    row = table.tbody.find("a", string=ELEVUTBYTE).find_parent("tr")
    cells = [td.get_text(strip=True) for td in row.find_all("td")]
    assert cells == [
        "Pågående",
        "augusti 2025–juni 2027",
        "Sektor bildning och lärande",
        "Erasmus+",
    ]
    open_ended = table.tbody.find("a", string=OMVARLD).find_parent("tr")
    assert open_ended.find_all("td")[1].get_text(" ", strip=True) == (
        "från september 2024"
    )


def test_the_english_list_shows_only_the_english_projects(client, catalogue):
    response = get(client, "/en/projects/")
    assert rows(response) == ["Pupil exchange with Hiddenhausen"]
    assert results_count(response) == "1 project"


def test_an_empty_list_says_so(client, project_index):
    response = get(client, "/projekt/")
    assert rows(response) == []
    assert results_count(response) == "0 projekt"
    assert "Inget projekt matchar filtren." in response.text


# --- Filters -----------------------------------------------------------------------


def filter_cases(partners, sv):
    """(query, the titles it should list) for every public filter."""
    return [
        ({"status": "ongoing"}, {ELEVUTBYTE, OMVARLD}),
        ({"status": "completed"}, {KLIMAT}),
        ({"status": "cancelled"}, set()),
        ({"priority_area": sv["areas"][0].pk}, {ELEVUTBYTE, KLIMAT}),
        ({"priority_area": sv["areas"][3].pk}, {KLIMAT, OMVARLD}),
        ({"dimension": sv["dimensions"][2].pk}, {MATKULTUR, OMVARLD}),
        ({"dimension": sv["dimensions"][0].pk}, {KLIMAT}),
        ({"unit": sv["units"][1].pk}, {MATKULTUR, KLIMAT}),
        ({"unit": sv["units"][2].pk}, set()),
        ({"programme": sv["programmes"][14].pk}, {MATKULTUR}),
        ({"programme": sv["programmes"][0].pk}, {ELEVUTBYTE}),
        ({"partner": partners["hiddenhausen"].pk}, {ELEVUTBYTE}),
        ({"partner": partners["perano"].pk}, {MATKULTUR}),
        # Germany is both a partner municipality's and an organisation's country.
        ({"country": "DE"}, {ELEVUTBYTE}),
        ({"country": "IT"}, {MATKULTUR}),
        ({"country": "NO"}, {KLIMAT}),
        ({"year_from": 2025}, {ELEVUTBYTE, MATKULTUR, OMVARLD}),
        ({"year_to": 2024}, {KLIMAT, OMVARLD}),
        ({"year_from": 2024, "year_to": 2024}, {KLIMAT, OMVARLD}),
        ({"year_from": 2026, "year_to": 2026}, {ELEVUTBYTE, OMVARLD}),
        ({"year_from": 2029}, {OMVARLD}),
        ({"q": "perano"}, {MATKULTUR}),
        ({"q": "HIDDENHAUSEN"}, {ELEVUTBYTE}),
        ({"q": "havsnivåer"}, {KLIMAT}),
        ({"q": "ingenting sådant"}, set()),
        ({"status": "ongoing", "unit": sv["units"][0].pk}, {ELEVUTBYTE}),
        ({"dimension": sv["dimensions"][1].pk, "year_to": 2026}, {ELEVUTBYTE}),
        ({"country": "DE", "status": "planned"}, set()),
    ]


def test_each_filter_narrows_the_list(client, catalogue, partners, terms):
    wrong = []
    for query, expected in filter_cases(partners, terms["sv"]):
        response = get(client, "/projekt/", query)
        shown = rows(response)
        count = f"{len(expected)} projekt"
        if (
            sorted(shown) != sorted(expected)
            or results_count(response) != count
            or filter_errors(response) is not None
        ):
            wrong.append((query, shown, results_count(response)))
    assert wrong == []


def test_the_country_filter_offers_the_countries_of_live_partners_only(
    client, catalogue
):
    select = soup(get(client, "/projekt/")).find("select", attrs={"name": "country"})
    options = [option.get_text(strip=True) for option in select.find_all("option")]
    assert options == ["Alla", "Danmark", "Italien", "Norge", "Tyskland"]


def test_the_filters_offer_only_the_terms_of_the_page_language(client, catalogue):
    page = soup(get(client, "/projekt/"))
    areas = page.find("select", attrs={"name": "priority_area"}).find_all("option")
    assert [option.get_text(strip=True) for option in areas][1:] == [
        "Utveckling av kommunens egen verksamhet",
        "Samhällsutveckling och socioekonomiska kunskapsinvesteringar",
        "Tillväxt och näringslivsutveckling",
        "Omvärldsbevakning",
    ]
    units = page.find("select", attrs={"name": "unit"}).find_all("option")
    assert len(units) == 1 + 6
    programmes = page.find("select", attrs={"name": "programme"}).find_all("option")
    assert len(programmes) == 1 + 19


def test_sorting_orders_the_list(client, catalogue):
    newest_first = [MATKULTUR, ELEVUTBYTE, OMVARLD, KLIMAT]
    assert rows(get(client, "/projekt/")) == newest_first
    assert rows(get(client, "/projekt/", {"sort": "-start_date"})) == newest_first
    assert rows(get(client, "/projekt/", {"sort": "start_date"})) == [
        KLIMAT,
        OMVARLD,
        ELEVUTBYTE,
        MATKULTUR,
    ]
    assert rows(get(client, "/projekt/", {"sort": "title"})) == [
        ELEVUTBYTE,
        KLIMAT,
        MATKULTUR,
        OMVARLD,
    ]


def test_sorting_by_end_date_puts_the_latest_end_first(client, catalogue):
    shown = rows(get(client, "/projekt/", {"sort": "-end_date"}))
    assert set(shown) == set(LIVE_SWEDISH)
    # The open-ended project aside, the projects that end last come first.
    assert [title for title in shown if title != OMVARLD] == [
        MATKULTUR,
        ELEVUTBYTE,
        KLIMAT,
    ]


def test_sorting_by_title_follows_the_swedish_alphabet(
    client, project_index, make_project
):
    """The option says "Titel A–Ö": Å, Ä and Ö come after Z, in that order."""
    for title in ("Östersjösamarbete", "Äldreomsorg i Norden", "Återbruk", "Zonplan"):
        make_project(title)
    assert rows(get(client, "/projekt/", {"sort": "title"})) == [
        "Zonplan",
        "Återbruk",
        "Äldreomsorg i Norden",
        "Östersjösamarbete",
    ]


def test_search_ignores_the_case_of_swedish_letters(
    client, project_index, make_project
):
    make_project("Återbruk i Norden", summary="Ölandsbron och Älvsborg.")
    for query in ("återbruk", "ÅTERBRUK", "ölandsbron", "ÄLVSBORG"):
        assert rows(get(client, "/projekt/", {"q": query})) == ["Återbruk i Norden"], (
            query
        )


# --- Invalid values ----------------------------------------------------------------


INVALID = [
    ("status=x", "Status"),
    ("priority_area=abc", "Prioriterat område"),
    ("dimension=-1", "Hållbarhetsdimension"),
    ("unit=999999", "Ansvarig enhet"),
    ("programme=1e3", "Finansieringsprogram"),
    ("partner=%27%20OR%201=1", "Partnerkommun"),
    ("country=XX", "Partnerland"),
    ("year_from=3000", "Pågår från år"),
    ("year_to=1066", "Pågår till år"),
    ("year_from=tjugo", "Pågår från år"),
    ("sort=evil", "Sortera efter"),
    ("sort=password", "Sortera efter"),
    ("q=hej%00hopp", "Sök"),
    ("q=" + "x" * 10_000, "Sök"),
]


def test_an_invalid_filter_value_is_named_and_ignored(client, catalogue):
    wrong = []
    for query, rejected in INVALID:
        response = client.get(f"/projekt/?{query}")
        if response.status_code != 200:
            wrong.append((query[:40], response.status_code))
            continue
        box = soup(response).find(class_="filter-errors")
        errors = filter_errors(response) or ""
        if (
            box is None
            or box.get("role") != "alert"
            or not errors.startswith("Några filter hade värden som vi inte känner")
            or len(box.find_all("li")) != 1
            or f"{rejected}:" not in errors
            # The rejected value neither narrows nor reorders the list.
            or rows(response) != [MATKULTUR, ELEVUTBYTE, OMVARLD, KLIMAT]
        ):
            wrong.append((query[:40], errors, rows(response)))
    assert wrong == []


def test_an_invalid_value_leaves_the_valid_filters_working(client, catalogue):
    response = get(client, "/projekt/?status=ongoing&year_from=3000&sort=title")
    assert "Pågår från år:" in filter_errors(response)
    assert rows(response) == [ELEVUTBYTE, OMVARLD]


def test_a_last_year_before_the_first_is_named(client, catalogue):
    response = get(client, "/projekt/", {"year_from": 2026, "year_to": 2024})
    assert "Det sista året ligger före det första." in filter_errors(response)
    # The first year still applies.
    assert set(rows(response)) == {ELEVUTBYTE, MATKULTUR, OMVARLD}


def test_a_filter_of_another_language_is_refused(client, catalogue, terms):
    english_area = terms["en"]["areas"][0].pk
    response = get(client, "/projekt/", {"priority_area": english_area})
    assert "Prioriterat område:" in filter_errors(response)
    assert len(rows(response)) == 4


def test_a_repeated_parameter_uses_one_value_without_an_error(client, catalogue):
    response = get(client, "/projekt/?status=ongoing&status=planned")
    assert filter_errors(response) is None
    assert rows(response) == [MATKULTUR]


def test_an_odd_page_number_shows_a_page_of_projects(client, catalogue):
    for page in ("abc", "-1", "0", "2", "1.5", "99999999999999999999", "", "%00"):
        response = client.get(f"/projekt/?page={page}")
        assert response.status_code == 200, page
        assert rows(response) == [MATKULTUR, ELEVUTBYTE, OMVARLD, KLIMAT], page
        assert filter_errors(response) is None, page


# --- Pagination --------------------------------------------------------------------


@pytest.fixture
def many(project_index, make_project, terms):
    """23 ongoing projects of one unit, and some others around them."""
    unit = terms["sv"]["units"][2]
    for number in range(1, 24):
        make_project(f"Trygghet {number:02}", unit=unit, start_date=D(2020, 1, number))
    make_project("Planerad trygghet", unit=unit, status="planned")
    make_project("Annan enhet", unit=terms["sv"]["units"][0])
    return unit


def test_combined_filters_stay_in_the_pagination_links(client, many):
    first = get(client, "/projekt/", {"status": "ongoing", "unit": many.pk})
    assert results_count(first) == "23 projekt"
    assert rows(first) == [f"Trygghet {n:02}" for n in range(23, 3, -1)]
    pagination = soup(first).find("nav", class_="pagination")
    assert pagination["aria-label"] == "Sidor"
    assert pagination.find(attrs={"aria-current": "page"}).get_text() == "Sida 1 av 2"
    assert pagination.find("a", rel="prev") is None
    next_href = pagination.find("a", rel="next")["href"]
    assert parse_qs(urlsplit(next_href).query) == {
        "status": ["ongoing"],
        "unit": [str(many.pk)],
        "page": ["2"],
    }

    second = get(client, "/projekt/" + next_href)
    assert rows(second) == ["Trygghet 03", "Trygghet 02", "Trygghet 01"]
    pagination = soup(second).find("nav", class_="pagination")
    assert pagination.find("a", rel="next") is None
    prev_href = pagination.find("a", rel="prev")["href"]
    assert parse_qs(urlsplit(prev_href).query) == {
        "status": ["ongoing"],
        "unit": [str(many.pk)],
        "page": ["1"],
    }


def test_a_page_past_the_end_shows_the_last_page(client, many):
    response = get(client, "/projekt/", {"status": "ongoing", "page": "7"})
    # 23 + 1 ongoing projects: the second page has four.
    assert len(rows(response)) == 4


def test_the_pages_of_every_order_show_each_project_once_in_that_order(client, many):
    # Page 1 is read from the start of the list, page 2 (nearer the end) from its
    # end (NearerEndPaginator): together they are the whole list, in its order.
    whole = Project.objects.filter(live=True, locale__language_code="sv")
    for sort in ["-start_date", "start_date", "title", "-end_date"]:
        pages = [
            rows(get(client, "/projekt/", {"sort": sort, "page": number}))
            for number in (1, 2)
        ]
        assert [len(page) for page in pages] == [20, whole.count() - 20], sort
        in_order = [project.title for project in in_swedish_order(whole, sort)]
        assert pages[0] + pages[1] == in_order, sort


def test_a_project_matching_a_filter_in_several_ways_is_listed_once(
    client, project_index, make_project, terms
):
    sv = terms["sv"]
    make_project(
        "Mångsidigt",
        priority_areas=sv["areas"][:3],
        dimensions=sv["dimensions"][:3],
        partner_organisations=[("Org A", "DE"), ("Org B", "DE"), ("Org C", "IT")],
    )
    area, dimension = sv["areas"][1].pk, sv["dimensions"][2].pk
    for params in (
        {"priority_area": area},
        {"priority_area": area, "dimension": dimension},
        {"country": "DE"},
        {"country": "DE", "priority_area": area, "dimension": dimension},
    ):
        response = get(client, "/projekt/", params)
        assert rows(response) == ["Mångsidigt"], params
        assert results_count(response) == "1 projekt", params


def test_without_a_second_page_there_is_no_pagination(client, catalogue):
    assert soup(get(client, "/projekt/")).find("nav", class_="pagination") is None


# --- Accessibility of the filters --------------------------------------------------


def test_every_filter_control_has_a_label(client, catalogue):
    form = soup(get(client, "/projekt/")).find("form", class_="filters")
    controls = [
        control
        for control in form.find_all(["input", "select", "textarea"])
        if control.get("type") not in ("hidden", "submit", "button")
    ]
    names = {control["name"] for control in controls}
    assert names == {
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
    }
    for control in controls:
        assert control.get("id"), control["name"]
        label = form.find("label", attrs={"for": control["id"]})
        assert label is not None, control["name"]
        assert label.get_text(strip=True), control["name"]
    assert form["method"] == "get"
    assert form["action"] == "/projekt/"


def test_the_filter_form_keeps_the_chosen_values(client, catalogue, terms):
    unit = terms["sv"]["units"][1]
    response = get(
        client, "/projekt/", {"q": "kust", "unit": unit.pk, "year_from": 2021}
    )
    page = soup(response).find("form", class_="filters")
    assert page.find("input", attrs={"name": "q"})["value"] == "kust"
    chosen = page.find("select", attrs={"name": "unit"}).find("option", selected=True)
    assert chosen.get_text(strip=True) == unit.name
    assert page.find("input", attrs={"name": "year_from"})["value"] == "2021"


# --- The project page --------------------------------------------------------------


def test_the_project_page_shows_every_public_fact(client, catalogue):
    response = get(client, "/projekt/elevutbyte-hiddenhausen/")
    page = soup(response)
    assert page.find("h1").get_text(strip=True) == ELEVUTBYTE
    assert page.find("title").get_text().startswith(ELEVUTBYTE)
    assert page.find("p", class_="lead").get_text() == (
        "Elever och lärare besöker varandras skolor."
    )
    assert definitions(page.find("aside", class_="fact-box")) == {
        "Status": "Pågående",
        "Period": "augusti 2025 – juni 2027",
        "Ansvarig enhet": "Sektor bildning och lärande",
        "Kontakt": "Rektor, Ytterbyskolan",
        "Projektets webbplats": "https://elevutbyte.example.org/",
    }
    times = page.find("aside").find_all("time")
    assert [time["datetime"] for time in times] == ["2025-08-01", "2027-06-30"]
    assert definitions(section(response, "Policyn")) == {
        "Prioriterade områden": "Utveckling av kommunens egen verksamhet; "
        "Samhällsutveckling och socioekonomiska kunskapsinvesteringar",
        "Hållbarhetsdimensioner": "Social utveckling",
    }
    partners = section(response, "Partner")
    assert [" ".join(li.get_text().split()) for li in partners.find_all("li")] == [
        "Hiddenhausen (Tyskland)",
        "Olof-Palme-Gesamtschule, Hiddenhausen (Tyskland) – partner",
    ]
    assert (
        partners.find("a", string="Hiddenhausen")["href"] == "/vanorter/hiddenhausen/"
    )
    assert definitions(section(response, "Finansiering")) == {
        "Finansieringsprogram": "Erasmus+",
        "Total budget": f"450{NBSP}000 SEK",
        "EU-bidrag": f"380{NBSP}000 SEK",
        "Egen insats": f"70{NBSP}000 SEK",
    }
    databases = section(response, "I andra databaser")
    link = databases.find("a")
    assert " ".join(databases.get_text().split()) == (
        "Erasmus+: 2025-1-SE01-KA122-SCH-000000001"
    )
    assert link["href"] == (
        "https://erasmus-plus.ec.europa.eu/projects/search/details/"
        "2025-1-SE01-KA122-SCH-000000001"
    )
    assert page.find("a", href="https://elevutbyte.example.org/") is not None
    description = page.find("meta", attrs={"name": "description"})
    assert description["content"] == "Elever och lärare besöker varandras skolor."


def test_the_project_page_shows_euro_amounts_and_lead_partners(client, catalogue):
    response = get(client, "/projekt/klimatanpassning-kusten/")
    assert definitions(section(response, "Finansiering")) == {
        "Finansieringsprogram": "Interreg Öresund-Kattegat-Skagerrak",
        "Total budget": f"1{NBSP}200{NBSP}000 EUR",
        "EU-bidrag": f"600{NBSP}000 EUR",
    }
    partners = section(response, "Partner")
    assert [" ".join(li.get_text().split()) for li in partners.find_all("li")] == [
        "Exempelkommun A (Norge) – huvudpartner",
        "Exempelkommun B (Danmark) – partner",
    ]
    databases = section(response, "I andra databaser")
    assert databases.find("a")["href"] == "https://keep.eu/projects/12345/"
    facts = definitions(soup(response).find("aside", class_="fact-box"))
    assert facts["Status"] == "Avslutat"
    assert "Kontakt" not in facts


def test_a_project_without_partners_or_ids_says_so(client, catalogue):
    response = get(client, "/projekt/omvarldsbevakning-eu/")
    assert section(response, "Partner").get_text(strip=True) == (
        "Inga partner registrerade."
    )
    assert soup(response).find("h2", string="I andra databaser") is None
    facts = definitions(soup(response).find("aside", class_="fact-box"))
    assert facts["Period"] == "från september 2024"
    assert definitions(section(response, "Finansiering")) == {
        "Finansieringsprogram": "Kommunens egen finansiering"
    }


def test_a_draft_partner_municipality_is_not_linked(client, catalogue, partners):
    partners["perano"].unpublish()
    response = get(client, "/projekt/matkultur-perano/")
    assert section(response, "Partner").find("a") is None
    assert "Perano" not in section(response, "Partner").get_text()


def test_the_english_project_page_names_countries_in_english(client, catalogue):
    response = get(client, "/en/projects/pupil-exchange-hiddenhausen/")
    partners = section(response, "Partners")
    assert " ".join(partners.li.get_text().split()) == (
        "Olof-Palme-Gesamtschule, Hiddenhausen (Germany) – partner"
    )
    facts = definitions(soup(response).find("aside", class_="fact-box"))
    assert facts["Status"] == "Ongoing"
    assert facts["Responsible unit"] == "Education and Learning Sector"


def test_drafts_unpublished_and_other_language_projects_are_not_found(
    client, catalogue
):
    for url in (
        "/projekt/hemligt-utkast/",
        "/projekt/avpublicerat/",
        "/projekt/pupil-exchange-hiddenhausen/",
        "/en/projects/elevutbyte-hiddenhausen/",
        "/en/projects/hemligt-utkast/",
        "/projekt/finns-inte/",
    ):
        assert client.get(url).status_code == 404, url


# --- Taking part -------------------------------------------------------------------


def test_the_take_part_link_names_the_project(
    client, catalogue, project_index, contact_page
):
    project_index.interest_page = contact_page
    project_index.save_revision().publish()
    button = soup(get(client, "/projekt/matkultur-perano/")).find(
        "a", string="Anmäl intresse"
    )
    assert button["href"] == "/kontakt/?project=matkultur-perano"
    assert get(client, button["href"]).status_code == 200


def test_the_english_take_part_link_leads_to_the_english_page(
    client, catalogue, project_index, contact_page, en_home, en_locale, publish_page
):
    publish_page(
        en_home,
        ContentPage(
            title="Contact",
            slug="contact",
            locale=en_locale,
            translation_key=contact_page.translation_key,
        ),
    )
    project_index.interest_page = contact_page
    project_index.save_revision().publish()
    en_index = project_index.get_translation(en_locale)
    en_index.interest_page = contact_page
    en_index.save_revision().publish()
    button = soup(get(client, "/en/projects/pupil-exchange-hiddenhausen/")).find(
        "a", string="Express interest"
    )
    assert button["href"] == "/en/contact/?project=pupil-exchange-hiddenhausen"


def test_without_an_interest_page_there_is_no_take_part_link(client, catalogue):
    response = get(client, "/projekt/matkultur-perano/")
    assert "Anmäl intresse" not in response.text


# --- Sitemaps ----------------------------------------------------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LIVE_SWEDISH_PATHS = [
    "/projekt/elevutbyte-hiddenhausen/",
    "/projekt/klimatanpassning-kusten/",
    "/projekt/matkultur-perano/",
    "/projekt/omvarldsbevakning-eu/",
]


def sitemap(client, path, params=None):
    """A sitemap as XML: an index of sitemaps or a set of addresses."""
    response = client.get(path, params)
    assert response.status_code == 200, path
    assert response.headers["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - the site's own sitemap


def locations(root):
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def sitemap_paths(client, path, params=None):
    return [urlsplit(url).path for url in locations(sitemap(client, path, params))]


def count_queries(client, url):
    assert client.get(url).status_code == 200  # the pieces every page repeats
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_the_swedish_sitemap_lists_the_live_swedish_projects(client, catalogue):
    paths = sitemap_paths(client, "/sitemap-projects.xml")
    # No draft, no unpublished project, no English one; in the order of the slugs.
    assert paths == LIVE_SWEDISH_PATHS
    for path in paths:
        assert client.get(path).status_code == 200, path
    # The list itself is among the pages, and no project is listed twice.
    pages = sitemap_paths(client, "/sitemap-pages.xml")
    assert "/projekt/" in pages
    assert not set(pages) & set(paths)


def test_the_english_sitemap_lists_the_live_english_projects(client, catalogue):
    paths = sitemap_paths(client, "/en/sitemap-projects.xml")
    assert paths == ["/en/projects/pupil-exchange-hiddenhausen/"]
    for path in paths:
        assert client.get(path).status_code == 200, path
    assert "/en/projects/" in sitemap_paths(client, "/en/sitemap-pages.xml")


def test_the_sitemap_addresses_are_absolute_and_dated_the_day_last_published(
    client, catalogue
):
    # Half past eleven at night in UTC is the next day in Sweden.
    Project.objects.filter(pk=catalogue["klimat"].pk).update(
        last_published_at=datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    )
    entries = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in sitemap(client, "/sitemap-projects.xml").iter(f"{SITEMAP}url")
    }
    klimat = Project.objects.get(pk=catalogue["klimat"].pk)
    index = ProjectIndexPage.objects.get(locale=klimat.locale)
    assert entries[index.project_url(klimat, full=True)] == "2026-03-02"
    assert all(urlsplit(loc).scheme == "http" for loc in entries)


def test_the_projects_sitemap_comes_in_pages_named_by_the_index(
    client, catalogue, monkeypatch
):
    monkeypatch.setattr(ProjectSitemap, "limit", 3)
    assert locations(sitemap(client, "/sitemap.xml")) == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-projects.xml",
        "http://testserver/sitemap-projects.xml?p=2",
    ]
    first = sitemap_paths(client, "/sitemap-projects.xml")
    second = sitemap_paths(client, "/sitemap-projects.xml", {"p": 2})
    assert first + second == LIVE_SWEDISH_PATHS
    assert len(first) == 3
    assert client.get("/sitemap-projects.xml", {"p": 3}).status_code == 404
    assert locations(sitemap(client, "/en/sitemap.xml")) == [
        "http://testserver/en/sitemap-pages.xml",
        "http://testserver/en/sitemap-projects.xml",
    ]


def test_a_language_without_a_project_index_has_no_projects_sitemap(
    client, project_index, make_project
):
    site.en_home()
    make_project("Elevutbyte")
    assert locations(sitemap(client, "/en/sitemap.xml")) == [
        "http://testserver/en/sitemap-pages.xml"
    ]
    assert client.get("/en/sitemap-projects.xml").status_code == 404
    assert sitemap_paths(client, "/sitemap-projects.xml") == ["/projekt/elevutbyte/"]


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/sitemap-projects.xml",
        "/en/sitemap.xml",
        "/en/sitemap-projects.xml",
    ],
)
def test_each_sitemap_costs_the_same_queries_however_many_projects(
    client, catalogue, url
):
    before = count_queries(client, url)
    make_project, en_locale = builders.project_maker(), site.en_locale()
    for number in range(20):
        make_project(f"Nytt projekt {number}")
        make_project(f"New project {number}", locale=en_locale)
    after = count_queries(client, url)
    assert len(before) <= 12, before
    assert len(after) == len(before), after
