"""`make run`'s web server as a real process, for tests that read what it prints.

It is started the way the Makefile starts it: gunicorn with the development settings of
``consult/devserver.py`` serving ``wsgi:app`` under the development configuration, here on
a free port with its instance folder (database, uploads, generated secret key) and search
index in a temporary directory. What it prints is kept in files the test reads.
"""
from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from consult import create_app, db, migrate

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DevServer:
    def __init__(self, folder: Path, host: str = "127.0.0.1"):
        self.folder = folder
        self.host = host
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.instance_dir = folder / "instance"
        self.database_url = f"sqlite:///{self.instance_dir / 'consult.db'}"
        self.stdout_path = folder / "stdout.txt"
        self.stderr_path = folder / "stderr.txt"
        self.process: subprocess.Popen | None = None
        # Nothing of the caller's CONSULT_* settings leaks in: the server finds its database,
        # uploads and secret key in its instance folder, as on a fresh clone.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CONSULT_")} | {
            "CONSULT_ENV": "development",
            "CONSULT_INSTANCE_DIR": str(self.instance_dir),
            "CONSULT_SEARCH_INDEX_DIR": str(folder / "search_index"),
            "CONSULT_PUBLIC_URL": self.url,
        }

    @contextmanager
    def database(self):
        """An app context on the server's database, for preparing data and checking it."""
        app = create_app({"DATABASE_URL": self.database_url, "UPLOAD_DIR": str(self.instance_dir / "uploads"),
                          "SEARCH_INDEX_DIR": str(self.folder / "search_index")})
        try:
            with app.app_context():
                try:
                    yield app
                finally:
                    db.session.remove()
        finally:
            app.extensions["db_engine"].dispose()

    def migrate(self) -> None:
        """`make run`'s `db upgrade`, done in this process because it is quicker."""
        with self.database() as app:
            migrate.upgrade(app)

    def start(self) -> None:
        command = [sys.executable, "-m", "gunicorn", "-c", "consult/devserver.py", "--workers", "2",
                   "--bind", f"{self.host}:{self.port}", "wsgi:app"]
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=err,
                                            start_new_session=True)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped at start:\n{self.stderr()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not start:\n{self.stderr()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGINT)  # gunicorn's quick shutdown, as Ctrl-C in `make run`
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        try:  # a worker still booting when its master left
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def stdout(self) -> str:
        return self.stdout_path.read_text(encoding="utf-8", errors="replace")

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def wait_for_output(self, pattern: str, stream: str = "stdout", seconds: float = 30) -> re.Match:
        """The first match of ``pattern`` in what the server printed, once it has printed it."""
        deadline = time.monotonic() + seconds
        read = self.stdout if stream == "stdout" else self.stderr
        while True:
            match = re.search(pattern, read(), re.DOTALL)
            if match or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert match, f"the server never printed {pattern!r}; it printed:\n{self.stdout()}\n{self.stderr()}"
        return match

    def confirmation_link(self, email: str) -> str:
        """The confirmation link of the email to ``email``, read from the server's output."""
        return self.wait_for_output(rf"To: {re.escape(email)}\n.*?(https?://\S+/confirm/\S+)").group(1)


class Browser:
    """A plain HTTP client with cookies: enough to fill in a form as a person would."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, url: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self._absolute(url)))

    def submit(self, url: str, fields: dict[str, str]) -> tuple[int, str]:
        """Load the form at ``url``, then post ``fields`` with its CSRF token."""
        _, page = self.get(url)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(fields | {"csrf_token": token}).encode()
        return self._open(urllib.request.Request(self._absolute(url), data=body, method="POST"))

    def _absolute(self, url: str) -> str:
        return url if url.startswith("http") else self.base_url + url

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
