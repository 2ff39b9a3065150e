"""The notification of a new interest submission, queued for the task worker.

The database task backend is the real one (``django_tasks_db``) and the worker is the
real ``db_worker`` command, run once over the queue (``--batch``); the e-mail goes to
Django's test outbox. Only the immediate backend (development, tests) queues nothing,
so that no SMTP conversation ever happens in a citizen's request.
"""

import datetime
import io
import logging
import signal

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.test import Client
from django.utils import timezone
from django_tasks.signals import task_enqueued
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from wagtail.signal_handlers import disable_reference_index_auto_update

from inventory.interest import tasks
from inventory.models import InterestSubmission
from tests.website.test_settings import PRODUCTION, load_settings

pytestmark = pytest.mark.django_db

FORM = "/anmal-intresse/"
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
TASK_PATH = "inventory.interest.tasks.send_interest_notification"


def submit(interest_data, callbacks, hooks=None):
    """Send the public form and commit, running the on-commit hooks (appended to
    ``hooks``); the stored row."""
    before = set(InterestSubmission.objects.values_list("pk", flat=True))
    with callbacks(execute=True) as ran:
        response = Client().post(FORM, interest_data())
    assert response.status_code == 303
    if hooks is not None:
        hooks.extend(ran)
    (pk,) = set(InterestSubmission.objects.values_list("pk", flat=True)) - before
    return InterestSubmission.objects.get(pk=pk)


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


def queued():
    """The notification tasks in the database queue."""
    return DBTaskResult.objects.filter(task_path=TASK_PATH)


def housekeeping():
    call_command("housekeeping", stdout=io.StringIO())


def run_worker():
    """``manage.py db_worker --batch``: run what is queued, then exit.

    The command sets the process's signal handlers and its loggers' levels for a
    long-running worker; both are put back for the tests that follow. On SQLite the
    worker takes each task in a ``BEGIN EXCLUSIVE`` transaction of its own unless the
    connection's transactions are exclusive anyway; inside the test's transaction it
    is told so, and takes it in a savepoint instead (what it does on PostgreSQL).
    A transactional test would run the other branch, but leaves the database flushed
    (no root page, site or locale) for the tests that run after it.
    """
    handlers = {
        number: signal.getsignal(number)
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [logger.level for logger in loggers]
    mode = getattr(connection, "transaction_mode", None)
    out = io.StringIO()
    try:
        connection.transaction_mode = "EXCLUSIVE"
        # Between two tasks the worker closes connections not in autocommit mode,
        # as Django does between two requests; the test's own connection is in its
        # transaction, so this is left out, as Django's test client leaves out
        # request_started's close_old_connections.
        db_worker.close_old_connections = lambda: None
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=out)
    finally:
        db_worker.close_old_connections = close_old_connections
        connection.transaction_mode = mode
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
        for number, handler in handlers.items():
            signal.signal(number, handler)
    return out.getvalue()


@pytest.fixture
def enqueued():
    """The task paths queued on any backend during the test."""
    paths = []

    def record(sender, task_result, **kwargs):
        paths.append(task_result.task.module_path)

    task_enqueued.connect(record)
    yield paths
    task_enqueued.disconnect(record)


# --- With a worker (the database backend) ------------------------------------------


