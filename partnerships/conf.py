"""The settings partnerships reads, each with its default: a host sets, with the
``VANORT_`` prefix, only what it changes (the README lists them all)."""

from django.conf import settings

DEFAULTS = {
    # The template every page of the apps extends, e.g. a ``wagtail start`` site's.
    "BASE_TEMPLATE": "base.html",
    # The cache alias of the page cache for anonymous visitors (see
    # partnerships.cache); empty: no page cache.
    "PAGE_CACHE": "",
    # How long a cached page or piece is kept at most, seconds. Publishing makes
    # it unreachable at once; this only bounds what an idle cache holds.
    "PAGE_CACHE_TIMEOUT": 24 * 60 * 60,
    # s-maxage: how long a CDN or Varnish in front may serve a cached page
    # without asking again, seconds.
    "PAGE_CACHE_SHARED_MAX_AGE": 60,
    # Names the code release in the page cache's keys; empty: a fingerprint of
    # the installed packages, templates, translations and the project's apps.
    "PAGE_CACHE_RELEASE": "",
    # Purge a frontend cache (WAGTAILFRONTENDCACHE) with one "<root>/*" per site
    # instead of the list of the site's URLs: for CloudFront, whose invalidation
    # of "/*" covers everything (see partnerships.frontend_cache).
    "FRONTEND_CACHE_WILDCARD": False,
    # The municipality whose partners the partner map shows, marked on the map
    # and framed with them: its name and decimal degrees north and east.
    "HOME_PLACE": {"name": "Kungälv", "latitude": 57.871, "longitude": 11.980},
}


def setting(name, defaults=DEFAULTS):
    """``settings.VANORT_<name>``, or the app's default; read when asked, so a
    changed setting (in a test, say) counts at once."""
    return getattr(settings, f"VANORT_{name}", defaults[name])
