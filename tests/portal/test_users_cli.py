"""`ziping users …` as an administrator runs it: a real process of the installed console script."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.store.accounts import authenticate
from portal.store.database import DEFAULT_FILE, DEFAULT_FOLDER
from portal.store.connect import open_database
from portal.store.errors import LoginRefused

ROOT = Path(__file__).resolve().parents[2]
DEPARTMENT = "北京市丰台区人力资源和社会保障局"
UNIT = "北京市丰台区人力资源公共服务中心"


def ziping(*args, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ZIPING_DB"}
    env.update(COLUMNS="200", PYTHONIOENCODING="utf-8")
    return subprocess.run([str(Path(sys.executable).with_name("ziping")), *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd or ROOT, env=env, timeout=120)


def _one_chinese_line(proc: subprocess.CompletedProcess, code: int = 2) -> str:
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), proc.stderr
    return lines[0]


def test_add_list_disable_passwd(db_url):
    add = ziping("users", "add", "ZhangSan", "--role", "clerk", "--department", DEPARTMENT, "--unit", UNIT,
                 "--name", "张三", "--password-stdin", "--db", db_url, stdin="first secret 1\n")
    assert add.returncode == 0, add.stderr
    assert add.stdout.strip() == (f"已新增用户 zhangsan（张三，填报人，{DEPARTMENT}，{UNIT}）。"
                                  f"新建了主管部门“{DEPARTMENT}”、实施单位“{UNIT}”。")
    reviewer = ziping("users", "add", "li", "--role", "主管部门审核人", "--department", DEPARTMENT, "--password-stdin",
                      "--db", db_url, stdin="second secret 2\n")
    assert reviewer.returncode == 0 and "新建" not in reviewer.stdout, reviewer.stderr
    listed = ziping("users", "list", "--db", db_url)
    assert listed.returncode == 0
    rows = [line for line in listed.stdout.splitlines() if "zhangsan" in line or "│ li " in line]
    assert len(rows) == 2 and "张三" in rows[0] and "填报人" in rows[0] and "正常" in rows[0]

    database = open_database(db_url)
    try:
        assert authenticate(database, "zhangsan", "first secret 1").display_name == "张三"
        assert ziping("users", "disable", "zhangsan", "--db", db_url).stdout.strip() == "已停用用户 zhangsan。"
        with pytest.raises(LoginRefused):
            authenticate(database, "zhangsan", "first secret 1")
        assert "已停用" in ziping("users", "list", "--db", db_url).stdout
        assert ziping("users", "disable", "zhangsan", "--enable", "--db", db_url).returncode == 0
        passwd = ziping("users", "passwd", "zhangsan", "--password-stdin", "--db", db_url, stdin="new secret 3\n")
        assert passwd.returncode == 0 and passwd.stdout.strip() == "已为用户 zhangsan 设置新密码。"
        with pytest.raises(LoginRefused):
            authenticate(database, "zhangsan", "first secret 1")
        assert authenticate(database, "zhangsan", "new secret 3").login == "zhangsan"
    finally:
        database.dispose()

    assert "已存在" in _one_chinese_line(ziping("users", "add", "ZHANGSAN", "--role", "bureau_admin", "--password-stdin",
                                               "--db", db_url, stdin="whatever 1234\n"))
    assert "没有登录名" in _one_chinese_line(ziping("users", "disable", "nobody", "--db", db_url))
    assert "至少 8 个字符" in _one_chinese_line(ziping("users", "passwd", "li", "--password-stdin", "--db", db_url,
                                                    stdin="short\n"))
    assert "须同时指定" in _one_chinese_line(ziping("users", "add", "wang", "--role", "clerk", "--department", DEPARTMENT,
                                                  "--password-stdin", "--db", db_url, stdin="long enough 1\n"))


def test_the_default_database_is_in_the_submission_folder(tmp_path):
    folder = tmp_path / "报送"
    add = ziping("users", "add", "admin", "--role", "bureau_admin", "--password-stdin", "--submission-dir", str(folder),
                 stdin="admin secret 1\n")
    assert add.returncode == 0, add.stderr
    assert (folder / DEFAULT_FOLDER / DEFAULT_FILE).is_file()
    assert "财政局管理员" in ziping("users", "list", "--submission-dir", str(folder)).stdout


def test_a_password_is_prompted_twice_without_echo(tmp_path):
    db = str(tmp_path / "p.sqlite3")
    mismatch = ziping("users", "add", "a", "--role", "bureau_admin", "--db", db, stdin="password 1\npassword 2\n")
    assert mismatch.returncode != 0 and "password 1" not in mismatch.stdout
    add = ziping("users", "add", "a", "--role", "bureau_admin", "--db", db,
                 stdin="password 1\npassword 1\n")
    assert add.returncode == 0 and "已新增用户 a" in add.stdout


@pytest.mark.parametrize("url,expected", [
    ("mysql://root:hunter2@localhost/x", "不支持的数据库地址"),
    ("postgresql+psycopg://ziping:hunter2@127.0.0.1:1/ziping", "无法使用数据库"),
    ("postgresql+psycopg://ziping:hunter2@/", "缺少"),
])
def test_a_bad_or_unreachable_database_is_one_chinese_line(url, expected):
    line = _one_chinese_line(ziping("users", "list", "--db", url))
    assert expected in line and "hunter2" not in line


def test_no_database_named_is_one_chinese_line():
    assert "未指定数据库" in _one_chinese_line(ziping("users", "list"))
