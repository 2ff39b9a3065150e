"""Log output for machines: JSON lines for a log collector, and a filter that keeps
load balancers' health checks out of the log."""

import datetime
import json
import logging

HEALTH_VIEW_NAME = "health"


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line: ``time`` (ISO 8601, UTC), ``level``, ``logger``,
    ``message``, and when present ``exception`` (the traceback), ``status_code`` and
    ``path``.

    Of a request only the path is written, never its query string, headers, cookies
    or body: they may hold passwords, session keys or what a citizen typed. The line
    is ASCII (``json.dumps`` escapes the rest), so no character in a message can
    split it in two for a collector that reads lines.
    """

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status_code = getattr(record, "status_code", None)
        if isinstance(status_code, int):
            entry["status_code"] = status_code
        # django.server's records carry a socket as "request", not an HttpRequest.
        path = getattr(getattr(record, "request", None), "path", None)
        if isinstance(path, str):
            entry["path"] = path
        # As logging.Formatter does: formatted once, kept for other handlers.
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry)


class SkipHealthChecks(logging.Filter):
    """Drop Django's request log records of ``/health/``.

    A load balancer asks every few seconds; while the database is down, each answer
    is a 503 that Django would log as "Service Unavailable: /health/", which says
    less than the health view's own line naming the check that failed. Other
    loggers' records about the same request are kept.
    """

    def filter(self, record):
        if record.name != "django.request":
            return True
        match = getattr(getattr(record, "request", None), "resolver_match", None)
        return getattr(match, "view_name", None) != HEALTH_VIEW_NAME
