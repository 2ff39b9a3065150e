"""Shared fixtures: the demo site built by the real ``load_demo`` command."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale

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
