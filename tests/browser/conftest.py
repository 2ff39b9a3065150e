"""Browser tests: the real demo site, served by gunicorn, driven by Debian's Chromium.

The site runs in a separate process with its own SQLite database, built by the real
``migrate`` and ``load_demo`` commands, so nothing here touches the Django ORM (and
Playwright's event loop never meets Django's async-safety check). No pytest-django
database fixture is used.
"""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 30  # seconds
COMMAND_TIMEOUT = 300  # seconds, for migrate and load_demo
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITEMAP_PATHS = ("/sitemap.xml", "/en/sitemap.xml")
HOME_PATHS = ("/", "/en/")
NOT_FOUND_PATHS = ("/finns-inte/", "/en/does-not-exist/")
SEARCH_QUERY = "policy"


@dataclass(frozen=True)
class ServedSite:
    """The demo site as served by gunicorn in a child process."""

    origin: str
    admin_username: str
    admin_password: str = field(repr=False)
    log_path: Path = field(repr=False)

    def url(self, path):
        return self.origin + path

    def log_tail(self, chars=4000):
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no server log)"


@dataclass(frozen=True)
class PublicPage:
    """One public URL to check, with the status and language it must have."""

    path: str
    source: str
    expected_status: int = 200

    @property
    def language(self):
        return "en" if self.path == "/en" or self.path.startswith("/en/") else "sv"

    def __str__(self):
        return f"{self.path} (from {self.source})"


@dataclass
class ConsoleLog:
    """JavaScript errors and Content-Security-Policy violations seen by one page."""

    errors: list = field(default_factory=list)
    csp_violations: list = field(default_factory=list)

    def watch(self, page, network_checked=False):
        """Listen to ``page``. With ``network_checked`` (the test checks responses
        itself, and 404 pages are expected), Chromium's "Failed to load resource"
        messages are left to that check."""
        page.on(
            "console", lambda message: self._on_console(page, message, network_checked)
        )
        page.on(
            "pageerror",
            lambda error: self.errors.append(f"{page.url}: uncaught {error}"),
        )
        return self

    def _on_console(self, page, message, network_checked):
        if message.type != "error":
            return
        if network_checked and message.text.startswith("Failed to load resource"):
            return
        entry = f"{page.url}: console.error: {message.text}"
        if "Content Security Policy" in message.text:
            self.csp_violations.append(entry)
        else:
            self.errors.append(entry)

    def clear(self):
        self.errors.clear()
        self.csp_violations.clear()

    def report(self):
        lines = []
        for heading, entries in (
            ("JavaScript console errors:", self.errors),
            ("Content-Security-Policy violations:", self.csp_violations),
        ):
            if entries:
                lines.append(heading)
                for entry, count in Counter(entries).items():
                    lines.append(f"  - {entry}" + (f" (×{count})" if count > 1 else ""))
        return "\n".join(lines)

    @property
    def clean(self):
        return not self.errors and not self.csp_violations


# --- The served site -----------------------------------------------------------------


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"`manage.py {' '.join(args)}` failed with exit code {result.returncode}:\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}",
            pytrace=False,
        )


def http_get(origin, path, timeout=5):
    """GET a path from the served site; returns (status, body text)."""
    parts = urlsplit(origin)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


