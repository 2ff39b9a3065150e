"""Template tags for the site's frame: navigation, breadcrumbs, languages, footer."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

from website.models import OrganisationSettings

register = template.Library()


def _localized_root(request):
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The home page and its live, public children marked 'show in menus'."""
    request = context["request"]
    root = _localized_root(request)
    current = context.get("page")
    items = []
    if root is not None:
        items = list(root.get_children().live().public().in_menu().specific())
    return {
        "root": root,
        "items": items,
        "current_path": current.path if isinstance(current, Page) else "",
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The ancestors of the current page, from the home page down."""
    page = context.get("page")
    ancestors = []
    if isinstance(page, Page) and page.depth > 2:
        ancestors = list(page.get_ancestors().filter(depth__gt=1).specific())
    return {"ancestors": ancestors, "page": page}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in each other language, or to that language's home page."""
    request = context["request"]
    page = context.get("page")
    current_code = translation.get_language()
    links = []
    root = Site.find_for_request(request)
    for code, name in settings.LANGUAGES:
        if code == current_code:
            continue
        url = None
        exact = False
        locale = Locale.objects.filter(language_code=code).first()
        if isinstance(page, Page) and locale is not None:
            translated = page.get_translation_or_none(locale)
            if translated is not None and translated.live:
                url, exact = translated.get_url(request), True
        match = getattr(request, "resolver_match", None)
        # Views outside the page tree (search) have a URL in every language; a 404
        # from the page tree does not, so it falls back to the home page below.
        if (
            url is None
            and not isinstance(page, Page)
            and match is not None
            and match.url_name not in (None, "wagtail_serve")
        ):
            url, exact = translate_url(request.path, code), True
        if url is None and root is not None and locale is not None:
            home = root.root_page.get_translation_or_none(locale)
            if home is not None and home.live:
                url = home.get_url(request)
        if url:
            with translation.override(code):
                links.append(
                    {"code": code, "name": str(name), "url": url, "exact": exact}
                )
    return {"links": links}


@register.simple_tag(takes_context=True)
def accessibility_statement_url(context):
    """The accessibility statement in the reader's language, for the footer."""
    org = OrganisationSettings.for_request(context["request"])
    statement = org.accessibility_statement
    if statement is None:
        return ""
    localized = statement.localized
    if not localized.live:
        localized = statement
    return localized.get_url(context.get("request")) or ""


@register.simple_tag(takes_context=True)
def localized_home_url(context):
    root = _localized_root(context["request"])
    return root.get_url(context["request"]) if root is not None else "/"
