"""Views of the host site that are not Wagtail pages."""

import unicodedata
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Locale, Page

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


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


@require_safe
def search(request):
    """Full-text search over the live, public pages of the active language."""
    query = clean_query(request.GET.get("q", ""))[:SEARCH_QUERY_MAX_LENGTH].strip()
    # SQLite's full-text syntax fails on an unbalanced quote; phrase search is not
    # offered, so quotes are dropped.
    words = query.replace('"', " ").strip()
    results = Page.objects.none()
    if words:
        results = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .specific()
            .search(words)
        )
    page_obj = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "website/search.html",
        {
            "query": query,
            "page_obj": page_obj,
            "results": page_obj.object_list,
            "filter_query": urlencode({"q": query}) if query else "",
        },
    )


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
