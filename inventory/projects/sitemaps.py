"""The sitemaps, one index per language: /sitemap.xml (Swedish) and /en/sitemap.xml.

Each index names its language's sections, in the same language: /sitemap-pages.xml
(the pages and the published reports) and /sitemap-projects.xml (the projects,
a page of them at a time: ``?p=2`` and on after the first), or /en/sitemap-pages.xml
and so on. A site serves ``index`` and ``section`` (named ``sitemap_section``); see
the README.
"""

import datetime

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.contrib.sitemaps import views as sitemap_views
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page

from inventory.projects.pages import ProjectIndexPage
from partnerships.cache import memoize
from partnerships.pagination import NearerEndPaginator


def sitemap_date(value):
    """A sitemap's ``lastmod`` for ``value`` (a date or an aware datetime): its day
    in the site's time zone as YYYY-MM-DD, or None.

    Formatted here rather than by the template's ``date`` filter, which costs
    about 20 µs an address, most of what a page of addresses costs to render.
    """
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return value.isoformat() if value else None


class ProjectSitemap(DjangoSitemap):
    """The live projects under ``index_page``, ``limit`` to a sitemap page.

    A page of it costs the same queries however many projects there are, the
    paginator's COUNT and one slice of slugs and dates. They are in the order of
    their slugs, which stays put between a crawler's requests and which the unique
    index on locale and slug serves. The index page's address is worked out once
    for all of its projects.

    The limit keeps a page of this sitemap about as quick as the site's other
    pages: within 4× a bare one-query page when it is not in the page cache, and
    47 kB when it is. Measured with 10,000 projects (gunicorn, one sync worker,
    SQLite, two runs), 500 addresses take 2.9–3.2× the bare page's time (18–31 ms
    against 6–10 ms), and 1,000 take 3.7–4.4×, at the goal or over it. That is
    with a template that writes ``loc`` and ``lastmod`` alone, the date formatted
    beforehand (``sitemap_date``); with Django's, at about 0.06 ms an address, 500
    would take about twice as long.

    There is no ``lastmod`` method, so the sitemap index gives no date for this
    section: one date for all of its pages would tell a crawler nothing about
    which page changed, and finding the latest reads every live project.
    """

    limit = 500

    def __init__(self, request, index_page):
        self.request = request
        self.index_page = index_page

    def items(self):
        return (
            self.index_page.projects()
            .order_by("slug")
            .values_list("slug", "last_published_at")
        )

    @property
    def paginator(self):
        # The last sitemap page is read from the end, as the project list's is.
        return NearerEndPaginator(self._items(), self.limit)

    def get_urls(self, page=1, site=None, protocol=None):
        """The addresses on sitemap page ``page``, absolute as Wagtail makes them
        (by the Wagtail site's host, as for the pages); Django's would put the
        request's host before a path."""
        rows = list(self.paginator.page(page).object_list)
        url = self.index_page.project_urls(self.request, full=True)
        published = [last_published_at for _slug, last_published_at in rows]
        if published and None not in published:
            # Read by Django's view for the Last-Modified header.
            self.latest_lastmod = max(published)
        return [
            {"location": url(slug), "lastmod": sitemap_date(last_published_at)}
            for slug, last_published_at in rows
        ]


# Django's sitemap template writes changefreq, priority and hreflang links, none
# of which the sections give, and formats each lastmod with the date filter: this
# one writes loc and lastmod, formatted beforehand (sitemap_date), at about a
# tenth of the cost an address (see ProjectSitemap's limit).
SECTION_TEMPLATE = "inventory/projects/sitemap_section.xml"


class _PageList(list):
    """The pages as Wagtail's sitemap reads them: a page of the paginator (a slice)
    is asked for ``iterator()``, as of a queryset."""

    def __getitem__(self, index):
        items = super().__getitem__(index)
        return _PageList(items) if isinstance(index, slice) else items

    def iterator(self):
        return iter(self)


class LocalizedSitemap(Sitemap):
    """Wagtail's page sitemap, limited to the pages of the active language.

    A page is loaded as its own type only if that type adds addresses of its own
    (the project index lists its published reports): the rest need no more than the
    page row, so the sitemap costs the same queries however many page types there
    are.
    """

    @cached_property
    def pages(self):
        """The live, public pages of the active language on the request's site,
        each as its own type where that type adds addresses of its own; kept under
        the page cache's scope (every section and page of the sitemap reads them)."""
        site = self.get_wagtail_site()

        def build():
            root = site.root_page.localized
            pages = list(
                root.get_descendants(inclusive=True)
                .live()
                .public()
                .filter(locale=Locale.get_active())
                .order_by("path")
                .defer_streamfields()
            )
            own_urls = [
                page.pk
                for page in pages
                if page.specific_class is not None
                and page.specific_class.get_sitemap_urls is not Page.get_sitemap_urls
            ]
            specific = Page.objects.filter(pk__in=own_urls).specific().in_bulk()
            return _PageList(specific.get(page.pk, page) for page in pages)

        return memoize(self.request, "sitemap-pages", build, site.pk)

    def items(self):
        return self.pages

    def project_index(self):
        """The first project index page among the pages, or None: the one whose
        projects the projects' section lists."""
        return next(
            (page for page in self.pages if isinstance(page, ProjectIndexPage)), None
        )

    def get_latest_lastmod(self):
        # The index gives no date for this section: Django's would read every page
        # a second time and still miss the reports' dates.
        return None

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            url["lastmod"] = sitemap_date(url.get("lastmod"))
        return urls


def sections(request):
    """The sitemap sections of the active language, by name; the projects' only
    where that language has a project index page among its pages."""
    pages = LocalizedSitemap(request)
    found = {"pages": pages}
    index_page = pages.project_index()
    if index_page is not None:
        found["projects"] = ProjectSitemap(request, index_page)
    return found


def index(request):
    """The sitemap index of the active language: each section's address, and one
    for each further page of a section (``?p=2``…)."""
    return sitemap_views.index(
        request, sections(request), sitemap_url_name="sitemap_section"
    )


def section(request, section):
    """A page (``?p=``) of one sitemap section of the active language."""
    return sitemap_views.sitemap(
        request, sections(request), section=section, template_name=SECTION_TEMPLATE
    )
