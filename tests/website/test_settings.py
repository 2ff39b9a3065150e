"""Settings: production refuses to start unsafely, and the environment switches work.

The settings read the environment once, at import. So each check imports the settings
modules afresh in this process with nothing but the environment it gives (as a fresh
Python started with it would see), and puts the running settings modules back after.
Only Django's deploy check starts a real production process.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import Settings, settings
from django.core.exceptions import ImproperlyConfigured
from django.db.utils import ConnectionHandler

BASE_DIR = Path(__file__).resolve().parents[2]
SECRET = "prod-secret-for-tests-only-0123456789abcdefghijklmnopqrstuvwxyz"
PRODUCTION = {"SECRET_KEY": SECRET, "ALLOWED_HOSTS": "vanort.example.org"}

SETTINGS_PACKAGE = "website.settings"


def clean_environment(env):
    """What a Python started with only ``env`` (and a PATH) finds in its environment."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}


def load_settings(env, module="website.settings.production"):
    """The settings ``module`` gives in the environment ``env``, as Django reads them.

    The settings modules are imported afresh while ``os.environ`` stands for the clean
    environment (the process's own environment is never touched); the running settings
    modules are put back afterwards, whatever happens.
    """
    package = sys.modules[SETTINGS_PACKAGE]
    running = {
        name: loaded
        for name, loaded in sys.modules.items()
        if name.startswith(SETTINGS_PACKAGE + ".")
    }
    attributes = {name.rpartition(".")[2] for name in running}
    attributes = {name: getattr(package, name) for name in attributes}
    environ = os.environ
    for name in running:
        del sys.modules[name]
    os.environ = clean_environment(env)  # noqa: B003 (the real one stays as it is)
    try:
        return Settings(module)
    finally:
        os.environ = environ  # noqa: B003
        for name in list(sys.modules):
            if name.startswith(SETTINGS_PACKAGE + "."):
                short = name.rpartition(".")[2]
                del sys.modules[name]
                if short not in attributes and hasattr(package, short):
                    delattr(package, short)
        sys.modules.update(running)
        for name, value in attributes.items():
            setattr(package, name, value)


def test_loading_settings_leaves_the_running_settings_alone():
    environ = dict(os.environ)
    running = sys.modules["website.settings.base"]
    loaded = load_settings({**PRODUCTION, "EMAIL_HOST": "smtp.example.se"})
    assert loaded.EMAIL_HOST == "smtp.example.se"
    assert loaded.SECRET_KEY == SECRET
    assert sys.modules["website.settings.base"] is running
    assert sys.modules[SETTINGS_PACKAGE].base is running
    assert dict(os.environ) == environ
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"


def refuses(env, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        load_settings(env)


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
    refuses(env, message)


def test_production_starts_with_secret_key_and_allowed_hosts():
    production = load_settings(PRODUCTION)
    assert production.SECRET_KEY == SECRET
    assert production.ALLOWED_HOSTS == ["vanort.example.org"]


def test_allowed_hosts_and_csrf_origins_are_comma_separated_lists():
    production = load_settings(
        {
            **PRODUCTION,
            "ALLOWED_HOSTS": "www.example.se, example.se",
            "CSRF_TRUSTED_ORIGINS": "https://www.example.se,https://example.se",
        }
    )
    assert production.ALLOWED_HOSTS == ["www.example.se", "example.se"]
    assert production.CSRF_TRUSTED_ORIGINS == [
        "https://www.example.se",
        "https://example.se",
    ]


def test_production_passes_djangos_deploy_check():
    """The one check in a real production process: Django set up from scratch."""
    code = (
        "import django, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'website.settings.production'\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=clean_environment(PRODUCTION),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
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
    refuses({**PRODUCTION, name: value}, message)


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("On", True), ("0", False), ("no", False)]
)
def test_boolean_environment_values(raw, expected):
    production = load_settings({**PRODUCTION, "SECURE_SSL_REDIRECT": raw})
    assert production.SECURE_SSL_REDIRECT is expected


# --- Safe defaults -----------------------------------------------------------------


