"""What the benchmarks that drive a served site share (interest_load.py, speed.py):
a throwaway database, the site on the production settings with its manage.py
commands, gunicorn serving it, and plain HTTP requests to it."""

import abc
import http.client
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
COMMAND_TIMEOUT = 600  # seconds, for migrate, load_demo, collectstatic …
SERVER_START_TIMEOUT = 60  # seconds
DEFAULT_POSTGRES_URL = "postgres://vanort:vanort@127.0.0.1:5432/vanort"


def log(message):
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process):
    """Stop a child process: politely, then, after 20 s, not."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


# --- The database ---------------------------------------------------------------------


class Database(abc.ABC):
    """A database created fresh for one run, and queried directly."""

    vendor = ""
    url = ""
    placeholder = "?"

    @abc.abstractmethod
    def _query(self, sql, params=()):
        """Run ``sql`` on a connection of its own; the rows it returns."""

    def _fetch(self, sql, params=()):
        return self._query(sql.replace("?", self.placeholder), params)

    def drop(self):  # noqa: B027 - optional: a temporary SQLite file needs no drop
        """Remove the database, where there is anything to remove."""


class SQLiteDatabase(Database):
    """A SQLite file in ``workdir`` (removed with it)."""

    vendor = "sqlite"

    def __init__(self, workdir):
        self.path = Path(workdir) / "db.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def _query(self, sql, params=()):
        connection = sqlite3.connect(self.path, timeout=60)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()


class PostgresDatabase(Database):
    """A PostgreSQL database ``name``, created (dropped first if it is there) through
    ``admin_url``, a database the role may connect to for CREATE/DROP DATABASE."""

    vendor = "postgresql"
    placeholder = "%s"

    def __init__(self, admin_url, name):
        import psycopg

        self._psycopg = psycopg
        self.admin_url = admin_url
        self.name = name
        parts = urlsplit(admin_url)
        self.url = urlunsplit(parts._replace(path=f"/{name}"))
        self.drop()
        self._admin("CREATE DATABASE {}")

    def _admin(self, statement):
        from psycopg import sql

        with self._psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(self.name)))

    def _query(self, query, params=()):
        with self._psycopg.connect(self.url, autocommit=True) as connection:
            return connection.execute(query, params).fetchall()

    def drop(self, attempts=20):
        """Drop the database once the role's own sessions on it are closed.

        Not ``DROP DATABASE ... WITH (FORCE)``: for a role that is not a superuser it
        fails outright when an autovacuum worker happens to be on the database (its
        process belongs to no role the caller is a member of). A plain DROP asks
        autovacuum to leave by itself; our own leftover sessions are ended first, and
        a session that is still closing is waited out."""
        from psycopg import errors, sql

        for attempt in range(attempts):
            try:
                with self._psycopg.connect(self.admin_url, autocommit=True) as conn:
                    conn.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = %s AND usename = current_user"
                        " AND pid <> pg_backend_pid()",
                        (self.name,),
                    )
                    conn.execute(
                        sql.SQL("DROP DATABASE IF EXISTS {}").format(
                            sql.Identifier(self.name)
                        )
                    )
                return
            except errors.ObjectInUse:
                if attempt == attempts - 1:
                    raise
                time.sleep(0.5)


# --- The site: manage.py and gunicorn -------------------------------------------------


def production_env(workdir, database_url, redis_url=""):
    """The environment of the production settings for a site in ``workdir``: a
    fresh secret key, plain HTTP on 127.0.0.1, no mail server, a file cache (or
    Redis at ``redis_url``)."""
    workdir = Path(workdir)
    for name in ("media", "static", "cache"):
        (workdir / name).mkdir(exist_ok=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "CACHE_DIR": str(workdir / "cache"),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_HOST": "",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


class Site:
    """The demo site on the production settings (``env`` added to them) in
    ``workdir`` on ``database``: its commands and its gunicorn."""

    def __init__(self, workdir, database, env=None, redis_url=""):
        self.workdir = Path(workdir)
        self.database = database
        self.process = None
        self.origin = ""
        self.ready_path = "/"
        self.log_path = self.workdir / "gunicorn.log"
        self.env = {
            **production_env(workdir, database.url, redis_url),
            **(env or {}),
        }

    def manage(self, *args, env=None, check=True, stream=False):
        """Run ``manage.py args``; its output is returned, or with ``stream`` its
        stderr (progress) goes to ours."""
        result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=REPO_ROOT,
            env={**self.env, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=None if stream else subprocess.PIPE,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout[-2000:]}\n{(result.stderr or '')[-4000:]}"
            )
        return result

    def build(self, *commands):
        """``migrate`` and ``load_demo``, then each of ``commands`` (argument
        tuples for manage.py, their progress shown), while ``collectstatic`` runs
        beside them."""
        names = ["migrate", "load_demo", *(c[0] for c in commands), "collectstatic"]
        log(f"{self.database.vendor}: {', '.join(names)}")
        static = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--no-input"],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.manage("migrate", "--no-input")
        self.manage("load_demo")
        for command in commands:
            started = time.monotonic()
            self.manage(*command, stream=True)
            sys.stderr.write("\n")
            log(f"{' '.join(command)}: {time.monotonic() - started:.0f} s")
        _, errors = static.communicate(timeout=COMMAND_TIMEOUT)
        if static.returncode != 0:
            raise RuntimeError(f"collectstatic failed:\n{errors[-4000:]}")
        log(f"{self.database.vendor}: built")

    def start(self, workers, ready_path="/", env=None, worker_timeout=120, port=None):
        """gunicorn with ``workers`` sync workers on ``port`` (a free one if not
        given), as production serves the site; returns once ``ready_path`` answers
        200."""
        self.ready_path = ready_path
        fixed_port = port
        with self.log_path.open("ab") as log_file:
            for _attempt in range(1 if fixed_port else 3):
                port = fixed_port or free_port()
                self.origin = f"http://127.0.0.1:{port}"
                self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "website.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        str(workers),
                        "--timeout",
                        str(worker_timeout),
                        "--graceful-timeout",
                        "10",
                        "--no-control-socket",
                    ],
                    cwd=REPO_ROOT,
                    env={**self.env, **(env or {})},
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                )
                failure = self._wait_until_serving()
                if failure is None:
                    return
                self.stop()
                if "Address already in use" not in self.log_tail():
                    break
        raise RuntimeError(f"gunicorn did not start: {failure}\n{self.log_tail()}")

    def _wait_until_serving(self):
        path = self.ready_path
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return f"gunicorn exited with code {self.process.returncode}"
            try:
                status = request(self.origin, "GET", path, timeout=5).status
            except OSError:
                time.sleep(0.2)
                continue
            if status == 200:
                return None
            return f"{path} answered HTTP {status}"
        return f"{path} did not answer within {SERVER_START_TIMEOUT} s"

    def worker_pids(self):
        """The pids of gunicorn's workers: the children of its master process."""
        if self.process is None:
            return []
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        except OSError:
            return []
        return [int(child) for child in children.split()]

    def restart_workers(self):
        """Fresh workers: each one is stopped, the master starts another; returns
        once they serve."""
        old = set(self.worker_pids())
        for pid in old:
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            pids = set(self.worker_pids())
            if len(pids) == len(old) and not pids & old:
                break
            time.sleep(0.1)
        failure = self._wait_until_serving()
        if failure is not None:
            raise RuntimeError(f"gunicorn's new workers: {failure}\n{self.log_tail()}")

    def stop(self):
        if self.process is not None:
            stop(self.process)
        self.process = None

    def log_tail(self, chars=4000):
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no gunicorn log)"

    def server_errors_logged(self):
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return 0
        return text.count("Internal Server Error")


# --- HTTP -----------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: object
    body: bytes


def request(origin, method, path, headers=None, body=None, timeout=60):
    """One request on a connection of its own."""
    parts = urlsplit(origin)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()
