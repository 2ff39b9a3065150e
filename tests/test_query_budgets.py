"""Every public page costs a fixed number of queries, at most 12, however many
projects, stories and partners the site holds.

Counted as a crawler walking new addresses meets them: each address is new to the
page cache (a query string it has not seen), while the pieces every page repeats
(menus, settings, filter choices) are cached as they are in production.
"""

import datetime
import itertools

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.cache import bump
from partnerships.models import PartnerPage, PriorityArea, SustainabilityDimension
from tests import builders
from tests.inventory.builders import project_maker

pytestmark = pytest.mark.django_db

BUDGET = 12
PAGES = [
    "/",
    "/internationell-policy/",
    "/vanorter/",
    "/vanorter/hiddenhausen/",
    "/berattelser/",
    "/berattelser/besok-i-hiddenhausen-2016/",
    "/berattelser/rss/",
    "/projekt/",
    "/projekt/?page=2",
    "/projekt/?status=ongoing&sort=title",
    "/projekt/elevutbyte-hiddenhausen/",
    "/projekt/coverage/",
    "/projekt/data/",
    "/projekt/feed/",
    "/projekt/rapporter/",
    "/sitemap-projects.xml",
    "/sok/?q=utbyte",
    "/anmal-intresse/",
    "/anmal-intresse/?project=elevutbyte-hiddenhausen",
    "/en/",
    "/en/projects/",
    "/en/twin-towns/hiddenhausen/",
]
_fresh = itertools.count()


def cold(url):
    return f"{url}{'&' if '?' in url else '?'}crawl={next(_fresh)}"


def queries(client, url):
    client.get(cold(url))  # the pieces every page repeats, as in production
    with CaptureQueriesContext(connection) as captured:
        response = client.get(cold(url))
    assert response.status_code == 200, url
    assert response["X-Cache"] in ("miss", "skip"), url
    return [query["sql"] for query in captured.captured_queries]


def grow(count):
    """``count`` more projects with relations, stories and a partner."""
    hiddenhausen = PartnerPage.objects.get(
        slug="hiddenhausen", locale__language_code="sv"
    )
    areas = list(PriorityArea.objects.filter(locale__language_code="sv"))
    dimensions = list(
        SustainabilityDimension.objects.filter(locale__language_code="sv")
    )
    make = project_maker()
    for number in range(count):
        make(
            f"Utbyte nummer {number}",
            priority_areas=areas[number % 4 : number % 4 + 2],
            dimensions=dimensions[: 1 + number % 3],
            partner_municipalities=[hiddenhausen],
            partner_organisations=[(f"Förening {number}", "DE", "Herford", "partner")],
        )
    index = builders.story_index()
    for number in range(3):
        builders.story(
            f"Utbytesberättelse {number}",
            datetime.date(2020, 1, 1 + number),
            partners=[hiddenhausen],
            index=index,
        )


def test_every_public_page_has_a_fixed_budget(client, demo_site, settings):
    settings.VANORT_PAGE_CACHE = "pages"
    caches["pages"].clear()
    before = {url: queries(client, url) for url in PAGES}
    grow(25)
    bump()  # as the commit of those changes does
    after = {url: queries(client, url) for url in PAGES}
    for url in PAGES:
        assert len(before[url]) <= BUDGET, (url, len(before[url]), before[url])
        assert len(after[url]) == len(before[url]), (url, after[url])