def test_production_defaults_are_safe():
    values = vars(load_settings(PRODUCTION))
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
    base = load_settings({}, "website.settings.base")
    assert base.DEBUG is False
    assert base.SESSION_COOKIE_SECURE is True
    assert base.CSRF_COOKIE_SECURE is True
    assert base.SECURE_HSTS_SECONDS >= 31536000


# --- Database ----------------------------------------------------------------------


def test_sqlite_options_give_wal_immediate_transactions_and_a_busy_timeout():
    # The test run itself uses the same base options.
    options = settings.DATABASES["default"]["OPTIONS"]
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        options = load_settings(PRODUCTION).SQLITE_OPTIONS
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]
    assert "busy_timeout=" in options["init_command"]


def test_a_sqlite_database_really_runs_in_wal_mode(tmp_path, django_db_blocker):
    database = tmp_path / "vanort.sqlite3"
    production = load_settings({**PRODUCTION, "DATABASE_URL": f"sqlite:///{database}"})
    # A connection of its own to a file of its own, beside the test database.
    connection = ConnectionHandler(production.DATABASES)["default"]
    pragmas = {}
    with django_db_blocker.unblock():
        try:
            with connection.cursor() as cursor:
                for pragma in ("journal_mode", "busy_timeout", "foreign_keys"):
                    cursor.execute(f"PRAGMA {pragma}")
                    pragmas[pragma] = cursor.fetchone()[0]
        finally:
            connection.close()
    assert pragmas["journal_mode"] == "wal"
    assert int(pragmas["busy_timeout"]) >= 5000
    assert pragmas["foreign_keys"] == 1


def test_default_database_is_sqlite_with_database_search():
    production = load_settings(PRODUCTION)
    database = production.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "SEARCH_CONFIG" not in production.WAGTAILSEARCH_BACKENDS["default"]


def test_database_url_switches_to_postgres_with_swedish_search():
    production = load_settings(
        {
            **PRODUCTION,
            "DATABASE_URL": "postgres://vanort:hemligt@db.example:5432/vanort",
        }
    )
    database = production.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "vanort"
    assert database["HOST"] == "db.example"
    assert database["PORT"] == 5432
    assert database["USER"] == "vanort"
    # SQLite's options must not leak into a PostgreSQL connection.
    assert "transaction_mode" not in database.get("OPTIONS", {})
    search = production.WAGTAILSEARCH_BACKENDS["default"]
    assert search["BACKEND"] == "wagtail.search.backends.database"
    assert search["SEARCH_CONFIG"] == "swedish"


# --- Cache and e-mail --------------------------------------------------------------


def test_without_redis_the_cache_is_shared_on_disk(tmp_path):
    cache = load_settings({**PRODUCTION, "CACHE_DIR": str(tmp_path)}).CACHES["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert cache["LOCATION"] == str(tmp_path)


def test_redis_url_switches_the_cache_to_redis():
    production = load_settings({**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/3"})
    cache = production.CACHES["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/3"


def test_email_host_switches_to_smtp_with_a_timeout():
    production = load_settings(
        {
            **PRODUCTION,
            "EMAIL_HOST": "smtp.example.se",
            "EMAIL_HOST_USER": "vanort",
            "EMAIL_PORT": "465",
        }
    )
    assert production.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    assert production.EMAIL_HOST == "smtp.example.se"
    assert production.EMAIL_PORT == 465
    assert production.EMAIL_HOST_USER == "vanort"
    assert production.EMAIL_USE_TLS is True
    assert production.EMAIL_TIMEOUT == 10


def test_email_timeout_can_be_set():
    production = load_settings(
        {**PRODUCTION, "EMAIL_HOST": "smtp.example.se", "EMAIL_TIMEOUT": "3"}
    )
    assert production.EMAIL_TIMEOUT == 3


def test_proxy_header_is_trusted_only_when_asked():
    without = load_settings(PRODUCTION)
    with_proxy = load_settings({**PRODUCTION, "BEHIND_TLS_PROXY": "true"})
    assert without.SECURE_PROXY_SSL_HEADER is None
    assert with_proxy.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
