"""The page cache for anonymous visitors, and the one rule that keeps it exact.

The rule: every cached page, and every cached piece of a page (menus, filter
choices), is stored under the site's *content scope*, and any change to content a
public page could show gives the whole site a new scope after its transaction
commits. Nothing is ever purged page by page, so no page can be missed: a request
that reads the new scope renders from committed data, and entries stored under an
old scope are never read again (the cache drops them when they expire).

The scope is made of:

- the *generation*, a random token kept in the page cache itself (shared by every
  worker process and, with Redis, every app server), renewed on commit of any
  change to a model that public pages may show; models whose rows no public page
  shows, or that are written while visitors browse (sessions, renditions, interest
  submissions, log entries ...), say so and leave it alone;
- the *release*, a fingerprint of the code, templates, translations and installed
  packages, so a deploy never serves pages rendered by the previous release;
- today's date in the site's time zone, because what is "ongoing" changes at
  midnight without anybody publishing.

Django's own cache middleware is not used as it is: it keys on the ``Vary``
headers' values, so the ``Vary: Cookie`` that every page with a login-aware part
carries would split the cache per visitor, and it has no notion of a scope.
wagtail-cache (which solves the same) does not support Wagtail 8. This module uses
Django's cache framework and its header utilities instead.
"""

import collections
import contextlib
import datetime
import functools
import hashlib
import importlib.metadata
import logging
import pickle
import secrets
import threading
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.cache import (
    cc_delim_re,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date
from wagtail.signals import page_unpublished, post_page_move, unpublished

from partnerships import frontend_cache
from partnerships.conf import setting

logger = logging.getLogger(__name__)

GENERATION_KEY = "vanort:generation"
STATUS_HEADER = "X-Cache"

# Apps none of whose rows a public page shows, or that are written while people
# browse or edit (a draft saved every few seconds must not empty the cache).
APPS_NOT_SHOWN = {
    "admin",
    "auth",
    "axes",
    "contenttypes",
    "django_tasks_database",
    "sessions",
    "wagtail_localize",
    "wagtailadmin",
    "wagtailembeds",
    "wagtailforms",
    "wagtailsearch",
    "wagtailusers",
}
# Wagtail's bookkeeping: revisions (a draft), logs, workflows, permissions, the
# reference index and comments; what is published reaches the page or snippet row.
MODELS_NOT_SHOWN = {
    "wagtailcore.apitoken",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.groupapprovaltask",
    "wagtailcore.groupcollectionpermission",
    "wagtailcore.grouppagepermission",
    "wagtailcore.groupsitepermission",
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailcore.pagesubscription",
    "wagtailcore.referenceindex",
    "wagtailcore.revision",
    "wagtailcore.task",
    "wagtailcore.taskstate",
    "wagtailcore.uploadedfile",
    "wagtailcore.workflow",
    "wagtailcore.workflowcontenttype",
    "wagtailcore.workflowpage",
    "wagtailcore.workflowstate",
    "wagtailcore.workflowtask",
}
# A save of only these fields records a draft, a lock or comments: the published
# page or snippet is unchanged.
DRAFT_FIELDS = {
    "comments",
    "draft_title",
    "has_unpublished_changes",
    "latest_revision",
    "latest_revision_created_at",
    "locked",
    "locked_at",
    "locked_by",
    "wagtail_admin_comments",
}


def page_cache():
    """The cache that holds pages and the generation, or None when it is off."""
    alias = setting("PAGE_CACHE")
    return caches[alias] if alias else None


# --- The scope -----------------------------------------------------------------------


def _new_generation():
    return f"{secrets.token_hex(8)}:{time.time():.3f}"


def generation(cache):
    """The current generation; a missing one (a new or emptied cache) starts anew."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        value = cache.get(GENERATION_KEY) or _new_generation()
    return value


def bump():
    """Give the site a new generation: every page and piece is rendered afresh."""
    cache = page_cache()
    if cache is None:
        return
    try:
        cache.set(GENERATION_KEY, _new_generation(), timeout=None)
    except Exception:
        # The change itself stands. Should the cache come back with what it held,
        # pages from before the change could be served until the next change, the
        # day's end or PAGE_CACHE_TIMEOUT: an error for the operator to see.
        logger.exception("Could not renew the page cache generation.")


def content_changed(using="default"):
    """Renew the generation once the current transaction commits (at once outside
    one). Call it after a write that sends no model signal (``update()``,
    ``bulk_create()``, raw SQL) to content a public page may show. A frontend
    cache, if there is one, is purged by the same rule (partnerships.frontend_cache).
    """
    transaction.on_commit(bump, using=using)
    frontend_cache.purge_on_commit(using)


@functools.cache
def release():
    """A fingerprint of what renders the pages: the installed packages' versions,
    the project's own apps, templates and translations, and the static manifest.
    ``VANORT_PAGE_CACHE_RELEASE`` (e.g. a Git commit) replaces it."""
    configured = setting("PAGE_CACHE_RELEASE")
    if configured:
        return str(configured)
    digest = hashlib.sha256()
    for dist in sorted(
        f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()
    ):
        digest.update(dist.encode())
    roots = {Path(path) for path in settings.LOCALE_PATHS}
    for engine in settings.TEMPLATES:
        roots.update(Path(path) for path in engine.get("DIRS", []))
    roots.update(
        Path(config.path)
        for config in apps.get_app_configs()
        if "-packages" not in config.path
    )
    suffixes = {".py", ".html", ".txt", ".xml", ".mo", ".json"}
    for root in sorted(roots):
        for path in sorted(root.rglob("*")):
            if path.suffix in suffixes and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    static_root = getattr(settings, "STATIC_ROOT", None)
    manifest = Path(static_root) / "staticfiles.json" if static_root else None
    if manifest is not None and manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def scope(request=None):
    """The content scope of a request (read once per request, so every piece of
    one page comes from the same scope), or a fresh one outside requests."""
    if hasattr(request, "_vanort_scope"):
        return request._vanort_scope
    cache = page_cache()
    current = None
    if cache is not None:
        try:
            today = timezone.localdate().isoformat()
            current = f"{release()}:{generation(cache)}:{today}"
        except Exception:
            # A cache that is down: pages are rendered and not kept.
            logger.exception("Could not read the page cache generation.")
    if request is not None:
        request._vanort_scope = current
    return current


def changed_at(scope_value):
    """When the content of a scope last changed: its generation's time, or this
    morning's midnight if later (pages show what is ongoing today)."""
    seconds = float(scope_value.split(":")[2])
    midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time())
    )
    return max(seconds, midnight.timestamp())