def _start_gunicorn(env, port, log_file):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "website.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--graceful-timeout",
            "5",
            "--no-control-socket",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _wait_until_serving(process, origin):
    """Return None once the home page answers 200, or a reason it never did."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"gunicorn exited with code {process.returncode}"
        try:
            status, _body = http_get(origin, "/", timeout=2)
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200:
            return None
        return f"the home page answered HTTP {status}"
    return f"the home page did not answer within {SERVER_START_TIMEOUT} s"


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """Migrate a fresh SQLite database, load the demo, add a superuser, serve it."""
    workdir = tmp_path_factory.mktemp("vanort-site")
    (workdir / "media").mkdir()
    (workdir / "static").mkdir()
    admin_username = "browser-admin"
    admin_password = secrets.token_urlsafe(18)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "PYTHONUNBUFFERED": "1",
        # Playwright fills a form faster than any person; the bot check has unit tests.
        "INTEREST_MIN_FILL_SECONDS": "0",
    }
    _manage(env, "migrate", "--no-input")
    _manage(env, "load_demo")
    _manage(
        {**env, "DJANGO_SUPERUSER_PASSWORD": admin_password},
        "createsuperuser",
        "--no-input",
        "--username",
        admin_username,
        "--email",
        "browser-admin@example.com",
    )

    log_path = workdir / "gunicorn.log"
    with log_path.open("ab") as log_file:
        process = None
        failure = None
        try:
            # A port found free can be taken before gunicorn binds it: try again.
            for _attempt in range(3):
                port = _free_port()
                origin = f"http://127.0.0.1:{port}"
                site = ServedSite(origin, admin_username, admin_password, log_path)
                process = _start_gunicorn(env, port, log_file)
                failure = _wait_until_serving(process, origin)
                if failure is None:
                    break
                _stop(process)
                if "Address already in use" not in site.log_tail():
                    break
            if failure is not None:
                pytest.fail(
                    f"The demo site did not start: {failure}.\n"
                    f"gunicorn log ({log_path}):\n{site.log_tail()}",
                    pytrace=False,
                )
            yield site
        finally:
            if process is not None:
                _stop(process)


# --- Chromium ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless. Module scope: Playwright's event loop is gone
    before any later database test in the same run meets Django's async check."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}; the browser tests need it. "
            "Install it with: apt-get install -y chromium",
            pytrace=False,
        )
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def context(browser):
    """A fresh browser context (no cookies) per test, at a desktop size."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def console_log():
    """Call ``console_log.watch(page)`` to collect that page's JS errors and CSP
    violations."""
    return ConsoleLog()


# --- The public pages to check -------------------------------------------------------


def _local_path(location):
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _sitemap_paths(site, sitemap_path):
    """The paths a sitemap lists; a sitemap index is followed to each sitemap it
    names, as a search engine follows it."""
    status, body = http_get(site.origin, sitemap_path)
    assert status == 200, f"{sitemap_path} answered HTTP {status}"
    root = ET.fromstring(body)  # noqa: S314 - our own server's sitemap
    sitemaps = root.findall("sm:sitemap/sm:loc", SITEMAP_NS)
    if sitemaps:
        return [
            path
            for loc in sitemaps
            for path in _sitemap_paths(site, _local_path(loc.text.strip()))
        ]
    locations = [loc.text.strip() for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]
    assert locations, f"{sitemap_path} lists no pages"
    return [_local_path(location) for location in locations]


def _search_path(browser, site, home_path):
    """Follow the header search form on a home page, as a reader would."""
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(site.url(home_path))
        form = page.locator("header form[role=search]")
        form.locator("input[name=q]").fill(SEARCH_QUERY)
        with page.expect_navigation():
            form.locator("button[type=submit], input[type=submit]").first.click()
        parts = urlsplit(page.url)
        assert parts.query == f"q={SEARCH_QUERY}", (
            f"The search form on {home_path} led to {page.url}, not a search for "
            f"{SEARCH_QUERY!r}"
        )
        return f"{parts.path}?{parts.query}"
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def public_pages(browser, served_site):
    """Every page in both sitemaps, a search in each language, and a 404 in each."""
    pages = []
    for sitemap_path in SITEMAP_PATHS:
        pages += [
            PublicPage(p, sitemap_path)
            for p in _sitemap_paths(served_site, sitemap_path)
        ]
    for home_path in HOME_PATHS:
        search = _search_path(browser, served_site, home_path)
        pages.append(PublicPage(search, f"search form on {home_path}"))
    pages += [
        PublicPage(p, "a missing page", expected_status=404) for p in NOT_FOUND_PATHS
    ]
    unique = list({p.path: p for p in pages}.values())
    languages = {p.language for p in unique if p.expected_status == 200}
    assert languages == {"sv", "en"}, f"Expected pages in both languages, got {unique}"
    return unique
