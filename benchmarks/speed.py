"""Every public page type next to its floor, warm and cold, served as in production.

For each database (a temporary SQLite file, or a PostgreSQL database created and
dropped by this script): ``migrate``, ``load_demo``, ``generate_projects --count N
--seed 1`` and ``collectstatic`` on the production settings; then gunicorn with one
sync worker serves the site with ``benchmarks.floor_settings``, which adds the
floors (``benchmarks/floor_urls.py``) before the site's own URLs. Over HTTP:

warm   the same address requested once before, then --runs times (a page cache
       would answer these from the cache); against the static-file floor, one of
       the site's CSS files served by WhiteNoise.
cold   each request to an address never requested before (``cold=<n>`` added to
       the query string, which the site ignores), so a page cache misses while every
       other cache stays as it is; against the bare one-query page (the bare list
       over the same rows for the project list: page 5 for page 5, the same
       filters for the filtered list; page 5 of the list for its last page). The
       floors are requested with a fresh ``cold=<n>`` too.
export each export read to the end, cold, against a csv.writer over values_list of
       the same projects, streamed; each format in a fresh worker, whose memory
       is read from /proc/<pid>/status: its peak during each export above its
       resident size before the first. ``--export-count N`` measures only these,
       over N generated projects.

A floor and the page it is compared with are requested alternately, in alternating
order, so machine noise hits both alike. Medians in ms; the ratio is page / floor.
Tables to stdout, progress to stderr; ``--check`` exits 1 when a goal is missed or
a page does not answer 200.

    .venv/bin/python benchmarks/speed.py --count 10000 --database both \\
        --postgres-url postgres://vanort:vanort@127.0.0.1:5432/vanort
    .venv/bin/python benchmarks/speed.py --export-count 100000 --database sqlite
"""

import argparse
import http.client
import itertools
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import served
from served import DEFAULT_POSTGRES_URL, log

FLOOR_SETTINGS = "benchmarks.floor_settings"
FLOOR_PAGE = "/__floor__/page/"
FLOOR_LIST = "/__floor__/list/?page=5"
FLOOR_CSV = "/__floor__/csv/"
DISCOVERY = "/__floor__/urls/"
NO_PROJECT = "no-such-project-anywhere"  # a search that finds nothing
WORKER_TIMEOUT = 900  # seconds: an XLSX of 100,000 rows takes a while
MIB = 1024 * 1024

WARM_GOAL = 4  # × the static file
# The interest form is never cached (each visitor gets a fresh form token and CSRF
# cookie), so warm is cold for it: its goal is the cold one alone.
NO_WARM_GOAL = {"form"}
# kind: (floor's name, goal: cold ≤ goal × floor)
COLD_GOALS = {
    "list": ("bare list", 2),
    "deep": ("page 5", 1.5),
    "form": ("bare page", 3),
    "page": ("bare page", 4),
}
# format: goal, × the csv.writer floor
EXPORT_GOALS = {"csv": 2, "json": 2, "xlsx": 3}
MEMORY_GOAL_MIB = 20


def kind_of(name):
    if name.startswith("project list, last"):
        return "deep"
    if name.startswith("project list"):
        return "list"
    if name.startswith("interest form"):
        return "form"
    return "page"


# --- HTTP -----------------------------------------------------------------------------


@dataclass
class Sample:
    status: int
    seconds: float
    size: int
    cache: str


class Client:
    """GETs over one kept-alive connection where the server keeps it (gunicorn's
    sync worker closes each one: http.client then reconnects, ~0.1 ms on
    loopback, for floors and pages alike); each body read to the end."""

    def __init__(self, origin, timeout):
        parts = urlsplit(origin)
        self.connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=timeout
        )

    def get(self, path):
        for attempt in (1, 2):
            start = time.perf_counter()
            try:
                self.connection.request("GET", path)
                response = self.connection.getresponse()
                size = 0
                while chunk := response.read(1 << 16):
                    size += len(chunk)
            except (http.client.RemoteDisconnected, ConnectionResetError):
                # The server closed a kept connection before the request: again.
                self.connection.close()
                if attempt == 2:
                    raise
                continue
            seconds = time.perf_counter() - start
            if response.will_close:
                self.connection.close()
            return Sample(
                response.status, seconds, size, response.getheader("X-Cache", "")
            )
        raise AssertionError("unreachable")

    def close(self):
        self.connection.close()


_fresh = itertools.count(1)
_nonce = secrets.token_hex(3)


