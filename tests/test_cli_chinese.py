"""Everything `ziping` prints for help and for usage errors is Chinese.

Every help page (found from the app object, so a new command is covered without editing this file) and
a set of usage errors are run as the installed console script, in an 80-column dumb terminal, and
searched for Latin words. Only the words below may appear: what the reader types or sees elsewhere
exactly as written (command and option names, file names, rule codes, profile and role codes) and
a few product names.
"""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import typer.main
from rich.cells import cell_len

from ziping.cli import app
from workbooks.checking.cache import ENV as CACHE_ENV
from ziping.commands.users import DB_ENV, ROLE_ALIASES
from validation.profile import shipped_names
from validation.rules import registry

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).with_name("ziping")

# Product and unit names that are written in Latin letters in Chinese texts too.
PRODUCTS = {
    "ziping",  # this program: the command the reader types
    "Excel", "Word", "WPS", "LibreOffice", "SQLite", "PostgreSQL", "Windows", "Python", "PyPI",  # what the reader installs or uses
    "JSON", "PDF", "xlsx", "zip",  # file formats, named so in Chinese documents too
    "CPU",  # 并行进程数默认使用全部 CPU 核
    "MB",  # the unit of --max-mb
}
PROFILE_NAMES = set(shipped_names())  # --profile national: every command that scores takes one
# Values the reader types after an option of one command, allowed in that command's help and errors only.
OPTION_VALUES = {
    ("template",): {"self-evaluation", "score-table"},  # --kind
    ("bundle",): {"local", "server", "win_amd64", "current"},  # --kind, --platform
    ("users", "add"): set(ROLE_ALIASES.values()),  # --role clerk|department_reviewer|bureau_admin
}

# Tokens removed before counting words: file names and paths, addresses, rule codes.
FILE_NAME = r"[\w.+-]*\.(?:xlsx|xlsm|xls|xlam|json|sqlite3|conf|csv|pdf|docx|dotx|doc|wps|rtf|odt|txt)\b"  # 绩效自评模板.xlsx, manifest.json
PATH = r"(?:\.{0,2}/)?[\w.+-]+(?:/[\w.+<>-]*)+"  # validation/schemas/…, ./demo-portal/, /portal/
ADDRESS = r"[a-z][\w+.-]*://\S*"  # postgresql+psycopg://用户名:密码@主机:端口/数据库名
RULE_CODE = r"\bZP\d{3}\b"
LATIN_WORD = re.compile(r"[A-Za-z]+(?:[-_][A-Za-z0-9]+)*")  # build-addin, ZIPING_DB: one word


def _walk(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _walk(sub, (*path, name))


COMMANDS = list(_walk(typer.main.get_command(app)))


def _allowed_words() -> set[str]:
    words = PRODUCTS | PROFILE_NAMES | {DB_ENV, CACHE_ENV}
    for path, command in COMMANDS:
        words.update(path)
    words.update(rule.slug for rule in registry().values())  # ziping rule total-does-not-add-up
    return words


ALLOWED = _allowed_words()
# The names of every option of every command (--json, -h, --no-pdf …): removed before counting too.
OPTION_NAMES = {name for _, command in COMMANDS for param in command.params
                for name in (*param.opts, *param.secondary_opts) if name.startswith("-")} | {"-h", "--help"}
OPTION = r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(OPTION_NAMES, key=len, reverse=True))) + r")(?![\w-])"

# (arguments, what the message is about, the words the reader typed that the message repeats)
USAGE_ERRORS = [
    (["check"], "缺少", ()),
    (["check", "--bogus", "x.xlsx"], "--bogus", ("bogus",)),
    (["check", "--jbos", "2", "x.xlsx"], "--jobs", ("jbos",)),
    (["template", "x.xlsx", "--projects", "abc"], "--projects", ("abc",)),
    (["template", "x.xlsx", "--projects", "0"], "--projects", ()),
    (["template", "x.xlsx", "--year", "1999"], "2000", ()),
    (["serve", "--max-mb", "lots"], "--max-mb", ("lots",)),
    (["template", "x.xlsx", "--kind", "bogus"], "--kind", ("bogus",)),
    (["chek", "x.xlsx"], "您是不是要用“check”", ("chek",)),
    (["users", "foo"], "foo", ("foo",)),
    (["users", "ad"], "您是不是要用“add”", ("ad",)),
    (["check", "--json=yes", "x.xlsx"], "--json", ("yes",)),
    (["check", "x.xlsx", "--profile"], "--profile", ()),
    (["rules", "extra"], "extra", ("extra",)),
    (["export", "x.xlsx"], "--to", ()),
    (["users", "add"], "登录名", ()),
    (["users", "add", "a"], "--role", ()),
]


