"""A deploy check for several app servers: nothing may be kept on one machine only.

With ``VANORT_APP_SERVERS`` (the environment's ``APP_SERVERS``) above 1,
``manage.py check --deploy`` warns about each store that every server would keep for
itself, where what one server writes the others never see.
"""

from django.conf import settings
from django.core import checks
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.files.storage import FileSystemStorage
from django.db.utils import load_backend
from django.utils.module_loading import import_string

PER_MACHINE_CACHES = (FileBasedCache, LocMemCache)
CACHED_SESSIONS = {
    "django.contrib.sessions.backends.cache",
    # Reads come from the cache first: a session ended on one server would live on
    # in the others' caches.
    "django.contrib.sessions.backends.cached_db",
}


def per_machine_state(app_configs, **kwargs):
    """Warnings for the caches, databases, uploads and sessions kept per machine."""
    if settings.VANORT_APP_SERVERS <= 1:
        return []
    return [*_caches(), *_databases(), *_uploads(), *_sessions()]


def _per_machine_cache(alias):
    backend = import_string(settings.CACHES[alias]["BACKEND"])
    return issubclass(backend, PER_MACHINE_CACHES)


def _caches():
    return [
        checks.Warning(
            f"The cache {alias!r} is kept on each app server: what one server "
            "caches or clears, the others do not see (pages published on one stay "
            "stale on the others).",
            hint="Set REDIS_URL to a Redis server that every app server uses.",
            id="vanort.W001",
        )
        for alias in settings.CACHES
        if _per_machine_cache(alias)
    ]


def _databases():
    return [
        checks.Warning(
            f"The database {alias!r} is SQLite, a file on one app server: each "
            "server would have a database of its own.",
            hint="Set DATABASE_URL to a PostgreSQL database that every app server "
            "uses.",
            id="vanort.W002",
        )
        for alias, config in settings.DATABASES.items()
        if load_backend(config["ENGINE"]).DatabaseWrapper.vendor == "sqlite"
    ]


def _uploads():
    backend = import_string(settings.STORAGES["default"]["BACKEND"])
    if not issubclass(backend, FileSystemStorage):
        return []
    return [
        checks.Warning(
            "Uploaded images and documents are stored on the disk of the app server "
            "that received them: the other servers cannot serve them.",
            hint="Set AWS_STORAGE_BUCKET_NAME (and its credentials) to keep uploads "
            "in S3 storage that every app server uses.",
            id="vanort.W003",
        )
    ]


def _sessions():
    if settings.SESSION_ENGINE not in CACHED_SESSIONS:
        return []
    alias = settings.SESSION_CACHE_ALIAS
    if not _per_machine_cache(alias):
        return []
    return [
        checks.Warning(
            f"Sessions are kept in the cache {alias!r}, which each app server keeps "
            "for itself: whether an editor is logged in would depend on the server "
            "that answers.",
            hint="Set REDIS_URL to a Redis server that every app server uses, or keep "
            "sessions in the database (Django's default SESSION_ENGINE).",
            id="vanort.W004",
        )
    ]
