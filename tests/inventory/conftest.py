"""Fixtures for the project inventory: seeded terms, projects and the index pages.

Every fixture builds on an otherwise empty site (``sv_home``), with the builders in
``tests.inventory.builders``; the demo is only used where the demo itself is under test.
"""

import pytest
from django.contrib.auth.models import Group, User

from inventory.models import InterestFormPage
from tests.inventory import builders


@pytest.fixture
def project_index(db):
    """The Swedish project inventory at /projekt/."""
    return builders.project_index()


@pytest.fixture
def en_project_index(db):
    """The English project inventory at /en/projects/."""
    return builders.en_project_index()


@pytest.fixture
def contact_page(db):
    return builders.contact_page()


@pytest.fixture
def make_project(db):
    """Create a project, valid by ``full_clean``, and publish it.

    Many-to-many fields take lists; ``partner_organisations`` takes tuples of
    (name, country[, city[, role]]). ``live=False`` saves a draft instead.
    """
    return builders.project_maker()


@pytest.fixture
def terms(db):
    """The seeded terms by language, for building and for filtering."""
    return builders.terms()


# --- Interest forms ----------------------------------------------------------------


@pytest.fixture
def interest_settings(settings):
    """The interest form without its timing and volume guards, mail to the outbox.

    Tests of the guards themselves set them again.
    """
    settings.VANORT_INTEREST_MIN_FILL_SECONDS = 0
    settings.VANORT_INTEREST_RATE_LIMIT = 1000
    settings.VANORT_RATE_LIMIT_CACHE = ""
    settings.VANORT_TRUSTED_PROXY_HEADER = ""
    settings.VANORT_TRUSTED_PROXY_COUNT = 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.fixture
def triage_user(db):
    """A member of the group that reads and handles interest submissions."""
    user = User.objects.create_user("handlaggare", "h@kommun.example", "losen-123")
    user.groups.add(Group.objects.get(name="Interest triage"))
    return user


@pytest.fixture
def interest_page(site_home, publish_page, interest_settings):
    """The Swedish interest form at /anmal-intresse/, telling two addresses."""
    return publish_page(
        site_home,
        InterestFormPage(
            title="Anmäl intresse",
            slug="anmal-intresse",
            intro="<p>Berätta vad er förening vill göra.</p>",
            thank_you_text="<p>Tack för er anmälan, vi hör av oss.</p>",
            notification_recipients=(
                "registrator@kommun.example,\ninternationellt@kommun.example"
            ),
        ),
    )
