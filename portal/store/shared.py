"""One open database per process and URL, for code that runs per request (the add-in's
导出报送 in server mode records what it wrote in the portal's database)."""

from __future__ import annotations

from functools import lru_cache

from .database import Database
from .connect import open_database


@lru_cache(maxsize=4)
def database_for(url: str) -> Database:
    """The database at `url`, opened once per process (`ziping serve` migrated it at start)."""
    return open_database(url, migrate=False)
