"""Load and fault checks of the public interest form, served as in production.

Builds a fresh database (a temporary SQLite file, or a PostgreSQL database created
and dropped by this script), runs ``migrate``, ``load_demo`` and ``collectstatic``
with the production settings, serves the site with gunicorn (4 sync workers) and
drives it over HTTP as citizens would: GET the form (CSRF cookie, signed form
token), then POST it. Each simulated client has its own address in
X-Forwarded-For and sends at most 4 forms, so the default rate limit (5 per 10
minutes) stays in force. One gunicorn serves three scenarios, in this order:

The request never talks to the mail server: the committed row is the pending
notification, and ``manage.py housekeeping`` sends it.

mail down   a batch of POSTs while nothing listens on the SMTP port: every form is
            stored and thanked for; housekeeping fails and keeps them pending; the
            mail server comes back on that port, housekeeping runs again, and
            every notification goes out.
load        N valid POSTs at concurrency C, with 8 readers looping over /projekt/,
            then housekeeping with a real SMTP server (aiosmtpd) receiving.
            Invariant: rows added == 303 successes == N, no 5xx, one e-mail each.
slow mail   a batch of POSTs, then housekeeping against an SMTP server that drips
            its greeting one byte every 3 s: every POST is answered at once and
            stored, housekeeping gives up within its deadlines (no hang) and keeps
            them pending, and the next run with a working server sends each once.
write lock  a batch of POSTs while the database is write-locked for
            --lock-seconds (10) (SQLite: BEGIN EXCLUSIVE on another connection;
            PostgreSQL: LOCK TABLE ... IN EXCLUSIVE MODE). Every 303 has its
            row; anything else is a friendly 503 (or 429); never a 500, never a
            success without a row.

Results go to stdout as markdown tables, progress to stderr; the exit code is 1 if
any invariant fails.

    .venv/bin/python benchmarks/interest_load.py --requests 400 --concurrency 32
    .venv/bin/python benchmarks/interest_load.py --requests 2000 --concurrency 64 \\
        --database postgres --postgres-url postgres://vanort:vanort@127.0.0.1/vanort
"""

import argparse
import base64
import json
import shutil
import socket
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlencode, urlsplit

import served
from served import DEFAULT_POSTGRES_URL, free_port, log, request

FORM_PATH = "/anmal-intresse/"
LIST_PATH = "/projekt/"
READERS = 8
WORKERS = 4
POSTS_PER_CLIENT = 4  # the rate limit allows 5 per window
# In the write-lock batch every 10th form is sent twice at once, as by a double
# click (so that client makes 5 POSTs, still within the limit).
DOUBLE_CLICK_EVERY = 10
# Extra headers of every request: the rehearsal (rehearsal.py) sets the site's own
# Host, as a frontend cache in front of the app servers keys and purges by it.
HOST_HEADER = {}
MAIL_WAIT = 30  # seconds to wait for notifications sent by housekeeping
NOTIFY_DEADLINE = 3  # INTEREST_NOTIFY_TIMEOUT: the whole SMTP conversation, s
DRIP_SECONDS = 3  # the slow mail server's pause between two bytes
# housekeeping gives up after 3 failures in a row, each at most the deadline.
SLOW_MAIL_LIMIT = 3 * NOTIFY_DEADLINE + 20
# Each scenario's clients come from their own /16, so no two scenarios share a
# rate-limit counter.
SCENARIO_NETWORKS = {"load": 1, "lock": 2, "maildown": 3, "slowmail": 4}


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# --- The database and the site --------------------------------------------------------


class InterestQueries:
    """The interest submissions of a served.Database, and a write lock on demand."""

    def count(self):
        """All interest submissions."""
        return self._fetch("SELECT COUNT(*) FROM inventory_interestsubmission")[0][0]

    def pks(self, email_like):
        """The pks of the submissions whose e-mail address is LIKE ``email_like``."""
        rows = self._fetch(
            "SELECT id FROM inventory_interestsubmission WHERE email LIKE ?",
            (email_like,),
        )
        return [row[0] for row in rows]

    def pending(self, email_like):
        """How many of those have no notification sent yet."""
        return self._fetch(
            "SELECT COUNT(*) FROM inventory_interestsubmission "
            "WHERE notified_at IS NULL AND email LIKE ?",
            (email_like,),
        )[0][0]

    def hold_write_lock(self, seconds, acquired, released):
        """Keep other writers out for ``seconds``; set ``acquired``, then
        ``released``."""
        raise NotImplementedError


