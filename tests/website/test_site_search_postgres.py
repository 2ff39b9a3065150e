"""The site search finds inflected forms, as PostgreSQL's full-text search stems them.

One search configuration serves the whole index ("swedish", see WAGTAILSEARCH_BACKENDS):
the database backend stores one vector per object, made with the backend's
configuration, so the English pages are stemmed by the Swedish rules too. Those
reduce the English plural "-s"/"-es" as well, which is what an English reader types.
"""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from tests import builders
from tests.inventory.builders import en_project_index, project_index, project_maker
from website.models import ContentPage

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]


def found(client, query, language="sv"):
    """The addresses the search lists for ``query``, recommended first."""
    with translation.override(language):
        url = "/en/search/" if language == "en" else "/sok/"
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [
        h3.a["href"]
        for ol in page.find_all("ol", class_="search-results")
        for h3 in ol.find_all("h3")
    ]


def content_page(parent, title, text, **fields):
    return builders.publish(
        parent,
        ContentPage(title=title, body=[("paragraph", f"<p>{text}</p>")], **fields),
    )


@pytest.fixture
def inflected(db):
    home = builders.site_home()
    project_index()
    en_project_index()
    content_page(home, "Skolresor", "Ett utbyte mellan två skolor.", slug="skolresor")
    content_page(
        builders.en_home(),
        "School trips",
        "An exchange between two schools.",
        slug="school-trips",
        locale=builders.en_locale(),
    )
    make = project_maker()
    make("Havsnivåer", summary="Kommunen anpassar sig till ett förändrat klimat.")
    make("Förskola", summary="En skola för de minsta.")


def test_a_plural_finds_the_singular(client, inflected):
    assert found(client, "utbyten") == ["/skolresor/"]


def test_a_definite_form_finds_the_base_form(client, inflected):
    assert found(client, "klimatet") == ["/projekt/havsnivaer/"]
    # "skola" and the page's "skolor" alike.
    assert sorted(found(client, "skolan")) == ["/projekt/forskola/", "/skolresor/"]


def test_english_plurals_find_the_singular(client, inflected):
    assert found(client, "exchanges", "en") == ["/en/school-trips/"]
    assert found(client, "exchanges") == []
