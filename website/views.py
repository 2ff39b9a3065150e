"""Views of the host site that are not Wagtail pages."""

import unicodedata
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q, Window
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from modelsearch.backends.database.postgres.postgres import PostgresSearchResults
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import expand_db_html
from wagtail.search.query import And, Or, PlainText
from wagtail.search.utils import normalise_query_string

from inventory.projects.search import matching_projects, public_project_index
from inventory.reports.search import matching_reports
from partnerships.cache import memoize
from partnerships.templatetags.partnerships_tags import in_words
from website import theme
from website.models import OrganisationSettings

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200
# The best matching projects shown beside the pages; the rest are a link away.
SEARCH_PROJECTS_SHOWN = 5


def clean_query(value):
    """The query as a reader meant it: every control character other than
    whitespace, NUL first, is dropped, and runs of whitespace (tabs and line breaks
    too) are one space. SQLite's full-text search fails on a NUL ("unterminated
    string") and PostgreSQL refuses one in any string, so ``?q=%00`` used to be a
    server error."""
    kept = "".join(
        char for char in value if char.isspace() or unicodedata.category(char) != "Cc"
    )
    return " ".join(kept.split())


@dataclass(frozen=True)
class SearchHit:
    """One result as the search page shows it, whatever it is."""

    title: str
    url: str
    summary: str = ""
    details: str = ""


@dataclass
class SearchGroup:
    """The results of one kind, under a heading with their number."""

    key: str
    heading: str
    count: int
    hits: list
    more_url: str = ""
    more_label: str = ""


def _page_hit(page, request):
    # An intro may be rich text (the interest form's): the summary is its text.
    intro = strip_tags(expand_db_html(getattr(page, "intro", "") or ""))
    summary = page.search_description or Truncator(" ".join(intro.split())).words(40)
    return SearchHit(page.title, page.get_url(request), summary)


def _project_hit(project, url):
    details = [capfirst(project.get_status_display())]
    if project.funding_programme:
        details.append(project.funding_programme.name)
    return SearchHit(
        project.title,
        url(project.slug),
        Truncator(project.summary).words(40),
        " · ".join(details),
    )


def _report_hit(report):
    published = in_words(timezone.localtime(report.published_at).date())
    return SearchHit(
        report.title or report.period_key,
        report.url,
        details=gettext("Published %(date)s") % {"date": published},
    )


def _recommended(query, public_pages, request):
    """The editors' recommended results for ``query`` (search promotions), and the
    ids of the pages among them: pages visitors may see in the active language,
    and external links.

    Every promotion of the language is read at once and kept with the page cache
    (any change to a promotion or a page renews it): a few rows, and one query
    less on every search."""

    def build():
        promotions = (
            SearchPromotion.objects.filter(
                Q(page__isnull=True) | Q(page__in=public_pages.values("pk"))
            )
            .select_related("page", "query")
            .order_by("sort_order", "pk")
        )
        table = {}
        for promotion in promotions:
            if promotion.page:
                hit = SearchHit(
                    promotion.page.title,
                    promotion.page.get_url(request),
                    promotion.description or promotion.page.search_description,
                )
            elif promotion.external_link_url:
                hit = SearchHit(
                    promotion.external_link_text or promotion.external_link_url,
                    promotion.external_link_url,
                    promotion.description,
                )
            else:
                continue
            table.setdefault(promotion.query.query_string, []).append(
                (hit, promotion.page_id)
            )
        return table

    promoted = memoize(
        request, "search-promotions", build, request.get_host(), request.get_port()
    ).get(normalise_query_string(query), [])
    return [hit for hit, _page in promoted], [page for _hit, page in promoted if page]


def _search_scope(request):
    """The active language's locale id, the pages visitors may not see (a ``Q``)
    and the project index: the same for every search until the next change, so
    kept with the page cache."""

    def build():
        locale = Locale.get_active()
        private = Page.objects.private_q()
        return locale.pk, private, public_project_index(locale, private)

    return memoize(request, "site-search-scope", build)


# Definite forms that Snowball's Swedish stemmer (PostgreSQL's "swedish") leaves
# whole, so "klimatet" would not find "klimat" nor "skolan" "skola".
SWEDISH_DEFINITE_ENDINGS = ("et", "an")


def search_terms(words, language):
    """``words`` as the search backend's query: every word must match. In
    Swedish a word in such a definite form also matches without its ending."""
    if not (language or "").startswith("sv"):
        return words
    terms, expanded = [], False
    for word in words.split():
        if len(word) >= 6 and word.casefold().endswith(SWEDISH_DEFINITE_ENDINGS):
            terms.append(Or([PlainText(word), PlainText(word[:-2])]))
            expanded = True
        else:
            terms.append(PlainText(word))
    if not expanded:
        return words
    return terms[0] if len(terms) == 1 else And(terms)


