"""Template tags for the site's frame: navigation, breadcrumbs, languages, footer.

Every page repeats these, so each is built once per language and content scope and
kept in the page cache (``partnerships.cache.memoize``): as fresh as the pages,
and no query at all on most requests.
"""

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import NoReverseMatch, translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Locale, Page, Site

from partnerships.cache import memoize
from website.models import ContentPage, OrganisationSettings

register = template.Library()


def _localized_root(request):
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized


def _site_pk(request):
    site = Site.find_for_request(request)
    return site.pk if site is not None else None


@register.simple_tag(takes_context=True)
def organisation(context):
    """The organisation settings of the request's site (name, address, ...)."""
    request = context["request"]
    return memoize(
        request,
        "organisation",
        lambda: OrganisationSettings.for_request(request),
        _site_pk(request),
    )


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The live, public children of the home page marked 'show in menus' (the
    content sections; the site's name in the header leads home)."""
    request = context["request"]

    def build():
        root = _localized_root(request)
        if root is None:
            return None
        children = root.get_children().live().public().in_menu()
        return {
            "url": root.get_url(request),
            "path": root.path,
            "items": [
                {
                    "title": child.title,
                    "url": child.get_url(request),
                    "path": child.path,
                }
                for child in children
            ],
        }

    current = context.get("page")
    return {
        "menu": memoize(request, "main-navigation", build, _site_pk(request)),
        "current_path": current.path if isinstance(current, Page) else "",
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The ancestors of the current page, from the home page down."""
    request = context["request"]
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": [], "page": page}

    def build():
        return [
            {
                "title": ancestor.title,
                "url": ancestor.get_url(request),
                "home": ancestor.depth == 2,
            }
            for ancestor in page.get_ancestors().filter(depth__gt=1)
        ]

    ancestors = memoize(request, "breadcrumbs", build, _site_pk(request), page.pk)
    return {"ancestors": ancestors, "page": page}


# What a link to another language lacks when that language has no translation of
# what the reader sees, written in that language (the link's own).
MISSING = {
    "page": _("this page is not available in %(language)s"),
    "project": _("this project is not available in %(language)s"),
    "report": _("this report is not available in %(language)s"),
    "filter": _("some of the filters are not available in %(language)s"),
}
# Query parameters that never reach another address: the page of a list.
NOT_KEPT = {"page"}


def _closest_translation(page, locale):
    """``page`` in ``locale`` if it is live there, else its closest ancestor that
    is, or None; and whether it is ``page`` itself."""
    translated = page.get_translation_or_none(locale)
    if translated is not None and translated.live:
        return translated, True
    ancestors = page.get_ancestors().filter(depth__gt=1)
    closest = (
        Page.objects.live()
        .filter(
            locale=locale,
            translation_key__in=ancestors.values("translation_key"),
        )
        .order_by("-depth")
        .first()
    )
    return (closest.specific if closest is not None else None), False


def _subpage(page, request, other):
    """The sub-path under ``other`` (``page`` in the active language) of what
    ``request`` shows under ``page``, and what is missing there ("" if nothing).

    A routable page may answer this itself (``localized_subpage``: a project or
    report that is not translated); otherwise it is the same route there.
    """
    answer = getattr(page, "localized_subpage", None)
    if answer is not None:
        found = answer(request, other)
        if found is not None:
            return found
    match = getattr(request, "routable_resolver_match", None)
    if not isinstance(page, RoutablePageMixin) or match is None:
        return "", ""
    try:
        return other.reverse_subpage(
            match.url_name, args=match.args, kwargs=match.kwargs
        ), ""
    except NoReverseMatch:
        return "", "page"


def _page_alternates(request, page):
    """For each language: the path and absolute URL of ``page`` (and the route
    ``request`` shows under it) there, the closest page where there is none, and
    what is missing ("" when it is the same)."""
    found = {}
    for code, _name in settings.LANGUAGES:
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None:
            continue
        if page.locale_id == locale.pk:
            url, full_url = page.get_url(request), page.get_full_url(request)
            if url is None:
                continue
            # The reader's own address, less any query string.
            own = urlsplit(url).path
            subpath = request.path[len(own) :] if request.path.startswith(own) else ""
            found[code] = {
                "path": url + subpath,
                "url": (full_url or url) + subpath,
                "missing": "",
            }
            continue
        other, exact = _closest_translation(page, locale)
        if other is None:
            continue
        with translation.override(code):
            if exact:
                subpath, missing = _subpage(page, request, other)
            else:
                subpath, missing = "", "page"
            url, full_url = other.get_url(request), other.get_full_url(request)
        if url is None:
            continue
        found[code] = {
            "path": url + subpath,
            "url": (full_url or url) + subpath,
            "missing": missing,
        }
    return found


def _view_alternates(request, site):
    """For a view outside the page tree (search): its address in each language.
    Anything else (a 404 from the page tree) has none: each language's home page
    stands in for it."""
    root_url = site.root_url if site is not None else ""
    match = getattr(request, "resolver_match", None)
    found = {}
    for code, _name in settings.LANGUAGES:
        if match is not None and match.url_name not in (None, "wagtail_serve"):
            path = translate_url(request.path, code)
            found[code] = {"path": path, "url": root_url + path, "missing": ""}
            continue
        locale = Locale.objects.filter(language_code=code).first()
        home = (
            site.root_page.get_translation_or_none(locale) if site and locale else None
        )
        if home is not None and home.live:
            url = home.get_url(request)
            found[code] = {"path": url, "url": root_url + url, "missing": "page"}
    return found


def _translated_ids(request, model, values, locale_id):
    """The ids of the rows of ``model`` in ``locale_id`` that translate the rows
    ``values`` name (ids as strings); a value with no translation is left out. The
    table of translations is small (taxonomies, partner municipalities) and kept
    with the page cache."""

    def build():
        rows = model.objects.values_list("pk", "translation_key", "locale_id")
        keys = {str(pk): key for pk, key, _locale in rows}
        by_key = {(key, locale): str(pk) for pk, key, locale in rows}
        return keys, by_key

    keys, by_key = memoize(request, "translations", build, model._meta.label_lower)
    translated = (by_key.get((keys.get(value), locale_id)) for value in values)
    return [value for value in translated if value is not None]


def _query_in(request, page, query, locale_id):
    """The filters of ``query`` (a QueryDict) with the ids of translatable rows
    (``translatable_filters`` of the page) given in ``locale_id``, and whether
    any of them has no translation there."""
    if not query:
        return "", False
    query = query.copy()
    lost = False
    if isinstance(page, Page) and page.locale_id != locale_id:
        filters = getattr(page, "translatable_filters", {})
        for name, model in filters.items():
            values = query.getlist(name)
            if values:
                translated = _translated_ids(request, model, values, locale_id)
                lost = lost or len(translated) < len(values)
                query.setlist(name, translated)
    return query.urlencode(), lost


def _kept_query(context):
    """The filters the reader chose (``filter_query`` of a filtered list or the
    search, which leaves out the page number), only those of its form."""
    raw = context.get("filter_query")
    if not raw:
        return None
    query = QueryDict(raw, mutable=True)
    form = context.get("form")
    fields = getattr(form, "fields", None)
    for name in list(query):
        # A filter left at "All" comes empty from the form.
        values = [value for value in query.getlist(name) if value]
        if name in NOT_KEPT or (fields is not None and name not in fields):
            values = []
        if values:
            query.setlist(name, values)
        else:
            del query[name]
    return query


def language_alternates(context):
    """What the reader sees in each language, by language code: ``path`` (with the
    reader's filters), ``url`` (absolute, by the Wagtail site's host, without
    them) and ``missing`` ("" when it is the same thing; else what is missing,
    the link leading to the closest there is). Worked out once a request.

    What depends on the page and route alone is kept with the page cache (by the
    path, not the query string: every filtered list shares it); the filters are
    mapped from cached tables, with no query.
    """
    request = context["request"]
    cached = getattr(request, "_language_alternates", None)
    if cached is not None:
        return cached
    if getattr(request, "is_preview", False):
        return {}  # a draft, which has no address of its own yet
    page = context.get("page")

    def build():
        if isinstance(page, Page):
            return _page_alternates(request, page.specific)
        return _view_alternates(request, Site.find_for_request(request))

    match = getattr(request, "resolver_match", None)
    if isinstance(page, Page):
        where = (page.pk, request.path)
    elif match is not None and match.url_name not in (None, "wagtail_serve"):
        where = ("view", request.path)
    else:
        where = ("missing", "")  # the same for every address that is not found
    alternates = memoize(
        request, "language-alternates", build, _site_pk(request), *where
    )
    query = _kept_query(context)
    locales = None
    result = {}
    for code, alternate in alternates.items():
        alternate = dict(alternate)
        if query and not alternate["missing"]:
            if locales is None:
                locales = memoize(
                    request,
                    "locales",
                    lambda: dict(Locale.objects.values_list("language_code", "pk")),
                )
            encoded, lost = _query_in(request, page, query, locales.get(code))
            if encoded:
                alternate["path"] += "?" + encoded
            # Still the same page: the note is the switcher's alone.
            alternate["filters_lost"] = lost
        result[code] = alternate
    request._language_alternates = result
    return result


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to what the reader sees in each other language: the same page,
    project, report and filters; where there is no such thing, the closest page
    there is, with a note saying so."""
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        alternate = language_alternates(context).get(code)
        if code == current or alternate is None:
            continue
        # Each language is named in itself ("English", "svenska"), and so is the
        # note on what it lacks: the link is for a reader of that language.
        with translation.override(code):
            language = str(name)
            missing = alternate["missing"] or (
                "filter" if alternate.get("filters_lost") else ""
            )
            note = missing and MISSING.get(missing, MISSING["page"]) % {
                "language": language
            }
            links.append(
                {
                    "code": code,
                    "name": language,
                    "url": alternate["path"],
                    "note": str(note) if note else "",
                }
            )
    return {"links": links}


@register.simple_tag(takes_context=True)
def language_head_links(context):
    """``<link rel="canonical">`` and ``<link rel="alternate" hreflang>`` for the
    head: the absolute address of what the reader sees, without filters or page
    number (a filtered list's canonical is the list), and of the same thing in
    each language that has it; ``x-default`` is the default language's."""
    alternates = language_alternates(context)
    current = alternates.get(translation.get_language())
    if current is None or current["missing"]:
        return ""
    links = [("canonical", "", current["url"])]
    same = {code: alt for code, alt in alternates.items() if not alt["missing"]}
    if len(same) > 1:
        links.extend(("alternate", code, alt["url"]) for code, alt in same.items())
        default = same.get(settings.LANGUAGE_CODE)
        if default is not None:
            links.append(("alternate", "x-default", default["url"]))
    return format_html_join(
        "\n  ",
        '<link rel="{}"{} href="{}">',
        (
            (rel, format_html(' hreflang="{}"', code) if code else "", url)
            for rel, code, url in links
        ),
    )


@register.simple_tag(takes_context=True)
def accessibility_statement_url(context):
    """The accessibility statement in the reader's language, for the footer."""
    request = context["request"]

    def build():
        org = OrganisationSettings.for_request(request)
        statement = org.accessibility_statement
        if statement is None:
            return ""
        localized = statement.localized
        if not localized.live:
            localized = statement
        return localized.get_url(request) or ""

    return memoize(request, "accessibility-statement", build, _site_pk(request))


@register.simple_tag(takes_context=True)
def localized_home_url(context):
    request = context["request"]

    def build():
        root = _localized_root(request)
        return root.get_url(request) if root is not None else "/"

    return memoize(request, "home-url", build, _site_pk(request))


# --- Theme: the logo and the footer's utility links ----------------------------------

# The logo's rendition: shown at most 48 pixels high, so twice that for sharp screens.
LOGO_FILTER = "max-480x96"


@register.simple_tag(takes_context=True)
def site_logo(context):
    """The organisation's logo as {url, width, height}, or {} when it has none."""
    request = context["request"]

    def build():
        logo = OrganisationSettings.for_request(request).logo
        if logo is None:
            return {}
        rendition = logo.get_rendition(LOGO_FILTER)
        return {
            "url": rendition.url,
            "width": rendition.width,
            "height": rendition.height,
        }

    return memoize(request, "site-logo", build, _site_pk(request))


@register.simple_tag(takes_context=True)
def utility_links(context):
    """The general pages right under the home page that are not in the main menu
    (about the website, contact): the footer links to them, so that the main menu
    holds the content sections only."""
    request = context["request"]

    def build():
        root = _localized_root(request)
        if root is None:
            return []
        children = root.get_children().live().public().not_in_menu()
        return [
            {"title": child.title, "url": child.get_url(request)}
            for child in children.type(ContentPage)
        ]

    return memoize(request, "utility-links", build, _site_pk(request))
