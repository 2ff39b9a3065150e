"""An SMTP e-mail backend with a deadline on the whole conversation.

Django's ``EMAIL_TIMEOUT`` limits each socket operation, not a conversation: a mail
server that drips its greeting one byte every few seconds holds the sender for as
long as it likes. Here a timer shuts the connection's socket once the deadline has
passed, which ends any read or write in progress at once.
"""

import functools
import smtplib
import socket
import threading

from django.conf import settings
from django.core import mail
from django.core.mail.backends import smtp

from inventory.conf import setting

_DJANGO_SMTP = "django.core.mail.backends.smtp.EmailBackend"


class _Deadline:
    """Shuts every socket it watches once ``seconds`` have passed."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.expired = False
        self._sockets = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock):
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def cancel(self):
        self._timer.cancel()

    def _expire(self):
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


class _SMTP(smtplib.SMTP):
    def __init__(self, *args, deadline, **kwargs):
        self._deadline = deadline
        super().__init__(*args, **kwargs)

    def _get_socket(self, host, port, timeout):
        sock = super()._get_socket(host, port, timeout)
        self._deadline.watch(sock)
        return sock


class _SMTPSSL(smtplib.SMTP_SSL):
    def __init__(self, *args, deadline, **kwargs):
        self._deadline = deadline
        super().__init__(*args, **kwargs)

    def _get_socket(self, host, port, timeout):
        # The plain socket is watched before the TLS handshake, which can drip too.
        sock = smtplib.SMTP._get_socket(self, host, port, timeout)
        self._deadline.watch(sock)
        return self.context.wrap_socket(sock, server_hostname=self._host)


class EmailBackend(smtp.EmailBackend):
    """Django's SMTP backend; ``deadline`` seconds bound everything from connecting
    to the last reply, and a conversation past it fails with ``TimeoutError``."""

    def __init__(self, *args, deadline=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = deadline
        self._guard = None

    @property
    def connection_class(self):
        if self._guard is None:
            return super().connection_class
        cls = _SMTPSSL if self.use_ssl else _SMTP
        return functools.partial(cls, deadline=self._guard)

    def open(self):
        if self.connection or not self.deadline:
            return super().open()
        self._guard = _Deadline(self.deadline)
        try:
            return super().open()
        except OSError as exc:
            self._guard.cancel()
            self._raise_if_expired(exc)
            raise

    def send_messages(self, email_messages):
        try:
            return super().send_messages(email_messages)
        except (OSError, smtplib.SMTPException) as exc:
            self._raise_if_expired(exc)
            raise

    def close(self):
        try:
            super().close()
        finally:
            if self._guard is not None:
                self._guard.cancel()

    def _raise_if_expired(self, exc):
        if self._guard is not None and self._guard.expired:
            raise TimeoutError(
                f"the mail server did not finish within {self.deadline} s"
            ) from exc


def get_connection():
    """A connection of the configured backend for the periodic command's mail;
    Django's own SMTP backend becomes this one, with ``VANORT_INTEREST_NOTIFY_TIMEOUT``
    as the deadline of each conversation."""
    deadline = setting("INTEREST_NOTIFY_TIMEOUT")
    if settings.EMAIL_BACKEND == _DJANGO_SMTP:
        return mail.get_connection(f"{__name__}.EmailBackend", deadline=deadline)
    return mail.get_connection(deadline=deadline)
