"""Shared fixtures: the demo site built by the real ``load_demo`` command."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page

from website.models import HomePage


@pytest.fixture
def demo_site(db):
    """The demo site in both languages, as ``make run`` builds it."""
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
