"""The apps' pages extend the base template the host names (VANORT_BASE_TEMPLATE), fill
only Wagtail's usual blocks, and bring their own stylesheets.

The demo host's base.html is the default; ``start_site/base.html`` is the base.html of
a site made by ``wagtail start``, which has no blocks but title, title_suffix,
extra_css, body_class, content and extra_js.
"""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PARTNERSHIPS_CSS = "/static/partnerships/css/partnerships.css"
INVENTORY_CSS = "/static/inventory/css/inventory.css"

# (address, stylesheets) of a page of each kind the apps serve in the demo.
APP_PAGES = [
    ("/internationell-policy/", [PARTNERSHIPS_CSS]),
    ("/vanorter/", [PARTNERSHIPS_CSS]),
    ("/vanorter/hiddenhausen/", [PARTNERSHIPS_CSS]),
    ("/berattelser/", [PARTNERSHIPS_CSS]),
    ("/berattelser/policyn-ska-ses-over/", [PARTNERSHIPS_CSS]),
    ("/projekt/", [PARTNERSHIPS_CSS, INVENTORY_CSS]),
    ("/projekt/elevutbyte-hiddenhausen/", [PARTNERSHIPS_CSS, INVENTORY_CSS]),
    ("/projekt/coverage/", [PARTNERSHIPS_CSS, INVENTORY_CSS]),
    ("/projekt/data/", [PARTNERSHIPS_CSS, INVENTORY_CSS]),
    ("/projekt/rapporter/", [PARTNERSHIPS_CSS, INVENTORY_CSS]),
    ("/projekt/rapporter/2026-t1/", [PARTNERSHIPS_CSS, INVENTORY_CSS]),
    ("/anmal-intresse/", [PARTNERSHIPS_CSS, INVENTORY_CSS]),
    ("/anmal-intresse/thanks/", [PARTNERSHIPS_CSS, INVENTORY_CSS]),
]


def stylesheets(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [link["href"] for link in page.head.find_all("link", rel="stylesheet")]


@pytest.fixture
def start_site_base(settings):
    """A host whose base template is a ``wagtail start`` site's."""
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [*engine["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = [engine]
    settings.VANORT_BASE_TEMPLATE = "start_site/base.html"


@pytest.mark.parametrize(("url", "css"), APP_PAGES)
def test_app_pages_extend_the_demo_host_s_base_by_default(client, demo_site, url, css):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    names = [template.name for template in response.templates]
    assert "base.html" in names
    # The host's stylesheet first, then the apps' (which read its custom properties).
    assert stylesheets(response) == [
        "/static/website/css/site.css",
        "/static/website/css/print.css",
        *css,
    ]


@pytest.mark.parametrize(("url", "css"), APP_PAGES)
def test_app_pages_render_inside_a_wagtail_start_site_s_base(
    client, demo_site, start_site_base, url, css
):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.body["data-base"] == "start-site"
    assert stylesheets(response) == ["/static/css/startsite.css", *css]
    assert page.find("h1") is not None
    assert "website/css/site.css" not in response.content.decode()


def test_the_form_s_problem_page_extends_the_host_s_base_too(
    client, demo_site, start_site_base
):
    response = client.put("/anmal-intresse/")
    assert response.status_code == 405
    page = BeautifulSoup(response.content, "html.parser")
    assert page.body["data-base"] == "start-site"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert stylesheets(response)[-1] == INVENTORY_CSS


def test_a_project_page_has_the_project_s_description_only(client, demo_site):
    index = demo_site["sv"].get_children().get(slug="projekt").specific
    index.search_description = "Alla kommunens internationella projekt."
    index.save_revision().publish()
    page = BeautifulSoup(
        client.get("/projekt/elevutbyte-hiddenhausen/").content, "html.parser"
    )
    descriptions = page.head.find_all("meta", attrs={"name": "description"})
    assert len(descriptions) == 1
    assert descriptions[0]["content"].startswith("Exempel: elever och lärare")