class ProcessMemory:
    """What this process keeps under scoped keys, at most ``limit`` characters or
    bytes of it, the least recently used dropped first. Every key holds a scope,
    so an entry is exactly as fresh as the page cache's."""

    def __init__(self, limit):
        self.limit = limit
        self.size = 0
        self._entries = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def keep(self, key, value):
        with self._lock:
            if key not in self._entries:
                self._entries[key] = value
                self.size += len(value)
            while self.size > self.limit and self._entries:
                _key, dropped = self._entries.popitem(last=False)
                self.size -= len(dropped)


# The pieces this process has read (memoize), pickled: a page asks for a dozen,
# and a second read under the same scope needs no trip to the shared cache.
_pieces = ProcessMemory(8 * 1024 * 1024)
# Fragments of HTML (keep_fragment), such as a card's picture.
_fragments = ProcessMemory(4 * 1024 * 1024)


def memoize(request, name, build, *parts, timeout=None):
    """``build()``, kept in the page cache under the request's scope, its language
    and ``parts``: for the pieces every page repeats (menus, settings, filter
    choices) and that therefore must be exactly as fresh as the pages.

    Each process also keeps what it read, pickled, under the same key: a new scope
    is a new key, so that copy is exactly as fresh, and each caller gets an object
    of its own, as from the shared cache."""
    cache = page_cache()
    current = scope(request)
    # A preview renders a draft: what it builds is never kept, nor taken from the
    # cache (it may differ from what is published).
    if cache is None or current is None or getattr(request, "is_preview", False):
        return build()
    raw = ":".join([current, translation.get_language() or "", name, *map(str, parts)])
    key = "vanort:piece:" + hashlib.sha256(raw.encode()).hexdigest()
    data = _pieces.get(key)
    if data is not None:
        return pickle.loads(data)  # noqa: S301 -- written by this process
    try:
        value = cache.get(key)
    except Exception:
        logger.exception("Could not read the page cache.")
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, timeout or setting("PAGE_CACHE_TIMEOUT"))
        except Exception:
            logger.exception("Could not write the page cache.")
            return value
    # Not kept in memory if it cannot be pickled: the shared cache has said why.
    with contextlib.suppress(Exception):
        _pieces.keep(key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    return value


def keep_fragment(request, parts, render):
    """``render()`` (a piece of HTML), kept in this process's memory under the
    request's scope, its language and ``parts``: for small pieces that are costly
    to write and the same for every visitor until the next change, such as a card's
    picture (Wagtail parses its filters and looks up six renditions each time).

    As exact as ``memoize``, and quicker to read: a new scope is a new key, and no
    entry from an older one is ever read again (the least recently used go first,
    past 4 MiB of HTML). A preview or a request without a page cache renders
    afresh."""
    current = scope(request)
    if current is None or getattr(request, "is_preview", False):
        return render()
    key = (current, translation.get_language(), *parts)
    html = _fragments.get(key)
    if html is None:
        html = render()
        _fragments.keep(key, html)
    return html


def private_pages_q(request):
    """Wagtail's ``Page.objects.private_q()``, the pages in a section with a view
    restriction, kept under the request's scope: Wagtail reads the restrictions
    with a query on every call (every ``public()``), and any change to one renews
    the scope."""
    from wagtail.models import Page

    return memoize(request, "private-pages", Page.objects.private_q)


def remember_site(request):
    """Keep the request's Wagtail ``Site`` with the page cache: Wagtail looks it up
    with a query on every request and keeps it on the request as ``_wagtail_site``
    (``Site.find_for_request``), where it is put here. Any change to a site renews
    the scope."""
    from wagtail.models import Site

    request._wagtail_site = memoize(
        request,
        "site",
        lambda: Site.find_for_request(request),
        request.get_host(),
        request.get_port(),
    )


def remember_route(request, path):
    """Keep where Wagtail's routing of ``path`` ends with the page cache, so that a
    page asked for with a query string not seen before (a crawler walking the
    filters) does not walk the page tree again: Wagtail looks up each level's child
    and its specific page on every request, then the view restrictions of the page
    and its ancestors.

    Kept: the page the path leads to (published, as routing found it), how many of
    the path's segments lead to it, and the view restrictions that apply to it.
    On a later request the page routes the rest itself (a routable page's own
    sub-path, no query) and Wagtail reads the result from the request
    (``Page.route_for_request`` keeps it as ``_wagtail_route_for_request``). Any
    change to a page, a site or a view restriction renews the scope, so nothing
    older than the published tree is ever used. A path that leads nowhere is not
    kept.
    """
    from wagtail.models import Page, Site

    components = [component for component in path.split("/") if component]

    def build():
        result = Page.route_for_request(request, path)
        if result is None:
            return None
        page = result[0]
        consumed = page.depth - Site.find_for_request(request).root_page.localized.depth
        # Only what Wagtail's own tree walk gives: one segment per level.
        walked = components[:consumed]
        if consumed < 0 or len(walked) != consumed:
            return None
        if walked and not page.url_path.endswith("/" + "/".join(walked) + "/"):
            return None
        return page, consumed, list(page.get_view_restrictions())

    if hasattr(request, "_wagtail_route_for_request"):
        return  # routed already
    kept = memoize(
        request, "route", build, request.get_host(), request.get_port(), path
    )
    if kept is None:
        return
    page, consumed, restrictions = kept
    if not hasattr(request, "_wagtail_route_for_request"):  # kept from before
        try:
            request._wagtail_route_for_request = page.route(
                request, components[consumed:]
            )
        except Http404:
            request._wagtail_route_for_request = None
    # Wagtail's before_serve_page hook asks the page for its restrictions with a
    # query; this page answers with those kept with it.
    routed = request._wagtail_route_for_request
    if routed is not None and routed[0] is page:
        page.get_view_restrictions = restrictions.copy


# --- What renews the generation ------------------------------------------------------


def is_shown(model):
    """Whether a public page may show rows of ``model``."""
    meta = model._meta
    if meta.app_label in APPS_NOT_SHOWN or meta.label_lower in MODELS_NOT_SHOWN:
        return False
    if not getattr(model, "shown_on_public_pages", True):
        return False
    from wagtail.images.models import AbstractRendition

    return not issubclass(model, AbstractRendition)


def _saved(sender, instance, using, update_fields=None, raw=False, **kwargs):
    if update_fields and set(update_fields) <= DRAFT_FIELDS:
        return
    content_changed(using)


def _deleted(sender, instance, using, **kwargs):
    content_changed(using)


def _related(sender, instance, action, using, **kwargs):
    if action.startswith("post_"):
        content_changed(using)


def _moved_or_unpublished(sender, instance, **kwargs):
    content_changed()


def _migrated(sender, using, **kwargs):
    content_changed(using)


def connect_signals():
    """Renew the generation on every change of a model public pages may show.

    Receivers are connected per model, so that models which are not shown keep
    Django's fast deletes (a receiver for all senders would disable them)."""
    for model in apps.get_models():
        if not is_shown(model):
            continue
        post_save.connect(_saved, sender=model, dispatch_uid=f"vanort-save-{model}")
        post_delete.connect(
            _deleted, sender=model, dispatch_uid=f"vanort-delete-{model}"
        )
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _related, sender=through, dispatch_uid=f"vanort-m2m-{through}"
            )
    # A move rewrites tree paths with update(); an unpublish of a page or snippet
    # is also a save, but say it twice rather than rely on that.
    post_page_move.connect(_moved_or_unpublished, dispatch_uid="vanort-page-move")
    page_unpublished.connect(_moved_or_unpublished, dispatch_uid="vanort-unpublish")
    unpublished.connect(_moved_or_unpublished, dispatch_uid="vanort-unpublished")
    post_migrate.connect(_migrated, dispatch_uid="vanort-migrate")


