"""Disposal (gallring) of interest submissions under a retention decision.

Nothing is disposed of unless a form page has both a retention period and the
decision that allows it. Each disposal is logged with its count, the period the
submissions were received in and the decision, and can be preceded by an export.
"""

import datetime
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone

from inventory import spreadsheets
from inventory.interest.models import DisposalLog, InterestSubmission
from inventory.interest.pages import InterestFormPage

EXPORT_FIELDS = [
    "id",
    "created_at",
    "organisation_type",
    "organisation_name",
    "organisation_number",
    "contact_name",
    "email",
    "phone",
    "town",
    "project_title",
    "message",
    "status",
    "internal_note",
]


def months_before(moment, months):
    """The same moment ``months`` calendar months earlier, clamped to month end."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def _export(queryset, directory, page, now):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"gallring-{page.pk}-{now:%Y%m%d-%H%M%S}.csv"
    rows = [EXPORT_FIELDS, *queryset.values_list(*EXPORT_FIELDS)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.writelines(spreadsheets.csv_lines(rows))
    return path


def dispose_expired(*, now=None, export_dir=None):
    """Dispose of every submission past its form's retention period.

    Returns the DisposalLog rows written, one per form with anything to dispose of.
    """
    now = now or timezone.now()
    logs = []
    pages = InterestFormPage.objects.filter(retention_months__isnull=False).exclude(
        retention_decision=""
    )
    for page in pages:
        cutoff = months_before(now, page.retention_months)
        with transaction.atomic():
            expired = InterestSubmission.objects.filter(
                page=page, created_at__lt=cutoff
            )
            summary = expired.aggregate(
                count=Count("pk"), first=Min("created_at"), last=Max("created_at")
            )
            if not summary["count"]:
                continue
            exported = _export(expired, export_dir, page, now) if export_dir else ""
            _total, per_model = expired.delete()
            if not per_model.get(InterestSubmission._meta.label):
                continue  # a concurrent run got there first
            logs.append(
                DisposalLog.objects.create(
                    form_title=page.title,
                    count=per_model.get(InterestSubmission._meta.label, 0),
                    received_from=summary["first"],
                    received_until=summary["last"],
                    retention_months=page.retention_months,
                    decision=page.retention_decision,
                    exported_to=str(exported),
                )
            )
    return logs
