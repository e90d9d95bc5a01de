"""Which database the portal uses, and how it is opened.

By default an embedded SQLite file in the submission folder (<报送文件夹>/.ziping/portal.sqlite3);
any other SQLite file by its path; PostgreSQL by URL (postgresql+psycopg://user:password@host/db,
postgresql:// is taken to mean the same driver). `connect.open_database` connects and migrates to the newest
schema, so nobody has to run Alembic by hand.

SQLite is opened in WAL mode (readers never wait for the writer) with foreign keys enforced, and
SQLAlchemy, not the sqlite3 module, emits BEGIN: transactions then really cover reads and DDL, and
a write transaction (`Database.write`) starts with BEGIN IMMEDIATE, which takes the write lock up
front and waits for it (busy timeout) instead of failing half-way when another writer got there first.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from .errors import DatabaseUnavailable

DEFAULT_FOLDER = ".ziping"
DEFAULT_FILE = "portal.sqlite3"
WRITE_OPTION = "ziping_portal_write"  # execution option: this connection's transactions write
BUSY_TIMEOUT_SECONDS = 30
CONNECT_TIMEOUT_SECONDS = 10


def default_sqlite_path(submission_dir: str | Path) -> Path:
    return Path(submission_dir).resolve() / DEFAULT_FOLDER / DEFAULT_FILE


def resolve_url(db: str | Path | None = None, submission_dir: str | Path | None = None) -> URL:
    """The URL of the database named by `db` (a URL or a SQLite file path), else the default
    SQLite file of `submission_dir`."""
    if db is None or str(db).strip() == "":
        if submission_dir is None:
            raise DatabaseUnavailable("未指定数据库：请用 --db 给出数据库地址，或用 --submission-dir 给出报送文件夹"
                                      f"（默认数据库为其中的 {DEFAULT_FOLDER}/{DEFAULT_FILE}）。")
        return _sqlite_file_url(default_sqlite_path(submission_dir))
    text = str(db).strip()
    if "://" not in text:
        return _sqlite_file_url(Path(text).expanduser().resolve())
    try:
        url = make_url(text)
    except ArgumentError:
        raise DatabaseUnavailable(f"数据库地址格式不正确：{_hide_password(text)}") from None
    backend, _, driver = url.drivername.partition("+")
    if backend in ("postgresql", "postgres") and driver in ("", "psycopg"):
        url = url.set(drivername="postgresql+psycopg")
        if not url.host and "host" not in url.query:
            raise DatabaseUnavailable(f"PostgreSQL 数据库地址缺少主机名：{describe(url)}")
        if not url.database:
            raise DatabaseUnavailable(f"PostgreSQL 数据库地址缺少数据库名：{describe(url)}")
        return url
    if backend == "sqlite" and driver in ("", "pysqlite"):
        if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
            raise DatabaseUnavailable("SQLite 数据库须是一个文件，例如 sqlite:////srv/ziping/portal.sqlite3。")
        return _sqlite_file_url(Path(url.database).expanduser().resolve())
    raise DatabaseUnavailable(f"不支持的数据库地址：{describe(url)}。可用 SQLite 文件路径，"
                              "或 postgresql+psycopg://用户名:密码@主机:端口/数据库名。")


def _sqlite_file_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path))


def _hide_password(text: str) -> str:
    scheme, sep, rest = text.partition("://")
    if "@" in rest:
        credentials, _, host = rest.rpartition("@")
        if ":" in credentials:
            return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"
    return text


def describe(url: URL | str) -> str:
    """The URL as it may be shown and logged: never with its password."""
    if isinstance(url, str):
        return _hide_password(url)
    if url.get_backend_name() == "sqlite":
        return url.database or ""
    return url.render_as_string(hide_password=True)


def _prepare_sqlite_file(url: URL) -> None:
    path = Path(url.database)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailable(f"无法创建数据库所在的文件夹 {path.parent}：{exc.strerror or exc}") from None
    if path.exists() and not path.is_file():
        raise DatabaseUnavailable(f"数据库路径不是文件：{path}")


def make_engine(url: URL | str) -> Engine:
    """An engine for the URL (already resolved or not), with the SQLite settings described above."""
    url = resolve_url(url) if isinstance(url, str) else url
    if url.get_backend_name() == "sqlite":
        _prepare_sqlite_file(url)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _on_begin)
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
                cursor.execute("PRAGMA synchronous=NORMAL")  # durable in WAL mode up to the last checkpoint-safe commit
            finally:
                cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection):
            immediate = connection.get_execution_options().get(WRITE_OPTION)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    try:
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseUnavailable(f"缺少数据库驱动（{exc}），无法连接 {describe(url)}。") from None


def unavailable(url: URL, exc: BaseException) -> DatabaseUnavailable:
    """One Chinese line for a database that cannot be reached or used (password never shown)."""
    detail = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    reason = " ".join(str(detail).split())[:300] or type(detail).__name__
    if url.password:
        reason = reason.replace(str(url.password), "***")
    return DatabaseUnavailable(f"无法使用数据库 {describe(url)}：{reason}")


@dataclass
class Database:
    """An open database: its engine, and a Session factory for reading and one for writing."""

    url: URL
    engine: Engine
    _reads: sessionmaker = field(init=False, repr=False)
    _writes: sessionmaker = field(init=False, repr=False)

    def __post_init__(self):
        self._reads = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = sessionmaker(self.engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def label(self) -> str:
        return describe(self.url)

    def session(self) -> Session:
        """A session for reading (and for writes that need no up-front lock)."""
        return self._reads()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        with self._writes() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.dispose()
