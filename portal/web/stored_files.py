"""Where the uploads folder keeps what clerks upload, and how a file is put there: shared by the
workbooks (uploads) and their 自评报告 (report_uploads)."""

from __future__ import annotations

import os
from pathlib import Path


def replace_atomically(source: Path, target: Path) -> None:
    """Move `source` onto `target` (same file system) in one step, and make the move durable."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    try:
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError:  # pragma: no cover - a file system without directory fsync
        pass


def upload_file(portal, upload) -> Path:
    """The stored file of an upload (a row of uploads)."""
    return portal.config.uploads_dir / upload.path


def marked_file(source: Path) -> Path:
    """Where the marked copy of a stored upload is kept (made by uploads.marked_copy)."""
    return source.with_name(f"{source.stem}.marked{source.suffix.lower()}")