def cold(url):
    """``url`` with a query parameter it was never requested with before."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}cold={_nonce}-{next(_fresh)}"


@dataclass
class Samples:
    samples: list = field(default_factory=list)

    def add(self, sample):
        self.samples.append(sample)

    @property
    def median_ms(self):
        return statistics.median(s.seconds for s in self.samples) * 1000

    @property
    def failures(self):
        return Counter(s.status for s in self.samples if s.status != 200)

    @property
    def cache(self):
        return Counter(s.cache for s in self.samples if s.cache)

    @property
    def size(self):
        return max((s.size for s in self.samples), default=0)


def interleaved(client, floor_url, page_url, runs, around=None):
    """``runs`` pairs of a floor request and a page request, in alternating order;
    ``floor_url`` and ``page_url`` give each run's address. ``around(name,
    request)``, if given, makes each request (see WorkerMemory)."""
    floor, page = Samples(), Samples()

    def step(name, samples, url):
        def get():
            return client.get(url())

        return lambda: samples.add(around(name, get) if around else get())

    steps = [step("floor", floor, floor_url), step("page", page, page_url)]
    for run in range(runs):
        for request in steps if run % 2 == 0 else reversed(steps):
            request()
    return floor, page


# --- Memory of the gunicorn worker ----------------------------------------------------


def memory_kib(pid):
    """VmRSS and VmHWM (peak) of ``pid`` in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]


class WorkerMemory:
    """The one gunicorn worker's memory, from now on: around each request, its peak
    resident size (VmHWM, reset first through /proc/<pid>/clear_refs where the
    kernel allows) above its resident size now, by the name of what was asked;
    and what it held after the last request."""

    def __init__(self, site):
        self.site = site
        (self.pid,) = site.worker_pids()
        self.baseline, _peak = memory_kib(self.pid)
        self.peaks = {}  # name: [MiB]
        self.kept = 0.0  # MiB
        self.reset_works = True

    def __call__(self, name, request):
        if self.reset_works:
            try:
                Path(f"/proc/{self.pid}/clear_refs").write_text("5")
            except OSError:
                self.reset_works = False
        sample = request()
        if self.site.worker_pids() != [self.pid]:
            log("the gunicorn worker was replaced during an export")
            return sample
        rss, peak = memory_kib(self.pid)
        self.peaks.setdefault(name, []).append((peak - self.baseline) / 1024)
        self.kept = (rss - self.baseline) / 1024
        return sample


# --- One database ---------------------------------------------------------------------


def misses(error, goals, *samples):
    """What a row misses: its error, else the goals ({name: met}) it does not
    meet and the answers other than 200 among its ``samples``."""
    if error:
        return [error]
    missed = [name for name, met in goals.items() if not met]
    failures = sum((sample.failures for sample in samples), Counter())
    missed.extend(f"HTTP {status} ×{n}" for status, n in sorted(failures.items()))
    return missed


@dataclass
class Row:
    name: str
    url: str
    kind: str
    warm: Samples = None
    cold: Samples = None
    static: Samples = None
    floor: Samples = None
    error: str = ""

    @property
    def warm_ratio(self):
        return self.warm.median_ms / self.static.median_ms

    @property
    def cold_ratio(self):
        return self.cold.median_ms / self.floor.median_ms

    @property
    def misses(self):
        return misses(
            self.error,
            {
                "warm": self.kind in NO_WARM_GOAL or self.warm_ratio <= WARM_GOAL,
                "cold": self.cold_ratio <= COLD_GOALS[self.kind][1],
            },
            self.warm,
            self.cold,
            self.static,
            self.floor,
        )


@dataclass
class ExportRow:
    fmt: str
    url: str
    export: Samples = None
    floor: Samples = None
    peak_mib: float = 0.0
    floor_peak_mib: float = 0.0
    kept_mib: float = 0.0
    error: str = ""

    @property
    def ratio(self):
        return self.export.median_ms / self.floor.median_ms

    @property
    def misses(self):
        return misses(
            self.error,
            {
                "time": self.ratio <= EXPORT_GOALS[self.fmt],
                "memory": self.peak_mib < MEMORY_GOAL_MIB,
            },
            self.export,
            self.floor,
        )


@dataclass
class Report:
    vendor: str
    projects: int
    runs: int
    export_runs: int
    rows: list = field(default_factory=list)
    exports: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def missed(self):
        return [r for r in [*self.rows, *self.exports] if r.misses]


def measure_pages(report, client, urls, runs):
    static = urls["static"]
    pages = urls["pages"]
    page5 = pages["project list, page 5"]
    floors = {"bare list": FLOOR_LIST, "page 5": page5, "bare page": FLOOR_PAGE}
    for name, url in pages.items():
        kind = kind_of(name)
        row = Row(name, url, kind)
        report.rows.append(row)
        first = client.get(url)  # the warm address's one request before
        if first.status != 200:
            row.error = f"HTTP {first.status}"
            log(f"{name}: {url} answered HTTP {first.status}")
            continue
        row.static, row.warm = interleaved(
            client, lambda: static, lambda url=url: url, runs
        )
        floor = urls.get("floors", {}).get(name) or floors[COLD_GOALS[kind][0]]
        row.floor, row.cold = interleaved(
            client, lambda floor=floor: cold(floor), lambda url=url: cold(url), runs
        )
        log(
            f"{name}: warm {row.warm.median_ms:.1f} ms ({row.warm_ratio:.1f}× static), "
            f"cold {row.cold.median_ms:.1f} ms ({row.cold_ratio:.1f}× "
            f"{COLD_GOALS[kind][0]})"
        )


