"""The server side of bench/submit_rush.py: a gunicorn on a fresh database seeded with one
organisation and member per submitter, a browser-like HTTP client, and the check that every
acknowledged submission is whole afterwards."""
from __future__ import annotations

import hashlib
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

PASSWORD = "a long enough bench password"

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


class Client:
    """One browser: a keep-alive connection and a cookie jar."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt == 2 or method != "GET":
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.headers, data.decode("utf-8", "replace")

    def form(self, path: str, fields: dict):
        return self.request("POST", path, urlencode(fields, doseq=True).encode(), "application/x-www-form-urlencoded")

    def multipart(self, path: str, fields: dict, files: dict):
        boundary = secrets.token_hex(12)
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, data) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f"Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}")


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page)
    if not match:
        raise RuntimeError(f"no {name} in page")
    return match.group(1).replace("&amp;", "&")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(url: str, upload_dir: str) -> dict:
    return os.environ | {
        "CONSULT_ENV": "development", "CONSULT_DATABASE_URL": url, "CONSULT_UPLOAD_DIR": upload_dir,
        "CONSULT_SECRET_KEY": "bench-secret", "CONSULT_RATELIMIT_ENABLED": "false",
        "CONSULT_MAIL_DELIVER_AFTER_REQUEST": "false", "CONSULT_SQLITE_BUSY_TIMEOUT_MS": "30000",
    }


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--backlog", "2048", "--timeout", "120", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def seed(env: dict, n: int) -> str:
    """Schema, an open round and ``n`` organisations with one member each (via the app)."""
    script = f"""
from datetime import timedelta
from consult import create_app, db, migrate
from consult.auth.models import User, UserRole
from consult.auth.passwords import hash_password
from consult.db import utcnow
from consult.organisations.models import Membership, MembershipRole, Organisation, StakeholderGroup
from consult.rounds.models import Level, Question, Round, RoundStatus
from consult.security import Role
app = create_app()
migrate.upgrade(app)
with app.app_context():
    now = utcnow()
    r = Round(slug="rush", title="Rush round", level=Level.GLOBAL, opens_at=now - timedelta(days=1),
              closes_at=now + timedelta(days=1), status=RoundStatus.PUBLISHED, reference_prefix="RUSH",
              languages=["en"])
    r.questions = [Question(key="q1", text="What should change?", word_limit=600, position=1),
                   Question(key="q2", text="Who should act?", word_limit=600, position=2)]
    db.session.add(r)
    h = hash_password({PASSWORD!r})
    for i in range({n}):
        org = Organisation(name=f"Organisation {{i}}", stakeholder_group=StakeholderGroup.CIVIL_SOCIETY)
        user = User(email=f"s{{i}}@rush.example", name="Submitter", password_hash=h, email_confirmed_at=now)
        user.role_rows = [UserRole(role=Role.MEMBER)]
        db.session.add_all([org, user, Membership(user=user, organisation=org, role=MembershipRole.OWNER)])
    db.session.commit()
"""
    subprocess.run([str(ROOT / ".venv/bin/python"), "-c", script], cwd=ROOT, env=env, check=True)
    return "rush"


def verify(url: str, upload_dir: str, acknowledged: list[dict]) -> tuple[int, list[str]]:
    engine = create_engine(url)
    problems = []
    with engine.connect() as conn:
        for record in acknowledged:
            rows = conn.execute(text(
                "SELECT s.state, a.sha256, a.storage_key, (SELECT count(*) FROM submission_versions v "
                "WHERE v.submission_id = s.id) FROM submissions s LEFT JOIN attachments a ON a.submission_id = s.id "
                "WHERE s.reference = :r"), {"r": record["reference"]}).all()
            if len(rows) != 1:
                problems.append(f"{record['reference']}: {len(rows)} rows")
                continue
            state, sha, key, versions = rows[0]
            path = Path(upload_dir) / (key or "missing")
            on_disk = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
            if state != "submitted" or versions != 1 or sha != record["sha256"] or on_disk != sha:
                problems.append(f"{record['reference']}: state={state} versions={versions} sha ok={sha == record['sha256']} "
                                f"file ok={on_disk == sha}")
    engine.dispose()
    return len(acknowledged) - len(problems), problems


def postgres_reachable() -> bool:
    try:
        create_engine(PG_ADMIN).connect().close()
        return True
    except Exception:  # noqa: BLE001
        return False
