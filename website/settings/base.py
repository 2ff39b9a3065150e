"""Base settings: safe for production on their own.

Every environment variable the project reads is read in the "Environment" section
below, and documented in the README. ``dev`` and ``test`` relax these settings;
``production`` adds the checks that refuse to start with missing secrets.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from partnerships.countries import COUNTRIES_OVERRIDE as COUNTRIES_OVERRIDE

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "website"


def _env_str(name, default=""):
    return os.environ.get(name, default).strip()


def _env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def _env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {raw!r}."
        ) from exc


def _env_list(name, default=""):
    return [item.strip() for item in _env_str(name, default).split(",") if item.strip()]


# --- Environment -------------------------------------------------------------------
ENV_SECRET_KEY = _env_str("SECRET_KEY")
ENV_ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS")
ENV_CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")
ENV_DATABASE_URL = _env_str("DATABASE_URL")
ENV_REDIS_URL = _env_str("REDIS_URL")
ENV_CACHE_DIR = _env_str("CACHE_DIR", str(BASE_DIR / "var" / "cache"))
ENV_MEDIA_ROOT = _env_str("MEDIA_ROOT")
# django-storages' own names; a bucket name switches uploads to object storage.
ENV_AWS_STORAGE_BUCKET_NAME = _env_str("AWS_STORAGE_BUCKET_NAME")
ENV_AWS_S3_ENDPOINT_URL = _env_str("AWS_S3_ENDPOINT_URL")
ENV_AWS_ACCESS_KEY_ID = _env_str("AWS_ACCESS_KEY_ID")
ENV_AWS_SECRET_ACCESS_KEY = _env_str("AWS_SECRET_ACCESS_KEY")
ENV_AWS_S3_REGION_NAME = _env_str("AWS_S3_REGION_NAME")
ENV_AWS_S3_CUSTOM_DOMAIN = _env_str("AWS_S3_CUSTOM_DOMAIN")
ENV_STATIC_ROOT = _env_str("STATIC_ROOT", str(BASE_DIR / "static"))
ENV_EMAIL_HOST = _env_str("EMAIL_HOST")
ENV_EMAIL_PORT = _env_int("EMAIL_PORT", 587)
ENV_EMAIL_HOST_USER = _env_str("EMAIL_HOST_USER")
ENV_EMAIL_HOST_PASSWORD = _env_str("EMAIL_HOST_PASSWORD")
ENV_EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", True)
ENV_EMAIL_TIMEOUT = _env_int("EMAIL_TIMEOUT", 10)
ENV_DEFAULT_FROM_EMAIL = _env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
ENV_WAGTAILADMIN_BASE_URL = _env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
ENV_SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
ENV_SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 31536000)
ENV_BEHIND_TLS_PROXY = _env_bool("BEHIND_TLS_PROXY", False)
ENV_LOG_LEVEL = _env_str("LOG_LEVEL", "INFO").upper()
# Empty when unset: "json" in base and production, "plain" in dev (see Logging).
ENV_LOG_FORMAT = _env_str("LOG_FORMAT").lower()
ENV_APP_SERVERS = _env_int("APP_SERVERS", 1)
ENV_TRUSTED_PROXY_HEADER = _env_str("TRUSTED_PROXY_HEADER")
ENV_TRUSTED_PROXY_COUNT = _env_int("TRUSTED_PROXY_COUNT", 1)
ENV_INTEREST_RATE_LIMIT = _env_int("INTEREST_RATE_LIMIT", 5)
ENV_INTEREST_RATE_WINDOW = _env_int("INTEREST_RATE_WINDOW", 600)
ENV_INTEREST_MIN_FILL_SECONDS = _env_int("INTEREST_MIN_FILL_SECONDS", 3)
ENV_INTEREST_NOTIFY_TIMEOUT = _env_int("INTEREST_NOTIFY_TIMEOUT", 5)
ENV_TASK_BACKEND = _env_str("TASK_BACKEND").lower() or "database"
ENV_FRONTEND_CACHE_PURGE_URLS = _env_list("FRONTEND_CACHE_PURGE_URLS")
ENV_CLOUDFLARE_ZONE_ID = _env_str("CLOUDFLARE_ZONE_ID")
ENV_CLOUDFLARE_BEARER_TOKEN = _env_str("CLOUDFLARE_BEARER_TOKEN")
ENV_CLOUDFRONT_DISTRIBUTION_ID = _env_str("CLOUDFRONT_DISTRIBUTION_ID")

# --- Core --------------------------------------------------------------------------
# No fallback: Django refuses to run with an empty SECRET_KEY, and production.py says
# so explicitly before any request is served.
SECRET_KEY = ENV_SECRET_KEY
DEBUG = False
ALLOWED_HOSTS = ENV_ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = ENV_CSRF_TRUSTED_ORIGINS

INSTALLED_APPS = [
    "website",
    "partnerships",
    "inventory",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    # Editors' recommended results for a search term, shown first by the site search.
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "axes",
    # Django Tasks (its system checks) and its database backend (the queue's table
    # and ``manage.py db_worker``); see "Background tasks" below.
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "website.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads a form body, and after the language is chosen.
    "website.middleware.RequestGuardMiddleware",
    # 304 Not Modified for pages the browser has, from the page cache's validators.
    "django.middleware.http.ConditionalGetMiddleware",
    # After the language is chosen; before CSRF, login and messages, whose use
    # makes a page unfit for other visitors.
    "partnerships.cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------
# SQLite is the embedded default. WAL lets readers work beside one writer; IMMEDIATE
# transactions take the write lock up front so concurrent writers queue on the busy
# timeout instead of failing with "database is locked" half-way through.
# synchronous=FULL: a commit is on disk before the citizen is told "thank you", even
# if the machine loses power (NORMAL would only survive a crash of the process).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=FULL;"
        "PRAGMA busy_timeout=20000;"
        "PRAGMA foreign_keys=ON;"
    ),
}
if ENV_DATABASE_URL:
    # A kept connection is checked before a request uses it, so a database that
    # restarted (or failed over) costs a reconnect, not an error page.
    DATABASES = {
        "default": dj_database_url.parse(
            ENV_DATABASE_URL, conn_max_age=60, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if USING_POSTGRES:
    # Like SQLite's busy timeout: a statement waits at most 20 s for a lock, then
    # fails in a way the interest form answers with a friendly 503, well before
    # gunicorn's worker timeout would cut the connection.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c lock_timeout=20000"
    )
    # An unreachable server is given up after 5 s (libpq would wait indefinitely),
    # so no request, and no /health/ check thread, hangs on a connect.
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)

# --- Cache -------------------------------------------------------------------------
# Redis when configured; otherwise a file cache, which every worker process on the
# machine shares (unlike the per-process local-memory cache).
# The page cache has an alias of its own, so that what it holds (many pages, large
# exports in parts) never crowds out the rate limit counts or Wagtail's caches.
# A Redis that hangs costs a request at most a few seconds (redis-py waits for ever
# by default); the page cache then serves the page uncached.
REDIS_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
if ENV_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": ENV_REDIS_URL,
            "OPTIONS": REDIS_OPTIONS,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": ENV_REDIS_URL,
            "KEY_PREFIX": "pages",
            "OPTIONS": REDIS_OPTIONS,
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": ENV_CACHE_DIR,
        },
        "pages": {
            # Django's file cache, writing a page without listing the directory
            # each time (partnerships.cache_backends).
            "BACKEND": "partnerships.cache_backends.FileBasedCache",
            "LOCATION": str(Path(ENV_CACHE_DIR) / "pages"),
            # Past this many files the cache drops a third of them at random; a
            # dropped page is rendered again, a dropped export part as well.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        # Wagtail's rendition cache (Wagtail would use "default"): which file
        # each picture's rendition is, kept in each worker's memory. Wagtail
        # writes every rendition it reads back to this cache, which for the
        # file cache meant a file written per picture on each page rendered. A
        # key names the image's file content, focal point and filter, so an
        # entry never goes stale; an hour bounds what a deleted rendition leaves.
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "renditions",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 5_000},
        },
    }
# Anonymous visitors get public pages from the page cache (partnerships.cache);
# publishing anything a page shows makes every page fresh on the next request.
VANORT_PAGE_CACHE = "pages"

# --- Frontend cache (Varnish, a CDN) -----------------------------------------------
# Purged with Wagtail's frontend_cache by the page cache's rule: one purge of the
# whole site after every change a public page shows (partnerships.frontend_cache).
# Varnish: FRONTEND_CACHE_PURGE_URLS, each Varnish's address (comma-separated),
# with deploy/varnish/default.vcl. Cloudflare: CLOUDFLARE_ZONE_ID and
# CLOUDFLARE_BEARER_TOKEN. CloudFront: CLOUDFRONT_DISTRIBUTION_ID (credentials as
# for boto3), which is purged with "/*".
WAGTAILFRONTENDCACHE = {}
for _number, _location in enumerate(ENV_FRONTEND_CACHE_PURGE_URLS, start=1):
    WAGTAILFRONTENDCACHE[f"varnish{_number}"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": _location,
    }
if ENV_CLOUDFLARE_ZONE_ID:
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": ENV_CLOUDFLARE_ZONE_ID,
        "BEARER_TOKEN": ENV_CLOUDFLARE_BEARER_TOKEN,
    }
if ENV_CLOUDFRONT_DISTRIBUTION_ID:
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": ENV_CLOUDFRONT_DISTRIBUTION_ID,
    }
    VANORT_FRONTEND_CACHE_WILDCARD = True
# Vänort sends each language's URLs itself; Wagtail need not rewrite them.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# --- Passwords and sessions --------------------------------------------------------
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
_PASSWORDS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_PASSWORDS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_PASSWORDS}.MinimumLengthValidator"},
    {"NAME": f"{_PASSWORDS}.CommonPasswordValidator"},
    {"NAME": f"{_PASSWORDS}.NumericPasswordValidator"},
]
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Login throttling (django-axes) ------------------------------------------------
# Failed logins are counted in the database, which every worker process and app
# server shares. After 5 failures in a row for one user name from one client, that
# combination is refused for 15 minutes, even with the right password; each further
# try while refused starts the 15 minutes again. Per user name *and* address, so
# nobody can lock an editor out by typing wrong passwords for their name from
# elsewhere, and one address cannot go on guessing one account's password.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
# The same client address as the interest form's rate limit (TRUSTED_PROXY_*).
AXES_CLIENT_IP_CALLABLE = "website.login_guard.client_ip"
# A translated page with HTTP 429 instead of axes' plain English text.
AXES_LOCKOUT_CALLABLE = "website.login_guard.lockout_response"
# A failure record past the 15 minutes is deleted at the next login; successful
# logins are not recorded (no log of editors' addresses to keep or dispose of).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# --- HTTP security -----------------------------------------------------------------
SECURE_SSL_REDIRECT = ENV_SECURE_SSL_REDIRECT
# A load balancer's or Varnish's probe asks over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = ENV_SECURE_HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's admin shows page previews in a same-origin frame, so not DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = [
    "security.W019",  # X_FRAME_OPTIONS is SAMEORIGIN on purpose (see above).
    # Joining the HSTS preload list is a domain-wide, hard-to-undo decision that
    # belongs to whoever runs the municipality's domain, not to this code.
    "security.W021",
]
if ENV_BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy, set by website.middleware: nothing from any other origin.
# The public site runs no inline script or style; Wagtail's admin still needs inline
# script and style, so it gets its own policy, still limited to this origin.
CSP_PUBLIC = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'self'; "
    "base-uri 'self'; object-src 'none'"
)
CSP_ADMIN = (
    "default-src 'self'; img-src 'self' data: blob:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'self'; frame-src 'self'; base-uri 'self'; object-src 'none'"
)
CSP_ADMIN_PATH_PREFIXES = ("/admin/",)

# Limits on what one request may carry. Wagtail's page editor posts many fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Interest forms ----------------------------------------------------------------
# The client address for rate limits: REMOTE_ADDR unless a trusted proxy sets a
# header, e.g. "X-Forwarded-For" (given as the HTTP header name), and how many
# proxies of ours stand in front of the app.
VANORT_TRUSTED_PROXY_HEADER = (
    "HTTP_" + ENV_TRUSTED_PROXY_HEADER.upper().replace("-", "_")
    if ENV_TRUSTED_PROXY_HEADER
    else ""
)
VANORT_TRUSTED_PROXY_COUNT = max(ENV_TRUSTED_PROXY_COUNT, 1)
# Submissions per client and window; counted in Redis when there is one, otherwise
# in the database, so every worker process and app server shares the count.
VANORT_INTEREST_RATE_LIMIT = ENV_INTEREST_RATE_LIMIT
VANORT_INTEREST_RATE_WINDOW = ENV_INTEREST_RATE_WINDOW
VANORT_RATE_LIMIT_CACHE = "default" if ENV_REDIS_URL else ""
# A form sent faster than this after it was shown is asked to be confirmed.
VANORT_INTEREST_MIN_FILL_SECONDS = ENV_INTEREST_MIN_FILL_SECONDS
# A form shown longer ago than this is re-shown for a fresh token, answers kept.
VANORT_INTEREST_TOKEN_MAX_AGE = 24 * 60 * 60
# The whole SMTP conversation for one notification (connect, greeting, send) must
# end within this many seconds; housekeeping retries what did not.
VANORT_INTEREST_NOTIFY_TIMEOUT = ENV_INTEREST_NOTIFY_TIMEOUT
# The largest interest form body accepted (the form itself is a few kilobytes).
VANORT_INTEREST_MAX_BODY_BYTES = 64 * 1024

# --- Internationalisation ----------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
# British English: "5 December 2019" (website/formats/en/formats.py).
FORMAT_MODULE_PATH = ["website.formats"]
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "simple"
# A page submitted for translation stays a draft until it is actually translated,
# so Swedish text never goes live under /en/.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Static and media files --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(ENV_STATIC_ROOT)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(ENV_MEDIA_ROOT) if ENV_MEDIA_ROOT else BASE_DIR / "media"
# Uploads go to an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set, so that
# every app server sees the same files; otherwise to MEDIA_ROOT on this machine.
# In the bucket only images/ (renditions) is public, by a bucket policy (manage.py
# media_bucket_policy) rather than per-object ACLs, which many providers disable.
# original_images/ stays private: no page links an original (pages and the admin
# show renditions), and originals keep the camera's metadata, location included.
# documents/ stays private: /documents/<id>/<name> serves them after checking their
# collection's privacy. Unsigned URLs: an image keeps one URL that can be cached.
if ENV_AWS_STORAGE_BUCKET_NAME:
    _MEDIA_PROTOCOL = (
        "http:" if ENV_AWS_S3_ENDPOINT_URL.startswith("http:") else "https:"
    )
    _MEDIA_CONNECTION = {
        "endpoint_url": ENV_AWS_S3_ENDPOINT_URL,
        "region_name": ENV_AWS_S3_REGION_NAME,
        "access_key": ENV_AWS_ACCESS_KEY_ID,
        "secret_key": ENV_AWS_SECRET_ACCESS_KEY,
        "custom_domain": ENV_AWS_S3_CUSTOM_DOMAIN,
    }
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": ENV_AWS_STORAGE_BUCKET_NAME,
            # Unset values are left to boto3 (e.g. credentials from an instance role).
            **{name: value for name, value in _MEDIA_CONNECTION.items() if value},
            "url_protocol": _MEDIA_PROTOCOL,
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "max-age=86400"},
        },
    }
    # Where the browser fetches renditions from: the custom domain, the endpoint
    # (path-style URLs, <endpoint>/<bucket>/images/...), or AWS's bucket host.
    if ENV_AWS_S3_CUSTOM_DOMAIN:
        _MEDIA_HOST = ENV_AWS_S3_CUSTOM_DOMAIN.split("/")[0]
    elif ENV_AWS_S3_ENDPOINT_URL:
        _MEDIA_HOST = ENV_AWS_S3_ENDPOINT_URL.split("//", 1)[-1].split("/")[0]
    else:
        _MEDIA_HOST = f"{ENV_AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    MEDIA_ORIGIN = f"{_MEDIA_PROTOCOL}//{_MEDIA_HOST}"
    # Pages and the admin show images from there (the CSP allows nothing else).
    CSP_PUBLIC = CSP_PUBLIC.replace("img-src 'self'", f"img-src 'self' {MEDIA_ORIGIN}")
    CSP_ADMIN = CSP_ADMIN.replace("img-src 'self'", f"img-src 'self' {MEDIA_ORIGIN}")
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    MEDIA_ORIGIN = ""
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# Serve uploaded media from Django only where no web server does it (dev and tests).
SERVE_MEDIA = False
# Without a bucket, Django serves renditions (MEDIA_ROOT/images/ and nothing else)
# at /media/images/ (website.media), so images show without a web server's help.
VANORT_SERVE_RENDITIONS = not ENV_AWS_STORAGE_BUCKET_NAME
# Documents always go through Wagtail's view, which checks collection privacy, never
# a storage URL: a document's URL is /documents/<id>/<filename> on every storage.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- E-mail ------------------------------------------------------------------------
if ENV_EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = ENV_EMAIL_HOST
    EMAIL_PORT = ENV_EMAIL_PORT
    EMAIL_HOST_USER = ENV_EMAIL_HOST_USER
    EMAIL_HOST_PASSWORD = ENV_EMAIL_HOST_PASSWORD
    EMAIL_USE_TLS = ENV_EMAIL_USE_TLS
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# A hanging mail server must never hold a request for long.
EMAIL_TIMEOUT = ENV_EMAIL_TIMEOUT
DEFAULT_FROM_EMAIL = ENV_DEFAULT_FROM_EMAIL
SERVER_EMAIL = ENV_DEFAULT_FROM_EMAIL

# --- Background tasks --------------------------------------------------------------
# Work that must not hold a request: the notification of a new interest submission
# and Wagtail's own tasks (search index, reference index, frontend cache purges).
# "database" (the default): queued in the database and run by ``manage.py
# db_worker``, a service of its own. "immediate": run at once by whoever queues it,
# as before the worker existed (Wagtail's tasks in the editor's request); the
# notifications are then sent by housekeeping only, never in a citizen's request.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if ENV_TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASK_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, "
        f"not {ENV_TASK_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[ENV_TASK_BACKEND]}}

# --- Wagtail -----------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Vänort"
WAGTAILADMIN_BASE_URL = ENV_WAGTAILADMIN_BASE_URL
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
if USING_POSTGRES:
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "swedish"
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "ods",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_FINDERS = []  # embeds would fetch from third parties
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: no third-party request, no e-mail hash sent away.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_MODERATION_ENABLED = True

# --- Logging -----------------------------------------------------------------------
# LOG_FORMAT "json" (the default): one JSON object per line, for a log collector
# (website.logs); "plain": one line of text, for a terminal. Load balancers' health
# checks are left out of Django's request log.
if ENV_LOG_FORMAT not in {"", "json", "plain"}:
    raise ImproperlyConfigured(
        f"LOG_FORMAT must be json or plain, not {ENV_LOG_FORMAT!r}."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "website.logs.JsonLinesFormatter"},
    },
    "filters": {"skip_health_checks": {"()": "website.logs.SkipHealthChecks"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": ENV_LOG_FORMAT or "json",
            "filters": ["skip_health_checks"],
        }
    },
    "root": {"handlers": ["console"], "level": ENV_LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": ENV_LOG_LEVEL, "propagate": False},
        # Per-task and per-page chatter; warnings and errors still show.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "wagtail.contrib.redirects": {"level": "WARNING"},
        # One INFO line per login event; failures and lock-outs are warnings.
        "axes": {"level": "WARNING"},
    },
}

# --- App servers -------------------------------------------------------------------
# How many app servers serve the site behind one load balancer. Above 1,
# ``manage.py check --deploy`` warns about state kept per machine (website.checks);
# /health/ (website.health) is what the load balancer asks.
VANORT_APP_SERVERS = max(ENV_APP_SERVERS, 1)