def test_the_worker_sends_the_notification_once(
    interest_page, interest_data, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE
    assert tasks.runs_outside_the_request()

    row = submit(interest_data, django_capture_on_commit_callbacks)
    assert mail.outbox == [], "no mail is sent in the citizen's request"
    (task,) = queued()
    assert task.args_kwargs == {"args": [row.pk], "kwargs": {}}
    assert task.status == "READY"

    run_worker()
    assert len(notifications()) == 1
    assert row.reference in notifications()[0].subject
    assert notifications()[0].to == [
        "registrator@kommun.example",
        "internationellt@kommun.example",
    ]
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.return_value == "sent"
    row.refresh_from_db()
    assert row.notified_at is not None
    assert row.notification_claimed_at is None

    housekeeping()
    run_worker()
    assert len(notifications()) == 1


def test_housekeeping_first_and_the_worker_after_send_once(
    interest_page, interest_data, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE
    row = submit(interest_data, django_capture_on_commit_callbacks)
    housekeeping()  # before any worker got to it
    assert len(notifications()) == 1
    run_worker()
    assert len(notifications()) == 1
    assert queued().get().return_value == "skipped"
    row.refresh_from_db()
    assert row.notified_at is not None


def test_a_queue_that_refuses_the_task_is_left_to_housekeeping(
    interest_page, interest_data, settings, django_capture_on_commit_callbacks, caplog
):
    # A backend that takes no task on the default queue: enqueueing raises. (Wagtail
    # queues a task of its own as the row is saved, inside the transaction; that
    # one is left out here.)
    settings.TASKS = {"default": {**DATABASE["default"], "QUEUES": ["elsewhere"]}}
    with (
        caplog.at_level(logging.WARNING, logger="inventory.interest.tasks"),
        disable_reference_index_auto_update(),
    ):
        row = submit(interest_data, django_capture_on_commit_callbacks)
    assert "could not be queued" in caplog.text
    assert not queued().exists()
    assert mail.outbox == []

    housekeeping()
    assert len(notifications()) == 1
    row.refresh_from_db()
    assert row.notified_at is not None


# --- Without a worker (the immediate backend) --------------------------------------


def test_without_a_worker_nothing_is_queued_or_sent_in_the_request(
    interest_page,
    interest_data,
    settings,
    django_capture_on_commit_callbacks,
    enqueued,
):
    settings.TASKS = IMMEDIATE
    assert not tasks.runs_outside_the_request()

    hooks = []
    row = submit(interest_data, django_capture_on_commit_callbacks, hooks)
    assert TASK_PATH not in enqueued
    assert hooks == [], "nothing is left to run after the commit"
    assert mail.outbox == []
    row.refresh_from_db()
    assert row.notified_at is None

    housekeeping()
    assert len(notifications()) == 1
    housekeeping()
    assert len(notifications()) == 1


# --- Settings ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "backend"),
    [
        (None, DATABASE["default"]["BACKEND"]),
        ("", DATABASE["default"]["BACKEND"]),
        ("database", DATABASE["default"]["BACKEND"]),
        (" Immediate ", IMMEDIATE["default"]["BACKEND"]),
    ],
)
def test_task_backend_from_the_environment(value, backend):
    env = PRODUCTION if value is None else {**PRODUCTION, "TASK_BACKEND": value}
    assert load_settings(env).TASKS == {"default": {"BACKEND": backend}}


def test_an_unknown_task_backend_is_a_clear_error():
    with pytest.raises(ImproperlyConfigured, match="TASK_BACKEND must be one of"):
        load_settings({**PRODUCTION, "TASK_BACKEND": "celery"})


@pytest.mark.parametrize("module", ["website.settings.dev", "website.settings.test"])
def test_development_and_tests_need_no_worker(module):
    loaded = load_settings({"TASK_BACKEND": "database"}, module=module)
    assert loaded.TASKS == IMMEDIATE


def test_housekeeping_removes_finished_tasks_after_two_weeks(
    interest_page, interest_data, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE
    old, recent = (
        submit(interest_data, django_capture_on_commit_callbacks) for _ in range(2)
    )
    run_worker()
    two_weeks_ago = timezone.now() - datetime.timedelta(days=15)
    queued().filter(args_kwargs__args=[old.pk]).update(finished_at=two_weeks_ago)
    housekeeping()
    assert [task.args_kwargs["args"] for task in queued()] == [[recent.pk]]


def test_without_a_task_queue_housekeeping_prunes_nothing(settings):
    settings.TASKS = IMMEDIATE
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "finished tasks" not in out.getvalue()
