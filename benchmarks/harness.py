"""What the inventory benchmarks share: a throwaway site full of generated projects,
and timing and query counting of one case at a time."""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def generated_site(count, seed=1):
    """Set Django up on a temporary SQLite database (or DATABASE_URL, if set to an
    empty database), load the demo site and ``count`` generated projects."""
    workdir = tempfile.mkdtemp(prefix="vanort-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "website.settings.test"
    os.environ["MEDIA_ROOT"] = f"{workdir}/media"
    os.environ["STATIC_ROOT"] = f"{workdir}/static"

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    call_command(
        "generate_projects",
        count=count,
        seed=seed,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def median_ms(fn, runs):
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def count_queries(fn):
    from django.db import connection

    queries = []

    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    return len(queries)
