"""Alembic environment of the portal's database; see portal/migrate.py for how it is run."""

from __future__ import annotations

from alembic import context

from portal.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        from portal.store.database import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url"))
        try:
            with engine.begin() as connection:
                _run(connection)
        finally:
            engine.dispose()
