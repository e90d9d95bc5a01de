"""A real portal for the web tests: `ziping serve`'s app (ziping.server.build_app) under uvicorn on a free
loopback port, in a thread, on a database of either kind, with users of two units."""

from __future__ import annotations

import re
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvicorn

from portal.store.accounts import create_user
from portal.store.database import Database
from portal.store.connect import open_database
from addin.server.settings import ServerSettings
from ziping.server import build_app
from addin.server.tokens import Token, digest

DEPARTMENT = "北京市丰台区人力资源和社会保障局"
CENTRE = "北京市丰台区人力资源公共服务中心"
BUREAU = "北京市丰台区人力资源公共服务局"  # the unit 表1 of the sample names
PASSWORD = "correct horse battery"
TOKEN = "portal-test-token-000000001"
# login -> (role, display name, department, unit)
USERS = {
    "zhangsan": ("clerk", "张三", DEPARTMENT, CENTRE),
    "wangwu": ("clerk", "王五", DEPARTMENT, CENTRE),
    "lisi": ("clerk", "李四", DEPARTMENT, BUREAU),
    "shenhe": ("department_reviewer", "审核人", DEPARTMENT, None),
    "caizheng": ("bureau_admin", "财政局", None, None),
}


@dataclass
class LiveServer:
    url: str  # http://127.0.0.1:port
    db: Database
    submission_dir: Path
    uploads_dir: Path
    server: uvicorn.Server = field(repr=False)
    thread: threading.Thread = field(repr=False)

    @property
    def portal(self) -> str:
        return f"{self.url}/portal"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.db.dispose()


def start(db_url: str, folder: Path, max_bytes: int = 20 * 1024 * 1024) -> LiveServer:
    database = open_database(db_url)
    with database.write() as session:
        for login, (role, name, department, unit) in USERS.items():
            create_user(session, login, role, PASSWORD, name, department, unit)
    submission_dir, uploads_dir = folder / "报送", folder / "上传文件"
    settings = ServerSettings([Token(digest(TOKEN), DEPARTMENT, "*", "局审核")], max_bytes, submission_dir,
                              extra={"database": db_url, "uploads_dir": str(uploads_dir), "pdf": False})
    app = build_app(settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("the portal did not start")
        time.sleep(0.05)
    return LiveServer(f"http://127.0.0.1:{port}", database, submission_dir, uploads_dir, server, thread)


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(page: str) -> str:
    return CSRF.search(page).group(1)


def signed_in(live: LiveServer, login: str, password: str = PASSWORD) -> tuple[httpx.Client, str]:
    """An HTTP client signed in as `login`, and its session's CSRF token."""
    client = httpx.Client(base_url=live.portal, timeout=120)
    page = client.get("/login")
    answer = client.post("/login", data={"csrf": csrf_of(page.text), "login": login, "password": password})
    assert answer.status_code == 303, answer.text[-500:]
    home = client.get(answer.headers["location"].removeprefix("/portal"))
    return client, csrf_of(home.text)


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def portal_routes(live: LiveServer) -> list[tuple[str, str]]:
    """(method, path relative to /portal) of every GET and POST route of the live portal, static files aside."""
    from starlette.routing import Mount

    def flat(routes):
        for route in routes:
            if hasattr(route, "original_router"):  # a router included in the app (FastAPI keeps it whole)
                yield from flat(route.original_router.routes)
            else:
                yield route

    portal = next(r for r in live.server.config.app.routes if isinstance(r, Mount) and r.path == "/portal")
    return sorted({(method, route.path) for route in flat(portal.app.routes) if not isinstance(route, Mount)
                   for method in (getattr(route, "methods", None) or ()) if method in ("GET", "POST")})
