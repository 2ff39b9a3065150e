"""Time rendering the demo pages against a floor, in one run on one database.

The floor is a Django view that returns a fixed string through the same middleware
stack (sessions, locale, CSP, WhiteNoise), so the difference is what Wagtail's page
routing, our templates and their queries cost.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="vanort-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "website.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{workdir}/media"
    os.environ["STATIC_ROOT"] = f"{workdir}/static"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import path

    from website import urls as site_urls

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())

    def floor(request):
        return HttpResponse("floor")

    urlpatterns = [path("__floor__/", floor), *site_urls.urlpatterns]
    bench_urls = type(sys)("bench_urls")
    bench_urls.urlpatterns = urlpatterns
    sys.modules["bench_urls"] = bench_urls

    targets = ["/__floor__/", "/", "/en/", "/om-webbplatsen/", "/tillganglighet/"]
    client = Client()
    rows = []
    with override_settings(ROOT_URLCONF="bench_urls"):
        for url in targets:
            queries = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            timings = []
            for _ in range(args.runs):
                start = time.perf_counter()
                client.get(url)
                timings.append(time.perf_counter() - start)
            rows.append((url, statistics.median(timings), len(queries)))

    floor_median = rows[0][1]
    out = sys.stdout
    out.write(f"{'url':<22}{'median ms':>10}{'x floor':>9}{'queries':>9}\n")
    for url, median, count in rows:
        ratio = median / floor_median
        out.write(f"{url:<22}{median * 1000:>10.2f}{ratio:>9.1f}{count:>9}\n")


if __name__ == "__main__":
    main()
