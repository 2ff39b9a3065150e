"""Template tags for the site's frame: navigation, breadcrumbs, languages, footer.

Every page repeats these, so each is built once per language and content scope and
kept in the page cache (``partnerships.cache.memoize``): as fresh as the pages,
and no query at all on most requests.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

from partnerships.cache import memoize
from website.models import OrganisationSettings

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
    """The home page and its live, public children marked 'show in menus'."""
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


def _url_in_language(request, page, site, code):
    """This page's URL in another language, or that language's home page."""
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        return None
    if isinstance(page, Page):
        translated = page.get_translation_or_none(locale)
        if translated is not None and translated.live:
            return translated.get_url(request)
    else:
        # Views outside the page tree (search) have a URL in every language; a 404
        # from the page tree does not, so it falls back to the home page.
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name not in (None, "wagtail_serve"):
            return translate_url(request.path, code)
    if site is not None:
        home = site.root_page.get_translation_or_none(locale)
        if home is not None and home.live:
            return home.get_url(request)
    return None


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in each other language, or to that language's home page."""
    request = context["request"]
    page = context.get("page")

    def build():
        site = Site.find_for_request(request)
        links = []
        for code, name in settings.LANGUAGES:
            if code == translation.get_language():
                continue
            url = _url_in_language(request, page, site, code)
            if url:
                # Each language is named in itself: "English", "svenska".
                with translation.override(code):
                    links.append({"code": code, "name": str(name), "url": url})
        return links

    where = page.pk if isinstance(page, Page) else request.path
    links = memoize(request, "language-switcher", build, _site_pk(request), where)
    return {"links": links}


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
