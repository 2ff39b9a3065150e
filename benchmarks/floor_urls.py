"""Benchmark-only URLs for ``speed.py`` (``floor_settings.ROOT_URLCONF``): the
floors, plain Django views served by the same gunicorn, settings and middleware as
the site, before all of the site's own URLs. Never shipped.

/__floor__/page/   one small query, a plain template about the size of a page
/__floor__/list/   the project list's rows of one page (default page 5) through
                   Django's Paginator (a COUNT and one page of rows), plain template;
                   ?status=, ?priority_area= and ?q= filter the same rows as the
                   list's filters do, with plain ORM filters; ?language=en lists
                   the English projects
/__floor__/csv/    csv.writer over values_list of all live Swedish projects,
                   streamed
/__floor__/urls/   the demo's addresses of each page type, as JSON, for speed.py

The static-file floor needs no view: WhiteNoise serves the site's CSS.
"""

import csv
import functools
import itertools
import math

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.paginator import Paginator
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import translation
from wagtail.models import Locale, Site

from inventory.interest.pages import InterestFormPage
from inventory.projects.filters import in_swedish_order
from inventory.projects.models import Project, search_key
from inventory.projects.opendata import COLUMNS
from inventory.projects.pages import ProjectIndexPage
from inventory.projects.sitemaps import ProjectSitemap
from inventory.reports.models import ReportSnapshot
from partnerships.models import (
    PartnerIndexPage,
    PartnerPage,
    PolicyPage,
    PriorityArea,
    StoryIndexPage,
    StoryPage,
)
from website import urls as site_urls
from website.models import HomePage

# About the size of the site's own pages (4–17 kB of HTML): 60 paragraphs, ~14 kB.
PARAGRAPHS = range(60)
PER_PAGE = ProjectIndexPage.per_page
SITEMAP_LIMIT = ProjectSitemap.limit
STATIC_FILE = "website/css/site.css"
SEARCH_QUERY = "klimat"


@functools.cache
def locale_id(language):
    return Locale.objects.get(language_code=language).pk


def live_swedish_projects(language="sv"):
    """The project list's rows in its default order (what /projekt/ shows, or
    /en/projects/ for "en"), by the locale's id as the list filters them, so the
    index on locale and order serves them (a join to the locale by its language
    code made PostgreSQL sort every project: 28 ms against 3.5 ms for page 5)."""
    return in_swedish_order(
        Project.objects.filter(live=True, locale_id=locale_id(language))
    )


def floor_page(request):
    site_name = (
        Site.objects.filter(is_default_site=True)
        .values_list("site_name", flat=True)
        .first()
    )
    context = {"site_name": site_name, "paragraphs": PARAGRAPHS}
    return render(request, "floor_page.html", context)


def floor_list(request):
    language = "en" if request.GET.get("language") == "en" else "sv"
    projects = live_swedish_projects(language).select_related("unit")
    if status := request.GET.get("status"):
        projects = projects.filter(status=status)
    if area := request.GET.get("priority_area"):
        projects = projects.filter(priority_areas=area)
    if query := request.GET.get("q"):
        projects = projects.filter(search_text__contains=search_key(query))
    paginator = Paginator(projects, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page", 5))
    return render(request, "floor_list.html", {"page_obj": page_obj})


class Echo:
    """A file whose write returns what it is given: csv.writer's rows as text."""

    def write(self, value):
        return value


def floor_csv(request):
    writer = csv.writer(Echo())
    rows = live_swedish_projects().values_list(*COLUMNS).iterator(chunk_size=2000)
    return StreamingHttpResponse(
        (writer.writerow(row) for row in itertools.chain([COLUMNS], rows)),
        content_type="text/csv; charset=utf-8",
    )


def first_live(model, language="sv", child_of=None):
    pages = model.objects.live().filter(locale__language_code=language)
    if child_of is not None:
        pages = pages.child_of(child_of)
    return pages.order_by("path").first()


def subpage(page, name, request, **kwargs):
    return page.get_url(request) + page.reverse_subpage(name, kwargs=kwargs or None)


def discovered_urls(request):
    """{page type: address} of the demo site; speed.py measures these."""
    home = first_live(HomePage)
    partners = first_live(PartnerIndexPage)
    stories = first_live(StoryIndexPage)
    projects = first_live(ProjectIndexPage)
    listed = projects.projects()
    demo_project = listed.exclude(slug__startswith="generated-").order_by("pk").first()
    project = demo_project or listed.order_by("pk").first()
    area = PriorityArea.objects.filter(locale_id=projects.locale_id).first()
    report = ReportSnapshot.objects.filter(locale_id=projects.locale_id).first()
    pages = max(1, math.ceil(listed.count() / PER_PAGE))
    list_url = projects.get_url(request)
    filters = f"status=ongoing&q={SEARCH_QUERY}" + (
        f"&priority_area={area.pk}" if area else ""
    )
    with translation.override("sv"):
        search = reverse("search")
    with translation.override("en"):
        search_en = reverse("search")
    urls = {
        "home": home.get_url(request),
        "policy": first_live(PolicyPage).get_url(request),
        "partner index": partners.get_url(request),
        "partner": first_live(PartnerPage, child_of=partners).get_url(request),
        "story index": stories.get_url(request),
        "story": first_live(StoryPage, child_of=stories).get_url(request),
        "project list, page 5": f"{list_url}?page=5",
        "project list, filtered": f"{list_url}?{filters}",
        "project list, last page": f"{list_url}?page={pages}",
        "project": projects.project_url(project, request),
        "coverage": subpage(projects, "coverage", request),
        "data dictionary": subpage(projects, "data_dictionary", request),
        "reports": subpage(projects, "reports", request),
        "report": (
            subpage(projects, "report", request, key=report.period_slug)
            if report
            else None
        ),
        "project feed": subpage(projects, "feed", request),
        "story feed": subpage(stories, "atom", request),
        "sitemap index": "/sitemap.xml",
        "sitemap, pages": "/sitemap-pages.xml",
        # The last page of the projects' section: the most to skip.
        "sitemap, projects": (
            f"/sitemap-projects.xml?p={math.ceil(listed.count() / SITEMAP_LIMIT)}"
        ),
        "search": f"{search}?q={SEARCH_QUERY}",
        "interest form": first_live(InterestFormPage).get_url(request),
        "home (en)": first_live(HomePage, "en").get_url(request),
        "project list (en)": first_live(ProjectIndexPage, "en").get_url(request),
        "story (en)": first_live(StoryPage, "en").get_url(request),
        "search (en)": f"{search_en}?q=climate",
        "interest form (en)": first_live(InterestFormPage, "en").get_url(request),
    }
    exports = {
        fmt: subpage(projects, "export", request, fmt=fmt)
        for fmt in ("csv", "json", "xlsx")
    }
    return JsonResponse(
        {
            "static": staticfiles_storage.url(STATIC_FILE),
            "pages": {name: url for name, url in urls.items() if url},
            # A list's floor is the bare list over the same rows: the filtered
            # list's is the bare list with the same filters (its first page).
            "floors": {
                "project list, filtered": f"/__floor__/list/?page=1&{filters}",
                "project list (en)": "/__floor__/list/?page=1&language=en",
            },
            "exports": exports,
            "live projects": listed.count(),
            "last page": pages,
        }
    )


urlpatterns = [
    path("__floor__/page/", floor_page),
    path("__floor__/list/", floor_list),
    path("__floor__/csv/", floor_csv),
    path("__floor__/urls/", discovered_urls),
    *site_urls.urlpatterns,
]
