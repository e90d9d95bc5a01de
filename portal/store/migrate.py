"""The portal's Alembic migrations (in migrations/), run from code.

`upgrade(url)` brings a database to the newest revision; `ziping serve` and `ziping users` call it
through `open_database`, so nobody runs `alembic upgrade head`. Two processes upgrading the same
database at once are serialised: on PostgreSQL by an advisory lock held for the migration's
transaction, on SQLite by BEGIN IMMEDIATE (the migration runs inside one write transaction).

For a new revision, change models.py, then (developers only):

    .venv/bin/python -m portal.store.migrate revision "what changed" --db sqlite:////tmp/scratch.sqlite3

which upgrades the scratch database and autogenerates a revision from the difference; review it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from .database import WRITE_OPTION, Database, make_engine, resolve_url, unavailable

MIGRATIONS = Path(__file__).resolve().with_name("migrations")
ADVISORY_LOCK = 0x7A6970696E67  # "ziping": one key for every process that migrates


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _database(target: Database | URL | str) -> tuple[Database, bool]:
    if isinstance(target, Database):
        return target, False
    url = target if isinstance(target, URL) else resolve_url(target)
    return Database(url, make_engine(url)), True


def upgrade(target: Database | URL | str, revision: str = "head") -> str | None:
    """Migrate the database (an open Database, a URL, or a SQLite path) to `revision`; returns
    the revision it is at afterwards."""
    database, owned = _database(target)
    config = alembic_config()
    try:
        with database.engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK})")
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        raise unavailable(database.url, exc) from None
    finally:
        if owned:
            database.dispose()


def current_revision(target: Database | URL | str) -> str | None:
    database, owned = _database(target)
    try:
        with database.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        if owned:
            database.dispose()


def _revision(message: str, db: str) -> None:
    """Autogenerate a revision against a scratch database upgraded to head."""
    database, _ = _database(db)
    upgrade(database)
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
    database.dispose()


if __name__ == "__main__":  # pragma: no cover - developer tool
    if len(sys.argv) == 5 and sys.argv[1] == "revision" and sys.argv[3] == "--db":
        _revision(sys.argv[2], sys.argv[4])
    else:
        print('usage: python -m portal.store.migrate revision "message" --db URL', file=sys.stderr)
        sys.exit(2)
