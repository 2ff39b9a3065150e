"""Time the public project inventory over many projects, against floors.

Builds a temporary SQLite database (or uses DATABASE_URL if you point it at an
empty PostgreSQL database), loads the demo site, generates --count projects with
``generate_projects``, then times each view next to a floor measured in the same
run: the bare query the view cannot avoid.

    .venv/bin/python benchmarks/inventory.py --count 10000
"""

import argparse
import csv
import io
import sys

from harness import count_queries, generated_site, median_ms


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    generated_site(args.count)
    from django.db import connection
    from django.test import Client

    from inventory.models import Project

    client = Client()
    live = Project.objects.filter(live=True, locale__language_code="sv")

    def get(url):
        def fetch():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            b"".join(response) if response.streaming else response.content

        return fetch

    def floor_page():
        list(live.order_by("-start_date", "title").values_list("pk", "title")[:20])

    def floor_csv():
        out = io.StringIO()
        writer = csv.writer(out)
        for values in live.values_list("title", "slug", "status", "start_date"):
            writer.writerow(values)

    cases = [
        ("floor: first 20 rows", floor_page),
        ("list /projekt/", get("/projekt/")),
        ("list, filtered", get("/projekt/?status=ongoing&priority_area=1&q=klimat")),
        ("list, page 200", get("/projekt/?page=200")),
        ("coverage matrix", get("/projekt/coverage/")),
        ("floor: all rows as CSV", floor_csv),
        ("CSV export, all rows", get("/projekt/export/csv/")),
    ]
    out = sys.stdout
    out.write(f"{args.count} generated projects, {connection.vendor}\n")
    out.write(f"{'case':<28}{'median ms':>10}{'queries':>9}\n")
    for label, fn in cases:
        queries = count_queries(fn)
        runs = max(3, args.runs // 4) if "CSV" in label else args.runs
        out.write(f"{label:<28}{median_ms(fn, runs):>10.1f}{queries:>9}\n")


if __name__ == "__main__":
    main()
