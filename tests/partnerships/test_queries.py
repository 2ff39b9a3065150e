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
from wagtail.models import Site

from partnerships.models import (
    PartnerIndexPage,
    PartnerPage,
    PartnerVisit,
    StoryIndexPage,
    StoryPage,
)

pytestmark = pytest.mark.django_db

D = datetime.date
URLS = ("/berattelser/", "/vanorter/", "/vanorter/hiddenhausen/")


def add_partner(index, title, image, number=0):
    page = PartnerPage(
        title=title,
        slug=title.lower(),
        official_name=title,
        country=("DE", "IT", "LV", "PL")[number % 4],
        latitude=Decimal(50 + number % 10),
        longitude=Decimal(5 + number % 15),
        since=1991,
        image=image,
    )
    page.cooperation_areas.add("kultur", f"område {number}")
    index.add_child(instance=page)
    return page


def add_story(index, number, partner, image):
    page = StoryPage(
        title=f"Berättelse {number}",
        slug=f"berattelse-{number}",
        date=D(2020, 1, 1) + datetime.timedelta(days=number),
        kind=("news", "story", "visit_report", "exchange")[number % 4],
        intro=f"Berättelse nummer {number}.",
        image=image,
    )
    page.related_partners = [partner]
    page.tags.add("besök", f"tagg {number}")
    index.add_child(instance=page)
    return page


@pytest.fixture
def site(sv_home, test_image):
    Site.objects.filter(is_default_site=True).update(root_page=sv_home)
    partner_index = PartnerIndexPage(title="Vänorter", slug="vanorter")
    sv_home.add_child(instance=partner_index)
    story_index = StoryIndexPage(title="Berättelser", slug="berattelser")
    sv_home.add_child(instance=story_index)
    partner = add_partner(partner_index, "Hiddenhausen", test_image)
    PartnerVisit.objects.create(
        page=partner, date=D(2012, 9, 1), direction="in", title="Besök 0"
    )
    add_story(story_index, 0, partner, test_image)
    return {"partners": partner_index, "stories": story_index, "partner": partner}


def count_queries(client, url):
    assert client.get(url).status_code == 200  # warm-up: caches, renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def grow(site, image):
    for number in range(1, 21):
        add_story(site["stories"], number, site["partner"], image)
        add_partner(site["partners"], f"Partner{number:02}", image, number)
        PartnerVisit.objects.create(
            page=site["partner"],
            date=D(2013, 1, 1) + datetime.timedelta(days=number),
            direction="out",
            title=f"Besök {number}",
        )


@pytest.mark.parametrize("url", URLS)
def test_the_query_count_does_not_grow_with_content(client, site, test_image, url):
    before = count_queries(client, url)
    grow(site, test_image)
    after = count_queries(client, url)
    assert len(after) == len(before), "\n\n".join(after)


def test_the_grown_pages_show_the_new_content(client, site, test_image):
    """The budgets above count pages that really show the added content."""
    grow(site, test_image)
    stories = client.get("/berattelser/").text
    assert stories.count('class="card"') == 10
    assert "21 berättelser" in stories
    partners = client.get("/vanorter/").text
    assert partners.count('class="card"') == 21
    assert partners.count('class="locator-map__point"') == 21
    assert partners.count("<img") == 21
    partner = client.get("/vanorter/hiddenhausen/").text
    assert partner.count('class="timeline__entry"') == 42
