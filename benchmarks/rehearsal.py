"""The two-server rehearsal: Vänort as a municipality runs it on several machines.

Starts real components on this machine, as ``.ci/run`` does in CI:

- PostgreSQL (already running; a database ``vanort_rehearsal`` is created and
  dropped), Redis (``redis-server`` on a free port), an S3-compatible object store
  (moto's server mode: the object store of CI, with bucket policies enforced as
  S3 does), and a mail server (aiosmtpd);
- two app servers, A and B: gunicorn on 127.0.0.1:8001 and :8002 with the
  production settings, sharing the database, Redis and the bucket;
- the task worker (``manage.py db_worker``);
- Varnish with ``deploy/varnish/default.vcl`` as shipped, in front of both.

Then it proves, as a visitor, an editor and an operator would see it:

1. an image uploaded through A is served through B (a rendition in the bucket,
   readable by anyone; a document's object is not);
2. a project published through A shows through B on the next request, and through
   Varnish once the worker has purged it;
3. the interest form's rate limit counts across both servers, and housekeeping's
   lock holds across both;
4. ``/health/`` turns 503 on both when PostgreSQL stops, and 200 when it is back;
5. the nothing-lost load check through Varnish and both servers: rows == 303s ==
   N, no 5xx, and every notification sent once by the worker.

Progress goes to stderr, the results to stdout as a table; exit code 1 if any
check fails.

    .venv/bin/python benchmarks/rehearsal.py --requests 200 --concurrency 16
"""

import argparse
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import boto3
import interest_load
import requests
import served
from served import DEFAULT_POSTGRES_URL, REPO_ROOT, free_port, log

PORTS = {"A": 8001, "B": 8002}  # as in deploy/varnish/default.vcl
HOST = "localhost"  # the demo Site's host name: Varnish keys and purges by it
BUCKET = "vanort-media"
PROJECT_SLUG = "elevutbyte-hiddenhausen"
PROJECT_PATH = f"/projekt/{PROJECT_SLUG}/"
PURGE_DEADLINE = 15  # seconds for the worker to purge Varnish after a publish
HEALTH_DEADLINE = 1.0  # seconds /health/ may take, even with the database gone
VENV_BIN = Path(sys.executable).parent


class Checks:
    def __init__(self):
        self.rows = []

    def check(self, what, ok, detail=""):
        self.rows.append((what, bool(ok), detail))
        log(f"{'ok  ' if ok else 'FAIL'} {what} {detail}")
        return ok

    @property
    def passed(self):
        return all(ok for _what, ok, _detail in self.rows)

    def write(self, out):
        out.write("| check | result | detail |\n|---|---|---|\n")
        for what, ok, detail in self.rows:
            out.write(f"| {what} | {'ok' if ok else '**FAILED**'} | {detail} |\n")


# --- The components -------------------------------------------------------------------


class Process:
    """A program in the background, its output in a log file. ``restart``: started
    again a second after it exits, as systemd's ``Restart=always`` does."""

    def __init__(self, name, args, workdir, env=None, restart=False):
        self.name = name
        self.args = args
        self.env = env
        self.log_path = Path(workdir) / f"{name}.log"
        self.restarts = 0
        self.stopping = threading.Event()
        self.process = self._start()
        if restart:
            threading.Thread(target=self._supervise, daemon=True).start()

    def _start(self):
        with self.log_path.open("ab") as log_file:
            return subprocess.Popen(  # noqa: S603 - fixed arguments
                self.args,
                cwd=REPO_ROOT,
                env=self.env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )

    def _supervise(self):
        while not self.stopping.is_set():
            if self.process.poll() is not None and not self.stopping.wait(1):
                self.restarts += 1
                self.process = self._start()
            time.sleep(0.2)

    def stop(self):
        self.stopping.set()
        served.stop(self.process)

    def tail(self, chars=3000):
        return self.log_path.read_text(errors="replace")[-chars:]


