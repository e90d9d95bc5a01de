"""`ziping serve --demo` as a real process: the demo folder, accounts, submissions and sign-ins it prints;
and --tokens, which only --demo and --reindex make optional."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from portal.web.demo import DEMO_PASSWORD
from tests.portal.live import csrf_of
from tests.portal.test_users_cli import _one_chinese_line, ziping

EXE = str(Path(sys.executable).with_name("ziping"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_demo_starts_a_portal_with_accounts_and_submissions(tmp_path):
    port = _free_port()
    process = subprocess.Popen([EXE, "serve", "--demo", "--port", str(port)], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            raise AssertionError("ziping serve --demo did not start")
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}/portal", timeout=30)
        page = client.get("/login")
        answer = client.post("/login", data={"csrf": csrf_of(page.text), "login": "tianbao", "password": DEMO_PASSWORD})
        assert answer.status_code == 303
        listing = client.get("/clerk/submissions").text
        assert listing.count("已报送</span>") == 6 and "2024年窗口聘用人员经费" in listing
        home = client.get("/clerk/").text
        assert "fengtai-2024.xlsx" in home
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert f"演示报送平台：http://127.0.0.1:{port}/portal/" in output and f"密码均为 {DEMO_PASSWORD}" in output
    for login in ("tianbao", "tianbao2", "shenhe", "caizheng"):
        assert login in output
    assert "tianbao：上传示例 fengtai-2024.xlsx，本单位 8 张表中报送 6 张（有错误未报送 2 张）。" in output
    assert "tianbao2：上传示例 fengtai-2024.xlsx，本单位 1 张表中报送 1 张" in output
    assert "Traceback" not in output
    folder = tmp_path / "demo-portal"
    assert (folder / "报送" / ".ziping" / "portal.sqlite3").is_file()
    assert len(list((folder / "报送").rglob("manifest.json"))) == 2
    assert len([p for p in (folder / "上传文件").rglob("*.xlsx") if ".incoming" not in p.parts]) == 2


def test_tokens_are_needed_unless_demo_or_reindex(tmp_path):
    line = _one_chinese_line(ziping("serve", "--port", "1"))
    assert "请用 --tokens 指定令牌文件" in line
    assert "--reindex 需要用 --submission-dir" in _one_chinese_line(ziping("serve", "--reindex"))
    assert "不能同时使用" in _one_chinese_line(ziping("serve", "--demo", "--reindex"))
