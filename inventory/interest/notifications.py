"""E-mail about new interest submissions, sent by the periodic command.

No SMTP conversation happens inside a citizen's request: the form view commits the
row, which is the pending notification, and ``housekeeping`` sends it. A
notification is claimed with a conditional UPDATE before it is sent, so any number
of periodic runs never send the same one twice at once; the whole conversation has
a deadline (``INTEREST_NOTIFY_TIMEOUT``), and a failed send leaves the row pending
for the next run.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from inventory import mail
from inventory.interest.models import InterestSubmission

logger = logging.getLogger(__name__)

# A claim older than this is taken to belong to a run that died half-way.
CLAIM_LEASE = datetime.timedelta(minutes=5)
SENT, FAILED, SKIPPED = "sent", "failed", "skipped"
# After this many failures in a row the mail server is taken to be down, and the
# rest wait for the next run instead of each waiting out its deadline.
GIVE_UP_AFTER = 3


def _claim(pk):
    now = timezone.now()
    return (
        InterestSubmission.objects.filter(pk=pk, notified_at__isnull=True)
        .filter(
            Q(notification_claimed_at__isnull=True)
            | Q(notification_claimed_at__lt=now - CLAIM_LEASE)
        )
        .update(notification_claimed_at=now)
        == 1
    )


def _message(submission, recipients, connection):
    with translation.override(settings.LANGUAGE_CODE):
        base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
        admin_url = base_url + reverse(
            "interest_submissions:inspect", args=[submission.pk]
        )
        context = {"submission": submission, "admin_url": admin_url}
        # The subject is fixed text and a number: nothing the citizen typed goes
        # into a header.
        subject = render_to_string(
            "inventory/interest/email/notification_subject.txt", context
        )
        body = render_to_string("inventory/interest/email/notification.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=recipients,
        connection=connection,
    )


def _no_recipients():
    with translation.override(settings.LANGUAGE_CODE):
        return str(_("No recipients are set for this form."))


def send_notification(pk):
    """Send the notification of one submission unless another run is sending it.

    Returns "sent", "failed" or "skipped" (claimed elsewhere or already sent).
    """
    if not _claim(pk):
        return SKIPPED
    submission = (
        InterestSubmission.objects.select_related("page", "project__unit")
        .prefetch_related("priority_areas", "partners")
        .filter(pk=pk)
        .first()
    )
    if submission is None:  # disposed of or deleted since it was claimed
        return SKIPPED
    recipients = submission.notification_recipients()
    try:
        if recipients:
            _message(submission, recipients, mail.get_connection()).send()
    except Exception as exc:
        logger.warning(
            "Notification of interest submission %s failed: %s", pk, type(exc).__name__
        )
        InterestSubmission.objects.filter(pk=pk).update(
            notification_claimed_at=None,
            notification_attempts=min(submission.notification_attempts + 1, 32000),
            notification_error=f"{type(exc).__name__}: {exc}"[:255],
        )
        return FAILED
    InterestSubmission.objects.filter(pk=pk).update(
        notified_at=timezone.now(),
        notification_claimed_at=None,
        notification_attempts=min(submission.notification_attempts + 1, 32000),
        # Nothing to retry, but the record says that nobody was told.
        notification_error="" if recipients else _no_recipients(),
    )
    return SENT


def send_pending_notifications():
    """Send every notification not yet sent, oldest first; returns (sent, failed,
    left), ``left`` being those not tried because the mail server seems down."""
    sent = failed = in_a_row = 0
    pending = list(
        InterestSubmission.objects.filter(notified_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for done, pk in enumerate(pending):
        if in_a_row >= GIVE_UP_AFTER:
            return sent, failed, len(pending) - done
        try:
            outcome = send_notification(pk)
        except Exception:
            logger.exception("Notification of interest submission %s failed", pk)
            outcome = FAILED
        sent += outcome == SENT
        failed += outcome == FAILED
        in_a_row = in_a_row + 1 if outcome == FAILED else 0
    return sent, failed, 0