def measure_exports(report, client, site, urls, runs):
    """Each format in a fresh worker: stopped and started again, then one export of
    no rows (its code imported, the site's caches filled), then ``runs`` exports
    of all rows, each memory measurement against the worker's size before them."""
    for fmt, url in urls["exports"].items():
        row = ExportRow(fmt, url)
        report.exports.append(row)
        site.restart_workers()
        first = client.get(cold(f"{url}?q={NO_PROJECT}"))
        if first.status != 200:
            row.error = f"HTTP {first.status}"
            log(f"export {fmt}: {url}?q={NO_PROJECT} answered HTTP {first.status}")
            continue
        memory = WorkerMemory(site)
        row.floor, row.export = interleaved(
            client,
            lambda: cold(FLOOR_CSV),
            lambda url=url: cold(url),
            runs,
            around=memory,
        )
        row.peak_mib = max(memory.peaks.get("page", []), default=float("nan"))
        row.floor_peak_mib = max(memory.peaks.get("floor", []), default=float("nan"))
        row.kept_mib = memory.kept
        if not memory.reset_works:
            report.notes.append(
                "the worker's peak could not be reset (clear_refs): the export's "
                "peak is the fresh worker's lifetime peak, floor requests included"
            )
        log(
            f"export {fmt}: {row.export.median_ms:.0f} ms "
            f"({row.ratio:.1f}× csv floor), "
            f"{row.export.size / MIB:.1f} MiB, worker peak +{row.peak_mib:.1f} MiB"
        )


def run(args, kind, workdir):
    if kind == "sqlite":
        database = served.SQLiteDatabase(workdir)
    else:
        name = f"vanort_speed_{os.getpid()}"
        log(f"postgresql: creating database {name}")
        database = served.PostgresDatabase(args.postgres_url, name)
    count = args.export_count or args.count
    site = served.Site(workdir, database, redis_url=args.redis_url)
    client = None
    try:
        started = time.monotonic()
        site.build(("generate_projects", "--count", str(count), "--seed", "1"))
        built = time.monotonic()
        site.start(
            1,
            ready_path=FLOOR_PAGE,
            env={"DJANGO_SETTINGS_MODULE": FLOOR_SETTINGS},
            worker_timeout=WORKER_TIMEOUT,
        )
        log(f"gunicorn (1 sync worker) serving at {site.origin}")
        client = Client(site.origin, WORKER_TIMEOUT)
        urls = json.loads(served.request(site.origin, "GET", DISCOVERY).body)
        report = Report(database.vendor, urls["live projects"], args.runs, 0)
        if not args.export_count:
            measure_pages(report, client, urls, args.runs)
        measured = time.monotonic()
        report.export_runs = args.export_runs
        measure_exports(report, client, site, urls, args.export_runs)
        report.notes.append(
            f"time: build {built - started:.0f} s (migrate, load_demo, "
            f"generate_projects --count {count}, collectstatic), gunicorn and "
            f"pages {measured - built:.0f} s, exports "
            f"{time.monotonic() - measured:.0f} s"
        )
        logged = site.server_errors_logged()
        if logged:
            report.notes.append(
                f"**{logged} 'Internal Server Error' in the gunicorn log**"
            )
            log(f"gunicorn log tail:\n{site.log_tail()}")
    finally:
        if client is not None:
            client.close()
        site.stop()
        if not args.keep:
            database.drop()
    return report


# --- The tables -----------------------------------------------------------------------


def verdict(misses):
    return "ok" if not misses else "**missed: " + ", ".join(misses) + "**"


def cache_column(*samples):
    parts = []
    for label, sample in samples:
        if sample is not None and sample.cache:
            counts = " ".join(f"{key} {n}" for key, n in sorted(sample.cache.items()))
            parts.append(f"{label}: {counts}")
    return "; ".join(parts) or "–"


def write(report, out):
    out.write(
        f"\n## Speed: {report.vendor}, {report.projects} live Swedish projects\n\n"
        "gunicorn, 1 sync worker, production settings.\n"
    )
    if report.rows:
        write_pages(report, out)
    write_exports(report, out)
    for note in dict.fromkeys(report.notes):
        out.write(f"\n- {note}")
    missed = len(report.missed)
    out.write(
        f"\n\n{report.vendor}: "
        + (f"{missed} rows miss a goal\n" if missed else "every goal met\n")
    )
    out.flush()


