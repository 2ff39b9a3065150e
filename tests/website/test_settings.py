"""Settings: production refuses to start unsafely, and the environment switches work.

Each check starts a fresh Python with a clean environment, because the settings read
the environment once, at import.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]
SECRET = "prod-secret-for-tests-only-0123456789abcdefghijklmnopqrstuvwxyz"
PRODUCTION = {"SECRET_KEY": SECRET, "ALLOWED_HOSTS": "vanort.example.org"}

SETUP = (
    "import django, os; "
    "os.environ['DJANGO_SETTINGS_MODULE'] = 'website.settings.production'; "
    "django.setup()"
)
# Prints the named settings as JSON after a production start.
DUMP = (
    SETUP + "\nimport json, sys\nfrom django.conf import settings\n"
    "print(json.dumps({n: getattr(settings, n) for n in sys.argv[1:]}, default=str))"
)


def run_python(code, env, *args):
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=clean_env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_settings(env, *names):
    result = run_python(DUMP, env, *names)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Refusing to start -------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "vanort.example.org"}, "SECRET_KEY is not set"),
        (
            {"ALLOWED_HOSTS": "vanort.example.org", "SECRET_KEY": "   "},
            "SECRET_KEY is not set",
        ),
        (
            {"ALLOWED_HOSTS": "vanort.example.org", "SECRET_KEY": "too-short"},
            "SECRET_KEY must be at least 50 characters",
        ),
        ({"SECRET_KEY": SECRET}, "ALLOWED_HOSTS is not set"),
        ({"SECRET_KEY": SECRET, "ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS is not set"),
        ({}, "SECRET_KEY is not set"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(env, message):
    result = run_python(SETUP, env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_with_secret_key_and_allowed_hosts():
    result = run_python(SETUP, PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_allowed_hosts_and_csrf_origins_are_comma_separated_lists():
    values = production_settings(
        {
            **PRODUCTION,
            "ALLOWED_HOSTS": "www.example.se, example.se",
            "CSRF_TRUSTED_ORIGINS": "https://www.example.se,https://example.se",
        },
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
    )
    assert values["ALLOWED_HOSTS"] == ["www.example.se", "example.se"]
    assert values["CSRF_TRUSTED_ORIGINS"] == [
        "https://www.example.se",
        "https://example.se",
    ]


def test_production_passes_djangos_deploy_check():
    code = (
        SETUP + "\nfrom django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = run_python(code, PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("EMAIL_USE_TLS", "maybe", "EMAIL_USE_TLS must be true or false, not 'maybe'"),
        (
            "SECURE_SSL_REDIRECT",
            "ja",
            "SECURE_SSL_REDIRECT must be true or false, not 'ja'",
        ),
        (
            "BEHIND_TLS_PROXY",
            "2",
            "BEHIND_TLS_PROXY must be true or false, not '2'",
        ),
        (
            "SECURE_HSTS_SECONDS",
            "one year",
            "SECURE_HSTS_SECONDS must be a whole number, not 'one year'",
        ),
    ],
)
def test_a_bad_environment_value_is_a_clear_error(name, value, message):
    result = run_python(SETUP, {**PRODUCTION, name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("On", True), ("0", False), ("no", False)]
)
def test_boolean_environment_values(raw, expected):
    values = production_settings(
        {**PRODUCTION, "SECURE_SSL_REDIRECT": raw}, "SECURE_SSL_REDIRECT"
    )
    assert values["SECURE_SSL_REDIRECT"] is expected


# --- Safe defaults -----------------------------------------------------------------


def test_production_defaults_are_safe():
    values = production_settings(
        PRODUCTION,
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "X_FRAME_OPTIONS",
        "EMAIL_BACKEND",
        "WAGTAILEMBEDS_FINDERS",
    )
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["X_FRAME_OPTIONS"] in {"DENY", "SAMEORIGIN"}
    # Without EMAIL_HOST nothing is sent anywhere.
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    # Embeds would fetch from third parties.
    assert values["WAGTAILEMBEDS_FINDERS"] == []


def test_base_settings_module_itself_has_debug_off():
    code = (
        "import json, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'website.settings.base'\n"
        "from website.settings import base\n"
        "print(json.dumps([base.DEBUG, base.SESSION_COOKIE_SECURE,"
        " base.CSRF_COOKIE_SECURE, base.SECURE_HSTS_SECONDS]))"
    )
    result = run_python(code, {})
    assert result.returncode == 0, result.stderr
    debug, session_secure, csrf_secure, hsts = json.loads(result.stdout)
    assert debug is False
    assert session_secure is True
    assert csrf_secure is True
    assert hsts >= 31536000


# --- Database ----------------------------------------------------------------------


def test_sqlite_options_give_wal_immediate_transactions_and_a_busy_timeout():
    # The test run itself uses the same base options.
    options = settings.DATABASES["default"]["OPTIONS"]
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        options = production_settings(PRODUCTION, "SQLITE_OPTIONS")["SQLITE_OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]
    assert "busy_timeout=" in options["init_command"]


def test_a_sqlite_database_really_runs_in_wal_mode(tmp_path):
    database = tmp_path / "vanort.sqlite3"
    code = (
        SETUP + "\nfrom django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('PRAGMA journal_mode')\n"
        "    journal = cursor.fetchone()[0]\n"
        "    cursor.execute('PRAGMA busy_timeout')\n"
        "    busy = cursor.fetchone()[0]\n"
        "    cursor.execute('PRAGMA foreign_keys')\n"
        "    keys = cursor.fetchone()[0]\n"
        "print(journal, busy, keys)"
    )
    result = run_python(code, {**PRODUCTION, "DATABASE_URL": f"sqlite:///{database}"})
    assert result.returncode == 0, result.stderr
    journal, busy, keys = result.stdout.split()
    assert journal == "wal"
    assert int(busy) >= 5000
    assert keys == "1"


def test_default_database_is_sqlite_with_database_search():
    values = production_settings(PRODUCTION, "DATABASES", "WAGTAILSEARCH_BACKENDS")
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASES"]["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "SEARCH_CONFIG" not in values["WAGTAILSEARCH_BACKENDS"]["default"]


def test_database_url_switches_to_postgres_with_swedish_search():
    values = production_settings(
        {
            **PRODUCTION,
            "DATABASE_URL": "postgres://vanort:hemligt@db.example:5432/vanort",
        },
        "DATABASES",
        "WAGTAILSEARCH_BACKENDS",
    )
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "vanort"
    assert database["HOST"] == "db.example"
    assert database["PORT"] == 5432
    assert database["USER"] == "vanort"
    # SQLite's options must not leak into a PostgreSQL connection.
    assert "transaction_mode" not in database.get("OPTIONS", {})
    search = values["WAGTAILSEARCH_BACKENDS"]["default"]
    assert search["BACKEND"] == "wagtail.search.backends.database"
    assert search["SEARCH_CONFIG"] == "swedish"


# --- Cache and e-mail --------------------------------------------------------------


def test_without_redis_the_cache_is_shared_on_disk(tmp_path):
    values = production_settings({**PRODUCTION, "CACHE_DIR": str(tmp_path)}, "CACHES")
    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert cache["LOCATION"] == str(tmp_path)


def test_redis_url_switches_the_cache_to_redis():
    values = production_settings(
        {**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/3"}, "CACHES"
    )
    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/3"


def test_email_host_switches_to_smtp_with_a_timeout():
    values = production_settings(
        {
            **PRODUCTION,
            "EMAIL_HOST": "smtp.example.se",
            "EMAIL_HOST_USER": "vanort",
            "EMAIL_PORT": "465",
        },
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_USE_TLS",
        "EMAIL_TIMEOUT",
    )
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["EMAIL_HOST"] == "smtp.example.se"
    assert values["EMAIL_PORT"] == 465
    assert values["EMAIL_HOST_USER"] == "vanort"
    assert values["EMAIL_USE_TLS"] is True
    assert values["EMAIL_TIMEOUT"] == 10


def test_email_timeout_can_be_set():
    values = production_settings(
        {**PRODUCTION, "EMAIL_HOST": "smtp.example.se", "EMAIL_TIMEOUT": "3"},
        "EMAIL_TIMEOUT",
    )
    assert values["EMAIL_TIMEOUT"] == 3


def test_proxy_header_is_trusted_only_when_asked():
    without = production_settings(PRODUCTION, "SECURE_PROXY_SSL_HEADER")
    with_proxy = production_settings(
        {**PRODUCTION, "BEHIND_TLS_PROXY": "true"}, "SECURE_PROXY_SSL_HEADER"
    )
    assert without["SECURE_PROXY_SSL_HEADER"] is None
    assert with_proxy["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