class SQLiteDatabase(InterestQueries, served.SQLiteDatabase):
    def hold_write_lock(self, seconds, acquired, released):
        connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            connection.execute("BEGIN EXCLUSIVE")
            acquired.append(time.monotonic())
            time.sleep(seconds)
            connection.execute("ROLLBACK")
            released.append(time.monotonic())
        finally:
            connection.close()


class PostgresDatabase(InterestQueries, served.PostgresDatabase):
    def hold_write_lock(self, seconds, acquired, released):
        with self._psycopg.connect(self.url) as connection:
            connection.execute(
                "LOCK TABLE inventory_interestsubmission IN EXCLUSIVE MODE"
            )
            acquired.append(time.monotonic())
            time.sleep(seconds)
            connection.rollback()
            released.append(time.monotonic())


# The interest form's settings for these checks: the client address from
# X-Forwarded-For, the default rate limit, no minimum fill time, and a mail server on
# 127.0.0.1 (its port given to gunicorn and to each housekeeping run).
INTEREST_ENV = {
    "TRUSTED_PROXY_HEADER": "X-Forwarded-For",
    "TRUSTED_PROXY_COUNT": "1",
    "INTEREST_MIN_FILL_SECONDS": "0",
    "INTEREST_RATE_LIMIT": "5",
    "INTEREST_RATE_WINDOW": "600",
    "INTEREST_NOTIFY_TIMEOUT": str(NOTIFY_DEADLINE),
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": "25",
    "EMAIL_USE_TLS": "false",
    "EMAIL_HOST_USER": "",
    "EMAIL_HOST_PASSWORD": "",
    "EMAIL_TIMEOUT": "5",
}


def start_site(site, mail_port):
    """gunicorn with WORKERS workers, sending mail to ``mail_port``."""
    site.start(WORKERS, ready_path=FORM_PATH, env={"EMAIL_PORT": str(mail_port)})
    log(f"gunicorn serving at {site.origin}, mail port {mail_port}")


def housekeeping(site, mail_port):
    """``manage.py housekeeping`` with the mail server at ``mail_port``."""
    return site.manage("housekeeping", env={"EMAIL_PORT": str(mail_port)}, check=False)


# --- A local SMTP server --------------------------------------------------------------


# The forms are sent from addresses at this domain: a message to one of them is the
# submitter's receipt, any other the staff's notification.
SUBMITTER_DOMAIN = "@example.org"


class MailServer:
    """aiosmtpd on a local port, counting the messages it receives: each form gives
    one notification to the staff and one receipt to the submitter."""

    def __init__(self, port):
        from aiosmtpd.controller import Controller

        self.messages = []  # (kind, content)
        self._lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=port)
        self.port = port
        self.running = False

    async def handle_DATA(self, server, session, envelope):
        receipt = all(to.endswith(SUBMITTER_DOMAIN) for to in envelope.rcpt_tos)
        with self._lock:
            self.messages.append(
                ("receipt" if receipt else "notification", envelope.content)
            )
        return "250 OK"

    def count(self, kind=None):
        """The messages received, of ``kind`` ("notification", "receipt") or all."""
        with self._lock:
            return sum(1 for k, _c in self.messages if kind in (None, k))

    def start(self):
        self.controller.start()
        self.running = True
        log(f"SMTP server listening on 127.0.0.1:{self.port}")
        return self

    def stop(self):
        if self.running:
            self.controller.stop()
            self.running = False


