"""Where the uploads folder keeps what clerks upload, and how a file is put there: shared by the
workbooks (uploads) and their 自评报告 (report_uploads)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from workbooks.checking.batch import check_file
from workbooks.submission.export import sha256_of

from .errors import BadUpload


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


def check_stored_upload(portal, upload, changed: str = "上传的工作簿在服务器上已被改动，请重新上传。"):
    """The stored upload checked again from a private copy whose checksum is the one recorded
    (`changed` is the sentence when it is not): a FileResult, or BadUpload."""
    source = upload_file(portal, upload)
    with tempfile.TemporaryDirectory(prefix="ziping-portal-") as scratch:
        copy = Path(scratch) / f"upload{Path(upload.path).suffix}"
        try:
            copy.write_bytes(source.read_bytes())
        except OSError:
            raise BadUpload("上传的工作簿已不在服务器上，请重新上传。") from None
        if sha256_of(copy) != upload.sha256:
            raise BadUpload(changed)
        result = check_file(copy, portal.profile)
    if result.error:
        raise BadUpload(f"工作簿无法读取：{result.error}")
    return result
