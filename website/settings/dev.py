"""Local development: debug on, plain HTTP, a fixed non-secret key."""

from .base import *  # noqa: F403
from .base import ENV_LOG_FORMAT, ENV_SECRET_KEY, LOGGING

DEBUG = True
# Only for a developer's machine; production.py never falls back to this.
SECRET_KEY = (
    ENV_SECRET_KEY or "dev-only-not-secret-vanort-3f1c9a7e5b2d4c6e8a0b1d3f5a7c9e1b"
)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
# Templates change under a developer's hands; the page cache is for production.
VANORT_PAGE_CACHE = ""
# No worker to run: tasks run at once, Wagtail's in the editor's request, and
# housekeeping sends the interest notifications (see base.py, "Background tasks").
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Text in a developer's terminal, unless LOG_FORMAT asks for JSON.
LOGGING["handlers"]["console"]["formatter"] = ENV_LOG_FORMAT or "plain"
