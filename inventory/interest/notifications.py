"""E-mail about new interest submissions: the notification to the staff and the
receipt to the submitter, sent by the task worker or the periodic command.

No SMTP conversation happens inside a citizen's request: the form view commits the
row, which is the pending notification and receipt, and the task worker or
``housekeeping`` sends them. Each is claimed with a conditional UPDATE before it is
sent, so any number of workers and periodic runs never send the same one twice; the
whole conversation has a deadline (``INTEREST_NOTIFY_TIMEOUT``), and a failed send
leaves it pending for the next run.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
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
# The mail server refused the address itself: given up for good, and no sign that
# the server is down.
REFUSED = "refused"
# After this many failures in a row the mail server is taken to be down, and the
# rest wait for the next run instead of each waiting out its deadline.
GIVE_UP_AFTER = 3


def _claim(pending, claimed_field):
    """Whether this run took the one row of ``pending`` for itself: unclaimed, or
    claimed by a run that died."""
    now = timezone.now()
    free = Q(**{f"{claimed_field}__isnull": True}) | Q(
        **{f"{claimed_field}__lt": now - CLAIM_LEASE}
    )
    return pending.filter(free).update(**{claimed_field: now}) == 1


def _pending_notifications():
    return InterestSubmission.objects.filter(notified_at__isnull=True)


def _pending_receipts():
    return InterestSubmission.objects.filter(
        receipt_due=True, receipt_sent_at__isnull=True
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
    if not _claim(_pending_notifications().filter(pk=pk), "notification_claimed_at"):
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


def _deliverable(address):
    """Whether ``address`` is one e-mail address and nothing else (no display name,
    no second address, no line break that could start another header)."""
    if not address or address != address.strip() or len(address) > 254:
        return False
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def _receipt(submission, connection):
    page = submission.page
    with translation.override(submission.language or settings.LANGUAGE_CODE):
        facts = page.privacy_facts()
        context = {
            "submission": submission,
            "page": page,
            "next_steps": page.next_steps_text(),
            "contact_phone": page.contact_phone.strip(),
            "privacy_url": page.privacy_notice_url(),
            **facts,
        }
        # Fixed text and the reference: nothing the citizen typed goes into a
        # header, or into the body either (the address could be someone else's).
        subject = render_to_string(
            "inventory/interest/email/receipt_subject.txt", context
        )
        body = render_to_string("inventory/interest/email/receipt.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[submission.email],
        reply_to=[facts["contact"]] if facts["contact"] else None,
        connection=connection,
    )


def _give_up_receipt(pk, reason):
    """Never try this receipt again, and say why in the record."""
    InterestSubmission.objects.filter(pk=pk).update(
        receipt_due=False, receipt_claimed_at=None, receipt_error=reason[:255]
    )


def send_receipt(pk):
    """Send the receipt of one submission to the address it gave, unless it is sent,
    being sent, or not due. Returns "sent", "failed" or "skipped"."""
    if not _claim(_pending_receipts().filter(pk=pk), "receipt_claimed_at"):
        return SKIPPED
    submission = (
        InterestSubmission.objects.select_related("page__locale").filter(pk=pk).first()
    )
    if submission is None:  # disposed of or deleted since it was claimed
        return SKIPPED
    if submission.page is None:
        _give_up_receipt(pk, "No receipt: the form page has been deleted.")
        return SKIPPED
    if not _deliverable(submission.email):
        # The form refuses such an address; a row changed since is never sent on.
        _give_up_receipt(pk, "No receipt: the address is not a valid e-mail address.")
        return SKIPPED
    attempts = min(submission.receipt_attempts + 1, 32000)
    try:
        _receipt(submission, mail.get_connection()).send()
    except smtplib.SMTPRecipientsRefused as exc:
        # The mail server will not take this address, however often it is asked.
        logger.warning("Receipt of interest submission %s refused by the server", pk)
        InterestSubmission.objects.filter(pk=pk).update(receipt_attempts=attempts)
        _give_up_receipt(pk, f"{type(exc).__name__}: {exc}")
        return REFUSED
    except Exception as exc:
        logger.warning(
            "Receipt of interest submission %s failed: %s", pk, type(exc).__name__
        )
        InterestSubmission.objects.filter(pk=pk).update(
            receipt_claimed_at=None,
            receipt_attempts=attempts,
            receipt_error=f"{type(exc).__name__}: {exc}"[:255],
        )
        return FAILED
    InterestSubmission.objects.filter(pk=pk).update(
        receipt_sent_at=timezone.now(),
        receipt_claimed_at=None,
        receipt_attempts=attempts,
        receipt_error="",
    )
    return SENT


def send_pending_notifications():
    """Send every e-mail not yet sent, oldest first: the notifications to the staff,
    then the receipts to the submitters. Returns (sent, failed, left), ``left``
    being those not tried because the mail server seems down."""
    sent = failed = in_a_row = 0
    pending = [
        *(
            (send_notification, "Notification", pk)
            for pk in _pending_notifications()
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        *(
            (send_receipt, "Receipt", pk)
            for pk in _pending_receipts().order_by("pk").values_list("pk", flat=True)
        ),
    ]
    for done, (send, kind, pk) in enumerate(pending):
        if in_a_row >= GIVE_UP_AFTER:
            return sent, failed, len(pending) - done
        try:
            outcome = send(pk)
        except Exception:
            logger.exception("%s of interest submission %s failed", kind, pk)
            outcome = FAILED
        sent += outcome == SENT
        failed += outcome in (FAILED, REFUSED)
        in_a_row = in_a_row + 1 if outcome == FAILED else 0
    return sent, failed, 0