def latin_words(text: str, args=(), also=()) -> list[str]:
    """The Latin words of `text` (the output of `ziping args…`) that are neither allowed nor part of a
    file name, path, address, rule code or option name. `also`: what the reader typed, repeated."""
    for pattern in (ADDRESS, FILE_NAME, PATH, RULE_CODE, OPTION):
        text = re.sub(pattern, " ", text)
    command = max((path for path in OPTION_VALUES if tuple(args[:len(path)]) == path), key=len, default=None)
    allowed = ALLOWED | OPTION_VALUES.get(command, set()) | set(also)
    return [word for word in LATIN_WORD.findall(text) if len(word) > 1 and word not in allowed]


def _run(args, columns: int = 80) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in (DB_ENV, "FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS")}
    env.update(COLUMNS=str(columns), TERM="dumb", PYTHONIOENCODING="utf-8", NO_COLOR="1")
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


@pytest.fixture(scope="module")
def runs():
    """Every help page at 80 and 120 columns and every usage error, run four at a time."""
    jobs = [(tuple(path) + ("-h",), 80) for path, _ in COMMANDS]
    jobs += [(tuple(path) + ("-h",), 120) for path, _ in COMMANDS if not path or path == ("users",)]
    jobs += [(tuple(path), 80) for path, command in COMMANDS if hasattr(command, "commands")]  # bare group: help
    jobs += [(tuple(args), 80) for args, _, _ in USAGE_ERRORS]
    with ThreadPoolExecutor(4) as pool:
        return dict(zip(jobs, pool.map(lambda job: _run(*job), jobs)))


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "ziping")
def test_every_help_page_is_chinese(runs, path):
    proc = runs[(*path, "-h"), 80]
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert latin_words(proc.stdout, path) == [], proc.stdout
    for title in ("用法", "选项"):
        assert title in proc.stdout
    for line in proc.stdout.splitlines():
        assert cell_len(line) <= 80, line


@pytest.mark.parametrize("path", [p for p, c in COMMANDS if hasattr(c, "commands")], ids=" ".join)
def test_a_group_without_a_command_shows_its_help(runs, path):
    proc = runs[tuple(path), 80]
    assert "命令" in proc.stdout and latin_words(proc.stdout, path) == [], proc.stdout


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("path", [(), ("users",)], ids=["ziping", "users"])
def test_the_command_list_wraps_instead_of_cutting(runs, path, columns):
    """Each command is listed with the whole first paragraph of its help, over as many lines as it takes."""
    proc = runs[(*path, "-h"), columns]
    listed = _without_layout(proc.stdout.split("命令 ─", 1)[1])
    for name, command in dict(COMMANDS)[path].commands.items():
        first = inspect.cleandoc(command.help).split("\n\n")[0]
        assert _without_layout(name + first) in listed, (name, proc.stdout)
    assert all(cell_len(line) <= columns for line in proc.stdout.splitlines())


def _without_layout(text: str) -> str:
    """The text of a panel without its borders, line breaks and spaces."""
    return re.sub(r"[\s│╭╮╰╯─]", "", text)


@pytest.mark.parametrize("args,about,typed", USAGE_ERRORS, ids=[" ".join(a) for a, _, _ in USAGE_ERRORS])
def test_a_usage_error_is_one_chinese_line(runs, args, about, typed):
    proc = runs[tuple(args), 80]
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), proc.stderr
    assert about in lines[0]
    assert latin_words(lines[0], args, typed) == [], lines[0]
    assert proc.stdout == ""
