"""Query budgets: the inventory costs the same however many projects it holds.

Each page is fetched once to warm caches, then counted. After adding 20 projects,
each with priority areas, dimensions, partner organisations and partner
municipalities, the same pages must cost the same.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

D = datetime.date
COUNTRIES = ("DE", "IT", "NO", "DK", "PL")


def count_queries(client, url):
    assert client.get(url).status_code == 200  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries], response


def project_rows(response):
    table = BeautifulSoup(response.content, "html.parser").find(
        "table", class_="project-table"
    )
    return table.tbody.find_all("tr") if table else []


def admin_rows(response):
    page = BeautifulSoup(response.content, "html.parser")
    return page.select('td.title span[id^="snippet_"]')


@pytest.fixture
def site(project_index, make_project, terms, add_partner):
    """One project with every kind of relation, and its partner municipalities."""
    sv = terms["sv"]
    partners = [
        add_partner(f"Vänort {number}", country=COUNTRIES[number % 5])
        for number in range(4)
    ]
    project = make_project(
        "Elevutbyte",
        slug="elevutbyte",
        start_date=D(2030, 1, 1),
        end_date=D(2031, 12, 31),
        funding_programme=sv["programmes"][0],
        priority_areas=sv["areas"][:2],
        dimensions=sv["dimensions"][:2],
        partner_municipalities=partners[:2],
        partner_organisations=[
            ("Olof-Palme-Gesamtschule", "DE", "Hiddenhausen", "lead"),
            ("Gymnasium Enger", "DE", "Enger", "partner"),
        ],
        keep_eu_id="12345",
    )
    return {"partners": partners, "project": project}


def grow(site, make_project, terms):
    sv = terms["sv"]
    partners = site["partners"]
    for number in range(1, 21):
        make_project(
            f"Projekt {number:02}",
            status=("planned", "ongoing", "completed")[number % 3],
            start_date=D(2020, 1, 1) + datetime.timedelta(days=30 * number),
            end_date=D(2029, 1, 1),
            unit=sv["units"][number % 6],
            funding_programme=sv["programmes"][number % 19],
            priority_areas=[sv["areas"][number % 4], sv["areas"][(number + 1) % 4]],
            dimensions=[sv["dimensions"][number % 3]],
            partner_municipalities=[partners[number % 4], partners[(number + 1) % 4]],
            partner_organisations=[
                (f"Organisation {number}", COUNTRIES[number % 5], "", "lead"),
                (f"Förening {number}", COUNTRIES[(number + 2) % 5], "Stad", "partner"),
            ],
        )


@pytest.mark.parametrize(
    "url",
    [
        "/projekt/",
        "/projekt/?status=ongoing&priority_area={area}&country=DE&sort=title",
        "/projekt/elevutbyte/",
    ],
)
def test_the_public_pages_cost_the_same_with_more_projects(
    client, site, make_project, terms, url
):
    url = url.format(area=terms["sv"]["areas"][0].pk)
    before, _response = count_queries(client, url)
    grow(site, make_project, terms)
    after, _response = count_queries(client, url)
    assert len(after) == len(before), "\n\n".join(after)


def test_the_admin_list_costs_the_same_with_more_projects(
    admin_client, site, make_project, terms
):
    url = "/admin/snippets/inventory/project/"
    before, response = count_queries(admin_client, url)
    assert len(admin_rows(response)) == 1
    grow(site, make_project, terms)
    after, response = count_queries(admin_client, url)
    assert len(admin_rows(response)) == 21
    assert len(after) == len(before), "\n\n".join(after)


def test_the_grown_pages_show_the_new_projects(client, site, make_project, terms):
    """The budgets above count pages that really show the added projects."""
    grow(site, make_project, terms)
    listing = client.get("/projekt/")
    assert len(project_rows(listing)) == 20
    assert "21 projekt" in listing.text
    assert len(project_rows(client.get("/projekt/?page=2"))) == 1
    detail = client.get("/projekt/elevutbyte/").text
    assert "Vänort 0" in detail
    assert "Gymnasium Enger" in detail
