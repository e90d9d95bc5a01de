"""What each process of the concurrent-submission test does (a module of its own: spawned processes import it)."""

from __future__ import annotations

from pathlib import Path


def export_and_record(path: str, root: str, url: str, label: str, barrier) -> tuple[int, bool]:
    """Export a workbook into the submission folder, wait for the other process, then index it."""
    from portal.store.connect import open_database
    from portal.store.index import record_export
    from tests.portal.forms import export_file

    database = open_database(url)
    try:
        result = export_file(Path(path), Path(root))
        barrier.wait(timeout=60)
        [recorded] = record_export(database, root, result, label=label)
        return recorded.number, recorded.created
    finally:
        database.dispose()
