"""Builders for the project inventory: seeded terms, projects and the index pages.

Every fixture builds on an otherwise empty site (``sv_home``); the demo is only used
where the demo itself is under test.
"""

import datetime
import itertools

import pytest
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site

from inventory.models import (
    FundingProgramme,
    OrganisationalUnit,
    Project,
    ProjectIndexPage,
    ProjectPartner,
)
from partnerships.models import (
    PartnerIndexPage,
    PartnerPage,
    PriorityArea,
    SustainabilityDimension,
)
from website.models import ContentPage, HomePage

D = datetime.date


@pytest.fixture
def site_home(sv_home):
    """The Swedish home page as the root of the default site.

    Saved (not ``update()``d) so that Wagtail drops its cached site root paths,
    which an earlier test in the same process may have filled.
    """
    site = Site.objects.get(is_default_site=True)
    site.root_page = sv_home
    site.save()
    return sv_home


@pytest.fixture
def en_home(site_home, en_locale, publish_page):
    """The English home page, a translation of the Swedish one."""
    return publish_page(
        Page.get_first_root_node(),
        HomePage(
            title="Home",
            slug="home-en",
            locale=en_locale,
            translation_key=site_home.translation_key,
        ),
    )


@pytest.fixture
def project_index(site_home, publish_page):
    """The Swedish project inventory at /projekt/."""
    return publish_page(
        site_home,
        ProjectIndexPage(
            title="Internationella projekt",
            slug="projekt",
            intro="Kommunens internationella projekt.",
        ),
    )


@pytest.fixture
def en_project_index(project_index, en_home, en_locale, publish_page):
    """The English project inventory at /en/projects/."""
    return publish_page(
        en_home,
        ProjectIndexPage(
            title="International projects",
            slug="projects",
            locale=en_locale,
            translation_key=project_index.translation_key,
        ),
    )


@pytest.fixture
def contact_page(site_home, publish_page):
    return publish_page(site_home, ContentPage(title="Kontakt", slug="kontakt"))


@pytest.fixture
def partner_index(site_home, publish_page):
    return publish_page(site_home, PartnerIndexPage(title="Vänorter", slug="vanorter"))


@pytest.fixture
def add_partner(partner_index):
    """A live partner municipality under the Swedish partner index."""

    def add(title, country="DE", parent=None, **fields):
        page = PartnerPage(
            title=title,
            slug=slugify(title),
            official_name=fields.pop("official_name", f"Gemeinde {title}"),
            country=country,
            since=fields.pop("since", 1991),
            **fields,
        )
        (parent or partner_index).add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return add


@pytest.fixture
def make_project(sv_locale):
    """Create a project, valid by ``full_clean``, and publish it.

    Many-to-many fields take lists; ``partner_organisations`` takes tuples of
    (name, country[, city[, role]]). ``live=False`` saves a draft instead.
    """
    numbers = itertools.count(1)

    def make(
        title=None,
        *,
        live=True,
        priority_areas=(),
        dimensions=(),
        partner_municipalities=(),
        partner_organisations=(),
        **fields,
    ):
        number = next(numbers)
        title = title or f"Projekt {number}"
        locale = fields.pop("locale", sv_locale)
        values = {
            "slug": slugify(title),
            "summary": f"Om {title}.",
            "status": Project.Status.ONGOING,
            "start_date": D(2025, 1, 1),
            "end_date": D(2026, 12, 31),
            "unit": OrganisationalUnit.objects.filter(locale=locale).first(),
            "last_reviewed": timezone.localdate(),
        }
        values.update(fields)
        project = Project(title=title, locale=locale, **values)
        project.priority_areas = list(priority_areas)
        project.dimensions = list(dimensions)
        project.partner_municipalities = list(partner_municipalities)
        project.partner_organisations = [
            ProjectPartner(
                **dict(zip(("name", "country", "city", "role"), row, strict=False))
            )
            for row in partner_organisations
        ]
        project.full_clean()
        if live:
            project.save()
            project.save_revision().publish()
        else:
            project.live = False
            project.has_unpublished_changes = True
            project.save()
            project.save_revision()
        project.refresh_from_db()
        return project

    return make


@pytest.fixture
def terms(sv_locale, en_locale):
    """The seeded terms by language, for building and for filtering."""
    return {
        code: {
            "units": list(OrganisationalUnit.objects.filter(locale=locale)),
            "programmes": list(FundingProgramme.objects.filter(locale=locale)),
            "areas": list(PriorityArea.objects.filter(locale=locale)),
            "dimensions": list(SustainabilityDimension.objects.filter(locale=locale)),
        }
        for code, locale in (("sv", sv_locale), ("en", en_locale))
    }


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
def interest_page(site_home, publish_page, interest_settings):
    """The Swedish interest form at /anmal-intresse/, telling two addresses."""
    from inventory.models import InterestFormPage

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


@pytest.fixture
def en_interest_page(interest_page, en_home, en_locale, publish_page):
    """The English interest form at /en/express-interest/."""
    from inventory.models import InterestFormPage

    return publish_page(
        en_home,
        InterestFormPage(
            title="Express interest",
            slug="express-interest",
            locale=en_locale,
            translation_key=interest_page.translation_key,
            thank_you_text="<p>Thank you for your interest.</p>",
            notification_recipients="registry@kommun.example",
        ),
    )


@pytest.fixture
def interest_data():
    """The fields of a valid interest form as a browser posts them, with a token.

    Keyword arguments replace fields; a value of None leaves the field out.
    """
    from inventory.interest.forms import issue_form_token

    def data(**overrides):
        values = {
            "form_token": issue_form_token(),
            "website": "",
            "organisation_type": "association",
            "organisation_name": "Kungälvs Brukshundklubb",
            "organisation_number": "212000-1371",
            "contact_name": "Anna Andersson",
            "email": "anna@example.org",
            "phone": "0303-23 80 00",
            "town": "Kungälv",
            "message": "Vi vill gärna vara med.",
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value is not None}

    return data
