"""The interest form's rate limit with Redis: a real redis-server, several processes.

Run by CI after it installs redis-server (``make test-redis``); ``make test`` covers
the database counter that the default SQLite set-up uses.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import caches

from inventory.interest import ratelimit
from tests.servers import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
WORKER = """
import django, os, sys
django.setup()
from inventory.interest import ratelimit
allowed = sum(
    ratelimit.hit("interest", "203.0.113.9", limit=5, seconds=86400).allowed
    for _ in range(int(sys.argv[1]))
)
sys.stdout.write(str(allowed))
"""


@pytest.fixture(scope="module")
def redis_url():
    if not Path(REDIS_SERVER).exists():
        pytest.fail(
            "redis-server is not installed; install it with "
            "`apt-get install -y redis-server` (CI does).",
            pytrace=False,
        )
    port = free_port()
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("redis-server did not start", pytrace=False)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_limit(settings, redis_url):
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        },
    }
    settings.VANORT_RATE_LIMIT_CACHE = "ratelimit"
    caches["ratelimit"].clear()
    return redis_url


def test_redis_counts_and_stops_at_the_limit(redis_limit, db):
    verdicts = [
        ratelimit.hit("interest", "198.51.100.7", limit=3, seconds=86400)
        for _ in range(5)
    ]
    assert [v.allowed for v in verdicts] == [True, True, True, False, False]
    assert 0 < verdicts[-1].retry_after <= 86401
    # Nothing was counted in the database: Redis holds the counters.
    from inventory.models import RateLimitCounter

    assert not RateLimitCounter.objects.exists()
    # Another client has its own count.
    assert ratelimit.hit("interest", "198.51.100.8", limit=3, seconds=86400).allowed


def test_redis_limit_holds_across_processes(redis_limit):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "redis-test-" + "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "REDIS_URL": redis_limit,
        "PYTHONPATH": str(REPO_ROOT),
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, "4"],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    allowed = 0
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err[-2000:]
        allowed += int(out)
    # Twelve requests from one client across three processes: exactly five pass.
    assert allowed == 5
