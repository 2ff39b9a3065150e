"""A slow mail server never holds a sender past the deadline, nor loses a form."""

import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend

from inventory.interest.notifications import (
    FAILED,
    send_notification,
    send_pending_notifications,
)
from inventory.mail import EmailBackend
from inventory.models import InterestSubmission

DRIP_SECONDS = 0.5  # between two bytes of the greeting
DRIP_FOR = 4  # seconds a dripping connection is kept up at most


class DripServer:
    """An SMTP server that answers one byte every DRIP_SECONDS and never finishes
    its greeting (in the load check it drips one byte every three seconds)."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        while not self.stopped.is_set():
            try:
                conn, _address = self.listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn):
        greeting = b"220 slow.example ESMTP " + b"." * 200
        ends = time.monotonic() + DRIP_FOR
        with conn:
            for byte in greeting:
                if self.stopped.is_set() or time.monotonic() > ends:
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(DRIP_SECONDS)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join(5)
        self.listener.close()


@pytest.fixture
def drip():
    with DripServer() as server:
        yield server


def message():
    return EmailMessage("Test", "Hej", to=["registrator@kommun.example"])


def test_a_dripping_greeting_ends_at_the_deadline(drip):
    backend = EmailBackend(
        host="127.0.0.1", port=drip.port, use_tls=False, timeout=2, deadline=1.5
    )
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="1.5 s"):
        backend.send_messages([message()])
    assert time.monotonic() - started < 3


def test_django_s_own_timeout_alone_would_wait_for_the_drip(drip):
    """Why the deadline exists: each byte comes within the socket timeout."""
    backend = DjangoSMTPBackend(host="127.0.0.1", port=drip.port, timeout=2)
    started = time.monotonic()
    with pytest.raises(OSError):
        backend.send_messages([message()])
    assert time.monotonic() - started > DRIP_FOR - 1


def test_a_deadline_does_not_stop_a_server_that_answers(settings):
    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.content)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        backend = EmailBackend(host="127.0.0.1", port=port, use_tls=False, deadline=5)
        assert backend.send_messages([message(), message()]) == 2
    finally:
        controller.stop()
    assert len(received) == 2


@pytest.fixture
def smtp_at(settings):
    def point(port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 2
        settings.VANORT_INTEREST_NOTIFY_TIMEOUT = 1

    return point


def stored(interest_page, count):
    return [
        InterestSubmission.objects.create(
            page=interest_page,
            language="sv",
            organisation_type="association",
            organisation_name=f"Förening {n}",
            has_no_organisation_number=True,
            contact_name="Anna Andersson",
            email="anna@example.org",
            town="Kungälv",
        )
        for n in range(count)
    ]


@pytest.mark.django_db
def test_the_notification_gives_up_at_the_deadline_and_stays_pending(
    interest_page, drip, smtp_at
):
    """The configured backend is Django's own: the deadline applies all the same."""
    smtp_at(drip.port)
    (row,) = stored(interest_page, 1)
    started = time.monotonic()
    assert send_notification(row.pk) == FAILED
    assert time.monotonic() - started < 2.5
    row.refresh_from_db()
    assert row.notified_at is None and row.notification_claimed_at is None
    assert row.notification_error.startswith("TimeoutError")


@pytest.mark.django_db
def test_housekeeping_stops_trying_after_three_failures_in_a_row(
    interest_page, drip, smtp_at
):
    smtp_at(drip.port)
    stored(interest_page, 5)
    started = time.monotonic()
    assert send_pending_notifications() == (0, 3, 2)
    assert time.monotonic() - started < 6
    assert InterestSubmission.objects.filter(notified_at__isnull=True).count() == 5
    attempts = sorted(
        InterestSubmission.objects.values_list("notification_attempts", flat=True)
    )
    assert attempts == [0, 0, 1, 1, 1]


@pytest.mark.django_db
def test_addresses_the_server_refuses_do_not_stop_the_other_receipts(
    interest_page, smtp_at
):
    """A receipt to an address the mail server refuses is given up for good; three
    of them in a row are not a mail server that is down."""
    delivered = []

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, options):
            if address.endswith("@refused.example"):
                return "550 5.1.1 No such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            delivered.extend(envelope.rcpt_tos)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp_at(port)
        rows = stored(interest_page, 4)
        for number, row in enumerate(rows):
            row.email = (
                "anna@example.org" if number == 3 else f"nr{number}@refused.example"
            )
            row.receipt_due = True
            row.save()
        sent, failed, left = send_pending_notifications()
    finally:
        controller.stop()
    assert (failed, left) == (3, 0)
    assert "anna@example.org" in delivered
    refused = InterestSubmission.objects.filter(email__endswith="@refused.example")
    assert all(row.receipt_error.startswith("SMTPRecipientsRefused") for row in refused)
