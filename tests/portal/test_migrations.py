"""Migrations: an empty database of either kind is brought to the newest revision, which creates
exactly the tables models.py describes; SQLite runs in WAL mode with foreign keys enforced."""

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from portal.store.database import DEFAULT_FILE, DEFAULT_FOLDER, resolve_url
from portal.store.connect import open_database
from portal.store.errors import DatabaseUnavailable
from portal.store.migrate import current_revision, head_revision, upgrade
from portal.store.models import Base

TABLES = {"departments", "units", "users", "submissions", "submission_versions", "findings", "review_events",
          "portal_sessions", "uploads", "upload_reports", "version_reports", "report_findings", "alembic_version"}


def test_upgrade_creates_the_schema_of_the_models(db_url):
    assert upgrade(db_url) == head_revision() == "0004"
    database = open_database(db_url, migrate=False)
    try:
        assert current_revision(database) == head_revision()
        assert set(inspect(database.engine).get_table_names()) == TABLES
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        indexes = {i["name"] for i in inspect(database.engine).get_indexes("submissions")}
        assert {"ix_submissions_year_status", "ix_submissions_year_grade", "ix_submissions_unit_id_year",
                "ix_submissions_department_id_year"} <= indexes
    finally:
        database.dispose()


def test_a_database_at_0001_keeps_its_rows_when_upgraded(db_url):
    from portal.store.accounts import authenticate, create_user

    assert upgrade(db_url, "0001") == "0001"
    database = open_database(db_url, migrate=False)
    try:
        assert "portal_sessions" not in inspect(database.engine).get_table_names()
        with database.write() as session:
            create_user(session, "zhangsan", "clerk", "correct horse", department="某局", unit="某中心")
        assert upgrade(database) == head_revision()
        assert {"portal_sessions", "uploads"} <= set(inspect(database.engine).get_table_names())
        assert authenticate(database, "zhangsan", "correct horse").login == "zhangsan"
    finally:
        database.dispose()


def test_uploads_recorded_before_0003_are_marked_submitted_from_the_index(db_url):
    """0003 adds uploads.submitted_at; an upload whose forms the index shows submitted (same unit
    and user, later, source "<its name>｜<sheet>") is marked, the others stay removable."""
    from datetime import timedelta

    from sqlalchemy import insert, select

    from portal.store.accounts import create_user
    from portal.store.models import Submission, SubmissionVersion, Upload
    from portal.store.timestamps import utcnow

    assert upgrade(db_url, "0002") == "0002"
    database = open_database(db_url, migrate=False)
    try:
        start = utcnow() - timedelta(days=1)
        with database.write() as session:
            clerk, _ = create_user(session, "zhangsan", "clerk", "correct horse", department="某局", unit="某中心")
            other, _ = create_user(session, "lisi", "clerk", "correct horse", department="某局", unit="某中心")
            session.flush()
            common = dict(department_id=clerk.department_id, unit_id=clerk.unit_id, sha256="0" * 64, size=1,
                          profile="national", forms=1, errors=0, warnings=0, result="{}")
            for number, (key, name, user, minutes) in enumerate((
                    ("submitted", "自评表.xlsx", clerk, 0),     # submitted 10 minutes later: marked
                    ("never", "另一个.xlsx", clerk, 0),         # nothing of its name submitted
                    ("by-other", "自评表.xlsx", other, 0),      # another user submitted that name
                    ("too-late", "自评表.xlsx", clerk, 20))):  # uploaded after the submission
                session.execute(insert(Upload).values(key=key, user_id=user.id, original_name=name,
                                                      path=f"{clerk.unit_id}/{number}.xlsx",
                                                      created_at=start + timedelta(minutes=minutes), **common))
            submission = Submission(year=2024, department_id=clerk.department_id, unit_id=clerk.unit_id, stem="项目",
                                    project="项目", latest_number=1)
            session.add(submission)
            session.flush()
            session.add(SubmissionVersion(submission_id=submission.id, number=1, path="2024/某局/某中心/项目.xlsx",
                                          sha256="1" * 64, profile="national", sheet="表1", source="自评表.xlsx｜表1",
                                          submitted_by_user_id=clerk.id, created_at=start + timedelta(minutes=10)))
        assert upgrade(database) == head_revision()
        with database.session() as session:
            marked = {u.key: u.submitted_at for u in session.scalars(select(Upload))}
        assert marked["submitted"] == start + timedelta(minutes=10)
        assert marked["never"] is None and marked["by-other"] is None and marked["too-late"] is None
    finally:
        database.dispose()


def test_upgrade_again_changes_nothing(db):
    assert upgrade(db) == head_revision()
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1


def test_two_processes_upgrading_at_once_both_succeed(db_url):
    results, failures = [], []

    def run():
        try:
            results.append(upgrade(db_url))
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and results == [head_revision()] * 3


def test_sqlite_is_in_wal_mode_with_foreign_keys(tmp_path):
    database = open_database(tmp_path / "x.sqlite3")
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        database.dispose()


def test_urls(tmp_path):
    assert resolve_url(None, tmp_path).database == str(tmp_path.resolve() / DEFAULT_FOLDER / DEFAULT_FILE)
    assert resolve_url(str(tmp_path / "a.db")).drivername == "sqlite+pysqlite"
    assert resolve_url(f"sqlite:///{tmp_path}/b.db").database == str(tmp_path / "b.db")
    assert resolve_url("postgresql://u:p@db.example/ziping").drivername == "postgresql+psycopg"
    with pytest.raises(DatabaseUnavailable, match="未指定数据库"):
        resolve_url(None, None)
    with pytest.raises(DatabaseUnavailable, match="不支持的数据库地址") as refused:
        resolve_url("mysql://root:hunter2@db/x")
    assert "hunter2" not in str(refused.value)
    with pytest.raises(DatabaseUnavailable, match="SQLite 数据库须是一个文件"):
        resolve_url("sqlite://")


def test_unreachable_postgresql_is_one_clear_error():
    with pytest.raises(DatabaseUnavailable) as refused:
        open_database("postgresql+psycopg://ziping:hunter2@127.0.0.1:1/ziping")
    message = str(refused.value)
    assert message.startswith("无法使用数据库 postgresql+psycopg://ziping:***@127.0.0.1:1/ziping：")
    assert "hunter2" not in message and "\n" not in message
