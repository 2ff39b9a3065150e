"""The periodic work: retried notifications, the job lock and disposal (gallring)."""

import csv
import datetime
import io
import socket

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from inventory import joblock
from inventory.interest import ratelimit
from inventory.interest.notifications import (
    send_notification,
    send_pending_notifications,
)
from inventory.interest.retention import dispose_expired, months_before
from inventory.models import (
    DisposalLog,
    InterestFormPage,
    InterestSubmission,
    JobLock,
    RateLimitCounter,
)

pytestmark = pytest.mark.django_db

FORM = "/anmal-intresse/"
UTC = datetime.UTC
NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


# --- Helpers -----------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_down(settings):
    """SMTP pointed at a local port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    return settings


def mail_up(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def housekeeping(*args):
    out = io.StringIO()
    call_command("housekeeping", *args, stdout=out)
    return out.getvalue()


def submit(interest_data, callbacks, **overrides):
    """Send the public form and commit; the stored row."""
    before = set(InterestSubmission.objects.values_list("pk", flat=True))
    with callbacks(execute=True):
        response = Client().post(FORM, interest_data(**overrides))
    assert response.status_code == 303
    (pk,) = set(InterestSubmission.objects.values_list("pk", flat=True)) - before
    return InterestSubmission.objects.get(pk=pk)


def received(page, name, when):
    """A submission on ``page`` received at ``when`` (already notified)."""
    row = InterestSubmission.objects.create(
        page=page,
        language="sv",
        organisation_type="association",
        organisation_name=name,
        organisation_number="212000-1371",
        contact_name="Anna Andersson",
        email="anna@example.org",
        town="Kungälv",
        message="=1+1",
        notified_at=when,
    )
    InterestSubmission.objects.filter(pk=row.pk).update(created_at=when)
    row.refresh_from_db()
    return row


def notifications():
    """The e-mails to the staff about interest submissions (housekeeping sends other
    mail too, and each submitter is sent a receipt)."""
    return [
        message
        for message in mail.outbox
        if "INT-" in message.subject and "anna@example.org" not in message.to
    ]


def receipts():
    """The receipts sent to the submitter of ``interest_data``."""
    return [message for message in mail.outbox if message.to == ["anna@example.org"]]


def names():
    return set(InterestSubmission.objects.values_list("organisation_name", flat=True))


@pytest.fixture
def retained_page(interest_page):
    interest_page.retention_months = 12
    interest_page.retention_decision = "DHP KS 2024/12, avsnitt 3.4"
    interest_page.full_clean()
    interest_page.save_revision().publish()
    interest_page.refresh_from_db()
    return interest_page


# --- A mail server that is down, then back -----------------------------------------


def test_a_form_sent_while_mail_is_down_is_kept_and_sent_later(
    interest_page,
    interest_data,
    mail_down,
    settings,
    django_capture_on_commit_callbacks,
):
    row = submit(interest_data, django_capture_on_commit_callbacks)
    with pytest.raises(CommandError):
        housekeeping()
    row.refresh_from_db()
    assert row.notified_at is None
    assert row.notification_attempts == 1
    assert row.notification_error

    mail_up(settings)
    output = housekeeping()
    assert len(notifications()) == 1
    assert row.reference in notifications()[0].subject
    assert notifications()[0].to == [
        "registrator@kommun.example",
        "internationellt@kommun.example",
    ]
    # The notification and the submitter's receipt.
    assert "2 sent, 0 failed" in output
    assert len(receipts()) == 1
    row.refresh_from_db()
    assert row.notified_at is not None
    assert row.notification_attempts == 2
    assert row.notification_error == ""
    assert row.receipt_sent_at is not None
    assert row.receipt_attempts == 2

    housekeeping()
    assert len(notifications()) == 1
    assert len(receipts()) == 1


def test_housekeeping_says_so_when_mail_is_still_down(
    interest_page, interest_data, mail_down, django_capture_on_commit_callbacks
):
    row = submit(interest_data, django_capture_on_commit_callbacks)
    for attempts in (1, 2):
        with pytest.raises(CommandError):
            housekeeping()
        row.refresh_from_db()
        assert row.notified_at is None
        assert row.notification_attempts == attempts
        assert row.notification_claimed_at is None
    # The failed run let go of the lock: the next run works.
    assert joblock.acquire("housekeeping") is not None


def test_a_notification_is_sent_once_however_often_it_is_asked_for(
    interest_page, interest_data, django_capture_on_commit_callbacks
):
    row = submit(interest_data, django_capture_on_commit_callbacks)
    assert notifications() == []
    assert send_notification(row.pk) == "sent"
    assert len(notifications()) == 1
    assert send_notification(row.pk) == "skipped"
    assert send_pending_notifications() == (1, 0, 0)  # the receipt, not again
    assert send_pending_notifications() == (0, 0, 0)
    housekeeping()
    assert len(notifications()) == 1
    assert len(receipts()) == 1


def test_a_notification_claimed_by_another_run_is_left_to_it(
    interest_page,
    interest_data,
    mail_down,
    settings,
    django_capture_on_commit_callbacks,
):
    row = submit(interest_data, django_capture_on_commit_callbacks)
    mail_up(settings)
    InterestSubmission.objects.filter(pk=row.pk).update(
        notification_claimed_at=timezone.now(), receipt_claimed_at=timezone.now()
    )
    assert send_pending_notifications() == (0, 0, 0)
    assert mail.outbox == []
    # A claim from a run that died long ago is taken over.
    InterestSubmission.objects.filter(pk=row.pk).update(
        notification_claimed_at=timezone.now() - datetime.timedelta(hours=1),
        receipt_claimed_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert send_pending_notifications() == (2, 0, 0)
    assert len(notifications()) == 1
    assert len(receipts()) == 1


def test_a_held_lock_makes_a_second_run_do_nothing(
    interest_page,
    interest_data,
    mail_down,
    settings,
    django_capture_on_commit_callbacks,
):
    row = submit(interest_data, django_capture_on_commit_callbacks)
    mail_up(settings)
    holder = joblock.acquire("housekeeping")
    assert holder is not None
    output = housekeeping()
    assert "nothing done" in output
    assert notifications() == []
    row.refresh_from_db()
    assert row.notified_at is None

    joblock.release("housekeeping", holder)
    housekeeping()
    assert len(notifications()) == 1


def test_a_lock_left_by_a_dead_run_expires(interest_page):
    JobLock.objects.create(
        name="housekeeping",
        locked_until=timezone.now() - datetime.timedelta(minutes=1),
        holder="old-server:123",
    )
    assert "Housekeeping done" in housekeeping()


def test_only_one_holder_at_a_time(db):
    first = joblock.acquire("job")
    assert first is not None
    assert joblock.acquire("job") is None
    with joblock.job_lock("job") as acquired:
        assert acquired is False
    joblock.release("job", "someone-else")
    assert joblock.acquire("job") is None
    joblock.release("job", first)
    with joblock.job_lock("job") as acquired:
        assert acquired is True
        assert joblock.acquire("job") is None
    assert joblock.acquire("job") is not None


def test_housekeeping_removes_old_rate_limit_counters(interest_page):
    old = RateLimitCounter.objects.create(
        key="a" * 64, window_start=timezone.now() - datetime.timedelta(days=2), count=3
    )
    assert ratelimit.hit("interest", "192.0.2.1", limit=5, seconds=600).allowed
    housekeeping()
    assert not RateLimitCounter.objects.filter(pk=old.pk).exists()
    assert RateLimitCounter.objects.count() == 1


# --- Retention ---------------------------------------------------------------------


def test_nothing_is_disposed_of_without_a_retention_period(interest_page):
    received(interest_page, "Tjugo år gammal", NOW - datetime.timedelta(days=7300))
    assert dispose_expired(now=NOW) == []
    assert housekeeping()
    assert names() == {"Tjugo år gammal"}
    assert DisposalLog.objects.count() == 0


def test_nothing_is_disposed_of_without_a_decision(interest_page):
    # Saved past validation (e.g. by a script): the period alone allows nothing.
    InterestFormPage.objects.filter(pk=interest_page.pk).update(
        retention_months=12, retention_decision=""
    )
    received(interest_page, "Gammal", NOW - datetime.timedelta(days=800))
    assert dispose_expired(now=NOW) == []
    assert names() == {"Gammal"}


def test_submissions_past_the_retention_period_are_disposed_of_and_logged(
    retained_page, en_interest_page
):
    cutoff = datetime.datetime(2025, 6, 15, 12, 0, tzinfo=UTC)
    oldest = received(retained_page, "Äldst", datetime.datetime(2023, 2, 1, tzinfo=UTC))
    received(retained_page, "Strax för gammal", cutoff - datetime.timedelta(seconds=1))
    newest_gone = InterestSubmission.objects.get(organisation_name="Strax för gammal")
    received(retained_page, "Precis på gränsen", cutoff)
    received(retained_page, "Ny", NOW - datetime.timedelta(days=30))
    # Another form without a retention decision keeps everything.
    received(en_interest_page, "Old English", datetime.datetime(2020, 1, 1, tzinfo=UTC))

    logs = dispose_expired(now=NOW)

    assert names() == {"Precis på gränsen", "Ny", "Old English"}
    assert len(logs) == 1
    log = DisposalLog.objects.get()
    assert log.count == 2
    assert log.received_from == oldest.created_at
    assert log.received_until == newest_gone.created_at
    assert log.retention_months == 12
    assert log.decision == "DHP KS 2024/12, avsnitt 3.4"
    assert log.form_title == "Anmäl intresse"
    assert log.exported_to == ""

    assert dispose_expired(now=NOW) == []
    assert DisposalLog.objects.count() == 1


def test_disposal_can_export_what_it_disposes_of_first(retained_page, tmp_path):
    old = received(retained_page, "Gammal förening", NOW - datetime.timedelta(days=800))
    received(retained_page, "Ny förening", NOW - datetime.timedelta(days=10))
    export_dir = tmp_path / "gallring"

    output = housekeeping("--export-before-disposal", str(export_dir))

    assert names() == {"Ny förening"}
    files = list(export_dir.iterdir())
    assert len(files) == 1
    log = DisposalLog.objects.get()
    assert log.exported_to == str(files[0])
    assert str(files[0]) in output
    with files[0].open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1
    assert rows[0]["id"] == str(old.pk)
    assert rows[0]["organisation_name"] == "Gammal förening"
    assert rows[0]["organisation_number"] == "212000-1371"
    # Formula-like text stays text in the export too.
    assert rows[0]["message"] == "'=1+1"


def test_housekeeping_disposes_of_what_is_past_retention(retained_page):
    received(retained_page, "Gammal", timezone.now() - datetime.timedelta(days=2 * 365))
    received(retained_page, "Ny", timezone.now() - datetime.timedelta(days=30))
    output = housekeeping()
    assert names() == {"Ny"}
    assert "DHP KS 2024/12" in output
    assert DisposalLog.objects.get().count == 1


@pytest.mark.parametrize(
    ("months", "decision", "field"),
    [
        (12, "", "retention_decision"),
        (12, "   ", "retention_decision"),
        (0, "DHP KS 2024/12", "retention_months"),
    ],
)
def test_a_retention_period_needs_a_decision(interest_page, months, decision, field):
    interest_page.retention_months = months
    interest_page.retention_decision = decision
    with pytest.raises(ValidationError) as error:
        interest_page.full_clean()
    assert field in error.value.message_dict


def test_a_retention_period_with_a_decision_is_valid(interest_page):
    interest_page.retention_months = 36
    interest_page.retention_decision = "DHP KS 2024/12"
    interest_page.full_clean()


def test_an_invalid_recipient_is_a_validation_error(interest_page):
    interest_page.notification_recipients = "registrator@kommun.example, inte-en-adress"
    with pytest.raises(ValidationError) as error:
        interest_page.full_clean()
    assert "notification_recipients" in error.value.message_dict


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        ((2025, 3, 31), 1, (2025, 2, 28)),
        ((2024, 3, 31), 1, (2024, 2, 29)),
        ((2024, 2, 29), 12, (2023, 2, 28)),
        ((2028, 2, 29), 48, (2024, 2, 29)),
        ((2025, 1, 31), 1, (2024, 12, 31)),
        ((2025, 1, 15), 13, (2023, 12, 15)),
        ((2025, 12, 31), 1, (2025, 11, 30)),
        ((2025, 5, 31), 3, (2025, 2, 28)),
        ((2025, 7, 31), 1, (2025, 6, 30)),
        ((2025, 6, 15), 0, (2025, 6, 15)),
        ((2025, 6, 15), 120, (2015, 6, 15)),
    ],
)
def test_months_before(moment, months, expected):
    start = datetime.datetime(*moment, 13, 45, 7, tzinfo=UTC)
    assert months_before(start, months) == datetime.datetime(
        *expected, 13, 45, 7, tzinfo=UTC
    )
