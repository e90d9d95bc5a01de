"""The portal under `ziping serve --workers 2` (a real subprocess, both databases): sessions,
CSRF tokens and submissions are shared through the database, so whichever worker answers, a
clerk stays signed in, and two clerks uploading and submitting at once both land."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

from portal.store.accounts import create_user
from portal.store.connect import open_database
from portal.store.models import SubmissionVersion
from tests.portal.forms import variant
from tests.portal.live import CENTRE, DEPARTMENT, PASSWORD, TOKEN, csrf_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(db_url: str, folder: Path) -> tuple[subprocess.Popen, str]:
    tokens = folder / "tokens.json"
    tokens.write_text(json.dumps({"tokens": [{"token": TOKEN, "department": DEPARTMENT, "unit": "*"}]}), encoding="utf-8")
    port = _free_port()
    exe = Path(sys.executable).with_name("ziping")
    log = open(folder / "server.log", "wb")
    process = subprocess.Popen([str(exe), "serve", "--tokens", str(tokens), "--port", str(port), "--workers", "2",
                                "--db", db_url, "--submission-dir", str(folder / "报送")], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, (folder / "server.log").read_text("utf-8", "replace")
        try:
            if httpx.get(f"{url}/portal/login", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("ziping serve --workers 2 did not start")


def _sign_in(url: str, login: str) -> tuple[httpx.Client, str]:
    # a new connection per request, so that both workers get to answer
    client = httpx.Client(base_url=f"{url}/portal", timeout=120, limits=httpx.Limits(max_keepalive_connections=0))
    page = client.get("/login")
    answer = client.post("/login", data={"csrf": csrf_of(page.text), "login": login, "password": PASSWORD})
    assert answer.status_code == 303, answer.text[-300:]
    return client, csrf_of(client.get("/clerk/").text)


def test_two_workers_share_sessions_and_both_clerks_land(db_url, tmp_path):
    database = open_database(db_url)
    with database.write() as session:
        for login, name in (("zhangsan", "张三"), ("wangwu", "王五")):
            create_user(session, login, "clerk", PASSWORD, name, DEPARTMENT, CENTRE)
    process, url = _serve(db_url, tmp_path)
    try:
        clients = [_sign_in(url, login) for login in ("zhangsan", "wangwu")]
        for client, _ in clients:  # signed in on one worker, known to every worker
            assert all(client.get("/clerk/").status_code == 200 for _ in range(12))
        results: dict[str, list[int]] = {}
        files = {login: variant(tmp_path, f"（{login}）") for login in ("zhangsan", "wangwu")}  # two versions of 表2
        barrier = threading.Barrier(2)

        def work(login: str, client: httpx.Client, csrf: str) -> None:
            barrier.wait()
            answer = client.post("/clerk/uploads", data={"csrf": csrf},
                                 files={"files": (files[login].name, files[login].read_bytes(), XLSX)})
            key = answer.headers["location"].rsplit("/", 1)[-1]
            sent = client.post(f"/clerk/uploads/{key}/submit", data={"csrf": csrf, "sheets[]": ["表2"]})
            results[login] = [answer.status_code, sent.status_code]

        threads = [threading.Thread(target=work, args=(login, client, csrf))
                   for login, (client, csrf) in zip(("zhangsan", "wangwu"), clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert results == {"zhangsan": [303, 303], "wangwu": [303, 303]}
        with database.session() as session:
            versions = session.scalars(select(SubmissionVersion.number)).all()
            assert sorted(versions) == [1, 2]  # the same project submitted twice at once: two versions
            assert session.scalar(select(func.count()).select_from(SubmissionVersion)) == 2
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        database.dispose()
    log = (tmp_path / "server.log").read_text("utf-8", "replace")
    assert "Traceback" not in log
    assert len(set(re.findall(r"Started server process \[(\d+)\]", log))) == 2