def wait_for(what, probe, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if probe():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {seconds} s")


def start_redis(workdir):
    port = free_port()
    redis = Process(
        "redis",
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        workdir,
    )
    wait_for("redis", lambda: socket.create_connection(("127.0.0.1", port), 1))
    return redis, f"redis://127.0.0.1:{port}/0"


def start_object_store(workdir):
    port = free_port()
    store = Process(
        "moto",
        [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        workdir,
    )
    endpoint = f"http://127.0.0.1:{port}"
    wait_for("moto", lambda: requests.get(endpoint, timeout=1).ok)
    return store, endpoint


def start_varnish(workdir, port):
    varnish = Process(
        "varnish",
        [
            "varnishd",
            "-F",
            "-j",
            "none",
            "-n",
            str(Path(workdir) / "varnish"),
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(REPO_ROOT / "deploy" / "varnish" / "default.vcl"),
            "-s",
            "malloc,64m",
            "-p",
            "ban_lurker_sleep=0.1",
        ],
        workdir,
    )
    origin = f"http://127.0.0.1:{port}"
    wait_for(
        "varnish, with both app servers healthy",
        lambda: get(origin, "/").status_code == 200,
        seconds=60,
    )
    return varnish, origin


def get(origin, path, session=None, **kwargs):
    headers = {"Host": HOST, **kwargs.pop("headers", {})}
    return (session or requests).get(
        origin + path, headers=headers, timeout=30, allow_redirects=False, **kwargs
    )


class Editor(requests.Session):
    """An editor's browser. The session and CSRF cookies are Secure (production
    settings) and the rehearsal speaks plain HTTP on 127.0.0.1, where requests
    would not send them, so this browser keeps and sends its cookies itself."""

    def __init__(self):
        super().__init__()
        self.kept = {}
        self.headers["Host"] = HOST

    def request(self, method, url, *args, headers=None, **kwargs):
        cookie = "; ".join(f"{name}={value}" for name, value in self.kept.items())
        response = super().request(
            method, url, *args, headers={"Cookie": cookie, **(headers or {})}, **kwargs
        )
        self.kept.update((c.name, c.value) for c in response.cookies)
        self.cookies.clear()
        return response

    def login(self, origin, username, password):
        page = self.get(origin + "/admin/login/", timeout=30)
        token = self.kept.get("csrftoken")
        response = self.post(
            origin + "/admin/login/",
            data={
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
                "next": "/admin/",
            },
            headers={"Referer": origin + "/admin/login/"},
            timeout=30,
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"login failed: {response.status_code} {page.url}")


# --- The checks -----------------------------------------------------------------------


def png_bytes():
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (640, 400), (0, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def check_media(checks, site, servers, editor):
    a, b = servers["A"], servers["B"]
    page = editor.get(a + "/admin/images/add/", timeout=30).text
    fields = FullFormParser.fields(page, form_id=None)
    fields = [(name, value) for name, value in fields if name != "title"]
    fields.append(("title", "Rehearsal: Hiddenhausen town hall"))
    response = editor.post(
        a + "/admin/images/add/",
        data=fields,
        files={"file": ("rehearsal.png", png_bytes(), "image/png")},
        headers={"Referer": a + "/admin/images/add/"},
        timeout=60,
        allow_redirects=False,
    )
    checks.check(
        "image uploaded through A", response.status_code == 302, response.status_code
    )
    image_id = site.manage(
        "shell",
        "--no-imports",
        "-c",
        "from wagtail.images.models import Image;"
        "print(Image.objects.get(title__startswith='Rehearsal').pk)",
    ).stdout.strip()
    edit = editor.get(f"{b}/admin/images/{image_id}/", timeout=30)
    sources = re.findall(r'<img[^>]+src="([^"]+)"', edit.text)
    rendition = next((src for src in sources if "/images/" in src), "")
    served_by = requests.get(rendition, timeout=30) if rendition else None
    checks.check(
        "its rendition, through B, is served from the bucket to anyone",
        served_by is not None
        and served_by.status_code == 200
        and served_by.content[:8] == b"\x89PNG\r\n\x1a\n",
        rendition or f"B answered {edit.status_code}; images: {sources[:5]}",
    )

    page = editor.get(a + "/admin/documents/add/", timeout=30).text
    fields = FullFormParser.fields(page)
    fields = [(name, value) for name, value in fields if name != "title"]
    fields.append(("title", "Rehearsal: twinning agreement"))
    text = b"Twinning agreement, rehearsal copy.\n"
    response = editor.post(
        a + "/admin/documents/add/",
        data=fields,
        files={"file": ("agreement.txt", text, "text/plain")},
        headers={"Referer": a + "/admin/documents/add/"},
        timeout=60,
        allow_redirects=False,
    )
    checks.check(
        "document uploaded through A", response.status_code == 302, response.status_code
    )
    document_id, key, filename = site.manage(
        "shell",
        "--no-imports",
        "-c",
        "from wagtail.documents.models import Document;"
        "d = Document.objects.get(title__startswith='Rehearsal');"
        "print(d.pk, d.file.name, d.filename)",
    ).stdout.split()
    endpoint = site.env["AWS_S3_ENDPOINT_URL"]
    direct = requests.get(f"{endpoint}/{BUCKET}/{key}", timeout=30)
    checks.check(
        "its object in the bucket is refused to anyone",
        direct.status_code == 403,
        direct.status_code,
    )
    served_by = get(b, f"/documents/{document_id}/{filename}")
    checks.check(
        "B serves it at /documents/, through Wagtail's view",
        served_by.status_code == 200 and served_by.content == text,
        served_by.status_code,
    )


def publish_through(editor, origin, title):
    """Change the demo project's title in A's admin and publish it."""
    project_id = re.search(
        r'href="/admin/snippets/inventory/project/edit/(\d+)/"[^>]*>[^<]*',
        editor.get(
            origin + "/admin/snippets/inventory/project/?q=Hiddenhausen", timeout=30
        ).text,
    ).group(1)
    edit_url = f"{origin}/admin/snippets/inventory/project/edit/{project_id}/"
    page = editor.get(edit_url, timeout=30).text
    fields = FullFormParser.fields(page, form_id="w-editor-form")
    fields = [(name, value) for name, value in fields if name != "title"]
    fields += [("title", title), ("action-publish", "action-publish")]
    response = editor.post(
        edit_url,
        data=fields,
        headers={"Referer": edit_url},
        timeout=60,
        allow_redirects=False,
    )
    return response.status_code


class FullFormParser(interest_load.HTMLParser):
    """Every field a browser sends for one form: inputs (checked boxes only),
    selected options and text areas."""

    def __init__(self):
        super().__init__()
        self.items = []
        self._select = None
        self._textarea = None
        self._selected_any = False

    @classmethod
    def fields(cls, html, form_id=None):
        """The fields of the form ``form_id``, or of the first form posted back to
        its own page."""
        if form_id:
            start = html.index(f'id="{form_id}"')
        else:
            start = html.index('enctype="multipart/form-data"')
        html = html[html.rindex("<form", 0, start) :]
        html = html[: html.index("</form>") + 7]
        parser = cls()
        parser.feed(html)
        return parser.items

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.items.append((name, attrs.get("value", "on")))
            elif kind not in {"submit", "button", "file", "image"}:
                self.items.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.items.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.items.append(tuple(self._textarea))
            self._textarea = None


def check_publish(checks, servers, varnish, editor):
    a, b = servers["A"], servers["B"]
    before = [get(varnish, PROJECT_PATH) for _ in range(2)]
    checks.check(
        "the project page is kept by Varnish",
        before[1].headers.get("X-Frontend-Cache") == "hit",
        before[1].headers.get("Cache-Control", ""),
    )
    title = f"Elevutbyte med Hiddenhausen, repetition {int(time.time())}"
    status = publish_through(editor, a, title)
    checks.check("project published through A", status == 302, status)
    through_b = get(b, PROJECT_PATH)
    checks.check(
        "B shows it on the next request",
        title in through_b.text,
        through_b.headers.get("X-Cache", ""),
    )
    started = time.monotonic()
    pages = [PROJECT_PATH, "/projekt/", "/projekt/feed/", "/projekt/export/csv/"]
    fresh = {}
    while time.monotonic() - started < PURGE_DEADLINE and len(fresh) < len(pages):
        for path in pages:
            if path not in fresh and title in get(varnish, path).text:
                fresh[path] = time.monotonic() - started
        time.sleep(0.1)
    checks.check(
        "Varnish shows it on the project page, list, feed and export after the purge",
        len(fresh) == len(pages),
        ", ".join(f"{path} {seconds:.1f} s" for path, seconds in fresh.items()),
    )


def check_rate_limit(checks, servers):
    a, b = servers["A"], servers["B"]
    limit = int(interest_load.INTEREST_ENV["INTEREST_RATE_LIMIT"])
    # Through a proxy chain as Varnish passes it: the client, then Varnish.
    address = "192.0.2.77, 127.0.0.1"
    statuses = []
    for index in range(limit + 1):
        origin, other = (a, b) if index % 2 == 0 else (b, a)
        result = interest_load.send_form(
            origin, "ratelimit", index, 9, 60, address=address, post_to=other
        )
        statuses.append(result[0].status)
    checks.check(
        f"rate limit across A and B: {limit} forms, then 429",
        statuses == [303] * limit + [429],
        statuses,
    )


def check_housekeeping_lock(checks, site):
    holder = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "import time\n"
            "from inventory.joblock import job_lock\n"
            "with job_lock('housekeeping') as acquired:\n"
            "    print('held' if acquired else 'busy', flush=True)\n"
            "    time.sleep(8)\n",
        ],
        cwd=REPO_ROOT,
        env=site.env,
        stdout=subprocess.PIPE,
        text=True,
    )
    first = holder.stdout.readline().strip()
    other = site.manage("housekeeping", check=False)
    holder.wait(timeout=30)
    checks.check(
        "housekeeping's lock, held on A, keeps B's run out",
        first == "held" and "Another housekeeping run is in progress" in other.stdout,
        other.stdout.strip().splitlines()[-1:] if other.stdout else other.returncode,
    )
    after = site.manage("housekeeping", check=False)
    checks.check(
        "after A lets go, B's run does the work",
        "Housekeeping done." in after.stdout,
        after.returncode,
    )


def timed_health(origin):
    started = time.monotonic()
    response = get(origin, "/health/")
    return response, time.monotonic() - started


def check_health(checks, servers):
    for name, origin in servers.items():
        response, _seconds = timed_health(origin)
        checks.check(f"/health/ on {name}", response.status_code == 200, response.text)
    subprocess.run(["service", "postgresql", "stop"], check=True)  # noqa: S607
    try:
        for name, origin in servers.items():
            response, seconds = timed_health(origin)
            checks.check(
                f"/health/ on {name} with PostgreSQL stopped: 503 within "
                f"{HEALTH_DEADLINE} s",
                response.status_code == 503 and seconds <= HEALTH_DEADLINE,
                f"{response.status_code} in {seconds:.2f} s: {response.text}",
            )
    finally:
        subprocess.run(["service", "postgresql", "start"], check=True)  # noqa: S607
    wait_for(
        "PostgreSQL back",
        lambda: (
            subprocess.run(
                ["pg_isready", "-q", "-h", "127.0.0.1"],  # noqa: S607
                check=False,
            ).returncode
            == 0
        ),
    )
    for name, origin in servers.items():
        deadline = time.monotonic() + 10
        response, _seconds = timed_health(origin)
        while response.status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
            response, _seconds = timed_health(origin)
        checks.check(
            f"/health/ on {name} with PostgreSQL back", response.status_code == 200
        )
        page = get(origin, "/projekt/?after-restart=1")
        checks.check(
            f"{name} serves pages again (no stale connection)",
            page.status_code == 200,
            page.status_code,
        )


def check_load(checks, varnish, database, mail, args):
    before_rows, before_mail = database.count(), interest_load.mail_counts(mail)
    batch = interest_load.post_batch(
        varnish, "load", args.requests, args.concurrency, 60
    )
    rows_added = database.count() - before_rows
    statuses = batch.statuses()
    successes = len(batch.successes())
    checks.check(
        f"load through Varnish: rows == 303s == {args.requests}",
        rows_added == successes == args.requests,
        f"rows {rows_added}, 303s {successes}, statuses {dict(statuses)}",
    )
    checks.check(
        "no 5xx", not any(status >= 500 for status in statuses), dict(statuses)
    )
    received = interest_load.wait_for_mail(mail, before_mail, rows_added, 60)
    notifications, receipts = (
        now - was for now, was in zip(received, before_mail, strict=True)
    )
    checks.check(
        "the worker sent every notification and every receipt once",
        notifications == receipts == rows_added
        and interest_load.pending_notifications(database, "load") == 0,
        f"{notifications} notifications and {receipts} receipts for {rows_added} rows",
    )


# --- The run --------------------------------------------------------------------------


def run(args, workdir, checks):
    database = interest_load.PostgresDatabase(args.postgres_url, "vanort_rehearsal")
    components = []
    try:
        redis, redis_url = start_redis(workdir)
        components.append(redis)
        store, endpoint = start_object_store(workdir)
        components.append(store)
        mail = interest_load.MailServer(free_port())
        mail.start()
        env = {
            **interest_load.INTEREST_ENV,
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "TRUSTED_PROXY_COUNT": "2",
            "EMAIL_PORT": str(mail.port),
            "APP_SERVERS": "2",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "rehearsal",
            "AWS_SECRET_ACCESS_KEY": "rehearsal-secret",
            "AWS_S3_REGION_NAME": "eu-north-1",
            "FRONTEND_CACHE_PURGE_URLS": "",  # set once Varnish's port is known
            "WAGTAILADMIN_BASE_URL": f"http://{HOST}",
        }
        site = served.Site(workdir, database, env, redis_url=redis_url)
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
            region_name=env["AWS_S3_REGION_NAME"],
        ).create_bucket(
            Bucket=BUCKET,
            CreateBucketConfiguration={"LocationConstraint": env["AWS_S3_REGION_NAME"]},
        )
        site.manage("media_bucket_policy", "--apply")
        site.build()
        site.manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.contrib.auth import get_user_model;"
            "get_user_model().objects.create_superuser("
            "'rehearsal', 'rehearsal@example.org', 'rehearsal-password-7')",
        )
        varnish_port = free_port()
        site.env["FRONTEND_CACHE_PURGE_URLS"] = f"http://127.0.0.1:{varnish_port}"
        servers = {}
        for name, port in PORTS.items():
            server = served.Site(workdir, database, env, redis_url=redis_url)
            server.env = dict(site.env)
            server.log_path = Path(workdir) / f"gunicorn-{name}.log"
            server.start(2, ready_path="/health/", port=port)
            components.append(server)
            servers[name] = server.origin
        worker = Process(
            "worker",
            [sys.executable, "manage.py", "db_worker", "--interval", "0.5"],
            workdir,
            env=site.env,
            restart=True,
        )
        components.append(worker)
        varnish, varnish_origin = start_varnish(workdir, varnish_port)
        components.append(varnish)
        interest_load.HOST_HEADER["Host"] = HOST
        editor = Editor()
        editor.login(servers["A"], "rehearsal", "rehearsal-password-7")

        log("1. media")
        check_media(checks, site, servers, editor)
        log("2. publishing")
        check_publish(checks, servers, varnish_origin, editor)
        log("3. rate limit and housekeeping lock")
        check_rate_limit(checks, servers)
        check_housekeeping_lock(checks, site)
        log("4. health")
        check_health(checks, servers)
        log("5. nothing lost through Varnish")
        check_load(checks, varnish_origin, database, mail, args)
        # db_worker exits when the database goes away; systemd starts it again.
        log(f"the worker was started again {worker.restarts} times")
        for component in components:
            if isinstance(component, served.Site):
                errors = component.server_errors_logged()
                checks.check(
                    f"no server error logged by {component.log_path.name}", errors == 0
                )
                if errors:
                    log(component.log_tail())
        mail.stop()
    except Exception:
        for component in components:
            tail = component.log_tail() if hasattr(component, "log_tail") else ""
            tail = tail or (component.tail() if hasattr(component, "tail") else "")
            log(f"--- {getattr(component, 'name', component)}:\n{tail}")
        raise
    finally:
        for component in reversed(components):
            component.stop()
        if not args.keep:
            database.drop()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="vanort-rehearsal-")
    checks = Checks()
    try:
        run(args, workdir, checks)
    finally:
        checks.write(sys.stdout)
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0 if checks.passed else 1


if __name__ == "__main__":
    sys.exit(main())
