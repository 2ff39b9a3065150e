"""A database lease so that one run of a periodic job proceeds at a time.

Works across processes and servers that share the database, on SQLite and
PostgreSQL alike: the lease is taken with a conditional UPDATE, which only one
transaction can win.
"""

import contextlib
import datetime
import os
import socket

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone


class JobLock(models.Model):
    """A lease that lets one run of a periodic job proceed at a time."""

    # No public page shows these rows (see partnerships.cache).
    shown_on_public_pages = False

    name = models.CharField(max_length=100, unique=True)
    locked_until = models.DateTimeField(null=True)
    holder = models.CharField(max_length=100, blank=True)

    def __str__(self):
        return self.name


def _holder():
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def acquire(name, lease=datetime.timedelta(minutes=30)):
    """Take the lease; returns the holder string, or None if someone else has it."""
    now = timezone.now()
    holder = f"{_holder()}:{now.timestamp()}"[:100]
    try:
        with transaction.atomic():
            JobLock.objects.get_or_create(name=name)
    except IntegrityError:
        pass  # created by a concurrent run a moment ago
    taken = (
        JobLock.objects.filter(name=name)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + lease, holder=holder)
    )
    return holder if taken else None


def release(name, holder):
    JobLock.objects.filter(name=name, holder=holder).update(locked_until=None)


@contextlib.contextmanager
def job_lock(name, lease=datetime.timedelta(minutes=30)):
    """Yield True with the lease held, or False if another run holds it."""
    holder = acquire(name, lease)
    try:
        yield holder is not None
    finally:
        if holder is not None:
            release(name, holder)
