"""Time the reviewer pages of the portal over HTTP, on a database of 20,000 forms.

For each database (SQLite in a temporary file; PostgreSQL started as tests/portal/conftest.py
starts it, with its helpers): fill it as bench/bench_portal_queries.py does (its `fill`), start a
real `ziping serve` app under uvicorn on loopback in a separate process, run as `ziping serve` runs it
(with the users of tests/portal/live.py), sign in with httpx and time, per role (财政局管理员, the reviewer of the largest 主管部门):

  dashboard      GET /portal/review/?year=2024
  forms table    GET /portal/review/forms?year=2024 (newest first, 50 a page)

then, as a clerk, the upload of the nine-form sample through the upload route (stored and checked
before the answer: the time of the POST is the server's work on loopback), and on SQLite 50
uploads of the sample at once (asyncio + httpx), counting the failures. Prints p50/p95 in ms.

    .venv/bin/python bench/bench_portal_pages.py [--forms 20000] [--repeat 30] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402

from portal.store.accounts import create_user  # noqa: E402
from portal.store.connect import open_database  # noqa: E402
from portal.store.models import Department  # noqa: E402
from bench_portal_queries import arguments, databases, fill  # noqa: E402
from tests.portal.live import PASSWORD, csrf_of  # noqa: E402
from workbooks.writing.samples import sample_path  # noqa: E402

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOADS = 10
CONCURRENT = 50

SERVER = """
import json, socket, sys
from pathlib import Path
sys.path.insert(0, {root!r})
import uvicorn
from portal.store.accounts import create_user
from portal.store.connect import open_database
from addin.server.settings import ServerSettings
from ziping.server import build_app
from addin.server.tokens import Token, digest
from tests.portal.live import DEPARTMENT, PASSWORD, TOKEN, USERS

database = open_database({url!r})
with database.write() as session:
    for login, (role, name, department, unit) in USERS.items():
        create_user(session, login, role, PASSWORD, name, department, unit)
database.dispose()
folder = Path({folder!r})
settings = ServerSettings([Token(digest(TOKEN), DEPARTMENT, "*", "bench")], 20 * 1024 * 1024, folder / "报送",
                          extra={{"database": {url!r}, "uploads_dir": str(folder / "上传文件"), "pdf": False}})
probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
print(json.dumps({{"url": f"http://127.0.0.1:{{port}}"}}), flush=True)
uvicorn.run(build_app(settings), host="127.0.0.1", port=port, log_level="warning")  # as `ziping serve` runs it
"""


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]


class Server:
    """The app of `ziping serve` (build_app, the users of tests/portal/live.py) under uvicorn, in a
    process of its own, bound as `ziping serve` binds it (the client does not share its interpreter)."""

    def __init__(self, url: str, folder: Path):
        code = SERVER.format(root=str(ROOT), url=url, folder=str(folder))
        self.process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("the portal did not start")
        self.url = json.loads(line)["url"]
        self.portal = f"{self.url}/portal"
        deadline = time.time() + 60
        while True:
            try:
                httpx.get(f"{self.url}/health", timeout=5)
                break
            except httpx.HTTPError:
                if time.time() > deadline or self.process.poll() is not None:
                    raise SystemExit("the portal did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()  # uvicorn stops gracefully on SIGTERM
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


def sign_in(portal: str, login: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=portal, timeout=300)
    page = client.get("/login")
    answer = client.post("/login", data={"csrf": csrf_of(page.text), "login": login, "password": PASSWORD})
    assert answer.status_code == 303, answer.text[-300:]
    home = client.get(answer.headers["location"].removeprefix("/portal"))
    return client, csrf_of(home.text)


def timed_get(client: httpx.Client, path: str, repeat: int) -> tuple[float, float, int]:
    first = client.get(path)
    assert first.status_code == 200, (path, first.status_code, first.text[-300:])
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200
    return (*percentiles(times), len(first.content))


def timed_uploads(client: httpx.Client, csrf: str, count: int) -> tuple[float, float]:
    content = sample_path().read_bytes()
    times = []
    for i in range(count + 1):
        start = time.perf_counter()
        answer = client.post("/clerk/uploads", data={"csrf": csrf},
                             files={"files": (f"fengtai-{i}.xlsx", content, XLSX)})
        elapsed = (time.perf_counter() - start) * 1000
        assert answer.status_code == 303, answer.text[-300:]
        if i:  # the first is a warm-up
            times.append(elapsed)
    return percentiles(times)


async def _concurrent(portal: str, cookies, csrf: str, count: int) -> tuple[int, float, list[float]]:
    content = sample_path().read_bytes()
    limits = httpx.Limits(max_connections=count, max_keepalive_connections=count)
    async with httpx.AsyncClient(base_url=portal, cookies=cookies, timeout=600, limits=limits) as client:
        async def one(i: int):
            start = time.perf_counter()
            try:
                answer = await client.post("/clerk/uploads", data={"csrf": csrf},
                                           files={"files": (f"同时-{i}.xlsx", content, XLSX)})
                ok = answer.status_code == 303
            except httpx.HTTPError:
                ok = False
            return ok, (time.perf_counter() - start) * 1000

        start = time.perf_counter()
        results = await asyncio.gather(*(one(i) for i in range(count)))
        wall = (time.perf_counter() - start) * 1000
    return sum(1 for ok, _ in results if not ok), wall, [ms for _, ms in results]


def run_backend(name: str, url: str, folder: Path, forms: int, repeat: int, concurrent: bool) -> list[tuple]:
    db = open_database(url)
    started = time.perf_counter()
    info = fill(db, forms)
    with db.write() as session:
        big = session.get(Department, info["big_department"]).name
        create_user(session, "bench_admin", "bureau_admin", PASSWORD, "财政局管理员")
        create_user(session, "bench_reviewer", "department_reviewer", PASSWORD, "审核人", big)
    db.dispose()
    print(f"[{name}] filled {forms} submissions in {time.perf_counter() - started:.1f} s; "
          f"largest 主管部门: {info['big_department_forms']} forms of 2024", flush=True)
    server = Server(url, folder)
    rows = []
    try:
        for who, login in (("bureau_admin", "bench_admin"), ("department_reviewer", "bench_reviewer")):
            client, _ = sign_in(server.portal, login)
            for label, path in (("dashboard", "/review/?year=2024"), ("forms table", "/review/forms?year=2024")):
                p50, p95, size = timed_get(client, path, repeat)
                rows.append((name, who, label, p50, p95, f"{repeat} requests, {size // 1024} KB"))
                print(f"  {who:<20} {label:<26} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms", flush=True)
            client.close()
        clerk, csrf = sign_in(server.portal, "zhangsan")
        p50, p95 = timed_uploads(clerk, csrf, UPLOADS)
        rows.append((name, "clerk", "upload + check (9 forms)", p50, p95, f"{UPLOADS} uploads, one at a time"))
        print(f"  {'clerk':<20} {'upload + check (9 forms)':<26} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms", flush=True)
        if concurrent:
            errors, wall, times = asyncio.run(_concurrent(server.portal, clerk.cookies, csrf, CONCURRENT))
            p50, p95 = percentiles(times)
            rows.append((name, "clerk", f"{CONCURRENT} uploads at once", p50, p95,
                         f"{errors} errors, all done in {wall / 1000:.1f} s"))
            print(f"  {'clerk':<20} {f'{CONCURRENT} uploads at once':<26} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  "
                  f"{errors} errors, {wall / 1000:.1f} s", flush=True)
            if errors:
                raise SystemExit(f"{errors} of {CONCURRENT} concurrent uploads failed")
        clerk.close()
    finally:
        server.stop()
    return rows


def main() -> None:
    args, backends = arguments(__doc__)
    rows = []
    for label, url, folder in databases(backends, "ziping-bench-pages-"):
        rows += run_backend(label, url, folder, args.forms, args.repeat, label == "SQLite")

    print(f"\n{args.forms} forms (2024: half of them); ms per request over HTTP on loopback")
    print(f"{'database':<16} {'user':<20} {'page / action':<26} {'p50':>8} {'p95':>8}  note")
    for backend, who, label, p50, p95, note in rows:
        print(f"{backend:<16} {who:<20} {label:<26} {p50:8.1f} {p95:8.1f}  {note}")


if __name__ == "__main__":
    main()
