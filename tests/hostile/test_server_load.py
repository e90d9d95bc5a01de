"""`ziping serve --workers 2` on loopback under 50 clients at once: no error, and every answer is
byte-for-byte the answer to one request alone.

Each worker process runs one action at a time (xlwings' server engine routes alerts and macro
calls to the process-wide "active" book, see addin/server/app.py): a request that ran beside
another would answer with a missing or doubled 校验 alert, which the comparison catches. The
settings reach the workers: the token of the token file is accepted, any other refused, and
--max-mb holds, for requests spread over both workers. No timing is asserted. And a served
workbook does not stay in the worker's memory.
"""

from __future__ import annotations

import asyncio
import copy
import json
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import httpx
import pytest

from addin.server.app import ServerSettings, create_app
from addin.server.tokens import Token, digest
from tests.remote import payload
from workbooks.writing.samples import sample_path

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

DEPARTMENT = "北京市丰台区人力资源和社会保障局"
TOKEN = "bureau-reviewer-token-0001"  # as in tests/test_server.py
CLIENTS = 50
WORKERS = 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _worker_pids(pid: int) -> list[int] | None:
    """The server's child processes (Linux /proc), or None where that cannot be read."""
    tasks = Path(f"/proc/{pid}/task")
    if not tasks.exists():
        return None
    children = []
    for task in tasks.iterdir():
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            return None
    return children


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("server-load")
    tokens = folder / "tokens.json"
    tokens.write_text(json.dumps({"tokens": [{"token": TOKEN, "department": DEPARTMENT, "unit": "*"}]}), encoding="utf-8")
    port = _free_port()
    exe = Path(sys.executable).with_name("ziping")
    log = open(folder / "server.log", "wb")
    process = subprocess.Popen([str(exe), "serve", "--tokens", str(tokens), "--host", "127.0.0.1", "--port", str(port),
                                "--workers", str(WORKERS), "--max-mb", "0.1", "--submission-dir", str(folder / "报送")],
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert process.poll() is None, (folder / "server.log").read_text("utf-8", "replace")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise RuntimeError("ziping serve --workers did not start")
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


async def _post_all(url: str, bodies: list[bytes], headers: dict) -> list[httpx.Response | Exception]:
    limits = httpx.Limits(max_connections=len(bodies))
    async with httpx.AsyncClient(timeout=180, limits=limits) as client:
        tasks = [client.post(url, content=body, headers=headers) for body in bodies]
        return await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), timeout=300)


def test_fifty_clients_at_once_get_the_single_request_answer(server):
    url, process = server
    workers = _worker_pids(process.pid)
    if workers is not None:
        assert len(workers) >= WORKERS  # the worker processes (and multiprocessing's resource tracker)
    body = json.dumps(payload(sample_path())).encode("utf-8")
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    alone = httpx.post(f"{url}/validate", content=body, headers=headers, timeout=120)
    assert alone.status_code == 200, alone.text
    assert sum(a["func"] == "alert" for a in alone.json()["actions"]) == 1
    assert alone.headers.get("connection") == "close"  # the next request may go to the other worker

    answers = asyncio.run(_post_all(f"{url}/validate", [body] * CLIENTS, headers))
    failures = [repr(a) if isinstance(a, Exception) else f"HTTP {a.status_code}: {a.text[:200]}"
                for a in answers if isinstance(a, Exception) or a.status_code != 200]
    assert failures == []
    differing = [a for a in answers if a.content != alone.content]
    assert not differing, f"{len(differing)} of {CLIENTS} answers differ from the single-request answer"


def test_the_workers_have_the_tokens_and_options(server):
    url, _ = server
    body = json.dumps(payload(sample_path())).encode("utf-8")
    wrong = asyncio.run(_post_all(f"{url}/validate", [body] * 10, {"Authorization": "not-the-token-0000000000"}))
    assert [getattr(a, "status_code", a) for a in wrong] == [401] * 10
    oversized = b'{"client": "VBA", "pad": "' + b"x" * 110_000 + b'"}'  # over --max-mb 0.1 (104,857 bytes)
    big = asyncio.run(_post_all(f"{url}/validate", [oversized] * 10,
                                {"Authorization": TOKEN, "Content-Type": "application/json"}))
    assert [getattr(a, "status_code", a) for a in big] == [413] * 10
    assert all("过大" in a.text for a in big)


def test_a_served_workbook_does_not_stay_in_memory():
    """xlwings memoises range values in an unbounded cache keyed by each sheet's values: the server
    empties it after every action, or every distinct workbook would stay for the life of the worker."""
    from xlwings.pro._xlremote import get_range_api

    client = TestClient(create_app(ServerSettings([Token(digest(TOKEN), DEPARTMENT, "*")])))
    base = payload(sample_path())
    for n in range(3):
        variant = copy.deepcopy(base)
        for sheet in variant["sheets"]:
            sheet["values"][0][0] = f"{sheet['values'][0][0] or ''} #{n}"
        assert client.post("/validate", json=variant, headers={"Authorization": TOKEN}).status_code == 200
        assert get_range_api.cache_info().currsize == 0
