"""The periodic work, for cron or a systemd timer: run it every few minutes."""

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

from inventory.interest import ratelimit, retention
from inventory.interest.notifications import GIVE_UP_AFTER, send_pending_notifications
from inventory.joblock import job_lock
from inventory.reports.reminders import send_review_reminders


def queues_in_database():
    """Whether tasks are queued in the database (django-tasks-db), whose finished
    rows are kept until pruned."""
    backend = type(task_backends[DEFAULT_TASK_BACKEND_ALIAS])
    return apps.is_installed("django_tasks_db") and backend.__module__.startswith(
        "django_tasks_db"
    )


class Command(BaseCommand):
    help = (
        "Publish what is scheduled, send pending notifications of interest "
        "submissions and review reminders before a reporting cut-off, dispose "
        "of submissions past their retention period, and remove finished tasks "
        "after 14 days. "
        "Safe to run twice or concurrently: a second run waits for nothing and "
        "does nothing while the first holds the lock."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--export-before-disposal",
            metavar="DIRECTORY",
            help="Write each batch of submissions to a CSV file here before it is "
            "disposed of.",
        )

    def handle(self, *args, **options):
        with job_lock("housekeeping") as acquired:
            if not acquired:
                self.stdout.write(
                    "Another housekeeping run is in progress; nothing done."
                )
                return
            self.stdout.write("Publishing scheduled pages and snippets …")
            call_command("publish_scheduled", stdout=self.stdout)

            self.stdout.write("Sending pending notifications …")
            sent, failed, left = send_pending_notifications()
            self.stdout.write(f"  {sent} sent, {failed} failed (retried next run)")
            if left:
                self.stdout.write(
                    f"  {left} not tried: the mail server failed "
                    f"{GIVE_UP_AFTER} times in a row (tried next run)"
                )

            self.stdout.write("Sending review reminders before the next cut-off …")
            reminders = send_review_reminders()
            self.stdout.write(f"  {reminders} reminders sent")

            self.stdout.write("Disposing of submissions past retention …")
            logs = retention.dispose_expired(
                export_dir=options["export_before_disposal"]
            )
            for log in logs:
                self.stdout.write(
                    f"  {log.count} from “{log.form_title}”, received "
                    f"{log.received_from:%Y-%m-%d}–{log.received_until:%Y-%m-%d}, "
                    f"under {log.decision}"
                    + (f"; exported to {log.exported_to}" if log.exported_to else "")
                )
            if not logs:
                self.stdout.write("  nothing past retention")

            purged = ratelimit.purge_expired()
            self.stdout.write(f"Removed {purged} expired rate-limit counters.")
            if queues_in_database():
                self.stdout.write("Removing finished tasks older than 14 days …")
                call_command(
                    "prune_db_task_results",
                    "--min-age-days",
                    "14",
                    "--queue-name",
                    "*",
                    verbosity=0,
                    stdout=self.stdout,
                )
            self.stdout.write(self.style.SUCCESS("Housekeeping done."))
        if failed:
            # A non-zero exit lets cron or systemd report that mail is not going out.
            raise CommandError(
                f"{failed + left} notifications could not be sent; they are kept "
                "and retried on the next run."
            )