def write_pages(report, out):
    out.write(
        f"\nPages: medians of {report.runs} "
        "runs per page (warm and cold each), floors requested alternately with "
        "each page. Goals: warm ≤ 4× static file; cold list ≤ 2× bare list; cold "
        "interest form ≤ 3× bare page (no warm goal: it is never cached); other "
        "cold pages ≤ 4× bare page; last page ≤ 1.5× page 5 (cold).\n\n"
        "| page type | URL | warm ms | cold ms | floor | warm ratio | cold ratio "
        "| goal | ok? | kB | X-Cache |\n"
        "|---|---|---:|---:|---|---:|---:|---|---|---:|---|\n"
    )
    for row in report.rows:
        if row.error:
            out.write(
                f"| {row.name} | `{row.url}` | – | – | – | – | – | – "
                f"| {verdict(row.misses)} | – | – |\n"
            )
            continue
        floor_name, goal = COLD_GOALS[row.kind]
        warm_goal = "" if row.kind in NO_WARM_GOAL else f"warm ≤ {WARM_GOAL}×, "
        cache = cache_column(
            ("warm", row.warm), ("cold", row.cold), ("floor", row.floor)
        )
        out.write(
            f"| {row.name} | `{row.url}` | {row.warm.median_ms:.1f} "
            f"| {row.cold.median_ms:.1f} "
            f"| static {row.static.median_ms:.1f} · {floor_name} "
            f"{row.floor.median_ms:.1f} "
            f"| {row.warm_ratio:.1f}× | {row.cold_ratio:.1f}× "
            f"| {warm_goal}cold ≤ {goal}× {floor_name} "
            f"| {verdict(row.misses)} | {row.cold.size / 1024:.0f} "
            f"| {cache} |\n"
        )


def write_exports(report, out):
    out.write(
        f"\nExports: medians of {report.export_runs} runs, each cold and read to "
        "the end; floor: csv.writer over values_list of the same projects, "
        "streamed. Each format in a fresh worker, after one export of no rows. "
        "Memory: the worker's peak resident size during an export (and during the "
        "floor, for comparison) above its size before the first request, the "
        "largest of the runs, and what it still held after the last. Goals: CSV, "
        f"JSON ≤ 2×, XLSX ≤ 3× floor; peak growth < {MEMORY_GOAL_MIB} MiB.\n\n"
        "| export | URL | ms | floor ms | ratio | goal | worker peak +MiB "
        "| floor peak +MiB | held after MiB | ok? | kB | X-Cache |\n"
        "|---|---|---:|---:|---:|---|---:|---:|---:|---|---:|---|\n"
    )
    for row in report.exports:
        if row.error:
            out.write(
                f"| {row.fmt} | `{row.url}` | – | – | – | – | – | – | – "
                f"| {verdict(row.misses)} | – | – |\n"
            )
            continue
        out.write(
            f"| {row.fmt.upper()} | `{row.url}` | {row.export.median_ms:.0f} "
            f"| {row.floor.median_ms:.0f} | {row.ratio:.1f}× "
            f"| ≤ {EXPORT_GOALS[row.fmt]}×, < {MEMORY_GOAL_MIB} MiB "
            f"| {row.peak_mib:.1f} | {row.floor_peak_mib:.1f} | {row.kept_mib:.1f} "
            f"| {verdict(row.misses)} "
            f"| {row.export.size / 1024:.0f} "
            f"| {cache_column(('export', row.export), ('floor', row.floor))} |\n"
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--count", type=int, default=10_000, help="projects to generate"
    )
    parser.add_argument(
        "--database", choices=["sqlite", "postgres", "both"], default="both"
    )
    parser.add_argument("--runs", type=int, default=15, help="per page, warm and cold")
    parser.add_argument("--export-runs", type=int, default=5)
    parser.add_argument(
        "--export-count",
        type=int,
        default=0,
        help="generate this many projects and measure the exports only",
    )
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        help="a database to connect to for CREATE/DROP DATABASE "
        f"(default {DEFAULT_POSTGRES_URL})",
    )
    parser.add_argument(
        "--redis-url", default="", help="REDIS_URL for the site (default: none)"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a goal is missed"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the work directory and database"
    )
    args = parser.parse_args()

    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    started = time.monotonic()
    missed = 0
    for kind in kinds:
        workdir = tempfile.mkdtemp(prefix=f"vanort-speed-{kind}-")
        try:
            report = run(args, kind, workdir)
            write(report, sys.stdout)
            missed += len(report.missed)
        finally:
            if args.keep:
                log(f"kept {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
    log(f"done in {time.monotonic() - started:.0f} s")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
