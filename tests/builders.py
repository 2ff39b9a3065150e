"""Builders of test data for the site and its partnerships: plain functions.

The fixtures in ``conftest.py`` hand them to tests, and data built once for many tests
(``built_once`` in ``conftest.py``) is built with them, outside any fixture.

The sections (home pages and index pages) are found where they already are, or made:
so a test can add its own pages beside data built once, and a builder can ask for the
section it needs without knowing who made it.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from partnerships.models import PartnerIndexPage, PartnerPage, StoryIndexPage, StoryPage
from website.models import HomePage

# --- Pages -------------------------------------------------------------------------


def publish(parent, page):
    """Add ``page`` under ``parent`` and publish it, as an editor's "Publish" does."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_page(parent, page):
    """Add ``page`` under ``parent``: live and published now, without a revision (which
    costs more and no test of the content needs), or with ``live=False`` a draft."""
    if page.live:
        now = timezone.now()
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.last_published_at or now
    parent.add_child(instance=page)
    return page


def section(parent, page):
    """The page at ``page``'s slug under ``parent``, published there if not yet."""
    there = parent.get_children().filter(slug=page.slug).first()
    return there.specific if there else publish(parent, page)


# --- The site and its sections -----------------------------------------------------


def sv_locale():
    return Locale.objects.get(language_code="sv")


def en_locale():
    return Locale.objects.get_or_create(language_code="en")[0]


def sv_home():
    """A Swedish home page (no demo content)."""
    root = Page.get_first_root_node()
    return section(root, HomePage(title="Hem", slug="hem", locale=sv_locale()))


def site_home():
    """The Swedish home page as the root of the default site.

    Saved (not ``update()``d) so that Wagtail drops its cached site root paths.
    """
    home = sv_home()
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


def en_home():
    """The English home page, a translation of the Swedish one."""
    return section(
        Page.get_first_root_node(),
        HomePage(
            title="Home",
            slug="home-en",
            locale=en_locale(),
            translation_key=site_home().translation_key,
        ),
    )


def partner_index():
    """The Swedish partner index at /vanorter/."""
    return section(site_home(), PartnerIndexPage(title="Vänorter", slug="vanorter"))


def en_partner_index():
    """The English partner index at /en/twin-towns/."""
    return section(
        en_home(),
        PartnerIndexPage(
            title="Twin towns",
            slug="twin-towns",
            locale=en_locale(),
            translation_key=partner_index().translation_key,
        ),
    )


def story_index():
    """The Swedish story index at /berattelser/."""
    return section(
        site_home(),
        StoryIndexPage(
            title="Berättelser och nyheter", slug="berattelser", intro="Nyheter."
        ),
    )


# --- Partners and stories ----------------------------------------------------------


def partner(title, *, index=None, visits=(), tags=(), **fields):
    """A partner municipality, by default live under the Swedish partner index.

    A German municipality with coordinates, partner since 1991, unless keywords say
    otherwise. ``visits`` takes ``PartnerVisit`` objects, ``tags`` cooperation areas;
    ``live=False`` saves a draft.
    """
    values = {
        "slug": slugify(title),
        "official_name": f"Gemeinde {title}",
        "country": "DE",
        "latitude": Decimal("52.16"),
        "longitude": Decimal("8.62"),
        "since": 1991,
    }
    values.update(fields)
    page = PartnerPage(title=title, **values)
    page.visits = list(visits)
    page.cooperation_areas.add(*tags)
    return add_page(index or partner_index(), page)


def story(title, date, partners=(), tags=(), *, index=None, **fields):
    """A story naming ``partners`` and tagged ``tags``, by default live under the
    Swedish story index; ``live=False`` saves a draft."""
    values = {"slug": slugify(title), "intro": f"Om {title}."}
    values.update(fields)
    page = StoryPage(title=title, date=date, **values)
    page.related_partners = list(partners)
    page.tags.add(*tags)
    return add_page(index or story_index(), page)