class DripMailServer:
    """An SMTP server that sends its greeting one byte every DRIP_SECONDS and never
    finishes it: each byte comes within any socket timeout."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        while not self.stopping.is_set():
            try:
                conn, _address = self.listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn):
        with conn:
            for byte in b"220 slow.example ESMTP " + b"." * 100:
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
                if self.stopping.wait(DRIP_SECONDS):
                    return

    def __enter__(self):
        self.thread.start()
        log(f"dripping SMTP server on 127.0.0.1:{self.port}")
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        self.thread.join(5)
        self.listener.close()


# --- HTTP clients ---------------------------------------------------------------------


class FormParser(HTMLParser):
    """The form's hidden inputs and the values of its choices."""

    def __init__(self):
        super().__init__()
        self.values = {}
        self.choices = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            if attrs.get("type") in {"checkbox", "radio"}:
                self.choices.setdefault(name, []).append(attrs.get("value", ""))
            else:
                self.values[name] = attrs.get("value", "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and attrs.get("value"):
            self.choices.setdefault(self._select, []).append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def decode_reference(location):
    """The submission pk signed into the thank-you URL's ``ref`` (not verified)."""
    ref = parse_qs(urlsplit(location).query).get("ref", [""])[0]
    if not ref:
        return None
    payload = ref.split(":", 1)[0].lstrip(".")
    try:
        data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        return json.loads(data)
    except ValueError:
        return None


@dataclass
class PostResult:
    index: int
    status: int  # 0 for a connection error or timeout
    started: float
    finished: float
    pk: object = None
    location: str = ""
    detail: str = ""

    @property
    def seconds(self):
        return self.finished - self.started

    @property
    def success(self):
        return self.status == 303 and self.pk is not None


def post_form(origin, index, headers, body, timeout):
    """POST a filled-in form once; time it and read what the answer says."""
    started = time.monotonic()
    try:
        response = request(origin, "POST", FORM_PATH, headers, body, timeout)
    except OSError as exc:
        return PostResult(
            index, 0, started, time.monotonic(), detail=type(exc).__name__
        )
    finished = time.monotonic()
    location = response.headers.get("Location", "")
    result = PostResult(index, response.status, started, finished, location=location)
    if response.status == 303:
        result.pk = decode_reference(location)
        if result.pk is None:
            result.detail = "303 without a reference: nothing stored"
    elif response.status == 503:
        friendly = response.headers.get("Retry-After") and b"<form" in response.body
        result.detail = "friendly 503" if friendly else "bare 503"
    elif response.status != 429:
        result.detail = response.body[:300].decode("utf-8", errors="replace")
    return result


def send_form(
    origin, tag, index, network, timeout, copies=1, address=None, post_to=None
):
    """GET the form as one client, fill it in and POST it ``copies`` times at once
    (2: a double click); returns the PostResult of each POST. ``address`` is the
    client's (one per POSTS_PER_CLIENT forms if not given); ``post_to`` another
    origin to POST to (another app server)."""
    if address is None:
        client = index // POSTS_PER_CLIENT
        address = f"10.{network}.{client // 250}.{client % 250 + 1}"
    forwarded = {"X-Forwarded-For": address, **HOST_HEADER}
    try:
        page = request(origin, "GET", FORM_PATH, headers=forwarded, timeout=timeout)
    except OSError as exc:
        now = time.monotonic()
        return [PostResult(index, 0, now, now, detail=f"GET {type(exc).__name__}")]
    if page.status != 200:
        now = time.monotonic()
        return [PostResult(index, page.status, now, now, detail="GET of the form")]
    cookie = SimpleCookie()
    for header in page.headers.get_all("Set-Cookie") or []:
        cookie.load(header)
    parser = FormParser()
    parser.feed(page.body.decode("utf-8", errors="replace"))
    fields = [
        ("csrfmiddlewaretoken", parser.values.get("csrfmiddlewaretoken", "")),
        ("form_token", parser.values.get("form_token", "")),
        ("website", ""),
        ("organisation_type", "association"),
        ("organisation_name", f"Lastprovets förening {tag} {index}"),
        ("organisation_number", ""),
        ("has_no_organisation_number", "on"),
        ("contact_name", f"Kontakt {index}"),
        ("email", f"{tag}-{index}@example.org"),
        ("phone", ""),
        ("town", "Kungälv"),
        ("message", f"Lastprov {tag}, formulär {index}.\nAndra raden."),
    ]
    for name in ("priority_areas", "partners", "project"):
        options = parser.choices.get(name) or []
        if options:
            fields.append((name, options[index % len(options)]))
    headers = {
        **forwarded,
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{key}={morsel.value}" for key, morsel in cookie.items()),
    }
    body = urlencode(fields).encode()
    origin = post_to or origin
    if copies == 1:
        return [post_form(origin, index, headers, body, timeout)]
    with ThreadPoolExecutor(max_workers=copies) as pool:
        futures = [
            pool.submit(post_form, origin, index, headers, body, timeout)
            for _ in range(copies)
        ]
        return [future.result() for future in futures]


@dataclass
class Batch:
    results: list = field(default_factory=list)
    seconds: float = 0.0
    done: int = 0
    forms: int = 0

    def statuses(self):
        return Counter(r.status for r in self.results)

    def successes(self):
        return [r for r in self.results if r.success]

    def references_by_form(self):
        """{form index: the set of submission pks its 303s referred to}."""
        by_form = {}
        for result in self.successes():
            by_form.setdefault(result.index, set()).add(result.pk)
        return by_form

    def post_latencies(self):
        return [r.seconds for r in self.results if r.status]


def post_batch(origin, tag, count, concurrency, timeout, batch=None, double_every=0):
    """Send ``count`` forms at ``concurrency``; every ``double_every``-th is sent
    twice at once, as by a double click."""
    batch = Batch() if batch is None else batch
    lock = threading.Lock()
    network = SCENARIO_NETWORKS[tag]

    def one(index):
        copies = 2 if double_every and index % double_every == 0 else 1
        results = send_form(origin, tag, index, network, timeout, copies)
        with lock:
            batch.done += 1
        return results

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        batch.results = [r for results in pool.map(one, range(count)) for r in results]
    batch.seconds = time.monotonic() - start
    batch.forms = count
    return batch


class Readers:
    """READERS threads that GET the inventory list until stopped."""

    def __init__(self, origin, timeout):
        self.origin = origin
        self.timeout = timeout
        self.stopping = threading.Event()
        self.samples = []  # (status, seconds)
        self._lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._loop, daemon=True) for _ in range(READERS)
        ]

    def _loop(self):
        while not self.stopping.is_set():
            start = time.monotonic()
            try:
                status = request(
                    self.origin, "GET", LIST_PATH, timeout=self.timeout
                ).status
            except OSError:
                status = 0
            with self._lock:
                self.samples.append((status, time.monotonic() - start))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=self.timeout + 5)


