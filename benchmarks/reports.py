"""Time building a tertial report over many projects, against a floor.

Builds a temporary SQLite database (or uses DATABASE_URL if you point it at an
empty PostgreSQL database), loads the demo site, generates --count projects with
``generate_projects``, then times ``build_report`` and the public report page
next to a floor measured in the same run: one aggregate query over the same
projects (sum of budgets per currency), the least any report must cost.

    .venv/bin/python benchmarks/reports.py --count 10000
"""

import argparse
import sys

from harness import count_queries, generated_site, median_ms


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    generated_site(args.count)
    from django.db import connection
    from django.db.models import Sum
    from django.test import Client
    from wagtail.models import Locale

    from inventory.models import Project
    from inventory.reports.figures import build_report, report_xlsx
    from inventory.reports.periods import ReportingPeriod

    client = Client()
    locale = Locale.objects.get(language_code="sv")
    period = ReportingPeriod(2026, "T2")
    live = Project.objects.filter(live=True, locale=locale)
    data = build_report(period, locale)

    def floor():
        list(live.values("currency").annotate(total=Sum("total_budget")).order_by())

    def report():
        build_report(period, locale)

    def xlsx():
        report_xlsx(data)

    def page():
        response = client.get("/projekt/rapporter/2026-t2/")
        assert response.status_code == 200, response.status_code

    cases = [
        ("floor: one aggregate query", floor),
        ("build_report 2026-T2", report),
        ("XLSX from the report data", xlsx),
        ("published report page", page),
    ]
    out = sys.stdout
    out.write(
        f"{args.count} generated projects, {connection.vendor}; "
        f"{data['totals']['active']} active in {period.key}\n"
    )
    out.write(f"{'case':<30}{'median ms':>10}{'queries':>9}\n")
    for label, fn in cases:
        queries = count_queries(fn)
        out.write(f"{label:<30}{median_ms(fn, args.runs):>10.1f}{queries:>9}\n")


if __name__ == "__main__":
    main()
