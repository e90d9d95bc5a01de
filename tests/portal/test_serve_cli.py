"""`ziping serve --db URL` and `ziping serve --reindex`, as real processes of the console script."""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from portal.store.database import DEFAULT_FILE, DEFAULT_FOLDER
from portal.store.connect import open_database
from portal.store.index import record_export
from portal.store.models import SubmissionVersion
from tests.portal.test_users_cli import _one_chinese_line, ziping

DEPARTMENT = "北京市丰台区人力资源和社会保障局"


@pytest.fixture
def tokens(tmp_path):
    path = tmp_path / "tokens.json"
    path.write_text(json.dumps({"tokens": [{"token": "z" * 24, "department": DEPARTMENT, "unit": "*"}]}), "utf-8")
    return str(path)


def _versions(url) -> int:
    database = open_database(url)
    try:
        with database.session() as session:
            return session.scalar(select(func.count()).select_from(SubmissionVersion))
    finally:
        database.dispose()


def test_reindex_rebuilds_the_index_and_exits(db_url, exported, tokens):
    root, result = exported
    first = ziping("serve", "--tokens", tokens, "--submission-dir", str(root), "--db", db_url, "--reindex")
    assert first.returncode == 0, first.stderr
    assert f"已根据报送文件夹 {root} 重建索引：2 个单位文件夹，7 个项目，7 个版本（新登记 7 个，更新 0 个，未变 0 个）。" in first.stdout
    assert _versions(db_url) == 7
    again = ziping("serve", "--tokens", tokens, "--submission-dir", str(root), "--db", db_url, "--reindex")
    assert again.returncode == 0 and "（新登记 0 个，更新 0 个，未变 7 个）" in again.stdout
    assert _versions(db_url) == 7


def test_reindex_uses_the_default_database_of_the_folder(exported, tokens):
    root, result = exported
    run = ziping("serve", "--tokens", tokens, "--submission-dir", str(root), "--reindex")
    assert run.returncode == 0, run.stderr
    default = root / DEFAULT_FOLDER / DEFAULT_FILE
    assert default.is_file() and _versions(str(default)) == 7
    assert f"数据库：{default}" in run.stdout


def test_reindex_with_files_it_cannot_index_exits_1(exported, tokens):
    root, result = exported
    result.exported[0].file.write_bytes(b"not the exported file")
    run = ziping("serve", "--tokens", tokens, "--submission-dir", str(root), "--reindex")
    assert run.returncode == 1 and "有 1 个文件或文件夹未能登记" in run.stdout and "校验和不一致" in run.stdout


def test_reindex_needs_the_submission_folder(tokens):
    assert "--reindex 需要用 --submission-dir" in _one_chinese_line(ziping("serve", "--tokens", tokens, "--reindex"))


@pytest.mark.parametrize("url,expected", [
    ("mysql://root:hunter2@localhost/x", "不支持的数据库地址"),
    ("postgresql+psycopg://ziping:hunter2@127.0.0.1:1/ziping", "无法使用数据库"),
])
def test_serve_with_a_bad_database_is_one_chinese_line(tokens, url, expected):
    line = _one_chinese_line(ziping("serve", "--tokens", tokens, "--db", url, "--port", "1"))
    assert expected in line and "hunter2" not in line


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_migrates_the_database_and_starts(db_url, tokens, exported):
    root, result = exported
    port = _free_port()
    process = subprocess.Popen([str(Path(sys.executable).with_name("ziping")), "serve", "--tokens", tokens, "--db", db_url,
                                "--submission-dir", str(root), "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise AssertionError("ziping serve did not start")
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert "报送平台数据库：" in output and "已升级到最新结构" in output and "Traceback" not in output
    database = open_database(db_url, migrate=False)
    try:
        assert record_export(database, root, result, label="令牌")[0].created  # the schema is there
    finally:
        database.dispose()
