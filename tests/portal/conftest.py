"""Fixtures of the portal's storage tests: every storage test runs on SQLite and on a real PostgreSQL.

The PostgreSQL server is started by the tests themselves, once per run: Debian's binaries
(/usr/lib/postgresql/<version>/bin, package `postgresql`, see scripts/system-deps.sh) initialise a
cluster in a temporary folder, the server listens on a free loopback port (and a socket in that
folder) with a password, and is stopped and deleted at the end. PostgreSQL refuses to run as
root, so as root (CI) initdb and pg_ctl run as the `postgres` user, in a folder that user owns.
Each test gets a new, empty database on it.

A missing PostgreSQL is an error, never a skip: the suite has not run until it has run on both.
"""

from __future__ import annotations

import copy
import glob
import itertools
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from portal.store.connect import open_database
from validation import load_profile
from workbooks.checking.batch import check_file
from workbooks.submission.export import export_reports
from workbooks.writing.samples import sample_path

PROFILE = load_profile()
BACKENDS = ["sqlite", "postgresql"]


def postgres_bin() -> Path | None:
    """The newest Debian PostgreSQL binaries folder, if any."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        return None
    newest = max(found, key=lambda path: [int(n) for n in re.findall(r"\d+", Path(path).parent.parent.name)] or [0])
    return Path(newest).parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PostgresServer:
    bin: Path
    folder: Path
    port: int
    user: str
    password: str
    as_user: list[str]  # prefix that runs a command as the cluster's owner
    _names = itertools.count(1)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"ziping_test_{next(self._names)}"
        with psycopg.connect(host="127.0.0.1", port=self.port, user=self.user, password=self.password,
                             dbname="postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), *args],
                              cwd=self.folder, capture_output=True, text=True, check=check, timeout=120)


def _start_postgres(bin: Path) -> PostgresServer:
    as_root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="ziping-pg-"))
    as_user: list[str] = []
    if as_root:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise RuntimeError("以 root 运行测试需要系统用户 postgres（由 Debian 的 postgresql 软件包创建）。") from None
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    password = secrets.token_hex(12)
    (folder / "pwfile").write_text(password + "\n")
    if as_root:
        os.chown(folder / "pwfile", owner.pw_uid, owner.pw_gid)
    subprocess.run([*as_user, str(bin / "initdb"), "-D", str(folder / "data"), "-U", "ziping", "--pwfile",
                    str(folder / "pwfile"), "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                   cwd=folder, capture_output=True, text=True, check=True, timeout=180)
    server = None
    for _ in range(5):  # the free port may be taken between the probe and the start
        server = PostgresServer(bin, folder, _free_port(), "ziping", password, as_user)
        options = (f"-c listen_addresses=127.0.0.1 -p {server.port} -k {folder} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
        started = server.pg_ctl("-l", str(folder / "server.log"), "-w", "-t", "60", "-o", options, "start", check=False)
        if started.returncode == 0:
            return server
    log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
    raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log[-2000:]}")


@pytest.fixture(scope="session")
def postgres_server():
    bin = postgres_bin()
    if bin is None:
        pytest.fail("PostgreSQL 未安装（找不到 /usr/lib/postgresql/*/bin/initdb）：请运行 scripts/system-deps.sh。")
    server = _start_postgres(bin)
    try:
        yield server
    finally:
        server.pg_ctl("-m", "fast", "-w", "stop", check=False)
        shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """The URL of a new, empty database: a SQLite file, or a database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "db" / "portal.sqlite3")
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture
def db(db_url):
    """That database, opened and migrated to the newest revision."""
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def sample_reports():
    result = check_file(sample_path(), PROFILE)
    assert result.error is None
    return result.reports


@pytest.fixture(scope="session")
def exported_template(tmp_path_factory, sample_reports):
    """The shipped sample exported once (no PDF); tests copy it."""
    root = tmp_path_factory.mktemp("exported") / "报送"
    result = export_reports(sample_reports, "fengtai-2024.xlsx", root, PROFILE, pdf=False)
    assert len(result.exported) == 7
    return root, result


@pytest.fixture
def exported(tmp_path, exported_template):
    """A private copy of the exported sample: (submission folder, ExportResult pointing into it)."""
    source, template = exported_template
    root = tmp_path / "报送"
    shutil.copytree(source, root)
    result = copy.deepcopy(template)
    for item in result.exported:
        item.file = root / item.file.relative_to(source)
    return root, result