# --- Checks and the report ------------------------------------------------------------


@dataclass
class Report:
    vendor: str
    requests: int
    concurrency: int
    rows: list = field(default_factory=list)
    checks: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def check(self, scenario, what, expected, actual, ok=None):
        ok = (expected == actual) if ok is None else ok
        self.checks.append((scenario, what, expected, actual, ok))
        if not ok:
            log(f"FAILED {scenario}: {what}: expected {expected}, got {actual}")
        return ok

    @property
    def passed(self):
        return all(check[-1] for check in self.checks)

    def add_row(self, scenario, batch, rows_added, mail, reads=None):
        statuses = batch.statuses()
        latencies = batch.post_latencies()
        stored = len(batch.references_by_form())
        row = {
            "scenario": scenario,
            "forms": batch.forms,
            "POSTs": len(batch.results),
            "303": len(batch.successes()),
            "429": statuses.get(429, 0),
            "503": statuses.get(503, 0),
            "other": sum(
                n for status, n in statuses.items() if status not in (303, 429, 503)
            )
            + sum(1 for r in batch.results if r.status == 303 and not r.success),
            "rows": rows_added,
            "forms/s": f"{stored / batch.seconds:.1f}" if batch.seconds else "-",
            "POST p50 ms": f"{percentile(latencies, 0.5) * 1000:.0f}",
            "POST p95 ms": f"{percentile(latencies, 0.95) * 1000:.0f}",
            "POST max ms": f"{max(latencies, default=0) * 1000:.0f}",
            "reads": "-",
            "read p50 ms": "-",
            "read p95 ms": "-",
            "mail": mail,
        }
        if reads is not None:
            seconds = [s for _status, s in reads]
            row["reads"] = str(len(reads))
            row["read p50 ms"] = f"{percentile(seconds, 0.5) * 1000:.0f}"
            row["read p95 ms"] = f"{percentile(seconds, 0.95) * 1000:.0f}"
        self.rows.append(row)

    def write(self, out):
        out.write(
            f"\n## Interest form: {self.vendor}, {self.requests} forms at "
            f"concurrency {self.concurrency}\n\n"
            f"gunicorn {WORKERS} sync workers, {READERS} readers of {LIST_PATH} during "
            f"the load, rate limit 5 per 600 s with at most {POSTS_PER_CLIENT} POSTs "
            "per client address; POST times exclude the GET of the form.\n\n"
        )
        if self.rows:
            headings = list(self.rows[0])
            out.write("| " + " | ".join(headings) + " |\n")
            out.write("|" + "|".join("---" for _ in headings) + "|\n")
            for row in self.rows:
                out.write("| " + " | ".join(str(row[h]) for h in headings) + " |\n")
        for note in self.notes:
            out.write(f"\n- {note}")
        out.write("\n")
        out.write(
            "\n| scenario | check | expected | actual | ok |\n|---|---|---|---|---|\n"
        )
        for scenario, what, expected, actual, ok in self.checks:
            mark = "ok" if ok else "**FAILED**"
            out.write(f"| {scenario} | {what} | {expected} | {actual} | {mark} |\n")
        verdict = "all invariants hold" if self.passed else "INVARIANTS FAILED"
        out.write(f"\n{self.vendor}: {verdict}\n")
        out.flush()


