"""Structured logs: JSON lines for a log collector, chosen with LOG_FORMAT, and the
filter that keeps load balancers' health checks out of Django's request log."""

import io
import json
import logging
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.urls import resolve

from tests.website.test_settings import PRODUCTION, load_settings
from website.logs import JsonLinesFormatter, SkipHealthChecks


@pytest.fixture
def json_log():
    """A logger writing JSON lines to a buffer: ``(logger, buffer)``."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonLinesFormatter())
    logger = logging.getLogger("tests.json_log")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, buffer
    logger.removeHandler(handler)


def entries(buffer):
    lines = buffer.getvalue().splitlines()
    assert all(line.isascii() for line in lines)
    return [json.loads(line) for line in lines]


def request_for(rf, path, **headers):
    """A request as Django logs it: with the view it resolved to."""
    request = rf.get(path, **headers)
    request.resolver_match = resolve(request.path_info)
    return request


# --- JsonLinesFormatter ------------------------------------------------------------


def test_one_json_object_per_line(json_log):
    logger, buffer = json_log
    logger.info("Vänort: %s sparade", "två\nrader")
    logger.warning("second\u2028entry")
    first, second = entries(buffer)
    assert set(first) == {"time", "level", "logger", "message"}
    assert first["level"] == "INFO"
    assert first["logger"] == "tests.json_log"
    assert first["message"] == "Vänort: två\nrader sparade"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", first["time"])
    assert second["level"] == "WARNING"
    assert second["message"] == "second\u2028entry"


def test_an_exception_carries_its_traceback(json_log):
    logger, buffer = json_log
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        logger.exception("Could not divide.")
    (entry,) = entries(buffer)
    assert entry["level"] == "ERROR"
    assert entry["message"] == "Could not divide."
    assert entry["exception"].startswith("Traceback (most recent call last):")
    assert "ZeroDivisionError: division by zero" in entry["exception"]


def test_a_request_gives_its_path_and_nothing_else(json_log, rf):
    logger, buffer = json_log
    request = rf.post(
        "/sok/?q=personnummer",
        {"password": "hemligt"},
        HTTP_COOKIE="sessionid=abc123",
        HTTP_AUTHORIZATION="Bearer token456",
    )
    logger.error(
        "Internal Server Error: %s",
        request.path,
        extra={"status_code": 500, "request": request},
    )
    line = buffer.getvalue()
    (entry,) = entries(buffer)
    assert entry["status_code"] == 500
    assert entry["path"] == "/sok/"
    for secret in ("personnummer", "hemligt", "abc123", "token456", "Cookie"):
        assert secret not in line


def test_a_socket_as_request_is_no_path(json_log):
    """runserver's django.server records carry the socket as ``request``."""
    logger, buffer = json_log
    logger.info("GET / 200", extra={"status_code": 200, "request": object()})
    (entry,) = entries(buffer)
    assert entry["status_code"] == 200
    assert "path" not in entry


# --- SkipHealthChecks --------------------------------------------------------------


def logged(name, request):
    """A record as Django's request log writes it, from logger ``name``."""
    log_record = logging.makeLogRecord(
        {"name": name, "msg": "Service Unavailable: %s", "args": (request.path,)}
    )
    log_record.request = request
    log_record.status_code = 503
    return log_record


def test_the_health_filter_drops_only_djangos_request_log_of_health(rf):
    keep = SkipHealthChecks().filter
    health = request_for(rf, "/health/")
    assert not keep(logged("django.request", health))
    assert keep(logged("django.request", request_for(rf, "/robots.txt")))
    assert keep(logged("website.health", health))
    # Not resolved to any view (a 404).
    assert keep(logged("django.request", rf.get("/nowhere/")))


def test_a_real_503_from_health_is_dropped(client, db, tmp_path):
    """The record Django logs for a real 503: the database connection of the check's
    thread cannot be opened (as in test_health's ``unreachable_database``)."""
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    config = connections.settings["default"]
    connections.settings["default"] = {**config, "NAME": str(tmp_path / "no" / "db")}
    try:
        assert client.get("/health/").status_code == 503
    finally:
        connections.settings["default"] = config
        logger.removeHandler(handler)
    (logged,) = records
    assert logged.getMessage() == "Service Unavailable: /health/"
    assert not SkipHealthChecks().filter(logged)


# --- Settings ----------------------------------------------------------------------


def console(loaded):
    return loaded.LOGGING["handlers"]["console"]


def test_production_logs_json_lines_without_health_checks():
    handler = console(load_settings(PRODUCTION))
    assert handler["formatter"] == "json"
    assert handler["filters"] == ["skip_health_checks"]


def test_log_format_plain():
    plain = load_settings({**PRODUCTION, "LOG_FORMAT": "Plain"})
    assert console(plain)["formatter"] == "plain"


def test_development_logs_plain_text_unless_asked():
    dev = "website.settings.dev"
    assert console(load_settings({}, dev))["formatter"] == "plain"
    assert console(load_settings({"LOG_FORMAT": "json"}, dev))["formatter"] == "json"


def test_an_unknown_log_format_is_a_clear_error():
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT must be json or plain"):
        load_settings({**PRODUCTION, "LOG_FORMAT": "xml"})


def test_the_running_console_handler_skips_health_checks():
    """Django's loggers, as the settings configured them (pytest adds its own)."""
    (handler,) = [
        handler
        for handler in logging.getLogger("django").handlers
        if type(handler) is logging.StreamHandler
    ]
    assert any(isinstance(f, SkipHealthChecks) for f in handler.filters)