def _first_and_count(results, limit):
    """The first ``limit`` of the search backend's ``results``, and how many match
    in all. On PostgreSQL from one query, the ranked rows with a window count of
    every match (ranking them reads every match anyway); elsewhere a slice and a
    count."""
    if isinstance(results, PostgresSearchResults):
        compiler = results.query_compiler
        ranked = compiler.search(
            compiler.get_config(results.backend),
            None,
            None,
            score_field=results._score_field,
            backend=results.backend,
        )
        rows = list(ranked.annotate(_matches=Window(Count("pk")))[:limit])
        return rows, rows[0]._matches if rows else 0
    return list(results[:limit]), results.count()


def _search_url(query, **params):
    return f"{reverse('search')}?{urlencode({'q': query, **params})}"


@require_safe
def search(request):
    """Full-text search over what the public site shows in the active language:
    the editors' recommended results first, then pages, projects and published
    reports, each kind under its heading. ``type=projects`` shows the projects
    alone, a page at a time."""
    query = clean_query(request.GET.get("q", ""))[:SEARCH_QUERY_MAX_LENGTH].strip()
    # SQLite's full-text syntax fails on an unbalanced quote; phrase search is not
    # offered, so quotes are dropped.
    words = query.replace('"', " ").strip()
    terms = search_terms(words, translation.get_language())
    only_projects = request.GET.get("type") == "projects"
    context = {
        "query": query,
        "filter_query": urlencode({"q": query}) if query else "",
        "recommended": [],
        "groups": [],
        "page_obj": None,
        "total": 0,
    }
    if not words:
        return TemplateResponse(request, "website/search.html", context)

    locale_id, private, index_page = _search_scope(request)
    public_pages = Page.objects.live().filter(locale_id=locale_id).exclude(private)
    page_number = request.GET.get("page")
    groups = []

    if only_projects and index_page is not None:
        project_url = index_page.project_urls(request)
        page_obj = Paginator(
            matching_projects(index_page, terms), SEARCH_RESULTS_PER_PAGE
        ).get_page(page_number)
        groups.append(
            SearchGroup(
                "projects",
                gettext("Projects"),
                page_obj.paginator.count,
                [_project_hit(project, project_url) for project in page_obj],
                _search_url(query),
                gettext("All results for “%(query)s”") % {"query": query},
            )
        )
        context["filter_query"] = urlencode({"q": query, "type": "projects"})
    else:
        recommended, promoted_ids = _recommended(query, public_pages, request)
        context["recommended"] = recommended
        pages = public_pages.exclude(pk__in=promoted_ids).specific().search(terms)
        page_obj = Paginator(pages, SEARCH_RESULTS_PER_PAGE).get_page(page_number)
        groups.append(
            SearchGroup(
                "pages",
                gettext("Pages"),
                page_obj.paginator.count,
                [_page_hit(page, request) for page in page_obj],
            )
        )
        if index_page is not None:
            projects, count = _first_and_count(
                matching_projects(index_page, terms), SEARCH_PROJECTS_SHOWN
            )
            project_url = index_page.project_urls(request)
            more = count > SEARCH_PROJECTS_SHOWN
            groups.append(
                SearchGroup(
                    "projects",
                    gettext("Projects"),
                    count,
                    [_project_hit(project, project_url) for project in projects],
                    _search_url(query, type="projects") if more else "",
                    ngettext(
                        "All %(count)s matching project",
                        "All %(count)s matching projects",
                        count,
                    )
                    % {"count": count}
                    if more
                    else "",
                )
            )
            reports = matching_reports(index_page, terms, request)
            groups.append(
                SearchGroup(
                    "reports",
                    gettext("Reports"),
                    len(reports),
                    [_report_hit(report) for report in reports],
                )
            )
    context.update(
        {
            "groups": groups,
            "page_obj": page_obj,
            "total": len(context["recommended"]) + sum(group.count for group in groups),
        }
    )
    return TemplateResponse(request, "website/search.html", context)


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """robots.txt: keep crawlers out of the admin and point them at the sitemap
    index of each language."""
    lines = ["User-agent: *", "Disallow: /admin/", ""]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


# A year: the stylesheet's address changes with its content (``?v=``).
THEME_MAX_AGE = 365 * 24 * 60 * 60


@require_safe
def theme_stylesheet(request):
    """The organisation's colours as CSS custom properties (website.theme).

    Asked for with the version its link carries, the browser keeps it a year; asked
    for without, it asks again each time, answered with 304 by its ETag. Either way
    ``private``: the page cache would cut a shared max-age down to that of a page.
    """

    def build():
        return OrganisationSettings.for_request(request).theme_stylesheet()

    site = Site.find_for_request(request)
    css = memoize(request, "theme-css", build, site.pk if site else None)
    version = theme.version(css)
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["ETag"] = f'"{version}"'
    if request.GET.get("v") == version:
        response["Cache-Control"] = f"private, max-age={THEME_MAX_AGE}, immutable"
    else:
        response["Cache-Control"] = "private, no-cache"
    return response
