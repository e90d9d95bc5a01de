"""Opening the portal's database: connect (database) and bring its schema to the newest
revision (migrate) — kept apart from both, which need not know each other that way round."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import URL
from sqlalchemy.exc import SQLAlchemyError

from .database import Database, make_engine, resolve_url, unavailable
from .errors import DatabaseUnavailable
from .migrate import upgrade


def open_database(db: str | Path | URL | None = None, submission_dir: str | Path | None = None,
                  migrate: bool = True) -> Database:
    """Open the database named by `db` (else the default SQLite file of `submission_dir`) and,
    unless `migrate` is false, bring its schema to the newest revision."""
    url = db if isinstance(db, URL) else resolve_url(db, submission_dir)
    engine = make_engine(url)
    database = Database(url, engine)
    try:
        if migrate:
            upgrade(database)
        else:
            with engine.connect():
                pass
    except DatabaseUnavailable:
        engine.dispose()
        raise
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise unavailable(url, exc) from None
    return database
