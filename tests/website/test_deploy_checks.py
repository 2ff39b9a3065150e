"""The deploy check for several app servers: each store kept on one machine only is
a warning once APP_SERVERS is above 1, and nothing is said with one server."""

import contextlib

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from tests.website.test_settings import PRODUCTION, load_settings

REDIS = {
    alias: {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://redis.example:6379/0",
    }
    for alias in ("default", "pages")
}
FILES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": "/var/cache/vanort",
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": "/var/cache/vanort/pages",
    },
}
S3 = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "vanort"},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
POSTGRES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "vanort",
        "HOST": "db.example",
    }
}


SQLITE = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}


@contextlib.contextmanager
def database(databases):
    """The check reads the setting only; Django warns that an override of
    DATABASES does not reach open connections, which is as meant here."""
    with (
        pytest.warns(UserWarning, match="Overriding setting DATABASES"),
        override_settings(DATABASES=databases),
    ):
        yield


def warnings_of_ours():
    return [
        message
        for message in run_checks(include_deployment_checks=True)
        if message.id.startswith("vanort.")
    ]


def ids():
    return sorted(message.id for message in warnings_of_ours())


def test_one_server_keeps_what_it_likes():
    """The test settings keep everything on this machine: fine for one server."""
    with override_settings(VANORT_APP_SERVERS=1):
        assert ids() == []


@override_settings(VANORT_APP_SERVERS=2)
def test_two_servers_warn_about_every_store_of_one_machine():
    # The test settings: local-memory caches, uploads on disk; and SQLite.
    with database(SQLITE):
        assert ids() == ["vanort.W001", "vanort.W001", "vanort.W002", "vanort.W003"]


@override_settings(VANORT_APP_SERVERS=2, CACHES=FILES)
def test_a_file_cache_is_one_machines_too():
    """What base.py configures without REDIS_URL."""
    messages = [m.msg for m in warnings_of_ours() if m.id == "vanort.W001"]
    assert len(messages) == 2
    assert "'default'" in messages[0]
    assert "'pages'" in messages[1]


@override_settings(VANORT_APP_SERVERS=2)
def test_each_warning_names_the_variable_to_set():
    with database(SQLITE):
        messages = warnings_of_ours()
    hints = {message.id: message.hint for message in messages}
    assert "REDIS_URL" in hints["vanort.W001"]
    assert "DATABASE_URL" in hints["vanort.W002"]
    assert "AWS_STORAGE_BUCKET_NAME" in hints["vanort.W003"]
    assert all(message.is_serious() is False for message in messages)


@override_settings(VANORT_APP_SERVERS=2, CACHES=REDIS, STORAGES=S3)
def test_redis_and_s3_leave_only_the_database():
    with database(SQLITE):
        assert ids() == ["vanort.W002"]


@override_settings(VANORT_APP_SERVERS=3, CACHES=REDIS, STORAGES=S3)
def test_redis_s3_and_postgres_pass():
    with database(POSTGRES):
        assert ids() == []


@pytest.mark.parametrize(
    "engine",
    [
        "django.contrib.sessions.backends.cache",
        "django.contrib.sessions.backends.cached_db",
    ],
)
def test_sessions_in_a_cache_of_one_machine(engine):
    with override_settings(VANORT_APP_SERVERS=2, SESSION_ENGINE=engine):
        assert "vanort.W004" in ids()
    with override_settings(VANORT_APP_SERVERS=2, SESSION_ENGINE=engine, CACHES=REDIS):
        assert "vanort.W004" not in ids()
    with override_settings(VANORT_APP_SERVERS=1, SESSION_ENGINE=engine):
        assert "vanort.W004" not in ids()


def test_sessions_in_the_database_are_shared():
    with override_settings(VANORT_APP_SERVERS=2):
        assert "vanort.W004" not in ids()


def test_app_servers_from_the_environment():
    assert load_settings(PRODUCTION).VANORT_APP_SERVERS == 1
    assert load_settings({**PRODUCTION, "APP_SERVERS": "3"}).VANORT_APP_SERVERS == 3
    assert load_settings({**PRODUCTION, "APP_SERVERS": "0"}).VANORT_APP_SERVERS == 1
