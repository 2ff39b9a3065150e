"""``/health/``: whether this app server can serve the site, for load balancers.

Three checks run side by side, each in a thread of its own: the database answers
``SELECT 1``, the default cache gives back a key just written, and the default file
storage says whether a file exists. A check that raises, or has not answered within
``VANORT_HEALTH_TIMEOUT`` seconds (0.8 by default), is an "error"; the answer never
waits longer than that.

- Every check ok: 200, ``"status": "ok"``.
- The database in error: 503, ``"status": "error"``. No page can be served without
  it, so the load balancer should send visitors to another server.
- Only the cache or the storage in error: 200, ``"status": "degraded"``. Pages are
  still served (the page cache and the rate limits do without the cache), and all
  app servers share these, so taking this one out of service would not help.

The body names the checks and their results, nothing else: no versions, no error
texts (the log has those). The threads are daemons, so one waiting on a hung
dependency never holds up a worker's exit (a ThreadPoolExecutor's threads are
joined at exit); and while it waits, later requests count that check as an error
without starting another thread for it.
"""

import functools
import logging
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"
ERROR = "error"
DEGRADED = "degraded"
CACHE_KEY = "vanort:health"
MISSING_FILE = "health-check-nothing-here"

# Each check's thread that outlived its request, kept while it may still be waiting.
_late = {}


def check_database():
    # A connection of this thread's own: Django's connections are per thread.
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        # The thread ends with the check; its connection must not outlive it.
        connection.close()


def check_cache(cache):
    # Every server writes the same value, so concurrent checks cannot disagree.
    cache.set(CACHE_KEY, OK, timeout=10)
    if cache.get(CACHE_KEY) != OK:
        raise RuntimeError("The cache did not keep the key it was given.")


def check_storage():
    # Any answer will do: it is the asking that fails when the storage is down.
    default_storage.exists(MISSING_FILE)


def _run(name, check, results):
    try:
        check()
    except Exception as exc:
        logger.warning("Health check %s failed: %s: %s", name, type(exc).__name__, exc)
    else:
        results[name] = OK


def run_checks(checks, timeout):
    """Each check's result: "error" for one that raised or was not done in time."""
    results, started = {}, {}
    for name, check in checks.items():
        earlier = _late.get(name)
        if earlier is not None and earlier.is_alive():
            logger.warning("Health check %s is still waiting from before.", name)
            continue
        thread = threading.Thread(
            target=_run,
            args=(name, check, results),
            name=f"vanort-health-{name}",
            daemon=True,
        )
        thread.start()
        started[name] = thread
    deadline = time.monotonic() + timeout
    for thread in started.values():
        thread.join(max(deadline - time.monotonic(), 0))
    late = {name for name, thread in started.items() if thread.is_alive()}
    for name in late:
        _late[name] = started[name]
        logger.warning("Health check %s did not answer within %s s.", name, timeout)
    return {
        name: ERROR if name in late else results.get(name, ERROR) for name in checks
    }


@never_cache
@require_safe
def health(request):
    """The checks' results as JSON, with 503 when the database is in error."""
    checks = run_checks(
        {
            "database": check_database,
            # The request thread's cache object, so that its connections are reused
            # (Redis' pool is thread-safe) instead of a pool made for each check.
            "cache": functools.partial(check_cache, caches["default"]),
            "storage": check_storage,
        },
        getattr(settings, "VANORT_HEALTH_TIMEOUT", 0.8),
    )
    if checks["database"] != OK:
        status, code = ERROR, 503
    elif ERROR in checks.values():
        status, code = DEGRADED, 200
    else:
        status, code = OK, 200
    return JsonResponse({"status": status, "checks": checks}, status=code)
