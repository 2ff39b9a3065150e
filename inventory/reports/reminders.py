"""E-mail each unit, before a cut-off, the projects it has yet to review.

Once per unit and period, however often and on however many servers the
periodic job runs: a process first claims (unit, period) in the database, where
a unique constraint lets only one claim succeed, and sends only if it won.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from inventory import mail
from inventory.projects.models import OrganisationalUnit, Project
from inventory.reports.models import STALE_CLAIM, ReportingSettings, ReviewReminder
from inventory.reports.periods import last_cutoff, next_period

logger = logging.getLogger(__name__)


def _claim(unit, period_key, now):
    """Whether this process may send the unit's reminder for the period."""
    try:
        with transaction.atomic():
            ReviewReminder.objects.create(
                unit=unit, period_key=period_key, claimed_at=now
            )
        return True
    except IntegrityError:
        # Taken: sent already, being sent, or left behind by a process that died
        # before sending. Only the last may be taken over, and only by one taker.
        return bool(
            ReviewReminder.objects.filter(
                unit=unit,
                period_key=period_key,
                sent_at__isnull=True,
                claimed_at__lt=now - STALE_CLAIM,
            ).update(claimed_at=now)
        )


def send_review_reminders(*, today=None) -> int:
    """Send the reminders due today; return how many were sent.

    Due means: the next cut-off is at most the configured lead time away. Each
    unit with a contact address and active projects not reviewed since the last
    cut-off gets one e-mail per period. A failed send releases the claim, so the
    next run tries again. A unit without an address gets none; the dashboard's
    review panel names it.
    """
    today = today or timezone.localdate()
    reporting = ReportingSettings.load()
    cutoffs = reporting.cutoffs
    period = next_period(today, cutoffs)
    if (period.end - today).days > reporting.reminder_lead_days:
        return 0
    locale = Locale.get_default()
    units = {
        unit.pk: unit
        for unit in OrganisationalUnit.objects.filter(locale=locale).exclude(
            contact_email=""
        )
    }
    waiting = {}
    for project in (
        Project.objects.due_for_review(last_cutoff(today, cutoffs))
        .filter(unit__in=list(units))
        .order_by("unit_id", "sort_title")
        .only("pk", "title", "unit_id", "last_reviewed")
    ):
        waiting.setdefault(project.unit_id, []).append(project)

    sent = 0
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    with translation.override(locale.language_code):
        for unit_id, projects in waiting.items():
            unit = units[unit_id]
            now = timezone.now()
            if not _claim(unit, period.key, now):
                continue
            context = {
                "unit": unit,
                "period": period,
                "since": last_cutoff(today, cutoffs),
                "projects": [
                    (
                        project,
                        base_url
                        + reverse(
                            "wagtailsnippets_inventory_project:edit", args=[project.pk]
                        ),
                    )
                    for project in projects
                ],
            }
            # The subject holds only our own words and dates, no user input.
            subject = _("Projects to review before %(date)s (%(period)s)") % {
                "date": period.end.isoformat(),
                "period": period.label,
            }
            message = EmailMessage(
                subject,
                render_to_string(
                    "inventory/reports/email/review_reminder.txt", context
                ),
                to=[unit.contact_email],
                connection=mail.get_connection(),
            )
            try:
                message.send()
            except Exception:
                # Release the claim so that the next run sends it after all.
                logger.exception("Review reminder to unit %s failed", unit.pk)
                ReviewReminder.objects.filter(
                    unit=unit, period_key=period.key, sent_at__isnull=True
                ).delete()
                continue
            ReviewReminder.objects.filter(unit=unit, period_key=period.key).update(
                sent_at=timezone.now()
            )
            sent += 1
    return sent
