"""Write the tertial or year-end report for a period as XLSX, CSV or JSON."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import Locale

from inventory.models import ReportingSettings, ReportSnapshot
from inventory.reports.figures import build_report, report_csv, report_xlsx
from inventory.reports.periods import PeriodError


class Command(BaseCommand):
    help = (
        "Write the report for a period (e.g. 2026-T2, 2026-B) as xlsx, csv or json. "
        "A published report is written as it was published."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="e.g. 2026-T1")
        parser.add_argument(
            "--format", choices=["xlsx", "csv", "json"], default="xlsx", dest="fmt"
        )
        parser.add_argument(
            "--output", default="-", help="The file to write; '-' (default) is stdout."
        )
        parser.add_argument("--locale", default=None, help="Language code, e.g. sv.")

    def handle(self, *args, period, fmt, output, locale, **options):
        reporting = ReportingSettings.load()
        try:
            period = reporting.period(period)
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        today = timezone.localdate()
        if not period.has_started(today):
            raise CommandError(
                f"{period.key} has not started yet: it runs from "
                f"{period.start.isoformat()} to {period.end.isoformat()}."
            )
        try:
            locale = (
                Locale.objects.get(language_code=locale)
                if locale
                else Locale.get_default()
            )
        except Locale.DoesNotExist as exc:
            raise CommandError(f"No language '{locale}'.") from exc
        if fmt == "xlsx" and output == "-":
            raise CommandError("Give --output FILE for xlsx; it is not text.")

        snapshot = ReportSnapshot.objects.filter(
            locale=locale, period_key=period.key
        ).first()
        if snapshot:
            self.stderr.write(
                f"{period.key}: the report published {snapshot.published_at:%Y-%m-%d}."
            )
            data = snapshot.data
        else:
            if not period.is_complete(today):
                self.stderr.write(
                    f"{period.key} ends on {period.end.isoformat()}: "
                    "preliminary figures."
                )
            self.stderr.write(f"{period.key}: computing the report…")
            data = build_report(period, locale)

        if fmt == "xlsx":
            body = report_xlsx(data)
        elif fmt == "csv":
            body = report_csv(data)
        else:
            body = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        if output == "-":
            self.stdout.write(body, ending="")
        else:
            binary = isinstance(body, bytes)
            try:
                with open(
                    output,
                    "wb" if binary else "w",
                    encoding=None if binary else "utf-8",
                    newline=None if binary else "",
                ) as handle:
                    handle.write(body)
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc}") from exc
            self.stderr.write(f"Wrote {output}.")
