"""Test settings: production-like (DEBUG off) but self-contained and fast."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import ENV_MEDIA_ROOT, ENV_SECRET_KEY

SECRET_KEY = (
    ENV_SECRET_KEY or "test-only-not-secret-vanort-9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a"
)
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
SERVE_MEDIA = True
MEDIA_ROOT = Path(ENV_MEDIA_ROOT or tempfile.mkdtemp(prefix="vanort-test-media-"))
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
