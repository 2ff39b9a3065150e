"""Purging a frontend cache (Varnish, a CDN) by the page cache's rule.

The page cache (``partnerships.cache``) renews the whole site on every change a
public page could show. A frontend cache in front of the app servers is emptied by
the same rule and at the same moments: after the commit of any such change, one
purge of the whole site is queued as a task (``partnerships.tasks``), which sends
Wagtail's ``wagtail.contrib.frontend_cache`` backends the site's URLs:

- each site's root in every language, which Varnish with ``deploy/varnish/
  default.vcl`` takes as "everything under this path, with any query string", so
  one purge empties the whole site, including each project's page, filtered
  lists and exports;
- every live page and its routable paths (``get_cached_paths``: the project list,
  feeds, coverage, open data, reports and exports), and the sitemaps, for CDNs
  that purge exact URLs only (Cloudflare); with ``VANORT_FRONTEND_CACHE_WILDCARD``
  the list is one ``<root>/*`` per site instead, which CloudFront invalidates as a
  whole.

Nothing is queued when ``WAGTAILFRONTENDCACHE`` is not set. The purge runs in the
task worker, not in the editor's request: a slow CDN API never holds a publish.
"""

import logging
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.module_loading import import_string
from wagtail.contrib.frontend_cache.utils import get_backends

from partnerships.conf import setting

logger = logging.getLogger(__name__)

TASK = "partnerships.tasks.purge_frontend_cache"
# URL names of the host's site-wide views that show content: the sitemaps.
SITE_URL_NAMES = ("sitemap",)


def is_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def site_urls():
    """The URLs one purge of the whole site sends, per the module docstring."""
    Page = apps.get_model("wagtailcore", "Page")
    sites = list(apps.get_model("wagtailcore", "Site").objects.all())
    if setting("FRONTEND_CACHE_WILDCARD"):
        return sorted({f"{site.root_url}/*" for site in sites})
    urls = {f"{site.root_url}/" for site in sites}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name in SITE_URL_NAMES:
                try:
                    path = reverse(name)
                except NoReverseMatch:
                    continue
                urls.update(site.root_url + path for site in sites)
    # Each language's home page is one of the pages: its URL is that language's
    # root ("/", "/en/").
    pages = Page.objects.live().public().specific().defer_streamfields()
    cache_object = SimpleNamespace()  # Wagtail keeps the sites' root paths on it
    for page in pages.iterator(chunk_size=200):
        url_parts = page.get_url_parts(cache_object)
        if url_parts is None:
            continue
        _site_id, root_url, page_path = url_parts
        for path in page.get_cached_paths():
            urls.add(root_url + page_path.rstrip("/") + "/" + path.lstrip("/"))
    return sorted(urls)


def purge_site():
    """Send every configured frontend cache backend the site's URLs; how many
    URLs that was (run by the task ``partnerships.tasks.purge_frontend_cache``)."""
    backends = get_backends()
    if not backends:
        return 0
    urls = site_urls()
    for name, backend in backends.items():
        mine = [
            url for url in urls if backend.invalidates_hostname(urlsplit(url).netloc)
        ]
        if mine:
            logger.info("Purging %d URLs from frontend cache %s.", len(mine), name)
            backend.purge_batch(mine)
    return len(urls)


def _enqueue_purge():
    try:
        # By name: a task is bound to its backend when its module is imported,
        # which the database backend allows only once the apps are loaded.
        import_string(TASK).enqueue()
    except Exception:
        # The change stands and the page cache is fresh; the frontend cache keeps
        # old pages for at most PAGE_CACHE_SHARED_MAX_AGE seconds.
        logger.exception("Could not queue a purge of the frontend cache.")


def purge_on_commit(using="default"):
    """Queue one purge of the whole site once the current transaction commits (at
    once outside one), however many changes the transaction makes."""
    if not is_configured():
        return
    pending = connections[using].run_on_commit
    if any(callback is _enqueue_purge for _sids, callback, _robust in pending):
        return
    transaction.on_commit(_enqueue_purge, using=using)
