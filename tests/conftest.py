"""Shared fixtures: the demo site built by the real ``load_demo`` command.

Building the demo takes seconds, and a hundred tests read it. So it is built once for a
run of consecutive tests that ask for ``demo_site``, inside an outer transaction; each
test runs in a savepoint within it (pytest-django's own per-test transaction), so every
test still starts from the freshly built demo and nothing one test writes reaches the
next. The outer transaction is rolled back before any test that does not want the demo.
"""

import io

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page

from website.models import HomePage

_shared_demo = {}


def _wants_shared_demo(item):
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = "transactional_db" in names or (
        marker is not None and marker.kwargs.get("transaction", False)
    )
    return "demo_site" in names and not transactional


def _clear_caches():
    # Wagtail keeps the site root paths here; a test that moves a site with
    # ``update()`` would otherwise leave the next test with stale (None) URLs.
    caches["default"].clear()


def _close_shared_demo():
    atomic, blocker = _shared_demo.pop("atomic"), _shared_demo.pop("blocker")
    with blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
        _clear_caches()


def pytest_collection_modifyitems(items):
    # Within each module, the tests that read the demo run first and together, so
    # the demo is built about once per module and worker.
    order = {}
    for index, item in enumerate(items):
        order[item] = (item.module.__name__, not _wants_shared_demo(item), index)
    items.sort(key=order.__getitem__)


@pytest.fixture
def _shared_demo_state(request):
    _clear_caches()  # every test starts from an empty cache
    wanted = _wants_shared_demo(request.node)
    if "atomic" in _shared_demo and not wanted:
        _close_shared_demo()
    if wanted and "atomic" not in _shared_demo:
        request.getfixturevalue("django_db_setup")
        blocker = request.getfixturevalue("django_db_blocker")
        with blocker.unblock():
            _clear_caches()
            atomic = transaction.atomic()
            atomic.__enter__()
            call_command("load_demo", stdout=io.StringIO())
        _shared_demo.update(atomic=atomic, blocker=blocker)


@pytest.fixture(autouse=True)
def _django_db_marker(request, _shared_demo_state):
    """pytest-django's own fixture of this name (4.14), after the demo's state.

    Autouse, so it is set up before any test's database transaction, whether the test
    asks for ``db`` or carries the ``django_db`` marker.
    """
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")


def pytest_sessionfinish(session):
    if "atomic" in _shared_demo:
        _close_shared_demo()


@pytest.fixture
def demo_site(db):
    """The demo site in both languages, as ``make run`` builds it."""
    if "atomic" not in _shared_demo:
        # A transactional test: it cannot run inside the shared transaction.
        call_command("load_demo", stdout=io.StringIO())
    return {
        "sv": HomePage.objects.get(locale__language_code="sv"),
        "en": HomePage.objects.get(locale__language_code="en"),
    }


@pytest.fixture
def en_locale(db):
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def publish_page():
    """Add ``page`` under ``parent`` and publish it, as an editor's "Publish" does."""

    def publish(parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return publish


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


@pytest.fixture
def sv_locale(db):
    return Locale.objects.get(language_code="sv")


@pytest.fixture
def sv_home(sv_locale, publish_page):
    """A Swedish home page on an otherwise empty site (no demo content)."""
    root = Page.get_first_root_node()
    return publish_page(root, HomePage(title="Hem", slug="hem", locale=sv_locale))
