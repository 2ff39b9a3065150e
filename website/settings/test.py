"""Test settings: the development relaxations, but with DEBUG off as in production."""

import tempfile
from pathlib import Path

from .base import ENV_MEDIA_ROOT, ENV_SECURE_HSTS_SECONDS
from .dev import *  # noqa: F403

DEBUG = False
WHITENOISE_AUTOREFRESH = False
SECURE_HSTS_SECONDS = ENV_SECURE_HSTS_SECONDS
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(ENV_MEDIA_ROOT or tempfile.mkdtemp(prefix="vanort-test-media-"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
    },
}
# Off, as in development: the page cache's own tests switch it on (the
# ``page_cache`` fixture), the rest count the queries a page really makes.
VANORT_PAGE_CACHE = ""
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# As in development; the worker's own tests switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
