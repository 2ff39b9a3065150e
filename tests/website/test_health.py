"""``/health/`` for load balancers: its answers, its speed, and what it never says.

Every failure here is real: a database file that cannot be opened, a Redis port
that refuses, a Redis server that never answers, an S3 endpoint that refuses.
"""

import json
import socket
import threading
import time

import pytest
from botocore.config import Config
from django.db import connections

from tests.website.test_settings import PRODUCTION, load_settings

HEALTH = "/health/"
CHECKS = {"database", "cache", "storage"}
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@pytest.fixture(autouse=True)
def _no_check_left_waiting():
    """A check that outlived its request is counted as an error until it ends: wait
    for it (its dependency has gone away by then), so the next test starts clean."""
    yield
    for thread in threading.enumerate():
        if thread.name.startswith("vanort-health-"):
            thread.join(10)
            assert not thread.is_alive(), f"{thread.name} still waits"


@pytest.fixture
def unreachable_database(tmp_path):
    """New connections to the default database go to a SQLite file in a directory
    that does not exist, so opening one fails ("unable to open database file").

    Django opens a connection per thread, from ``connections.settings``; the health
    check's thread opens a new one, while the test's own connection, open already,
    is left as it is. ``override_settings(DATABASES=...)`` would not do: the
    connections read their settings once.
    """
    config = connections.settings["default"]
    missing = tmp_path / "missing" / "db.sqlite3"
    connections.settings["default"] = {**config, "NAME": str(missing)}
    yield
    connections.settings["default"] = config


@pytest.fixture
def silent_redis(settings):
    """The default cache is a "Redis server" that accepts connections and never
    answers: a socket that listens, with nobody to accept. Closing it at the end
    resets the connections, which ends the check still waiting on it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    port = server.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }
    yield
    server.close()


def answer(response):
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_all_checks_ok(client, db):
    response = client.get(HEALTH)
    assert response.status_code == 200
    assert answer(response) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }


def test_never_cached_by_the_page_cache_or_anyone(client, db, settings):
    settings.VANORT_PAGE_CACHE = "pages"
    for _ in range(2):
        response = client.get(HEALTH)
        assert response.status_code == 200
        assert response["X-Cache"] == "skip"
        assert "no-store" in response["Cache-Control"]


def test_the_security_headers_leave_it_alone(client, db):
    response = client.get(HEALTH)
    assert response["Content-Security-Policy"]
    assert answer(response)["status"] == "ok"


def test_head_answers_without_a_body(client, db):
    response = client.head(HEALTH)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == b""


def test_post_is_not_allowed(client, db):
    assert client.post(HEALTH).status_code == 405


def test_not_under_a_language_prefix(client, db):
    assert client.get("/en" + HEALTH).status_code == 404


def test_database_error_is_a_503(client, db, unreachable_database):
    response = client.get(HEALTH)
    assert response.status_code == 503
    assert answer(response) == {
        "status": "error",
        "checks": {"database": "error", "cache": "ok", "storage": "ok"},
    }
    assert b"unable to open" not in response.content


def test_cache_error_is_degraded_but_200(client, db, settings):
    settings.CACHES = UNREACHABLE_REDIS
    response = client.get(HEALTH)
    assert response.status_code == 200
    body = answer(response)
    assert body == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "error", "storage": "ok"},
    }
    text = response.content.decode().lower()
    for leak in ("refused", "redis", "127.0.0.1", "version", "traceback"):
        assert leak not in text


def test_storage_error_is_degraded_but_200(client, db, settings):
    """S3 storage at an endpoint that refuses connections, without retries."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "vanort-health",
                "endpoint_url": "http://127.0.0.1:1",
                "access_key": "test",
                "secret_key": "test",
                "region_name": "eu-north-1",
                "client_config": Config(retries={"total_max_attempts": 1}),
            },
        },
    }
    response = client.get(HEALTH)
    assert response.status_code == 200
    assert answer(response) == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "ok", "storage": "error"},
    }


def test_a_hung_dependency_is_an_error_within_a_second(client, db, silent_redis):
    started = time.monotonic()
    response = client.get(HEALTH)
    elapsed = time.monotonic() - started
    assert elapsed < 1.2
    assert response.status_code == 200
    assert answer(response)["checks"] == {
        "database": "ok",
        "cache": "error",
        "storage": "ok",
    }
    # While the first check still waits, the next answer does not wait again.
    started = time.monotonic()
    response = client.get(HEALTH)
    assert time.monotonic() - started < 0.5
    assert answer(response)["checks"]["cache"] == "error"
    assert sum(t.name == "vanort-health-cache" for t in threading.enumerate()) == 1


def test_the_deadline_is_a_setting(client, db, silent_redis, settings):
    settings.VANORT_HEALTH_TIMEOUT = 0.2
    started = time.monotonic()
    response = client.get(HEALTH)
    assert time.monotonic() - started < 0.6
    assert answer(response)["checks"]["cache"] == "error"


def test_postgres_gives_up_a_connect_after_five_seconds():
    production = load_settings(
        {**PRODUCTION, "DATABASE_URL": "postgres://vanort:x@db.example:5432/vanort"}
    )
    options = production.DATABASES["default"]["OPTIONS"]
    assert options["connect_timeout"] == 5
    assert options["options"] == "-c lock_timeout=20000"
