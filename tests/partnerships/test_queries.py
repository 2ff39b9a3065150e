"""Query budgets: the lists and the partner page cost the same however much content.

Each page is fetched once to warm caches and create image renditions, then counted.
After adding 20 stories (each naming the partner, with tags and an image), 20
partners (with images) and 20 visits, the same pages must cost the same.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import PartnerVisit

pytestmark = pytest.mark.django_db

D = datetime.date
URLS = ("/berattelser/", "/vanorter/", "/vanorter/hiddenhausen/")


def add_numbered_partner(add_partner, title, image, number=0):
    return add_partner(
        title,
        official_name=title,
        country=("DE", "IT", "LV", "PL")[number % 4],
        latitude=Decimal(50 + number % 10),
        longitude=Decimal(5 + number % 15),
        image=image,
        tags=["kultur", f"område {number}"],
    )


def add_numbered_story(add_story, number, partner, image):
    return add_story(
        f"Berättelse {number}",
        D(2020, 1, 1) + datetime.timedelta(days=number),
        [partner],
        ["besök", f"tagg {number}"],
        kind=("news", "story", "visit_report", "exchange")[number % 4],
        intro=f"Berättelse nummer {number}.",
        image=image,
    )


@pytest.fixture
def partner(partner_index, story_index, add_partner, add_story, test_image):
    """Hiddenhausen with a visit and a story, on a site with both lists."""
    partner = add_numbered_partner(add_partner, "Hiddenhausen", test_image)
    PartnerVisit.objects.create(
        page=partner, date=D(2012, 9, 1), direction="in", title="Besök 0"
    )
    add_numbered_story(add_story, 0, partner, test_image)
    return partner


@pytest.fixture
def grow(partner, add_partner, add_story, test_image):
    """Add 20 stories naming the partner, 20 partners and 20 visits."""

    def grow():
        for number in range(1, 21):
            add_numbered_story(add_story, number, partner, test_image)
            add_numbered_partner(add_partner, f"Partner{number:02}", test_image, number)
            PartnerVisit.objects.create(
                page=partner,
                date=D(2013, 1, 1) + datetime.timedelta(days=number),
                direction="out",
                title=f"Besök {number}",
            )

    return grow


def count_queries(client, url):
    assert client.get(url).status_code == 200  # warm-up: caches, renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("url", URLS)
def test_the_query_count_does_not_grow_with_content(client, grow, url):
    before = count_queries(client, url)
    grow()
    after = count_queries(client, url)
    assert len(after) == len(before), "\n\n".join(after)


def test_the_grown_pages_show_the_new_content(client, grow):
    """The budgets above count pages that really show the added content."""
    grow()
    stories = client.get("/berattelser/").text
    assert stories.count('class="card"') == 10
    assert "21 berättelser" in stories
    partners = client.get("/vanorter/").text
    assert partners.count('class="card"') == 21
    assert partners.count('class="locator-map__point"') == 21
    assert partners.count("<img") == 21
    partner = client.get("/vanorter/hiddenhausen/").text
    assert partner.count('class="timeline__entry"') == 42