def check_batch(report, scenario, database, tag, batch, rows_added, expect_all):
    """The invariants every batch must keep, whatever went wrong around it."""
    statuses = batch.statuses()
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    friendly_503 = sum(1 for r in batch.results if r.detail == "friendly 503")
    report.check(
        scenario, "5xx other than a friendly 503", 0, server_errors - friendly_503
    )
    by_form = batch.references_by_form()
    report.check(scenario, "rows added == forms answered 303", len(by_form), rows_added)
    references = [pk for pks in by_form.values() for pk in pks]
    stored = set(database.pks(f"{tag}-%@example.org"))
    report.check(
        scenario, "303s whose row is missing", 0, len(set(references) - stored)
    )
    report.check(scenario, "rows without a 303", 0, len(stored - set(references)))
    report.check(
        scenario,
        "forms stored twice (two references)",
        0,
        sum(1 for pks in by_form.values() if len(pks) > 1),
    )
    report.check(
        scenario,
        "references shared by two forms",
        0,
        len(references) - len(set(references)),
    )
    dropped = sum(1 for r in batch.results if r.status == 303 and not r.success)
    report.check(scenario, "303 without a stored row (dropped)", 0, dropped)
    unexpected = {
        status: n for status, n in statuses.items() if status not in (303, 429, 503)
    }
    report.check(scenario, "responses other than 303/429/503", {}, unexpected)
    if expect_all:
        report.check(
            scenario, "POSTs answered 303 == N", batch.forms, len(batch.successes())
        )
    for r in batch.results:
        if not r.success and r.status != 429 and r.detail != "friendly 503":
            log(f"  {scenario} form {r.index}: HTTP {r.status} {r.detail[:300]!r}")
            break


def pending_notifications(database, tag):
    return database.pending(f"{tag}-%@example.org")


