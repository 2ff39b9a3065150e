"""A fixed-window rate limit shared by every worker process and app server.

With Redis configured the counters live there (INCR is atomic); otherwise in the
database, which all processes share too. A per-process memory cache would let each
gunicorn worker count on its own, so it is never used for this.
"""

import datetime
import hashlib
import ipaddress
import logging
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from inventory.conf import setting
from inventory.interest.models import RateLimitCounter

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the configured trusted proxy header.

    The header is only read when a proxy is configured to set it; it holds a
    comma-separated chain, of which the entry ``TRUSTED_PROXY_COUNT`` from the right
    was written by our own proxy and cannot be forged by the client.
    """
    header = setting("TRUSTED_PROXY_HEADER")
    if header:
        chain = [
            part.strip()
            for part in request.META.get(header, "").split(",")
            if part.strip()
        ]
        count = setting("TRUSTED_PROXY_COUNT")
        if len(chain) >= count:
            candidate = chain[-count]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR", "")


def _key(scope, identity):
    # One IPv6 subscriber usually has a whole /64: count the network, not the host.
    try:
        address = ipaddress.ip_address(identity)
    except ValueError:
        address = None
    if address is not None and address.version == 6:
        identity = str(ipaddress.ip_network(f"{address}/64", strict=False))
    # Hashed, so the counters hold no IP addresses.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{identity}".encode())
    return digest.hexdigest()


def _window(now, seconds):
    start = math.floor(now.timestamp() / seconds) * seconds
    return start, int(start + seconds - now.timestamp()) + 1


def _hit_database(key, window_start):
    with transaction.atomic():
        updated = RateLimitCounter.objects.filter(
            key=key, window_start=window_start
        ).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(
                        key=key, window_start=window_start, count=1
                    )
            except IntegrityError:
                # Another process created the window's row first.
                RateLimitCounter.objects.filter(
                    key=key, window_start=window_start
                ).update(count=F("count") + 1)
        return RateLimitCounter.objects.get(key=key, window_start=window_start).count


def _hit_cache(cache, key, window_start, seconds):
    cache_key = f"ratelimit:{key}:{int(window_start)}"
    cache.add(cache_key, 0, timeout=seconds + 5)
    try:
        return cache.incr(cache_key)
    except ValueError:
        # Expired between add() and incr(): this is the window's first hit.
        cache.add(cache_key, 1, timeout=seconds + 5)
        return 1


def hit(scope, identity, *, limit, seconds):
    """Count one request of ``identity`` and say whether it is within the limit."""
    now = timezone.now()
    start, retry_after = _window(now, seconds)
    key = _key(scope, identity)
    window_start = datetime.datetime.fromtimestamp(start, tz=datetime.UTC)
    if setting("RATE_LIMIT_CACHE"):
        try:
            count = _hit_cache(caches[setting("RATE_LIMIT_CACHE")], key, start, seconds)
        except Exception:
            logger.warning("Rate limit cache unavailable; counting in the database")
            count = _hit_database(key, window_start)
    else:
        count = _hit_database(key, window_start)
    return Verdict(allowed=count <= limit, retry_after=retry_after)


def purge_expired(older_than_seconds=86400):
    """Delete database counters of windows that ended long ago; returns the count."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    deleted, _ = RateLimitCounter.objects.filter(window_start__lt=cutoff).delete()
    return deleted