# --- The middleware ------------------------------------------------------------------


def _cache_control_directives(response):
    return {
        item.split("=")[0].strip().lower()
        for item in cc_delim_re.split(response.get("Cache-Control", ""))
        if item.strip()
    }


def is_cacheable_request(request):
    """A visitor who may get a page another visitor got: GET or HEAD, no session
    (nobody logged in) and no message waiting to be shown, not a preview."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not getattr(request, "is_preview", False)
    )


def is_cacheable_response(request, response):
    """A response fit for every visitor: a 200 that sets no cookie, holds no CSRF
    token, does not opt out, and varies on nothing but the cookie and language."""
    if response.status_code != 200 or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get(
        "CSRF_COOKIE_USED"
    ):
        return False
    if getattr(request, "is_preview", False):
        return False
    if _cache_control_directives(response) & {"private", "no-cache", "no-store"}:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
    if vary - {"", "cookie", "accept-language", "accept-encoding"}:
        return False
    # A streamed body (an export) is kept only when its view says it may be.
    return not response.streaming or getattr(response, "page_cache", False)


class PageCacheMiddleware:
    """Serve anonymous visitors' GET and HEAD requests from the page cache.

    Place it after ``LocaleMiddleware`` (the key includes the language) and before
    ``CsrfViewMiddleware``, ``AuthenticationMiddleware`` and
    ``MessageMiddleware``; ``ConditionalGetMiddleware`` before it answers 304s.

    Cacheable responses tell other caches so: ``Cache-Control: max-age=0,
    s-maxage=N`` (browsers revalidate every time, with the ``ETag`` and
    ``Last-Modified`` set here; a CDN or Varnish may keep the page N seconds), and
    ``Vary: Cookie``. Everything else gets ``private, no-store`` unless the view
    chose its own ``Cache-Control``. ``X-Cache`` says hit, miss or skip.
    """

    CHUNK_BYTES = 512 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cache = page_cache()
        if cache is None:
            return self.get_response(request)
        if not is_cacheable_request(request):
            return self._skip(self.get_response(request))
        current = scope(request)
        if current is None:
            return self._skip(self.get_response(request))
        try:
            key = self._key(request, current)
        except DisallowedHost:
            # Not a host of this site: Django answers 400 further in.
            return self._skip(self.get_response(request))
        try:
            entry = cache.get(key)
            if entry is not None:
                response = self._restore(cache, key, entry)
                if response is not None:
                    response[STATUS_HEADER] = "hit"
                    return response
        except Exception:
            logger.exception("Could not read the page cache.")
            return self._skip(self.get_response(request))
        remember_site(request)
        request._vanort_remember_route = True
        response = self.get_response(request)
        if not is_cacheable_response(request, response):
            return self._skip(response)
        self._mark_cacheable(response, current, key)
        try:
            # A HEAD is answered from what a GET stored, and stores nothing itself.
            if request.method != "GET":
                pass
            elif response.streaming:
                body = response.streaming_content
                response.streaming_content = self._store_stream(
                    cache, key, self._headers(response), body
                )
            else:
                cache.set(key, self._entry(response), setting("PAGE_CACHE_TIMEOUT"))
        except Exception:
            logger.exception("Could not store a page in the page cache.")
        response[STATUS_HEADER] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Wagtail's own URL that serves pages (wagtail.urls).
        match = request.resolver_match
        if match.url_name == "wagtail_serve" and getattr(
            request, "_vanort_remember_route", False
        ):
            path = view_kwargs.get("path", view_args[0] if view_args else "")
            remember_route(request, path)

    @staticmethod
    def _key(request, current):
        raw = "\n".join(
            [
                current,
                translation.get_language() or "",
                request.scheme,
                request.get_host(),
                request.get_full_path(),
            ]
        )
        return "vanort:page:" + hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def _skip(response):
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        response[STATUS_HEADER] = "skip"
        return response

    @staticmethod
    def _mark_cacheable(response, current, key):
        patch_cache_control(
            response, max_age=0, s_maxage=setting("PAGE_CACHE_SHARED_MAX_AGE")
        )
        patch_vary_headers(response, ["Cookie"])
        response["Last-Modified"] = http_date(changed_at(current))
        if response.streaming:
            response["ETag"] = f'W/"{key[-32:]}"'
        else:
            set_response_etag(response)

    @staticmethod
    def _headers(response):
        return [
            (name, value)
            for name, value in response.items()
            if name.lower() not in {"set-cookie", "date", STATUS_HEADER.lower()}
        ]

    def _entry(self, response):
        return {"headers": self._headers(response), "content": response.content}

    def _restore(self, cache, key, entry):
        if "content" in entry:
            return HttpResponse(entry["content"], headers=dict(entry["headers"]))
        chunk_keys = [f"{key}:{number}" for number in range(entry["chunks"])]
        # A chunk the cache dropped would cut the download short: render anew.
        if not all(cache.has_key(chunk_key) for chunk_key in chunk_keys):
            return None

        def chunks():
            for chunk_key in chunk_keys:
                chunk = cache.get(chunk_key)
                if chunk is None:
                    raise RuntimeError("A cached export lost a part while sent.")
                yield chunk

        return StreamingHttpResponse(chunks(), headers=dict(entry["headers"]))

    def _store_stream(self, cache, key, headers, body):
        """Pass a streamed body through, keeping it in parts of CHUNK_BYTES; the
        entry that names the parts is written last, once the body is complete, so
        a download cut short is never served. A cache that fails stops the
        keeping, never the download."""
        timeout = setting("PAGE_CACHE_TIMEOUT")
        buffer, size, count, keeping = [], 0, 0, True

        def keep(part_key, value):
            try:
                cache.set(part_key, value, timeout)
                return True
            except Exception:
                logger.exception("Could not store a streamed page in the cache.")
                return False

        for piece in body:
            yield piece
            if not keeping:
                continue
            buffer.append(piece)
            size += len(piece)
            if size >= self.CHUNK_BYTES:
                keeping = keep(f"{key}:{count}", b"".join(buffer))
                count += 1
                buffer, size = [], 0
        if keeping and buffer:
            keeping = keep(f"{key}:{count}", b"".join(buffer))
            count += 1
        if keeping:
            keep(key, {"headers": headers, "chunks": count})