def wait_for_mail(mail, before, rows, seconds=MAIL_WAIT):
    """Wait until ``mail`` holds ``rows`` more messages of each kind than
    ``before`` (a notification and a receipt per form), or the time is up.
    Returns the counts (notifications, receipts)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(
        now < was + rows for now, was in zip(mail_counts(mail), before, strict=True)
    ):
        time.sleep(0.2)
    return mail_counts(mail)


def mail_counts(mail):
    return mail.count("notification"), mail.count("receipt")


def sent_text(before, received):
    notifications, receipts = (
        now - was for now, was in zip(received, before, strict=True)
    )
    return f"{notifications} + {receipts} receipts by housekeeping"


def check_mail(report, scenario, label, rows_added, before, received):
    """One notification and one receipt per stored form, none twice."""
    kinds = ("notifications", "receipts")
    for kind, was, now in zip(kinds, before, received, strict=True):
        report.check(scenario, f"{kind} {label}", rows_added, now - was)


def scenario_load(report, site, database, mail, args):
    log(f"load: {args.requests} forms at concurrency {args.concurrency}")
    before_rows, before_mail = database.count(), mail_counts(mail)
    with Readers(site.origin, args.timeout) as readers:
        batch = post_batch(
            site.origin, "load", args.requests, args.concurrency, args.timeout
        )
    rows_added = database.count() - before_rows
    check_batch(report, "load", database, "load", batch, rows_added, expect_all=True)
    reads = readers.samples
    read_statuses = Counter(status for status, _s in reads)
    report.check(
        "load", f"reads of {LIST_PATH} not 200", 0, len(reads) - read_statuses[200]
    )
    report.check(
        "load",
        "notifications pending before housekeeping",
        rows_added,
        pending_notifications(database, "load"),
    )
    result = housekeeping(site, mail.port)
    report.check("load", "housekeeping exit code", 0, result.returncode)
    received = wait_for_mail(mail, before_mail, rows_added, 5)
    check_mail(report, "load", "received == rows", rows_added, before_mail, received)
    report.check(
        "load", "notifications pending", 0, pending_notifications(database, "load")
    )
    report.add_row("load", batch, rows_added, sent_text(before_mail, received), reads)


def scenario_slow_mail(report, site, database, mail, args):
    size = args.batch
    log(f"slow mail: {size} forms, then housekeeping against a dripping server")
    before_rows, before_mail = database.count(), mail_counts(mail)
    batch = post_batch(site.origin, "slowmail", size, args.concurrency, args.timeout)
    rows_added = database.count() - before_rows
    check_batch(
        report, "slow mail", database, "slowmail", batch, rows_added, expect_all=True
    )
    with DripMailServer() as drip:
        started = time.monotonic()
        result = housekeeping(site, drip.port)
        seconds = time.monotonic() - started
        connections = drip.connections
    report.check(
        "slow mail",
        f"housekeeping seconds against the drip (limit {SLOW_MAIL_LIMIT})",
        f"< {SLOW_MAIL_LIMIT}",
        round(seconds, 1),
        ok=seconds < SLOW_MAIL_LIMIT,
    )
    report.check(
        "slow mail", "housekeeping exit code while mail drips", 1, result.returncode
    )
    report.check(
        "slow mail", "connections before giving up", 3, connections, ok=connections <= 3
    )
    report.check(
        "slow mail",
        "notifications pending while mail drips",
        rows_added,
        pending_notifications(database, "slowmail"),
    )
    result = housekeeping(site, mail.port)
    report.check("slow mail", "housekeeping exit code after", 0, result.returncode)
    received = wait_for_mail(mail, before_mail, rows_added, 5)
    check_mail(
        report, "slow mail", "received == rows", rows_added, before_mail, received
    )
    report.check(
        "slow mail",
        "notifications pending after",
        0,
        pending_notifications(database, "slowmail"),
    )
    report.notes.append(
        f"slow mail: housekeeping gave up on the dripping server after "
        f"{seconds:.1f} s and {connections} connections"
    )
    report.add_row("slow mail", batch, rows_added, sent_text(before_mail, received))


def scenario_write_lock(report, site, database, mail, args):
    size = args.batch
    log(
        f"write lock: {size} forms, the database write-locked for {args.lock_seconds} s"
    )
    before_rows, before_mail = database.count(), mail_counts(mail)
    acquired, released = [], []
    batch = Batch()
    poster = threading.Thread(
        target=post_batch,
        args=(site.origin, "lock", size, args.concurrency, args.timeout, batch),
        kwargs={"double_every": DOUBLE_CLICK_EVERY},
    )
    poster.start()
    # Lock once some forms have gone through, so the batch straddles the lock.
    head_start = max(1, size // 8)
    while poster.is_alive() and batch.done < head_start:
        time.sleep(0.02)
    database.hold_write_lock(args.lock_seconds, acquired, released)
    poster.join()
    rows_added = database.count() - before_rows
    check_batch(
        report, "write lock", database, "lock", batch, rows_added, expect_all=False
    )
    if acquired and released:
        during = [
            r
            for r in batch.results
            if r.status and r.started < released[0] and r.finished > acquired[0]
        ]
        waited = sum(1 for r in during if r.success and r.seconds >= 1)
        refused = sum(1 for r in batch.results if r.status == 503)
        report.check(
            "write lock",
            "POSTs in flight while locked",
            "> 0",
            len(during),
            ok=len(during) > 0,
        )
        report.notes.append(
            f"write lock: held {released[0] - acquired[0]:.1f} s; {len(during)} "
            f"POSTs were in flight during it: {waited} waited (≥1 s) and were "
            f"stored, {refused} got the friendly 503"
        )
    else:
        report.check("write lock", "lock held", "yes", "no")
    doubled = Counter(r.index for r in batch.results)
    doubled = {index for index, posts in doubled.items() if posts > 1}
    by_form = batch.references_by_form()
    both = sum(
        1
        for index in doubled
        if sum(1 for r in batch.results if r.index == index and r.success) == 2
        and len(by_form[index]) == 1
    )
    report.notes.append(
        f"write lock: {len(doubled)} forms were sent twice at once (a double "
        f"click); {both} got 303 twice with one reference"
    )
    result = housekeeping(site, mail.port)
    report.check("write lock", "housekeeping exit code", 0, result.returncode)
    received = wait_for_mail(mail, before_mail, rows_added, 5)
    check_mail(
        report, "write lock", "received == rows", rows_added, before_mail, received
    )
    report.add_row("write lock", batch, rows_added, sent_text(before_mail, received))


def scenario_mail_down(report, site, database, mail, args):
    """Run first, while the mail server is not yet started; then start it."""
    size = args.batch
    log(f"mail down: {size} forms with nothing listening on port {mail.port}")
    before_rows = database.count()
    batch = post_batch(site.origin, "maildown", size, args.concurrency, args.timeout)
    rows_added = database.count() - before_rows
    check_batch(
        report, "mail down", database, "maildown", batch, rows_added, expect_all=True
    )
    result = housekeeping(site, mail.port)
    report.check("mail down", "housekeeping exit code while down", 1, result.returncode)
    pending = pending_notifications(database, "maildown")
    report.check("mail down", "notifications pending while down", rows_added, pending)
    mail.start()
    result = housekeeping(site, mail.port)
    report.check(
        "mail down", "housekeeping exit code after mail returns", 0, result.returncode
    )
    received = wait_for_mail(mail, (0, 0), rows_added, 5)
    check_mail(
        report,
        "mail down",
        "received after mail returns == rows",
        rows_added,
        (0, 0),
        received,
    )
    report.check(
        "mail down",
        "notifications pending after housekeeping",
        0,
        pending_notifications(database, "maildown"),
    )
    report.add_row("mail down", batch, rows_added, sent_text((0, 0), received))


def nothing_listens(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) != 0


def run(args, database_kind, workdir):
    if database_kind == "sqlite":
        database = SQLiteDatabase(workdir)
    else:
        name = args.postgres_database
        log(f"postgresql: creating database {name}")
        database = PostgresDatabase(args.postgres_url, name)
    report = Report(database.vendor, args.requests, args.concurrency)
    site = served.Site(workdir, database, INTEREST_ENV)
    # One gunicorn for all three scenarios, its SMTP port fixed: the mail server
    # on that port starts only after the mail-down batch, as if it came back.
    port = free_port()
    while not nothing_listens(port):
        port = free_port()
    mail = MailServer(port)
    try:
        started = time.monotonic()
        site.build()
        built = time.monotonic()
        start_site(site, mail.port)
        serving = time.monotonic()
        scenario_mail_down(report, site, database, mail, args)
        scenario_load(report, site, database, mail, args)
        scenario_slow_mail(report, site, database, mail, args)
        scenario_write_lock(report, site, database, mail, args)
        site.stop()
        report.notes.append(
            f"time: build (migrate, load_demo, collectstatic) {built - started:.0f} s, "
            f"gunicorn start {serving - built:.0f} s, scenarios "
            f"{time.monotonic() - serving:.0f} s"
        )
        logged = site.server_errors_logged()
        report.check("all", "'Internal Server Error' in the gunicorn log", 0, logged)
        if logged:
            log(f"gunicorn log tail:\n{site.log_tail()}")
    finally:
        site.stop()
        mail.stop()
        if not args.keep:
            database.drop()
    return report


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000, help="N for the load")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument(
        "--batch",
        type=int,
        default=None,
        help="POSTs in the write-lock and mail-down scenarios (default N/4)",
    )
    parser.add_argument(
        "--database", choices=["sqlite", "postgres", "both"], default="sqlite"
    )
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        help="a database to connect to for CREATE/DROP DATABASE "
        f"(default {DEFAULT_POSTGRES_URL})",
    )
    parser.add_argument("--postgres-database", default="vanort_load")
    parser.add_argument("--lock-seconds", type=float, default=10)
    parser.add_argument(
        "--timeout", type=float, default=60, help="client timeout per request, s"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the work directory and database"
    )
    args = parser.parse_args()
    if args.batch is None:
        args.batch = max(1, args.requests // 4)

    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    passed = True
    for kind in kinds:
        workdir = tempfile.mkdtemp(prefix=f"vanort-interest-{kind}-")
        try:
            report = run(args, kind, workdir)
            report.write(sys.stdout)
            passed = passed and report.passed
        finally:
            if args.keep:
                log(f"kept {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
