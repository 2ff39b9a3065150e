"""The notification of a new interest submission and the submitter's receipt, sent
by the task worker.

Once the row is committed, the form view queues two tasks, and the worker
(``manage.py db_worker``) sends the notification to the staff and the receipt to the
submitter within a second or two, outside any citizen's request. ``housekeeping``
remains the safety net and the retry: whatever a worker did not send (none running,
the queue unreachable, the mail server down) it sends on its next run. Both go
through ``notifications.send_notification`` and ``notifications.send_receipt``,
which claim the row with a conditional UPDATE first, so nothing is sent twice,
however often a task runs.

With a task backend that runs a task at once in the process that queues it (Django
Tasks' ``ImmediateBackend``: development, tests, ``TASK_BACKEND=immediate``), nothing
is queued: that would hold the citizen's request for an SMTP conversation, so
``housekeeping`` sends the notification, as it always did.
"""

import functools
import logging

from django.db import transaction
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from inventory.interest import notifications

logger = logging.getLogger(__name__)


@task()
def send_interest_notification(submission_id):
    """Send the notification of one submission unless it is sent or being sent.

    Returns "sent", "failed" (the row stays pending; housekeeping retries it) or
    "skipped" (sent already, claimed by another run, or no longer there).
    """
    return notifications.send_notification(submission_id)


@task()
def send_interest_receipt(submission_id):
    """Send the receipt of one submission to its sender unless it is sent or being
    sent; returns "sent", "failed" (left pending for housekeeping) or "skipped"."""
    return notifications.send_receipt(submission_id)


def runs_outside_the_request():
    """Whether queued tasks run elsewhere (a worker), not in the queuing process."""
    return not isinstance(send_interest_notification.get_backend(), ImmediateBackend)


def notify_after_commit(submission_id):
    """Queue the notification and the receipt for the worker once the current
    transaction commits.

    Called in the transaction that stores the submission. Nothing is registered when
    no worker runs the tasks (the immediate backend): ``housekeeping`` sends them.
    Never raises: the submission must be stored whatever becomes of its
    notification.
    """
    try:
        outside = runs_outside_the_request()
    except Exception:
        logger.warning(
            "Interest submission %s: no task backend to queue the notification on; "
            "housekeeping sends it",
            submission_id,
            exc_info=True,
        )
        return
    if outside:
        transaction.on_commit(functools.partial(queue_notification, submission_id))
        transaction.on_commit(functools.partial(queue_receipt, submission_id))


def _queue(task, what, submission_id):
    # Runs after the commit: the row is stored and the citizen is about to be
    # thanked, so nothing here may fail the request (the view would say "nothing
    # was saved" on a database error). A task that cannot be queued is logged and
    # left to ``housekeeping``.
    try:
        task.enqueue(submission_id)
    except Exception:
        logger.warning(
            "Interest submission %s: the %s could not be queued; housekeeping sends it",
            submission_id,
            what,
            exc_info=True,
        )


def queue_notification(submission_id):
    """Queue the notification of a committed submission for the task worker."""
    _queue(send_interest_notification, "notification", submission_id)


def queue_receipt(submission_id):
    """Queue the receipt of a committed submission for the task worker."""
    _queue(send_interest_receipt, "receipt", submission_id)
