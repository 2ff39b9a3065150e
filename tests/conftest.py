"""Shared fixtures: the demo site, an empty site with its sections, and media.

The demo site is built once for consecutive tests that read it (``built_once``, see
``tests/shared.py``). The section fixtures (``sv_home``, ``partner_index``, ...) return
the page that is already there, so that a test can add its own pages beside data
built once.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from tests import builders, renditions, shared
from tests.shared import built_once
from website.models import HomePage


def pytest_collection_modifyitems(items):
    # The tests that share built data run first and together, whatever their
    # module, so each scenario (the demo site above all) is built about once per
    # run of consecutive tests a worker gets; the others follow in their order.
    groups, order = {}, {}
    for index, item in enumerate(items):
        key = shared.builders_for(item)
        group = groups.setdefault(key, index) if key else index
        order[item] = (not key, group, index)
    items.sort(key=order.__getitem__)


@pytest.fixture
def _shared_state(request):
    shared.clear_caches()  # every test starts from an empty cache
    wanted = shared.builders_for(request.node)
    if shared.state.get("key") != wanted:
        shared.close()
    if wanted and "atomic" not in shared.state:
        request.getfixturevalue("django_db_setup")
        shared.open_for(wanted, request.getfixturevalue("django_db_blocker"))


@pytest.fixture(autouse=True)
def _django_db_marker(request, _shared_state):
    """pytest-django's own fixture of this name (4.14), after the shared state.

    Autouse, so it is set up before any test's database transaction, whether the test
    asks for ``db`` or carries the ``django_db`` marker.
    """
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")


@pytest.fixture(autouse=True, scope="session")
def _renditions_encoded_once():
    """Every rendition is still created; identical pixels are encoded once per
    process (``tests/renditions.py``)."""
    renditions.encode_once()
    yield
    renditions.encode_always()


def pytest_sessionfinish(session):
    shared.close()


@built_once
def demo_site():
    """The demo site in both languages, as ``make run`` builds it."""
    call_command("load_demo", stdout=io.StringIO())
    return {
        "sv": HomePage.objects.get(locale__language_code="sv"),
        "en": HomePage.objects.get(locale__language_code="en"),
    }


# --- An empty site with its sections (no demo content) -----------------------------


@pytest.fixture
def publish_page():
    """Add ``page`` under ``parent`` and publish it, as an editor's "Publish" does."""
    return builders.publish


@pytest.fixture
def sv_locale(db):
    return builders.sv_locale()


@pytest.fixture
def en_locale(db):
    return builders.en_locale()


@pytest.fixture
def sv_home(db):
    """A Swedish home page on an otherwise empty site (no demo content)."""
    return builders.sv_home()


@pytest.fixture
def site_home(db):
    """The Swedish home page as the root of the default site."""
    return builders.site_home()


@pytest.fixture
def en_home(db):
    """The English home page, a translation of the Swedish one."""
    return builders.en_home()


@pytest.fixture
def partner_index(db):
    """The Swedish partner index at /vanorter/."""
    return builders.partner_index()


@pytest.fixture
def en_partner_index(db):
    """The English partner index at /en/twin-towns/."""
    return builders.en_partner_index()


@pytest.fixture
def story_index(db):
    """The Swedish story index at /berattelser/."""
    return builders.story_index()


@pytest.fixture
def add_partner(db):
    """Add a partner municipality: ``add_partner(title, *, index=None, visits=(),
    tags=(), **fields)``, by default live under the Swedish partner index."""
    return builders.partner


@pytest.fixture
def add_story(db):
    """Add a story: ``add_story(title, date, partners=(), tags=(), *, index=None,
    **fields)``, by default live under the Swedish story index."""
    return builders.story


# --- Media -------------------------------------------------------------------------


@pytest.fixture
def test_image(db):
    """A real PNG in the image library."""
    return Image.objects.create(
        title="Vänortsbesök", file=get_test_image_file("vanortsbesok.png")
    )


@pytest.fixture
def test_document(db):
    """A real (small) PDF in the document library."""
    return Document.objects.create(
        title="Internationell policy",
        file=ContentFile(b"%PDF-1.4\n" + b"0" * 2048, name="internationell-policy.pdf"),
    )


# --- Tests that need PostgreSQL ----------------------------------------------------


class _PostgreSQLOnly:
    """Deselects (does not skip) the tests marked ``postgresql`` when the default
    database is another one: what they test (Swedish stemming) exists only there.
    A plugin of its own, as this module already has a collection hook."""

    def pytest_collection_modifyitems(self, config, items):
        from django.db import connection

        if connection.vendor == "postgresql":
            return
        kept, deselected = [], []
        for item in items:
            (deselected if item.get_closest_marker("postgresql") else kept).append(item)
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = kept


def pytest_configure(config):
    config.pluginmanager.register(_PostgreSQLOnly(), "vanort-postgresql-only")
